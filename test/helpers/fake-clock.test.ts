import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.js';

describe('FakeClock', () => {
  it('fires timers in deadline order, FIFO among equal deadlines, and moves time only when told', async () => {
    const clock = new FakeClock();
    const order: string[] = [];
    const sleeps = [
      clock.sleep(200).then(() => order.push('b')),
      clock.sleep(100).then(() => order.push('a1')),
      clock.sleep(100).then(() => order.push('a2')),
    ];
    await clock.advance(99);
    expect(order).toEqual([]);
    await clock.advance(1);
    expect(order).toEqual(['a1', 'a2']);
    await clock.run(Promise.all(sleeps));
    expect(order).toEqual(['a1', 'a2', 'b']);
    expect(clock.now()).toBe(200);
  });

  it('drops aborted timers and rejects them with the reason', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(1000, controller.signal);
    expect(clock.pendingTimers).toBe(1);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(clock.pendingTimers).toBe(0);
    expect(clock.nextAt).toBeUndefined();
  });

  it('handles 100 000 due timers and 100 000 aborted ones in one go', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const due = Array.from({ length: 100_000 }, (_, i) => clock.sleep(1000 + (i % 7)));
    const aborted = Array.from({ length: 100_000 }, () => clock.sleep(5000, controller.signal).catch(() => 'aborted'));
    controller.abort();
    expect(clock.pendingTimers).toBe(100_000);
    await clock.run(Promise.all([...due, ...aborted]));
    expect(clock.pendingTimers).toBe(0);
    expect(clock.now()).toBe(1006);
    // 3 s on a quiet machine, over 20 s on a loaded one: a size check, not a speed check.
  }, 60_000);

  it('refuses to run a promise that can never settle', async () => {
    const clock = new FakeClock();
    await expect(clock.run(new Promise(() => {}))).rejects.toThrow(/no timer is left/);
  });
});
