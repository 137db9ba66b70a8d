/**
 * A headline whose plan is a slowdown: `--variants` may leave as the baseline a variant
 * planned faster than the one compared with it (fetch-all --variants concurrent,limited:
 * the baseline is the first selected in the demo's order, whatever order --variants names
 * them in). The report says the plan the way it says the run ("planned 2.00× slower", not
 * "ideal 0.50×" beside "slower"), claims no efficiency (there is no speedup to reach), and
 * an efficiency above 100% is said as what it is, "less slow than planned", never "beat
 * its ideal". The JSON keeps its ratios (value, ideal, efficiency) as they are.
 */
import { describe, expect, it } from 'vitest';
import { run, type CliIO } from '../../src/cli/program.js';
import type { JsonReport } from '../../src/cli/report-json.js';
import type { RunContext } from '../../src/core/measure.js';
import { sleep } from '../../src/core/sleep.js';
import { gatherDemo } from '../../src/demos/gather.js';
import type { Demo } from '../../src/demos/types.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { sink } from '../helpers/sink.js';

const nap = (ctx: RunContext, ms: number) => sleep(ms, { signal: ctx.signal, clock: ctx.clock });

/**
 * fetch-all's three variants in miniature, on the fake clock: 4 tasks of 100 ms in turn,
 * all at once, and 2 at a time (2 waves). `concurrent` pays 45 ms of one-off set-up its
 * plan does not count, as a first run's connections would.
 */
const wavesDemo: Demo = {
  name: 'waves',
  title: 'waves',
  description: 'Four naps in turn, at once, or two at a time.',
  examples: [],
  variantNames: ['sequential', 'concurrent', 'limited'],
  delay: { defaultMs: 100, help: 'each nap' },
  count: { default: 4, max: 4, help: 'naps' },
  plan(params) {
    const d = params.delayMs * params.scale;
    const all = (ctx: RunContext, names: string[]) => Promise.all(names.map((n) => ctx.task(n, () => nap(ctx, d))));
    return {
      headline: 'concurrent',
      params: {},
      variants: [
        {
          name: 'sequential',
          summary: 'in turn',
          plannedMs: 4 * d,
          run: async (ctx) => {
            for (const n of ['a', 'b', 'c', 'd']) await ctx.task(n, () => nap(ctx, d));
          },
        },
        {
          name: 'concurrent',
          summary: 'at once',
          plannedMs: d,
          run: async (ctx) => {
            await nap(ctx, 0.45 * d);
            await all(ctx, ['a', 'b', 'c', 'd']);
          },
        },
        {
          name: 'limited',
          summary: 'two at a time',
          plannedMs: 2 * d,
          run: async (ctx) => {
            await all(ctx, ['a', 'b']);
            await all(ctx, ['c', 'd']);
          },
        },
      ],
    };
  },
};

async function invoke(argv: string[]) {
  const clock = new FakeClock();
  const stdout = sink();
  const stderr = sink();
  const io: CliIO = { stdout, stderr, env: {}, clock, signal: new AbortController().signal, demos: [wavesDemo, gatherDemo] };
  const code = await clock.run(run([...argv, '--no-color', '--no-timeline'], io));
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const summaryOf = (out: string): string => out.slice(out.indexOf('Summary'));

describe('a headline planned as a slowdown (the baseline is the faster plan)', () => {
  it.each([['concurrent,limited'], ['limited,concurrent']])(
    '--variants %s: the baseline is concurrent, and the plan is said as "planned 2.00× slower", with no efficiency',
    async (variants) => {
      const r = await invoke(['waves', '--variants', variants]);
      expect(r.code).toBe(0);
      const summary = summaryOf(r.stdout);
      // 145 ms against 200 ms: 1.38× slower, where the plan says 2.
      expect(summary).toContain('  limited ran 1.38× slower than concurrent (planned 2.00× slower)\n');
      expect(summary).not.toMatch(/ideal 0\.50|efficiency|beat its ideal/);
      // Less slow than planned, because the baseline ran 45% over its plan: said so, with the
      // cause (a warning wraps at the terminal's width: compared with its words joined).
      expect(summary.replace(/\s+/g, ' ')).toContain(
        'Warning: limited ran only 1.38× slower than concurrent, where the plan has it 2.00× slower: ' +
          'concurrent ran 45.0% over its planned time, limited 0.0%: concurrent ran first and paid one-off costs',
      );
    },
  );

  it('--json keeps the ratios as they were (value, ideal 0.5, efficiency = value / ideal), and the caveat carries the ideal', async () => {
    const r = await invoke(['waves', '--variants', 'concurrent,limited', '--json']);
    const doc = JSON.parse(r.stdout) as JsonReport;
    const s = doc.speedups[0]!;
    expect([s.variant, s.baseline, s.ideal]).toEqual(['limited', 'concurrent', 0.5]);
    expect(s.value).toBeCloseTo(145 / 200, 9);
    expect(s.efficiency).toBeCloseTo(145 / 200 / 0.5, 9);
    expect(doc.caveats.find((k) => k.kind === 'efficiency')).toMatchObject({ kind: 'efficiency', variant: 'limited', cause: 'first-run', ideal: 0.5 });
  });

  it('--min-speedup 1.2 exits 3 and says the plan has limited slower, not "an ideal 0.50× to beat"', async () => {
    const r = await invoke(['waves', '--variants', 'concurrent,limited', '--min-speedup', '1.2', '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'asyncdemo: waves: headline speedup 0.72× (limited vs concurrent) is below --min-speedup 1.2: ' +
        'the plan has limited 2.00× slower than concurrent, so no speedup is expected.\n',
    );
  });

  it('the default run still headlines a speedup, with its ideal and efficiency', async () => {
    const summary = summaryOf((await invoke(['waves'])).stdout);
    expect(summary).toContain('  concurrent ran 2.76× faster than sequential (ideal 4.00×, efficiency 69.0%)');
    expect(summary).toContain('  limited ran 2.00× faster than sequential (ideal 2.00×, efficiency 100.0%)');
  });

  it('gather --variants gather,sequential: the order named does not make gather the baseline', async () => {
    const summary = summaryOf((await invoke(['gather', '--variants', 'gather,sequential'])).stdout);
    expect(summary).toContain('  gather ran 3.00× faster than sequential (ideal 3.00×, efficiency 100.0%)');
  });
});
