import type { Outcome, Span, VariantResult } from '../../core/measure.js';
import type { Style } from '../style.js';
import { formatCount, formatMs, shownRun } from './format.js';
import { columns, oneLine, padEnd, truncate } from './text.js';

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
  /** A task waiting to start (for a worker, a slot, its turn): light, so waiting never reads as work. */
  wait: string;
  /** The first cell of a task that follows another on its lane, so two tasks never merge into one bar. */
  boundary: string;
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
  wait: '·',
  boundary: '▐',
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
  wait: '.',
  boundary: '[',
  rule: '-',
  tick: '+',
  sep: '|',
  ellipsis: '...',
  dot: '-',
  micro: 'u',
};

/** Cell classes after compositing; a failure's glyph wins over an ok one in the same cell. */
const Cell = { Blank: 0, Ok: 1, Cancelled: 2, Error: 3, Wait: 4 } as const;
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
  /** Waits, drawn light and behind any work in the same cell. */
  readonly wait: Int32Array;
  /** First cells of ok tasks of two cells or more: a boundary when the cell before is drawn. */
  readonly boundary: Uint8Array;

  constructor(readonly width: number) {
    this.ok = new Int32Array(width + 1);
    this.cancelled = new Int32Array(width + 1);
    this.error = new Int32Array(width + 1);
    this.partial = new Uint8Array(width);
    this.busy = new Float64Array(width);
    this.marker = new Uint8Array(width);
    this.wait = new Int32Array(width + 1);
    this.boundary = new Uint8Array(width);
  }
}

/**
 * A Gantt chart of every variant's tasks on one shared time axis, so the sequential
 * staircase and the concurrent stack can be compared by eye. Few tasks get a row each;
 * more get one row per lane (spans on a lane never run at once), at most
 * {@link MAX_ROWS} per variant; the rest is counted, not drawn, so a million spans cost
 * a few linear scans and no per-span strings.
 *
 * Waiting is drawn apart from running: a task that waited for a worker or a slot (a
 * span with `running`) shows its wait as a light `·` before its bar, on its own row when
 * each task has one, else on one `waiting` row above the lanes, since a task holds a lane
 * only while it runs (so a pool of 2 threads shows 2 lanes). On a lane, a task that
 * follows another starts with a `▐`, so tasks of equal length look equal, not merged.
 *
 * Outcomes read without colour: ok `█` (ending in an eighth block for sub-cell
 * precision on a row of its own), error `▓…✗`, cancelled `░…⊘`; with `style.unicode`
 * false: `#`, `x…X`, `-…/`, waiting `.`, boundary `[`. Every line fits in `width`
 * columns (at least 40).
 *
 * The spans are each variant's first run (the core keeps those): with `options.runs` of
 * two or more, the title says `(run 1 of n)`, since the times beside it are medians.
 *
 * @example
 * out.write(renderTimeline(measurement.variants, process.stdout.columns ?? 80, style));
 * // Timeline  0 … 3.000 s · cell 83.3 ms
 * //            0          1s          2s          3s
 * //            ┬───────────┬───────────┬───────────┬
 * // sequential · 3 tasks on 1 lane
 * //   Alice     │████████████
 * //   Bob       │            ████████████
 * // …
 * // pool · 3 tasks on 2 lanes, 1 waited for its turn
 * //   Alice     │████████████
 * //   Bob       │████████████
 * //   Charlie   │············████████████
 */
