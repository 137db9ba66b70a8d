import { describe, expect, it } from 'vitest';
import { measure } from '../../src/core/measure.js';
import { asCompletedDemo, handledBy } from '../../src/demos/as-completed.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { params } from './shared/params.js';

async function run(over: Parameters<typeof params>[1] = {}) {
  const plan = await asCompletedDemo.plan(params(asCompletedDemo, over));
  const clock = new FakeClock();
  const m = await clock.run(measure({ variants: plan.variants, clock, headline: plan.headline }));
  expect(clock.pendingTimers).toBe(0);
  return { plan, m };
}

describe('as-completed demo', () => {
  it('jobs of 3, 1, 2 s handled 0.5 s each: gather 4.5 s, as-completed 3.5 s, exactly as planned', async () => {
    const { plan, m } = await run();
    expect(plan.params).toEqual({ count: 3, unitMs: 1000, handleMs: 500, jobsMs: { Alice: 3000, Bob: 1000, Charlie: 2000 } });
    expect(plan.variants.map((v) => [v.name, v.plannedMs])).toEqual([
      ['gather', 4500],
      ['as-completed', 3500],
    ]);
    expect(m.variants.map((v) => v.ms?.median)).toEqual([4500, 3500]);
    expect(m.speedups[0]).toMatchObject({ variant: 'as-completed', baseline: 'gather', ideal: 4500 / 3500, efficiency: 1 });
  });

  it('gather hands the results over at 3 s in input order; as-completed at 1, 2, 3 s as they finish', async () => {
    const { m } = await run();
    const [gathered, completed] = m.variants;
    expect(gathered!.details).toEqual({
      completion: { firstMs: 3000, lastMs: 3000, order: ['Alice', 'Bob', 'Charlie'], count: 3, handleMs: 500 },
    });
    expect(completed!.details).toEqual({
      completion: { firstMs: 1000, lastMs: 3000, order: ['Bob', 'Charlie', 'Alice'], count: 3, handleMs: 500 },
    });
    expect(completed!.spans.filter((s) => s.task.startsWith('handle')).map((s) => [s.task, s.start, s.end])).toEqual([
      ['handle Bob', 1000, 1500],
      ['handle Charlie', 2000, 2500],
      ['handle Alice', 3000, 3500],
    ]);
    expect(gathered!.narration.map((l) => `${l.at} ${l.text}`)).toEqual([
      '3000 gather returned at +3.00s with all 3 results, in input order',
      '3000 handling Alice (a 3 s job) at +3.00s',
      '3500 handling Bob (a 1 s job) at +3.50s',
      '4000 handling Charlie (a 2 s job) at +4.00s',
    ]);
  });

  it('with --handle 0 both take the slowest job; only the time to the first result differs', async () => {
    const { m } = await run({ options: { handle: 0 } });
    expect(m.variants.map((v) => v.ms?.median)).toEqual([3000, 3000]);
    expect(m.variants.map((v) => (v.details!.completion as { firstMs: number }).firstMs)).toEqual([3000, 1000]);
  });

  it('scales the unit and the default handling time together', async () => {
    const { plan, m } = await run({ scale: 0.1 });
    expect(plan.params).toMatchObject({ unitMs: 100, handleMs: 50 });
    expect(m.variants.map((v) => v.ms?.median)).toEqual([450, 350]);
  });

  it('plans handling that queues up behind a burst of results', () => {
    expect(handledBy([1000, 1000, 1000], 500)).toBe(2500);
    expect(handledBy([3000, 1000, 2000], 1500)).toBe(5500);
    expect(handledBy([], 500)).toBe(0);
  });

  it('keeps only the first 20 names in the order, and stays silent, for many jobs', async () => {
    const { m } = await run({ count: 30, scale: 0.01 });
    const detail = m.variants[1]!.details!.completion as { order: string[]; count: number };
    expect(detail.count).toBe(30);
    expect(detail.order).toHaveLength(20);
    expect(detail.order.slice(0, 3)).toEqual(['Bob', 'Charlie', 'Dave']); // 1, 2, 3 units; Alice takes 30
    expect(m.variants[1]!.narration.map((l) => l.text)).toEqual(['(narration off for 30 jobs)']);
  });
});
