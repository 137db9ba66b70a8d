import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { AbortError } from '../../src/core/errors.js';
import { race, type Contestant } from '../../src/core/race.js';
import { sleep } from '../../src/core/sleep.js';
import { FakeClock, flush } from '../helpers/fake-clock.js';
import { failOnUnhandledRejections } from '../helpers/unhandled.js';

let clock: FakeClock;
const unhandled = failOnUnhandledRejections();

beforeEach(() => {
  clock = new FakeClock();
});

interface Seen {
  name: string;
  at: number;
  how: 'done' | 'aborted' | 'failed';
  reason?: unknown;
}

/** A contestant that sleeps `ms` on the fake clock, honouring its signal, and logs how it ended. */
function runner<T>(name: string, ms: number, value: T, log: Seen[]): Contestant<T> {
  return async (signal) => {
    try {
      await sleep(ms, { signal, clock });
    } catch (err) {
      log.push({ name, at: clock.now(), how: 'aborted', reason: err });
      throw err;
    }
    log.push({ name, at: clock.now(), how: 'done' });
    return value;
  };
}

function failing(name: string, ms: number, error: Error, log: Seen[]): Contestant<never> {
  return async (signal) => {
    await sleep(ms, { signal, clock });
    log.push({ name, at: clock.now(), how: 'failed' });
    throw error;
  };
}

/** When and how `promise` settles, without driving the clock (the test moves time itself). */
function watch<T>(promise: Promise<T>): Promise<{ at: number; value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ at: clock.now(), value }),
    (error: unknown) => ({ at: clock.now(), error }),
  );
}

/** Settles `promise` by driving the fake clock from timer to timer, and reports when and how. */
function outcome<T>(promise: Promise<T>): Promise<{ at: number; value?: T; error?: unknown }> {
  return clock.run(watch(promise));
}

