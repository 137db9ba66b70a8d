/**
 * The README's demo table is written by hand (it says what each demo teaches, in a few
 * words); this keeps it honest: exactly the registered demos, in the registry's order.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demos } from '../../src/demos/index.js';

describe("README's demo table", () => {
  it('lists every registered demo, and only those, in registry order', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Demos\n'), readme.indexOf('\n## ', readme.indexOf('\n## Demos\n') + 1));
    const rows = section.split('\n').filter((line) => /^\| `[^`]+` \|/.test(line));
    expect(rows.map((row) => /^\| `([^`]+)` \|/.exec(row)![1])).toEqual(demos.map((d) => d.name));
  });
});
