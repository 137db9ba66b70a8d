import { onAbort } from './abort.js';
import { QueueShutDownError } from './errors.js';

/** Options of the {@link Queue} constructor. */
export interface QueueOptions {
  /**
   * How many items the queue holds before `put` waits (backpressure). `0` (the default,
   * as in asyncio) or `Infinity` means unbounded.
   */
  maxsize?: number;
}

/** Options of the queue's waiting methods. */
export interface QueueWaitOptions {
  /** Stops waiting: rejects with `signal.reason` and gives up the place in line. */
  signal?: AbortSignal;
}

/**
 * Where a {@link Queue} is in its life: `open`, or `shutdown` once
 * {@link Queue.shutdown} was called (puts refused; gets drain what is left, if anything).
 *
 * @example
 * if (queue.state === 'open') await queue.put(job);
 */
export type QueueState = 'open' | 'shutdown';

interface Waiter<V> {
  resolve(value: V): void;
  reject(error: unknown): void;
  off(): void;
}

interface Putter<T> extends Waiter<void> {
  item: T;
}

/**
 * A FIFO queue for producers and consumers: asyncio's `Queue`, with signals instead of
 * task cancellation.
 *
 * - `put` waits while the queue is full (backpressure) and `get` while it is empty;
 *   each kind of waiter is served in arrival order, and the queue never holds more than
 *   `maxsize` items: an item a blocked producer offers enters only as one leaves.
 * - `join()` waits until every item put has been matched by a `taskDone()`.
 * - `shutdown()` refuses further puts and fails the waiting ones; gets drain what is
 *   left, then fail. `shutdown(true)` also drops what is left and fails waiting gets at
 *   once (taking the dropped items off the unfinished count, as Python 3.14 does).
 *   Failures are {@link QueueShutDownError}.
 * - A waiting call whose signal aborts rejects with the signal's reason and leaves the
 *   line; an item that was already handed over is never lost to an abort.
 *
 * @example
 * const queue = new Queue<string>({ maxsize: 2 });
 * const consumer = (async () => {
 *   for (;;) {
 *     const url = await queue.get().catch(() => undefined); // rejects once shut down and empty
 *     if (url === undefined) return;
 *     await download(url);
 *     queue.taskDone();
 *   }
 * })();
 * for (const url of urls) await queue.put(url); // waits while 2 are queued
 * await queue.join();                            // every url downloaded
 * queue.shutdown();
 * await consumer;
 */
export class Queue<T> {
  readonly #maxsize: number;
  #items: T[] = [];
  #head = 0;
  #unfinished = 0;
  #state: QueueState = 'open';
  // Sets iterate in insertion order and delete in O(1): FIFO lines that an abort can leave.
  readonly #getters = new Set<Waiter<T>>();
  readonly #putters = new Set<Putter<T>>();
  readonly #joiners = new Set<Waiter<void>>();

  /**
   * @throws RangeError unless `maxsize` is an integer ≥ 0 or `Infinity`.
   * @example
   * const unbounded = new Queue<number>();
   * const bounded = new Queue<number>({ maxsize: 10 });
   */
  constructor(options: QueueOptions = {}) {
    const maxsize = options.maxsize ?? 0;
    if (!(Number.isInteger(maxsize) && maxsize >= 0) && maxsize !== Number.POSITIVE_INFINITY) {
      throw new RangeError(`Queue: maxsize must be an integer ≥ 0 or Infinity, got ${String(maxsize)}`);
    }
    this.#maxsize = maxsize === 0 ? Number.POSITIVE_INFINITY : maxsize;
  }

  /**
   * The bound on items held (`Infinity` when unbounded).
   * @example
   * new Queue({ maxsize: 0 }).maxsize; // Infinity
   */
  get maxsize(): number {
    return this.#maxsize;
  }

  /**
   * Items held now (asyncio's `qsize()`); never above `maxsize`.
   * @example
   * samples.push(queue.size);
   */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /**
   * True when no item is held.
   * @example
   * if (queue.empty) metrics.increment('starved');
   */
  get empty(): boolean {
    return this.size === 0;
  }

  /**
   * True when a `put` would wait.
   * @example
   * if (queue.full) metrics.increment('backpressure');
   */
  get full(): boolean {
    return this.size >= this.#maxsize;
  }

  /**
   * Items put and not yet matched by `taskDone()`: what `join()` waits for.
   * @example
   * const inFlight = queue.unfinished; // jobs in flight or queued
   */
  get unfinished(): number {
    return this.#unfinished;
  }

  /**
   * `open` or `shutdown`; see {@link QueueState}.
   * @example
   * queue.shutdown(); queue.state; // 'shutdown'
   */
  get state(): QueueState {
    return this.#state;
  }

