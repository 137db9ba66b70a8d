import { describe, expect, it } from 'vitest';
import { spin } from '../../../src/demos/cpu/work.js';

/** The same hash written plainly: one flat loop over a chunk-local counter. */
function reference(iterations: number): number {
  const chunk = 1 << 20;
  let h = 0x811c9dc5 | 0;
  for (let k = 0; k < iterations; k++) h = Math.imul(h ^ (k % chunk), 0x01000193);
  return h >>> 0;
}

describe('spin', () => {
  it('returns the FNV offset basis for no work, and one FNV-1a round for one iteration', () => {
    expect(spin(0)).toBe(0x811c9dc5);
    expect(spin(1)).toBe(Math.imul(0x811c9dc5 | 0, 0x01000193) >>> 0);
  });

  it('matches the plain hash across a chunk boundary, so long tasks do the same work per iteration', () => {
    for (const n of [2, 1000, (1 << 20) - 1, 1 << 20, (1 << 20) + 3]) expect(spin(n)).toBe(reference(n));
  });

  it('gives different checksums for different amounts of work', () => {
    expect(new Set([10, 11, 12, 1000].map(spin)).size).toBe(4);
  });
});
