import type { Outcome, Span, VariantResult } from '../../core/measure.js';
import type { Style } from '../style.js';
import { formatCount, formatMs } from './format.js';
import { oneLine, padEnd, truncate } from './text.js';

/** Rows drawn per variant before the rest is summed up in one line. */
export const MAX_ROWS = 12;
const MIN_WIDTH = 40;

/** The glyphs a timeline draws with; the live frame (live.ts) draws with the same. */
export interface Glyphs {
  full: string;
  /** Left-aligned partial cells, index = eighths filled (0 unused). Empty in ASCII. */
  eighths: readonly string[];
  error: string;
  errorEnd: string;
  cancelled: string;
  cancelledEnd: string;
  rule: string;
  tick: string;
  sep: string;
  ellipsis: string;
  dot: string;
  micro: string;
}

/** Block and box glyphs, for terminals that have them. */
export const UNICODE: Glyphs = {
  full: '█',
  eighths: ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'],
  error: '▓',
  errorEnd: '✗',
  cancelled: '░',
  cancelledEnd: '⊘',
  rule: '─',
  tick: '┬',
  sep: '│',
  ellipsis: '…',
  dot: '·',
  micro: 'µ',
};

/** Plain ASCII, for `TERM=dumb`. */
export const ASCII: Glyphs = {
  full: '#',
  eighths: [],
  error: 'x',
  errorEnd: 'X',
  cancelled: '-',
  cancelledEnd: '/',
  rule: '-',
  tick: '+',
  sep: '|',
  ellipsis: '...',
  dot: '-',
  micro: 'u',
};

/** Cell classes after compositing; a failure's glyph wins over an ok one in the same cell. */
const Cell = { Blank: 0, Ok: 1, Cancelled: 2, Error: 3 } as const;
type Cell = (typeof Cell)[keyof typeof Cell];

/** One drawn row: the spans of one lane, composited with difference arrays in O(spans + width). */
class Row {
  readonly ok: Int32Array;
  readonly cancelled: Int32Array;
  readonly error: Int32Array;
  /** Eighths of a partly filled cell where an ok bar ends. */
  readonly partial: Uint8Array;
  /**
   * Share of a cell taken by ok spans that lie wholly inside it: a lane of many tiny
   * tasks is busy all along and must read as a full bar, not as a row of slivers.
   */
  readonly busy: Float64Array;
  /** Where an error (2) or cancelled (1) bar ends: drawn as ✗ / ⊘. */
  readonly marker: Uint8Array;

  constructor(readonly width: number) {
    this.ok = new Int32Array(width + 1);
    this.cancelled = new Int32Array(width + 1);
    this.error = new Int32Array(width + 1);
    this.partial = new Uint8Array(width);
    this.busy = new Float64Array(width);
    this.marker = new Uint8Array(width);
  }
}

/**
 * A Gantt chart of every variant's tasks on one shared time axis, so the sequential
 * staircase and the concurrent stack can be compared by eye. One row per lane (spans on
 * a lane never overlap), at most {@link MAX_ROWS} rows per variant; the rest is counted,
 * not drawn, so a million spans cost a few linear scans and no per-span strings.
 *
 * Outcomes read without colour: ok `█` (ending in an eighth block for sub-cell
 * precision), error `▓…✗`, cancelled `░…⊘`; with `style.unicode` false: `#`, `x…X`,
 * `-…/`. Every line fits in `width` columns (at least 40).
 *
 * @example
 * out.write(renderTimeline(measurement.variants, process.stdout.columns ?? 80, style));
 * // Timeline  0 … 3.000 s · cell 83.3 ms
 * //            0          1s          2s          3s
 * //            ┬───────────┬───────────┬───────────┬
 * // sequential · 3 tasks on 1 lane
 * //   Alice, …  │███████████████████████████████████▏
 * // gather · 3 tasks on 3 lanes
 * //   Alice     │████████████
 * // …
 */
