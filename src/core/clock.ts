import { AbortListener, isAborted, isLastSubscriber, subscribe, unsubscribe } from './abort.js';
import { MAX_DELAY_MS } from './errors.js';

/**
 * Where time comes from. Everything in the library that waits or measures goes through
 * a Clock, so tests inject a fake one and run deterministically and instantly; this
 * file is the only one that touches real timers.
 *
 * @example
 * const t0 = clock.now();
 * await clock.sleep(100, signal);
 * const waited = clock.now() - t0; // ~100
 */
export interface Clock {
  /** Milliseconds on a monotonic scale (only differences are meaningful). */
  now(): number;
  /**
   * Resolves after `ms` milliseconds; rejects with `signal.reason` as soon as `signal`
   * aborts (at once if it already has), leaving no timer and no listener behind.
   * `ms` is trusted here: {@link sleep} validates it.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock's sleepers, kept the way Node keeps its own timers: one queue per
 * duration, in deadline order (a sleeper of the same duration created later is due
 * later), behind a single real timer armed for the queue's head.
 *
 * A `setTimeout` per sleeper would cost a Timeout object (~150 bytes), and a sleeper
 * that can be aborted needs its own record anyway; here that record is the queue entry,
 * so a million sleepers on one signal cost a promise and one small object each (fewer:
 * sleeps that share a deadline and a signal share a sleeper, see `systemClock`). The
 * queue is an array, not a linked list: the garbage collector splits an array's elements
 * among its threads, while it would follow a million-long chain one link at a time.
 * An aborted sleeper leaves a hole (O(1)); holes are skipped when the head reaches them.
 *
 * Sleepers that fall due in the same timer turn are resolved together, before any of
 * their continuations runs, as asyncio's loop does for the handles of one iteration.
 */
class SleepQueue {
  /** Sleepers from index `head` on; aborted ones are holes (null). */
  readonly items: (Sleeper | null)[] = [];
  head = 0;
  live = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The deadline the timer was armed for. */
  #armedAt = 0;
  /** The timer functions that armed it: fake timers may come and go (see append). */
  #armedWith: typeof setTimeout = setTimeout;
  #clear: typeof clearTimeout = clearTimeout;
  readonly #wake = (): void => this.#fire();

  constructor(readonly ms: number) {}

  append(sleeper: Sleeper): void {
    sleeper.slot = this.items.push(sleeper) - 1;
    this.live++;
    // The first sleeper waits exactly its ms, as it would on its own setTimeout.
    if (this.#timer === undefined) this.#arm(sleeper.at, this.ms);
    else this.checkTimers();
  }

  /**
   * Timers were faked or restored since the queue armed (a test that left a sleep
   * pending): that timer may never fire, so re-arm with today's functions. Called for
   * every sleep, a new sleeper or one that shares the last one's.
   */
  checkTimers(): void {
    if (this.#armedWith !== setTimeout) this.#rearm(performance.now());
  }

  #rearm(now: number): void {
    this.#clear(this.#timer);
    let head = this.head;
    while (this.items[head] === null) head++;
    const at = this.items[head]!.at;
    this.#arm(at, Math.max(1, Math.ceil(at - now)));
  }

  remove(sleeper: Sleeper): void {
    this.items[sleeper.slot] = null;
    sleeper.slot = -1;
    // The timer stays armed for a head that left: it fires, finds nothing due and
    // re-arms, which is cheaper than re-arming on every abort.
    if (--this.live === 0) this.#close();
  }

  #arm(at: number, delay: number): void {
    this.#armedAt = at;
    this.#armedWith = setTimeout;
    this.#clear = clearTimeout;
    // Clamped: Node turns a delay beyond 2³¹−1 ms into 1 ms (a deadline is rounded up, so
    // a re-arm for sleep(MAX_DELAY_MS) can be a millisecond past it).
    this.#timer = setTimeout(this.#wake, Math.min(MAX_DELAY_MS, delay));
  }

  #fire(): void {
    this.#timer = undefined;
    const items = this.items;
    const now = performance.now();
    // A timer that fires has waited its delay by Node's clock, as a setTimeout per sleeper
    // would have: whatever was due by the deadline it was armed for is due now, even when
    // performance.now() is a fraction of a millisecond short (Node's clock is truncated to
    // the millisecond) or has not moved at all (fake timers that leave performance alone).
    const due = Math.max(now, this.#armedAt);
    let head = this.head;
    for (; head < items.length; head++) {
      const sleeper = items[head];
      if (sleeper === null || sleeper === undefined) continue;
      if (sleeper.at > due) break;
      items[head] = null;
      sleeper.slot = -1;
      this.live--;
      unsubscribe(sleeper);
      // Resolving with undefined runs no user code synchronously (no thenable to call).
      sleeper.resolve();
    }
    this.head = head;
    if (this.live === 0) {
      this.#close();
      return;
    }
    // Drop the consumed front once it is most of the array: amortised O(1) per sleeper.
    if (head > 1024 && head > items.length >> 1) {
      items.copyWithin(0, head);
      items.length -= head;
      for (let i = 0; i < items.length; i++) {
        const sleeper = items[i];
        if (sleeper !== null && sleeper !== undefined) sleeper.slot = i;
      }
      this.head = 0;
    }
    // Measured from `due`, not `now`: under fake timers performance.now() may not move.
    const next = items[this.head]!.at;
    this.#arm(next, Math.max(1, Math.ceil(next - due)));
  }

