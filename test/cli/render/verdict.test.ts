import { describe, expect, it } from 'vitest';
import { caveatLines, failureStory, gateRefusal } from '../../../src/cli/render/verdict.js';
import type { Caveat } from '../../../src/core/caveats.js';
import type { VariantResult } from '../../../src/core/measure.js';
import { summarize } from '../../../src/core/stats.js';
import type { HeadlineVerdict } from '../../../src/demos/verdict.js';
import { plain, span } from './fixtures.js';

describe('caveatLines', () => {
  // Every warning names its cause and what to do about it.
  it.each<[Caveat, RegExp | string]>([
    [{ kind: 'spread', variant: 'gather', relativeStddev: 0.083, runs: 3 }, /^Warning: gather's 3 runs spread widely \(σ 8\.3% of the median\).*--runs 6.*quieter machine\.$/],
    [{ kind: 'busy', load1: 3.456, cores: 2 }, /^Warning: the machine was busy \(1-minute load average 3\.46 on 2 cores\).*quieter machine\.$/],
    [{ kind: 'loop-delay', p99Ms: 31, maxMs: 52 }, /^Warning: the event loop was held up by something else \(its timer fired up to 31\.0 ms late, p99; max 52\.0 ms\).*quieter machine\.$/],
    [
      { kind: 'cores-busy', variant: 'workers', expectedMs: 500, observedMs: 910, threads: 2, cores: 2 },
      /^Warning: workers' tasks took 910\.0 ms each where one free core takes 500\.0 ms .*the 2 cores it needs were not free.*quieter machine\.$/,
    ],
    [
      { kind: 'cores-busy', variant: 'sequential', expectedMs: 500, observedMs: 700, threads: 1, cores: 2 },
      /the core it needs was not free/,
    ],
    [
      { kind: 'parallel-slowdown', variant: 'workers', baseline: 'sequential', efficiency: 0.964, aloneMs: 512, togetherMs: 531, threads: 2, cores: 2 },
      /^Note: workers reached 96\.4% of its ideal: 2 tasks at a time took 531\.0 ms a wave where one alone took 512\.0 ms \(sequential\)\. .*on all 2 cores share them .*--runs 5 tells that from noise\.$/,
    ],
    [
      { kind: 'parallel-slowdown', variant: 'workers', baseline: 'sequential', efficiency: 0.95, aloneMs: 500, togetherMs: 526, threads: 2, cores: 4 },
      /on 2 of 4 cores share them/,
    ],
    [
      { kind: 'efficiency', variant: 'concurrent', baseline: 'sequential', efficiency: 1.08, cause: 'first-run', baselineOver: 0.09, variantOver: 0.01 },
      'Warning: concurrent beat its ideal (efficiency 108.0%): sequential ran 9.0% over its planned time, concurrent 1.0%: sequential ran first and paid one-off costs (code compiled on its first call; connections opened, where it makes any); try --warmup 1.',
    ],
    [
      { kind: 'efficiency', variant: 'concurrent', baseline: 'sequential', efficiency: 1.3, cause: 'measured-ideal', baselineOver: 0, variantOver: 0 },
      /the ideal comes from sequential's measured spans, which include per-task costs besides the wait .*first-call compilation.*--warmup 1 and --runs 5 narrow it\.$/,
    ],
    // Planned as a slowdown (ideal 0.50×: fetch-all --variants concurrent,limited): an efficiency
    // above 100% is "less slow than planned", never "beat its ideal", and nothing is overlapped.
    [
      { kind: 'efficiency', variant: 'limited', baseline: 'concurrent', efficiency: 1.378, cause: 'first-run', baselineOver: 0.45, variantOver: 0.052, ideal: 0.5 },
      /^Warning: limited ran only 1\.45× slower than concurrent, where the plan has it 2\.00× slower: concurrent ran 45\.0% over its planned time, limited 5\.2%: concurrent ran first and paid one-off costs .*--warmup 1\.$/,
    ],
    [
      { kind: 'efficiency', variant: 'limited', baseline: 'concurrent', efficiency: 2.4, cause: 'single-run', baselineOver: 1.4, variantOver: 0, ideal: 0.5 },
      /^Warning: limited ran 1\.20× faster than concurrent, where the plan has it 2\.00× slower: concurrent ran 140\.0% over its planned time, limited 0\.0%; one run cannot tell/,
    ],
    [
      { kind: 'efficiency', variant: 'limited', baseline: 'concurrent', efficiency: 1.2, cause: 'overhead', baselineOver: 0.2, variantOver: 0, ideal: 0.5 },
      /: concurrent ran 20\.0% over its planned time, limited 0\.0%: time outside the waits weighs more on concurrent's shorter plan\.$/,
    ],
    [
      { kind: 'efficiency', variant: 'limited', baseline: 'concurrent', efficiency: 1.2, cause: 'measured-ideal', baselineOver: 0, variantOver: 0, ideal: 0.5 },
      /where the plan has it 2\.00× slower: the plan comes from concurrent's measured spans, which include per-task costs besides the wait \([^)]*\); --warmup 1 and --runs 5 narrow it\.$/,
    ],
    [{ kind: 'efficiency', variant: 'v', baseline: 'b', efficiency: 1.05, cause: 'noise', baselineOver: 0.05, variantOver: 0 }, /within the measured spread.*--runs 5/],
    [{ kind: 'efficiency', variant: 'v', baseline: 'b', efficiency: 1.05, cause: 'single-run', baselineOver: 0.05, variantOver: 0 }, /one run cannot tell.*--runs 5/],
    [{ kind: 'efficiency', variant: 'v', baseline: 'b', efficiency: 1.05, cause: 'overhead', baselineOver: 0.05, variantOver: 0 }, /pays per-task costs its plan does not count/],
  ])('%o', (caveat, expected) => {
    const lines = caveatLines([caveat], plain);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
  });
});

describe('failureStory', () => {
  const result = (name: string, ms: number, spans: VariantResult['spans'], error?: VariantResult['error']): VariantResult => ({
    name,
    summary: '',
    plannedMs: 0,
    ms: summarize([ms]),
    spans,
    narration: [],
    ...(error === undefined ? {} : { error }),
  });

  it.each<[string, VariantResult, string]>([
    ['a loop that stopped at the failure', result('sequential', 1500, [span('Alice', 0, 1000, 0), span('Bob', 1000, 1500, 0, 'error')]), 'sequential stopped at Bob after 1.500 s'],
    [
      'a fail-fast gather whose siblings ran on',
      result('gather', 500, [span('Alice', 0, 1000, 0), span('Bob', 0, 500, 1, 'error'), span('Charlie', 0, 1000, 2)]),
      'gather stopped at 500.0 ms when Bob failed, while Alice and Charlie ran on to 1.000 s',
    ],
    [
      'a group that cancelled its siblings',
      result('taskgroup', 500, [span('A', 0, 500, 0, 'cancelled'), span('B', 0, 500, 1, 'error'), span('C', 0, 500, 2, 'cancelled')]),
      'taskgroup stopped at B after 500.0 ms; A and C cancelled',
    ],
    [
      'a settled run that went on past the failure',
      result('sequential', 2500, [span('Alice', 0, 1000, 0), span('Bob', 1000, 1500, 0, 'error'), span('Charlie', 1500, 2500, 0)]),
      'sequential finished at 2.500 s with 1 of 3 tasks failed (Bob)',
    ],
    [
      'every request failed',
      result('concurrent', 12, [span('GET /x', 0, 2, 0, 'error'), span('GET /x', 0, 3, 1, 'error')]),
      'concurrent: every task failed (2 tasks); it finished at 12.0 ms',
    ],
    ['a body that threw', result('limited', 30, [span('a', 0, 10, 0)], { name: 'TypeError', message: 'boom' }), 'limited failed after 30.0 ms (TypeError: boom)'],
    ['nothing failed', result('gather', 1000, [span('A', 0, 1000, 0)]), 'gather finished every task ok at 1.000 s'],
  ])('%s', (_, r, expected) => {
    expect(failureStory(r)).toBe(expected);
  });
});

describe('gateRefusal', () => {
  const verdict = (reason: HeadlineVerdict['reason']): HeadlineVerdict => ({
    variant: 'b',
    baseline: 'a',
    kind: 'speedup',
    measures: 'x',
    valid: false,
    ...(reason === undefined ? {} : { reason }),
    idealFrom: 'plan',
  });
  it.each([
    // Also true of gather --fail Bob --settle, where neither run gave up early.
    ['failed', 'had failures (a speedup counts only work that all succeeded)'],
    ['different-work', 'did different work'],
    ['first-answer', 'first answer'],
    ['reliability', 'successes'],
  ] as const)('%s: says the headline is not a speedup, and why', (reason, why) => {
    const text = gateRefusal(verdict(reason));
    expect(text).toMatch(/^the headline is not a speedup: b vs a /);
    expect(text).toContain(why);
    expect(text).not.toContain('\n');
  });
});
