import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import { startHeartbeat } from '../../../src/demos/cpu/heartbeat.js';
import { FakeClock, flush } from '../../helpers/fake-clock.js';

/**
 * A fake clock whose reading can jump without any timer firing: what a blocked event
 * loop looks like to a timer, which only runs once the loop is free again.
 */
function blockable() {
  const fake = new FakeClock();
  let blocked = 0;
  const clock: Clock = { now: () => fake.now() + blocked, sleep: (ms, signal) => fake.sleep(ms, signal) };
  return { fake, clock, block: (ms: number) => void (blocked += ms) };
}

describe('startHeartbeat', () => {
  it('ticks on fixed deadlines: a free loop misses nothing and leaves no timer once stopped', async () => {
    const clock = new FakeClock();
    const beat = startHeartbeat(clock, 100);
    await clock.advance(1050);
    const stats = beat.stop();
    expect(stats).toEqual({ intervalMs: 100, expected: 10, received: 10, missed: 0, longestGapMs: 100 });
    expect(clock.pendingTimers).toBe(0);
  });

  it('counts the deadlines a block swallowed as missed, and the late tick as received', async () => {
    const { fake, clock, block } = blockable();
    const beat = startHeartbeat(clock, 100);
    await fake.advance(50);
    block(2000); // the loop is busy from 50 to 2050
    await fake.advance(50); // the 100 ms tick finally runs, at 2100
    await fake.advance(100); // back on schedule: 2200
    const stats = beat.stop();
    // Deadlines 100…2100 fell due during the block: the one at 2100 ran, 20 did not.
    expect(stats).toEqual({ intervalMs: 100, expected: 22, received: 2, missed: 20, longestGapMs: 2100 });
    expect(fake.pendingTimers).toBe(0);
  });

  it('gives the latest deadline the benefit of the doubt when stopped straight after a block', async () => {
    const { fake, clock, block } = blockable();
    const beat = startHeartbeat(clock, 100);
    await fake.advance(10);
    block(2000);
    const stats = beat.stop(); // at 2010, before any tick could run
    expect(stats).toEqual({ intervalMs: 100, expected: 20, received: 0, missed: 19, longestGapMs: 2010 });
    await flush();
    expect(fake.pendingTimers).toBe(0);
  });

  it('resyncs to its deadlines after a late wake-up instead of drifting', async () => {
    const { fake, clock, block } = blockable();
    const beat = startHeartbeat(clock, 100);
    await fake.advance(99);
    block(30); // the tick due at 100 runs at 130
    await fake.advance(1);
    expect(clock.now()).toBe(130);
    expect(fake.nextAt).toBe(170); // 200 on the blocked clock, not 230
    await fake.advance(70);
    expect(beat.stop()).toMatchObject({ expected: 2, received: 2, missed: 0, longestGapMs: 130 });
  });

  it('returns the same figures when stopped twice, and refuses a non-positive interval', async () => {
    const clock = new FakeClock();
    const beat = startHeartbeat(clock, 100);
    await clock.advance(250);
    const first = beat.stop();
    await clock.advance(1000);
    expect(beat.stop()).toBe(first);
    expect(first.received).toBe(2);
    expect(() => startHeartbeat(clock, 0)).toThrow(RangeError);
    expect(() => startHeartbeat(clock, Number.NaN)).toThrow(RangeError);
  });
});
