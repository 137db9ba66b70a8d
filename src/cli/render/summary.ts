import { NO_SPEEDUP_IDEAL, type Caveat } from '../../core/caveats.js';
import type { Measurement } from '../../core/measure.js';
import type { HeadlineVerdict } from '../../demos/verdict.js';
import type { Style } from '../style.js';
import { formatMs, formatPercent, formatRatio } from './format.js';
import { columns, padEnd, padStart, wrap } from './text.js';

const NONE = '—';

/** One row of `asyncdemo all`: a demo and what measuring it found. */
export interface SummaryRow {
  demo: string;
  measurement: Measurement;
  /** The verdict on its headline: a headline that is not a speedup shows none. */
  verdict?: HeadlineVerdict;
  /** What made the demo's own figures doubtful: its warnings, noted on the row too. */
  caveats?: readonly Caveat[];
}

/**
 * The Note for a warning on one of the headline's two variants: the table is what a
 * class reads last, and a figure the demo warned about must not look clean there.
 */
function caveatNotes(caveats: readonly Caveat[] | undefined, pair: readonly string[]): string[] {
  const notes = new Set<string>();
  for (const c of caveats ?? []) {
    if (c.kind === 'cores-busy' && pair.includes(c.variant)) notes.add('cores busy');
    else if (c.kind === 'spread' && pair.includes(c.variant)) notes.add('wide spread');
    else if (c.kind === 'efficiency' && c.variant === pair[1]) notes.add('above its ideal');
  }
  return [...notes];
}

/** The Note for a headline that is not a speedup. */
const NOT_A_SPEEDUP: Record<string, string> = {
  failed: 'no speedup: a task failed',
  'different-work': 'no speedup: different work',
  'first-answer': 'not a speedup: first answer',
  reliability: 'not a speedup: successes',
};

/** The Note for a comparison whose ideal is about 1×: nothing went wrong, so it is not painted as a warning. */
const NO_SPEEDUP_EXPECTED = 'no speedup expected';

/**
 * The table `asyncdemo all` ends with: per demo its headline comparison (baseline →
 * variant), both median times, the speedup (± σ when runs give a spread), the ideal and
 * the efficiency; `—` where a demo has no comparison (one variant, or interrupted before
 * its baseline completed), and for the speedup and efficiency where the ideal is about 1×
 * (`--count 1`: no speedup is possible, and the Note says so). On a terminal narrower
 * than the table (`width`), each demo takes two lines instead of a row. A Note column appears only when some demo was interrupted,
 * had a failing variant, or warned about one of its headline's figures (its cores busy, a
 * wide spread, an efficiency above the ideal). No trailing newline.
 *
 * @example
 * out.write(renderSummary([{ demo: 'greet', measurement }], style) + '\n');
 * // Summary
 * // Demo   Comparison           Baseline  Variant  Speedup  Ideal  Efficiency
 * // greet  sequential → eager    3.004 s  1.002 s    3.00×  3.00×       99.9%
 */
