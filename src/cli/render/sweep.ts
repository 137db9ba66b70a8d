import type { SweepPoint } from '../../demos/limit.js';
import { concurrencyVariant } from '../../demos/shared/concurrency.js';
import type { Style } from '../style.js';
import type { DetailContext, DetailRenderer } from './details.js';
import { formatMs, shownRun } from './format.js';
import { padStart } from './text.js';

/** Rows of the plot, top (the slowest time) to bottom (0). */
const ROWS = 9;

/**
 * Renders the `sweep` detail of the limit demo as a chart of time (up) against
 * concurrency (across), each measured point beside the ideal ⌈n/c⌉ · d: `●` measured,
 * `○` ideal, `◉` where they coincide (`*`, `o`, `@` in ASCII), so it reads without
 * colour. Only the variant that closes the planned sweep (the highest concurrency) draws
 * it, with every point measured by then; the others render nothing, so the chart
 * appears once, complete. Too many points for the width give a table instead.
 *
 * The detail's points are the first run's. Given a context of several runs, each point
 * is its variant's median over them instead, as the times and the Summary above the
 * chart are, and the title says so (`● median of 3 runs`); of one run, its variant's Time.
 *
 * @example
 * renderSweepDetail(details.sweep, style, 78);
 * // Time against concurrency (● measured, ○ ideal ⌈n/c⌉ × 200.0 ms, n = 20)
 * //   4.003 s ┤   ◉
 * //           │   …
 * //   2.002 s ┤        ◉
 * //           │             ◉
 * //           │                  ◉    ◉
 * //    0.0 ms ┤                            ◉
 * //           └───┬────┬────┬────┬────┬────┬─
 * //               1    2    4    8   16   20 concurrency
 * //             0%   0%   0%   0% +20%  +1% over the ideal waits
 *
 * The row under the axis is each point's time over its ideal, in the words and sign of
 * the report's "Planned: … (+1.2 ms, +1.2% over the ideal waits)" line: one quantity, one
 * name. It is not the Summary's efficiency (a speedup over its ideal speedup, `c=2 ran
 * 2.10× faster than c=1 (ideal 2.00×, efficiency 105.2%)`), which compares two variants;
 * calling this row "efficiency" too gave one word two meanings, 95% here and 105.2% there.
 */
export const renderSweepDetail: DetailRenderer<'sweep'> = (value, style, width, context) => {
  if (value.points.length === 0 || value.concurrency !== Math.max(...value.sweep)) return [];
  const { points, measured, per } = acrossRuns(value.points, context);
  points.sort((a, b) => a.concurrency - b.concurrency);
  const { c } = style;
  const glyph = style.unicode ? { measured: '●', ideal: '○', both: '◉' } : { measured: '*', ideal: 'o', both: '@' };
  const ideal = style.unicode ? `⌈n/c⌉ × ${formatMs(value.taskMs)}` : `ceil(n/c) x ${formatMs(value.taskMs)}`;
  const title = `Time against concurrency (${glyph.measured} ${measured}, ${glyph.ideal} ideal ${ideal}, n = ${value.n})`;

  const top = Math.max(...points.flatMap((p) => [p.ms, p.idealMs]));
  const labels = [formatMs(top), formatMs(top / 2), formatMs(0)];
  const labelW = Math.max(...labels.map((l) => l.length));
  const xLabels = points.map((p) => String(p.concurrency));
  const overs = points.map((p) => overIdeal(p.ms, p.idealMs));
  const col = Math.max(3, ...[...xLabels, ...overs].map((l) => l.length + 1));
  const plotW = points.length * col;
  // A plot row is `  ` + label + ` ┤` + the plot: too wide, and the terminal would break the chart.
  if (2 + labelW + 2 + plotW > width) return [title, ...table(points, style)];

  const row = (ms: number): number => (top > 0 ? Math.round((1 - ms / top) * (ROWS - 1)) : ROWS - 1);
  const cells: string[][] = Array.from({ length: ROWS }, () => new Array<string>(plotW).fill(' '));
  points.forEach((p, i) => {
    const x = i * col + col - 2;
    const measured = row(p.ms);
    const ideal = row(p.idealMs);
    if (measured === ideal) {
      cells[measured]![x] = c.green(glyph.both);
    } else {
      cells[ideal]![x] = c.dim(glyph.ideal);
      cells[measured]![x] = c.green(glyph.measured);
    }
  });

  const tick = style.unicode ? { y: '┤', axis: '│', corner: '└', line: '─', x: '┬' } : { y: '+', axis: '|', corner: '+', line: '-', x: '+' };
  const labelAt = new Map([
    [0, labels[0]!],
    [Math.round((ROWS - 1) / 2), labels[1]!],
    [ROWS - 1, labels[2]!],
  ]);
  const lines = [title];
  for (let r = 0; r < ROWS; r++) {
    const label = labelAt.get(r);
    const prefix = label === undefined ? `${' '.repeat(labelW)} ${tick.axis}` : `${padStart(label, labelW)} ${tick.y}`;
    lines.push(`  ${c.dim(prefix)}${cells[r]!.join('').trimEnd()}`);
  }
  let axis = '';
  let names = '';
  let shares = '';
  for (const [i, label] of xLabels.entries()) {
    axis += tick.line.repeat(col - 2) + tick.x + tick.line;
    names += padStart(label, col - 1) + ' ';
    shares += padStart(overs[i]!, col - 1) + ' ';
  }
  const indent = ' '.repeat(labelW + 2);
  lines.push(`  ${c.dim(`${' '.repeat(labelW)} ${tick.corner}${axis}`)}`);
  lines.push(`  ${indent}${names}${c.dim('concurrency')}`);
  // A point under its ideal (a timer a hair early rounds to 0%) is signed '-': the label says so only then.
  const over = overs.some((o) => o.startsWith('-')) ? 'over (+) or under (-) the ideal waits' : 'over the ideal waits';
  lines.push(`  ${indent}${shares}${c.dim(per === 'median' ? `medians ${over}` : over)}`);
  return lines;
};

