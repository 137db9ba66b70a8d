/**
 * One timer per clock for every armed deadline, however many there are.
 *
 * A timer per timeout scope would double the cost of `timeout(ms, (s) => sleep(x, { s }))`
 * (a second timer, and a second AbortController just to cancel it on exit, since the
 * Clock only cancels through a signal). Instead every armed deadline sits in a queue per
 * clock, and a single `clock.sleep` waits for the earliest one.
 *
 * The queue is two structures. Deadlines that arrive in increasing order (every
 * `timeout(ms)` with the same `ms`, the common case) are appended to a FIFO run, where
 * entering and leaving are O(1): a leaving entry leaves a hole, skipped once it reaches
 * the front. The others go to a binary heap. The plain version is the heap alone, but its
 * delete sifts the last entry down from the top, O(log n) and a cache miss per level, and
 * on bench row 5 (`timeout()` around each of 1e5 sleeps) every scope leaves in the order
 * it entered, deleting the heap's top. Gain measured 2026-12-01 in one warm process, CPU
 * time of that case, medians of 5, two interleaved pairs: Node 24 502/516 ms with the heap
 * alone, 442/468 ms with the run (~10 %); Node 20 no difference above its noise (~1.5 s,
 * where the AbortSignal each scope needs dominates). It was reverted once for a peak RSS
 * of 223 against 196 MB in fresh processes; measured again 2026-12-01 in fresh processes
 * (bench/cases.js timeout, medians of 7 interleaved, load 4.4), Node 24: CPU 571 → 543 ms,
 * wall 647 → 588 ms, peak RSS 183 MB both, so it stays.
 *
 * The timer is re-armed eagerly only when a deadline earlier than the armed one arrives.
 * When the earliest entry leaves, the timer is left to fire, finds nothing due and re-arms
 * for the new earliest: cheaper than cancelling on every exit. When the queue empties the
 * timer is cancelled, so an idle clock holds no timer (the process can exit, and
 * FakeClock.pendingTimers drops to 0).
 */
import type { Clock } from './clock.js';
import { MAX_DELAY_MS } from './errors.js';

/**
 * What a {@link DeadlineQueue} holds. The queue owns `at`, `slot` and `seq` while the
 * entry is queued; the entry only provides `expire`.
 *
 * @example
 * const entry: Expirable = { at: 0, slot: -1, seq: 0, expire: () => controller.abort() };
 * DeadlineQueue.for(clock).add(entry, clock.now() + 1000);
 */
export interface Expirable {
  /** The deadline on the clock's `now()` scale. */
  at: number;
  /** Where it is queued (owned by the queue): ≥ 0 in the heap, ≤ −2 in the run, −1 when not queued. */
  slot: number;
  /** Insertion order: equal deadlines expire first in, first out (an outer scope before the ones it encloses). */
  seq: number;
  /** Called once, synchronously from the timer, after the entry has left the queue; should not throw. */
  expire(): void;
}

const queues = new WeakMap<Clock, DeadlineQueue>();
const ignore = (): void => {};

/**
 * The deadlines armed on one clock, behind a single timer.
 *
 * @example
 * const queue = DeadlineQueue.for(clock);
 * queue.add(entry, clock.now() + 1000); // entry.expire() runs at that time...
 * queue.delete(entry);                  // ...unless it leaves first
 */
export class DeadlineQueue {
  readonly #clock: Clock;
  readonly #heap: Expirable[] = [];
  /** The FIFO run, from index `#runHead` on; entries that left are holes (null). */
  #run: (Expirable | null)[] = [];
  #runHead = 0;
  #runLive = 0;
  /** The deadline last appended to the run: a later one may follow it there. */
  #runLast = -Infinity;
  #seq = 0;
  /** The deadline the pending timer wakes for; Infinity when no timer is pending. */
  #armedAt = Infinity;
  #timer: AbortController | null = null;

  private constructor(clock: Clock) {
    this.#clock = clock;
  }

  /**
   * The clock whose deadlines it holds.
   *
   * @example
   * const now = queue.clock.now();
   */
  get clock(): Clock {
    return this.#clock;
  }

  /**
   * The queue of `clock`, created on first use; queues are per clock because deadlines
   * of different clocks are on different scales.
   *
   * @example
   * const queue = DeadlineQueue.for(systemClock);
   */
  static for(clock: Clock): DeadlineQueue {
    let queue = queues.get(clock);
    if (queue === undefined) {
      queue = new DeadlineQueue(clock);
      queues.set(clock, queue);
    }
    return queue;
  }

  /**
   * Entries queued now.
   *
   * @example
   * expect(DeadlineQueue.for(clock).size).toBe(0); // every scope has left
   */
  get size(): number {
    return this.#heap.length + this.#runLive;
  }

