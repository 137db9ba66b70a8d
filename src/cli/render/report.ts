import { NO_SPEEDUP_IDEAL } from '../../core/caveats.js';
import type { ErrorInfo, Measurement, NarrationLine, Outcome, Speedup, VariantResult } from '../../core/measure.js';
import type { Assessment, HeadlineVerdict } from '../../demos/verdict.js';
import type { Style } from '../style.js';
import { bar } from './bar.js';
import { drawsAcrossRuns, renderDetail, type DetailContext } from './details.js';
import { formatCount, formatMs, formatPercent, formatStamp, shownRun } from './format.js';
import { headline } from './headline.js';
import { MAX_REPORT_WIDTH, oneLine, padEnd, wrapStyled } from './text.js';
import { settingsWords } from './settings.js';
import { renderTimeline } from './timeline.js';
import { caveatLines, failureStory, verdictLines } from './verdict.js';

/** Everything a demo's human report is drawn from. */
export interface RenderInput {
  demo: { name: string; title: string };
  measurement: Measurement;
  /**
   * What the headline may claim and what makes the figures doubtful; without it, every
   * comparison the core found valid is a speedup and nothing is warned about.
   */
  assessment?: Assessment;
  /** The resolved options, shown on one line under the title. */
  params: Record<string, unknown>;
  /** Timed runs per variant (`--runs`): with two or more, spreads and ranges appear. */
  runs: number;
  /** Terminal columns (80 when unknown). */
  width: number;
  timeline: boolean;
  quiet: boolean;
  /**
   * The title, the parameters and each variant's narration were already written while
   * the run went (run-view.ts): the report then holds what only the end can tell.
   */
  streamed?: boolean;
}

/** Narration lines shown per variant; the tutorial's scenarios need far fewer. */
export const MAX_NARRATION = 20;
/** Members of an AggregateError listed before the rest is counted. */
const MAX_MEMBERS = 10;

/**
 * The human report of one demo run, hyperfine's layout plus what it lacks: per variant
 * its narration, `Time (median)` (with `± σ` and `Range (min … max)` over several runs),
 * a bar against the slowest variant and the planned time; then a `Summary` with the
 * headline speedup first, its ideal and efficiency, and the time saved; then the
 * timeline. The quiet form is one line per variant and the headline. No trailing newline.
 *
 * @example
 * stdout.write(renderReport({ demo, measurement, params, runs: 1, width: 80, timeline: true, quiet: false }, style) + '\n');
 * // greet — Say hello …
 * // sequential  one after another
 * //   +0.000s Starting to greet Alice
 * //   +1.001s Done greeting Alice
 * //   …
 * //   Time (median): 3.004 s
 * // …
 * // Summary
 * //   eager ran 3.00× faster than sequential (ideal 3.00×, efficiency 99.9%)
 */
export function renderReport(input: RenderInput, style: Style): string {
  return (input.quiet ? quietReport(input, style) : fullReport(input, style)).join('\n');
}

function quietReport(input: RenderInput, style: Style): string[] {
  const { measurement: m, assessment } = input;
  const { c } = style;
  const lines: string[] = [];
  if (m.interrupted) lines.push(c.yellow.bold('Interrupted: partial results'));
  const nameW = Math.max(0, ...m.variants.map((v) => v.name.length));
  const timeW = Math.max(0, ...m.variants.map((v) => (v.ms === null ? 'not measured' : formatMs(v.ms.median)).length));
  for (const v of m.variants) {
    let line = `${c.bold(padEnd(v.name, nameW))}  ${padEnd(v.ms === null ? 'not measured' : formatMs(v.ms.median), timeW)}  ${c.dim(outcomeCounts(v))}`;
    if (v.error !== undefined) line += `  ${c.red(`failed: ${errorText(v.error)}`)}`;
    lines.push(line);
  }
  const verdict = assessment?.verdict;
  if (verdict !== undefined && !verdict.valid) lines.push(...fromFirstRun(verdict, verdictLines(verdict, m, style), input.runs, style));
  else if (m.speedups[0] !== undefined) lines.push(headline(m.speedups[0], roundsOf(m, m.speedups[0]), style, verdict?.idealFrom));
  lines.push(...caveatLines(assessment?.caveats ?? [], style));
  // Wrapped at words as the full report's sentences are: a terminal would cut them mid-word.
  return lines.flatMap((l) => wrapStyled(l, reportWidth(input.width)));
}

/** A variant's tasks by outcome, all three always shown: `3 ok, 0 error, 0 cancelled`. */
function outcomeCounts(v: VariantResult): string {
  const counts: Record<Outcome, number> = { ok: 0, error: 0, cancelled: 0 };
  for (const s of v.spans) counts[s.outcome]++;
  return `${formatCount(counts.ok)} ok, ${formatCount(counts.error)} error, ${formatCount(counts.cancelled)} cancelled`;
}