export function renderSummary(rows: readonly SummaryRow[], style: Style, width?: number): string {
  const { c } = style;
  const header = ['Demo', 'Comparison', 'Baseline', 'Variant', 'Speedup', 'Ideal', 'Efficiency', 'Note'];
  const right = [false, false, true, true, true, true, true, false];
  const cells = rows.map(({ demo, measurement: m, verdict, caveats }) => {
    const s = m.speedups[0];
    const ms = (name: string | undefined): string => {
      const median = m.variants.find((v) => v.name === name)?.ms?.median;
      return median === undefined ? NONE : formatMs(median);
    };
    const notes = [
      ...(m.interrupted ? ['interrupted'] : []),
      ...m.variants.filter((v) => v.error !== undefined).map((v) => `${v.name} failed`),
    ];
    if (s === undefined) return [demo, `${m.baseline} → ${NONE}`, ms(m.baseline), NONE, NONE, NONE, NONE, notes.join(', ')];
    const valid = verdict?.valid ?? s.valid;
    if (!valid) {
      const reason = verdict?.reason ?? s.invalid ?? 'failed';
      const note = [NOT_A_SPEEDUP[reason] ?? 'no speedup', ...notes].join(', ');
      return [demo, `${s.baseline} → ${s.variant}`, ms(s.baseline), ms(s.variant), NONE, NONE, NONE, note];
    }
    if (Math.abs(s.ideal - 1) < NO_SPEEDUP_IDEAL) {
      // As the demo's own headline: where the ideal is 1× the lesson is "no faster", and a
      // ratio in a Speedup column (cpu --count 1: "2.18×", efficiency 218%) would teach the opposite.
      const note = [NO_SPEEDUP_EXPECTED, ...notes].join(', ');
      return [demo, `${s.baseline} → ${s.variant}`, ms(s.baseline), ms(s.variant), NONE, `${formatRatio(s.ideal)}×`, NONE, note];
    }
    notes.push(...caveatNotes(caveats, [s.baseline, s.variant]));
    const ratio = s.stddev > 0 ? `${formatRatio(s.value)} ± ${formatRatio(s.stddev)}×` : `${formatRatio(s.value)}×`;
    return [
      demo,
      `${s.baseline} → ${s.variant}`,
      ms(s.baseline),
      ms(s.variant),
      ratio,
      `${formatRatio(s.ideal)}×`,
      formatPercent(s.efficiency),
      notes.join(', '),
    ];
  });
  const warned = (row: readonly string[]): boolean => row[7] !== '' && row[7] !== NO_SPEEDUP_EXPECTED;
  const shown = cells.some((row) => row[7] !== '') ? header.length : header.length - 1;
  const widths = header.slice(0, shown).map((h, i) => Math.max(columns(h), ...cells.map((row) => columns(row[i]!))));
  const line = (row: readonly string[]): string =>
    row
      .slice(0, shown)
      .map((cell, i) => (right[i] ? padStart(cell, widths[i]!) : padEnd(cell, widths[i]!)))
      .join('  ')
      .trimEnd();
  // The widest row, not the header: a Note ("not a speedup: first answer") is longer than
  // its heading, and the terminal would break that row in the middle of a cell.
  const tableWidth = Math.max(...[header, ...cells].map((row) => columns(line(row))));
  // Where only the Note overflows (race's 'not a speedup: first answer' at 100 columns),
  // the Note wraps within its column and the table stays a table.
  const lead = widths.slice(0, 7).reduce((sum, w) => sum + w + 2, 0);
  const noteWidth = width === undefined || shown < header.length ? 0 : width - lead;
  const overflows = width !== undefined && tableWidth > width;
  const notes = cells.map((row) => (overflows && noteWidth >= MIN_NOTE_WIDTH ? wrap(row[7]!, noteWidth) : [row[7]!]));
  // A word longer than the column (a long variant's name) would still overflow it.
  const fits = notes.every((lines) => lines.every((l) => columns(l) <= noteWidth)) && columns(line(header)) <= (width ?? 0);
  if (overflows && !fits) return [c.bold('Summary'), ...cells.flatMap((row) => stacked(row, width, style, warned(row)))].join('\n');
  return [
    c.bold('Summary'),
    c.bold(line(header)),
    ...cells.flatMap((row, i) => {
      const note = notes[i]!;
      const texts = [line([...row.slice(0, 7), note[0] ?? '']), ...note.slice(1).map((n) => `${' '.repeat(lead)}${n}`)];
      // Colour after padding: escape codes would otherwise count as width.
      return warned(row) ? texts.map((t) => c.yellow(t)) : texts;
    }),
  ].join('\n');
}

/** The narrowest Note column worth wrapping into ('cores busy', 'no speedup:'); below it, two lines per demo. */
const MIN_NOTE_WIDTH = 12;

