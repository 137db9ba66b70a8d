import type { ErrorInfo, RunContext } from '../core/index.js';
import type { CompletionDetail } from './as-completed.js';
import type { CpuDetail } from './cpu.js';
import type { HttpDetail } from './http/detail.js';
import type { SweepDetail } from './limit.js';
import type { QueueDetail } from './queue.js';
import type { RaceDetail } from './race.js';
import type { RetryDetail } from './retry.js';

/**
 * Every demo-specific detail a variant can attach, by key: the one definition of each
 * shape. The demo that produces a detail owns its type (in its own file); its renderer
 * in src/cli/render reads the same type through this map, so renaming a field fails the
 * typecheck on both sides instead of silently drawing nothing.
 *
 * @example
 * const race: DemoDetails['race'] = { winner: 'mirror 2', toWinnerMs: 1000, allStoppedMs: 1000, wastedMs: 0, losers: 2, losersWere: 'cancelled' };
 */
export interface DemoDetails {
  completion: CompletionDetail;
  cpu: CpuDetail;
  http: HttpDetail;
  queue: QueueDetail;
  race: RaceDetail;
  retry: RetryDetail;
  sweep: SweepDetail;
  /** The failure a demo injected and caught (`--fail`): JSON only, no renderer. */
  caught: ErrorInfo;
}

/** A key of {@link DemoDetails}: `race`, `http`, … */
export type DetailKey = keyof DemoDetails;

/**
 * The details only `--json` carries: no renderer draws them. Every other key must have
 * its renderer in src/cli/render (the typecheck fails until it does), so that a new
 * detail cannot be silently left out of the report.
 *
 * @example
 * JSON_ONLY_DETAILS.includes('caught'); // true
 */
export const JSON_ONLY_DETAILS = ['caught'] as const satisfies readonly DetailKey[];

/** A key of {@link JSON_ONLY_DETAILS}. */
export type JsonOnlyDetailKey = (typeof JSON_ONLY_DETAILS)[number];

/**
 * Attaches a detail to the current run, typed by its key: the one way a demo calls
 * `ctx.detail` (lint keeps the demos to it), so that what is attached under `race` is a
 * {@link RaceDetail}, whatever the core's untyped `details` record would accept.
 *
 * @example
 * attachDetail(ctx, 'race', { winner: 'mirror 2', toWinnerMs: 1000, allStoppedMs: 1000, wastedMs: 0, losers: 2, losersWere: 'cancelled' });
 */
export function attachDetail<K extends DetailKey>(ctx: RunContext, key: K, value: DemoDetails[K]): void {
  ctx.detail(key, value);
}
