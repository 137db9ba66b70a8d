import { type RunContext, sleep } from '../../core/index.js';
import type { DemoParams } from '../types.js';

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
 * Sleeps on the run's clock: aborted with the run (Ctrl-C), or with `signal` when a
 * task has its own (a task group's child, a timeout scope).
 *
 * @example
 * await wait(ctx, 1000); // asyncio.sleep(1)
 */
export function wait(ctx: RunContext, ms: number, signal: AbortSignal = ctx.signal): Promise<void> {
  return sleep(ms, { signal, clock: ctx.clock });
}
