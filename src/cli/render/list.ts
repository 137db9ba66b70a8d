import type { Style } from '../style.js';
import { oneLine, padEnd } from './text.js';

/** What `asyncdemo list` shows of a demo. */
export interface ListEntry {
  name: string;
  title: string;
  variantNames: readonly string[];
}

/**
 * `asyncdemo list`: one line per demo and nothing else (so `cut`, `grep` and shell
 * completion can use it): the name, aligned, its title, and its variants, baseline first.
 * No trailing newline.
 *
 * @example
 * out.write(renderList(demos, style) + '\n');
 * // greet   Say hello to three friends  (sequential, eager)
 * // gather  Run them concurrently       (sequential, gather)
 */
export function renderList(demos: readonly ListEntry[], style: Style): string {
  const { c } = style;
  const nameW = Math.max(0, ...demos.map((d) => d.name.length));
  const titleW = Math.max(0, ...demos.map((d) => oneLine(d.title).length));
  return demos
    .map((d) => {
      const variants = d.variantNames.length > 0 ? c.dim(`(${d.variantNames.join(', ')})`) : '';
      return `${c.bold(padEnd(d.name, nameW))}  ${padEnd(oneLine(d.title), titleW)}  ${variants}`.trimEnd();
    })
    .join('\n');
}
