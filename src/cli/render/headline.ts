import type { Speedup } from '../../core/measure.js';
import type { Style } from '../style.js';
import { formatPercent, formatRatio } from './format.js';

/**
 * One comparison as a sentence, hyperfine's summary plus what its users asked for:
 * the ideal speedup and how much of it was reached. A ratio below 1 is turned round
 * (`1.25× slower`), its ± propagated through the reciprocal (σ/v²); the ± shows only
 * with two or more runs, since one run has no spread to report.
 *
 * @example
 * headline({ variant: 'gather', baseline: 'sequential', value: 2.9934, stddev: 0.018,
 *            ideal: 3, efficiency: 0.9978 }, 3, style);
 * // 'gather ran 2.99 ± 0.02× faster than sequential (ideal 3.00×, efficiency 99.8%)'
 */
export function headline(s: Speedup, runs: number, style: Style): string {
  const { c } = style;
  const tail = c.dim(`(ideal ${formatRatio(s.ideal)}×, efficiency ${formatPercent(s.efficiency)})`);
  if (!(s.value > 0)) {
    return `${c.bold(s.variant)} vs ${s.baseline}: speedup n/a ${tail}`;
  }
  const faster = s.value >= 1;
  const shown = faster ? s.value : 1 / s.value;
  const spread = faster ? s.stddev : s.stddev / (s.value * s.value);
  const ratio = runs >= 2 ? `${formatRatio(shown)} ± ${formatRatio(spread)}×` : `${formatRatio(shown)}×`;
  const paint = faster ? c.green.bold : c.red.bold;
  return `${c.bold(s.variant)} ran ${paint(ratio)} ${faster ? 'faster' : 'slower'} than ${s.baseline} ${tail}`;
}
