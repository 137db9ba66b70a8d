import { AbortListener, onAbort, subscribe, unsubscribe } from './abort.js';
import { QueueEmpty, QueueFull, QueueShutDownError } from './errors.js';

/** Options of the {@link Queue} constructor. */
export interface QueueOptions {
  /**
   * How many items the queue holds before `put` waits (backpressure). As in asyncio, any
   * number is accepted: `0` (the default), a negative number or `Infinity` means
   * unbounded, and a fraction bounds like the next integer up (`1.3` holds 2 items).
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

/**
 * A waiting `get` or `put`, which is also its own abort listener and its own link in the
 * line (no wrapper objects). `waiting`: in its line; `woken`: taken out of the line, to
 * resume on the next microtask; `done`: settled.
 */
class Waiter<T> extends AbortListener {
  prev: Waiter<T> | null = null;
  next: Waiter<T> | null = null;
  phase: 'waiting' | 'woken' | 'done' = 'waiting';

  constructor(
    readonly core: Core<T>,
    readonly lineOf: Line<T>,
    readonly signal: AbortSignal | undefined,
    /** The item a put offers; unused by a get. */
    readonly item: T | undefined,
    readonly resolve: (value: T | undefined) => void,
    readonly reject: (reason: unknown) => void,
  ) {
    super();
  }

  onabort(signal: AbortSignal): void {
    // A woken waiter is settled when it resumes (it checks its signal then); one still in
    // line leaves it now. Either way nothing was taken or added on its behalf.
    if (this.phase !== 'waiting') return;
    this.lineOf.remove(this);
    this.settle();
    this.reject(signal.reason);
  }

  settle(): void {
    this.phase = 'done';
    unsubscribe(this);
  }
}

/** A FIFO line of waiters that an abort can leave in O(1), and a barged waiter re-enter at the front. */
class Line<T> {
  head: Waiter<T> | null = null;
  tail: Waiter<T> | null = null;

  pushBack(w: Waiter<T>): void {
    w.prev = this.tail;
    w.next = null;
    if (this.tail === null) this.head = w;
    else this.tail.next = w;
    this.tail = w;
  }

  pushFront(w: Waiter<T>): void {
    w.prev = null;
    w.next = this.head;
    if (this.head === null) this.tail = w;
    else this.head.prev = w;
    this.head = w;
  }

  shift(): Waiter<T> | null {
    const w = this.head;
    if (w !== null) this.remove(w);
    return w;
  }

  remove(w: Waiter<T>): void {
    if (w.prev === null) this.head = w.next;
    else w.prev.next = w.next;
    if (w.next === null) this.tail = w.prev;
    else w.next.prev = w.prev;
    w.prev = null;
    w.next = null;
  }
}

/**
 * The queue's state and rules, apart from the public class so that its waiters can call
 * into it (a class's `#private` members are out of reach of other classes).
 *
 * The rule that makes cancellation win, as in asyncio: a waiter is only ever *woken*;
 * it takes its item (or adds its own) itself when it resumes, a microtask later, after
 * checking its signal. So an abort that arrives between the wake-up and the resumption
 * takes nothing and adds nothing: the item stays queued and the next waiter is woken.
 *
 * Invariants, restored after every step (so, once things settle, no reader waits while an
 * item is queued and no writer waits while there is room):
 * - some getter waits in line ⇒ `size ≤ wokenGetters` (every queued item has a woken reader);
 * - some putter waits in line ⇒ `size + wokenPutters ≥ maxsize`.
 */
class Core<T> {
  items: T[] = [];
  head = 0;
  unfinished = 0;
  state: QueueState = 'open';
  readonly getters = new Line<T>();
  readonly putters = new Line<T>();
  wokenGetters = 0;
  wokenPutters = 0;
  readonly joiners = new Set<{ resolve(): void; off(): void }>();

