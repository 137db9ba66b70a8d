/**
 * The live timeline: a Gantt of the running variant's tasks that grows while they run.
 * Two pure halves: {@link LiveModel} folds measure's events into the little a frame
 * needs (O(1) per event, O(rows) memory, so 100 000 tasks stay cheap), and
 * {@link renderLiveFrame} draws a frame from it for a given moment and width. The
 * controller that owns the terminal is run-view.ts.
 */
import type { MeasureEvent, Outcome } from '../../core/measure.js';
import type { Style } from '../style.js';
import { formatCount, formatMs, formatStamp } from './format.js';
import { MAX_REPORT_WIDTH, columns, oneLine, padEnd, truncate } from './text.js';
import { ASCII, UNICODE, axis, type Glyphs } from './timeline.js';

/** Rows of a frame, the "… N more tasks above/below" rows included, before the terminal's height cuts it. */
export const LIVE_ROWS = 12;

/**
 * What a bar shows. A task is `running` until it settles, then takes its outcome; one
 * recorded as queued is `waiting` (drawn light, `·`) until it starts running.
 */
export type LiveState = 'waiting' | 'running' | Outcome;

/** One task as the frame draws it; times are ms on the variant's clock. */
export interface LiveTask {
  /** measure's task id: its index in start order. */
  id: number;
  name: string;
  start: number;
  /** When it started running: `start`, unless it waited first; NaN while it waits. */
  run: number;
  /** When it settled; NaN while it runs. */
  end: number;
  state: LiveState;
}

/**
 * The events of one variant run so far, folded: counts of every task's state, and the
 * tasks that most recently started or started running (the rows), in a ring of fixed
 * size that is reused, so a task costs no allocation. A queued task is a row from when
 * it starts waiting; if the ring has moved past it by the time it runs, it comes back
 * as the newest row, so running tasks are never hidden behind a long queue.
 *
 * @example
 * const model = new LiveModel();
 * model.apply({ type: 'variant-start', variant: 'gather', summary: '', plannedMs: 1000, phase: 'measure', round: 1, rounds: 1, at: 0 });
 * model.apply({ type: 'task-start', variant: 'gather', id: 0, task: 'Alice', at: 0 });
 * renderLiveFrame(model, 500, 80, style); // Alice's bar half way across
 */
export class LiveModel {
  variant = '';
  plannedMs = 0;
  /** Tasks started so far. */
  started = 0;
  readonly counts: Record<LiveState, number> = { waiting: 0, running: 0, ok: 0, error: 0, cancelled: 0 };
  /** Set by `variant-end`. */
  ended: { at: number; ms: number; interrupted: boolean } | undefined;
  readonly #ring: LiveTask[];
  /** Rows admitted so far: the ring's next slot is `#admitted % rows`. */
  #admitted = 0;
  /** The ring's tasks by id (at most `rows` entries). */
  readonly #byId = new Map<number, LiveTask>();
  /**
   * The widest task name (in columns) of this variant so far, rows scrolled off
   * included: the label column is sized from it, so it never narrows while the variant
   * runs and the bars do not shift back and forth as long names scroll past.
   */
  nameColumns = 0;

  constructor(readonly rows: number = LIVE_ROWS) {
    if (!(rows >= 1)) throw new RangeError(`LiveModel: rows must be ≥ 1, got ${rows}`);
    this.#ring = Array.from({ length: rows }, () => ({ id: -1, name: '', start: 0, run: 0, end: Number.NaN, state: 'running' }));
  }

