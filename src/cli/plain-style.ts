import type { ChalkInstance } from 'chalk';
import type { Style, StyleOptions } from './style.js';

/** What chalk at colour level 0 returns for a call: its arguments as text, joined by a space. */
function paint(...args: unknown[]): string {
  return args.length === 1 ? `${args[0] as string}` : args.join(' ');
}

/**
 * chalk at colour level 0 without loading chalk: every style (`c.bold`, `c.red.bold`, …)
 * is this same function, which returns its text unchanged, and `level` is 0. A run with
 * no colour (`--json`, a pipe, `NO_COLOR`) then never loads chalk. Bench row 7b, a
 * one-task `gather --json`, timed inside the bundle from loading run-demo to having the
 * run's style, medians of 7 runs on a busy machine: 4.1 -> 1.2 ms on Node 24, 8.6 -> 2.0
 * ms on Node 20 (the whole start-up is ~45 and ~110 ms there).
 *
 * @example
 * PLAIN_CHALK.yellow.bold('warning'); // 'warning'
 */
export const PLAIN_CHALK: ChalkInstance = new Proxy(paint, {
  get: (target, key) => (key === 'level' ? 0 : PLAIN_CHALK),
}) as unknown as ChalkInstance;

/**
 * The {@link Style} of output without colour (colour level 0, see `createStyle` in
 * style.ts, which returns this one then): no chalk is loaded for it.
 *
 * @example
 * plainStyle({ isTTY: false, env: process.env }).c.red('x'); // 'x'
 */
export function plainStyle(opts: StyleOptions): Style {
  return { c: PLAIN_CHALK, unicode: opts.env.TERM !== 'dumb' };
}
