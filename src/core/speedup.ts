import type { Speedup, SpeedupInvalid, VariantResult } from './measure-types.js';
import { ratioStddev } from './stats.js';

/**
 * Every variant's speedup against the baseline (the headline first, then the others in
 * variant order), each marked invalid where {@link comparability} says the two did not
 * do the same work; none when the baseline has no completed run.
 *
 * @example
 * speedups(results, 'sequential', 'gather')[0]; // { variant: 'gather', baseline: 'sequential', value: ~3, ideal: 3, … }
 */
export function speedups(results: readonly VariantResult[], baseline: string, headline?: string): Speedup[] {
  const base = results.find((r) => r.name === baseline);
  if (base?.ms == null) return [];
  const list: Speedup[] = [];
  for (const r of results) {
    if (r.name === baseline || r.ms === null) continue;
    const value = base.ms.median / r.ms.median;
    const ideal = base.plannedMs / r.plannedMs;
    const speedup: Speedup = {
      variant: r.name,
      baseline,
      value,
      stddev: ratioStddev(value, base.ms, r.ms),
      ideal,
      efficiency: value / ideal,
      valid: true,
    };
    const invalid = comparability(base, r);
    if (invalid !== undefined) {
      speedup.valid = false;
      speedup.invalid = invalid;
    }
    list.push(speedup);
  }
  const first = list.findIndex((s) => s.variant === headline);
  if (first > 0) list.unshift(...list.splice(first, 1));
  return list;
}

/**
 * Why `base` and `other` cannot be compared as a speedup, or undefined when they can:
 * a ratio of times means "faster" only when both did the same work and all of it
 * succeeded (a loop that stops at the first failure is quick because it gave up).
 *
 * @example
 * comparability(sequential, gather); // 'failed' when either has an error span or a failed body
 */
export function comparability(
  base: Pick<VariantResult, 'spans' | 'error'>,
  other: Pick<VariantResult, 'spans' | 'error'>,
): SpeedupInvalid | undefined {
  const failed = (r: Pick<VariantResult, 'spans' | 'error'>): boolean =>
    r.error !== undefined || r.spans.some((s) => s.outcome === 'error');
  if (failed(base) || failed(other)) return 'failed';
  const tally = (r: Pick<VariantResult, 'spans'>): string => {
    let ok = 0;
    let cancelled = 0;
    for (const s of r.spans) {
      if (s.outcome === 'ok') ok++;
      else cancelled++;
    }
    return `${ok}/${cancelled}`;
  };
  return tally(base) === tally(other) ? undefined : 'different-work';
}
