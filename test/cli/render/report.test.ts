import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Measurement } from '../../../src/core/measure.js';
import type { RaceDetail } from '../../../src/demos/race.js';
import { detailRenderers } from '../../../src/cli/render/details.js';
import { renderReport, type RenderInput } from '../../../src/cli/render/report.js';
import { colour, greet, plain } from './fixtures.js';

function input(measurement: Measurement, over: Partial<RenderInput> = {}): RenderInput {
  return {
    demo: { name: 'gather', title: 'Run coroutines concurrently with gather' },
    measurement,
    params: { count: 3, delayMs: 1000, variants: ['sequential', 'gather'] },
    runs: 1,
    width: 80,
    timeline: true,
    quiet: false,
    ...over,
  };
}

const lines = (text: string): string[] => text.split('\n');

describe('renderReport, full form', () => {
  it('says a time under its plan is under it, never "-0.0% over"', () => {
    const m = greet();
    m.variants[1]!.ms = { ...m.variants[1]!.ms!, median: 999.987 };
    expect(lines(renderReport(input(m), plain))).toContain('  Planned: 1.000 s (13.0 µs, 0.0% under the ideal waits)');
  });

  it('shows the title, each variant with its narration, time, bar and plan, the summary and the timeline, in order', () => {
    const text = renderReport(input(greet()), plain);
    const order = [
      'gather — Run coroutines concurrently with gather',
      '  count=3  delay=1s  variants=sequential,gather',
      'sequential  one after another',
      '  +0.000s Starting to greet Alice',
      '  +1.001s Done greeting Alice',
      '  +3.001s Done greeting Charlie',
      '  Time: 3.004 s',
      `  ${'█'.repeat(50)}`,
      '  Planned: 3.000 s (+4.0 ms, +0.1% over the ideal waits)',
      'gather  all at once',
      '  +1.002s Done greeting Alice',
      '  Time: 1.002 s',
      // 1002 / 3004 of 50 cells = 16⅝ cells
      `  ${'█'.repeat(16)}▋`,
      '  Planned: 1.000 s (+2.0 ms, +0.2% over the ideal waits)',
      'Summary',
      '  gather ran 3.00× faster than sequential (ideal 3.00×, efficiency 99.9%)',
      "    saves 2.002 s per run (66.6% of sequential's 3.004 s)",
      'Timeline  0 … 3.000 s · cell 44.1 ms',
      'sequential · 3 tasks on 1 lane',
      'gather · 3 tasks on 3 lanes',
    ];
    const all = lines(text);
    let at = -1;
    for (const expected of order) {
      const next = all.indexOf(expected, at + 1);
      expect(next, `"${expected}" after line ${at}`).toBeGreaterThan(at);
      at = next;
    }
    expect(text).not.toContain('Range');
    // One run has no median to speak of.
    expect(text).not.toContain('median');
    expect(text).not.toContain('Interrupted');
    expect(text).not.toContain('\u001b');
  });

  it('adds ± σ and the range with two or more runs, and ± on the headline', () => {
    const all = lines(renderReport(input(greet(3), { runs: 3 }), plain));
    expect(all).toContain('  Time (median ± σ): 3.004 s ± 3.5 ms');
    expect(all).toContain('  Range (min … max): 3.001 s … 3.008 s   3 runs');
    expect(all).toContain('  Time (median ± σ): 1.002 s ± 1.5 ms');
    expect(all).toContain('  gather ran 3.00 ± 0.00× faster than sequential (ideal 3.00×, efficiency 99.9%)');
    expect(all).not.toContain('  Time: 3.004 s');
  });

  it('leaves the timeline out when asked', () => {
    const text = renderReport(input(greet(), { timeline: false }), plain);
    expect(text).not.toContain('Timeline');
    expect(lines(text).at(-1)).toBe("    saves 2.002 s per run (66.6% of sequential's 3.004 s)");
  });

  it('shows the first 20 narration lines per variant, counts those left out, and shows the last', () => {
    const m = greet();
    m.variants[0]!.narration = Array.from({ length: 25 }, (_, i) => ({ at: i, text: `line ${i + 1}` }));
    const all = lines(renderReport(input(m), plain));
    const at = all.indexOf('  +0.019s line 20');
    expect(all).not.toContain('  +0.020s line 21');
    // The last line is the variant's conclusion ('all 12 items processed'): never hidden.
    expect(all.slice(at + 1, at + 3)).toEqual(['  … 4 more lines', '  +0.024s line 25']);
    m.variants[0]!.narration = m.variants[0]!.narration.slice(0, 22);
    const two = lines(renderReport(input(m), plain));
    expect(two.slice(two.indexOf('  +0.019s line 20') + 1, two.indexOf('  +0.019s line 20') + 3)).toEqual(['  … 1 more line', '  +0.021s line 22']);
    m.variants[0]!.narration = m.variants[0]!.narration.slice(0, 21);
    const one = lines(renderReport(input(m), plain));
    expect(one[one.indexOf('  +0.019s line 20') + 1]).toBe('  +0.020s line 21');
  });

  it("shows a variant's error with an AggregateError's members indented", () => {
    const m = greet();
    m.variants[1]!.error = {
      name: 'AggregateError',
      message: 'TaskGroup failed',
      errors: [
        { name: 'Error', message: 'Bob failed' },
        { name: 'AggregateError', message: 'inner', errors: [{ name: 'TypeError', message: 'deep' }] },
      ],
    };
    const all = lines(renderReport(input(m), plain));
    const at = all.indexOf('  Failed: AggregateError: TaskGroup failed');
    expect(at).toBeGreaterThan(all.indexOf('gather  all at once'));
    expect(all.slice(at + 1, at + 4)).toEqual(['    - Error: Bob failed', '    - AggregateError: inner', '      - TypeError: deep']);
  });

  describe('details', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('renders known detail keys with their renderer, indented, and ignores unknown ones', () => {
      const m = greet();
      const race: RaceDetail = { winner: 'Bob', toWinnerMs: 1000, allStoppedMs: 1000, wastedMs: 0, losers: 2, losersWere: 'cancelled' };
      m.variants[1]!.details = { race, unknown: { secret: 'never shown' } };
      let seen: unknown[] = [];
      vi.spyOn(detailRenderers as Required<typeof detailRenderers>, 'race').mockImplementation((value, _style, width) => {
        seen = [value, width];
        return ['p50 12 ms', 'p99 30 ms'];
      });
      const all = lines(renderReport(input(m), plain));
      expect(seen).toEqual([race, 78]);
      const at = all.indexOf('  p50 12 ms');
      expect(at).toBeGreaterThan(all.indexOf('gather  all at once'));
      expect(all[at + 1]).toBe('  p99 30 ms');
      expect(all.join('\n')).not.toContain('never shown');
    });
  });

  it('says clearly when results are partial, and what was not measured', () => {
    const m = greet();
    m.interrupted = true;
    m.variants[0]!.ms = null;
    m.speedups = [];
    const all = lines(renderReport(input(m), plain));
    const notice = 'Interrupted: partial results — only runs that completed are timed';
    expect(all.indexOf(notice)).toBeLessThan(all.indexOf('sequential  one after another'));
    expect(all.at(-1)).toBe(notice);
    expect(all).toContain('  Time: not measured (interrupted before a run completed)');
    expect(all).toContain('  no comparison: sequential has no completed run to compare with');
  });

  it('interrupted after the baseline completed: the comparison is missing for want of the other variant, and says so', () => {
    // cpu, Ctrl-C in promise-all: "sequential has no completed run", under sequential's Time.
    const m = greet();
    m.interrupted = true;
    m.variants[1]!.ms = null;
    m.speedups = [];
    const all = lines(renderReport(input(m), plain));
    expect(all).toContain('  no comparison: no other variant completed a run to compare with sequential');
    expect(all.join('\n')).not.toContain('sequential has no completed run');
  });

  it('shows no Planned line where the demo knows no plan, even when interrupted before any headline (run, fetch-all --url)', () => {
    const m = greet();
    m.interrupted = true;
    m.variants[0]!.ms = null;
    m.speedups = [];
    const text = renderReport(input(m, { assessment: { caveats: [], idealFrom: 'measured' } }), plain);
    expect(text).toContain('Time: not measured');
    // It once read "Planned: 1.0 µs" for a user's function.
    expect(text).not.toContain('Planned');
    expect(renderReport(input(m, { assessment: { caveats: [] } }), plain)).toContain('Planned: 3.000 s');
  });

  it('has no Summary for a single variant', () => {
    const m = greet();
    m.variants = [m.variants[0]!];
    m.speedups = [];
    expect(renderReport(input(m), plain)).not.toContain('Summary');
  });

  it('bolds the headline among several comparisons and colours only decorate', () => {
    const m = greet();
    m.speedups.push({ ...m.speedups[0]!, variant: 'other', value: 2, efficiency: 2 / 3 });
    const coloured = renderReport(input(m), colour);
    expect(coloured).toContain('\u001b[1m');
    const shown = lines(coloured);
    const first = shown.find((l) => stripVTControlCharacters(l).startsWith('  gather ran'))!;
    const second = shown.find((l) => stripVTControlCharacters(l).startsWith('  other ran'))!;
    expect(first.startsWith('  \u001b[1m\u001b[1mgather')).toBe(true);
    expect(second.startsWith('  \u001b[1mother\u001b[22m ran')).toBe(true);
    expect(stripVTControlCharacters(coloured)).toBe(renderReport(input(m), plain));
  });

  it('wraps the Summary and the warnings at the width, at spaces, continuation lines indented', () => {
    const assessment = {
      verdict: { variant: 'gather', baseline: 'sequential', kind: 'speedup' as const, measures: 'how long until every greeting is done', valid: true, idealFrom: 'plan' as const },
      caveats: [{ kind: 'busy' as const, load1: 3.5, cores: 2 }],
    };
    for (const style of [plain, colour]) {
      const all = lines(renderReport(input(greet(), { width: 50, timeline: false, assessment }), style)).map((l) => stripVTControlCharacters(l));
      const from = all.indexOf('Summary');
      expect(all.slice(from, from + 3)).toEqual(['Summary', '  Times measure how long until every greeting is', '    done.']);
      for (const line of all.slice(from)) expect(line.length).toBeLessThanOrEqual(50);
      const warning = all.findIndex((l) => l.startsWith('Warning:'));
      expect(all[warning]).toBe('Warning: the machine was busy (1-minute load');
      expect(all[warning + 1]).toBe('  average 3.50 on 2 cores): timers fire late and');
    }
  });

  it('neutralises escape sequences in narration and titles', () => {
    const m = greet();
    m.variants[0]!.narration = [{ at: 0, text: 'GET /x \u001b[2J done' }];
    const text = renderReport(input(m, { demo: { name: 'gather', title: 'evil\u001b]0;t\u0007' } }), plain);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('  +0.000s GET /x  [2J done');
  });
});

