/**
 * Starts a child's work on its own signal: the one way a task group starts a task and a
 * race starts a contestant.
 *
 * Calls `fn(signal)` unless `signal` has already aborted (then the child is cancelled
 * before it starts, like an asyncio task cancelled before its first step, and `fn` is
 * never called); a synchronous throw becomes a rejection, so the caller handles every
 * failure in one place, after it has returned its handle (as asyncio handles an eager
 * task's failure).
 *
 * @example
 * const promise = startChild((signal) => fetch(url, { signal }), controller.signal);
 */
export function startChild<T>(fn: (signal: AbortSignal) => Promise<T> | T, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  try {
    return Promise.resolve(fn(signal));
  } catch (err) {
    return Promise.reject(err);
  }
}
