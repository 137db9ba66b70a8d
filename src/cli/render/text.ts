/**
 * Fitting text into columns. Widths count code points: the glyphs this CLI draws are all
 * one column wide; wide (CJK) task names may overhang, which is cosmetic only.
 */
import { stripVTControlCharacters } from 'node:util';

/**
 * The widest a report, its timeline and the live view are drawn, however wide the
 * terminal: at 200 columns a three-task timeline stretched to 190 cells, and the
 * report's sentences ran to 140, past where a line can be read at a glance, beside
 * time bars of at most 50. 120 still gives a timeline half again the cells of 80.
 *
 * @example
 * const total = Math.min(width, MAX_REPORT_WIDTH);
 */
export const MAX_REPORT_WIDTH = 120;

// C0, DEL and C1 controls: a task name or server message must not move the cursor,
// change colours or break a row in two.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Makes untrusted text (task names, narration, error messages) safe for one line:
 * every control character, escape sequences included, becomes a space.
 *
 * @example
 * oneLine('GET /a\n\u001b[31mred'); // 'GET /a  [31mred'
 */
export function oneLine(text: string): string {
  return text.replace(CONTROL, ' ');
}

/**
 * Cuts `text` to at most `width` columns, ending in `ellipsis` when it had to cut.
 *
 * @example
 * truncate('Alice, Bob, Charlie', 10); // 'Alice, Bo…'
 */
export function truncate(text: string, width: number, ellipsis = '…'): string {
  if (text.length <= width) return text;
  const points = Array.from(text);
  if (points.length <= width) return text;
  if (width <= 0) return '';
  if (width <= ellipsis.length) return ellipsis.slice(0, width);
  return points.slice(0, width - ellipsis.length).join('') + ellipsis;
}

/**
 * The visible width of plain text (no escape codes), in code points.
 *
 * @example
 * columns('1.0 µs'); // 6
 */
export function columns(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Pads plain text on the right to `width` columns (never cuts).
 *
 * @example
 * padEnd('gather', 10); // 'gather    '
 */
export function padEnd(text: string, width: number): string {
  const missing = width - columns(text);
  return missing > 0 ? text + ' '.repeat(missing) : text;
}

/**
 * Pads plain text on the left to `width` columns, for right-aligned numbers.
 *
 * @example
 * padStart('2.99×', 7); // '  2.99×'
 */
export function padStart(text: string, width: number): string {
  const missing = width - columns(text);
  return missing > 0 ? ' '.repeat(missing) + text : text;
}

/**
 * Breaks plain text into lines of at most `width` columns at spaces (a word longer than
 * the width gets a line of its own). Runs of whitespace, newlines included, count as
 * one space: the input is a paragraph.
 *
 * @example
 * wrap('what the pattern is and when to use it', 16); // ['what the pattern', 'is and when to', 'use it']
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of glueUnits(text.split(/\s+/))) {
    if (word === '') continue;
    if (line === '') line = word;
    else if (columns(line) + 1 + columns(word) <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** A unit that belongs with the number before it, with any punctuation after it. */
const UNIT = /^(?:ns|µs|us|ms|s|min|h|B|KiB|MiB|GiB|kB|MB|GB|×|%)[,.;:)]*$/;

/** A relation that binds the words on both sides of it: `p = 0.43`, `2.00 ± 0.05×`. */
const RELATION = /^[=<>≤≥±]$/;

/**
 * Words to break lines between, with a unit kept on the number before it and a relation
 * on both its sides: a line must not end in `2.6` and the next begin with `ms`, nor end
 * in `p =`. The words may carry colour codes, which are not looked at.
 *
 * @example
 * glueUnits(['finished', 'at', '2.6', 'ms']); // ['finished', 'at', '2.6 ms']
 * glueUnits(['(p', '=', '0.43)']); // ['(p = 0.43)']
 */
export function glueUnits(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    const last = out.at(-1);
    const plain = stripVTControlCharacters(word);
    const before = last === undefined ? '' : stripVTControlCharacters(last);
    const glued =
      last !== undefined && ((UNIT.test(plain) && /\d$/.test(before)) || RELATION.test(plain) || (RELATION.test(before.split(' ').at(-1)!) && plain !== ''));
    if (glued) out[out.length - 1] = `${last} ${word}`;
    else out.push(word);
  }
  return out;
}

/** Spaces, SGR colour codes, spaces: how a coloured line may begin. */
// eslint-disable-next-line no-control-regex -- the escape character is what it matches
const LEADING_CODES = new RegExp('^( *)((?:\u001b\\[[0-9;]*m)*)( *)');

/**
 * Breaks a (possibly coloured) line at spaces into lines of at most `width` visible
 * columns, continuation lines indented `hang` (two) past the first, so a wrapped message
 * still reads as one item; a line that fits is returned as it is. Colour codes take no
 * columns: they are measured out. A word longer than the room (a URL) gets a line of its
 * own rather than being cut, so it stays whole to copy.
 *
 * @example
 * wrapStyled(`  ${c.bold('gather')} ran 3.00× faster than sequential (ideal 3.00×)`, 40);
 * // ['  gather ran 3.00× faster than', '    sequential (ideal 3.00×)'] (with gather in bold)
 * wrapStyled("asyncdemo: error: option '--count <n>' argument 'abc' is invalid.", 40);
 * // ["asyncdemo: error: option '--count <n>'", "  argument 'abc' is invalid."]
 */
export function wrapStyled(line: string, width: number, hang = 2): string[] {
  const visible = (text: string): number => columns(stripVTControlCharacters(text));
  if (visible(line) <= width) return [line];
  // The indent may sit before or after the line's opening colour codes.
  const [lead, before, codes, after] = LEADING_CODES.exec(line)!;
  const indent = before! + after!;
  const next = indent + ' '.repeat(hang);
  const out: string[] = [];
  let current = '';
  // Each word keeps the spaces before it (a heading's two after the name), except where
  // it starts a line.
  // A unit stays on its number's line ('2.6 ms', not '2.6' then 'ms').
  const words = glueSpaced((codes! + line.slice(lead.length)).match(/ *[^ ]+/g) ?? []);
  for (const spaced of words) {
    const word = spaced.trimStart();
    const prefix = current === '' ? (out.length === 0 ? indent : next) : current + spaced.slice(0, spaced.length - word.length);
    if (current !== '' && visible(prefix + word) > width) {
      out.push(current);
      current = `${next}${word}`;
    } else current = prefix + word;
  }
  if (current !== '') out.push(current);
  return out;
}

/** Words that keep the spaces before them, each unit joined to the number before it (see glueUnits). */
function glueSpaced(words: readonly string[]): string[] {
  const glued = glueUnits(words.map((w) => w.trimStart()));
  const out: string[] = [];
  let i = 0;
  for (const word of glued) {
    // A glued word stands for as many spaced words as it has spaces more than the original.
    const parts = word.split(' ').length;
    out.push(words.slice(i, i + parts).join(''));
    i += parts;
  }
  return out;
}
