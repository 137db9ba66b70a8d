import { NO_SPEEDUP_IDEAL } from '../../core/caveats.js';
import type { Speedup } from '../../core/measure.js';
import type { Style } from '../style.js';
import { formatPercent, formatRatio } from './format.js';

/**
 * One comparison as a sentence, hyperfine's summary plus what its users asked for:
 * the ideal speedup (and where it comes from, when measured rather than planned) and
 * how much of it was reached; where the ideal is 1× (no speedup possible), it says so
 * instead of calling a few percent of noise "faster". A ratio below 1 is turned round
 * (`1.25× slower`), its ± propagated through the reciprocal (σ/v²); the ± shows only
 * with two or more runs, since one run has no spread to report. Where the plan itself
 * has the variant slower (an ideal below 1×), the plan is said the same way
 * (`limited ran 1.45× slower than concurrent (planned 2.00× slower)`), with no efficiency.
 *
 * @example
 * headline({ variant: 'gather', baseline: 'sequential', value: 2.9934, stddev: 0.018,
 *            ideal: 3, efficiency: 0.9978 }, 3, style);
 * // 'gather ran 2.99 ± 0.02× faster than sequential (ideal 3.00×, efficiency 99.8%)'
 */
export function headline(s: Speedup, runs: number, style: Style, idealFrom: 'plan' | 'measured' = 'plan'): string {
  const { c } = style;
  const source = idealFrom === 'measured' ? ` from ${s.baseline}'s measured spans` : '';
  // The baseline is the faster plan (fetch-all --variants concurrent,limited): an
  // "ideal 0.50×" beside "slower" reads backwards, and an efficiency (the share of an
  // ideal speedup reached) has no speedup to measure here: above 100% it would only
  // say the baseline ran further over its plan. The plan is said the way the run is.
  const slower = `${formatRatio(1 / s.ideal)}× slower`;
  const tail = c.dim(
    plannedSlowdown(s.ideal)
      ? `(${idealFrom === 'measured' ? `expected ${slower}${source}` : `planned ${slower}`})`
      : `(ideal ${formatRatio(s.ideal)}×${source}, efficiency ${formatPercent(s.efficiency)})`,
  );
  if (!(s.value > 0)) {
    return `${c.bold(s.variant)} vs ${s.baseline}: speedup n/a ${tail}`;
  }
  const faster = s.value >= 1;
  const shown = faster ? s.value : 1 / s.value;
  const spread = faster ? s.stddev : s.stddev / (s.value * s.value);
  const ratio = runs >= 2 ? `${formatRatio(shown)} ± ${formatRatio(spread)}×` : `${formatRatio(shown)}×`;
  if (Math.abs(s.ideal - 1) < NO_SPEEDUP_IDEAL) {
    // The lesson is "no faster" (cpu's promise-all): a few percent either way is noise,
    // and calling it "faster" would teach the opposite.
    const same = Math.abs(s.value - 1) < NO_SPEEDUP_IDEAL ? 'took about as long as' : `took ${ratio} ${faster ? 'less' : 'more'} time than`;
    return `${c.bold(s.variant)} ${same} ${s.baseline}: ${c.dim(`no speedup expected (ideal ${formatRatio(s.ideal)}×${source})`)}`;
  }
  const paint = faster ? c.green.bold : c.red.bold;
  return `${c.bold(s.variant)} ran ${paint(ratio)} ${faster ? 'faster' : 'slower'} than ${s.baseline} ${tail}`;
}

/**
 * Whether an ideal plans the variant slower than its baseline, outside the margin where
 * no speedup is expected (0.50× is "planned 2.00× slower"); such a comparison has no
 * efficiency to claim.
 *
 * @example
 * plannedSlowdown(0.5); // true
 * plannedSlowdown(0.95); // false: about 1×, no speedup expected
 */
export function plannedSlowdown(ideal: number): boolean {
  // The same test as "no speedup expected", so that no ideal is both.
  return ideal < 1 && !(Math.abs(ideal - 1) < NO_SPEEDUP_IDEAL);
}