/**
 * The report's first lines, the demo and its parameters: written before the run when
 * the narration streams, so that what follows reads under it.
 *
 * @example
 * out.write(renderReportHeader({ demo, params, width: 80 }, style).join('\n') + '\n');
 * // gather — asyncio.gather: …
 * //   scale=1  delay=1000  count=3 …
 */
export function renderReportHeader(input: Pick<RenderInput, 'demo' | 'params' | 'width'>, style: Style): string[] {
  const { c } = style;
  // At words, as the summary is: a 60-column terminal would cut the title mid-word.
  const lines = wrapStyled(`${c.bold(input.demo.name)} — ${oneLine(input.demo.title)}`, reportWidth(input.width));
  // Wrapped to the width, never cut: on a pipe too, every setting is there to read.
  for (const line of packWords(settingsWords(input.params), reportWidth(input.width))) lines.push(c.dim(line));
  return lines;
}

/**
 * A variant's heading, its name and what it does, as the narration streams under it.
 *
 * @example
 * renderVariantHeading({ name: 'gather', summary: 'all at once' }, style); // 'gather  all at once'
 * renderVariantHeading(v, style, 60); // wrapped at words to 60 columns, continuation indented
 */
export function renderVariantHeading(v: { name: string; summary: string }, { c }: Style, width?: number): string {
  const heading = `${c.bold.cyan(v.name)}  ${c.dim(oneLine(v.summary))}`;
  return width === undefined ? heading : wrapStyled(heading, reportWidth(width)).join('\n');
}

/**
 * One narration line under its variant: `  +1.001s Done greeting Alice`.
 *
 * @example
 * renderNarrationLine({ at: 1001, text: 'Done greeting Alice' }, style); // '  +1.001s Done greeting Alice'
 * renderNarrationLine(line, style, 60); // a long line wrapped at words, continuation indented
 */
export function renderNarrationLine(line: NarrationLine, { c }: Style, width?: number): string {
  const text = `  ${c.dim(formatStamp(line.at))} ${oneLine(line.text)}`;
  // Wrapped at words where a width is given: a terminal would cut a long line mid-word.
  return width === undefined ? text : wrapStyled(text, reportWidth(width)).join('\n');
}

/**
 * What stands for the narration lines left out between the first {@link MAX_NARRATION}
 * and the last, which is always shown: it is the variant's conclusion ("all 12 items
 * processed", "gather settled: …").
 *
 * @example
 * renderNarrationOverflow(4, style); // '  … 4 more lines'
 * renderNarrationOverflow(1, style); // '  … 1 more line'
 */
export function renderNarrationOverflow(hidden: number, { c }: Style): string {
  return c.dim(`  … ${formatCount(hidden)} more line${hidden === 1 ? '' : 's'}`);
}

/**
 * The narration a report prints: every line up to {@link MAX_NARRATION}; past that, the
 * first MAX_NARRATION, a count of those left out, and the last.
 *
 * @example
 * shownNarration(Array.from({ length: 25 }, (_, i) => i)); // { first: [0 … 19], hidden: 4, last: 24 }
 */
export function shownNarration<T>(lines: readonly T[]): { first: readonly T[]; hidden: number; last?: T } {
  if (lines.length <= MAX_NARRATION) return { first: lines, hidden: 0 };
  return { first: lines.slice(0, MAX_NARRATION), hidden: lines.length - MAX_NARRATION - 1, last: lines.at(-1) };
}

function reportWidth(width: number): number {
  return Math.max(40, Math.min(MAX_REPORT_WIDTH, Number.isFinite(width) ? Math.floor(width) : 80));
}

function fullReport(input: RenderInput, style: Style): string[] {
  const { measurement: m } = input;
  const total = reportWidth(input.width);
  const streamed = input.streamed === true;
  const lines: string[] = streamed ? [] : renderReportHeader(input, style);
  if (m.interrupted) lines.push(...wrapStyled(interruptedLine(style), total));

  const slowest = Math.max(0, ...m.variants.map((v) => v.ms?.median ?? 0));
  const barWidth = Math.min(50, total - 4);
  const measured = input.assessment?.idealFrom === 'measured' || input.assessment?.verdict?.idealFrom === 'measured';
  const context: DetailContext = { runs: input.runs, stats: (name) => m.variants.find((v) => v.name === name)?.ms };
  for (const v of m.variants) {
    if (lines.length > 0) lines.push('');
    lines.push(...variantBlock(v, slowest, barWidth, total, style, measured, streamed, context));
  }

  // Sentences, not tables: wrapped at the width, so a narrow terminal does not cut words.
  const summary = summaryBlock(m, input, style).flatMap((l) => wrapStyled(l, total));
  if (summary.length > 0) lines.push('', ...summary);
  const warnings = caveatLines(input.assessment?.caveats ?? [], style).flatMap((l) => wrapStyled(l, total));
  if (warnings.length > 0) lines.push('', ...warnings);
  if (input.timeline) lines.push('', renderTimeline(m.variants, total, style, { runs: input.runs }));
  // Said again last, where the eye lands after a long report (clig.dev).
  if (m.interrupted) lines.push('', ...wrapStyled(interruptedLine(style), total));
  return lines;
}

