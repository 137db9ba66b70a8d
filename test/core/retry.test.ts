import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { AbortError } from '../../src/core/errors.js';
import { backoff, retry, type RetryContext, type RetryOptions } from '../../src/core/retry.js';
import { sleep } from '../../src/core/sleep.js';
import { FakeClock, flush } from '../helpers/fake-clock.js';
import { failOnUnhandledRejections } from '../helpers/unhandled.js';

let clock: FakeClock;
const unhandled = failOnUnhandledRejections();

beforeEach(() => {
  clock = new FakeClock();
});

/** An operation that takes `ms` and fails its first `failures` attempts, logging `attempt@start`. */
function flaky(failures: number, ms = 0, log: string[] = []) {
  return async (attempt: number, signal: AbortSignal): Promise<string> => {
    log.push(`${attempt}@${clock.now()}`);
    await sleep(ms, { signal, clock });
    if (attempt <= failures) throw new Error(`fail ${attempt}`);
    return `ok on ${attempt}`;
  };
}

const exact: RetryOptions = { minDelay: 100, factor: 2, jitter: 'none' };

function watch<T>(promise: Promise<T>): Promise<{ at: number; value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ at: clock.now(), value }),
    (error: unknown) => ({ at: clock.now(), error }),
  );
}

describe('retry', () => {
  it('retries with exponential backoff until an attempt succeeds', async () => {
    const log: string[] = [];
    const result = await clock.run(watch(retry(flaky(3, 10, log), { ...exact, clock })));
    // attempts take 10 ms; waits of 100, 200, 400 ms in between
    expect(log).toEqual(['1@0', '2@110', '3@320', '4@730']);
    expect(result).toEqual({ at: 740, value: 'ok on 4' });
    expect(clock.pendingTimers).toBe(0);
  });

  it('gives up after retries + 1 attempts with the last error, telling onFailedAttempt each time', async () => {
    const seen: Omit<RetryContext, 'error'>[] = [];
    const result = await clock.run(
      watch(
        retry(flaky(10), {
          ...exact,
          retries: 2,
          clock,
          onFailedAttempt: ({ error, ...rest }) => void seen.push({ ...rest, message: (error as Error).message } as never),
        }),
      ),
    );
    expect(result).toMatchObject({ at: 300, error: new Error('fail 3') });
    expect(seen).toEqual([
      { attempt: 1, retriesLeft: 2, elapsedMs: 0, message: 'fail 1' },
      { attempt: 2, retriesLeft: 1, elapsedMs: 100, message: 'fail 2' },
      { attempt: 3, retriesLeft: 0, elapsedMs: 300, message: 'fail 3' },
    ]);
  });

  it('retries: 0 makes one attempt only', async () => {
    const log: string[] = [];
    await expect(clock.run(retry(flaky(1, 0, log), { ...exact, retries: 0, clock }))).rejects.toThrow('fail 1');
    expect(log).toEqual(['1@0']);
  });

  it('stops at once when an attempt throws an AbortError, with that error and no callback', async () => {
    const stop = new AbortError('404: no point retrying');
    let calls = 0;
    let failed = 0;
    const result = await clock.run(
      watch(
        retry(
          () => {
            calls++;
            return Promise.reject(stop);
          },
          { ...exact, clock, onFailedAttempt: () => void failed++ },
        ),
      ),
    );
    expect(result).toEqual({ at: 0, error: stop });
    expect([calls, failed]).toEqual([1, 0]);
    // fetch's DOMException counts too
    const dom = new DOMException('aborted', 'AbortError');
    await expect(retry(() => Promise.reject(dom), { ...exact, clock })).rejects.toBe(dom);
  });

  it('stops when shouldRetry says no, and when a callback throws, with what it threw', async () => {
    const log: string[] = [];
    const no = retry(flaky(5, 0, log), { ...exact, clock, shouldRetry: ({ attempt }) => Promise.resolve(attempt < 2) });
    await expect(clock.run(no)).rejects.toThrow('fail 2');
    expect(log).toEqual(['1@0', '2@100']);
    const bad = new Error('logger down');
    const throwing = retry(flaky(5), {
      ...exact,
      clock,
      onFailedAttempt: () => {
        throw bad;
      },
    });
    await expect(clock.run(throwing)).rejects.toBe(bad);
  });

  it('keeps within maxTime: a retry whose backoff would end past it is not made', async () => {
    const log: string[] = [];
    // attempts at 0, 100, 300; the next would start at 700 > 500
    const result = await clock.run(watch(retry(flaky(10, 0, log), { ...exact, maxTime: 500, clock })));
    expect(log).toEqual(['1@0', '2@100', '3@300']);
    expect(result).toMatchObject({ at: 300, error: new Error('fail 3') });
    expect(clock.pendingTimers).toBe(0);
  });

  it('caps each delay at maxDelay', async () => {
    const log: string[] = [];
    await clock.run(retry(flaky(4, 0, log), { ...exact, maxDelay: 250, clock }));
    expect(log).toEqual(['1@0', '2@100', '3@300', '4@550', '5@800']);
  });

  describe('with a signal', () => {
    it('rejects at once when already aborted, without calling fn', async () => {
      const reason = new Error('already');
      let calls = 0;
      await expect(retry(() => Promise.resolve(void calls++), { signal: AbortSignal.abort(reason), clock })).rejects.toBe(reason);
      expect(calls).toBe(0);
    });

    it('an abort during a backoff rejects with the reason then, leaving no timer and no listener', async () => {
      const controller = new AbortController();
      const seen = watch(retry(flaky(5), { ...exact, clock, signal: controller.signal }));
      await clock.advance(150); // attempt 2 failed at 100; waiting 200 ms
      expect(clock.pendingTimers).toBe(1);
      const reason = new Error('Ctrl-C');
      controller.abort(reason);
      await flush();
      expect(await seen).toEqual({ at: 150, error: reason });
      expect(clock.pendingTimers).toBe(0);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    });

    it('an abort during an attempt rejects at once; the attempt sees the signal and is not retried', async () => {
      const controller = new AbortController();
      const log: string[] = [];
      const stubborn = async (attempt: number, signal: AbortSignal): Promise<string> => {
        log.push(`${attempt}@${clock.now()}`);
        await sleep(100, { clock }); // ignores the signal
        log.push(`saw aborted=${String(signal.aborted)}`);
        throw new Error('late failure');
      };
      const seen = watch(retry(stubborn, { ...exact, clock, signal: controller.signal }));
      await clock.advance(40);
      const reason = new Error('stop');
      controller.abort(reason);
      await flush();
      expect(await seen).toEqual({ at: 40, error: reason });
      await clock.runAll();
      await flush();
      expect(log).toEqual(['1@0', 'saw aborted=true']);
      expect(unhandled).toEqual([]);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    });

    it('leaves no listener after success or after running out', async () => {
      const controller = new AbortController();
      const signal = controller.signal;
      await clock.run(retry(flaky(2, 5), { ...exact, clock, signal }));
      await expect(clock.run(retry(flaky(9), { ...exact, retries: 1, clock, signal }))).rejects.toThrow('fail 2');
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
      expect(clock.pendingTimers).toBe(0);
    });
  });

  it('refuses bad options as a rejection', async () => {
    const ok = () => Promise.resolve(1);
    for (const bad of [{ retries: -1 }, { retries: 1.5 }, { factor: 0 }, { minDelay: -5 }, { maxDelay: Number.NaN }, { maxTime: -1 }]) {
      await expect(retry(ok, bad)).rejects.toBeInstanceOf(RangeError);
    }
  });
});

describe('backoff', () => {
  it('is minDelay · factor^(k−1), capped', () => {
    const delay = backoff({ minDelay: 100, factor: 3, maxDelay: 1000, jitter: 'none' });
    expect([1, 2, 3, 4].map(delay)).toEqual([100, 300, 900, 1000]);
  });

  it('draws full jitter from the injected source', () => {
    const draws = [0, 0.5, 0.999];
    const delay = backoff({ minDelay: 100, factor: 2, jitter: () => draws.shift()! });
    expect([1, 2, 3].map(delay)).toEqual([0, 100, 399]);
  });

  it('property: a jittered delay lies in [0, the capped exponential delay)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (k, minDelay, factor, maxDelay, r) => {
          const base = Math.min(maxDelay, minDelay * factor ** (k - 1));
          const d = backoff({ minDelay, factor, maxDelay, jitter: () => r })(k);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThan(base);
        },
      ),
    );
  });
});
