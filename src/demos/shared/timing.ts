import { type RunContext, sleep } from '../../core/index.js';
import type { Demo, DemoParams } from '../types.js';

/**
 * The demo's base delay in ms as it will run: `--delay` (or the demo's default, already
 * in `params`) multiplied by `--scale`.
 *
 * @example
 * unitMs({ scale: 0.1, delayMs: 1000, … }); // 100
 */
export function unitMs(params: Pick<DemoParams, 'delayMs' | 'scale'>): number {
  return params.delayMs * params.scale;
}

/**
 * How many time units the `i`-th of `n` tasks takes when the first one listed must not be
 * the first to finish: 3, 1, 2 for three, 4, 1, 2, 3 for four (asyncio's as_completed
 * examples). Finishing order then differs visibly from input order, and the fastest
 * task is the second.
 *
 * @example
 * [0, 1, 2].map((i) => rotatedUnits(i, 3)); // [3, 1, 2]
 */
export function rotatedUnits(i: number, n: number): number {
  return ((i + n - 1) % n) + 1;
}

/**
 * A demo's `--delay` when it is a time unit that each wait is a multiple of (taskgroup's
 * A takes 2 units, B 1, C 3): its default in ms and what the units are, shown in
 * `--help` as "the time unit: …". {@link unitMs} reads it back, scaled.
 *
 * @example
 * timeUnit(1000, 'A takes 2 units, B 1, C 3');
 * // { defaultMs: 1000, help: 'the time unit: A takes 2 units, B 1, C 3' }
 */
export function timeUnit(defaultMs: number, units: string): Demo['delay'] {
  return { defaultMs, help: `the time unit: ${units}` };
}

/**
 * Sleeps on the run's clock: aborted with the run (Ctrl-C), or with `signal` when a
 * task has its own (a task group's child, a timeout scope).
 *
 * @example
 * await wait(ctx, 1000); // asyncio.sleep(1)
 */
export function wait(ctx: RunContext, ms: number, signal: AbortSignal = ctx.signal): Promise<void> {
  return sleep(ms, { signal, clock: ctx.clock });
}