export function renderTimeline(variants: readonly VariantResult[], width: number, style: Style, options: { runs?: number } = {}): string {
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
  const perTask = variants.map((v) => v.spans.length <= MAX_ROWS);
  const shown = variants.map((v, i) => (perTask[i] ? rowPerTask(v.spans) : v.spans));
  const scans = shown.map((spans) => scan(spans, labelCap, 0));
  let nameW = 8;
  for (const [i, sc] of scans.entries()) {
    for (const label of sc.labels) nameW = Math.max(nameW, 3 + label.length);
    const v = variants[i]!;
    // Room for the waiting row's label, its count at most the tasks'.
    if (!perTask[i] && v.spans.some((s) => runningFrom(s) > s.start)) {
      nameW = Math.max(nameW, 3 + `${WAITING_LABEL} (max ${formatCount(v.spans.length)})`.length);
    }
  }
  nameW = Math.min(nameW, labelCap);
  const barW = total - nameW - 2;
  const perCell = span / barW;
  const cellsPerMs = barW / span;

  const lines: string[] = [];
  // The spans are the first run's: with several, the times above are medians, so say which run this is.
  const run = shownRun(options.runs ?? 1);
  const title = `Timeline${run === undefined ? '' : ` (${run})`}  0 ${g.ellipsis} ${formatMs(maxEnd)}`;
  const cell = ` ${g.dot} cell ${formatMs(perCell)}`;
  lines.push(c.bold('Timeline') + c.dim(title.slice('Timeline'.length) + (title.length + cell.length <= total ? cell : '')));
  lines.push(...axis(span, barW, nameW, g).map((l) => c.dim(l)));

  let anyWait = false;
  let anyBoundary = false;
  for (const [i, v] of variants.entries()) {
    const sc = scans[i]!;
    const facts = scan(v.spans, 0, cellsPerMs);
    anyWait ||= facts.waited > 0;
    lines.push(header(v, facts, g, style, total));
    if (v.spans.length === 0) {
      lines.push(c.dim('  (no tasks recorded)'));
      continue;
    }
    const rows = sc.labels.map(() => new Row(barW));
    // By lane, a task's wait cannot share its lane (others run there meanwhile): every
    // wait goes on one row of its own, above the lanes.
    const waits = perTask[i] || facts.waited === 0 ? undefined : new Row(barW);
    for (const s of shown[i]!) {
      const row = rows[laneOf(s)];
      paintSpan(row, perTask[i] ? row : waits, s, cellsPerMs, style.unicode, !perTask[i]!);
    }
    if (waits !== undefined) {
      const drawn = draw(waits, g, style);
      // How many waited at once (at the busiest cell): a queue of 19 reads apart from one of 1.
      const counted = `  ${WAITING_LABEL} (max ${formatCount(drawn.maxWait)})`;
      const label = padEnd(counted.length <= nameW - 1 ? counted : `  ${WAITING_LABEL}`, nameW);
      lines.push(`${c.dim(label)}${c.dim(g.sep)}${drawn.text}`.trimEnd());
    }
    for (const [lane, row] of rows.entries()) {
      const label = padEnd(`  ${cutList(sc.labels[lane]!, nameW - 3, g.ellipsis)}`, nameW);
      const drawn = draw(row, g, style);
      anyBoundary ||= drawn.boundaries;
      lines.push(`${label}${c.dim(g.sep)}${drawn.text}`.trimEnd());
    }
    if (sc.lanes > rows.length) {
      const more = sc.lanes - rows.length;
      lines.push(
        c.dim(`  ${g.ellipsis} and ${formatCount(sc.hidden)} more tasks on ${formatCount(more)} more lane${more === 1 ? '' : 's'}`),
      );
    }
  }
  lines.push(legend(g, style, anyWait, anyBoundary, total));
  return lines.join('\n');
}

/**
 * A lane's label (its tasks' names, `, ` apart) cut to `width` between names, so that
 * what shows is whole names: `task 2, …`, never `task 2, task 1…` (which reads as task
 * 1, where it was task 10). A first name too long alone is cut as any text is.
 *
 * @example
 * cutList('task 2, task 10, task 18', 15, '…'); // 'task 2, …'
 */
export function cutList(text: string, width: number, ellipsis: string): string {
  if (columns(text) <= width) return text;
  const names = text.split(', ');
  let shown = '';
  for (const name of names) {
    const next = shown === '' ? name : `${shown}, ${name}`;
    if (columns(`${next}, ${ellipsis}`) > width) break;
    shown = next;
  }
  return shown === '' ? truncate(text, width, ellipsis) : `${shown}, ${ellipsis}`;
}

/** The label of the row that holds the waits when rows are lanes. */
const WAITING_LABEL = 'waiting';

