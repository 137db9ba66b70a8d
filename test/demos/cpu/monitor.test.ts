import { describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../../src/core/clock.js';
import { startLoopMonitor } from '../../../src/demos/cpu/monitor.js';
import { FakeClock } from '../../helpers/fake-clock.js';

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/** The system clock, counting the sleeps still pending: a monitor that cleans up leaves none. */
function countingClock(): Clock & { pending: number } {
  const clock = {
    pending: 0,
    now: () => systemClock.now(),
    sleep(ms: number, signal?: AbortSignal) {
      clock.pending++;
      return systemClock.sleep(ms, signal).finally(() => clock.pending--);
    },
  };
  return clock;
}

describe('startLoopMonitor', () => {
  // Real time, on purpose: the histogram is Node's own. A block that starts at once
  // must still be seen, which is why the monitor primes it before resolving.
  it('sees a block that starts as soon as it resolves, in the delay, the heartbeat and the utilisation', async () => {
    const clock = countingClock();
    const monitor = await startLoopMonitor({ clock, heartbeatMs: 50 });
    expect(clock.pending).toBe(1); // the heartbeat's next tick
    busy(250);
    const stats = await monitor.stop();
    expect(stats.delay.resolutionMs).toBe(10);
    expect(stats.delay.samples).toBeGreaterThanOrEqual(1);
    expect(stats.delay.maxMs).toBeGreaterThanOrEqual(250);
    expect(stats.delay.p99Ms).toBeGreaterThanOrEqual(250);
    expect(stats.blockedMs).toBeCloseTo(stats.delay.maxMs - 10, 9);
    expect(stats.heartbeat.intervalMs).toBe(50);
    expect(stats.heartbeat.missed).toBeGreaterThanOrEqual(3);
    expect(stats.heartbeat.longestGapMs).toBeGreaterThanOrEqual(250);
    expect(stats.utilization).toBeGreaterThan(0.9);
    await new Promise((resolve) => setImmediate(resolve)); // the aborted heartbeat sleep settles
    expect(clock.pending).toBe(0);
  });

  it('reports a free loop as free: delays near the resolution, no missed tick, low utilisation', async () => {
    const monitor = await startLoopMonitor({ clock: systemClock, heartbeatMs: 50 });
    await systemClock.sleep(220);
    const stats = await monitor.stop();
    expect(stats.delay.samples).toBeGreaterThanOrEqual(5);
    expect(stats.delay.p50Ms).toBeGreaterThanOrEqual(9);
    // Loose: a busy 2-core machine delays timers, but nowhere near a blocked loop.
    expect(stats.delay.p50Ms).toBeLessThan(100);
    expect(stats.heartbeat.received).toBeGreaterThanOrEqual(3);
    expect(stats.utilization).toBeLessThan(0.5);
  });

  it('runs its waits and heartbeat on the injected clock, stops once, and leaves no timer', async () => {
    const clock = new FakeClock();
    const monitor = await clock.run(startLoopMonitor({ clock, heartbeatMs: 100, resolutionMs: 20 }));
    expect(clock.now()).toBe(21); // primed: one sampling period and a millisecond
    await clock.advance(279);
    const stop = monitor.stop();
    expect(monitor.stop()).toBe(stop);
    const stats = await clock.run(stop);
    expect(stats.delay.resolutionMs).toBe(20);
    expect(stats.heartbeat).toMatchObject({ intervalMs: 100, expected: 3, received: 3, missed: 0 });
    expect(clock.pendingTimers).toBe(0);
  });
});
