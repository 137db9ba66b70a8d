import { systemClock, type Clock } from './clock.js';
import { assertDelay } from './errors.js';

/** Options of {@link countdown}. */
export interface CountdownOptions {
  /** Milliseconds to sleep after each number (default 500, the seed's 0.5 s). */
  interval?: number;
  /** Aborting it rejects the pending `next()` with `signal.reason`; `finally` blocks run. */
  signal?: AbortSignal;
  /** Where time comes from; the system clock unless a test injects a fake one. */
  clock?: Clock;
}

/**
 * The seed's `async_countdown`: yields `n`, sleeps `interval`, yields `n − 1`, … down to
 * 1. Like the Python (`while n > 0: yield n; await asyncio.sleep(0.5); n -= 1`) it also
 * sleeps after yielding 1, so `countdown(5)` takes 2.5 s, and since the sleep starts when
 * the consumer asks for the next number, a slow consumer stretches it.
 *
 * Bad arguments and an already-aborted signal reject the first `next()`, as an async
 * generator's errors do.
 *
 * @throws RangeError (from the first `next()`) unless `n` is a safe integer ≥ 0 and
 * `interval` a valid delay.
 * @example
 * for await (const num of countdown(5)) seen.push(num); // 5 4 3 2 1, 0.5 s apart
 * for await (const num of countdown(3, { interval: 100, signal })) seen.push(num);
 */
export async function* countdown(n: number, options: CountdownOptions = {}): AsyncGenerator<number> {
  const { interval = 500, signal, clock = systemClock } = options;
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`countdown: n must be an integer ≥ 0, got ${String(n)}`);
  assertDelay(interval, 'countdown');
  signal?.throwIfAborted();
  while (n > 0) {
    yield n;
    await clock.sleep(interval, signal);
    n--;
  }
}

type Arrival<T> = { index: number; result: IteratorResult<T> } | { index: number; error: unknown };

/**
 * Yields the values of every source as they arrive, whichever source they come from.
 *
 * - Backpressure: each source has at most one `next()` in flight, and a source is asked
 *   for its next value only once the consumer has taken its previous one.
 * - A source that throws ends the merge with that error, after closing the others.
 * - A consumer `break` (or `return()`) closes every source, so their `finally` blocks
 *   have run when the loop exits. A source busy in an `await` finishes that await first
 *   (JavaScript cannot interrupt an async generator); give the sources a signal and abort
 *   it to make them stop promptly.
 * - A source whose `return()` fails during that cleanup rejects the merge with that
 *   error, unless the merge is already failing with a source's error.
 *
 * @example
 * for await (const n of merge(countdown(3, { interval: 300 }), countdown(2, { interval: 500 }))) {
 *   seen.push(n); // 3 2 2 1 1 (at 0, 0, 300, 500, 600 ms)
 * }
 */
export async function* merge<T>(...sources: AsyncIterable<T>[]): AsyncGenerator<T> {
  const iterators: AsyncIterator<T>[] = [];
  // Sources that may still need closing: everything opened and not yet finished.
  const open = new Set<number>();
  const arrivals: Arrival<T>[] = [];
  let wake: (() => void) | undefined;
  let failed = false;

  const pull = (index: number): void => {
    let next: Promise<IteratorResult<T>>;
    try {
      next = iterators[index]!.next();
    } catch (error) {
      next = Promise.reject(error);
    }
    void Promise.resolve(next).then(
      (result) => arrive({ index, result }),
      (error: unknown) => arrive({ index, error }),
    );
  };
  // One wake-up per arrival instead of Promise.race over the pending pulls: a race adds
  // a reaction to every still-pending promise on each call, which a slow source would
  // accumulate for as long as it stays pending.
  const arrive = (arrival: Arrival<T>): void => {
    arrivals.push(arrival);
    wake?.();
  };

  try {
    for (const source of sources) {
      iterators.push(source[Symbol.asyncIterator]());
      open.add(iterators.length - 1);
    }
    for (const index of open) pull(index);
    while (open.size > 0) {
      if (arrivals.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const arrival = arrivals.shift()!;
      if ('error' in arrival) {
        open.delete(arrival.index);
        throw arrival.error;
      }
      if (arrival.result.done === true) {
        open.delete(arrival.index);
        continue;
      }
      yield arrival.result.value;
      pull(arrival.index);
    }
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    const closing = [...open].map((index) => Promise.resolve().then(() => iterators[index]!.return?.()));
    open.clear();
    const outcomes = await Promise.allSettled(closing);
    const refused = outcomes.find((o) => o.status === 'rejected');
    // eslint-disable-next-line no-unsafe-finally -- a failed close must not pass silently
    if (!failed && refused !== undefined) throw refused.reason;
  }
}