export function renderTimeline(variants: readonly VariantResult[], width: number, style: Style): string {
  const { c } = style;
  const g = style.unicode ? UNICODE : ASCII;
  const total = Math.max(MIN_WIDTH, Number.isFinite(width) ? Math.floor(width) : 80);

  let spanCount = 0;
  let maxEnd = 0;
  for (const v of variants) {
    spanCount += v.spans.length;
    for (const s of v.spans) {
      if (s.end > maxEnd) maxEnd = s.end;
      if (s.start > maxEnd) maxEnd = s.start;
    }
  }
  if (spanCount === 0) return `${c.bold('Timeline')}  ${c.dim('no tasks recorded')}`;
  // All spans zero-length: any positive span keeps the arithmetic finite.
  const span = maxEnd > 0 ? maxEnd : 1;

  const labelCap = Math.max(10, Math.floor(total * 0.3));
  // Few tasks: one row per task, so a sequential run reads as a staircase; many: one row
  // per lane, which stays bounded however many tasks there are.
  const shown = variants.map((v) => (v.spans.length <= MAX_ROWS ? rowPerTask(v.spans) : v.spans));
  const scans = shown.map((spans) => scan(spans, labelCap));
  let nameW = 8;
  for (const sc of scans) for (const label of sc.labels) nameW = Math.max(nameW, 3 + label.length);
  nameW = Math.min(nameW, labelCap);
  const barW = total - nameW - 2;
  const perCell = span / barW;

  const lines: string[] = [];
  const title = `Timeline  0 ${g.ellipsis} ${formatMs(maxEnd)}`;
  const cell = ` ${g.dot} cell ${formatMs(perCell)}`;
  lines.push(c.bold('Timeline') + c.dim(title.slice('Timeline'.length) + (title.length + cell.length <= total ? cell : '')));
  lines.push(...axis(span, barW, nameW, g).map((l) => c.dim(l)));

  for (const [i, v] of variants.entries()) {
    const sc = scans[i]!;
    lines.push(header(v, scan(v.spans, 0), g, style, total));
    if (v.spans.length === 0) {
      lines.push(c.dim('  (no tasks recorded)'));
      continue;
    }
    const rows = sc.labels.map(() => new Row(barW));
    for (const s of shown[i]!) {
      const row = rows[laneOf(s)];
      if (row !== undefined) paint(row, s, barW / span, style.unicode);
    }
    for (const [lane, row] of rows.entries()) {
      const label = padEnd(truncate(`  ${sc.labels[lane]!}`, nameW - 1, g.ellipsis), nameW);
      lines.push(`${label}${c.dim(g.sep)}${draw(row, g, style)}`.trimEnd());
    }
    if (sc.lanes > rows.length) {
      const more = sc.lanes - rows.length;
      lines.push(
        c.dim(`  ${g.ellipsis} and ${formatCount(sc.hidden)} more tasks on ${formatCount(more)} more lane${more === 1 ? '' : 's'}`),
      );
    }
  }
  lines.push(legend(g, style));
  return lines.join('\n');
}

interface Scan {
  lanes: number;
  /** The task names of each drawn lane, joined, cut a little past the name column. */
  labels: string[];
  hidden: number;
  counts: Record<Outcome, number>;
}

/** The spans in start order, each on a row of its own. */
function rowPerTask(spans: readonly Span[]): Span[] {
  return [...spans].sort((a, b) => a.start - b.start).map((s, lane) => ({ ...s, lane }));
}

function laneOf(s: Span): number {
  return s.lane >= 0 ? Math.floor(s.lane) : 0;
}

/** One pass over a variant's spans: lanes, outcome counts, and the labels of the shown rows. */
function scan(spans: readonly Span[], labelCap: number): Scan {
  let lanes = 0;
  for (const s of spans) lanes = Math.max(lanes, laneOf(s) + 1);
  const labels = Array.from({ length: Math.min(lanes, MAX_ROWS) }, () => '');
  const counts: Record<Outcome, number> = { ok: 0, error: 0, cancelled: 0 };
  let hidden = 0;
  for (const s of spans) {
    counts[s.outcome] = (counts[s.outcome] ?? 0) + 1;
    const lane = laneOf(s);
    const label = labels[lane];
    if (label === undefined) {
      hidden++;
      continue;
    }
    // Names beyond the column are cut anyway: stop growing the label there.
    if (label.length <= labelCap) labels[lane] = (label === '' ? '' : `${label}, `) + oneLine(s.task);
  }
  return { lanes, labels, hidden, counts };
}

function paint(row: Row, s: Span, cellsPerMs: number, unicode: boolean): void {
  const w = row.width;
  const start = clamp(s.start, 0, w / cellsPerMs);
  const end = clamp(Number.isFinite(s.end) ? s.end : start, start, w / cellsPerMs);
  const first = Math.min(w - 1, Math.round(start * cellsPerMs));
  if (s.outcome === 'ok' && unicode) {
    const cell = Math.floor(start * cellsPerMs);
    if (cell === Math.floor(end * cellsPerMs) && cell < w) row.busy[cell]! += (end - start) * cellsPerMs;
    const eighths = Math.max(Math.round(end * cellsPerMs * 8), first * 8 + 1);
    const fullEnd = Math.min(w, Math.floor(eighths / 8));
    if (fullEnd > first) {
      row.ok[first]!++;
      row.ok[fullEnd]!--;
    }
    const rest = eighths % 8;
    if (rest > 0 && fullEnd < w) row.partial[fullEnd] = Math.max(row.partial[fullEnd]!, rest);
    return;
  }
  const stop = Math.min(w, Math.max(first + 1, Math.round(end * cellsPerMs)));
  if (s.outcome === 'ok') {
    row.ok[first]!++;
    row.ok[stop]!--;
    return;
  }
  const fill = s.outcome === 'error' ? row.error : row.cancelled;
  const last = stop - 1;
  if (last > first) {
    fill[first]!++;
    fill[last]!--;
  }
  row.marker[last] = Math.max(row.marker[last]!, s.outcome === 'error' ? 2 : 1);
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : Number.isNaN(x) ? lo : x;
}

