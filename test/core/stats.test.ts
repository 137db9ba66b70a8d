import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentile, ratioStddev, summarize } from '../../src/core/stats.js';

describe('summarize', () => {
  it('computes median, mean, min, max and the sample (n − 1) standard deviation', () => {
    expect(summarize([1000, 1002, 1001])).toEqual({
      median: 1001,
      mean: 1001,
      min: 1000,
      max: 1002,
      stddev: 1,
      samples: [1000, 1002, 1001],
    });
    // The population stddev of these is exactly 2; the sample one divides by n − 1 instead.
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.stddev).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('takes the middle pair’s mean as the median of an even count', () => {
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
    expect(summarize([10, 20]).median).toBe(15);
  });

  it('reports a single run with stddev 0', () => {
    expect(summarize([42])).toEqual({ median: 42, mean: 42, min: 42, max: 42, stddev: 0, samples: [42] });
  });

  it('keeps the samples in run order, as a copy, without touching the input', () => {
    const input = [3, 1, 2];
    const s = summarize(input);
    expect(s.samples).toEqual([3, 1, 2]);
    expect(input).toEqual([3, 1, 2]);
    input.push(100);
    expect(s.samples).toEqual([3, 1, 2]);
  });

  it('refuses an empty list', () => {
    expect(() => summarize([])).toThrow(RangeError);
  });

  it('always has min ≤ median ≤ max, min ≤ mean ≤ max and stddev ≥ 0', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (xs) => {
        const s = summarize(xs);
        const eps = 1e-9 * Math.max(1, s.max);
        expect(s.min).toBe(Math.min(...xs));
        expect(s.max).toBe(Math.max(...xs));
        expect(s.median).toBeGreaterThanOrEqual(s.min);
        expect(s.median).toBeLessThanOrEqual(s.max);
        expect(s.mean).toBeGreaterThanOrEqual(s.min - eps);
        expect(s.mean).toBeLessThanOrEqual(s.max + eps);
        expect(s.stddev).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('ratioStddev', () => {
  it("propagates both relative spreads into the ratio's (hyperfine's formula)", () => {
    expect(ratioStddev(3, { mean: 3000, stddev: 30 }, { mean: 1000, stddev: 10 })).toBeCloseTo(3 * Math.sqrt(2e-4), 12);
    expect(ratioStddev(2, { mean: 100, stddev: 0 }, { mean: 50, stddev: 5 })).toBeCloseTo(0.2, 12);
  });

  it('is 0 for single runs, and treats a zero mean as no spread instead of dividing by it', () => {
    expect(ratioStddev(3, { mean: 3000, stddev: 0 }, { mean: 1000, stddev: 0 })).toBe(0);
    expect(ratioStddev(1, { mean: 0, stddev: 5 }, { mean: 0, stddev: 5 })).toBe(0);
  });
});

describe('percentile', () => {
  it('returns the nearest-rank value of sorted data', () => {
    const xs = [1, 2, 3, 4];
    expect(percentile(xs, 50)).toBe(2);
    expect(percentile(xs, 75)).toBe(3);
    expect(percentile(xs, 76)).toBe(4);
    expect(percentile(xs, 100)).toBe(4);
    expect(percentile([15, 20, 35, 40, 50], 30)).toBe(20);
    expect(percentile([15, 20, 35, 40, 50], 40)).toBe(20);
    expect(percentile([15, 20, 35, 40, 50], 50)).toBe(35);
  });

  it('clamps to the first and last values', () => {
    expect(percentile([5, 6, 7], 0)).toBe(5);
    expect(percentile([5, 6, 7], -10)).toBe(5);
    expect(percentile([5, 6, 7], 150)).toBe(7);
  });

  it('is NaN for no data', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});