  /**
   * Queues `entry` to expire at `at`. It must not be queued already. A deadline that has
   * passed fires from the timer, never synchronously inside `add`.
   *
   * @example
   * queue.add(entry, clock.now() + 50);
   */
  add(entry: Expirable, at: number): void {
    entry.at = at;
    entry.seq = this.#seq++;
    if (at >= this.#runLast) {
      this.#runLast = at;
      entry.slot = -1 - this.#run.push(entry);
      this.#runLive++;
    } else {
      entry.slot = this.#heap.length;
      this.#heap.push(entry);
      this.#up(entry.slot);
    }
    if (at < this.#armedAt) this.#arm(at);
  }

  /**
   * Removes `entry` if it is queued; does nothing otherwise, so callers need no bookkeeping.
   *
   * @example
   * queue.delete(entry); // safe twice, safe after it expired
   */
  delete(entry: Expirable): void {
    const slot = entry.slot;
    if (slot <= -2) this.#runDelete(entry, -2 - slot);
    else if (slot >= 0) this.#heapDelete(entry, slot);
    if (this.#heap.length === 0 && this.#runLive === 0) this.#disarm();
  }

  #runDelete(entry: Expirable, index: number): void {
    const run = this.#run;
    if (run[index] !== entry) return;
    run[index] = null;
    entry.slot = -1;
    if (--this.#runLive === 0) {
      this.#run = [];
      this.#runHead = 0;
      this.#runLast = -Infinity;
      return;
    }
    if (index !== this.#runHead) return;
    let head = index + 1;
    while (run[head] === null) head++;
    this.#runHead = head;
    // Drop the consumed front once it is most of the array: amortised O(1) per entry.
    if (head > 1024 && head > run.length >> 1) {
      run.copyWithin(0, head);
      run.length -= head;
      for (let i = 0; i < run.length; i++) {
        const moved = run[i];
        if (moved !== null && moved !== undefined) moved.slot = -2 - i;
      }
      this.#runHead = 0;
    }
  }

  #heapDelete(entry: Expirable, slot: number): void {
    if (this.#heap[slot] !== entry) return;
    entry.slot = -1;
    const last = this.#heap.pop()!;
    if (last !== entry) {
      this.#heap[slot] = last;
      last.slot = slot;
      this.#down(slot);
      this.#up(last.slot);
    }
  }

  /** The earliest entry (by deadline, then insertion), or undefined when none is queued. */
  #first(): Expirable | undefined {
    const top = this.#heap[0];
    const head = this.#runLive > 0 ? this.#run[this.#runHead]! : undefined;
    if (top === undefined) return head;
    return head !== undefined && this.#before(head, top) ? head : top;
  }

  #arm(at: number): void {
    this.#disarm();
    const timer = new AbortController();
    this.#timer = timer;
    this.#armedAt = at;
    // Deadlines beyond Node's timer range are reached in steps: the timer fires early,
    // finds nothing due, and re-arms for the rest.
    const ms = Math.min(Math.max(0, at - this.#clock.now()), MAX_DELAY_MS);
    this.#clock.sleep(ms, timer.signal).then(() => {
      if (this.#timer === timer) this.#fire();
    }, ignore);
  }

  #disarm(): void {
    const timer = this.#timer;
    if (timer === null) return;
    this.#timer = null;
    this.#armedAt = Infinity;
    timer.abort();
  }

  #fire(): void {
    this.#timer = null;
    this.#armedAt = Infinity;
    const now = this.#clock.now();
    // expire() aborts a signal, which runs user listeners synchronously; they may add or
    // delete entries, so the queue is re-read on every turn.
    for (let top = this.#first(); top !== undefined && top.at <= now; top = this.#first()) {
      this.delete(top);
      try {
        top.expire();
      } catch (err) {
        // Report it as an event listener's error is reported, without starving the rest.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
    // A real timer may fire a fraction of a millisecond before performance.now() reaches
    // its deadline; the entry is then still queued and the timer simply re-arms.
    const next = this.#first();
    if (next !== undefined && next.at < this.#armedAt) this.#arm(next.at);
  }

  #before(a: Expirable, b: Expirable): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #up(slot: number): void {
    const heap = this.#heap;
    const entry = heap[slot]!;
    while (slot > 0) {
      const parentSlot = (slot - 1) >> 1;
      const parent = heap[parentSlot]!;
      if (!this.#before(entry, parent)) break;
      heap[slot] = parent;
      parent.slot = slot;
      slot = parentSlot;
    }
    heap[slot] = entry;
    entry.slot = slot;
  }

  #down(slot: number): void {
    const heap = this.#heap;
    const n = heap.length;
    const entry = heap[slot]!;
    for (;;) {
      let child = 2 * slot + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && this.#before(heap[right]!, heap[child]!)) child = right;
      const smaller = heap[child]!;
      if (!this.#before(smaller, entry)) break;
      heap[slot] = smaller;
      smaller.slot = slot;
      slot = child;
    }
    heap[slot] = entry;
    entry.slot = slot;
  }
}
