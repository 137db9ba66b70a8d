import { describe, expect, it } from 'vitest';
import { calibrate } from '../../../src/demos/cpu/calibrate.js';

/** A machine where one iteration costs `ns` ns: `spin` only moves the fake timer. */
function machine(ns: number, { firstRunSlowdown = 1 } = {}) {
  let now = 0;
  const calls: number[] = [];
  return {
    calls,
    now: () => now,
    spin: (iterations: number) => {
      // The first run of a given size may still include the optimising compiler's work.
      const cold = calls.includes(iterations) ? 1 : firstRunSlowdown;
      calls.push(iterations);
      now += (iterations * ns * cold) / 1e6;
    },
  };
}

describe('calibrate', () => {
  it('grows the probe 4× at a time until it lasts probeMs, then scales linearly to the target', () => {
    const m = machine(2);
    const c = calibrate({ targetMs: 500, spin: m.spin, now: m.now });
    // 1024·4^7 = 16 777 216 iterations is the first probe to last ≥ 25 ms (33.6 ms), run twice.
    expect(m.calls).toEqual([1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 16777216]);
    expect(c.iterations).toBe(250_000_000);
    expect(c.nsPerIteration).toBeCloseTo(2, 12);
    expect(c.probeIterations).toBe(16_777_216);
    const spent = (m.calls.reduce((a, b) => a + b, 0) * 2) / 1e6;
    expect(c.spentMs).toBeCloseTo(spent, 9);
  });

  it('keeps the faster of the two final probes, so a cold first run does not shrink the task', () => {
    const m = machine(1, { firstRunSlowdown: 3 });
    const c = calibrate({ targetMs: 100, spin: m.spin, now: m.now });
    expect(c.nsPerIteration).toBeCloseTo(1, 12);
    expect(c.iterations).toBe(100_000_000);
  });

  it('probes no longer than the target itself when the target is short', () => {
    const m = machine(1);
    const c = calibrate({ targetMs: 2, spin: m.spin, now: m.now });
    // 1024·4^5 = 1 048 576 iterations (1.05 ms) is below 2 ms; 4 194 304 (4.2 ms) is not.
    expect(c.probeIterations).toBe(4_194_304);
    expect(c.iterations).toBe(2_000_000);
  });

  it('honours probeMs and startIterations, and never returns fewer than one iteration', () => {
    const m = machine(1000);
    const c = calibrate({ targetMs: 0.0001, spin: m.spin, now: m.now, probeMs: 10, startIterations: 7 });
    expect(m.calls[0]).toBe(7);
    expect(c.iterations).toBe(1);
  });

  it('refuses a target that is not a positive finite number', () => {
    const m = machine(1);
    for (const targetMs of [0, -5, Number.NaN, Infinity]) {
      expect(() => calibrate({ targetMs, spin: m.spin, now: m.now })).toThrow(RangeError);
    }
    expect(m.calls).toEqual([]);
  });

  it('gives up instead of looping for ever when the timer does not move', () => {
    let calls = 0;
    expect(() => calibrate({ targetMs: 10, spin: () => calls++, now: () => 42 })).toThrow(/is the timer moving/);
    expect(calls).toBeLessThan(30);
  });
});
