import { getEventListeners } from 'node:events';
import { beforeEach, describe, expect, it } from 'vitest';
import { gather } from '../../src/core/gather.js';
import { sleep } from '../../src/core/sleep.js';
import { FakeClock, flush } from '../helpers/fake-clock.js';
import { sleepingChild } from '../helpers/children.js';
import { failOnUnhandledRejections } from '../helpers/unhandled.js';

let clock: FakeClock;
const unhandled = failOnUnhandledRejections();

beforeEach(() => {
  clock = new FakeClock();
});

/** Resolves with `value` after `ms` on the fake clock, logging when it finishes. */
async function after<T>(ms: number, value: T, log?: string[]): Promise<T> {
  await sleep(ms, { clock });
  log?.push(`${String(value)}@${clock.now()}`);
  return value;
}

async function failAfter(ms: number, error: Error, log?: string[]): Promise<never> {
  await sleep(ms, { clock });
  log?.push(`${error.message}@${clock.now()}`);
  throw error;
}

/** Settles `promise` by driving the fake clock, and reports when and how. */
async function outcome<T>(promise: Promise<T>): Promise<{ at: number; value?: T; error?: unknown }> {
  const seen = promise.then(
    (value) => ({ at: clock.now(), value }),
    (error: unknown) => ({ at: clock.now(), error }),
  );
  return clock.run(seen);
}

