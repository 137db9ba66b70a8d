import { onAbort } from './abort.js';
import { systemClock, type Clock } from './clock.js';
import { isAbortError, MAX_DELAY_MS } from './errors.js';

/**
 * How a backoff delay is randomised: `full` draws it uniformly from [0, delay) (AWS's
 * "full jitter", which spreads out clients that failed together), `none` keeps it
 * exact, and a function is full jitter drawing from that source of [0, 1) numbers
 * (a seeded generator, for reproducible runs and tests).
 *
 * @example
 * const jitter: Jitter = seeded(42); // () => number in [0, 1)
 */
export type Jitter = 'full' | 'none' | (() => number);

/** What `onFailedAttempt` and `shouldRetry` are told about a failed attempt. */
export interface RetryContext {
  /** What the attempt threw. */
  error: unknown;
  /** The attempt that failed, from 1. */
  attempt: number;
  /** Retries still allowed by `retries` (0 on the last attempt). */
  retriesLeft: number;
  /** Milliseconds since `retry` was called. */
  elapsedMs: number;
}

/** The backoff schedule: the delay before retry k is `minDelay · factor^(k−1)`, capped, jittered. */
export interface BackoffOptions {
  /** The growth per retry (default 2). */
  factor?: number;
  /** The delay before the first retry, in ms (default 1000, as p-retry's `minTimeout`). */
  minDelay?: number;
  /** The cap on any one delay, in ms (default: none, i.e. 2³¹−1). */
  maxDelay?: number;
  /** Default `full`; see {@link Jitter}. */
  jitter?: Jitter;
}

/** Options of {@link retry}. */
export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt (default 10, as p-retry): at most `retries + 1` attempts. */
  retries?: number;
  /**
   * A budget in ms for the whole retry, counted from the call: a retry whose backoff
   * would end past it is not made, and the last error is thrown. An attempt already
   * running is not cut short (wrap the attempt in `timeout` for that). Default: none.
   */
  maxTime?: number;
  /** Aborting it stops at once, during an attempt or a backoff: rejects with its reason. */
  signal?: AbortSignal;
  /** Where time comes from; the system clock unless a test injects a fake one. */
  clock?: Clock;
  /** Called after every failed attempt (even the last); throwing from it stops with that error. */
  onFailedAttempt?: (context: RetryContext) => void | Promise<void>;
  /** Decides whether to retry this failure (default: always); throwing stops with that error. */
  shouldRetry?: (context: RetryContext) => boolean | Promise<boolean>;
}

/**
 * Calls `fn` until it succeeds, waiting longer after each failure (exponential backoff
 * with jitter), like p-retry: at most `retries + 1` attempts, within `maxTime`.
 *
 * - It rejects with the last attempt's error once the attempts or the time budget run
 *   out, or `shouldRetry` says no.
 * - An attempt that throws an `AbortError` (ours or the DOMException fetch throws) stops
 *   the retrying at once: that error is the rejection, as p-retry's `AbortError`.
 * - `signal` is handed to every attempt; when it aborts, `retry` rejects at once with its
 *   reason, whether an attempt or a backoff was under way (the attempt's own outcome is
 *   then observed and ignored); the backoff timer and the listener are gone.
 *
 * @throws RangeError (as a rejection) for a bad option: negative or fractional
 * `retries`, a non-positive `factor`, delays outside 0 … 2³¹−1 ms, a negative `maxTime`.
 * @example
 * const body = await retry(async (attempt, signal) => {
 *   const res = await fetch(url, { signal });
 *   if (res.status === 404) throw new AbortError('not found'); // no point retrying
 *   if (!res.ok) throw new Error(`HTTP ${res.status} on attempt ${attempt}`);
 *   return res.text();
 * }, { retries: 5, minDelay: 200, maxDelay: 5000, maxTime: 30_000, signal });
 */
export async function retry<T>(
  fn: (attempt: number, signal: AbortSignal) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const { retries = 10, maxTime = Number.POSITIVE_INFINITY, signal, clock = systemClock } = options;
  const schedule = backoff(options);
  if (!(Number.isInteger(retries) && retries >= 0) && retries !== Number.POSITIVE_INFINITY) {
    throw new RangeError(`retry: retries must be an integer ≥ 0 or Infinity, got ${String(retries)}`);
  }
  if (!(maxTime >= 0)) throw new RangeError(`retry: maxTime must be ≥ 0 ms, got ${String(maxTime)}`);
  signal?.throwIfAborted();

  const attemptSignal = signal ?? new AbortController().signal;
  const t0 = clock.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await untilAborted(call(fn, attempt, attemptSignal), signal);
    } catch (error) {
      if (signal?.aborted === true) throw signal.reason;
      if (isAbortError(error)) throw error;
      const context: RetryContext = { error, attempt, retriesLeft: retries - (attempt - 1), elapsedMs: clock.now() - t0 };
      await options.onFailedAttempt?.(context);
      signal?.throwIfAborted();
      if (context.retriesLeft <= 0) throw error;
      if (options.shouldRetry !== undefined && !(await options.shouldRetry(context))) throw error;
      signal?.throwIfAborted();
      const delay = schedule(attempt);
      if (clock.now() - t0 + delay > maxTime) throw error;
      await clock.sleep(delay, signal);
    }
  }
}

/**
 * The backoff schedule {@link retry} uses, as a function: `delay(k)` is the wait before
 * retry `k` (from 1), i.e. `min(maxDelay, minDelay · factor^(k−1))`, jittered. Exposed
 * so that a demo can plan the ideal time of a retry loop, and tests can check bounds.
 *
 * @throws RangeError for a non-positive `factor` or delays outside 0 … 2³¹−1 ms.
 * @example
 * const delay = backoff({ minDelay: 100, factor: 2, jitter: 'none' });
 * [1, 2, 3].map(delay); // [100, 200, 400]
 */
export function backoff(options: BackoffOptions = {}): (retry: number) => number {
  const { factor = 2, minDelay = 1000, maxDelay = MAX_DELAY_MS, jitter = 'full' } = options;
  if (!(factor > 0 && Number.isFinite(factor))) throw new RangeError(`retry: factor must be a finite number > 0, got ${String(factor)}`);
  checkDelay(minDelay, 'minDelay');
  const cap = maxDelay === Number.POSITIVE_INFINITY ? MAX_DELAY_MS : maxDelay;
  checkDelay(cap, 'maxDelay');
  const random = jitter === 'full' ? Math.random : jitter === 'none' ? undefined : jitter;
  return (k) => {
    const base = Math.min(cap, minDelay * factor ** (k - 1));
    return random === undefined ? base : Math.floor(random() * base);
  };
}

function checkDelay(ms: number, what: string): void {
  if (typeof ms !== 'number' || !(ms >= 0 && ms <= MAX_DELAY_MS)) {
    throw new RangeError(`retry: ${what} must be 0 to ${MAX_DELAY_MS} ms, got ${String(ms)}`);
  }
}

function call<T>(fn: (attempt: number, signal: AbortSignal) => Promise<T>, attempt: number, signal: AbortSignal): Promise<T> {
  try {
    return Promise.resolve(fn(attempt, signal));
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const off = onAbort(signal, () => reject(signal.reason));
    promise.then(
      (value) => {
        off();
        resolve(value);
      },
      (error: unknown) => {
        off();
        reject(error);
      },
    );
  });
}
