import { type RunContext, sleep } from '../../core/index.js';
import type { DemoParams } from '../types.js';

/**
 * The demo's base delay in ms as it will run: `--delay` (or the demo's default)
 * multiplied by `--scale`.
 *
 * @example
 * unitMs({ scale: 0.1, delayMs: undefined, … }, 1000); // 100
 */
export function unitMs(params: DemoParams, defaultMs: number): number {
  return (params.delayMs ?? defaultMs) * params.scale;
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