describe('renderReport at any width', () => {
  it('never ends a line on a number whose unit starts the next line', () => {
    const split: string[] = [];
    for (let width = 40; width <= 100; width++) {
      for (const quiet of [false, true]) {
        const text = lines(stripVTControlCharacters(renderReport(input(greet(3), { quiet, width, runs: 3 }), plain)));
        for (const [i, line] of text.entries()) {
          if (/\d$/.test(line) && /^\s*(ms|s|µs|×|%)\b/.test(text[i + 1] ?? '')) split.push(`${width}: ${line} / ${text[i + 1]!}`);
        }
      }
    }
    expect(split).toEqual([]);
  });
});

describe('renderReport at 60 columns', () => {
  it("wraps a variant's Planned line and its failure, which are sentences", () => {
    const m = greet();
    // cpu at --scale 0.1 on a busy machine: 404 ms over a 100 ms plan.
    m.variants[0]!.plannedMs = 100;
    m.variants[0]!.ms = { ...m.variants[0]!.ms!, median: 504 };
    m.variants[1]!.error = { name: 'AggregateError', message: 'the greetings of Bob, Charlie and Dave failed at once, while Alice ran on' };
    const text = lines(renderReport(input(m, { width: 60, timeline: false }), plain));
    expect(text.filter((l) => [...l].length > 60)).toEqual([]);
    expect(text).toContain('  Planned: 100.0 ms (+404.0 ms, +404.0% over the ideal');
    expect(text).toContain('    waits)');
    expect(lines(renderReport(input(m, { width: 80, timeline: false }), plain))).toContain('  Planned: 100.0 ms (+404.0 ms, +404.0% over the ideal waits)');
  });

  it('wraps the interruption notice (Ctrl-C), first and last', () => {
    const m = greet();
    m.interrupted = true;
    const text = lines(stripVTControlCharacters(renderReport(input(m, { width: 60 }), colour)));
    expect(text.filter((l) => [...l].length > 60)).toEqual([]);
    const first = text.indexOf('Interrupted: partial results — only runs that completed are');
    expect(text.slice(first, first + 2)).toEqual(['Interrupted: partial results — only runs that completed are', '  timed']);
    expect(first).toBeLessThan(text.length - 2);
    expect(text.slice(-2)).toEqual(['Interrupted: partial results — only runs that completed are', '  timed']);
  });
});

