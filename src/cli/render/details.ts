import type { Stats } from '../../core/stats.js';
import type { DemoDetails, DetailKey, JsonOnlyDetailKey } from '../../demos/details.js';
import type { Style } from '../style.js';
import { renderCompletionDetail } from './completion.js';
import { renderCpuDetail } from './cpu.js';
import { renderHttpDetail } from './http.js';
import { renderQueueDetail } from './queue.js';
import { renderRaceDetail } from './race.js';
import { renderRetryDetail } from './retry.js';
import { renderSweepDetail } from './sweep.js';

/**
 * What a renderer may know of the run beyond its detail, which is the first timed run's
 * (the core keeps no other): how many runs were timed, and each variant's times over
 * all of them.
 *
 * @example
 * const context: DetailContext = { runs: 3, stats: (name) => measurement.variants.find((v) => v.name === name)?.ms };
 */
export interface DetailContext {
  runs: number;
  stats: (variant: string) => Stats | null | undefined;
}

/**
 * Turns one kind of demo-specific data (`variant.details[key]`) into report lines:
 * plain or coloured text, without indentation (the report indents them under the
 * variant) and within `width` columns. Its value has the type the demo declares for
 * the key ({@link DemoDetails}), so a renamed field fails the typecheck here too.
 */
export type DetailRenderer<K extends DetailKey> = (value: DemoDetails[K], style: Style, width: number, context?: DetailContext) => string[];

/**
 * The details whose renderer, given a {@link DetailContext} of several runs, draws
 * figures across all of them, naming the statistic (limit's sweep: each point the
 * median of its variant's runs). The report labels every other detail with the run it
 * shows (`In run 1 of 3:`).
 *
 * @example
 * drawsAcrossRuns('sweep'); // true
 * drawsAcrossRuns('race');  // false: one run's winner
 */
export function drawsAcrossRuns(key: string): boolean {
  return key === 'sweep';
}

/**
 * The renderers the report knows, by detail key: each renderer in its own file beside
 * this one (`cpu.ts`), so the report never grows a switch over demos. Every key of
 * {@link DemoDetails} has one, except the {@link JsonOnlyDetailKey}s, which are left
 * out of the human report (they stay in `--json`): a detail added without its renderer
 * fails the typecheck here.
 *
 * @example
 * detailRenderers.race(details.race, style, 78); // ['Winner: mirror 2 at 1.000 s · …']
 */
export const detailRenderers: { readonly [K in Exclude<DetailKey, JsonOnlyDetailKey>]: DetailRenderer<K> } = {
  cpu: renderCpuDetail,
  http: renderHttpDetail,
  race: renderRaceDetail,
  completion: renderCompletionDetail,
  sweep: renderSweepDetail,
  queue: renderQueueDetail,
  retry: renderRetryDetail,
};

/**
 * The lines for `variant.details[key]`, or none when no renderer knows the key. The
 * measurement's `details` is the core's untyped record; a demo fills it only through
 * `attachDetail`, typed by the same map, which is what makes the cast here sound.
 *
 * @example
 * renderDetail('race', variant.details.race, style, 78); // ['Winner: mirror 2 at 1.000 s · …']
 * renderDetail('caught', variant.details.caught, style, 78); // [] (JSON only)
 */
export function renderDetail(key: string, value: unknown, style: Style, width: number, context?: DetailContext): string[] {
  const renderers: { readonly [K in DetailKey]?: DetailRenderer<K> } = detailRenderers;
  const render = renderers[key as DetailKey] as DetailRenderer<DetailKey> | undefined;
  return render === undefined ? [] : render(value as DemoDetails[DetailKey], style, width, context);
}