interface Scan {
  lanes: number;
  /** Lanes that some task ran on (a task that never ran holds none). */
  runLanes: number;
  /** The task names of each drawn lane, joined, cut a little past the name column. */
  labels: string[];
  hidden: number;
  counts: Record<Outcome, number>;
  /** Tasks whose wait is drawn (a cell or more at the scale given to scan, see visibleWait). */
  waited: number;
  /** Of those, the ones that waited for their turn behind other tasks (see queuedBehind). */
  behind: number;
}

/** The spans in start order, each on a row of its own. */
function rowPerTask(spans: readonly Span[]): Span[] {
  return [...spans].sort((a, b) => a.start - b.start).map((s, lane) => ({ ...s, lane }));
}

function laneOf(s: Span): number {
  return s.lane >= 0 ? Math.floor(s.lane) : 0;
}

/** When a span started running (its start, unless it waited first). */
function runningFrom(s: Span): number {
  return s.running !== undefined && s.running > s.start ? s.running : s.start;
}

/** A span that waited and ended still waiting: it never ran, so it has no bar, only its wait. */
function neverRan(s: Span): boolean {
  return s.running !== undefined && s.running > s.start && s.running >= s.end;
}

/**
 * Whether a span's wait is drawn (and counted): a cell or more. A task handed to a free
 * worker still takes a moment to start (a message to a thread, a microtask, a busy
 * machine); under a cell, that is not waiting for a turn.
 */
function visibleWait(s: Span, cellsPerMs: number): boolean {
  return (runningFrom(s) - s.start) * cellsPerMs >= 1 || neverRan(s);
}

/**
 * One pass over a variant's spans: lanes, outcome counts, waits, and the labels of the
 * shown rows (`cellsPerMs` 0 counts no waits).
 */
function scan(spans: readonly Span[], labelCap: number, cellsPerMs: number): Scan {
  let lanes = 0;
  let runLanes = 0;
  for (const s of spans) {
    lanes = Math.max(lanes, laneOf(s) + 1);
    if (!neverRan(s)) runLanes = Math.max(runLanes, laneOf(s) + 1);
  }
  const labels = Array.from({ length: Math.min(lanes, MAX_ROWS) }, () => '');
  const counts: Record<Outcome, number> = { ok: 0, error: 0, cancelled: 0 };
  let hidden = 0;
  let waited = 0;
  for (const s of spans) {
    counts[s.outcome] = (counts[s.outcome] ?? 0) + 1;
    if (cellsPerMs > 0 && visibleWait(s, cellsPerMs)) waited++;
    const lane = laneOf(s);
    const label = labels[lane];
    if (label === undefined) {
      hidden++;
      continue;
    }
    // Names beyond the column are cut anyway: stop growing the label there.
    if (label.length <= labelCap) labels[lane] = (label === '' ? '' : `${label}, `) + oneLine(s.task);
  }
  return { lanes, runLanes, labels, hidden, counts, waited, behind: waited > 0 ? queuedBehind(spans, cellsPerMs) : 0 };
}

/**
 * How many tasks waited for their turn: a visible wait during which another task ended
 * (it took the worker or slot that one freed), or that it never got out of. A wait with
 * no end in it is only a slow start (a thread waking up on a busy machine): drawn, but
 * not counted as queueing behind others.
 */
function queuedBehind(spans: readonly Span[], cellsPerMs: number): number {
  const ends = new Float64Array(spans.length);
  for (let i = 0; i < spans.length; i++) ends[i] = spans[i]!.end;
  ends.sort();
  let behind = 0;
  for (const s of spans) {
    if (!visibleWait(s, cellsPerMs)) continue;
    if (neverRan(s)) {
      behind++;
      continue;
    }
    // The first end at or after the task was queued: inside its wait?
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! < s.start) lo = mid + 1;
      else hi = mid;
    }
    if (lo < ends.length && ends[lo]! <= runningFrom(s)) behind++;
  }
  return behind;
}

