import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderList } from '../../../src/cli/render/list.js';
import { colour, plain } from './fixtures.js';

const demos = [
  { name: 'greet', title: 'Say hello', variantNames: ['sequential', 'eager'] },
  { name: 'fetch-all', title: 'Fetch many URLs at once', variantNames: ['sequential', 'gather', 'limited'] },
];

describe('renderList', () => {
  it('prints one aligned line per demo with its variants, and nothing else', () => {
    expect(renderList(demos, plain).split('\n')).toEqual([
      'greet      Say hello                (sequential, eager)',
      'fetch-all  Fetch many URLs at once  (sequential, gather, limited)',
    ]);
  });

  it('starts every line with the bare demo name, for scripts and completion', () => {
    const names = renderList(demos, plain)
      .split('\n')
      .map((line) => line.split(' ')[0]);
    expect(names).toEqual(['greet', 'fetch-all']);
  });

  it('colours without changing the text', () => {
    const coloured = renderList(demos, colour);
    expect(coloured).toContain('\u001b[1mgreet');
    expect(stripVTControlCharacters(coloured)).toBe(renderList(demos, plain));
  });

  it('keeps a unit with its number when it wraps a title (timeout at 60: "3 s", not "3" then "s")', () => {
    const timeout = [
      { name: 'timeout', title: 'timeouts: a 2 s deadline over calls of 1 s, 3 s and 10 s, one after another or at once', variantNames: ['sequential', 'concurrent'] },
      // The list's longest name, which sets where titles start.
      { name: 'as-completed', title: 'as_completed', variantNames: [] },
    ];
    const lines = renderList(timeout, plain, 60).split('\n');
    expect(lines.filter((l) => /\d$/.test(l))).toEqual([]);
    expect(lines.every((l) => l.length <= 60)).toBe(true);
  });

  it('prints nothing for no demos', () => {
    expect(renderList([], plain)).toBe('');
  });
});
