import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { asCompleted } from '../../src/core/as-completed.js';
import { sleep } from '../../src/core/sleep.js';
import { FakeClock, flush } from '../helpers/fake-clock.js';
import { sleepingChild } from '../helpers/children.js';
import { failOnUnhandledRejections } from '../helpers/unhandled.js';

let clock: FakeClock;
const unhandled = failOnUnhandledRejections();

beforeEach(() => {
  clock = new FakeClock();
});

async function after<T>(ms: number, value: T): Promise<T> {
  await sleep(ms, { clock });
  return value;
}

async function failAfter(ms: number, error: Error): Promise<never> {
  await sleep(ms, { clock });
  throw error;
}

/** Iterates to the end on the fake clock, recording `value@time`, and the error if one ends it. */
async function collect<T>(gen: AsyncGenerator<T>, stopAfter = Infinity): Promise<{ got: string[]; error?: unknown }> {
  const got: string[] = [];
  const loop = (async () => {
    for await (const value of gen) {
      got.push(`${String(value)}@${clock.now()}`);
      if (got.length >= stopAfter) break;
    }
  })();
  try {
    await clock.run(loop);
    return { got };
  } catch (error) {
    return { got, error };
  }
}

describe('asCompleted', () => {
  it('yields in completion order: delays 3, 1, 2 give 1, 2, 3', async () => {
    const { got } = await collect(asCompleted([after(3000, 'a'), after(1000, 'b'), after(2000, 'c')]));
    expect(got).toEqual(['b@1000', 'c@2000', 'a@3000']);
  });

  it('throws a rejection at its turn, after the results that came first', async () => {
    const boom = new Error('boom');
    const result = await collect(asCompleted([after(300, 'slow'), failAfter(200, boom), after(100, 'fast')]));
    expect(result).toEqual({ got: ['fast@100'], error: boom });
    await clock.runAll();
    await flush();
    expect(unhandled).toEqual([]);
  });

  it('calls thunks at once and in order, before the first next(), so they run concurrently', async () => {
    const called: string[] = [];
    const thunk = (name: string, ms: number) => () => {
      called.push(name);
      return after(ms, name);
    };
    const gen = asCompleted([thunk('x', 200), after(50, 'plain'), thunk('y', 100)]);
    expect(called).toEqual(['x', 'y']);
    expect((await collect(gen)).got).toEqual(['plain@50', 'y@100', 'x@200']);
  });

  it("counts a thunk's synchronous throw as that item's rejection, in its turn", async () => {
    const bad = new Error('sync');
    const gen = asCompleted<string>([
      () => after(10, 'a'),
      () => {
        throw bad;
      },
    ]);
    expect(await collect(gen)).toEqual({ got: [], error: bad });
  });

  it('on an early break leaves no unhandled rejection behind, and drops later arrivals', async () => {
    const { got } = await collect(asCompleted([after(10, 'first'), failAfter(20, new Error('late')), after(30, 'x')]), 1);
    expect(got).toEqual(['first@10']);
    await clock.runAll();
    await flush();
    expect(unhandled).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('ends at once for an empty input', async () => {
    expect(await collect(asCompleted([]))).toEqual({ got: [] });
  });

  it('throws from the first next() when the iterable throws, having handled what it started', async () => {
    const broken = new Error('iterator broke');
    function* items(): Generator<Promise<never>> {
      yield failAfter(10, new Error('started'));
      throw broken;
    }
    const gen = asCompleted(items());
    await expect(gen.next()).rejects.toBe(broken);
    await clock.runAll();
    await flush();
    expect(unhandled).toEqual([]);
  });

  it('yields the same promise once, as asyncio.as_completed takes a set; a function given twice runs twice', async () => {
    const same = after(100, 'x');
    expect((await collect(asCompleted([same, after(200, 'y'), same]))).got).toEqual(['x@100', 'y@200']);
    clock = new FakeClock();
    let calls = 0;
    const fn = (): Promise<number> => after(10, ++calls);
    expect((await collect(asCompleted([fn, fn]))).got).toEqual(['1@10', '2@10']);
  });

  describe('task functions', () => {
    const child = (name: string, ms: number, log: string[]): ((signal: AbortSignal) => Promise<string>) => sleepingChild(clock, name, ms, log);

    it('aborting the iteration aborts every task function still running; promises run on', async () => {
      const controller = new AbortController();
      const log: string[] = [];
      const gen = asCompleted([child('a', 50, log), child('b', 300, log), after(200, 'plain')], { signal: controller.signal });
      const reason = new Error('stop');
      const result = collect(
        (async function* () {
          for await (const v of gen) {
            yield v;
            await sleep(50, { clock });
            controller.abort(reason);
          }
        })(),
      );
      expect(await result).toEqual({ got: ['a@50'], error: reason });
      expect(log).toEqual(['a@50', 'b cancelled@100']);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      await clock.runAll();
      await flush();
      expect(unhandled).toEqual([]);
    });

    it('a failure aborts no other item, and leaving the loop early detaches them: a later abort reaches nobody', async () => {
      const controller = new AbortController();
      const log: string[] = [];
      const boom = new Error('boom');
      const gen = asCompleted([(signal) => child('a', 300, log)(signal), () => failAfter(100, boom)], { signal: controller.signal });
      expect(await collect(gen)).toEqual({ got: [], error: boom });
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      controller.abort(new Error('too late'));
      await clock.runAll();
      expect(log).toEqual(['a@300']);
    });

    it('holds its listener on the signal only until every item has settled, even if never iterated', async () => {
      const controller = new AbortController();
      const gen = asCompleted([() => after(10, 'a'), () => after(20, 'b')], { signal: controller.signal });
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      await clock.advance(20);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      expect((await collect(gen)).got).toEqual(['a@20', 'b@20']);
    });
  });

  describe('with a signal', () => {
    it('rejects a waiting next() at the abort, holding a listener only while it waits', async () => {
      const controller = new AbortController();
      const gen = asCompleted([after(100, 'a'), after(300, 'b')], { signal: controller.signal });
      const first = gen.next();
      await clock.advance(100);
      expect(await first).toEqual({ done: false, value: 'a' });
      // Suspended at the yield: nothing is waiting, so nothing listens.
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      const second = gen.next();
      await flush();
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      await clock.advance(50);
      const reason = new Error('stop');
      controller.abort(reason);
      await expect(second).rejects.toBe(reason);
      expect(clock.now()).toBe(150);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      expect(await gen.next()).toEqual({ done: true, value: undefined });
    });

    it('is level-triggered: an abort while the consumer was busy stops the next step, even with results ready', async () => {
      const controller = new AbortController();
      const gen = asCompleted([after(10, 'a'), after(10, 'b')], { signal: controller.signal });
      const reason = new Error('stop');
      const result = await collect(
        (async function* () {
          for await (const v of gen) {
            controller.abort(reason);
            yield v;
          }
        })(),
      );
      expect(result).toEqual({ got: ['a@10'], error: reason });
    });

    it('when already aborted, the first next() rejects with the reason, no thunk is called, promises are handled', async () => {
      const reason = new Error('already');
      const called: string[] = [];
      const gen = asCompleted(
        [
          failAfter(10, new Error('running')),
          () => {
            called.push('thunk');
            return after(10, 'x');
          },
        ],
        { signal: AbortSignal.abort(reason) },
      );
      await expect(gen.next()).rejects.toBe(reason);
      expect(called).toEqual([]);
      await clock.runAll();
      await flush();
      expect(unhandled).toEqual([]);
    });
  });

  it('property: yields every item exactly once, in completion order (input order among ties)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ ms: fc.integer({ min: 0, max: 40 }), fails: fc.boolean() }), { maxLength: 12 }),
        async (items) => {
          clock = new FakeClock();
          const settled = items.map((item, i) => ({ ...item, i })).sort((a, b) => a.ms - b.ms || a.i - b.i);
          const firstFailure = settled.findIndex((s) => s.fails);
          const expected = (firstFailure < 0 ? settled : settled.slice(0, firstFailure)).map((s) => `${s.i}@${s.ms}`);
          const errors = items.map((_, i) => new Error(`e${i}`));
          const result = await collect(
            asCompleted(items.map(({ ms, fails }, i) => (fails ? () => failAfter(ms, errors[i]!) : () => after(ms, i)))),
          );
          expect(result.got).toEqual(expected);
          if (firstFailure >= 0) expect(result.error).toBe(errors[settled[firstFailure]!.i]);
          else expect(result.error).toBeUndefined();
          await clock.runAll();
          await flush();
          expect(unhandled).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
