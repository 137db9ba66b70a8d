import pLimit, { type LimitFunction } from 'p-limit';

/**
 * A concurrency limiter (p-limit's `LimitFunction`): call it with a function to run it
 * as soon as fewer than `concurrency` calls are active. It also has `activeCount`,
 * `pendingCount`, a settable `concurrency`, `clearQueue()` and `map(iterable, fn)`.
 */
export type Limiter = LimitFunction;

/** Options of {@link limit}. */
export interface LimitOptions {
  /**
   * Make `clearQueue()` reject the calls still waiting with an `AbortError`. Without it
   * they are dropped and their promises never settle, so anything awaiting them (a
   * `Promise.all`, a CLI's top-level await) hangs.
   */
  rejectOnClear?: boolean;
}

/**
 * Runs at most `concurrency` functions at once; the rest wait in FIFO order: asyncio's
 * `async with semaphore:` around each task, as p-limit 7.
 *
 * A call counts as active as soon as it is made, while its function still starts on a
 * later microtask, even when a slot is free. A function that throws synchronously gives
 * a rejected promise and frees its slot. `concurrency` may be changed while running.
 * Calling the same limiter from inside a limited function can deadlock: use another one.
 *
 * @throws TypeError unless `concurrency` is an integer ≥ 1 or `Infinity`.
 * @example
 * const limiter = limit(3);
 * const pages = await Promise.all(urls.map((url) => limiter(() => fetch(url))));
 * const sizes = await limiter.map(files, (file) => stat(file).then((s) => s.size));
 * const { activeCount, pendingCount } = limiter;
 */
export function limit(concurrency: number, options: LimitOptions = {}): Limiter {
  if (!((Number.isInteger(concurrency) || concurrency === Number.POSITIVE_INFINITY) && concurrency > 0)) {
    throw new TypeError(`limit: concurrency must be an integer ≥ 1 or Infinity, got ${String(concurrency)}`);
  }
  return pLimit({ concurrency, rejectOnClear: options.rejectOnClear ?? false });
}
