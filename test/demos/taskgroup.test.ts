import { describe, expect, it } from 'vitest';
import { measure, type VariantResult } from '../../src/core/measure.js';
import { taskgroupDemo } from '../../src/demos/taskgroup.js';
import { UsageError } from '../../src/demos/types.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { bareContext } from './shared/context.js';
import { params } from './shared/params.js';

async function run(over: Parameters<typeof params>[1] = {}) {
  const plan = await taskgroupDemo.plan(params(taskgroupDemo, over));
  const clock = new FakeClock();
  const m = await clock.run(measure({ variants: plan.variants, clock }));
  expect(clock.pendingTimers).toBe(0);
  return { plan, m, byName: (name: string) => m.variants.find((v) => v.name === name)! };
}

const spans = (v: VariantResult) => v.spans.map((s) => [s.task, s.start, s.end, s.outcome]);

describe('taskgroup demo', () => {
  it('processes A (2 s), B (1 s) and C (3 s) in 6 s in turn and 3 s in a task group', async () => {
    const { plan, m, byName } = await run();
    expect(plan.headline).toBe('taskgroup');
    expect(plan.variants.map((v) => [v.name, v.plannedMs])).toEqual([
      ['sequential', 6000],
      ['taskgroup', 3000],
    ]);
    expect(plan.params).toMatchObject({ count: 3, unitMs: 1000, fail: null });
    expect(m.variants.map((v) => v.ms?.median)).toEqual([6000, 3000]);
    expect(m.speedups[0]).toMatchObject({ variant: 'taskgroup', value: 2, ideal: 2, efficiency: 1 });
    expect(spans(byName('sequential'))).toEqual([
      ['A', 0, 2000, 'ok'],
      ['B', 2000, 3000, 'ok'],
      ['C', 3000, 6000, 'ok'],
    ]);
    expect(spans(byName('taskgroup'))).toEqual([
      ['A', 0, 2000, 'ok'],
      ['B', 0, 1000, 'ok'],
      ['C', 0, 3000, 'ok'],
    ]);
    for (const v of m.variants) {
      expect(v.narration).toEqual([{ at: v.ms!.median, text: 'Processed: A Processed: B Processed: C' }]);
    }
  });

  it('with --fail B, the group cancels A and C at 1 s and rejects with an AggregateError of B alone', async () => {
    const { plan, m, byName } = await run({ options: { fail: 'B' } });
    expect(taskgroupDemo.variantNames).toEqual(['sequential', 'taskgroup', 'gather']);
    expect(plan.variants.map((v) => [v.name, v.plannedMs])).toEqual([
      ['sequential', 3000],
      ['taskgroup', 1000],
      ['gather', 1000],
    ]);
    expect(m.variants.map((v) => [v.ms?.median, v.error])).toEqual([
      [3000, undefined],
      [1000, undefined],
      [1000, undefined],
    ]);
    expect(m.speedups.map((s) => [s.variant, s.value, s.efficiency])).toEqual([
      ['taskgroup', 3, 1],
      ['gather', 3, 1],
    ]);

    const group = byName('taskgroup');
    expect(spans(group)).toEqual([
      ['A', 0, 1000, 'cancelled'],
      ['B', 0, 1000, 'error'],
      ['C', 0, 1000, 'cancelled'],
    ]);
    expect(group.spans[0]!.error).toMatch(/B failed/);
    expect(group.details).toEqual({
      caught: {
        name: 'AggregateError',
        message: expect.stringContaining('B failed') as string,
        errors: [{ name: 'InjectedFailure', message: 'B failed' }],
      },
    });
    expect(group.narration).toEqual([
      { at: 1000, text: 'TaskGroup failed with AggregateError [B failed]; A and C were cancelled' },
    ]);

    const gathered = byName('gather');
    expect(spans(gathered)).toEqual([
      ['A', 0, 2000, 'ok'],
      ['B', 0, 1000, 'error'],
      ['C', 0, 3000, 'ok'],
    ]);
    expect(gathered.details).toEqual({ caught: { name: 'InjectedFailure', message: 'B failed' } });
    expect(gathered.narration).toEqual([
      { at: 1000, text: 'gather rejected at +1.00s: B failed; A and C keep running' },
      { at: 2000, text: 'Processed: A (after gather gave up)' },
      { at: 3000, text: 'Processed: C (after gather gave up)' },
    ]);

    const sequential = byName('sequential');
    expect(spans(sequential)).toEqual([
      ['A', 0, 2000, 'ok'],
      ['B', 2000, 3000, 'error'],
    ]);
    expect(sequential.narration).toEqual([{ at: 3000, text: 'B failed: the loop stops; C never started' }]);
  });

  it('with --fail C, A and B had finished: nothing is left to cancel', async () => {
    const { byName } = await run({ options: { fail: 'C' }, scale: 0.5 });
    const group = byName('taskgroup');
    expect(group.ms!.median).toBe(1500);
    expect(spans(group)).toEqual([
      ['A', 0, 1000, 'ok'],
      ['B', 0, 500, 'ok'],
      ['C', 0, 1500, 'error'],
    ]);
    expect(group.narration.at(-1)!.text).toBe('TaskGroup failed with AggregateError [C failed]; A and B had finished');
  });

  it('with --fail A, B has finished and C is cancelled at 2 units', async () => {
    const { byName } = await run({ options: { fail: 'A' }, delayMs: 100 });
    const group = byName('taskgroup');
    expect(spans(group)).toEqual([
      ['A', 0, 200, 'error'],
      ['B', 0, 100, 'ok'],
      ['C', 0, 200, 'cancelled'],
    ]);
    expect(group.narration.at(-1)!.text).toBe('TaskGroup failed with AggregateError [A failed]; C was cancelled; B had finished');
  });

  it('with the narration off (more than 20 items), gather still waits for its first failure', async () => {
    // 21 items, B fails at 1 unit: gather rejects then (it returned at once before).
    const { byName } = await run({ count: 21, options: { fail: 'B' }, delayMs: 100 });
    const gathered = byName('gather');
    expect(gathered.ms!.median).toBe(100);
    expect(gathered.narration.map((l) => l.text)).toEqual([
      '(narration off for 21 items)',
      'gather rejected at +0.10s: B failed; the other 20 items keep running',
    ]);
  });

  it('cycles the 2, 1, 3 unit delays over more items, named by letter', async () => {
    const plan = await taskgroupDemo.plan(params(taskgroupDemo, { count: 5 }));
    expect(plan.params).toMatchObject({
      items: [
        { name: 'A', ms: 2000 },
        { name: 'B', ms: 1000 },
        { name: 'C', ms: 3000 },
        { name: 'D', ms: 2000 },
        { name: 'E', ms: 1000 },
      ],
    });
    expect(plan.variants.map((v) => v.plannedMs)).toEqual([9000, 3000]);
  });

  it('lets an interruption through from every variant, never narrating it as the injected failure', async () => {
    const plan = await taskgroupDemo.plan(params(taskgroupDemo, { options: { fail: 'C' } }));
    for (const variant of plan.variants) {
      const clock = new FakeClock();
      const controller = new AbortController();
      const ctx = bareContext(clock, controller.signal);
      const done = variant.run(ctx);
      await clock.advance(500);
      controller.abort(new Error('SIGINT'));
      await expect(clock.run(done)).rejects.toThrow('SIGINT');
      expect(ctx.lines).toEqual([]);
      expect(clock.pendingTimers).toBe(0);
    }
  });

  it('names, before planning, the variants its plan will have: gather only with --fail', async () => {
    for (const options of [{}, { fail: 'B' }]) {
      const p = params(taskgroupDemo, { options });
      const plan = await taskgroupDemo.plan(p);
      expect(taskgroupDemo.variantsFor!.names(p), JSON.stringify(options)).toEqual(plan.variants.map((v) => v.name));
    }
    expect(taskgroupDemo.variantsFor!.names(params(taskgroupDemo))).toEqual(['sequential', 'taskgroup']);
  });

  it('refuses a --fail item that does not exist', () => {
    expect(() => taskgroupDemo.plan(params(taskgroupDemo, { options: { fail: 'D' } }))).toThrow(
      new UsageError("option '--fail <item>' argument 'D' is invalid. Allowed: A, B, C."),
    );
  });
});