describe('gather', () => {
  it('returns results in input order however they complete, after the slowest', async () => {
    const log: string[] = [];
    const result = await outcome(gather([after(300, 'a', log), after(100, 'b', log), after(200, 'c', log)]));
    expect(result).toEqual({ at: 300, value: ['a', 'b', 'c'] });
    expect(log).toEqual(['b@100', 'c@200', 'a@300']);
  });

  it('fails fast with the first error while the siblings keep running to the end', async () => {
    const log: string[] = [];
    const first = new Error('first');
    const second = new Error('second');
    const result = await outcome(
      gather([after(300, 'slow', log), failAfter(200, second, log), failAfter(100, first, log), after(50, 'fast', log)]),
    );
    expect(result.at).toBe(100);
    expect(result.error).toBe(first);
    expect(log).toEqual(['fast@50', 'first@100']);

    await clock.runAll();
    expect(log).toEqual(['fast@50', 'first@100', 'second@200', 'slow@300']);
    await flush();
    expect(unhandled).toEqual([]);
  });

  it('handles every input: a sibling rejecting after the gather failed is no unhandled rejection', async () => {
    const late = failAfter(500, new Error('late'));
    const gathered = gather([failAfter(10, new Error('early')), late]);
    await expect(clock.run(gathered)).rejects.toThrow('early');
    await clock.runAll();
    await flush();
    await flush();
    expect(unhandled).toEqual([]);
  });

  it('with settle: true never rejects and reports every outcome in input order', async () => {
    const boom = new Error('boom');
    const result = await outcome(gather([after(300, 1), failAfter(100, boom), after(200, 3)], { settle: true }));
    expect(result).toEqual({
      at: 300,
      value: [
        { status: 'fulfilled', value: 1 },
        { status: 'rejected', reason: boom },
        { status: 'fulfilled', value: 3 },
      ],
    });
  });

  it('resolves [] for an empty input, in both modes', async () => {
    await expect(gather([])).resolves.toEqual([]);
    await expect(gather([], { settle: true })).resolves.toEqual([]);
  });

  it('accepts any iterable, such as a generator', async () => {
    function* items(): Generator<Promise<number>> {
      yield after(20, 1);
      yield after(10, 2);
    }
    expect(await outcome(gather(items()))).toEqual({ at: 20, value: [1, 2] });
  });

  it('calls thunks synchronously and in order, so they run concurrently', async () => {
    const called: string[] = [];
    const thunk = (name: string, ms: number) => () => {
      called.push(name);
      return after(ms, name);
    };
    const gathered = gather([thunk('a', 200), after(50, 'plain'), thunk('b', 100)]);
    expect(called).toEqual(['a', 'b']);
    expect(await outcome(gathered)).toEqual({ at: 200, value: ['a', 'plain', 'b'] });
  });

  it("counts a thunk's synchronous throw as that item's rejection and still calls the rest", async () => {
    const bad = new Error('sync');
    const called: string[] = [];
    const items = () => [
      () => after(100, 'a'),
      () => {
        throw bad;
      },
      () => {
        called.push('c');
        return after(50, 'c');
      },
    ];
    const failed = gather(items());
    expect(called).toEqual(['c']);
    expect(await outcome(failed)).toEqual({ at: 0, error: bad });

    const settled = await outcome(gather(items(), { settle: true }));
    expect(settled.value).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'rejected', reason: bad },
      { status: 'fulfilled', value: 'c' },
    ]);
    await flush();
    expect(unhandled).toEqual([]);
  });

  it('rejects when the iterable itself throws, and still handles what it had started', async () => {
    const broken = new Error('iterator broke');
    function* items(): Generator<() => Promise<never>> {
      yield () => failAfter(10, new Error('started'));
      throw broken;
    }
    await expect(gather(items())).rejects.toBe(broken);
    await clock.runAll();
    await flush();
    expect(unhandled).toEqual([]);
  });

  describe('task functions: cancelling the gather cancels its children, as in asyncio', () => {
    const child = (name: string, ms: number, log: string[]): ((signal: AbortSignal) => Promise<string>) => sleepingChild(clock, name, ms, log);

    it('aborting the gather aborts every task function and rejects with the reason at once; plain promises run on [asyncio gather: "if the outer Future is cancelled, all children that have not completed yet are also cancelled"]', async () => {
      const controller = new AbortController();
      const log: string[] = [];
      const gathered = gather([child('a', 100, log), child('b', 300, log), after(200, 'plain', log)], { signal: controller.signal });
      const seen = gathered.then(
        () => 'resolved',
        (err: unknown) => ({ at: clock.now(), err }),
      );
      await clock.advance(150);
      const reason = new Error('stop');
      controller.abort(reason);
      expect(await seen).toEqual({ at: 150, err: reason });
      expect(log).toEqual(['a@100', 'b cancelled@150']);
      await clock.runAll();
      expect(log).toEqual(['a@100', 'b cancelled@150', 'plain@200']); // a promise cannot be cancelled
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      await flush();
      expect(unhandled).toEqual([]);
    });

    it('in settle mode too, the abort reaches every task function', async () => {
      const controller = new AbortController();
      const log: string[] = [];
      const gathered = gather([child('a', 100, log), child('b', 300, log)], { signal: controller.signal, settle: true });
      const seen = gathered.then(
        () => 'resolved',
        (err: unknown) => err,
      );
      await clock.advance(50);
      const reason = new Error('stop');
      controller.abort(reason);
      expect(await seen).toBe(reason);
      expect(log).toEqual(['a cancelled@50', 'b cancelled@50']);
    });

    it("a child's failure aborts no sibling (fail-fast), and an abort after the gather rejected reaches nobody [asyncio: cancelling gather after it raised cancels nothing]", async () => {
      const controller = new AbortController();
      const log: string[] = [];
      const boom = new Error('boom');
      let siblingSignal: AbortSignal | undefined;
      const gathered = gather(
        [
          async () => failAfter(100, boom, log),
          (signal) => {
            siblingSignal = signal;
            return child('b', 300, log)(signal);
          },
        ],
        { signal: controller.signal },
      );
      expect(await outcome(gathered)).toEqual({ at: 100, error: boom });
      expect(siblingSignal?.aborted).toBe(false);
      controller.abort(new Error('too late'));
      await clock.runAll();
      expect(log).toEqual(['boom@100', 'b@300']);
      expect(siblingSignal?.aborted).toBe(false);
    });

    it('once every child has settled, a late abort no longer rejects the gather [asyncio: a finished gather cannot be cancelled]', async () => {
      const controller = new AbortController();
      let finish!: (value: string) => void;
      const last = new Promise<string>((resolve) => (finish = resolve));
      const gathered = gather([() => after(10, 'a'), () => last], { signal: controller.signal });
      await clock.advance(10);
      finish('b');
      await Promise.resolve(); // the gather has seen 'b' settle; its caller has not resumed yet
      controller.abort(new Error('late'));
      await expect(gathered).resolves.toEqual(['a', 'b']);
    });

    it('each task function gets the same live signal, called in order; the same function twice runs twice', async () => {
      const signals: AbortSignal[] = [];
      const fn = (signal: AbortSignal): Promise<number> => {
        signals.push(signal);
        return Promise.resolve(signals.length);
      };
      expect(await gather([fn, fn])).toEqual([1, 2]);
      expect(signals[0]).toBe(signals[1]);
      expect(signals[0]!.aborted).toBe(false);
      const p = Promise.resolve('same');
      expect(await gather([p, p])).toEqual(['same', 'same']); // a result per argument, as asyncio.gather
    });
  });

  describe('with a signal', () => {
    it('rejects with the reason at the abort, leaves the work running and no listener behind', async () => {
      const controller = new AbortController();
      const log: string[] = [];
      const gathered = gather([after(100, 'a', log), failAfter(300, new Error('later'), log)], {
        signal: controller.signal,
      });
      const seen = outcome(gathered);
      await clock.advance(150);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      const reason = new Error('stop');
      controller.abort(reason);
      expect(await seen).toEqual({ at: 150, error: reason });
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      await clock.runAll();
      expect(log).toEqual(['a@100', 'later@300']);
      await flush();
      expect(unhandled).toEqual([]);
    });

    it('when already aborted, rejects at once, calls no thunk, and handles the promises given', async () => {
      const reason = new Error('already');
      const called: string[] = [];
      const gathered = gather(
        [
          failAfter(10, new Error('running')),
          () => {
            called.push('thunk');
            return after(10, 'x');
          },
        ],
        { signal: AbortSignal.abort(reason) },
      );
      await expect(gathered).rejects.toBe(reason);
      expect(called).toEqual([]);
      await clock.runAll();
      await flush();
      expect(unhandled).toEqual([]);
    });

    it('removes its listener when the gather settles first', async () => {
      const controller = new AbortController();
      const ok = gather([after(10, 1)], { signal: controller.signal });
      expect(await outcome(ok)).toEqual({ at: 10, value: [1] });
      const bad = gather([failAfter(10, new Error('x'))], { signal: controller.signal, settle: false });
      await expect(clock.run(bad)).rejects.toThrow('x');
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    });
  });
});
