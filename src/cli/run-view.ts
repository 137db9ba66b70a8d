/**
 * What a person sees while a demo runs: each variant's heading and narration written
 * the moment it happens (on a pipe as plain lines), on a terminal a live timeline
 * beneath them, and the progress line on stderr for the rounds that are not shown.
 * It consumes measure's events and owns the bottom of the terminal while it does.
 */
import { onAbort } from '../core/abort.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { MeasureEvent, Progress } from '../core/measure.js';
import type { OutStream } from './io.js';
import { progressLine } from './progress.js';
import { LiveModel, renderLiveFrame } from './render/live.js';
import { MAX_NARRATION, renderNarrationLine, renderNarrationOverflow, renderVariantHeading } from './render/report.js';
import type { Style } from './style.js';

/** At most this many frames a second: drawing shares the event loop with the tasks. */
export const FRAMES_PER_SECOND = 20;

/** What a {@link RunView} shows, decided from the options and the streams. */
export interface RunViewOptions {
  stdout: OutStream;
  stderr: OutStream;
  style: Style;
  /** The progress line's label: the demo's name. */
  label: string;
  /** Write headings and narration as they happen (false under `--json` and `--quiet`). */
  stream: boolean;
  /** Draw the live timeline too: only meaningful when `stream` and stdout is a terminal. */
  live: boolean;
  /**
   * The terminal can move its cursor and clear lines; false on `TERM=dumb` (Emacs'
   * shell, some CI consoles), which can do neither: redrawn frames would pile up with
   * their escape codes shown as text. There the narration still streams, with no live
   * timeline and no progress line. Default true.
   */
  cursor?: boolean;
  signal: AbortSignal;
  clock?: Clock;
}

/** The measure callbacks that feed the view, and its end. */
export interface RunView {
  readonly onEvent: ((event: MeasureEvent) => void) | undefined;
  readonly onProgress: (progress: Progress) => void;
  /** Writes permanent text above whatever is live (it must end with a newline). */
  print(text: string): void;
  /** Finishes whatever is on screen and stops the timer; call it once the run is over. */
  close(): void;
}

/**
 * A view of one demo's run. The first timed round of each variant is the one shown
 * (it is the run whose narration and spans the report keeps); warm-up rounds and the
 * further timed rounds tick the progress line on stderr instead. The live timeline is
 * only drawn when stdout is a terminal and `live` is set; a pipe gets plain lines, no
 * escape sequence and no cursor movement.
 *
 * @example
 * const view = createRunView({ stdout, stderr, style, label: 'gather', stream: true, live: true, signal });
 * try {
 *   await measure({ variants, signal, onEvent: view.onEvent, onProgress: view.onProgress });
 * } finally {
 *   view.close();
 * }
 */
export function createRunView(options: RunViewOptions): RunView {
  const { stdout, style, stream, signal } = options;
  const cursor = options.cursor !== false;
  const progress = progressLine(options.stderr, options.label, stream && cursor);
  const live = stream && cursor && options.live && stdout.isTTY === true ? new LiveFrame(stdout, style, options.clock ?? systemClock) : undefined;
  // Ctrl-C: the progress line goes at once (the "Cancelling…" message follows on a clean
  // line) and the live frame steps aside until the run has drained its cancelled tasks.
  const off = onAbort(signal, () => {
    progress.done();
    live?.suspend();
  });
  const print = (text: string): void => {
    if (live !== undefined) live.print(text);
    else stdout.write(text);
  };
  let shown = false;
  let said = 0;
  // The latest line past MAX_NARRATION: the variant's last is printed when it ends.
  let latest: MeasureEvent | undefined;

  const onEvent = (e: MeasureEvent): void => {
    if (e.type === 'variant-start') {
      shown = e.phase === 'measure' && e.round === 1;
      if (!shown) return;
      said = 0;
      latest = undefined;
      print(`\n${renderVariantHeading({ name: e.variant, summary: e.summary }, style, stdout.columns ?? 80)}\n`);
      live?.start(e, signal.aborted);
      return;
    }
    if (!shown) return;
    switch (e.type) {
      case 'say':
        if (++said <= MAX_NARRATION) print(`${renderNarrationLine(e, style, stdout.columns ?? 80)}\n`);
        else latest = e;
        return;
      case 'variant-end':
        live?.end(e);
        if (said > MAX_NARRATION + 1) print(`${renderNarrationOverflow(said - MAX_NARRATION - 1, style)}\n`);
        if (latest?.type === 'say') print(`${renderNarrationLine(latest, style, stdout.columns ?? 80)}\n`);
        latest = undefined;
        shown = false;
        return;
      default:
        live?.apply(e);
    }
  };

  return {
    onEvent: stream ? onEvent : undefined,
    onProgress: (p) => {
      if (stream && p.phase === 'measure' && p.round === 1) progress.done();
      else progress.update(p);
    },
    print,
    close() {
      off();
      live?.close();
      progress.done();
    },
  };
}

