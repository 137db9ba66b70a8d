import type { Measurement, Outcome, Span, VariantResult } from '../../../src/core/measure.js';
import { summarize } from '../../../src/core/stats.js';
import { createStyle, type Style } from '../../../src/cli/style.js';

/** No colour, Unicode glyphs: what a piped UTF-8 terminal gets. */
export const plain: Style = createStyle({ isTTY: false, env: {} });
/** No colour, ASCII glyphs: TERM=dumb. */
export const ascii: Style = createStyle({ isTTY: false, env: { TERM: 'dumb' } });
/** Basic colour, forced. */
export const colour: Style = createStyle({ isTTY: false, env: { FORCE_COLOR: '1' } });

export const names = ['Alice', 'Bob', 'Charlie'];

export function span(task: string, start: number, end: number, lane: number, outcome: Outcome = 'ok'): Span {
  return { task, start, end, lane, outcome };
}

/** The seed's greet scenario: three 1 s greetings, one after another and then all at once. */
export function greet(runs: 1 | 3 = 1): Measurement {
  const seqSamples = runs === 1 ? [3004] : [3001, 3004, 3008];
  const gatherSamples = runs === 1 ? [1002] : [1001, 1002, 1004];
  const sequential: VariantResult = {
    name: 'sequential',
    summary: 'one after another',
    plannedMs: 3000,
    ms: summarize(seqSamples),
    spans: names.map((n, i) => span(n, i * 1000, (i + 1) * 1000, 0)),
    narration: names.flatMap((n, i) => [
      { at: i * 1000, text: `Starting to greet ${n}` },
      { at: (i + 1) * 1000 + 1, text: `Done greeting ${n}` },
    ]),
  };
  const gather: VariantResult = {
    name: 'gather',
    summary: 'all at once',
    plannedMs: 1000,
    ms: summarize(gatherSamples),
    spans: names.map((n, i) => span(n, 0, 1000, i)),
    narration: [
      ...names.map((n) => ({ at: 0, text: `Starting to greet ${n}` })),
      ...names.map((n) => ({ at: 1002, text: `Done greeting ${n}` })),
    ],
  };
  const value = 3004 / 1002;
  return {
    baseline: 'sequential',
    variants: [sequential, gather],
    speedups: [
      { variant: 'gather', baseline: 'sequential', value, stddev: runs === 1 ? 0 : 0.0049, ideal: 3, efficiency: value / 3, valid: true },
    ],
    interrupted: false,
  };
}
