import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demos } from '../../../src/demos/index.js';
import * as seedPython from '../../../src/demos/explain/seed-python.js';

// A verbatim copy of the seed (shared/seed/000_381fb4295c00767c.txt), whose text lost its indentation.
const seed = readFileSync(new URL('../../fixtures/seed.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.trim());

/** The code's non-blank lines, stripped of indentation. */
const lines = (code: string): string[] =>
  code
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** Where each line of `code` is in the seed, searching forward from the previous one; -1 when absent. */
function positions(code: string): number[] {
  let from = 0;
  return lines(code).map((line) => {
    const at = seed.indexOf(line, from);
    if (at >= 0) from = at + 1;
    return at;
  });
}

describe("the seed's Python, as explain prints it", () => {
  const snippets = Object.entries(seedPython).filter(([name]) => name !== 'SEED_CPU');

  it.each(snippets)('%s: every line is the seed\'s, in the seed\'s order', (_name, code) => {
    expect(lines(code).length).toBeGreaterThan(3);
    expect(positions(code)).not.toContain(-1);
  });

  it('SEED_CPU quotes the seed\'s only words on CPU-bound work, as comments', () => {
    expect(seedPython.SEED_CPU).toContain('# - NO para tareas limitadas por CPU: Usa multiprocessing para computacion pesada');
    expect(seed).toContain('- NO para tareas limitadas por CPU: Usa multiprocessing para computacion pesada');
    for (const line of lines(seedPython.SEED_CPU)) expect(line.startsWith('#')).toBe(true);
  });

  it('indents Python blocks: every line ending in a colon is followed by a deeper one', () => {
    for (const [, code] of snippets) {
      const all = code.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
      all.forEach((line, i) => {
        if (!line.endsWith(':')) return;
        const depth = (s: string) => s.length - s.trimStart().length;
        expect(depth(all[i + 1]!)).toBe(depth(line) + 4);
      });
    }
  });

  it("a demo's Python that is not the seed's says so on its first line", () => {
    const fromSeed = new Set<string>(Object.values(seedPython));
    for (const demo of demos) {
      const python = demo.explain?.python;
      if (python === undefined || fromSeed.has(python)) continue;
      expect(python.split('\n')[0], demo.name).toMatch(/^# Not in the tutorial: the asyncio equivalent/);
      // …and it really is not the seed's: at least one of its lines appears nowhere in it.
      expect(positions(python), demo.name).toContain(-1);
    }
  });
});