describe('renderReport on a wide terminal', () => {
  it('is drawn 120 columns wide at most: the timeline, the sentences and the header', () => {
    const widest = (width: number): number =>
      Math.max(...lines(renderReport(input(greet(), { width }), plain)).map((l) => [...l].length));
    expect(widest(200)).toBe(120);
    expect(widest(120)).toBe(120);
    expect(widest(80)).toBe(80);
    // The timeline's axis ends at the cap.
    const axis = lines(renderReport(input(greet(), { width: 200 }), plain)).find((l) => l.includes('┬'))!;
    expect([...axis].length).toBe(120);
  });
});

describe('renderReport, quiet form', () => {
  it('is one line per variant and the headline, nothing else', () => {
    expect(lines(renderReport(input(greet(), { quiet: true }), plain))).toEqual([
      'sequential  3.004 s  3 ok, 0 error, 0 cancelled',
      'gather      1.002 s  3 ok, 0 error, 0 cancelled',
      'gather ran 3.00× faster than sequential (ideal 3.00×, efficiency 99.9%)',
    ]);
  });

  it('wraps its sentences at words on a narrow terminal; one line each where they fit (80, 200)', () => {
    expect(lines(renderReport(input(greet(), { quiet: true, width: 60 }), plain))).toEqual([
      'sequential  3.004 s  3 ok, 0 error, 0 cancelled',
      'gather      1.002 s  3 ok, 0 error, 0 cancelled',
      'gather ran 3.00× faster than sequential (ideal 3.00×,',
      '  efficiency 99.9%)',
    ]);
    for (const width of [80, 200]) expect(lines(renderReport(input(greet(), { quiet: true, width }), plain))).toHaveLength(3);
  });

  it('keeps a failure and an interruption visible', () => {
    const m = greet();
    m.interrupted = true;
    m.variants[1]!.error = { name: 'Error', message: 'Bob failed' };
    m.variants[1]!.ms = null;
    m.variants[1]!.spans[1]!.outcome = 'error';
    m.variants[1]!.spans[2]!.outcome = 'cancelled';
    m.speedups = [];
    expect(lines(renderReport(input(m, { quiet: true }), plain))).toEqual([
      'Interrupted: partial results',
      'sequential  3.004 s       3 ok, 0 error, 0 cancelled',
      'gather      not measured  1 ok, 1 error, 1 cancelled  failed: Error: Bob failed',
    ]);
  });
});