function interruptedLine({ c }: Style): string {
  return `${c.yellow.bold('Interrupted: partial results')}${c.dim(' — only runs that completed are timed')}`;
}

/** Words packed two spaces apart into lines of at most `width` columns, each indented two; a word longer than a line gets one of its own. */
function packWords(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 2 + word.length > width) {
      lines.push(line);
      line = '';
    }
    line = line === '' ? `  ${word}` : `${line}  ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function variantBlock(
  v: VariantResult,
  slowest: number,
  barWidth: number,
  total: number,
  style: Style,
  idealMeasured: boolean,
  streamed: boolean,
  context: DetailContext,
): string[] {
  const { c } = style;
  // Streamed, the heading and narration are on screen already: the name alone says
  // whose numbers these are.
  const lines = streamed ? [c.bold.cyan(v.name)] : renderVariantHeading(v, style, total).split('\n');
  if (!streamed) {
    const { first, hidden, last } = shownNarration(v.narration);
    for (const line of first) lines.push(...renderNarrationLine(line, style, total).split('\n'));
    if (hidden > 0) lines.push(renderNarrationOverflow(hidden, style));
    if (last !== undefined) lines.push(...renderNarrationLine(last, style, total).split('\n'));
  }
  const ms = v.ms;
  if (ms === null) {
    lines.push(`  Time: ${c.yellow('not measured')}${c.dim(' (interrupted before a run completed)')}`);
  } else if (ms.samples.length >= 2) {
    lines.push(`  Time (median ± σ): ${c.green.bold(formatMs(ms.median))} ± ${c.green(formatMs(ms.stddev))}`);
    lines.push(
      `  Range (min … max): ${c.cyan(formatMs(ms.min))} … ${c.magenta(formatMs(ms.max))}   ${c.dim(`${formatCount(ms.samples.length)} runs`)}`,
    );
  } else {
    // One run has no median: it is just the time (hyperfine's `Time (abs ≡)`).
    lines.push(`  Time: ${c.green.bold(formatMs(ms.median))}`);
  }
  if (ms !== null && slowest > 0) lines.push(`  ${c.green(bar(ms.median / slowest, barWidth, style.unicode))}`);
  // A plan the demo does not know (real servers, a user's functions) is not shown as one.
  // Sentences, wrapped at words: '+404.0 ms, +404.0% over the ideal waits' ran to 61 at 60.
  if (!idealMeasured) lines.push(...wrapStyled(`  ${plannedText(v, style)}`, total));
  if (v.error !== undefined) lines.push(...errorLines(v.error, style).flatMap((l) => wrapStyled(l, total)));
  // The details are the first run's, as the spans are: under a median of several runs,
  // a line says so and they stand indented beneath it, as the summary's stories do. A
  // detail drawn across the runs (limit's sweep, in medians) names its statistic itself.
  const run = shownRun(context.runs);
  const firstRun: string[] = [];
  const allRuns: string[] = [];
  for (const [key, value] of Object.entries(v.details ?? {})) {
    const labelled = run !== undefined && !drawsAcrossRuns(key);
    const indent = labelled ? '    ' : '  ';
    // A renderer's sentences (limit's chart title, retry's tally) may be wider than a narrow
    // terminal: wrapped at words, where the terminal would cut them mid-word. A chart's rows
    // fit already (its renderer falls back to a table when they would not).
    const drawn = renderDetail(key, value, style, total - indent.length, context).flatMap((l) => wrapStyled(`${indent}${l}`, total));
    (labelled ? firstRun : allRuns).push(...drawn);
  }
  // Only over details that draw something: limit's sweep draws under its last variant alone.
  if (firstRun.length > 0) lines.push(c.dim(`  In ${run}:`), ...firstRun);
  lines.push(...allRuns);
  return lines;
}

function plannedText(v: VariantResult, { c }: Style): string {
  const text = `Planned: ${formatMs(v.plannedMs)}`;
  if (v.ms === null || !(v.plannedMs > 0)) return c.dim(text);
  const over = v.ms.median - v.plannedMs;
  // A timer may fire a hair early against the run's start: say "under", not "-0.0% over".
  if (over < 0) return c.dim(`${text} (${formatMs(-over)}, ${formatPercent(-over / v.plannedMs)} under the ideal waits)`);
  return c.dim(`${text} (+${formatMs(over)}, +${formatPercent(over / v.plannedMs)} over the ideal waits)`);
}

function errorText(e: ErrorInfo): string {
  return `${e.name}: ${oneLine(e.message)}`;
}

function errorLines(e: ErrorInfo, style: Style, depth = 0): string[] {
  const { c } = style;
  const indent = '  '.repeat(depth + 1);
  const lines = [c.red(depth === 0 ? `  Failed: ${errorText(e)}` : `${indent}- ${errorText(e)}`)];
  const members = e.errors ?? [];
  for (const member of members.slice(0, MAX_MEMBERS)) lines.push(...errorLines(member, style, depth + 1));
  if (members.length > MAX_MEMBERS) {
    lines.push(c.red(`${'  '.repeat(depth + 2)}… ${formatCount(members.length - MAX_MEMBERS)} more`));
  }
  return lines;
}

/**
 * The rounds a speedup was computed from: those both its variants completed. Ctrl-C in
 * round 2 of `--runs 5` leaves one, and one ratio has no spread to show (it printed
 * "3.05 ± 0.00×").
 */
function roundsOf(m: Measurement, s: Speedup): number {
  const samples = (name: string): number => m.variants.find((v) => v.name === name)?.ms?.samples.length ?? 0;
  return Math.min(samples(s.baseline), samples(s.variant));
}

function summaryBlock(m: Measurement, input: RenderInput, style: Style): string[] {
  const { c } = style;
  const { runs, assessment } = input;
  if (m.variants.length < 2) return [];
  const lines = [c.bold('Summary')];
  if (m.speedups.length === 0) {
    // Ctrl-C in cpu's second variant: the baseline had completed, the other had not.
    const baselineTimed = m.variants.some((v) => v.name === m.baseline && v.ms !== null);
    const why = baselineTimed ? `no other variant completed a run to compare with ${m.baseline}` : `${m.baseline} has no completed run to compare with`;
    lines.push(`  ${c.yellow('no comparison')}: ${why}`);
    return lines;
  }
  const verdict = assessment?.verdict;
  if (verdict !== undefined) lines.push(c.dim(`  Times measure ${verdict.measures}.`));
  for (const [i, s] of m.speedups.entries()) {
    if (i === 0 && verdict !== undefined && !verdict.valid) {
      lines.push(...fromFirstRun(verdict, verdictLines(verdict, m, style), runs, style).map((l, j) => `  ${j === 0 ? l : `  ${l}`}`));
      continue;
    }
    if (!s.valid) {
      const v = m.variants.find((r) => r.name === s.variant);
      const why = s.invalid === 'different-work' ? 'it did different work' : 'a task failed';
      lines.push(`  ${s.variant} vs ${s.baseline}: ${c.yellow('no speedup')} (${why})`);
      const run = shownRun(runs);
      if (v !== undefined && s.invalid === 'failed') lines.push(`    ${failureStory(v)}${run === undefined ? '' : c.dim(` (in ${run})`)}`);
      continue;
    }
    const text = headline(s, roundsOf(m, s), style, verdict?.idealFrom);
    lines.push(`  ${i === 0 ? c.bold(text) : text}`);
    // Where no speedup is possible, a difference of a few ms is noise, not time saved.
    if (Math.abs(s.ideal - 1) < NO_SPEEDUP_IDEAL) continue;
    const saved = savedText(m, s);
    if (saved !== undefined) lines.push(c.dim(`    ${saved}`));
  }
  return lines;
}

/**
 * A verdict's story (its head line, then one line per variant) told from the spans and
 * details, which are the first run's: with several runs, the times in it are not the
 * medians shown above it, so a line says which run it tells, and the story is indented under it.
 * (retry's story counts successes, the same in every run of its seed, and costs them in medians.)
 */
function fromFirstRun(verdict: HeadlineVerdict, lines: readonly string[], runs: number, { c }: Style): string[] {
  const run = shownRun(runs);
  if (run === undefined || lines.length < 2 || verdict.reason === 'reliability') return [...lines];
  const [head, ...story] = lines;
  return [head!, c.dim(`In ${run}:`), ...story.map((l) => `  ${l}`)];
}

/** The absolute difference hyperfine's users asked for (#531): what the ratio means in time. */
function savedText(m: Measurement, s: Speedup): string | undefined {
  const base = m.variants.find((v) => v.name === s.baseline)?.ms;
  const ms = m.variants.find((v) => v.name === s.variant)?.ms;
  if (base == null || ms == null || !(base.median > 0)) return undefined;
  const diff = base.median - ms.median;
  const share = formatPercent(Math.abs(diff) / base.median);
  return diff >= 0
    ? `saves ${formatMs(diff)} per run (${share} of ${s.baseline}'s ${formatMs(base.median)})`
    : `costs ${formatMs(-diff)} more per run (${share} over ${s.baseline}'s ${formatMs(base.median)})`;
}