  /** Folds one event in; events of other kinds than a run's are ignored. */
  apply(e: MeasureEvent): void {
    switch (e.type) {
      case 'variant-start':
        this.variant = e.variant;
        this.plannedMs = e.plannedMs;
        return;
      case 'task-start': {
        const state = e.waiting === true ? 'waiting' : 'running';
        this.#admit(e.id, e.task, e.at, state === 'waiting' ? Number.NaN : e.at, state);
        this.started = Math.max(this.started, e.id + 1);
        this.counts[state]++;
        return;
      }
      case 'task-run': {
        this.counts.waiting--;
        this.counts.running++;
        const slot = this.#byId.get(e.id);
        if (slot === undefined) {
          this.#admit(e.id, e.task, e.start, e.at, 'running');
          return;
        }
        slot.run = e.at;
        slot.state = 'running';
        return;
      }
      case 'task-end': {
        this.counts[e.waiting === true ? 'waiting' : 'running']--;
        this.counts[e.outcome]++;
        const slot = this.#byId.get(e.id);
        if (slot === undefined) return;
        slot.end = e.at;
        slot.state = e.outcome;
        return;
      }
      case 'variant-end':
        this.ended = { at: e.at, ms: e.ms, interrupted: e.interrupted };
        return;
      case 'say':
        return;
    }
  }

