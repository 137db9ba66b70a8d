import { describe, expect, it } from 'vitest';
import { findCaveats, type Caveat } from '../../src/core/caveats.js';
import { watchMachine, type MachineLoad } from '../../src/core/machine.js';
import { comparability, type Measurement, type Span, type VariantResult } from '../../src/core/measure.js';
import { ratioStddev, summarize } from '../../src/core/stats.js';

function variant(name: string, plannedMs: number, samples: number[], spans: Span[] = []): VariantResult {
  return { name, summary: name, plannedMs, ms: summarize(samples), spans, narration: [] };
}

/** sequential vs gather with the given samples and plans; the speedup computed as measure does. */
function measurement(seq: number[], gat: number[], planned: [number, number] = [3000, 1000]): Measurement {
  const a = variant('sequential', planned[0], seq);
  const b = variant('gather', planned[1], gat);
  const value = a.ms!.median / b.ms!.median;
  const ideal = planned[0] / planned[1];
  return {
    baseline: 'sequential',
    variants: [a, b],
    speedups: [{ variant: 'gather', baseline: 'sequential', value, stddev: ratioStddev(value, a.ms!, b.ms!), ideal, efficiency: value / ideal, valid: true }],
    interrupted: false,
  };
}

const quiet: MachineLoad = { cores: 2, load1: 0.3, loopDelay: { p99Ms: 0.2, maxMs: 1, samples: 300 } };

describe('findCaveats', () => {
  it('finds nothing in a steady run on a quiet machine', () => {
    expect(findCaveats(measurement([3001, 3002, 3003], [1001, 1000, 1002]), { machine: quiet })).toEqual([]);
  });

  it.each<[string, MachineLoad, boolean, Caveat['kind'][]]>([
    ['a load above the cores', { ...quiet, load1: 2.5 }, false, ['busy']],
    ['a load equal to the cores', { ...quiet, load1: 2 }, false, []],
    ['an event loop held up', { ...quiet, loopDelay: { p99Ms: 45, maxMs: 80, samples: 300 } }, false, ['loop-delay']],
    ['a loop the demo blocks itself (cpu)', { ...quiet, loopDelay: { p99Ms: 450, maxMs: 500, samples: 300 } }, true, []],
    ['both', { cores: 2, load1: 6, loopDelay: { p99Ms: 30, maxMs: 31, samples: 9 } }, false, ['busy', 'loop-delay']],
  ])('warns about the machine: %s', (_, machine, blocksLoop, kinds) => {
    const found = findCaveats(measurement([3001, 3002, 3003], [1001, 1000, 1002]), { machine, blocksLoop });
    expect(found.map((k) => k.kind)).toEqual(kinds);
  });

  it('warns about a spread above 5% of the median, per variant, only with two runs or more', () => {
    const found = findCaveats(measurement([3000, 3300, 2700], [1000, 1001, 1002]));
    expect(found).toEqual([{ kind: 'spread', variant: 'sequential', relativeStddev: 300 / 3000, runs: 3 }]);
    expect(findCaveats(measurement([3000, 3140, 2860], [1000, 1001, 1002]))).toEqual([]);
    expect(findCaveats(measurement([3000], [1000]))).toEqual([]);
  });

  it.each<[string, number[], number[], { warmedUp?: boolean; idealMeasured?: boolean }, string | undefined]>([
    ['within 2%: nothing to explain', [3050], [1000], {}, undefined],
    ['a measured ideal', [3300], [1000], { idealMeasured: true }, 'measured-ideal'],
    ['the baseline ran first, cold', [3300], [1000], {}, 'first-run'],
    ['one run, warmed up', [3300], [1000], { warmedUp: true }, 'single-run'],
    ['within twice the ±', [3300, 2900, 3500], [1000, 1000, 1000], { warmedUp: true }, 'noise'],
    ['steady, warmed up: the baseline paid costs its plan does not count', [3300, 3301, 3302], [1000, 1000, 1000], { warmedUp: true }, 'overhead'],
  ])('explains an efficiency above 102%% with its likeliest cause: %s', (_, seq, gat, context, cause) => {
    const found = findCaveats(measurement(seq, gat), context).filter((k) => k.kind === 'efficiency');
    if (cause === undefined) {
      expect(found).toEqual([]);
      return;
    }
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ variant: 'gather', baseline: 'sequential', cause, variantOver: 0 });
    expect((found[0] as { baselineOver: number }).baselineOver).toBeCloseTo(seq.toSorted((a, b) => a - b)[seq.length >> 1]! / 3000 - 1, 9);
  });

  it('where no speedup is possible (an ideal of about 1×), explains only a difference the headline prints', () => {
    // Within 10% of 1 the headline says "about as long": nothing to explain.
    expect(findCaveats(measurement([1090], [1000], [1000, 1000]))).toEqual([]);
    expect(findCaveats(measurement([1090], [1000], [1050, 1000]))).toEqual([]);
    // "1.30× less time" though no speedup is possible: the baseline ran first, cold.
    expect(findCaveats(measurement([1300], [1000], [1000, 1000]))).toEqual([
      { kind: 'efficiency', variant: 'gather', baseline: 'sequential', efficiency: 1.3, cause: 'first-run', baselineOver: 0.30000000000000004, variantOver: 0, ideal: 1 },
    ]);
    expect(findCaveats(measurement([1300], [1000], [1090, 1000])).map((k) => k.kind)).toEqual(['efficiency']);
    expect(findCaveats(measurement([1300], [1000], [1100, 1000])).map((k) => k.kind)).toEqual(['efficiency']);
  });

  // fetch-all --variants concurrent,limited: the baseline is the faster plan. The caveat
  // carries the ideal, so that its words can say "less slow than planned", not "beat its ideal".
  it('where the plan has the variant slower (ideal 0.5), a baseline over its plan is explained, with the ideal', () => {
    expect(findCaveats(measurement([1450], [2000], [1000, 2000]))).toEqual([
      { kind: 'efficiency', variant: 'gather', baseline: 'sequential', efficiency: 1.45, cause: 'first-run', baselineOver: 0.44999999999999996, variantOver: 0, ideal: 0.5 },
    ]);
  });

  it('leaves an invalid speedup alone: it has no efficiency to explain', () => {
    const m = measurement([3300], [1000]);
    m.speedups[0] = { ...m.speedups[0]!, valid: false, invalid: 'failed' };
    expect(findCaveats(m)).toEqual([]);
  });
});

