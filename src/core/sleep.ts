import { systemClock, type Clock } from './clock.js';
import { assertDelay } from './errors.js';

/** Options shared by every primitive that waits. */
export interface SleepOptions {
  /** Aborting it rejects the sleep with `signal.reason` and clears the timer. */
  signal?: AbortSignal;
  /** Where time comes from; the system clock unless a test injects a fake one. */
  clock?: Clock;
}

/**
 * Waits `ms` milliseconds: asyncio.sleep for promises.
 *
 * With a `signal`, it rejects with `signal.reason` as soon as the signal aborts (at once,
 * without creating a timer, when it already has), and it removes its timer and abort
 * listener on every path. 100 000 sleepers may share one signal at O(1) each, unlike
 * `timers/promises`, whose per-call `addEventListener` makes that quadratic. Sleeps
 * of the same `ms` started within the same millisecond on the same signal (or none) may
 * return the same promise: they settle together, the same way, in any case.
 *
 * @throws RangeError for NaN, negative or over-2³¹−1 ms delays (Node would fire those
 * after ~1 ms).
 * @example
 * await sleep(1000);                       // like asyncio.sleep(1)
 * await sleep(10_000, { signal });         // rejects with signal.reason on abort
 */
export function sleep(ms: number, options: SleepOptions = {}): Promise<void> {
  try {
    assertDelay(ms, 'sleep');
  } catch (err) {
    return Promise.reject(err);
  }
  return (options.clock ?? systemClock).sleep(ms, options.signal);
}
