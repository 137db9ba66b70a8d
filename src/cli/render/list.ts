import type { Style } from '../style.js';
import { glueUnits, oneLine, padEnd } from './text.js';

/** What `asyncdemo list` shows of a demo. */
export interface ListEntry {
  name: string;
  title: string;
  variantNames: readonly string[];
}

/**
 * `asyncdemo list`: the name, aligned, its title, and its variants, baseline first. On
 * a pipe (no `width`), one whole line per demo and nothing else, so `cut`, `grep` and
 * shell completion can use it. On a terminal, each demo fits `width`: the title and
 * the variants wrap between words, under the title's column. No trailing newline.
 *
 * @example
 * out.write(renderList(demos, style) + '\n');
 * // greet   Say hello to three friends  (sequential, eager)
 * // gather  Run them concurrently       (sequential, gather)
 */
export function renderList(demos: readonly ListEntry[], style: Style, width?: number): string {
  const { c } = style;
  const nameW = Math.max(0, ...demos.map((d) => d.name.length));
  const titleW = Math.max(0, ...demos.map((d) => oneLine(d.title).length));
  const variantsOf = (d: ListEntry): string => (d.variantNames.length > 0 ? `(${d.variantNames.join(', ')})` : '');
  const fits = width === undefined || demos.every((d) => nameW + 2 + titleW + 2 + variantsOf(d).length <= width);
  if (fits) {
    return demos
      .map((d) => `${c.bold(padEnd(d.name, nameW))}  ${padEnd(oneLine(d.title), titleW)}  ${c.dim(variantsOf(d))}`.trimEnd())
      .join('\n');
  }
  // Too wide for the terminal: wrap the title and then the variants (dim) between words.
  const indent = ' '.repeat(nameW + 2);
  const room = Math.max(20, width - indent.length);
  return demos
    .map((d) => {
      const words: [string, boolean][] = [
        // A unit stays with its number ('3 s', never '3' ending a line).
        ...glueUnits(oneLine(d.title).split(' ')).map((w): [string, boolean] => [w, false]),
        ...variantsOf(d).split(' ').filter((w) => w !== '').map((w): [string, boolean] => [w, true]),
      ];
      const lines: string[] = [];
      let plain = '';
      let painted = '';
      for (const [word, dim] of words) {
        const shown = dim ? c.dim(word) : word;
        if (plain !== '' && plain.length + 1 + word.length > room) {
          lines.push(painted);
          [plain, painted] = ['', ''];
        }
        [plain, painted] = plain === '' ? [word, shown] : [`${plain} ${word}`, `${painted} ${shown}`];
      }
      if (plain !== '') lines.push(painted);
      return lines.map((line, i) => (i === 0 ? `${c.bold(padEnd(d.name, nameW))}  ${line}` : `${indent}${line}`)).join('\n');
    })
    .join('\n');
}
