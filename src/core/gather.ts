import { onAbort } from './abort.js';
import { startChild } from './child.js';

/**
 * What {@link gather} and {@link asCompleted} accept for each item: a promise that is
 * already running, or a task function that starts one. Task functions are called in
 * order, synchronously, inside the call, so `gather(names.map((n) => () => greet(n)))`
 * starts every greeting before it returns; each receives a signal that aborts when the
 * gather (or asCompleted) is aborted through its own `signal` option, and only then,
 * which is what lets an abort stop the work, as cancelling asyncio.gather cancels its
 * children. A promise cannot be cancelled: it only stops being waited for.
 *
 * @example
 * const items: Awaitable<string>[] = [fetchText(a), (signal) => fetchText(b, { signal })];
 */
export type Awaitable<T> = Promise<T> | ((signal: AbortSignal) => Promise<T>);

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
   * Cancels the gather, as `gather(...).cancel()` does in asyncio: the gather rejects
   * with `signal.reason` at once and every task function's signal aborts with it (no task
   * function is called if it has already aborted). Promises given as such run on; pass
   * them the signal yourself. Once every item has settled, or the gather has rejected
   * (fail-fast), a later abort changes nothing and reaches no item: asyncio refuses to
   * cancel a finished gather too.
   */
  signal?: AbortSignal;
}

/**
 * Waits for every item and returns their results in input order: asyncio.gather.
 *
 * Fail-fast by default: it rejects with the first error, at the moment it happens, and,
 * as in asyncio and `Promise.all`, the siblings are **not** cancelled: they keep running
 * and their side effects still happen (their signals do not abort). Every input is still
 * observed, so a sibling that rejects later never becomes an unhandled rejection. A task
 * function that throws synchronously counts as that item's rejection (the ones after it
 * are still called).
 *
 * Cancelling it (aborting `options.signal`) aborts the signal of every task function,
 * as cancelling asyncio.gather cancels its children, and rejects with the reason at once,
 * without waiting for them to unwind (asyncio's fail-fast gather does not wait either;
 * with `return_exceptions=True` it would; use {@link taskGroup} to wait for the unwinding).
 *
 * With plain promises, no `settle` and no `signal` this is `Promise.all` itself, so it
 * costs nothing over it even for a million promises.
 *
 * @example
 * const [a, b] = await gather([fetchUser(1), fetchUser(2)]);               // like asyncio.gather
 * const results = await gather(names.map((n) => () => greet(n)));          // functions start here
 * const pages = await gather(urls.map((u) => (signal) => fetchText(u, { signal })), { signal });
 * // ^ aborting `signal` rejects the gather and aborts every fetch still running
 * const outcomes = await gather(tasks, { settle: true });                  // return_exceptions=True
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
  let children: AbortController | undefined;
  let started: Promise<T>[];
  try {
    const fast = allPromises(items);
    if (fast !== undefined && signal === undefined) {
      return settle ? Promise.allSettled(fast) : Promise.all(fast);
    }
    if (fast !== undefined) {
      started = fast;
    } else {
      children = new AbortController();
      started = startItems(items, children.signal);
    }
  } catch (err) {
    return Promise.reject(err);
  }
  if (signal === undefined) return settle ? Promise.allSettled(started) : Promise.all(started);
  return cancellable(started, settle, signal, children);
}

/** `items` itself when it is an array of promises only (the fast path), else undefined. */
function allPromises<T>(items: Iterable<Awaitable<T>>): Promise<T>[] | undefined {
  if (!Array.isArray(items)) return undefined;
  const array = items as Awaitable<T>[];
  for (let i = 0; i < array.length; i++) if (typeof array[i] === 'function') return undefined;
  return array as Promise<T>[];
}

/**
 * Promise.all / allSettled that an abort can cancel until it settles: the abort rejects
 * it and aborts the task functions' signal; every child settling (or the first failure,
 * fail-fast) detaches it from `signal` at once, so a late abort is no longer its business.
 * Each child is counted by its own reaction, with no extra tick between the last child
 * settling and the gather settling, the window in which a late abort could still land.
 */
function cancellable<T>(
  started: Promise<T>[],
  settle: boolean,
  signal: AbortSignal,
  children: AbortController | undefined,
): Promise<T[] | PromiseSettledResult<T>[]> {
  return new Promise<T[] | PromiseSettledResult<T>[]>((resolve, reject) => {
    const n = started.length;
    const results: unknown[] = new Array<unknown>(n);
    let left = n;
    let settled = false;
    const off = onAbort(signal, () => {
      settled = true;
      children?.abort(signal.reason);
      reject(signal.reason);
    });
    const finish = (): void => {
      if (settled) return;
      settled = true;
      off();
      resolve(results as T[] | PromiseSettledResult<T>[]);
    };
    if (n === 0) finish();
    for (let i = 0; i < n; i++) {
      Promise.resolve(started[i]).then(
        (value) => {
          results[i] = settle ? { status: 'fulfilled', value } : value;
          if (--left === 0) finish();
        },
        (reason: unknown) => {
          if (settle) {
            results[i] = { status: 'rejected', reason };
            if (--left === 0) finish();
          } else if (!settled) {
            settled = true;
            off();
            reject(reason);
          }
        },
      );
    }
  });
}

/** The items as promises: the task functions are called in order, each with `signal`. */
function startItems<T>(items: Iterable<Awaitable<T>>, signal: AbortSignal): Promise<T>[] {
  const out: Promise<T>[] = [];
  try {
    for (const item of items) out.push(typeof item === 'function' ? startChild(item, signal) : item);
  } catch (err) {
    // The iterable itself threw: nobody will ever wait for what was started so far.
    for (const p of out) void Promise.resolve(p).catch(noop);
    throw err;
  }
  return out;
}

function observe(items: Iterable<unknown>): void {
  try {
    for (const item of items) if (typeof item !== 'function') void Promise.resolve(item).catch(noop);
  } catch {
    // Only here to mark promises handled; the abort reason is what the caller gets.
  }
}

function noop(): void {}
