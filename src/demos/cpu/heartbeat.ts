import type { Clock } from '../../core/index.js';

/** How regularly a heartbeat got to run: the event loop's responsiveness, seen from a timer. */
export interface HeartbeatStats {
  intervalMs: number;
  /** Ticks that fell due while it ran. */
  expected: number;
  /** Ticks that ran. */
  received: number;
  /**
   * Ticks that never ran because the loop was busy past their time. A late tick still
   * counts as received; the latest one due when it stopped is given the benefit of the doubt.
   */
  missed: number;
  /** The longest time between two ticks (or from the start or to the stop), in ms. */
  longestGapMs: number;
}

/** A running heartbeat; {@link Heartbeat.stop} ends it and returns its statistics. */
export interface Heartbeat {
  /** Cancels the pending tick (no timer is left) and returns what was seen. Idempotent. */
  stop(): HeartbeatStats;
}

/**
 * Starts a timer that ticks every `intervalMs` on `clock`, against fixed deadlines
 * (start + k·interval) so that ordinary timer lateness never adds up to a "missed"
 * tick. When the loop was blocked past several deadlines, the next wake-up runs one
 * tick and counts the others as missed, which is what a UI redraw or a health check
 * would have suffered.
 *
 * @example
 * const beat = startHeartbeat(systemClock, 100);
 * spinFor2Seconds();
 * await sleep(1);
 * beat.stop(); // { intervalMs: 100, expected: 20, received: 1, missed: 19, longestGapMs: ~2001 }
 */
export function startHeartbeat(clock: Clock, intervalMs: number): Heartbeat {
  if (!(intervalMs > 0)) throw new RangeError(`startHeartbeat: intervalMs must be > 0, got ${intervalMs}`);
  const controller = new AbortController();
  const t0 = clock.now();
  let last = t0;
  let lastDue = 0; // the index of the latest deadline accounted for
  let received = 0;
  let missed = 0;
  let longestGapMs = 0;
  let stats: HeartbeatStats | undefined;

  // Accounts for every deadline up to `now`; the latest is `pending` (ticking now, or
  // granted grace at stop), the earlier unaccounted ones were missed.
  const account = (now: number): void => {
    const due = Math.floor((now - t0) / intervalMs);
    if (due > lastDue) missed += due - lastDue - 1;
    lastDue = Math.max(lastDue, due);
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
  };

  const beat = async (): Promise<void> => {
    for (;;) {
      const wait = t0 + (lastDue + 1) * intervalMs - clock.now();
      try {
        await clock.sleep(Math.max(0, wait), controller.signal);
      } catch {
        return; // stopped
      }
      const before = lastDue;
      account(clock.now());
      if (lastDue > before) received++;
    }
  };
  void beat();

  return {
    stop() {
      if (stats !== undefined) return stats;
      controller.abort();
      const now = clock.now();
      account(now);
      stats = { intervalMs, expected: Math.floor((now - t0) / intervalMs), received, missed, longestGapMs };
      return stats;
    },
  };
}