/** Sweeps a row's difference arrays into glyphs, colouring runs of one class at a time. */
function draw(row: Row, g: Glyphs, style: Style): string {
  const { c } = style;
  const paintOf: Record<Cell, (s: string) => string> = {
    [Cell.Blank]: (s) => s,
    [Cell.Ok]: c.green,
    [Cell.Cancelled]: c.yellow,
    [Cell.Error]: c.red,
  };
  let out = '';
  let run = '';
  let runClass: Cell = Cell.Blank;
  let ok = 0;
  let cancelled = 0;
  let error = 0;
  for (let i = 0; i < row.width; i++) {
    ok += row.ok[i]!;
    cancelled += row.cancelled[i]!;
    error += row.error[i]!;
    const marker = row.marker[i]!;
    let ch: string;
    let cls: Cell;
    if (marker === 2) [ch, cls] = [g.errorEnd, Cell.Error];
    else if (marker === 1) [ch, cls] = [g.cancelledEnd, Cell.Cancelled];
    else if (error > 0) [ch, cls] = [g.error, Cell.Error];
    else if (cancelled > 0) [ch, cls] = [g.cancelled, Cell.Cancelled];
    else if (ok > 0) [ch, cls] = [g.full, Cell.Ok];
    else {
      const eighths = Math.max(row.partial[i]!, Math.min(8, Math.round(row.busy[i]! * 8)));
      if (eighths === 0) [ch, cls] = [' ', Cell.Blank];
      else [ch, cls] = [eighths >= 8 ? g.full : (g.eighths[eighths] ?? g.full), Cell.Ok];
    }
    if (cls !== runClass) {
      out += paintOf[runClass](run);
      run = '';
      runClass = cls;
    }
    run += ch;
  }
  return out + paintOf[runClass](run);
}

function header(v: VariantResult, sc: Scan, g: Glyphs, style: Style, total: number): string {
  const { c } = style;
  const n = v.spans.length;
  let facts = `${formatCount(n)} task${n === 1 ? '' : 's'} on ${formatCount(sc.lanes)} lane${sc.lanes === 1 ? '' : 's'}`;
  if (sc.counts.error > 0) facts += `, ${formatCount(sc.counts.error)} failed`;
  if (sc.counts.cancelled > 0) facts += `, ${formatCount(sc.counts.cancelled)} cancelled`;
  const name = truncate(v.name, total, g.ellipsis);
  const room = total - name.length;
  return room < 8 ? c.bold(name) : `${c.bold(name)}${c.dim(truncate(` ${g.dot} ${facts}`, room, g.ellipsis))}`;
}

/**
 * The tick labels and the rule: nice steps (1, 2, 2.5, 5 × 10ⁿ), labels never overlapping.
 *
 * @example
 * axis(3000, 40, 10, UNICODE); // ['           0         1s …', '           ┬─────────┬…']
 */
export function axis(span: number, barW: number, nameW: number, g: Glyphs): [string, string] {
  const step = niceStep(span / Math.max(1, Math.floor(barW / 10)));
  const labels = Array.from({ length: barW + 1 }, () => ' ');
  const rule = Array.from({ length: barW + 1 }, () => g.rule);
  let free = 0;
  for (let i = 0; i * step <= span * (1 + 1e-9); i++) {
    const t = i * step;
    const col = Math.min(barW, Math.round((t / span) * barW));
    rule[col] = g.tick;
    const text = tickLabel(t, span, g);
    const at = Math.min(col, barW + 1 - text.length);
    if (at < free) continue;
    for (let k = 0; k < text.length; k++) labels[at + k] = text[k]!;
    free = at + text.length + 1;
  }
  const pad = ' '.repeat(nameW + 1);
  return [(pad + labels.join('')).trimEnd(), pad + rule.join('')];
}

function niceStep(raw: number): number {
  const exp = Math.floor(Math.log10(raw));
  const base = 10 ** exp;
  for (const m of [1, 2, 2.5, 5]) if (m * base >= raw * (1 - 1e-9)) return m * base;
  return 10 * base;
}

/** Compact tick text in the unit of the whole axis, so labels read `0 0.5s 1s 1.5s`. */
function tickLabel(t: number, span: number, g: Glyphs): string {
  if (t === 0) return '0';
  const trim = (x: number): string => String(Number(x.toFixed(3)));
  if (span >= 1000) return `${trim(t / 1000)}s`;
  if (span >= 1) return `${trim(t)}ms`;
  return `${trim(t * 1000)}${g.micro}s`;
}

function legend(g: Glyphs, style: Style): string {
  const { c } = style;
  return [
    `${c.green(g.full)} ok`,
    `${c.red(g.error + g.errorEnd)} error`,
    `${c.yellow(g.cancelled + g.cancelledEnd)} cancelled`,
  ].join('  ');
}