describe('race', () => {
  it('settles with the first fulfilment and aborts the losers at that moment', async () => {
    const log: Seen[] = [];
    const result = await outcome(race([runner('a', 300, 'A', log), runner('b', 100, 'B', log), runner('c', 200, 'C', log)]));
    expect(result).toEqual({ at: 100, value: 'B' });
    expect(log.map((s) => [s.name, s.at, s.how])).toEqual([
      ['b', 100, 'done'],
      ['a', 100, 'aborted'],
      ['c', 100, 'aborted'],
    ]);
    const reason = log[1]!.reason;
    expect(reason).toBeInstanceOf(AbortError);
    expect((reason as Error).message).toBe('race lost: contestant #1 finished first');
    expect(log[2]!.reason).toBe(reason);
    expect(clock.pendingTimers).toBe(0);
  });

  it('settles with the first rejection too, as Promise.race does, the error as the losers’ cause', async () => {
    const log: Seen[] = [];
    const boom = new Error('boom');
    const result = await outcome(race([runner('slow', 300, 'S', log), failing('bad', 50, boom, log)]));
    expect(result).toEqual({ at: 50, error: boom });
    const lost = log.find((s) => s.name === 'slow')!;
    expect(lost).toMatchObject({ at: 50, how: 'aborted' });
    expect(lost.reason).toMatchObject({ name: 'AbortError', message: 'race lost: contestant #1 failed first: Error: boom', cause: boom });
  });

  it('names a named contestant in the reason the losers get', async () => {
    const log: Seen[] = [];
    const mirrorB: Contestant<string> = runner('b', 10, 'B', log);
    Object.defineProperty(mirrorB, 'name', { value: 'mirrorB' });
    await outcome(race([runner('a', 20, 'A', log), mirrorB]));
    expect((log[1]!.reason as Error).message).toBe('race lost: contestant #1 (mirrorB) finished first');
  });

  it('waits for every loser to finish its cleanup before it settles', async () => {
    const log: string[] = [];
    const stubborn: Contestant<string> = async (signal) => {
      try {
        await sleep(1000, { signal, clock });
        return 'never';
      } finally {
        await sleep(40, { clock }); // slow cleanup, deliberately not cancellable
        log.push(`cleaned@${clock.now()}`);
      }
    };
    const result = await outcome(race([stubborn, async () => (await sleep(100, { clock }), 'fast')]));
    expect(result).toEqual({ at: 140, value: 'fast' });
    expect(log).toEqual(['cleaned@140']);
  });

  it("never aborts the winner's own signal, so what it returned stays usable", async () => {
    const signals: AbortSignal[] = [];
    const spy =
      (ms: number): Contestant<number> =>
      async (signal) => {
        signals.push(signal);
        await sleep(ms, { signal, clock });
        return ms;
      };
    expect(await outcome(race([spy(10), spy(20)]))).toEqual({ at: 10, value: 10 });
    expect(signals.map((s) => s.aborted)).toEqual([false, true]);
  });

  it('ignores what losers do after the decision, even fail, and leaves nothing unhandled', async () => {
    const rude: Contestant<string> = async (signal) => {
      await sleep(100, { signal, clock }).catch(() => {});
      throw new Error('failed while unwinding');
    };
    const sneaky: Contestant<string> = async () => (await sleep(30, { clock }), 'late value');
    expect(await outcome(race([rude, sneaky, async () => (await sleep(10, { clock }), 'win')]))).toEqual({ at: 30, value: 'win' });
    await flush();
    expect(unhandled).toEqual([]);
  });

  it('counts a synchronous throw as a rejection that wins, and still settles the others', async () => {
    const bad = new Error('sync');
    const log: Seen[] = [];
    const result = await outcome(
      race<string>([
        runner('a', 100, 'A', log),
        () => {
          throw bad;
        },
      ]),
    );
    expect(result).toEqual({ at: 0, error: bad });
    expect(log.map((s) => [s.name, s.at, s.how])).toEqual([['a', 0, 'aborted']]);
  });

  it('rejects an empty race with a RangeError instead of never settling', async () => {
    await expect(race([])).rejects.toThrow(new RangeError('race: no contestants (an empty race never settles)'));
  });

  it('rejects when the iterable throws', async () => {
    const broken = new Error('iterator broke');
    const fns: Iterable<Contestant<number>> = {
      [Symbol.iterator]: () => {
        throw broken;
      },
    };
    await expect(race(fns)).rejects.toBe(broken);
  });

  describe('with a signal', () => {
    it('when already aborted, rejects with its reason and calls nothing', async () => {
      const reason = new Error('already');
      let called = 0;
      const raced = race(
        [
          () => {
            called++;
            return Promise.resolve(1);
          },
        ],
        { signal: AbortSignal.abort(reason) },
      );
      await expect(raced).rejects.toBe(reason);
      expect(called).toBe(0);
    });

    it('aborts every runner with the parent’s reason and rejects with it once they stopped', async () => {
      const controller = new AbortController();
      const log: Seen[] = [];
      const seen = watch(race([runner('a', 100, 'A', log), runner('b', 200, 'B', log)], { signal: controller.signal }));
      await clock.advance(30);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      const reason = new Error('Ctrl-C');
      controller.abort(reason);
      await flush();
      expect(await seen).toEqual({ at: 30, error: reason });
      expect(log.map((s) => [s.name, s.how, s.reason])).toEqual([
        ['a', 'aborted', reason],
        ['b', 'aborted', reason],
      ]);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      expect(clock.pendingTimers).toBe(0);
    });

    it('rejects with the parent’s reason if it aborts while the losers are still unwinding', async () => {
      const controller = new AbortController();
      const slowLoser: Contestant<string> = async (signal) => {
        await sleep(500, { signal, clock }).catch(() => sleep(100, { clock }));
        return 'loser';
      };
      const seen = watch(race([slowLoser, async () => (await sleep(10, { clock }), 'win')], { signal: controller.signal }));
      await clock.advance(50);
      const reason = new Error('stop');
      controller.abort(reason);
      await clock.runAll();
      expect(await seen).toEqual({ at: 110, error: reason });
    });

    it('removes its listener on success and on failure, leaving no timer', async () => {
      const controller = new AbortController();
      const log: Seen[] = [];
      await outcome(race([runner('a', 10, 1, log), runner('b', 20, 2, log)], { signal: controller.signal }));
      await outcome(race([failing('x', 10, new Error('x'), log), runner('y', 20, 2, log)], { signal: controller.signal }));
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      expect(clock.pendingTimers).toBe(0);
    });
  });

  it('property: the fastest wins (the earliest on a tie), at its time, and every other runner is aborted then', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 8 }), async (delays) => {
        clock = new FakeClock();
        const log: Seen[] = [];
        const parent = new AbortController();
        const result = await outcome(
          race(
            delays.map((ms, i) => runner(`r${i}`, ms, i, log)),
            { signal: parent.signal },
          ),
        );
        const fastest = Math.min(...delays);
        expect(result).toEqual({ at: fastest, value: delays.indexOf(fastest) });
        expect(log).toHaveLength(delays.length);
        for (const s of log) {
          expect(s.at).toBe(fastest);
          // A tie finishes in the same instant as the winner: too late to be aborted.
          expect(s.how).toBe(delays[Number(s.name.slice(1))] === fastest ? 'done' : 'aborted');
        }
        expect(clock.pendingTimers).toBe(0);
        expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
      }),
      { numRuns: 100 },
    );
  });
});