  #close(): void {
    if (this.#timer !== undefined) this.#clear(this.#timer);
    this.#timer = undefined;
    if (queues.get(this.ms) === this) queues.delete(this.ms);
  }
}

/**
 * One pending sleep: an entry of its duration's queue, and its own abort listener. Later
 * sleeps that nothing can tell apart from it share it and its promise (see
 * {@link systemClock}'s `sleep`).
 */
class Sleeper extends AbortListener {
  /** Index in the queue's items, -1 once resolved or aborted. */
  slot = -1;
  resolve: (value?: PromiseLike<void>) => void = noop;
  promise: Promise<void> | undefined;

  constructor(
    readonly queue: SleepQueue,
    /** Its deadline on performance.now(), rounded up to a whole millisecond (so V8 stores it unboxed). */
    readonly at: number,
    readonly signal: AbortSignal | undefined,
  ) {
    super();
  }

  onabort(signal: AbortSignal): void {
    this.queue.remove(this);
    // Rejecting through resolve() costs an object and a microtask turn on this cold path,
    // and spares every sleeper its reject function (56 bytes) on the hot one.
    this.resolve(new Rejection(signal.reason));
  }
}

/**
 * A thenable that rejects whatever adopts it: resolving a promise with it rejects that
 * promise with `reason`, one microtask later. Unlike `Promise.reject(reason)` it creates
 * no rejected promise, so Node's unhandled-rejection bookkeeping never sees it.
 */
class Rejection implements PromiseLike<void> {
  constructor(readonly reason: unknown) {}
  then<R1, R2>(_: unknown, reject?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): PromiseLike<R1 | R2> {
    reject?.(this.reason);
    return this;
  }
}

const queues = new Map<number, SleepQueue>();

function noop(): void {}

/** The sleeper being created: the executor below hands it its promise's resolve function. */
let adopting: Sleeper | undefined;

/** One shared executor, so that a sleep allocates no closure to create its promise. */
function adopt(resolve: (value?: PromiseLike<void>) => void): void {
  adopting!.resolve = resolve;
}

/**
 * The real clock: `performance.now()`, and sleeps on Node's timers (see SleepQueue: one
 * Timeout per distinct duration rather than one per sleep).
 *
 * @example
 * await systemClock.sleep(250);
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep(ms, signal) {
    if (signal !== undefined && isAborted(signal)) return Promise.reject(signal.reason);
    let queue = queues.get(ms);
    if (queue === undefined) {
      queue = new SleepQueue(ms);
      queues.set(ms, queue);
    }
    const at = Math.ceil(performance.now() + ms);
    // A sleep that nothing can tell apart from the last one of its queue shares its
    // promise: same deadline (so resolved in the same timer turn, at the same place in
    // the order), same signal (so rejected by the same abort, with the same reason, and
    // that sleeper was the signal's last subscriber, so no listener sits between the two:
    // an abort tells everyone in the order they subscribed, as before). 1e5 sleeps started
    // in a loop then cost a few hundred sleepers, not 1e5 of them and their promises.
    // What can tell them apart: the two calls return the same promise object, and callbacks
    // attached to it run in the order they were attached, not all of the first sleep's
    // before the second's (which settled in the same turn anyway).
    // Earns its place on bench rows 1, 1b and 6, whose 1e5 tasks all sleep on one signal
    // (a task group's, a run's), against raw Promise.all, without → with it, medians of
    // interleaved samples on Node 20 (load 5–7 on 2 cores): row 6's engine 1.48× → 1.13×
    // (Node 24: 1.45× → 0.83×); row 1b 1.38× → 0.93×; row 1 at 1e5 1.39× → 0.77×. The
    // gather demo's per-task allocation went from 650 to 305 bytes (raw: 482).
    const last = queue.items[queue.items.length - 1];
    if (last?.at === at && last.signal === signal && (signal === undefined || isLastSubscriber(last))) {
      queue.checkTimers();
      return last.promise!;
    }
    const sleeper = new Sleeper(queue, at, signal);
    adopting = sleeper;
    const promise = new Promise<void>(adopt);
    adopting = undefined;
    sleeper.promise = promise;
    queue.append(sleeper);
    if (signal !== undefined) subscribe(signal, sleeper);
    return promise;
  },
};
