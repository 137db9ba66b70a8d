import { Chalk, type ChalkInstance } from 'chalk';
import { colorLevel } from './color-level.js';
import { plainStyle } from './plain-style.js';

/**
 * How output is dressed: a chalk instance at a decided colour level, and whether the
 * terminal can show the block and box glyphs of bars and timelines. Every renderer
 * takes one, so rendering stays a pure function of its input and its style.
 */
export interface Style {
  c: ChalkInstance;
  /** False when `TERM=dumb`: renderers then draw with ASCII only (`#`, `x`, `-`, `|`). */
  unicode: boolean;
}

/** What decides a {@link Style}. */
export interface StyleOptions {
  /** Whether the stream the text goes to is a terminal. */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** `false` for `--no-color`. `true` (commander's default for a `--no-color` flag) forces nothing. */
  color?: boolean;
}

/**
 * Decides the colour level the way clig.dev and hyperfine do, and returns a chalk
 * instance fixed at that level (never chalk's global one, whose detection reads
 * `process` and ignores `NO_COLOR`).
 *
 * Precedence: `--no-color` → none; `NO_COLOR` non-empty → none; `FORCE_COLOR`
 * (`0`–`3`, `true`, `false`, or empty for 1) → exactly that level, even when piped or
 * on `TERM=dumb`; `TERM=dumb` → none; a non-TTY → none; a TTY → the level its
 * environment advertises (`COLORTERM=truecolor` → 3, `TERM=*-256color` → 2, else 1).
 *
 * @example
 * const style = createStyle({ isTTY: process.stdout.isTTY === true, env: process.env, color: opts.color });
 * out.write(style.c.bold('Summary') + '\n');
 */
export function createStyle(opts: StyleOptions): Style {
  const level = colorLevel(opts);
  if (level === 0) return plainStyle(opts);
  return { c: new Chalk({ level }), unicode: opts.env.TERM !== 'dumb' };
}
