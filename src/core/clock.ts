import { onAbort } from './abort.js';

/**
 * Where time comes from. Everything in the library that waits or measures goes through
 * a Clock, so tests inject a fake one and run deterministically and instantly; this
 * file is the only one that touches real timers.
 *
 * @example
 * const t0 = clock.now();
 * await clock.sleep(100, signal);
 * console.log(clock.now() - t0); // ~100
 */
export interface Clock {
  /** Milliseconds on a monotonic scale (only differences are meaningful). */
  now(): number;
  /**
   * Resolves after `ms` milliseconds; rejects with `signal.reason` as soon as `signal`
   * aborts (at once if it already has), leaving no timer and no listener behind.
   * `ms` is trusted here: {@link sleep} validates it.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock: `performance.now()` and `setTimeout`.
 *
 * @example
 * await systemClock.sleep(250);
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep(ms, signal) {
    if (signal === undefined) return new Promise((resolve) => setTimeout(resolve, ms));
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        resolve();
      }, ms);
      const off = onAbort(signal, () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
  },
};
