import { onAbort } from './abort.js';
import { startChild } from './child.js';
import type { Awaitable } from './gather.js';

/** Options of {@link asCompleted}. */
export interface AsCompletedOptions {
  /**
   * Cancels the iteration: a pending `next()` rejects with `signal.reason` at once, and so
   * does every later one (the first, without calling any task function, if it has already
   * aborted), and every task function's signal aborts with it. Promises given as such run
   * on; pass them the signal yourself. Once every item has settled or the iteration has
   * ended, the abort no longer reaches the items.
   */
  signal?: AbortSignal;
}

type Arrival<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** What the settled inputs hand to the generator: arrivals in order, and its wake-up. */
interface Inbox<T> {
  arrivals: Arrival<T>[];
  head: number;
  wake: (() => void) | undefined;
  /** Set when the consumer has left: later arrivals are dropped, not kept alive. */
  closed: boolean;
  /** Detaches the task functions' signal from the caller's: once all have settled, or the consumer has left. */
  offChildren: () => void;
}

/**
 * Yields each result as soon as it is ready, in completion order: asyncio's
 * `as_completed` as an async generator (`for await (const r of asCompleted(...))`).
 *
 * - Task functions `(signal) => Promise` are called at once, in order, inside
 *   `asCompleted` (as asyncio schedules every awaitable when `as_completed` is called),
 *   even before the first `next()`; a function that throws synchronously counts as that
 *   item's rejection. Their signal aborts when `options.signal` does, and only then.
 * - The same promise given twice is one item, yielded once: asyncio's `as_completed`
 *   takes a set. A function given twice is called twice: it is a recipe, and each call
 *   is a new piece of work (the analogue of calling a coroutine function twice).
 * - A rejection is thrown at its turn, in completion order, which ends the iteration.
 * - Every input gets a handler at once, so an item that rejects after the consumer has
 *   stopped (a `break`, a throw, an abort) never becomes an unhandled rejection.
 * - Leaving early keeps nothing waiting: no abort listener, no wake-up. As in asyncio,
 *   leaving cancels nothing: the remaining work runs on. To stop it, abort the signal
 *   given in the options before leaving, or use {@link race}.
 * - Errors while starting (the iterable throws) are thrown by the first `next()`.
 *
 * @example
 * const pages = urls.map((url) => (signal: AbortSignal) => fetchText(url, { signal }));
 * for await (const page of asCompleted(pages, { signal })) render(page); // fastest first
 */
export function asCompleted<T>(items: Iterable<Awaitable<T>>, options: AsCompletedOptions = {}): AsyncGenerator<T> {
  const { signal } = options;
  if (signal?.aborted === true) {
    observe(items);
    return failing(signal.reason);
  }
  const inbox: Inbox<T> = { arrivals: [], head: 0, wake: undefined, closed: false, offChildren: noop };
  let total = 0;
  let left = 0;
  const arrive = (arrival: Arrival<T>): void => {
    if (--left === 0) inbox.offChildren();
    if (inbox.closed) return;
    inbox.arrivals.push(arrival);
    const wake = inbox.wake;
    inbox.wake = undefined;
    wake?.();
  };
  // Created on the first task function: an iteration over promises alone needs no signal.
  let children: AbortController | undefined;
  const seen = new Set<Promise<T>>();
  try {
    for (const item of items) {
      let promise: Promise<T>;
      if (typeof item === 'function') {
        children ??= new AbortController();
        promise = startChild(item, children.signal);
      } else {
        if (seen.has(item)) continue;
        seen.add(item);
        promise = Promise.resolve(item);
      }
      total++;
      left++;
      promise.then(
        (value) => arrive({ ok: true, value }),
        (error: unknown) => arrive({ ok: false, error }),
      );
    }
  } catch (err) {
    // What was started so far already has its handlers: nothing goes unhandled.
    inbox.closed = true;
    return failing(err);
  }
  if (children !== undefined && signal !== undefined && left > 0) {
    const controller = children;
    inbox.offChildren = onAbort(signal, () => {
      inbox.offChildren = noop;
      controller.abort(signal.reason);
    });
  }
  return deliver(inbox, total, signal);
}

async function* deliver<T>(inbox: Inbox<T>, total: number, signal: AbortSignal | undefined): AsyncGenerator<T> {
  try {
    for (let delivered = 0; delivered < total; delivered++) {
      // Level-triggered: an abort while the consumer was busy stops the next step too.
      signal?.throwIfAborted();
      if (inbox.head === inbox.arrivals.length) await nextArrival(inbox, signal);
      const arrival = inbox.arrivals[inbox.head]!;
      // Drop the reference: a long iteration should not keep every delivered result.
      inbox.arrivals[inbox.head++] = undefined as unknown as Arrival<T>;
      if (!arrival.ok) throw arrival.error;
      yield arrival.value;
    }
  } finally {
    inbox.closed = true;
    inbox.arrivals = [];
    inbox.offChildren();
    inbox.offChildren = noop;
  }
}

/** Waits for the next arrival, or rejects with the signal's reason; leaves nothing behind either way. */
function nextArrival<T>(inbox: Inbox<T>, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal === undefined) {
      inbox.wake = resolve;
      return;
    }
    const off = onAbort(signal, () => {
      inbox.wake = undefined;
      reject(signal.reason);
    });
    inbox.wake = () => {
      off();
      resolve();
    };
  });
}

// eslint-disable-next-line require-yield, @typescript-eslint/require-await -- it only throws, so errors surface at next()
async function* failing(error: unknown): AsyncGenerator<never> {
  throw error;
}

function observe(items: Iterable<unknown>): void {
  try {
    for (const item of items) if (typeof item !== 'function') void Promise.resolve(item).catch(noop);
  } catch {
    // Only here to mark promises handled; the abort reason is what the caller gets.
  }
}

function noop(): void {}
