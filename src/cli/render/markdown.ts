/**
 * Markdown for pull requests and CI step summaries (`--export-markdown`): hyperfine's
 * table (its columns, with the median asyncdemo reports instead of the mean) plus the
 * headline sentence, and the same for a comparison. Pure: documents in, text out.
 */
import { ratioStddev } from '../../core/stats.js';
import type { JsonComparison } from '../compare.js';
import type { JsonReport } from '../report-json.js';
import { plainStyle } from '../plain-style.js';
import { changeText, differenceText, formatP, notASpeedup, regressionList, verdictText } from './comparison.js';
import { formatRatio } from './format.js';
import { headline } from './headline.js';
import { settingsWords } from './settings.js';
import { caveatLines } from './verdict.js';
import { oneLine } from './text.js';

const plain = plainStyle({ isTTY: false, env: { NO_COLOR: '1' } });

/**
 * One section per report: a heading with the demo and its parameters, the table
 * (variant, median, ± σ, min … max, relative to the fastest; for a single run, its time
 * and the relative alone) and the headline.
 * Ends with a newline, so that sections appended to one file stay apart.
 *
 * @example
 * markdownReports([report]);
 * // ### gather
 * //
 * // | Variant | Median [s] | ± σ [s] | Min … Max [s] | Relative |
 * // |:---|---:|---:|---:|---:|
 * // | `sequential` | 3.004 | 0.002 | 3.001 … 3.008 | 3.00 ± 0.01 |
 * // | `gather` | 1.002 | 0.001 | 1.001 … 1.004 | 1.00 |
 * //
 * // gather ran 3.00 ± 0.01× faster than sequential (ideal 3.00×, efficiency 99.9%)
 */
export function markdownReports(reports: readonly JsonReport[]): string {
  return reports.map(markdownReport).join('\n');
}

function markdownReport(r: JsonReport): string {
  const lines = [`### ${escape(r.demo)}`, ''];
  // The report's own settings words: units, the scaled delay beside the option.
  const params = settingsWords(r.params);
  if (params.length > 0) lines.push(`<sub>${escape(oneLine(params.join('  ')))}</sub>`, '');
  if (r.interrupted) lines.push('**Interrupted: partial results.**', '');

  const measured = r.variants.flatMap((v) => (v.ms === null ? [] : [v.ms]));
  const fastest = measured.reduce<(typeof measured)[number] | undefined>((best, ms) => (best === undefined || ms.median < best.median ? ms : best), undefined);
  const seconds = fastest !== undefined && fastest.median >= 1000;
  const unit = seconds ? 's' : 'ms';
  const num = (ms: number): string => (seconds ? (ms / 1000).toFixed(3) : ms.toFixed(1));
  const several = measured.some((ms) => ms.samples.length >= 2);

  // One run is a time, not a median, and has no spread or range (as the text report's 'Time:').
  if (several) lines.push(`| Variant | Median [${unit}] | ± σ [${unit}] | Min … Max [${unit}] | Relative |`, '|:---|---:|---:|---:|---:|');
  else lines.push(`| Variant | Time [${unit}] | Relative |`, '|:---|---:|---:|');
  for (const v of r.variants) {
    const ms = v.ms;
    if (ms === null) {
      lines.push(`| ${code(v.name)} | not measured | ${several ? '| | ' : ''}|`);
      continue;
    }
    const relative = fastest === undefined || !(fastest.median > 0) ? 'n/a' : ms.median / fastest.median;
    let rel = typeof relative === 'string' ? relative : formatRatio(relative);
    if (typeof relative === 'number' && several && ms !== fastest) rel += ` ± ${formatRatio(ratioStddev(relative, ms, fastest!))}`;
    const failed = v.error === undefined ? '' : ` (failed: ${escape(oneLine(`${v.error.name}: ${v.error.message}`))})`;
    lines.push(`| ${code(v.name)}${failed} | ${num(ms.median)} | ${several ? `${num(ms.stddev)} | ${num(ms.min)} … ${num(ms.max)} | ` : ''}${rel} |`);
  }
  const head = r.speedups[0];
  if (head !== undefined) {
    const runs = Math.max(0, ...measured.map((ms) => ms.samples.length));
    // Not a speedup (a failure, different work, race's first answers): say why instead.
    const sentence = head.valid === false
      ? (head.why ?? `${head.variant} vs ${head.baseline}: no speedup (${head.reason ?? 'not comparable'})`)
      : headline(head, runs, plain, head.idealFrom);
    lines.push('', escape(sentence));
  }
  const caveats = caveatLines(r.caveats ?? [], plain);
  // One quote each: consecutive `>` lines would run together into one paragraph.
  for (const line of caveats) lines.push('', `> ${escape(line.trim())}`);
  if (r.comparison !== undefined) lines.push('', markdownComparison(r.comparison, { heading: `Compared with ${code(r.comparison.before.file)}`, level: 4 }).trimEnd());
  return `${lines.join('\n')}\n`;
}

