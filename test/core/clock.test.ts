// Real time: short delays, loose bounds. A busy 2-core CI box may run a timer very late,
// and a timer may also fire a little early by performance.now(), because Node starts it
// from libuv's cached loop time, which lags while a long task runs.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';

const activeTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('systemClock', () => {
  it('now() is monotonic milliseconds on the performance.now() scale', () => {
    const a = systemClock.now();
    const p = performance.now();
    const b = systemClock.now();
    expect(b).toBeGreaterThanOrEqual(a);
    expect(p).toBeGreaterThanOrEqual(a);
    expect(p).toBeLessThanOrEqual(b);
  });

  it('sleep(ms) waits about ms of real time, with or without a signal', async () => {
    for (const signal of [undefined, new AbortController().signal]) {
      const t0 = systemClock.now();
      await systemClock.sleep(30, signal);
      const elapsed = systemClock.now() - t0;
      expect(elapsed).toBeGreaterThanOrEqual(20);
      expect(elapsed).toBeLessThan(2000);
      if (signal) expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    }
  });

  it('an abort rejects with signal.reason at once, and clears the timer and the listener', async () => {
    const controller = new AbortController();
    const before = activeTimers();
    const t0 = systemClock.now();
    const slept = systemClock.sleep(60_000, controller.signal);
    expect(activeTimers()).toBe(before + 1);
    const reason = new Error('stop');
    controller.abort(reason);
    expect(activeTimers()).toBe(before); // cleared synchronously, before any event-loop turn
    await expect(slept).rejects.toBe(reason);
    expect(systemClock.now() - t0).toBeLessThan(2000);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('an already-aborted signal rejects with its reason without creating a timer', async () => {
    const reason = new Error('too late');
    const before = activeTimers();
    const slept = systemClock.sleep(60_000, AbortSignal.abort(reason));
    expect(activeTimers()).toBe(before);
    await expect(slept).rejects.toBe(reason);
  });
});
