import { describe, expect, it } from 'vitest';
import { rotatedUnits, timeUnit, unitMs } from '../../../src/demos/shared/timing.js';

describe('demo timing helpers', () => {
  it('rotates the units so the first task listed is not the first done (3, 1, 2 for three)', () => {
    const units = (n: number) => Array.from({ length: n }, (_, i) => rotatedUnits(i, n));
    expect(units(1)).toEqual([1]);
    expect(units(3)).toEqual([3, 1, 2]);
    expect(units(4)).toEqual([4, 1, 2, 3]);
    // Every task takes a different whole number of units from 1 to n.
    expect([...units(10)].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('scales the delay and says a time unit is one', () => {
    expect(unitMs({ delayMs: 1000, scale: 0.1 })).toBe(100);
    expect(timeUnit(1000, 'A takes 2 units')).toEqual({ defaultMs: 1000, help: 'the time unit: A takes 2 units' });
  });
});
