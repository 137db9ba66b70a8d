import { stripVTControlCharacters } from 'node:util';
import type { DetailRenderer } from './details.js';
import { formatMs } from './format.js';
import { columns } from './text.js';

/**
 * Renders the `race` detail: who won and when, when every contestant had stopped, and
 * the work done after the decision (red when there was some, green when none).
 *
 * @example
 * renderRaceDetail(details.race, style, 78);
 * // ['Winner: mirror 2 at 1.000 s · all stopped at 3.000 s · wasted work: 3.000 s (2 losers ran on)']
 * renderRaceDetail(details.race, style, 50);
 * // ['Winner: mirror 2 at 1.000 s · all stopped at 3.000 s', '  wasted work: 3.000 s (2 losers ran on)']
 */
export const renderRaceDetail: DetailRenderer<'race'> = (value, style, width) => {
  const { c } = style;
  const sep = style.unicode ? ' · ' : ' | ';
  const wasted = `wasted work: ${formatMs(value.wastedMs)}`;
  const losers = `${value.losers} loser${value.losers === 1 ? '' : 's'} ${value.losersWere}`;
  const parts = [
    `Winner: ${c.bold(value.winner)} at ${formatMs(value.toWinnerMs)}`,
    `all stopped at ${formatMs(value.allStoppedMs)}`,
    `${value.wastedMs > 0 ? c.red(wasted) : c.green(wasted)} (${losers})`,
  ];
  // One line where it fits; on a narrow terminal a part per line rather than a cut word.
  const lines: string[] = [];
  for (const part of parts) {
    const last = lines.at(-1);
    if (last !== undefined && columns(stripVTControlCharacters(last + sep + part)) <= width) lines[lines.length - 1] = last + sep + part;
    else lines.push(lines.length === 0 ? part : `  ${part}`);
  }
  return lines;
};
