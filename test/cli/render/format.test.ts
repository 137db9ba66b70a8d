import { describe, expect, it } from 'vitest';
import { bar } from '../../../src/cli/render/bar.js';
import { formatCount, formatMs, formatPercent, formatRatio, formatStamp } from '../../../src/cli/render/format.js';
import { oneLine, padEnd, padStart, truncate } from '../../../src/cli/render/text.js';

describe('formatMs', () => {
  it.each([
    [3004.2, '3.004 s'],
    [1000, '1.000 s'],
    [65_432.1, '65.432 s'],
    [250, '250.0 ms'],
    [1, '1.0 ms'],
    [999.94, '999.9 ms'],
    [0.0123, '12.3 µs'],
    [0.001, '1.0 µs'],
    [0.0000005, '0.5 ns'],
    [0, '0.0 ms'],
    [-2, '-2.0 ms'],
    [-1500, '-1.500 s'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });

  it('steps up a unit when rounding would print 1000.0 (never "1000.0 ms")', () => {
    expect(formatMs(999.96)).toBe('1.000 s');
    expect(formatMs(0.99996)).toBe('1.0 ms');
    expect(formatMs(0.00099996)).toBe('1.0 µs');
  });

  it('prints a dash for values that are not numbers of ms', () => {
    expect(formatMs(Number.NaN)).toBe('—');
    expect(formatMs(Infinity)).toBe('—');
  });
});

describe('number helpers', () => {
  it('formats ratios, percentages, stamps and counts locale-free', () => {
    expect(formatRatio(2.9934)).toBe('2.99');
    expect(formatRatio(Infinity)).toBe('∞');
    expect(formatRatio(Number.NaN)).toBe('n/a');
    expect(formatPercent(0.9967)).toBe('99.7%');
    expect(formatPercent(Number.NaN)).toBe('n/a');
    expect(formatStamp(1002.4)).toBe('+1.002s');
    expect(formatStamp(0)).toBe('+0.000s');
    expect(formatCount(99_988)).toBe('99,988');
  });
});

describe('text helpers', () => {
  it('truncates with an ellipsis only when the text is too long', () => {
    expect(truncate('Alice, Bob, Charlie', 10)).toBe('Alice, Bo…');
    expect(truncate('Alice', 5)).toBe('Alice');
    expect(truncate('Alice, Bob', 8, '...')).toBe('Alice...');
    expect(truncate('Alice', 0)).toBe('');
  });

  it('neutralises control characters, escape sequences included', () => {
    expect(oneLine('a\nb\tc\u001b[31md\u009b')).toBe('a b c [31md ');
  });

  it('pads by code points, never cutting', () => {
    expect(padEnd('µs', 4)).toBe('µs  ');
    expect(padStart('2.99×', 7)).toBe('  2.99×');
    expect(padEnd('toolong', 3)).toBe('toolong');
  });
});

describe('bar', () => {
  it('draws to the eighth of a cell with blocks, to whole cells in ASCII', () => {
    expect(bar(1, 10, true)).toBe('█'.repeat(10));
    expect(bar(0.5, 10, true)).toBe('█████');
    expect(bar(0.33, 10, true)).toBe('███▎');
    expect(bar(0.33, 10, false)).toBe('###');
  });

  it('shows a sliver for any positive fraction and nothing for zero', () => {
    expect(bar(0.0001, 10, true)).toBe('▏');
    expect(bar(0.0001, 10, false)).toBe('#');
    expect(bar(0, 10, true)).toBe('');
    expect(bar(Number.NaN, 10, true)).toBe('');
  });
});