  constructor(readonly maxsize: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  get full(): boolean {
    return this.size >= this.maxsize;
  }

  /** Adds an item (the caller checked there is room) and wakes a reader for it. */
  push(item: T): void {
    this.items.push(item);
    this.unfinished++;
    this.wakeGetters();
  }

  /** Takes the front item (the caller checked there is one) and wakes a writer for the room. */
  shift(): T {
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    // Compact now and then, so a long-lived queue neither leaks nor shifts per get.
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.wakePutters();
    // Shut down and now empty: readers still in line (they queued behind woken ones) will
    // get nothing more, so they re-check and fail.
    if (this.state === 'shutdown' && this.size === 0) this.wakeAll();
    return item;
  }

  wakeGetters(): void {
    while (this.size > this.wokenGetters) {
      const getter = this.getters.shift();
      if (getter === null) return;
      getter.phase = 'woken';
      this.wokenGetters++;
      queueMicrotask(() => this.resumeGetter(getter));
    }
  }

  wakePutters(): void {
    while (this.size + this.wokenPutters < this.maxsize) {
      const putter = this.putters.shift();
      if (putter === null) return;
      putter.phase = 'woken';
      this.wokenPutters++;
      queueMicrotask(() => this.resumePutter(putter));
    }
  }

  /** Wakes every waiter, to re-check the queue: what `shutdown` does (asyncio does the same). */
  wakeAll(): void {
    for (let g = this.getters.shift(); g !== null; g = this.getters.shift()) {
      g.phase = 'woken';
      this.wokenGetters++;
      queueMicrotask(() => this.resumeGetter(g));
    }
    for (let p = this.putters.shift(); p !== null; p = this.putters.shift()) {
      p.phase = 'woken';
      this.wokenPutters++;
      queueMicrotask(() => this.resumePutter(p));
    }
  }

  resumeGetter(getter: Waiter<T>): void {
    this.wokenGetters--;
    const signal = getter.signal;
    if (signal?.aborted === true) {
      // Cancelled after the wake-up: the item stays queued, for the next reader.
      getter.settle();
      getter.reject(signal.reason);
      this.wakeGetters();
    } else if (this.size > 0) {
      getter.settle();
      getter.resolve(this.shift());
    } else if (this.state === 'shutdown') {
      getter.settle();
      getter.reject(shutDown('get'));
    } else {
      // A getNowait() took the item first: wait again, first in line.
      getter.phase = 'waiting';
      this.getters.pushFront(getter);
    }
  }

  resumePutter(putter: Waiter<T>): void {
    this.wokenPutters--;
    const signal = putter.signal;
    if (signal?.aborted === true) {
      // Cancelled after the wake-up: its item never enters; the room goes to the next writer.
      putter.settle();
      putter.reject(signal.reason);
      this.wakePutters();
    } else if (this.state === 'shutdown') {
      putter.settle();
      putter.reject(shutDown('put'));
    } else if (!this.full) {
      putter.settle();
      this.push(putter.item as T);
      putter.resolve(undefined);
    } else {
      // A putNowait() took the room first: wait again, first in line.
      putter.phase = 'waiting';
      this.putters.pushFront(putter);
    }
  }

  wait(line: Line<T>, signal: AbortSignal | undefined, item: T | undefined): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) => {
      const waiter = new Waiter<T>(this, line, signal, item, resolve, reject);
      line.pushBack(waiter);
      if (signal !== undefined) subscribe(signal, waiter);
    });
  }

  release(): void {
    for (const joiner of this.joiners) {
      joiner.off();
      joiner.resolve();
    }
    this.joiners.clear();
  }
}

function shutDown(what: 'put' | 'get'): QueueShutDownError {
  return new QueueShutDownError(what === 'put' ? 'Queue is shut down: cannot put' : 'Queue is shut down and empty: nothing to get');
}

