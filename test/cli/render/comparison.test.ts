import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compareDocuments } from '../../../src/cli/compare.js';
import { changeText, renderComparison } from '../../../src/cli/render/comparison.js';
import { markdownComparison } from '../../../src/cli/render/markdown.js';
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

describe('renderComparison: the change word agrees with the test', () => {
  // 1000 ms → 1004 ms with a spread of 0.1 ms: 1.004×, which rounds to 1.00×, and the
  // test calls it significant. "same" beside "significant" would contradict itself.
  const tight = (ms: number): number[] => [ms, ms + 0.1, ms + 0.2, ms - 0.1, ms];
  const cmp = compareDocuments(
    doc('before.json', report('gather', { sequential: tight(1000), gather: tight(100) })),
    doc('after.json', report('gather', { sequential: tight(1004), gather: tight(100) })),
  );
  const out = stripVTControlCharacters(renderComparison(cmp, plain, { width: 200 })).split('\n');

  it('a significant change that rounds to 1.00× is printed with the digits that show it', () => {
    const row = out.find((l) => l.startsWith('  sequential'));
    expect(row).toMatch(/ 1\.004× slower {3}significant, p < 0\.001$/);
    expect(out.filter((l) => /\bsame\b/.test(l) && /\bsignificant\b/.test(l))).toEqual([]);
  });

  it('the markdown table says the same', () => {
    const md = markdownComparison(cmp).split('\n');
    expect(md.find((l) => l.startsWith('| `sequential`'))).toMatch(/\| 1\.004× slower \| significant, p < 0\.001 \|$/);
    expect(md.find((l) => l.startsWith('| `gather`'))).toMatch(/\| same \| within noise, p = \S+ \|$/);
  });

  it('an unchanged variant still reads "same", beside "within noise"', () => {
    expect(out.find((l) => l.startsWith('  gather'))).toMatch(/ same {3}within noise, p = \S+$/);
  });

  it('the headline names a significant change that rounds away, too', () => {
    const headline = out.find((l) => l.startsWith('  headline:'));
    expect(headline).toMatch(/significant/);
    expect(headline).toMatch(/, rose 0\.4%/);
  });
});

describe('changeText', () => {
  it('says "same" only where no test calls the change significant', () => {
    expect(changeText(1.004)).toBe('same');
    expect(changeText(1.004, true)).toBe('1.004× slower');
    expect(changeText(1 / 1.004, true)).toBe('1.004× faster');
    expect(changeText(1.0004, true)).toBe('1.0004× slower');
    expect(changeText(1, true)).toBe('same');
    expect(changeText(1.98, true)).toBe('1.98× slower');
  });
});
