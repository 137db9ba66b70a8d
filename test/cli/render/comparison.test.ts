import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compareDocuments } from '../../../src/cli/compare.js';
import { renderComparison } from '../../../src/cli/render/comparison.js';
import { doc, report } from '../compare-fixtures.js';
import { colour, plain } from './fixtures.js';

const before = report('gather', { sequential: [300, 302, 301], gather: [100, 101, 102] });
const after = report('gather', { sequential: [301, 303, 300], gather: [104, 103, 105] });
const comparison = compareDocuments(doc('before.json', before), doc('after.json', after));
const lines = (width?: number, style = plain): string[] => stripVTControlCharacters(renderComparison(comparison, style, { width })).split('\n');

describe('renderComparison at any width', () => {
  it('at 60, puts each verdict under its row and wraps the sentences at words', () => {
    const narrow = lines(60);
    expect(narrow.filter((l) => [...l].length > 60)).toEqual([]);
    const at = narrow.findIndex((l) => l.startsWith('  sequential'));
    expect(narrow[at + 1]).toMatch(/^ {4}within noise, p = \S+$/);
    // A relation keeps its sides: never 'p =' at the end of a line.
    expect(narrow.filter((l) => / p =$/.test(l))).toEqual([]);
    expect(lines(60, colour).join('\n')).toBe(narrow.join('\n'));
  });

  it('at 80 and 200, each verdict beside its row, as before', () => {
    for (const width of [80, 200]) {
      const wide = lines(width);
      expect(wide.filter((l) => [...l].length > width)).toEqual([]);
      expect(wide.find((l) => l.startsWith('  sequential'))).toMatch(/ {3}within noise, p = \S+$/);
    }
    expect(lines()).toEqual(lines(80));
  });
});
