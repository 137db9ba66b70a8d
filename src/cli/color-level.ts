/**
 * The colour level decision, apart from chalk so that `asyncdemo list` can make it
 * without loading chalk (see fast.ts); `createStyle` in style.ts uses the same function.
 */
import type { StyleOptions } from './style.js';

/**
 * chalk's colour levels: none, 16 colours, 256, truecolor.
 *
 * @example
 * const level: Level = colorLevel({ isTTY: true, env: { COLORTERM: 'truecolor' } }); // 3
 */
export type Level = 0 | 1 | 2 | 3;

/**
 * The colour level for these options; `createStyle` (style.ts) documents the rules.
 *
 * @example
 * colorLevel({ isTTY: false, env: {} }); // 0: piped output has no colour
 */
export function colorLevel({ isTTY, env, color }: StyleOptions): Level {
  if (color === false) return 0;
  if (nonEmpty(env.NO_COLOR)) return 0;
  const forced = forcedLevel(env.FORCE_COLOR);
  if (forced !== undefined) return forced;
  if (env.TERM === 'dumb' || !isTTY) return 0;
  return terminalLevel(env);
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}

/** supports-color's reading of FORCE_COLOR; anything unreadable forces nothing. */
function forcedLevel(value: string | undefined): Level | undefined {
  if (value === undefined) return undefined;
  if (value === '' || value === 'true') return 1;
  if (value === 'false') return 0;
  if (!/^\d+$/.test(value)) return undefined;
  return Math.min(Number(value), 3) as Level;
}

/** What a terminal advertises, after supports-color, read from the given env only. */
function terminalLevel(env: Record<string, string | undefined>): Level {
  const term = env.TERM ?? '';
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (term === 'xterm-kitty' || term === 'xterm-ghostty' || term === 'wezterm') return 3;
  if (nonEmpty(env.WT_SESSION) || 'GITHUB_ACTIONS' in env) return 3;
  if (env.TERM_PROGRAM === 'iTerm.app') return 3;
  if (env.TERM_PROGRAM === 'Apple_Terminal' || /-256(color)?$/i.test(term)) return 2;
  return 1;
}
