import type { DetailRenderer } from './details.js';
import { formatMs } from './format.js';
import { truncate } from './text.js';

/**
 * Renders the `retry` detail: successes and failures out of the calls, the attempts it
 * took and the time spent, then the attempts of each listed call, a failed call marked
 * `✗` (`x` in ASCII).
 *
 * @example
 * renderRetryDetail(details.retry, style, 78);
 * // ['5 of 5 calls succeeded, 0 failed · 11 attempts (2.2 per call) · 1.234 s',
 * //  'Attempts per call: 1 3 2 4 1']
 */
export const renderRetryDetail: DetailRenderer<'retry'> = (value, style, width) => {
  const { c } = style;
  const sep = style.unicode ? ' · ' : ' | ';
  const cross = style.unicode ? '✗' : 'x';
  const ok = `${value.successes} of ${value.calls} calls succeeded`;
  const failed = `${value.failures} failed`;
  const perCall = value.calls > 0 ? (value.attempts / value.calls).toFixed(1) : '0';
  const lines = [
    [
      `${value.failures === 0 ? c.green(ok) : ok}, ${value.failures > 0 ? c.red(failed) : failed}`,
      `${value.attempts} attempts (${perCall} per call)`,
      formatMs(value.timeMs),
    ].join(sep),
  ];
  if (value.perCall.length > 0) {
    const more = value.calls - value.perCall.length;
    const tail = more > 0 ? ` ${style.unicode ? '…' : '...'} ${more} more` : '';
    const plain = value.perCall.map((call) => `${call.attempts}${call.ok ? '' : cross}`).join(' ');
    const painted = value.perCall.map((call) => (call.ok ? String(call.attempts) : c.red(`${call.attempts}${cross}`))).join(' ');
    const text = `Attempts per call: ${plain}${tail}`;
    // Colour codes do not take columns: measure the plain text, and cut that if needed.
    lines.push(text.length > width ? truncate(text, width, style.unicode ? '…' : '...') : `Attempts per call: ${painted}${tail}`);
  }
  return lines;
};
