import { describe, expect, it } from 'vitest';
import { measure } from '../../src/core/measure.js';
import { defaultSweep, limitDemo, type SweepDetail } from '../../src/demos/limit.js';
import { UsageError } from '../../src/demos/types.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { params } from './shared/params.js';

async function run(over: Parameters<typeof params>[1] = {}, runs = 1) {
  const plan = await limitDemo.plan(params(limitDemo, over));
  const clock = new FakeClock();
  const m = await clock.run(measure({ variants: plan.variants, clock, headline: plan.headline, runs }));
  expect(clock.pendingTimers).toBe(0);
  return { plan, m };
}

describe('limit demo', () => {
  it('sweeps c = 1, 2, 4, 8, 16, 20 over 20 × 200 ms: ⌈n/c⌉ waves each, measured exactly', async () => {
    const { plan, m } = await run();
    expect(limitDemo.variantNames).toEqual(['c=1', 'c=2', 'c=4', 'c=8', 'c=16', 'c=20']);
    expect(plan.params).toEqual({ count: 20, taskMs: 200, concurrency: [1, 2, 4, 8, 16, 20] });
    expect(plan.headline).toBe('c=20');
    const expected = [
      ['c=1', 4000],
      ['c=2', 2000],
      ['c=4', 1000],
      ['c=8', 600],
      ['c=16', 400],
      ['c=20', 200],
    ];
    expect(plan.variants.map((v) => [v.name, v.plannedMs])).toEqual(expected);
    expect(m.variants.map((v) => [v.name, v.ms?.median])).toEqual(expected);
    expect(m.speedups.map((s) => [s.variant, s.value, s.ideal, s.efficiency])).toEqual([
      ['c=20', 20, 20, 1],
      ['c=2', 2, 2, 1],
      ['c=4', 4, 4, 1],
      ['c=8', 20 / 3, 20 / 3, 1],
      ['c=16', 10, 10, 1],
    ]);
  });

  it('never runs more than c tasks at once: each task waits for a slot, and c slots give c lanes', async () => {
    const { m } = await run({ count: 5 }, 1);
    const c2 = m.variants.find((v) => v.name === 'c=2')!;
    // Queued at 0, running from when a slot was free: the wait is recorded, not drawn as work.
    expect(c2.spans.map((s) => [s.task, s.start, s.running, s.end, s.lane])).toEqual([
      ['task 1', 0, 0, 200, 0],
      ['task 2', 0, 0, 200, 1],
      ['task 3', 0, 200, 400, 0],
      ['task 4', 0, 200, 400, 1],
      ['task 5', 0, 400, 600, 0],
    ]);
    for (const v of m.variants) {
      const c = Number(v.name.slice(2));
      expect(new Set(v.spans.map((s) => s.lane)).size, v.name).toBe(c);
    }
  });

  it('gives the last variant of the sweep every point, with its ideal, for the chart', async () => {
    const { m } = await run({ scale: 0.1 });
    const last = m.variants.at(-1)!.details!.sweep as SweepDetail;
    expect(last).toEqual({
      n: 20,
      taskMs: 20,
      concurrency: 20,
      sweep: [1, 2, 4, 8, 16, 20],
      points: [
        { concurrency: 1, ms: 400, idealMs: 400 },
        { concurrency: 2, ms: 200, idealMs: 200 },
        { concurrency: 4, ms: 100, idealMs: 100 },
        { concurrency: 8, ms: 60, idealMs: 60 },
        { concurrency: 16, ms: 40, idealMs: 40 },
        { concurrency: 20, ms: 20, idealMs: 20 },
      ],
    });
    const first = m.variants[0]!.details!.sweep as SweepDetail;
    expect(first.points.map((p) => p.concurrency)).toEqual([1]);
  });

  it('takes its points from --concurrency, and refuses ones outside 1 … n', async () => {
    const { plan } = await run({ count: 12, options: { concurrency: ['5', '1', '12', '5'] } });
    expect(plan.variants.map((v) => [v.name, v.plannedMs])).toEqual([
      ['c=1', 2400],
      ['c=5', 600],
      ['c=12', 200],
    ]);
    for (const bad of ['0', '13', '1.5', 'two']) {
      expect(() => limitDemo.plan(params(limitDemo, { count: 12, options: { concurrency: [bad] } }))).toThrow(UsageError);
    }
  });

  it('names, before planning, the variants its plan will have: one c=<n> per point of this run\'s sweep', async () => {
    // What --variants is checked against, with no plan run: --concurrency and --count change it.
    for (const over of [{}, { count: 12 }, { count: 6, options: { concurrency: ['6', '3'] } }, { count: 1 }]) {
      const p = params(limitDemo, over);
      const plan = await limitDemo.plan(p);
      expect(limitDemo.variantsFor!.names(p), JSON.stringify(over)).toEqual(plan.variants.map((v) => v.name));
    }
    expect(limitDemo.variantsFor!.names(params(limitDemo, { count: 6, options: { concurrency: ['6', '3'] } }))).toEqual(['c=3', 'c=6']);
    expect(limitDemo.variantsFor!.names(params(limitDemo, { count: 12 }))).toEqual(['c=1', 'c=2', 'c=4', 'c=8', 'c=12']);
  });

  it('builds the default sweep for any count', () => {
    expect(defaultSweep(1)).toEqual([1]);
    expect(defaultSweep(2)).toEqual([1, 2]);
    expect(defaultSweep(8)).toEqual([1, 2, 4, 8]);
    expect(defaultSweep(100)).toEqual([1, 2, 4, 8, 16, 32, 64, 100]);
  });

  it('on an interruption, starts none of the tasks still queued', async () => {
    const plan = await limitDemo.plan(params(limitDemo, { count: 6 }));
    const clock = new FakeClock();
    const controller = new AbortController();
    const running = measure({ variants: plan.variants.slice(0, 1), clock, signal: controller.signal });
    await clock.advance(300);
    controller.abort(new Error('SIGINT'));
    const m = await clock.run(running);
    await clock.runAll();
    expect(m.interrupted).toBe(true);
    // The queued ones are cancelled where they waited: they never ran (running = end).
    expect(m.variants[0]!.spans.map((s) => [s.task, s.running, s.end, s.outcome])).toEqual([
      ['task 1', 0, 200, 'ok'],
      ['task 2', 200, 300, 'cancelled'],
      ['task 3', 300, 300, 'cancelled'],
      ['task 4', 300, 300, 'cancelled'],
      ['task 5', 300, 300, 'cancelled'],
      ['task 6', 300, 300, 'cancelled'],
    ]);
    expect(clock.pendingTimers).toBe(0);
  });
});
