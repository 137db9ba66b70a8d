import type { Style } from '../style.js';
import { renderCompletionDetail } from './completion.js';
import { renderCpuDetail } from './cpu.js';
import { renderHttpDetail } from './http.js';
import { renderQueueDetail } from './queue.js';
import { renderRaceDetail } from './race.js';
import { renderRetryDetail } from './retry.js';
import { renderSweepDetail } from './sweep.js';

/**
 * Turns one kind of demo-specific data (`variant.details[key]`) into report lines:
 * plain or coloured text, without indentation (the report indents them under the
 * variant) and within `width` columns. It receives `unknown` because details cross the
 * demo/CLI boundary untyped: check the shape before trusting it.
 */
export type DetailRenderer = (value: unknown, style: Style, width: number) => string[];

/**
 * The renderers the report knows, by detail key: one line per key, each renderer in its
 * own file beside this one (`cpu.ts`), so the report never grows a switch over demos.
 * Keys without a renderer are left out of the human report (they stay in `--json`).
 *
 * @example
 * detailRenderers.http = (value, style) => [`${style.c.bold('p50')} ${String((value as { p50: number }).p50)} ms`];
 */
export const detailRenderers: Record<string, DetailRenderer> = {
  cpu: renderCpuDetail,
  http: renderHttpDetail,
  race: renderRaceDetail,
  completion: renderCompletionDetail,
  sweep: renderSweepDetail,
  queue: renderQueueDetail,
  retry: renderRetryDetail,
};
