import type { ServerResponse } from 'node:http';
import { HttpError } from './http-error.js';

/**
 * The server's pending timers, each tied to the response it will write. A client that
 * goes away (the response closes) clears its timer at once, so 1000 abandoned
 * `/delay/10` requests leave nothing behind, and `close()` can clear whatever is left.
 *
 * @example
 * const timers = new ResponseTimers(10_000);
 * timers.after(res, 1000, () => sendJson(res, 200, echo));
 */
export class ResponseTimers {
  readonly #live = new Set<NodeJS.Timeout>();

  /** @param max how many may be pending at once; beyond it {@link after} answers 503. */
  constructor(readonly max: number) {}

  /** How many timers are pending now. */
  get size(): number {
    return this.#live.size;
  }

  /**
   * Calls `fn` after `ms` unless `res` closes first (the client left, or the server
   * closed its connection).
   *
   * @throws HttpError 503 when `max` timers are already pending: a flood of delays
   * must not turn into an unbounded set of timers.
   */
  after(res: ServerResponse, ms: number, fn: () => void): void {
    if (this.#live.size >= this.max) {
      throw new HttpError(503, `too many delayed responses in flight (${this.max}); retry later`, { 'retry-after': '1' });
    }
    const timer = setTimeout(() => {
      this.#live.delete(timer);
      res.off('close', cancel);
      // Answered meanwhile (a 413 for a body that grew too large): nothing left to do.
      if (res.writableEnded || res.destroyed) return;
      fn();
    }, ms);
    const cancel = (): void => {
      clearTimeout(timer);
      this.#live.delete(timer);
    };
    this.#live.add(timer);
    res.once('close', cancel);
  }

  /** Clears every pending timer (the server is closing). */
  clearAll(): void {
    for (const timer of this.#live) clearTimeout(timer);
    this.#live.clear();
  }
}
