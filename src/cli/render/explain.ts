import type { PythonMapping } from '../../demos/explain/python-map.js';
import type { DemoExplain } from '../../demos/types.js';
import type { ExampleSource } from '../examples.js';
import type { Style } from '../style.js';
import { columns, oneLine, padEnd, wrap, wrapStyled } from './text.js';

/** Prose never runs wider than this, however wide the terminal. */
const PROSE_MAX = 88;
const INDENT = '  ';
const CODE_INDENT = '    ';
const NOT_IN_SEED = '# Not in the tutorial';

/** What `asyncdemo explain <demo>` shows. */
export interface ExplainInput {
  name: string;
  title: string;
  description: string;
  /** Absent for a demo that has no walkthrough yet: its description stands in. */
  explain?: DemoExplain;
  /** The example's code, read from examples/ (with `explain`). */
  example?: ExampleSource;
}

/**
 * One demo, explained: the pattern and when to use it, the TypeScript from examples/,
 * the tutorial's Python for the same thing, the pitfalls, and how to run it. Code is
 * printed as it is (indented, never wrapped) so that it can be copied; prose wraps to
 * the terminal. No trailing newline.
 *
 * @example
 * stdout.write(renderExplain({ name, title, description, explain, example }, style, 80) + '\n');
 * // gather — asyncio.gather: …
 * //
 * // What it is
 * //   …
 */
export function renderExplain(input: ExplainInput, style: Style, width: number): string {
  const { c } = style;
  const prose = proseWidth(width);
  // The title wraps at words like the prose (at 60 columns 'fetch-all — HTTP requests …' runs to 82).
  const [title = '', ...more] = wrapStyled(`${input.name} — ${oneLine(input.title)}`, Math.max(30, termWidth(width)));
  const lines: string[] = [`${c.bold(input.name)}${title.slice(input.name.length)}`, ...more];
  const { explain, example } = input;
  if (explain === undefined) {
    lines.push('', ...paragraph(input.description, prose), '', c.dim(`${INDENT}No walkthrough for ${input.name} yet.`));
  } else {
    lines.push('', heading('What it is', style), ...paragraph(explain.pattern, prose));
    lines.push('', heading('When to use it', style), ...paragraph(explain.whenToUse, prose));
    if (example !== undefined) {
      lines.push('', `${heading('TypeScript', style)} ${c.dim(`— ${example.shown}, on this package's core`)}`, ...code(example.code));
    }
    // A demo beyond the seed marks its Python so on the first line (a test holds every demo to it).
    const source = explain.python.startsWith(NOT_IN_SEED) ? '— asyncio, not from the tutorial' : "— the tutorial's asyncio";
    lines.push('', `${heading('Python', style)} ${c.dim(source)}`, ...code(explain.python));
    lines.push('', heading('Pitfalls', style));
    const bullet = style.unicode ? '•' : '*';
    for (const pitfall of explain.pitfalls) {
      const [first = '', ...rest] = wrap(pitfall, prose - INDENT.length - 2);
      lines.push(`${INDENT}${c.yellow(bullet)} ${first}`, ...rest.map((l) => `${INDENT}  ${l}`));
    }
  }
  lines.push('', heading('Try it', style), `${INDENT}$ asyncdemo ${input.name}`);
  if (example !== undefined) lines.push(`${INDENT}$ npx tsx ${example.shown}`);
  return lines.join('\n');
}

/**
 * `asyncdemo explain` alone: the Python → TypeScript map, as two columns when the
 * terminal is wide enough and one under the other when not, then the demos that can
 * be explained. No trailing newline.
 *
 * @example
 * stdout.write(renderPythonMap(pythonMap, ['greet', 'gather'], style, 100) + '\n');
 */
export function renderPythonMap(map: readonly PythonMapping[], demos: readonly string[], style: Style, width: number): string {
  const { c } = style;
  const arrow = style.unicode ? '→' : '->';
  const lines: string[] = [c.bold(`Python asyncio ${arrow} TypeScript on Node.js`), ''];
  const left = Math.max(0, ...map.map((m) => columns(m.python)));
  const right = Math.max(0, ...map.map((m) => columns(m.typescript)));
  const gap = 3;
  const total = Number.isFinite(width) && width > 0 ? Math.floor(width) : 80;
  if (INDENT.length + left + gap + right <= total) {
    const noteWidth = Math.max(20, total - INDENT.length - left - gap);
    const pad = ' '.repeat(INDENT.length + left + gap);
    for (const m of map) {
      lines.push(`${INDENT}${padEnd(m.python, left)}${' '.repeat(gap)}${c.cyan(m.typescript)}`);
      for (const note of wrap(m.note, noteWidth)) lines.push(`${pad}${c.dim(note)}`);
    }
  } else {
    const noteWidth = Math.max(20, total - 2 * INDENT.length);
    for (const [i, m] of map.entries()) {
      if (i > 0) lines.push('');
      // The alternatives, ' · ' apart, one a line where together they do not fit.
      const ts = `${INDENT}${INDENT}${arrow} ${m.typescript}`;
      const alternatives = columns(ts) <= total ? [ts] : ts.split(' · ').map((alt, j) => (j === 0 ? alt : `${INDENT}${INDENT}${' '.repeat(columns(arrow))} · ${alt}`));
      lines.push(`${INDENT}${c.bold(m.python)}`, ...alternatives.map((alt) => c.cyan(alt)));
      for (const note of wrap(m.note, noteWidth)) lines.push(`${INDENT}${INDENT}${c.dim(note)}`);
    }
  }
  if (demos.length > 0) {
    lines.push('', ...wrap(`asyncdemo explain <demo> shows one pattern in both languages: ${demos.join(', ')}.`, proseWidth(width) + INDENT.length));
  }
  return lines.join('\n');
}

function heading(text: string, { c }: Style): string {
  return c.bold(text);
}

function termWidth(width: number): number {
  return Number.isFinite(width) && width > 0 ? Math.floor(width) : 80;
}

function proseWidth(width: number): number {
  const total = termWidth(width);
  return Math.max(30, Math.min(PROSE_MAX, total) - INDENT.length);
}

function paragraph(text: string, width: number): string[] {
  return wrap(oneLine(text), width).map((line) => `${INDENT}${line}`);
}

function code(text: string): string[] {
  const body = text.replace(/\s+$/, '').split('\n');
  return body.map((line) => (line.trim() === '' ? '' : `${CODE_INDENT}${oneLine(line.replace(/\t/g, '  '))}`));
}
