import { onAbort } from './abort.js';

/**
 * What {@link gather} accepts for each item: a promise that is already running, or a
 * thunk that starts one. Thunks are called in order, synchronously, inside `gather`, so
 * `gather(names.map((n) => () => greet(n)))` starts every greeting before it returns.
 */
export type Awaitable<T> = Promise<T> | (() => Promise<T>);

/** Options of {@link gather}. */
export interface GatherOptions {
  /**
   * `true` is asyncio's `return_exceptions=True`: never reject, report every outcome.
   * Where Python puts the exception itself in the list, JavaScript returns
   * `PromiseSettledResult`s (`{ status: 'fulfilled', value }` or
   * `{ status: 'rejected', reason }`), so a thrown value can never pass for a result.
   */
  settle?: boolean;
  /**
   * Stops waiting: the gather rejects with `signal.reason` at once (and calls no thunk
   * when it has already aborted). A promise cannot be cancelled, so the work itself runs
   * on; pass the same signal into it to stop it too.
   */
  signal?: AbortSignal;
}

/**
 * Waits for every item and returns their results in input order: asyncio.gather.
 *
 * Fail-fast by default: it rejects with the first error, at the moment it happens, and,
 * as in asyncio and `Promise.all`, the siblings are **not** cancelled: they keep running
 * and their side effects still happen. Every input is still observed, so a sibling that
 * rejects later never becomes an unhandled rejection. A thunk that throws synchronously
 * counts as that item's rejection (the thunks after it are still called).
 *
 * With plain promises, no `settle` and no `signal` this is `Promise.all` itself, so it
 * costs nothing over it even for a million promises.
 *
 * @example
 * const [a, b] = await gather([fetchUser(1), fetchUser(2)]);          // like asyncio.gather
 * const results = await gather(names.map((n) => () => greet(n)));     // thunks start here
 * const outcomes = await gather(tasks, { settle: true });             // return_exceptions=True
 * for (const o of outcomes) if (o.status === 'rejected') report(o.reason);
 */
export function gather<T>(items: Iterable<Awaitable<T>>, options?: GatherOptions & { settle?: false }): Promise<T[]>;
export function gather<T>(
  items: Iterable<Awaitable<T>>,
  options: GatherOptions & { settle: true },
): Promise<PromiseSettledResult<T>[]>;
export function gather<T>(
  items: Iterable<Awaitable<T>>,
  options?: GatherOptions,
): Promise<T[] | PromiseSettledResult<T>[]>;
export function gather<T>(
  items: Iterable<Awaitable<T>>,
  options: GatherOptions = {},
): Promise<T[] | PromiseSettledResult<T>[]> {
  const { settle = false, signal } = options;
  if (signal?.aborted === true) {
    // The promises still get a handler: a caller who gave up must not get an
    // unhandled rejection from work it had already started.
    observe(items);
    return Promise.reject(signal.reason);
  }
  let started: Iterable<Promise<T> | T>;
  try {
    started = startThunks(items);
  } catch (err) {
    return Promise.reject(err);
  }
  // Awaited<T> is T for every T a promise can resolve to; the cast only says so.
  const all = (settle ? Promise.allSettled(started) : Promise.all(started)) as Promise<T[] | PromiseSettledResult<T>[]>;
  return signal === undefined ? all : untilAborted(all, signal);
}

/** Calls the thunks in order; returns `items` itself when there is none (the fast path). */
function startThunks<T>(items: Iterable<Awaitable<T>>): Iterable<Promise<T> | T> {
  if (Array.isArray(items)) {
    const array = items as Awaitable<T>[];
    let i = 0;
    while (i < array.length && typeof array[i] !== 'function') i++;
    if (i === array.length) return array as Promise<T>[];
  }
  const out: Promise<T>[] = [];
  try {
    for (const item of items) out.push(typeof item === 'function' ? call(item) : item);
  } catch (err) {
    // The iterable itself threw: Promise.all will never see what was started so far.
    for (const p of out) void Promise.resolve(p).catch(noop);
    throw err;
  }
  return out;
}

function call<T>(thunk: () => Promise<T>): Promise<T> {
  try {
    return thunk();
  } catch (err) {
    return Promise.reject(err);
  }
}

function observe(items: Iterable<unknown>): void {
  try {
    for (const item of items) if (typeof item !== 'function') void Promise.resolve(item).catch(noop);
  } catch {
    // Only here to mark promises handled; the abort reason is what the caller gets.
  }
}

function untilAborted<R>(promise: Promise<R>, signal: AbortSignal): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const off = onAbort(signal, () => reject(signal.reason));
    promise.then(
      (value) => {
        off();
        resolve(value);
      },
      (err: unknown) => {
        off();
        reject(err);
      },
    );
  });
}

function noop(): void {}