/**
 * A point's time over its ideal, rounded to a whole percent and signed as the report's
 * Planned line is: `+15%`, `0%` (on the ideal, or off it by under half a percent), `-3%`
 * (under it); `—` without an ideal to compare with.
 *
 * @example
 * overIdeal(114.8, 100); // '+15%'
 */
function overIdeal(ms: number, idealMs: number): string {
  if (!(idealMs > 0) || !Number.isFinite(ms)) return '—';
  const percent = Math.round((ms / idealMs - 1) * 100);
  if (percent === 0) return '0%';
  return percent > 0 ? `+${percent}%` : `${percent}%`;
}

/**
 * The points to draw, and what their times are: with several runs, each variant's median
 * (of the runs it completed: an interruption may leave some with fewer); else the
 * detail's own, the first run's.
 */
function acrossRuns(first: readonly SweepPoint[], context: DetailContext | undefined): { points: SweepPoint[]; measured: string; per: string } {
  if (context === undefined) return { points: [...first], measured: 'measured', per: 'measured' };
  const stats = first.map((p) => context.stats(concurrencyVariant(p.concurrency)));
  if (context.runs < 2) {
    // One run: each variant's Time, which its Planned line compares with the same ideal;
    // the point the demo recorded (its tasks done) is a hair earlier, and the row under
    // the axis would then say +40% where the Planned line above says +44.0%.
    if (stats.some((s) => s == null)) return { points: [...first], measured: 'measured', per: 'measured' };
    return { points: first.map((p, i) => ({ ...p, ms: stats[i]!.median })), measured: 'measured', per: 'measured' };
  }
  // Not expected (a point is there only once its variant completed a run), but should a
  // variant's times be missing, the chart is the first run's, and says so.
  if (stats.some((s) => s == null)) return { points: [...first], measured: `measured in ${shownRun(context.runs)}`, per: 'measured' };
  const counts = stats.map((s) => s!.samples.length);
  const [least, most] = [Math.min(...counts), Math.max(...counts)];
  return {
    points: first.map((p, i) => ({ ...p, ms: stats[i]!.median })),
    measured: `median of ${least === most ? least : `${least}–${most}`} run${most === 1 ? '' : 's'}`,
    per: 'median',
  };
}

/** The fallback when the chart would not fit: one line per point. */
function table(points: readonly SweepPoint[], { c }: Style): string[] {
  const cw = Math.max(...points.map((p) => String(p.concurrency).length));
  return points.map(
    (p) => `  c=${padStart(String(p.concurrency), cw)}  ${c.green(padStart(formatMs(p.ms), 10))}  ${c.dim(`ideal ${formatMs(p.idealMs)}`)}`,
  );
}