describe('comparability', () => {
  const ok = (task: string): Span => ({ task, start: 0, end: 1, outcome: 'ok', lane: 0 });
  const failed = (task: string): Span => ({ ...ok(task), outcome: 'error' });
  const cancelled = (task: string): Span => ({ ...ok(task), outcome: 'cancelled' });
  const r = (spans: Span[], error = false) => ({ spans, ...(error ? { error: { name: 'Error', message: 'x' } } : {}) });

  it.each<[string, ReturnType<typeof r>, ReturnType<typeof r>, string | undefined]>([
    ['the same tasks, all ok', r([ok('A'), ok('B')]), r([ok('A'), ok('B')]), undefined],
    ['the same timeouts in both', r([ok('A'), cancelled('B')]), r([ok('A'), cancelled('B')]), undefined],
    ['a failed task in the baseline', r([ok('A'), failed('B')]), r([ok('A'), ok('B')]), 'failed'],
    ['a failed task in the variant', r([ok('A'), ok('B')]), r([failed('A'), ok('B')]), 'failed'],
    ['a body that threw', r([ok('A')]), r([ok('A')], true), 'failed'],
    ['losers cancelled in one, run on in the other', r([ok('A'), ok('B'), ok('C')]), r([ok('A'), cancelled('B'), cancelled('C')]), 'different-work'],
    ['fewer tasks in one', r([ok('A'), ok('B')]), r([ok('A')]), 'different-work'],
  ])('%s', (_, base, other, expected) => {
    expect(comparability(base, other)).toBe(expected);
  });
});

describe('watchMachine', () => {
  it('reports the cores, a load average and the loop delay, and stops once', async () => {
    const watch = watchMachine();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const load = watch.stop();
    expect(load.cores).toBeGreaterThanOrEqual(1);
    expect(load.load1).toBeGreaterThanOrEqual(0);
    expect(load.loopDelay.p99Ms).toBeGreaterThanOrEqual(0);
    expect(load.loopDelay.maxMs).toBeGreaterThanOrEqual(load.loopDelay.p99Ms);
    expect(watch.stop()).toBe(load);
  });
});
