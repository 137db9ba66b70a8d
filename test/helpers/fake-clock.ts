import { onAbort } from '../../src/core/abort.js';
import type { Clock } from '../../src/core/clock.js';

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
  live: boolean;
}

/** Lets every pending promise callback run (microtasks drain before setImmediate fires). */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A deterministic Clock for tests: time moves only when the test says so, and timers
 * fire in deadline order (FIFO among equal deadlines), with promise callbacks drained
 * between deadlines, exactly as the event loop would run them.
 *
 * @example
 * const clock = new FakeClock();
 * const done = sleep(1000, { clock });
 * await clock.advance(999);  // not yet
 * await clock.advance(1);    // resolves `done`
 * // or simply: const value = await clock.run(somePromise) — jumps from timer to timer.
 */
export class FakeClock implements Clock {
  #now = 0;
  #seq = 0;
  // Sorted by deadline; cancelled timers stay in place (marked dead) and are skipped, so
  // aborting 100 000 sleepers at once is linear rather than a splice each.
  #timers: Timer[] = [];
  #live = 0;

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      let off = (): void => {};
      const timer = this.#add(this.#now + ms, () => {
        off();
        resolve();
      });
      if (signal !== undefined) {
        off = onAbort(signal, () => {
          this.#remove(timer);
          reject(signal.reason);
        });
      }
    });
  }

  /** Timers still waiting: a primitive that cleaned up after itself leaves none. */
  get pendingTimers(): number {
    return this.#live;
  }

  /** The deadline of the next timer, or undefined when none is pending. */
  get nextAt(): number | undefined {
    return this.#next()?.at;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.#now + ms);
  }

  /** Moves time forward to `at`, firing every timer due by then. */
  async advanceTo(at: number): Promise<void> {
    await flush();
    for (;;) {
      const next = this.#next();
      if (next === undefined || next.at > at) break;
      this.#fireDue(next.at);
      await flush();
    }
    this.#now = Math.max(this.#now, at);
  }

  /**
   * Drives time from timer to timer until `promise` settles, then returns (or throws)
   * its result. Throws if it can never settle: no timer is left and it is still pending.
   */
  async run<T>(promise: Promise<T>, { maxSteps = 1_000_000 } = {}): Promise<T> {
    let settled = false;
    const watched = promise.finally(() => {
      settled = true;
    });
    watched.catch(() => {});
    await flush();
    for (let step = 0; !settled; step++) {
      const next = this.#next();
      if (next === undefined) throw new Error(`FakeClock.run: the promise is still pending at ${this.#now} ms and no timer is left`);
      if (step >= maxSteps) throw new Error(`FakeClock.run: still pending after ${maxSteps} steps`);
      this.#fireDue(next.at);
      await flush();
    }
    return watched;
  }

  /** Fires every pending timer, advancing time as needed, until none is left. */
  async runAll(): Promise<void> {
    await flush();
    for (let next = this.#next(); next !== undefined; next = this.#next()) {
      this.#fireDue(next.at);
      await flush();
    }
  }

  /** The first live timer, dropping dead ones from the front. */
  #next(): Timer | undefined {
    let dead = 0;
    while (dead < this.#timers.length && !this.#timers[dead]!.live) dead++;
    if (dead > 0) this.#timers.splice(0, dead);
    return this.#timers[0];
  }

  #fireDue(at: number): void {
    this.#now = Math.max(this.#now, at);
    let due = 0;
    while (due < this.#timers.length && this.#timers[due]!.at <= at) due++;
    // One splice for the whole batch: shifting one by one is quadratic past ~16k timers.
    for (const timer of this.#timers.splice(0, due)) {
      if (!timer.live) continue;
      timer.live = false;
      this.#live--;
      timer.fire();
    }
  }

  #add(at: number, fire: () => void): Timer {
    const timer: Timer = { at, seq: this.#seq++, fire, live: true };
    // Binary search keeps insertion O(log n) to find, FIFO among equal deadlines.
    let lo = 0;
    let hi = this.#timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#timers[mid]!.at <= at) lo = mid + 1;
      else hi = mid;
    }
    this.#timers.splice(lo, 0, timer);
    this.#live++;
    return timer;
  }

  #remove(timer: Timer): void {
    if (!timer.live) return;
    timer.live = false;
    this.#live--;
  }
}
