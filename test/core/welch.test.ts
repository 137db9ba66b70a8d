import { describe, expect, it } from 'vitest';
import { MIN_SAMPLES, welchTest } from '../../src/core/welch.js';

describe('welchTest', () => {
  it("agrees with the t distribution's closed form at 2 degrees of freedom: p = 1 − |t| / √(t² + 2)", () => {
    // [5,5,5] against [5,5,6]: t = −1, df = 2 exactly (one side has no spread).
    const r = welchTest([5, 5, 5], [5, 5, 6])!;
    expect(r.t).toBeCloseTo(-1, 12);
    expect(r.df).toBeCloseTo(2, 12);
    expect(r.p).toBeCloseTo(1 - 1 / Math.sqrt(3), 9);
    expect(r.significant).toBe(false);
    // A larger outlier widens the spread as much as it moves the mean: t stays −1.
    expect(welchTest([5, 5, 5], [5, 5, 17])!.t).toBeCloseTo(-1, 12);
    const shifted = welchTest([10, 10, 10], [5, 5, 6])!;
    expect(shifted.t).toBeCloseTo((10 - 16 / 3) / Math.sqrt(1 / 9), 9);
    expect(shifted.p).toBeCloseTo(1 - Math.abs(shifted.t) / Math.sqrt(shifted.t ** 2 + 2), 9);
    expect(shifted.significant).toBe(true);
  });

  it('uses the Welch–Satterthwaite degrees of freedom for unequal variances', () => {
    const a = [19.7, 20.1, 20.5, 19.9];
    const b = [21.0, 20.7, 21.5, 20.9, 21.2];
    const r = welchTest(a, b)!;
    const va = 0.35 / 3 / 4;
    const vb = 0.372 / 4 / 5;
    expect(r.t).toBeCloseTo((20.05 - 21.06) / Math.sqrt(va + vb), 9);
    expect(r.df).toBeCloseTo((va + vb) ** 2 / (va ** 2 / 3 + vb ** 2 / 4), 9);
    expect(r.p).toBeGreaterThan(0.001);
    expect(r.p).toBeLessThan(0.01);
    // Symmetric: swapping the sides flips t, not p.
    const back = welchTest(b, a)!;
    expect(back.t).toBeCloseTo(-r.t, 12);
    expect(back.p).toBeCloseTo(r.p, 12);
  });

  it('answers only with 3 or more samples a side', () => {
    expect(MIN_SAMPLES).toBe(3);
    expect(welchTest([1, 2], [1, 2, 3])).toBeUndefined();
    expect(welchTest([1, 2, 3], [4])).toBeUndefined();
    expect(welchTest([1, 2, 3], [4, 5, 6])).toBeDefined();
  });

  it('without any spread (a fake clock): significant exactly when the means differ', () => {
    expect(welchTest([100, 100, 100], [100, 100, 100])).toMatchObject({ p: 1, significant: false, t: 0 });
    expect(welchTest([100, 100, 100], [200, 200, 200])).toMatchObject({ p: 0, significant: true, t: -Infinity });
  });

  it('takes its level from alpha', () => {
    const r = welchTest([10, 10, 10], [5, 5, 6])!;
    expect(welchTest([10, 10, 10], [5, 5, 6], r.p / 2)!.significant).toBe(false);
    expect(welchTest([10, 10, 10], [5, 5, 6], r.p * 2)!.significant).toBe(true);
  });
});
