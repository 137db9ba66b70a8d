/**
 * Welch's two-sample t-test: do two sets of timings differ by more than their spread
 * explains? Unlike Student's test it does not assume equal variances, which two
 * machines, two Node versions or a loaded CI runner do not give. The statistic and the
 * Welch–Satterthwaite degrees of freedom are two lines of algebra; the t distribution
 * itself comes from jstat rather than a hand-written incomplete beta function.
 */
import { createRequire } from 'node:module';
import type JStat from 'jstat';

// jstat is CommonJS, loaded on the first test rather than with every command that
// imports this module (most never compare anything).
const require = createRequire(import.meta.url);
let jStat: typeof JStat | undefined;

/** What {@link welchTest} found. */
export interface WelchResult {
  method: 'welch-t';
  /** (mean a − mean b) / standard error; ±Infinity when neither side varies but the means differ. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom; NaN when neither side varies. */
  df: number;
  /** Two-sided p-value: how likely a difference this large is if the means were equal. */
  p: number;
  /** `p < alpha`. */
  significant: boolean;
}

/** The smallest sample on each side for which {@link welchTest} answers. */
export const MIN_SAMPLES = 3;

/**
 * Welch's two-sided t-test of `a` against `b` at level `alpha` (0.05 by default).
 * Returns undefined when either side has fewer than {@link MIN_SAMPLES} values: two
 * timings say nothing about a spread. Two sides without any spread (a fake clock)
 * differ significantly exactly when their means differ.
 *
 * @example
 * welchTest([100, 101, 99], [200, 202, 198]); // { method: 'welch-t', t: ≈ -73.5, df: ≈ 2.9, p: ≈ 1e-5, significant: true }
 * welchTest([100, 101], [200, 202]);          // undefined
 */
export function welchTest(a: readonly number[], b: readonly number[], alpha = 0.05): WelchResult | undefined {
  if (a.length < MIN_SAMPLES || b.length < MIN_SAMPLES) return undefined;
  const [ma, va] = meanVariance(a);
  const [mb, vb] = meanVariance(b);
  const sa = va / a.length;
  const sb = vb / b.length;
  const se = Math.sqrt(sa + sb);
  if (se === 0) {
    const differ = ma !== mb;
    return { method: 'welch-t', t: differ ? (ma > mb ? Infinity : -Infinity) : 0, df: Number.NaN, p: differ ? 0 : 1, significant: differ };
  }
  const t = (ma - mb) / se;
  const df = (sa + sb) ** 2 / (sa ** 2 / (a.length - 1) + sb ** 2 / (b.length - 1));
  jStat ??= require('jstat') as typeof JStat;
  const p = Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(t), df));
  return { method: 'welch-t', t, df, p, significant: p < alpha };
}

/** Mean and sample variance (n − 1). */
function meanVariance(xs: readonly number[]): [number, number] {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let squares = 0;
  for (const x of xs) squares += (x - mean) ** 2;
  return [mean, squares / (xs.length - 1)];
}
