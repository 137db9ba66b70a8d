import type { ErrorInfo } from './measure-types.js';

/**
 * Every error class the library throws, with stable `name`s so that callers can tell
 * them apart across realms and bundles (`err.name === 'TimeoutError'`), as undici's
 * docs advise over `instanceof`.
 */

/** The largest delay a Node timer honours; above it Node fires after ~1 ms instead. */
export const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * A deadline passed. Thrown by {@link timeout} outside its scope, with `cause` set to
 * the abort reason the body saw inside it.
 *
 * @example
 * try { await timeout(2000, (signal) => sleep(10_000, { signal })); }
 * catch (err) { if (err instanceof TimeoutError) report('Operation timed out!'); }
 */
export class TimeoutError extends Error {
  override name = 'TimeoutError' as const;
}

/**
 * The reason a signal was aborted by the library itself: a task group cancelling its
 * siblings, a timeout scope expiring, a race aborting its losers. `cause` holds what
 * triggered it (the first failure, the deadline).
 *
 * @example
 * if (signal.aborted && signal.reason instanceof AbortError) report(signal.reason.cause);
 */
export class AbortError extends Error {
  override name = 'AbortError' as const;
}

/**
 * True when `err` is a cancellation rather than a failure: any error named
 * `AbortError` (ours, or the DOMException that `AbortController.abort()` and fetch
 * use), or exactly the reason of `signal` when one is given and it has aborted.
 *
 * @example
 * catch (err) { if (!isAbortError(err, signal)) throw err; }
 */
export function isAbortError(err: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted === true && err === signal.reason) return true;
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}

/**
 * Checks a delay in milliseconds: a finite number from 0 to {@link MAX_DELAY_MS}.
 * Node silently turns NaN, negative and overflowing delays into ~1 ms, which would turn
 * a typo into a busy loop; we refuse them instead.
 *
 * @example
 * assertDelay(250, 'sleep'); // ok
 * assertDelay(-1, 'sleep');  // RangeError: sleep: delay must be 0 to 2147483647 ms, got -1
 */
export function assertDelay(ms: number, what: string): void {
  if (typeof ms !== 'number' || !(ms >= 0 && ms <= MAX_DELAY_MS)) {
    throw new RangeError(`${what}: delay must be 0 to ${MAX_DELAY_MS} ms, got ${String(ms)}`);
  }
}

/**
 * The queue was shut down: asyncio's `QueueShutDown`. A `put` after (or waiting at)
 * `shutdown()` rejects with it, and so does a `get` once the queue is empty, or at once
 * after `shutdown(true)`.
 *
 * @example
 * try { for (;;) handle(await queue.get()); }
 * catch (err) { if (!(err instanceof QueueShutDownError)) throw err; } // the producer is done
 */
export class QueueShutDownError extends Error {
  override name = 'QueueShutDownError' as const;
}

/**
 * A thrown value as one line for another error's message (`TypeError: boom`), never
 * throwing itself: a value whose `toString` throws prints as `<unprintable error>`.
 * Internal (not in index.ts): the task group and race name a failure with it.
 *
 * @example
 * errorLine(new RangeError('too big')); // 'RangeError: too big'
 * errorLine('SIGINT');                  // 'SIGINT'
 */
export function errorLine(err: unknown): string {
  try {
    return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  } catch {
    return '<unprintable error>';
  }
}

/**
 * {@link Queue.putNowait} found the queue full: asyncio's `QueueFull`. Nothing was added.
 *
 * @example
 * try { queue.putNowait(event); }
 * catch (err) { if (err instanceof QueueFull) dropped++; else throw err; } // shed load, never wait
 */
export class QueueFull extends Error {
  override name = 'QueueFull' as const;
}

/**
 * {@link Queue.getNowait} found the queue empty: asyncio's `QueueEmpty`. Nothing was taken.
 *
 * @example
 * const batch: Job[] = [];
 * try { for (;;) batch.push(queue.getNowait()); }
 * catch (err) { if (!(err instanceof QueueEmpty)) throw err; } // took everything queued right now
 */
export class QueueEmpty extends Error {
  override name = 'QueueEmpty' as const;
}

/**
 * Reduces any thrown value to `{ name, message, errors? }`.
 *
 * @example
 * describeError(new AggregateError([new Error('B failed')], 'TaskGroup failed'));
 * // { name: 'AggregateError', message: 'TaskGroup failed', errors: [{ name: 'Error', message: 'B failed' }] }
 */
export function describeError(err: unknown): ErrorInfo {
  if (err instanceof Error || (typeof err === 'object' && err !== null && 'message' in err)) {
    const e = err as { name?: unknown; message?: unknown; errors?: unknown };
    const info: ErrorInfo = { name: typeof e.name === 'string' ? e.name : 'Error', message: String(e.message) };
    if (Array.isArray(e.errors)) info.errors = e.errors.map(describeError);
    return info;
  }
  return { name: 'Error', message: String(err) };
}