/**
 * Paints a span: its wait (if any) on `waits`, its run on `row` (either may be absent:
 * a lane past the drawn rows). `byLane`: the row is shared with the tasks before and
 * after on the lane, so bars snap to whole cells and mark where each begins.
 */
function paintSpan(row: Row | undefined, waits: Row | undefined, s: Span, cellsPerMs: number, unicode: boolean, byLane: boolean): void {
  const from = runningFrom(s);
  if (waits !== undefined && visibleWait(s, cellsPerMs)) {
    const w = waits.width;
    const a = Math.min(w, Math.round(clamp(s.start, 0, w / cellsPerMs) * cellsPerMs));
    const b = Math.min(w, Math.round(clamp(from, 0, w / cellsPerMs) * cellsPerMs));
    if (b > a) {
      waits.wait[a]!++;
      waits.wait[b]!--;
    }
    if (neverRan(s) && s.outcome !== 'ok') {
      const last = Math.max(0, Math.min(w - 1, b - 1));
      waits.marker[last] = Math.max(waits.marker[last]!, s.outcome === 'error' ? 2 : 1);
    }
  }
  if (row === undefined || neverRan(s)) return;
  paint(row, { start: from, end: s.end, outcome: s.outcome }, cellsPerMs, unicode, byLane);
}

