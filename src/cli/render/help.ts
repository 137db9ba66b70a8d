/**
 * Help text fitted to a width: the layout commander's own help gets on a narrow terminal
 * (help.ts hands these to commander) and the text added after it (examples, exit codes,
 * prose, the server's paths), which commander prints as it is given. Pure functions of
 * the text and the width.
 */
import { columns, wrap, wrapStyled } from './text.js';

/**
 * The widest the help is laid out, however wide the terminal: at 200 columns a paragraph
 * on one line is too long a line to read, and an option's description 170 columns from
 * its flag is hard to follow (clap-rs/clap#4295, "unbound max_term_width hurts
 * readability"; rust-lang/cargo#11895: help reads best wrapped at 80 or 100, not 200).
 */
export const MAX_HELP_WIDTH = 100;

/**
 * The width help is laid out at: the terminal's (80 on a pipe), at most {@link MAX_HELP_WIDTH}.
 *
 * @example
 * helpWidth(60); // 60
 * helpWidth(200); // 100
 * helpWidth(undefined); // 80
 */
export function helpWidth(columns: number | undefined): number {
  return Math.min(columns ?? 80, MAX_HELP_WIDTH);
}

/** The narrowest description column worth wrapping into (commander's `minWidthToWrap`). */
export const MIN_DESCRIPTION_WIDTH = 20;

/** The largest share of the help's width the term column takes. */
export const MAX_TERM_SHARE = 0.4;

/**
 * The width of the term column (options, commands, arguments): the longest term, unless
 * that takes more than {@link MAX_TERM_SHARE} of the width or leaves the descriptions
 * less than `minDescription` columns, in which case the longest term that does not; a longer term then goes on a line of its own, its
 * description under the others (see {@link formatOverlongItem}). Two spaces of indent
 * and two between the columns, as commander draws them.
 *
 * @example
 * termColumnWidth([14, 24, 44], 60); // 24: `compare [options] <before.json> <after.json>` gets a line of its own
 * termColumnWidth([14, 24, 44], 80); // 24: compare's too, rather than 32-column descriptions
 * termColumnWidth([14, 24, 30], 80); // 30: everything fits, as commander would lay it out
 */
export function termColumnWidth(termWidths: readonly number[], helpWidth: number, minDescription = MIN_DESCRIPTION_WIDTH): number {
  const longest = Math.max(0, ...termWidths);
  // At most 40% of the width: one long term (compare's) must not squeeze every other
  // description into a narrow column, as it did at 80 (32 columns for 13 demos' titles).
  const cap = Math.min(helpWidth - 4 - minDescription, Math.floor(helpWidth * MAX_TERM_SHARE));
  if (longest <= cap) return longest;
  return Math.max(0, ...termWidths.filter((w) => w <= cap));
}

/**
 * A term too long for its column, on a line of its own, and its description (already
 * laid out by commander in the column, `described`) on the lines below it.
 *
 * @example
 * formatOverlongItem('compare [options] <before.json> <after.json>', '                            compare two --json reports');
 * // '  compare [options] <before.json> <after.json>\n                            compare two --json reports'
 */
export function formatOverlongItem(term: string, described: string): string {
  return `  ${term}\n${described}`;
}

/**
 * The help's `Usage:` line wrapped at words, continuation lines under the command's
 * name; every other line as it is.
 *
 * @example
 * wrapUsage('Usage: asyncdemo compare [options] <before.json> <after.json>\n…', 40);
 * // 'Usage: asyncdemo compare [options]\n       <before.json> <after.json>\n…'
 */
export function wrapUsage(help: string, width: number): string {
  const end = help.indexOf('\n');
  const first = end === -1 ? help : help.slice(0, end);
  if (!first.startsWith('Usage: ')) return help;
  return wrapStyled(first, width, 'Usage: '.length).join('\n') + (end === -1 ? '' : help.slice(end));
}

/**
 * Text written for the help (after commander's part), fitted to `width` and unchanged
 * where it already fits:
 * - a paragraph of prose (unindented lines) keeps its lines when each fits, and is
 *   rewrapped at words when one does not;
 * - a heading (an unindented line ending in `:` above indented lines) stays;
 * - an example command (`  $ asyncdemo …`) breaks before an option, a pipe or a
 *   redirection, ending its lines in ` \`, so that it still runs when copied;
 * - any other indented line (code, a path and its help) wraps with a hanging indent.
 *
 * @example
 * reflowHelpText('\nExit codes: 0 ok, 1 failure, 2 usage error, 3 below --min-speedup.\n', 40);
 * // '\nExit codes: 0 ok, 1 failure, 2 usage\nerror, 3 below --min-speedup.\n'
 */
export function reflowHelpText(text: string, width: number): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let prose: string[] = [];
  const flush = (): void => {
    out.push(...(prose.every((l) => columns(l) <= width) ? prose : wrap(prose.join(' '), width)));
    prose = [];
  };
  for (const [i, line] of lines.entries()) {
    if (line.trim() !== '' && !/^\s/.test(line) && !(line.endsWith(':') && /^\s+\S/.test(lines[i + 1] ?? ''))) {
      prose.push(line);
      continue;
    }
    flush();
    if (line.startsWith('  $ ')) out.push(...wrapCommand(line.slice(4), width));
    else out.push(...wrapStyled(line, width));
  }
  flush();
  return out.join('\n');
}

/**
 * An example command as `  $ …`, broken when it is wider than `width` before an option,
 * a pipe or a redirection (each with what follows it, so an option keeps its value):
 * each line but the last ends in ` \` and the next is indented six, so the lines still
 * paste into a shell as one command.
 *
 * @example
 * wrapCommand('asyncdemo fetch-all --count 20000 --variants limited --concurrency 100', 50);
 * // ['  $ asyncdemo fetch-all --count 20000 \\', '      --variants limited --concurrency 100']
 */
export function wrapCommand(command: string, width: number): string[] {
  const first = `  $ ${command}`;
  if (columns(first) <= width) return [first];
  const units: string[] = [];
  for (const token of command.split(' ')) {
    const breaksBefore = units.length > 0 && (/^--?[^-\s]/.test(token) || /^[|>]/.test(token));
    if (breaksBefore || units.length === 0) units.push(token);
    else units[units.length - 1] += ` ${token}`;
  }
  const out: string[] = [];
  let current = `  $ ${units[0]!}`;
  for (const unit of units.slice(1)) {
    if (columns(`${current} ${unit} \\`) > width) {
      out.push(`${current} \\`);
      current = `      ${unit}`;
    } else current += ` ${unit}`;
  }
  out.push(current);
  return out;
}
