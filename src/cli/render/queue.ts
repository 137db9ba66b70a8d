import type { DetailRenderer } from './details.js';
import { formatMs, formatPercent } from './format.js';

const BLOCKS = '▁▂▃▄▅▆▇█';
const ASCII_LEVELS = '_.:-=+*#';
/** The most columns the sparkline takes, however wide the terminal. */
const MAX_COLUMNS = 60;

/**
 * Renders the `queue` detail: the queue's length over the run as a sparkline (each
 * column the longest the queue got in its slice of time, from `▁` empty to `█` full;
 * `_` to `#` in ASCII), then how long it was full and how often the producer waited
 * for room.
 *
 * @example
 * renderQueueDetail(details.queue, style, 78);
 * // ['Queue length over 4.900 s (maxsize 3): ▁▃▆██████████████████████████████████████████▆▃',
 * //  'full 79.6% of the time · the producer waited for room 7 times · 1 worker']
 */
export const renderQueueDetail: DetailRenderer<'queue'> = (value, style, width) => {
  const { c } = style;
  const { samples, maxsize, endMs } = value;
  const head = `Queue length over ${formatMs(endMs)} (maxsize ${maxsize}): `;
  const columns = Math.max(8, Math.min(MAX_COLUMNS, width - head.length));
  const peaks = columnPeaks(samples, endMs, columns);
  const levels = style.unicode ? BLOCKS : ASCII_LEVELS;
  const top = levels.length - 1;
  const line = peaks
    .map((peak) => (peak <= 0 ? levels[0]! : levels[Math.max(1, Math.min(top, Math.round((peak / maxsize) * top)))]!))
    .join('');
  const sep = style.unicode ? ' · ' : ' | ';
  const waits = value.producerWaits;
  const facts = [
    `full ${formatPercent(fullShare(samples, endMs, maxsize))} of the time`,
    waits === 0 ? 'the producer never waited for room' : `the producer waited for room ${waits} time${waits === 1 ? '' : 's'}`,
    `${value.workers} worker${value.workers === 1 ? '' : 's'}`,
  ];
  return [`${head}${c.cyan(line)}`, c.dim(facts.join(sep))];
};

/** The longest the queue got in each of `columns` equal slices of [0, endMs]. */
function columnPeaks(samples: readonly [number, number][], endMs: number, columns: number): number[] {
  const peaks = new Array<number>(columns).fill(0);
  if (!(endMs > 0)) return peaks;
  for (let i = 0; i < samples.length; i++) {
    const [at, length] = samples[i]!;
    const until = samples[i + 1]?.[0] ?? endMs;
    const from = Math.min(columns - 1, Math.floor((at / endMs) * columns));
    // A length that holds until the next sample covers every column it spans.
    const to = Math.min(columns - 1, Math.max(from, Math.ceil((until / endMs) * columns) - 1));
    for (let col = from; col <= to; col++) peaks[col] = Math.max(peaks[col]!, length);
  }
  return peaks;
}

function fullShare(samples: readonly [number, number][], endMs: number, maxsize: number): number {
  if (!(endMs > 0)) return 0;
  let full = 0;
  for (let i = 0; i < samples.length; i++) {
    const [at, length] = samples[i]!;
    if (length >= maxsize) full += (samples[i + 1]?.[0] ?? endMs) - at;
  }
  return full / endMs;
}
