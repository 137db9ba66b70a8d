import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderMachineWarning, renderSummary } from '../../../src/cli/render/summary.js';
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

  it('measures the table by its widest row: a long Note wraps within its column, or the demos take two lines each', () => {
    // all --scale 0.1 at 100 columns: race's row (its Note 'not a speedup: first answer')
    // was 108 columns, and the terminal broke it in the middle of the Note.
    const verdict = { variant: 'gather', baseline: 'sequential', kind: 'first-answer' as const, measures: 'x', valid: false, reason: 'first-answer' as const, idealFrom: 'plan' as const };
    const rows = [
      { demo: 'as-completed', measurement: greet() },
      { demo: 'race', measurement: greet(), verdict },
    ];
    const table = renderSummary(rows, plain).split('\n');
    const widest = Math.max(...table.map((l) => l.length));
    expect(table[1]!.length).toBeLessThan(widest - 10);
    expect(renderSummary(rows, plain, widest)).toBe(renderSummary(rows, plain));
    // Room for a Note column of 14, or even 12: the note wraps under its heading.
    const noteAt = table[1]!.indexOf('Note');
    expect(renderSummary(rows, plain, noteAt + 14).split('\n').slice(1)).toEqual([
      table[1],
      table[2],
      `${table[3]!.slice(0, noteAt)}not a speedup:`,
      `${' '.repeat(noteAt)}first answer`,
    ]);
    expect(renderSummary(rows, plain, noteAt + 12).split('\n').slice(3)).toEqual([
      `${table[3]!.slice(0, noteAt)}not a`,
      `${' '.repeat(noteAt)}speedup:`,
      `${' '.repeat(noteAt)}first answer`,
    ]);
    // Less: two lines per demo.
    const narrower = renderSummary(rows, plain, noteAt + 11).split('\n');
    expect(narrower).toContain('race  sequential → gather');
    expect(narrower.every((l) => l.length <= noteAt + 11)).toBe(true);
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

  it('notes a warning the demo gave about its headline\'s figures, and only those', () => {
    // all on a busy machine: cpu's row read "0.89×  2.00×  44.5%" with nothing beside it,
    // where cpu's own report had warned that the cores its workers needed were not free.
    const rows = [
      { demo: 'cpu', measurement: greet(), caveats: [{ kind: 'cores-busy' as const, variant: 'gather', expectedMs: 50, observedMs: 187, threads: 2, cores: 2 }] },
      { demo: 'queue', measurement: greet(), caveats: [{ kind: 'efficiency' as const, variant: 'gather', baseline: 'sequential', efficiency: 1.08, cause: 'first-run' as const, baselineOver: 0.1, variantOver: 0.02 }] },
      // A spread on a variant the headline does not compare is no note on its row.
      { demo: 'limit', measurement: greet(), caveats: [{ kind: 'spread' as const, variant: 'c=2', relativeStddev: 0.2, runs: 3 }] },
      { demo: 'gather', measurement: greet(), caveats: [{ kind: 'spread' as const, variant: 'sequential', relativeStddev: 0.2, runs: 3 }] },
    ];
    const lines = renderSummary(rows, colour).split('\n').map((l) => stripVTControlCharacters(l));
    expect(lines[2]).toMatch(/^cpu +.* 99\.9% {2}cores busy$/);
    expect(lines[3]).toMatch(/^queue +.* 99\.9% {2}above its ideal$/);
    expect(lines[4]).toMatch(/^limit +.* 99\.9%$/);
    expect(lines[5]).toMatch(/^gather +.* 99\.9% {2}wide spread$/);
    // A doubtful row is painted as a warning, as a failure's is.
    expect(renderSummary(rows, colour).split('\n')[2]).toContain('\u001b[33m');
  });

  it('says once under the table how many demos ran on a busy machine, and how busy', () => {
    const busy = (load1: number) => [{ kind: 'busy' as const, load1, cores: 2 }];
    const rows = [
      { demo: 'greet', measurement: greet(), caveats: busy(3.2) },
      { demo: 'gather', measurement: greet(), caveats: [] },
      { demo: 'cpu', measurement: greet(), caveats: busy(6.45) },
    ];
    expect(renderMachineWarning(rows, plain)).toBe(
      'Warning: the machine was busy during 2 of 3 demos (1-minute load average up to 6.45 on 2 cores): their times and speedups may be off. Re-run on a quieter machine.',
    );
    expect(renderMachineWarning(rows, plain, 60).split('\n').every((l) => l.length <= 60)).toBe(true);
    expect(renderMachineWarning([rows[1]!], plain)).toBe('');
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
