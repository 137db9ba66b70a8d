/**
 * Quoting what a user typed or a file held back at them, safely.
 */

// An escape sequence (CSI `ESC [ … letter`, OSC `ESC ] … BEL or ESC \`, or ESC and one
// character), then any other C0, DEL or C1 control: a value echoed in an error message
// must not recolour the terminal, set its title, or start a forged second line.
// eslint-disable-next-line no-control-regex
const SEQUENCES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]?|[\u0000-\u001f\u007f-\u009f]/g;

/** How many characters of a value an error message quotes. */
export const ECHO_MAX = 100;

/**
 * `value` made safe to quote on one line: escape sequences and control characters
 * (newlines included) removed, and cut to `max` characters with an ellipsis.
 *
 * @example
 * echo('http://x/\u001b]0;pwned\u0007\nasyncdemo: error: forged'); // 'http://x/asyncdemo: error: forged'
 * echo('a'.repeat(500)).length; // 101: 100 characters and '…'
 */
export function echo(value: string, max = ECHO_MAX): string {
  const clean = value.replace(SEQUENCES, '');
  const points = Array.from(clean);
  return points.length <= max ? clean : `${points.slice(0, max).join('')}…`;
}