const ESC = '\x1b[';
// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]*m/g;

/**
 * The live timeline at the bottom of a terminal: lines written above it are permanent,
 * the frame below is erased and redrawn in place (cursor up, clear to the end of the
 * screen) at most {@link FRAMES_PER_SECOND} times a second, and when the variant ends
 * its last frame stays, as the picture of that run.
 */
class LiveFrame {
  #model: LiveModel | undefined;
  /** The frame on screen and the width it was drawn at; undefined when none is. */
  #drawn: { lines: string[]; width: number } | undefined;
  #origin = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #suspended = false;
  /** Permanent text said since the last write, flushed with the frame in one write. */
  #pending = '';
  #flush: ReturnType<typeof setImmediate> | undefined;

  constructor(
    readonly out: OutStream,
    readonly style: Style,
    readonly clock: Clock,
  ) {}

  start(e: MeasureEvent & { type: 'variant-start' }, suspended: boolean): void {
    this.#model = new LiveModel();
    this.#model.apply(e);
    this.#origin = this.clock.now() - e.at;
    this.#suspended = suspended;
    this.#draw();
    // The timer must not keep the process alive, nor outlive the variant.
    this.#timer = setInterval(() => this.#draw(), 1000 / FRAMES_PER_SECOND);
    this.#timer.unref();
  }

  apply(e: MeasureEvent): void {
    this.#model?.apply(e);
  }

  /** Permanent text: straight out when no frame is up, else batched with a redraw. */
  print(text: string): void {
    if (this.#drawn === undefined) {
      this.out.write(text);
      return;
    }
    this.#pending += text;
    // Every line said in one turn of the event loop goes out in one write.
    this.#flush ??= setImmediate(() => {
      this.#flush = undefined;
      this.#draw(true);
    });
  }

  /** The variant ended: its final frame is drawn and left on screen. */
  end(e: MeasureEvent & { type: 'variant-end' }): void {
    this.#model?.apply(e);
    this.#suspended = false;
    this.#draw(true);
    this.#drawn = undefined;
    this.#stop();
  }

  /** Erases the frame and draws nothing until the variant ends (an interruption). */
  suspend(): void {
    if (this.#drawn !== undefined) this.out.write(this.#erase() + this.#takePending());
    this.#drawn = undefined;
    this.#suspended = true;
  }

  close(): void {
    // The run ended without a variant-end (the measurement threw): leave what is drawn.
    if (this.#pending !== '') this.out.write(this.#erase() + this.#takePending() + this.#frameText(this.#drawn?.lines ?? []));
    this.#drawn = undefined;
    this.#stop();
  }

  #stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#flush !== undefined) clearImmediate(this.#flush);
    this.#flush = undefined;
  }

  /** Redraws the frame for now, writing only when it changed (or `force`). */
  #draw(force = false): void {
    const model = this.#model;
    if (model === undefined || this.#suspended) {
      if (this.#pending !== '') this.out.write(this.#takePending());
      return;
    }
    const width = this.#width();
    const lines = renderLiveFrame(model, this.clock.now() - this.#origin, { width, height: this.#height() }, this.style);
    const drawn = this.#drawn;
    if (!force && this.#pending === '' && drawn !== undefined && drawn.width === width && sameLines(drawn.lines, lines)) return;
    this.out.write(this.#erase() + this.#takePending() + this.#frameText(lines));
    this.#drawn = { lines, width };
  }

  #takePending(): string {
    const text = this.#pending;
    this.#pending = '';
    return text;
  }

  #frameText(lines: readonly string[]): string {
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }

  /**
   * Moves to the frame's first line and clears down. Lines drawn wider than the
   * terminal now is (it was narrowed) take more rows once it re-wraps them.
   */
  #erase(): string {
    const drawn = this.#drawn;
    if (drawn === undefined) return '';
    const width = this.#width();
    let rows = 0;
    for (const line of drawn.lines) rows += width >= drawn.width ? 1 : Math.max(1, Math.ceil(visibleWidth(line) / width));
    return rows === 0 ? '' : `${ESC}${rows}A\r${ESC}J`;
  }

  /** A line short of the terminal's height, so that the cursor-up always reaches the frame's top. */
  #height(): number {
    const rows = this.out.rows;
    return rows !== undefined && rows > 1 ? rows - 1 : Number.POSITIVE_INFINITY;
  }

  #width(): number {
    const columns = this.out.columns;
    return columns !== undefined && columns > 0 ? columns : 80;
  }
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function visibleWidth(line: string): number {
  let n = 0;
  for (const _ of line.replace(SGR, '')) n++;
  return n;
}
