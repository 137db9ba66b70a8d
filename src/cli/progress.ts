import type { Progress } from '../core/measure.js';
import type { OutStream } from './io.js';

/** A one-line progress display: `update` on every measurement event, `done` once. */
export interface ProgressLine {
  update(progress: Progress): void;
  done(): void;
}

const CLEAR_LINE = '\r\x1b[2K';

/**
 * A progress line rewritten in place on `stream` (stderr), or a silent one when it
 * must stay quiet: not a terminal, `--json` or `--quiet` (clig.dev: no animations
 * when the output is not a TTY).
 *
 * @example
 * const progress = progressLine(io.stderr, 'gather', !common.json && !common.quiet);
 * await measure({ ..., onProgress: progress.update });
 * progress.done();
 */
export function progressLine(stream: OutStream, label: string, wanted: boolean): ProgressLine {
  if (!wanted || stream.isTTY !== true) return { update: () => {}, done: () => {} };
  let shown = false;
  return {
    update(p) {
      if (p.state !== 'start') return;
      const phase = p.phase === 'warmup' ? 'warm-up' : 'run';
      stream.write(`${CLEAR_LINE}${label}: ${phase} ${p.round}/${p.rounds} · ${p.variant}…`);
      shown = true;
    },
    done() {
      if (shown) stream.write(CLEAR_LINE);
      shown = false;
    },
  };
}
