/**
 * The parts of a demo nothing can derive from the registry (CONTRIBUTING.md, "Add a
 * demo"): its file, named as the CLI names it, and its own test. The README row, the
 * example and its expected output are checked by readme, explain and examples tests.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demos } from '../../src/demos/index.js';

describe('the demo registry', () => {
  it.each(demos.map((d) => [d.name, d] as const))('%s: is exported by src/demos/<name>.ts and has test/demos/<name>.test.ts', async (name, demo) => {
    const file = new URL(`../../src/demos/${name}.ts`, import.meta.url).href;
    const module = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    expect(Object.values(module), `src/demos/${name}.ts exports the demo registered as '${name}'`).toContain(demo);
    expect(existsSync(new URL(`./${name}.test.ts`, import.meta.url)), `test/demos/${name}.test.ts`).toBe(true);
  });

  it('names each demo once', () => {
    const names = demos.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