function paint(row: Row, s: { start: number; end: number; outcome: Outcome }, cellsPerMs: number, unicode: boolean, byLane: boolean): void {
  const w = row.width;
  const start = clamp(s.start, 0, w / cellsPerMs);
  const end = clamp(Number.isFinite(s.end) ? s.end : start, start, w / cellsPerMs);
  const first = Math.min(w - 1, Math.round(start * cellsPerMs));
  if (s.outcome === 'ok' && unicode) {
    const cell = Math.floor(start * cellsPerMs);
    if (cell === Math.floor(end * cellsPerMs) && cell < w) {
      row.busy[cell]! += (end - start) * cellsPerMs;
      if (byLane) return;
    }
    if (byLane) {
      // Whole cells from the rounded start to the rounded end, as ASCII draws: an eighth
      // block where one task ends would run into the next one's first cell.
      const stop = Math.min(w, Math.max(first + 1, Math.round(end * cellsPerMs)));
      row.ok[first]!++;
      row.ok[stop]!--;
      if (stop - first >= 2) row.boundary[first] = 1;
      return;
    }
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
    if (byLane && stop - first >= 2) row.boundary[first] = 1;
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

/**
 * Sweeps a row's difference arrays into glyphs, colouring runs of one class at a time;
 * says whether it drew a boundary (for the legend).
 */
function draw(row: Row, g: Glyphs, style: Style): { text: string; boundaries: boolean; maxWait: number } {
  const { c } = style;
  const paintOf: Record<Cell, (s: string) => string> = {
    [Cell.Blank]: (s) => s,
    [Cell.Ok]: c.green,
    [Cell.Cancelled]: c.yellow,
    [Cell.Error]: c.red,
    [Cell.Wait]: c.dim,
  };
  let out = '';
  let run = '';
  let runClass: Cell = Cell.Blank;
  let ok = 0;
  let cancelled = 0;
  let error = 0;
  let wait = 0;
  let maxWait = 0;
  let boundaries = false;
  for (let i = 0; i < row.width; i++) {
    ok += row.ok[i]!;
    cancelled += row.cancelled[i]!;
    error += row.error[i]!;
    wait += row.wait[i]!;
    if (wait > maxWait) maxWait = wait;
    const marker = row.marker[i]!;
    let ch: string;
    let cls: Cell;
    if (marker === 2) [ch, cls] = [g.errorEnd, Cell.Error];
    else if (marker === 1) [ch, cls] = [g.cancelledEnd, Cell.Cancelled];
    else if (error > 0) [ch, cls] = [g.error, Cell.Error];
    else if (cancelled > 0) [ch, cls] = [g.cancelled, Cell.Cancelled];
    else if (ok > 0) {
      // A task that starts where the one before it on the lane ends: mark its start.
      const after: boolean = row.boundary[i] === 1 && runClass !== Cell.Blank && runClass !== Cell.Wait;
      boundaries ||= after;
      [ch, cls] = [after ? g.boundary : g.full, Cell.Ok];
    } else {
      const eighths = Math.max(row.partial[i]!, Math.min(8, Math.round(row.busy[i]! * 8)));
      if (eighths > 0) [ch, cls] = [eighths >= 8 ? g.full : (g.eighths[eighths] ?? g.full), Cell.Ok];
      else if (wait > 0) [ch, cls] = [g.wait, Cell.Wait];
      else [ch, cls] = [' ', Cell.Blank];
    }
    if (cls !== runClass) {
      out += paintOf[runClass](run);
      run = '';
      runClass = cls;
    }
    run += ch;
  }
  return { text: out + paintOf[runClass](run), boundaries, maxWait };
}

/**
 * A variant's line above its rows: its name and its facts (tasks, lanes, waits,
 * failures), wrapped between facts when they do not fit, since a cut one ("50 waited
 * for their tu…") loses the figure the reader came for. A continuation lines up under
 * the first fact (or four in, for a name too long for that), apart from the rows'
 * labels two in.
 */
function header(v: VariantResult, sc: Scan, g: Glyphs, style: Style, total: number): string {
  const { c } = style;
  const n = v.spans.length;
  const facts = [`${formatCount(n)} task${n === 1 ? '' : 's'} on ${formatCount(sc.runLanes)} lane${sc.runLanes === 1 ? '' : 's'}`];
  if (sc.behind > 0) facts.push(`${formatCount(sc.behind)} waited for ${sc.behind === 1 ? 'its' : 'their'} turn`);
  if (sc.counts.error > 0) facts.push(`${formatCount(sc.counts.error)} failed`);
  if (sc.counts.cancelled > 0) facts.push(`${formatCount(sc.counts.cancelled)} cancelled`);
  const name = truncate(v.name, total, g.ellipsis);
  const under = name.length + 3;
  const hang = ' '.repeat(facts.every((f) => under + f.length + 1 <= total) ? under : 4);
  const lines: string[] = [];
  let current = ` ${g.dot} `;
  let used = name.length;
  for (const [i, fact] of facts.entries()) {
    const joint = i === 0 ? '' : ', ';
    if (used + current.length + joint.length + fact.length + (i < facts.length - 1 ? 1 : 0) <= total) current += joint + fact;
    else {
      lines.push(lines.length === 0 ? `${c.bold(name)}${c.dim(i === 0 ? '' : `${current},`)}` : c.dim(`${current},`));
      [current, used] = [hang + truncate(fact, total - hang.length - 1, g.ellipsis), 0];
    }
  }
  lines.push(lines.length === 0 ? `${c.bold(name)}${c.dim(current)}` : c.dim(current));
  return lines.join('\n');
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

/** The glyphs in use, named; wrapped onto a second line rather than past `width`. */
function legend(g: Glyphs, style: Style, waits: boolean, boundaries: boolean, width: number): string {
  const { c } = style;
  const parts: [plain: string, painted: string][] = [
    [`${g.full} ok`, `${c.green(g.full)} ok`],
    [`${g.error + g.errorEnd} error`, `${c.red(g.error + g.errorEnd)} error`],
    [`${g.cancelled + g.cancelledEnd} cancelled`, `${c.yellow(g.cancelled + g.cancelledEnd)} cancelled`],
  ];
  if (waits) parts.push([`${g.wait} waiting to start`, `${c.dim(g.wait)} waiting to start`]);
  if (boundaries) parts.push([`${g.boundary} next task on the lane`, `${c.green(g.boundary)} next task on the lane`]);
  const lines: string[] = [];
  let plain = '';
  let painted = '';
  for (const [text, colored] of parts) {
    if (plain !== '' && plain.length + 2 + text.length > width) {
      lines.push(painted);
      [plain, painted] = ['', ''];
    }
    plain += (plain === '' ? '' : '  ') + text;
    painted += (painted === '' ? '' : '  ') + colored;
  }
  lines.push(painted);
  return lines.join('\n');
}