/**
 * One demo's row for a terminal narrower than the table (a terminal would break its
 * lines mid-cell): the demo and its comparison, then its figures in words, wrapped.
 *
 * @example
 * stacked(['greet', 'sequential → eager', '3.004 s', '1.002 s', '3.00×', '3.00×', '99.9%', ''], 60, style, false);
 * // ['greet  sequential → eager', '  3.004 s → 1.002 s · 3.00×, ideal 3.00×, efficiency 99.9%']
 */
function stacked(row: readonly string[], width: number, { c }: Style, warned: boolean): string[] {
  const [demo, comparison, base, variant, speedup, ideal, efficiency, note] = row as [string, string, string, string, string, string, string, string];
  const figures = [variant === NONE ? base : `${base} → ${variant}`];
  if (speedup !== NONE) figures.push(`${speedup}, ideal ${ideal}, efficiency ${efficiency}`);
  else if (ideal !== NONE) figures.push(`ideal ${ideal}`);
  if (note !== '') figures.push(note);
  const lines = [`${c.bold(demo)}  ${comparison}`, ...wrap(figures.join(' · '), Math.max(20, width - 2)).map((l) => `  ${l}`)];
  return warned ? lines.map((l) => c.yellow(l)) : lines;
}

/**
 * The line under `all`'s Summary when Ctrl-C stopped it: which demos it never measured
 * (not started, or stopped before a run of theirs completed), so a table of the demos
 * that did run is not read as the whole set. Wrapped to `width` when given. No trailing
 * newline; empty when every demo was measured.
 *
 * @example
 * renderNotRun(['fetch-all', 'taskgroup'], 13, style);
 * // 'Interrupted: 2 of 13 demos not measured: fetch-all, taskgroup'
 */
export function renderNotRun(names: readonly string[], total: number, { c }: Style, width?: number): string {
  if (names.length === 0) return '';
  const head = `Interrupted: ${names.length} of ${total} demo${total === 1 ? '' : 's'} not measured:`;
  const text = `${head} ${names.join(', ')}`;
  const lines = width === undefined ? [text] : wrap(text, Math.max(20, width - 2)).map((l, i) => (i === 0 ? l : `  ${l}`));
  lines[0] = `${c.yellow.bold('Interrupted')}${lines[0]!.slice('Interrupted'.length)}`;
  return lines.join('\n');
}

/**
 * One line under `all`'s Summary when the machine was busy while demos ran (their own
 * reports warned one by one, far above): how many, and the worst load, so the table's
 * figures are read as what they are. Empty when no demo saw a busy machine.
 *
 * @example
 * renderMachineWarning(rows, style);
 * // 'Warning: the machine was busy during 4 of 13 demos (1-minute load average up to 3.46 on 2 cores): their times and speedups may be off. Re-run on a quieter machine.'
 */
export function renderMachineWarning(rows: readonly SummaryRow[], { c }: Style, width?: number): string {
  const busy = rows.flatMap((r) => (r.caveats ?? []).filter((x): x is Extract<Caveat, { kind: 'busy' }> => x.kind === 'busy'));
  if (busy.length === 0) return '';
  const worst = busy.reduce((a, b) => (b.load1 > a.load1 ? b : a));
  const demos = rows.filter((r) => r.caveats?.some((x) => x.kind === 'busy')).length;
  const text =
    `Warning: the machine was busy during ${demos} of ${rows.length} demo${rows.length === 1 ? '' : 's'} ` +
    `(1-minute load average up to ${worst.load1.toFixed(2)} on ${worst.cores} cores): their times and speedups may be off. Re-run on a quieter machine.`;
  const lines = width === undefined ? [text] : wrap(text, Math.max(20, width - 2)).map((l, i) => (i === 0 ? l : `  ${l}`));
  lines[0] = `${c.yellow.bold('Warning')}${lines[0]!.slice('Warning'.length)}`;
  return lines.join('\n');
}
