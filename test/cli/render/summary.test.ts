import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../../src/cli/render/summary.js';
import { colour, greet, plain } from './fixtures.js';

function single() {
  const m = greet();
  m.variants = [m.variants[0]!];
  m.speedups = [];
  return m;
}

describe('renderSummary', () => {
  it('tabulates each demo: comparison, both times, speedup, ideal, efficiency', () => {
    const text = renderSummary([{ demo: 'greet', measurement: greet() }], plain);
    expect(text.split('\n')).toEqual([
      'Summary',
      'Demo   Comparison           Baseline  Variant  Speedup  Ideal  Efficiency',
      'greet  sequential → gather   3.004 s  1.002 s    3.00×  3.00×       99.9%',
    ]);
  });

  it('puts a dash where a demo had no comparison, and keeps the columns aligned', () => {
    const lines = renderSummary(
      [
        { demo: 'greet', measurement: greet() },
        { demo: 'countdown', measurement: single() },
      ],
      plain,
    ).split('\n');
    expect(lines[3]).toBe('countdown  sequential → —        3.004 s        —        —      —           —');
    // Right-aligned numbers end under their header.
    const end = (line: string, text: string): number => line.indexOf(text) + text.length;
    expect(end(lines[2]!, '99.9%')).toBe(end(lines[1]!, 'Efficiency'));
    expect(end(lines[3]!, '—')).toBeLessThan(end(lines[1]!, 'Efficiency'));
    expect(lines[3]!.length).toBe(end(lines[1]!, 'Efficiency'));
  });

  it('shows the speedup spread when runs give one, and notes interrupted demos', () => {
    const partial = greet(3);
    partial.interrupted = true;
    const lines = renderSummary(
      [
        { demo: 'greet', measurement: greet() },
        { demo: 'gather', measurement: partial },
      ],
      plain,
    ).split('\n');
    expect(lines[1]).toMatch(/ Efficiency {2}Note$/);
    expect(lines[3]).toMatch(/^gather {2}sequential → gather .* 3\.00 ± 0\.00× {2}3\.00× {7}99\.9% {2}interrupted$/);
  });

  it('claims no speedup or efficiency where the ideal is about 1× (all --count 1), as the demo\'s own headline does', () => {
    // cpu --count 1 on a busy machine measured workers 2.18× "faster" at an ideal of 1×.
    const one = greet();
    one.speedups[0] = { ...one.speedups[0]!, value: 2.18, ideal: 1, efficiency: 2.18 };
    const lines = renderSummary(
      [
        { demo: 'greet', measurement: greet() },
        { demo: 'cpu', measurement: one },
      ],
      colour,
    ).split('\n');
    expect(stripVTControlCharacters(lines[3]!)).toMatch(/^cpu +sequential → gather +3\.004 s +1\.002 s +— +1\.00× +— +no speedup expected$/);
    expect(stripVTControlCharacters(lines.join('\n'))).not.toContain('218');
    // Nothing went wrong: the row is not painted as a warning.
    expect(lines[3]).not.toContain('\u001b[33m');
  });

  it('gives each demo two lines on a terminal narrower than the table, never a line wider than it', () => {
    const failed = greet(3);
    failed.variants[1]!.error = { name: 'Error', message: 'boom' };
    failed.speedups[0] = { ...failed.speedups[0]!, valid: false, invalid: 'failed' };
    const rows = [
      { demo: 'greet', measurement: greet() },
      { demo: 'countdown', measurement: single() },
      { demo: 'gather', measurement: failed },
    ];
    const narrow = renderSummary(rows, plain, 60).split('\n');
    expect(narrow).toEqual([
      'Summary',
      'greet  sequential → gather',
      '  3.004 s → 1.002 s · 3.00×, ideal 3.00×, efficiency 99.9%',
      'countdown  sequential → —',
      '  3.004 s',
      'gather  sequential → gather',
      '  3.004 s → 1.002 s · no speedup: a task failed, gather',
      '  failed',
    ]);
    expect(narrow.every((l) => l.length <= 60)).toBe(true);
    // Wide enough, or no width (a pipe): the table.
    expect(renderSummary(rows, plain, 200)).toBe(renderSummary(rows, plain));
    expect(renderSummary(rows, plain).split('\n')[1]).toMatch(/^Demo +Comparison/);
  });

  it('measures the table by its widest row: a long Note on a terminal it would overflow gives two lines per demo', () => {
    // all --scale 0.1 at 100 columns: race's row (its Note 'not a speedup: first answer')
    // was 104 columns, and the terminal broke it in the middle of the Note.
    const verdict = { variant: 'gather', baseline: 'sequential', kind: 'first-answer' as const, measures: 'x', valid: false, reason: 'first-answer' as const, idealFrom: 'plan' as const };
    const rows = [
      { demo: 'as-completed', measurement: greet() },
      { demo: 'race', measurement: greet(), verdict },
    ];
    const table = renderSummary(rows, plain).split('\n');
    const widest = Math.max(...table.map((l) => l.length));
    expect(table[1]!.length).toBeLessThan(widest - 10);
    expect(renderSummary(rows, plain, widest)).toBe(renderSummary(rows, plain));
    const narrower = renderSummary(rows, plain, widest - 1).split('\n');
    expect(narrower).toContain('race  sequential → gather');
    expect(narrower.every((l) => l.length <= widest - 1)).toBe(true);
  });

  it('shows no speedup, ideal or efficiency for a headline that is not a speedup, and says why', () => {
    const failed = greet(3);
    failed.variants[1]!.error = { name: 'Error', message: 'boom' };
    failed.speedups[0] = { ...failed.speedups[0]!, valid: false, invalid: 'failed' };
    const raced = greet();
    const verdict = { variant: 'gather', baseline: 'sequential', kind: 'first-answer' as const, measures: 'x', valid: false, reason: 'first-answer' as const, idealFrom: 'plan' as const };
    const lines = renderSummary(
      [
        { demo: 'gather', measurement: failed },
        { demo: 'race', measurement: raced, verdict },
      ],
      plain,
    ).split('\n');
    expect(lines[2]).toMatch(/^gather {2}sequential → gather +3\.004 s +1\.002 s +— +— +— {2}no speedup: a task failed, gather failed$/);
    expect(lines[3]).toMatch(/^race +sequential → gather +3\.004 s +1\.002 s +— +— +— {2}not a speedup: first answer$/);
    expect(lines.join('\n')).not.toContain('×');
  });

  it('leaves the Note column out when there is nothing to note', () => {
    expect(renderSummary([{ demo: 'greet', measurement: greet() }], plain)).not.toContain('Note');
  });

  it('colours without changing the layout', () => {
    const rows = [{ demo: 'greet', measurement: greet() }];
    const coloured = renderSummary(rows, colour);
    expect(coloured).toContain('\u001b[1mSummary');
    expect(stripVTControlCharacters(coloured)).toBe(renderSummary(rows, plain));
  });
});
