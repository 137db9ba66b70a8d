import { onAbort } from './abort.js';
import type { Awaitable } from './gather.js';

/** Options of {@link asCompleted}. */
export interface AsCompletedOptions {
  /**
   * Stops the iteration: a pending `next()` rejects with `signal.reason` at once, and so
   * does every later one (the first, without calling any thunk, if it has already
   * aborted). The work itself runs on; pass the same signal into it to stop it too.
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
}

/**
 * Yields each result as soon as it is ready, in completion order: asyncio's
 * `as_completed` as an async generator (`for await (const r of asCompleted(...))`).
 *
 * - Thunks are called at once, in order, inside `asCompleted` (as asyncio schedules
 *   every awaitable when `as_completed` is called), even before the first `next()`;
 *   a thunk that throws synchronously counts as that item's rejection.
 * - A rejection is thrown at its turn, in completion order, which ends the iteration.
 * - Every input gets a handler at once, so an item that rejects after the consumer has
 *   stopped (a `break`, a throw, an abort) never becomes an unhandled rejection.
 * - Leaving early keeps nothing waiting: no abort listener, no wake-up. The remaining
 *   work is not cancelled (a promise cannot be); abort its own signal to stop it.
 * - Errors while starting (the iterable throws) are thrown by the first `next()`.
 *
 * @example
 * const pages = urls.map((url) => () => fetchText(url));
 * for await (const page of asCompleted(pages)) render(page); // fastest first
 */
export function asCompleted<T>(items: Iterable<Awaitable<T>>, options: AsCompletedOptions = {}): AsyncGenerator<T> {
  const { signal } = options;
  if (signal?.aborted === true) {
    observe(items);
    return failing(signal.reason);
  }
  const inbox: Inbox<T> = { arrivals: [], head: 0, wake: undefined, closed: false };
  const arrive = (arrival: Arrival<T>): void => {
    if (inbox.closed) return;
    inbox.arrivals.push(arrival);
    const wake = inbox.wake;
    inbox.wake = undefined;
    wake?.();
  };
  let total = 0;
  try {
    for (const item of items) {
      total++;
      call(item).then(
        (value) => arrive({ ok: true, value }),
        (error: unknown) => arrive({ ok: false, error }),
      );
    }
  } catch (err) {
    // What was started so far already has its handlers: nothing goes unhandled.
    inbox.closed = true;
    return failing(err);
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

function call<T>(item: Awaitable<T>): Promise<T> {
  if (typeof item !== 'function') return Promise.resolve(item);
  try {
    return Promise.resolve(item());
  } catch (err) {
    return Promise.reject(err);
  }
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