/**
 * A FIFO queue for producers and consumers: asyncio's `Queue`, with signals instead of
 * task cancellation.
 *
 * - `put` waits while the queue is full (backpressure) and `get` while it is empty;
 *   waiting calls of each kind are served in arrival order, and the queue never holds
 *   more than `maxsize` items. `putNowait`/`getNowait` never wait: they throw
 *   {@link QueueFull}/{@link QueueEmpty} instead.
 * - **A cancelled call changes nothing**, as in asyncio, where the cancellation wins: a
 *   `get` whose signal aborts never takes an item (it stays queued and the next reader
 *   gets it), and a `put` whose signal aborts never adds its item, even when the abort
 *   comes after the call was woken but before it resumed. Once `get` has resolved, the
 *   item is the caller's: an abort after that is too late to put it back.
 * - `join()` waits until every item put has been matched by a `taskDone()`.
 * - `shutdown()` refuses further puts and fails the waiting ones; gets drain what is
 *   left, then fail. `shutdown(true)` also drops what is left and fails waiting gets at
 *   once (taking the dropped items off the unfinished count, as Python 3.14 does).
 *   Failures are {@link QueueShutDownError}.
 * - Like asyncio, a waiter is woken and takes its turn a microtask later; a `getNowait`
 *   (`putNowait`) in between may take that item (that room) first, and the waiter then
 *   waits again at the front of the line.
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
  readonly #core: Core<T>;

  /**
   * @throws RangeError for a `maxsize` that is not a number or is NaN (asyncio would take
   * NaN as unbounded, which is never what a NaN meant: a failed parse, a 0/0).
   * @example
   * const unbounded = new Queue<number>();
   * const bounded = new Queue<number>({ maxsize: 10 });
   */
  constructor(options: QueueOptions = {}) {
    const maxsize = options.maxsize ?? 0;
    if (typeof maxsize !== 'number' || Number.isNaN(maxsize)) {
      throw new RangeError(`Queue: maxsize must be a number (0 or less: unbounded), got ${String(maxsize)}`);
    }
    this.#core = new Core<T>(maxsize <= 0 ? Number.POSITIVE_INFINITY : maxsize);
  }

  /**
   * The bound on items held: `Infinity` when unbounded (asyncio would return the 0 or
   * negative number given), otherwise the number given.
   * @example
   * new Queue({ maxsize: 0 }).maxsize; // Infinity
   */
  get maxsize(): number {
    return this.#core.maxsize;
  }

  /**
   * Items held now (asyncio's `qsize()`); never above `maxsize`. An item stays counted
   * until a reader has taken it, including while a woken reader has yet to resume.
   * @example
   * samples.push(queue.size);
   */
  get size(): number {
    return this.#core.size;
  }

  /**
   * True when no item is held (`getNowait` would throw).
   * @example
   * if (queue.empty) metrics.increment('starved');
   */
  get empty(): boolean {
    return this.#core.size === 0;
  }

  /**
   * True when the queue holds `maxsize` items (`putNowait` would throw).
   * @example
   * if (queue.full) metrics.increment('backpressure');
   */
  get full(): boolean {
    return this.#core.full;
  }

  /**
   * Items put and not yet matched by `taskDone()`: what `join()` waits for.
   * @example
   * const inFlight = queue.unfinished; // jobs in flight or queued
   */
  get unfinished(): number {
    return this.#core.unfinished;
  }

  /**
   * `open` or `shutdown`; see {@link QueueState}.
   * @example
   * queue.shutdown(); queue.state; // 'shutdown'
   */
  get state(): QueueState {
    return this.#core.state;
  }

  /**
   * Adds `item` at the back, waiting (in line behind earlier waiting puts) while the queue
   * is full. Resolves once the item is in the queue. If `signal` aborts first, rejects
   * with its reason and the item never enters.
   *
   * @throws QueueShutDownError (as a rejection) after `shutdown()`, also for a put that
   * was waiting then; its item never enters.
   * @example
   * await queue.put(job, { signal }); // backpressure: waits for room
   */
  put(item: T, options: QueueWaitOptions = {}): Promise<void> {
    const { signal } = options;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    const core = this.#core;
    if (core.state === 'shutdown') return Promise.reject(shutDown('put'));
    // Room that a woken putter is about to fill is not free: wait behind it.
    if (core.size + core.wokenPutters < core.maxsize) {
      core.push(item);
      return Promise.resolve();
    }
    return core.wait(core.putters, signal, item) as Promise<unknown> as Promise<void>;
  }

  /**
   * Adds `item` now or not at all: asyncio's `put_nowait`.
   *
   * @throws QueueFull when the queue holds `maxsize` items; QueueShutDownError after
   * `shutdown()`.
   * @example
   * try { queue.putNowait(sample); } catch (err) { if (!(err instanceof QueueFull)) throw err; }
   */
  putNowait(item: T): void {
    const core = this.#core;
    if (core.state === 'shutdown') throw shutDown('put');
    if (core.full) throw new QueueFull(`Queue is full (maxsize ${core.maxsize}): cannot put without waiting`);
    core.push(item);
  }

  /**
   * Removes and returns the item at the front, waiting (in line behind earlier waiting
   * gets) while the queue is empty. If `signal` aborts first, rejects with its reason and
   * takes nothing, even if an item arrived for it meanwhile: that item goes to the next
   * reader.
   *
   * @throws QueueShutDownError (as a rejection) once the queue is shut down and empty,
   * also for a get that was waiting then.
   * @example
   * const job = await queue.get({ signal });
   */
  get(options: QueueWaitOptions = {}): Promise<T> {
    const { signal } = options;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    const core = this.#core;
    // Items that woken readers are about to take are not free: wait behind them.
    if (core.size > core.wokenGetters) return Promise.resolve(core.shift());
    if (core.state === 'shutdown' && core.size === 0) return Promise.reject(shutDown('get'));
    return core.wait(core.getters, signal, undefined) as Promise<T>;
  }

  /**
   * Removes and returns the front item now, or throws: asyncio's `get_nowait`.
   *
   * @throws QueueEmpty when no item is held; QueueShutDownError when the queue is shut
   * down and empty.
   * @example
   * const batch = [await queue.get()];
   * while (!queue.empty && batch.length < 100) batch.push(queue.getNowait()); // what is there, no waiting
   */
  getNowait(): T {
    const core = this.#core;
    if (core.size === 0) {
      if (core.state === 'shutdown') throw shutDown('get');
      throw new QueueEmpty('Queue is empty: nothing to get without waiting');
    }
    return core.shift();
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
    const core = this.#core;
    if (core.unfinished <= 0) throw new RangeError('Queue.taskDone() called more times than items were put');
    if (--core.unfinished === 0) core.release();
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
    const core = this.#core;
    if (core.unfinished === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const joiner = { resolve, off: noop };
      core.joiners.add(joiner);
      if (signal !== undefined) {
        joiner.off = onAbort(signal, () => {
          core.joiners.delete(joiner);
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
    const core = this.#core;
    core.state = 'shutdown';
    if (immediate && core.size > 0) {
      core.unfinished -= core.size;
      core.items = [];
      core.head = 0;
      if (core.unfinished === 0) core.release();
    }
    // Every waiter re-checks on resuming: puts fail, gets take what is left or fail.
    core.wakeAll();
  }
}

function noop(): void {}
