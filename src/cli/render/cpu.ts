import type { Style } from '../style.js';
import type { DetailRenderer } from './details.js';
import { formatMs, formatPercent } from './format.js';
import { columns } from './text.js';

/**
 * Renders the `cpu` detail of a variant: how responsive the event loop stayed (the
 * longest block, the delay p99 and max, the missed heartbeat ticks, utilisation), and
 * for `workers` the pool, with its start-up shown apart from the timed run. Green when
 * no tick was missed, red when the loop was blocked.
 *
 * @example
 * renderCpuDetail(details.cpu, style, 78);
 * // ['Event loop: blocked up to 1.905 s · delay p99 1.915 s, max 1.915 s · 18 of 19 heartbeat ticks missed · busy 100.0%']
 */
export const renderCpuDetail: DetailRenderer<'cpu'> = (value, style, width) => {
  const { c } = style;
  const { delay, heartbeat, pool } = value;
  const free = heartbeat.missed === 0;
  const loop: Segment[] = [
    plain('Event loop: ', free ? c.green('free') : c.red(`blocked up to ${formatMs(value.blockedMs)}`)),
    plain(`delay p99 ${formatMs(delay.p99Ms)}, max ${formatMs(delay.maxMs)}`),
    plain(`${heartbeat.missed} of ${heartbeat.expected} heartbeat ticks missed`),
    plain(`busy ${formatPercent(value.utilization)}`),
  ];
  const lines = wrap(loop, width, style);
  if (pool !== undefined) {
    const threads = `${pool.threads} thread${pool.threads === 1 ? '' : 's'}, ${pool.threadsUsed} used`;
    lines.push(...wrap([plain(`Pool: ${threads}`), plain(c.dim(`start-up ${formatMs(pool.startupMs)}, once, before timing`))], width, style));
  }
  return lines;
};

/** A piece of a line: its plain text (for measuring) and how it prints. */
type Segment = [plain: string, painted: string];

// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-9;]*m/g;

function plain(...painted: string[]): Segment {
  const text = painted.join('');
  return [text.replace(ESCAPES, ''), text];
}

/** Joins segments with a separator, starting a new (indented) line when the next would overflow. */
function wrap(segments: readonly Segment[], width: number, style: Style): string[] {
  const sep = style.unicode ? ' · ' : ' | ';
  const lines: string[] = [];
  let text = '';
  let used = 0;
  let fresh = true; // nothing on this line yet but its indent
  for (const [bare, painted] of segments) {
    if (!fresh && used + columns(sep) + columns(bare) > width) {
      lines.push(text);
      [text, used, fresh] = ['  ', 2, true];
    }
    if (!fresh) [text, used] = [text + sep, used + columns(sep)];
    [text, used, fresh] = [text + painted, used + columns(bare), false];
  }
  if (!fresh) lines.push(text);
  return lines;
}