/**
 * A comparison as markdown: the environments' differences, then per demo a table of
 * variants (before, after, change, significance) and the headline before and after.
 *
 * @example
 * markdownComparison(compareDocuments(base, next));
 * // ### asyncdemo compare: `base.json` → `next.json`
 * // …
 * // | Variant | Before | After | Change | Significance |
 */
export function markdownComparison(c: JsonComparison, options: { heading?: string; level?: number } = {}): string {
  const h = '#'.repeat(options.level ?? 3);
  const lines = [`${h} ${options.heading ?? `asyncdemo compare: ${code(c.before.file)} → ${code(c.after.file)}`}`, ''];
  if (c.env.length > 0) {
    lines.push(`Environment differs: ${c.env.map(differenceText).map(escape).join('; ')}`, '');
  }
  for (const d of c.demos) {
    if (c.demos.length > 1) lines.push(`**${escape(d.demo)}**`, '');
    const stopped = [...(d.interruptedBefore === true ? ['before'] : []), ...(d.interruptedAfter === true ? ['after'] : [])];
    if (stopped.length > 0) lines.push(`**Interrupted:** the ${stopped.join(' and ')} run${stopped.length === 2 ? 's were' : ' was'} stopped early: partial results.`, '');
    if (d.params.length > 0) lines.push(`Parameters differ: ${d.params.map(differenceText).map(escape).join('; ')}`, '');
    lines.push('| Variant | Before | After | Change | Significance |', '|:---|---:|---:|---:|:---|');
    const ms = (x: { median: number } | null): string => (x === null ? '—' : `${x.median.toFixed(1)} ms`);
    for (const v of d.variants) {
      lines.push(`| ${code(v.name)} | ${ms(v.before)} | ${ms(v.after)} | ${changeText(v.ratio, v.test?.significant === true)} | ${v.before === null || v.after === null ? '' : verdictText(v.test)} |`);
    }
    const hl = d.headline;
    if (hl !== null) {
      const x = (v: number | null): string => (v === null ? 'n/a' : `${formatRatio(v)}×`);
      const test = !hl.valid
        ? ` (${notASpeedup(hl)})`
        : hl.test === null
          ? ''
          : ` (${hl.test.significant ? 'significant' : 'within noise'}, ${formatP(hl.test.p)})`;
      lines.push('', `Headline: ${code(hl.variant)} vs ${code(hl.baseline)} ${x(hl.before)} → **${x(hl.after)}**${test}`);
    }
    lines.push('');
  }
  if (c.maxRegression !== null) {
    lines.push(c.regressions.length === 0 ? `No regression beyond ${c.maxRegression}%.` : `**Regressed beyond ${c.maxRegression}%:** ${escape(regressionList(c.regressions))}`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}


/** A code span; a `|` would still end a table cell (GFM), so it is escaped even there. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

/** Keeps text from breaking a table cell or turning into markup. */
function escape(text: string): string {
  return text.replace(/[|\\`*_<>]/g, (ch) => `\\${ch}`);
}
