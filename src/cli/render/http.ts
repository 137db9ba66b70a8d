import type { HttpRow } from '../../demos/http/detail.js';
import type { Style } from '../style.js';
import type { DetailRenderer } from './details.js';
import { formatCount, formatMs } from './format.js';
import { columns, oneLine, padEnd, padStart, truncate } from './text.js';

/**
 * Renders fetch-all's `http` detail the way autocannon and oha summarise a load run:
 * volume and req/s, latency percentiles, status codes (coloured by class) and errors
 * by code, then a table of the first requests (url, status or error code, size, time).
 *
 *
 * @example
 * renderHttpDetail(details.http, style, 78);
 * // ['HTTP: 3 requests in 1.004 s · 2.99 req/s · 636 B read',
 * //  'Latency: p50 1.002 s · p90 1.003 s · p99 1.003 s · max 1.003 s',
 * //  'Status: 200 ×3', '  URL  …', …]
 */
export const renderHttpDetail: DetailRenderer<'http'> = (value, style, width) => {
  const { c } = style;
  const sep = style.unicode ? ' · ' : ' | ';
  const d = value;
  const volume = [
    `${formatCount(d.count)} request${d.count === 1 ? '' : 's'} in ${formatMs(d.elapsedMs)}`,
    `${c.bold(d.reqPerSec.toFixed(d.reqPerSec >= 100 ? 0 : 2))} req/s`,
    `${formatBytes(d.bytes)} read`,
  ];
  if (d.cancelled > 0) {
    const inFlight = d.inFlight ?? 0;
    const parts = [];
    if (inFlight > 0) parts.push(`${formatCount(inFlight)} cancelled in flight`);
    if (d.cancelled > inFlight) parts.push(`${formatCount(d.cancelled - inFlight)} not sent`);
    volume.push(c.yellow(`interrupted: ${parts.join(', ')}`));
  }
  const lines = [`HTTP: ${volume.join(sep)}`];

  const l = d.latencyMs;
  lines.push(
    l === null
      ? `Latency: ${c.dim('no response')}`
      : `Latency: ${[`p50 ${formatMs(l.p50)}`, `p90 ${formatMs(l.p90)}`, `p99 ${formatMs(l.p99)}`, `max ${formatMs(l.max)}`].join(sep)}`,
  );
  const statuses = Object.entries(d.status).map(([code, n]) => paintStatus(Number(code), style)(`${code} ×${formatCount(n)}`));
  if (statuses.length > 0) lines.push(`Status: ${statuses.join(sep)}`);
  if (d.errors.length > 0) {
    lines.push(`Errors: ${d.errors.map((e) => c.red(`${oneLine(e.code)} ×${formatCount(e.count)}`)).join(sep)}`);
  }
  lines.push(...table(d.requests, style, width));
  const unlisted = d.count - d.requests.length;
  if (unlisted > 0) lines.push(c.dim(`  … ${formatCount(unlisted)} more requests, not listed (the figures above count them all)`));
  return lines;
};

const STATUS_W = 6;
const SIZE_W = 9;
const TIME_W = 9;
const URL_MIN_W = 40;

function table(rows: readonly HttpRow[], style: Style, width: number): string[] {
  if (rows.length === 0) return [];
  const { c } = style;
  const outcome = (r: HttpRow): string => (r.code === undefined ? String(r.status) : oneLine(r.code));
  const statusW = Math.max(STATUS_W, ...rows.map((r) => outcome(r).length));
  // As wide as the longest URL (at least URL_MIN_W, where 80 columns put it), never
  // wider: at 200 columns a column padded to the width left 50 blank columns between a
  // local URL and its status.
  const room = Math.max(10, width - 2 - (statusW + SIZE_W + TIME_W + 6));
  const urlW = Math.min(room, Math.max(URL_MIN_W, ...rows.map((r) => columns(oneLine(r.url)))));
  const lines = [c.dim(`  ${padEnd('URL', urlW)}  ${padEnd('Status', statusW)}  ${padStart('Size', SIZE_W)}  ${padStart('Time', TIME_W)}`)];
  for (const r of rows) {
    const paint = r.code === undefined ? paintStatus(r.status ?? 0, style) : c.red;
    const url = padEnd(truncate(oneLine(r.url), urlW), urlW);
    lines.push(`  ${url}  ${paint(padEnd(outcome(r), statusW))}  ${padStart(formatBytes(r.bytes), SIZE_W)}  ${padStart(formatMs(r.ms), TIME_W)}`);
    // A redirected request: where it ended, on a line of its own so the URL is not cut short.
    if (r.finalUrl !== undefined) {
      const hops = `(${r.redirects ?? 0} redirect${r.redirects === 1 ? '' : 's'})`;
      const arrow = style.unicode ? '→' : '->';
      lines.push(c.dim(`    ${arrow} ${truncate(oneLine(r.finalUrl), Math.max(10, width - 6 - hops.length - 1))} ${hops}`));
    }
  }
  return lines;
}

function paintStatus(status: number, { c }: Style): (text: string) => string {
  if (status >= 500) return c.red;
  if (status >= 400) return c.yellow;
  if (status >= 300) return c.cyan;
  return c.green;
}

/**
 * Bytes in binary units, one decimal above a KiB.
 *
 * @example
 * formatBytes(1536); // '1.5 KiB'
 */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(1)} GiB`;
}