  #admit(id: number, name: string, start: number, run: number, state: LiveState): void {
    const slot = this.#ring[this.#admitted % this.rows]!;
    this.#admitted++;
    if (slot.id >= 0) this.#byId.delete(slot.id);
    slot.id = id;
    slot.name = name;
    this.nameColumns = Math.max(this.nameColumns, columns(oneLine(name)));
    slot.start = start;
    slot.run = run;
    slot.end = Number.NaN;
    slot.state = state;
    this.#byId.set(id, slot);
  }

  /** The last `n` (at most `rows`) rows admitted, oldest first. */
  recent(n: number = this.rows): LiveTask[] {
    const count = Math.min(n, this.rows, this.#admitted);
    const tasks: LiveTask[] = [];
    for (let k = this.#admitted - count; k < this.#admitted; k++) tasks.push(this.#ring[k % this.rows]!);
    return tasks;
  }
}

/** Where the frame is drawn. */
export interface FrameSize {
  /** Terminal columns; every line stays strictly narrower, so none wraps. */
  width: number;
  /** The most lines the frame may take (the terminal's height less one); no limit by default. */
  height?: number;
}

const PAINT: Record<LiveState, (style: Style) => (s: string) => string> = {
  waiting: ({ c }) => c.dim,
  running: ({ c }) => c.cyan,
  ok: ({ c }) => c.green,
  error: ({ c }) => c.red,
  cancelled: ({ c }) => c.yellow,
};

/** The running glyphs: a line that turns into a block (or a failure's glyph) when it settles. */
const RUNNING = { unicode: '━', ascii: '=' };

/**
 * One frame of the live timeline at `now` ms on the variant's clock: the time axis, a
 * row per recent task (its bar grown to `now` while it runs, in its outcome's glyph
 * once settled: ok `█`, error `▓…✗`, cancelled `░…⊘`, running `━`, and before it the
 * wait of a queued task, `·`; `#`, `x…X`, `-…/`, `=`, `.` in ASCII, so that it reads
 * without colour), and a status line. When more tasks started than fit, the rows are
 * the latest to start (or to start running), and the rest are counted where they are:
 * those that ran or settled scrolled off the top (`… 5 more tasks above (1 running, 4 ok)`,
 * a row above the rows), those still waiting for their turn are to come at the bottom
 * (`… 14 more tasks below, waiting`, a row beneath them). The axis spans the variant's planned time, or
 * more once the run goes past it, so bars grow rightwards rather than the axis
 * shrinking. Pure: the same model, moment and size give the same lines.
 *
 * @example
 * renderLiveFrame(model, 1700, { width: 60 }, style);
 * // [ '          0              1s             2s            3s',
 * //   '          ┬──────────────┬──────────────┬─────────────┬',
 * //   '  Alice  │██████████████▏',
 * //   '  Bob    │              ━━━━━━━━━━',
 * //   '  +1.700s · 1 running · 1 ok' ]
 */
export function renderLiveFrame(model: LiveModel, now: number, size: FrameSize, style: Style): string[] {
  const { c } = style;
  const g = style.unicode ? UNICODE : ASCII;
  // As wide as the report's timeline at most (MAX_REPORT_WIDTH), which the last frame stays above.
  const total = Math.max(20, Math.min(MAX_REPORT_WIDTH, Math.floor(Number.isFinite(size.width) ? size.width : 80) - 1));
  const height = Math.max(1, Math.floor(size.height ?? Number.POSITIVE_INFINITY));
  const at = model.ended?.at ?? now;
  const status = c.dim(truncate(statusText(model, at, g), total, g.ellipsis));
  // Axis (2 lines) and status (1) come first; with room for no row, the status alone.
  const room = Math.min(model.rows, height - 3);
  if (model.started === 0 || room < 1) return [status];

  const more = model.started > room;
  let tasks = model.recent(more ? room - 1 : room);
  let hidden = hiddenStates(model, tasks);
  // Hidden tasks on both sides take a row each: one row of tasks gives way.
  if (more && hidden.waiting > 0 && hidden.waiting < model.started - tasks.length) {
    tasks = model.recent(Math.max(0, room - 2));
    hidden = hiddenStates(model, tasks);
  }
  const labelCap = Math.max(6, Math.floor(total * 0.3));
  const nameW = Math.min(Math.max(8, 3 + model.nameColumns), labelCap);
  // As in the final timeline: the rule has a tick at both ends, one column past the bars.
  const barW = Math.max(1, total - nameW - 2);
  let latest = 0;
  for (const t of tasks) latest = Math.max(latest, t.start, Number.isNaN(t.end) ? 0 : t.end);
  const span = Math.max(model.plannedMs, at, latest, 1e-6);

  const lines = axis(span, barW, nameW, g).map((l) => c.dim(truncate(l, total, '')));
  // The rows are the latest admitted (started, or started running), oldest first. A
  // hidden task that runs or has settled was admitted before the first row: it scrolled
  // off the top. One still waiting for its turn comes back as the newest row when it
  // runs: it is to come, below the last. Each side is counted where it is.
  const below = hidden.waiting;
  const above = model.started - tasks.length - below;
  const hiddenRow = (text: string): string => c.dim(truncate(`  ${g.ellipsis} ${text}`, total, g.ellipsis));
  if (more && tasks.length === 0) {
    // No row to stand above or below (a terminal a few lines high): the count alone.
    lines.push(hiddenRow(`${tasksWord(model.started)} (${stateParts(hidden).join(', ')})`));
  } else if (above > 0) {
    lines.push(hiddenRow(`${tasksWord(above, 'more')} above (${stateParts({ ...hidden, waiting: 0 }).join(', ')})`));
  }
  for (const t of tasks) {
    const label = padEnd(truncate(`  ${oneLine(t.name)}`, nameW - 1, g.ellipsis), nameW);
    lines.push(`${label}${c.dim(g.sep)}${bar(t, at, barW / span, barW, g, style)}`);
  }
  if (tasks.length > 0 && below > 0) lines.push(hiddenRow(`${tasksWord(below, 'more')} below, waiting`));
  lines.push(status);
  return lines;
}

/** `1 task`, `3 more tasks`. */
function tasksWord(n: number, more?: 'more'): string {
  return `${formatCount(n)} ${more === undefined ? '' : 'more '}task${n === 1 ? '' : 's'}`;
}

/** How many tasks in each state are not among `shown`: the counts less the rows'. */
function hiddenStates(model: LiveModel, shown: readonly LiveTask[]): Record<LiveState, number> {
  const hidden = { ...model.counts };
  for (const t of shown) hidden[t.state]--;
  return hidden;
}

/**
 * One task's bar, from its start to its end (or to `now` while it runs): its wait first,
 * light, if it waited, then its run.
 */
function bar(t: LiveTask, now: number, cellsPerMs: number, width: number, g: Glyphs, style: Style): string {
  const waited = t.state === 'waiting' ? now : Number.isNaN(t.run) ? (Number.isNaN(t.end) ? now : t.end) : t.run;
  if (waited <= t.start) return runBar(t, t.start, now, cellsPerMs, width, g, style);
  const startX = Math.max(0, t.start) * cellsPerMs;
  const first = Math.min(width - 1, Math.round(startX));
  const waitEnd = Math.min(width, Math.round(Math.max(startX, waited * cellsPerMs)));
  const lead = ' '.repeat(first);
  const ranNever = t.state !== 'running' && t.state !== 'waiting' && (Number.isNaN(t.run) || t.run >= t.end);
  if (t.state === 'waiting' || ranNever) {
    const cells = Math.max(1, waitEnd - first);
    const dots = PAINT.waiting(style)(g.wait.repeat(ranNever && t.state !== 'ok' ? cells - 1 : cells));
    if (!ranNever || t.state === 'ok') return lead + dots;
    const [mark, paint] = t.state === 'error' ? [g.errorEnd, PAINT.error(style)] : [g.cancelledEnd, PAINT.cancelled(style)];
    return lead + dots + paint(mark);
  }
  const dots = PAINT.waiting(style)(g.wait.repeat(Math.max(0, waitEnd - first)));
  return lead + dots + runBar(t, waited, now, cellsPerMs, width, g, style, waitEnd);
}

/**
 * The running part of a bar, from `from` to its end (or to `now` while it runs), as the
 * text of the columns from `at` on (what lies before is drawn already: the wait).
 */
function runBar(t: LiveTask, from: number, now: number, cellsPerMs: number, width: number, g: Glyphs, style: Style, at = 0): string {
  if (at >= width) return '';
  const end = t.state === 'running' || Number.isNaN(t.end) ? now : t.end;
  const startX = Math.max(0, from) * cellsPerMs;
  const endX = Math.min(width, Math.max(startX, end * cellsPerMs));
  const first = Math.max(at, Math.min(width - 1, Math.round(startX)));
  const paint = PAINT[t.state](style);
  const lead = ' '.repeat(first - at);
  switch (t.state) {
    case 'waiting':
    case 'running': {
      const cells = Math.max(1, Math.round(endX) - first);
      return lead + paint((style.unicode ? RUNNING.unicode : RUNNING.ascii).repeat(cells));
    }
    case 'ok': {
      if (!style.unicode) return lead + paint(g.full.repeat(Math.max(1, Math.round(endX) - first)));
      // Eighth blocks show where within its last cell a task ended, as the final timeline does.
      const eighths = Math.max(Math.round(endX * 8), first * 8 + 1);
      const full = Math.min(width, Math.floor(eighths / 8)) - first;
      const rest = eighths % 8;
      return lead + paint(g.full.repeat(Math.max(0, full)) + (rest > 0 && first + full < width ? g.eighths[rest]! : ''));
    }
    case 'error':
    case 'cancelled': {
      const cells = Math.max(1, Math.round(endX) - first);
      const [fill, mark] = t.state === 'error' ? [g.error, g.errorEnd] : [g.cancelled, g.cancelledEnd];
      return lead + paint(fill.repeat(cells - 1) + mark);
    }
  }
}

/** `+1.700s · 1 running · 1 ok`, and once the run is over `done in 3.004 s · 3 ok`. */
function statusText(model: LiveModel, at: number, g: Glyphs): string {
  const { ended } = model;
  const parts = stateParts(model.counts);
  if (model.started === 0) parts.push(ended === undefined ? 'no tasks yet' : 'no tasks');
  const sep = ` ${g.dot} `;
  const when = ended === undefined ? formatStamp(at) : ended.interrupted ? `interrupted at ${formatStamp(ended.at)}` : `done in ${formatMs(ended.ms)}`;
  return `  ${when}${sep}${parts.join(sep)}`;
}

/** `2 waiting`, `1 running`, `3 ok`, …: the states with any tasks, in the status line's order. */
function stateParts(counts: Readonly<Record<LiveState, number>>): string[] {
  const parts: string[] = [];
  if (counts.waiting > 0) parts.push(`${formatCount(counts.waiting)} waiting`);
  if (counts.running > 0) parts.push(`${formatCount(counts.running)} running`);
  if (counts.ok > 0) parts.push(`${formatCount(counts.ok)} ok`);
  if (counts.error > 0) parts.push(`${formatCount(counts.error)} failed`);
  if (counts.cancelled > 0) parts.push(`${formatCount(counts.cancelled)} cancelled`);
  return parts;
}