  /**
   * Adds `item` at the back, waiting while the queue is full. Resolves once the item is
   * in the queue (or handed straight to a waiting `get`).
   *
   * @throws QueueShutDownError (as a rejection) after `shutdown()`, also for a put that
   * was waiting then; its item never enters.
   * @example
   * await queue.put(job, { signal }); // backpressure: waits for room
   */
  put(item: T, options: QueueWaitOptions = {}): Promise<void> {
    const { signal } = options;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    if (this.#state === 'shutdown') return Promise.reject(this.#shutDown('put'));
    const getter = first(this.#getters);
    if (getter !== undefined) {
      // A getter waits only on an empty queue: hand over directly, so no one can barge in.
      this.#getters.delete(getter);
      this.#unfinished++;
      getter.off();
      getter.resolve(item);
      return Promise.resolve();
    }
    if (!this.full) {
      this.#push(item);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const putter: Putter<T> = { item, resolve, reject, off: noop };
      this.#putters.add(putter);
      if (signal !== undefined) {
        putter.off = onAbort(signal, () => {
          this.#putters.delete(putter);
          reject(signal.reason);
        });
      }
    });
  }

  /**
   * Removes and returns the item at the front, waiting while the queue is empty.
   *
   * @throws QueueShutDownError (as a rejection) once the queue is shut down and empty,
   * also for a get that was waiting then.
   * @example
   * const job = await queue.get({ signal });
   */
  get(options: QueueWaitOptions = {}): Promise<T> {
    const { signal } = options;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    if (this.size > 0) return Promise.resolve(this.#shift());
    if (this.#state === 'shutdown') return Promise.reject(this.#shutDown('get'));
    return new Promise<T>((resolve, reject) => {
      const getter: Waiter<T> = { resolve, reject, off: noop };
      this.#getters.add(getter);
      if (signal !== undefined) {
        getter.off = onAbort(signal, () => {
          this.#getters.delete(getter);
          reject(signal.reason);
        });
      }
    });
  }

  /**
   * Says that one item taken with `get` has been fully processed; when every item put
   * has been, `join()` waiters resume.
   *
   * @throws RangeError when called more times than items were put.
   * @example
   * try { await handle(await queue.get()); } finally { queue.taskDone(); }
   */
  taskDone(): void {
    if (this.#unfinished <= 0) throw new RangeError('Queue.taskDone() called more times than items were put');
    if (--this.#unfinished === 0) this.#release();
  }

  /**
   * Waits until every item put has been matched by a `taskDone()` (at once if none is
   * unfinished).
   * @example
   * await queue.join(); // the workers have processed everything produced so far
   */
  join(options: QueueWaitOptions = {}): Promise<void> {
    const { signal } = options;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    if (this.#unfinished === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const joiner: Waiter<void> = { resolve, reject, off: noop };
      this.#joiners.add(joiner);
      if (signal !== undefined) {
        joiner.off = onAbort(signal, () => {
          this.#joiners.delete(joiner);
          reject(signal.reason);
        });
      }
    });
  }

  /**
   * Shuts the queue down (asyncio 3.13's `shutdown`): every later or waiting `put`
   * rejects with {@link QueueShutDownError}; `get` keeps returning what is left and
   * rejects once the queue is empty. With `immediate`, what is left is dropped (and
   * taken off the unfinished count, releasing `join()` if that reaches 0), so waiting
   * and later gets reject at once. Calling it again only adds `immediate`'s effect.
   *
   * @example
   * queue.shutdown();      // producer done: consumers drain, then stop
   * queue.shutdown(true);  // abandon: consumers stop now
   */
  shutdown(immediate = false): void {
    this.#state = 'shutdown';
    if (immediate && this.size > 0) {
      this.#unfinished -= this.size;
      this.#items = [];
      this.#head = 0;
      if (this.#unfinished === 0) this.#release();
    }
    for (const putter of this.#putters) {
      putter.off();
      putter.reject(this.#shutDown('put'));
    }
    this.#putters.clear();
    // Getters wait only on an empty queue, so every one of them is now out of luck.
    for (const getter of this.#getters) {
      getter.off();
      getter.reject(this.#shutDown('get'));
    }
    this.#getters.clear();
  }

  #push(item: T): void {
    this.#items.push(item);
    this.#unfinished++;
  }

  #shift(): T {
    const item = this.#items[this.#head]!;
    this.#items[this.#head++] = undefined as T;
    // Compact now and then, so a long-lived queue neither leaks nor shifts per get.
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    // Room for the producer first in line: its item enters as this one leaves.
    const putter = first(this.#putters);
    if (putter !== undefined) {
      this.#putters.delete(putter);
      this.#push(putter.item);
      putter.off();
      putter.resolve();
    }
    return item;
  }

  #release(): void {
    for (const joiner of this.#joiners) {
      joiner.off();
      joiner.resolve();
    }
    this.#joiners.clear();
  }

  #shutDown(what: 'put' | 'get'): QueueShutDownError {
    return new QueueShutDownError(what === 'put' ? 'Queue is shut down: cannot put' : 'Queue is shut down and empty: nothing to get');
  }
}

function first<V>(set: Set<V>): V | undefined {
  for (const value of set) return value;
  return undefined;
}

function noop(): void {}
