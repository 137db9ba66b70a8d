import { describe, expect, it } from 'vitest';
import { measure } from '../../src/core/measure.js';
import { gatherDemo } from '../../src/demos/gather.js';
import { UsageError } from '../../src/demos/types.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { expectInterruptionToPropagate } from './shared/context.js';
import { params } from './shared/params.js';

async function run(over: Parameters<typeof params>[1] = {}, only?: string) {
  const plan = await gatherDemo.plan(params(gatherDemo, over));
  const clock = new FakeClock();
  const variants = only === undefined ? plan.variants : plan.variants.filter((v) => v.name === only);
  const m = await clock.run(measure({ variants, clock }));
  expect(clock.pendingTimers).toBe(0);
  return { plan, m, clock };
}

const lines = (narration: { at: number; text: string }[]) => narration.map((l) => `${l.at} ${l.text}`);

describe('gather demo', () => {
  it('gathers three greetings in 1 s against 3 s in turn, results in input order', async () => {
    const { plan, m } = await run();
    expect(plan.headline).toBe('gather');
    expect(plan.params).toEqual({ count: 3, delayMs: 1000, names: ['Alice', 'Bob', 'Charlie'], fail: null, settle: false });
    expect(plan.variants.map((v) => [v.name, v.plannedMs])).toEqual([
      ['sequential', 3000],
      ['gather', 1000],
    ]);
    expect(m.variants.map((v) => v.ms?.median)).toEqual([3000, 1000]);
    expect(m.speedups[0]).toMatchObject({ variant: 'gather', value: 3, ideal: 3, efficiency: 1 });
    expect(lines(m.variants[1]!.narration).slice(3)).toEqual([
      '1000 Done greeting Alice',
      '1000 Done greeting Bob',
      '1000 Done greeting Charlie',
      '1000 Hello, Alice!',
      '1000 Hello, Bob!',
      '1000 Hello, Charlie!',
    ]);
  });

  it('with --fail Bob, gather rejects at 0.5 s while Alice and Charlie run on to 1 s', async () => {
    const { plan, m } = await run({ options: { fail: 'Bob' } });
    expect(plan.params).toMatchObject({ fail: 'Bob', settle: false });
    expect(plan.variants.map((v) => v.plannedMs)).toEqual([1500, 500]);
    const [sequential, concurrent] = m.variants;
    expect(m.variants.map((v) => [v.ms?.median, v.error])).toEqual([
      [1500, undefined],
      [500, undefined],
    ]);
    expect(m.speedups[0]).toMatchObject({ value: 3, ideal: 3, efficiency: 1 });
    expect(concurrent!.spans.map((s) => [s.task, s.start, s.end, s.outcome, s.error])).toEqual([
      ['Alice', 0, 1000, 'ok', undefined],
      ['Bob', 0, 500, 'error', 'Bob failed'],
      ['Charlie', 0, 1000, 'ok', undefined],
    ]);
    expect(lines(concurrent!.narration).slice(3)).toEqual([
      '500 gather rejected at +0.50s: Bob failed; Alice and Charlie keep running',
      '1000 Done greeting Alice',
      '1000 Done greeting Charlie',
    ]);
    expect(sequential!.spans.map((s) => [s.task, s.end, s.outcome])).toEqual([
      ['Alice', 1000, 'ok'],
      ['Bob', 1500, 'error'],
    ]);
    expect(sequential!.narration.at(-1)).toEqual({ at: 1500, text: 'Bob failed: the loop stops; Charlie never started' });
  });

  it('with --settle, every outcome comes back in order, the failure in its place', async () => {
    const { plan, m } = await run({ options: { fail: 'Bob', settle: true } });
    // Settling waits out the failure: the timing does not stop at it.
    expect(plan.means).toEqual({ kind: 'speedup', measures: 'how long until every greeting has settled, failed or not' });
    expect(plan.variants.map((v) => v.plannedMs)).toEqual([2500, 1000]);
    expect(m.variants.map((v) => v.ms?.median)).toEqual([2500, 1000]);
    expect(m.speedups[0]).toMatchObject({ value: 2.5, ideal: 2.5, efficiency: 1 });
    for (const v of m.variants) {
      expect(v.narration.slice(-4).map((l) => l.text)).toEqual([
        'Hello, Alice!',
        'rejected: Bob failed',
        'Hello, Charlie!',
        `${v.name === 'gather' ? 'gather settled' : 'every outcome collected'}: 2 fulfilled, 1 rejected`,
      ]);
    }
  });

  it('says which one fails last and who keeps running, in singular', async () => {
    const { m } = await run({ count: 2, options: { fail: 'Alice' } });
    expect(m.variants[1]!.narration.find((l) => l.text.startsWith('gather rejected'))!.text).toBe(
      'gather rejected at +0.50s: Alice failed; Bob keeps running',
    );
    expect(m.variants[0]!.narration.at(-1)!.text).toBe('Alice failed: the loop stops; Bob never started');
    const last = await run({ options: { fail: 'Charlie' } });
    expect(last.m.variants[0]!.narration.at(-1)!.text).toBe('Charlie failed: the loop stops');
  });

  it('refuses a --fail name that is not one of the tasks, listing the valid ones', () => {
    expect(() => gatherDemo.plan(params(gatherDemo, { options: { fail: 'Zed' } }))).toThrow(
      new UsageError("option '--fail <name>' argument 'Zed' is invalid. Allowed: Alice, Bob, Charlie."),
    );
    expect(() => gatherDemo.plan(params(gatherDemo, { count: 2, options: { fail: 'Charlie' } }))).toThrow(UsageError);
  });

  it('lets an interruption through as a failure rather than narrating it away', async () => {
    const plan = await gatherDemo.plan(params(gatherDemo, { options: { fail: 'Bob' } }));
    const clock = new FakeClock();
    const controller = new AbortController();
    const running = measure({ variants: plan.variants.slice(1), clock, signal: controller.signal });
    await clock.advance(200);
    controller.abort(new Error('SIGINT'));
    const m = await clock.run(running);
    expect(m.interrupted).toBe(true);
    await expectInterruptionToPropagate(plan.variants.at(-1)!, 200);
    expect(m.variants[0]!.spans.map((s) => [s.end, s.outcome])).toEqual([
      [200, 'cancelled'],
      [200, 'cancelled'],
      [200, 'cancelled'],
    ]);
    expect(m.variants[0]!.narration.some((l) => l.text.includes('gather rejected'))).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  // 20 000 rather than 100 000: FakeClock fires timers with Array#shift, which is
  // linear per call on arrays that large, so the fake clock itself would dominate.
  it('runs 20 000 greetings at once in one delay, silently, with one span each', async () => {
    const { m } = await run({ count: 20_000, options: { fail: 'task 10000' } }, 'gather');
    const v = m.variants[0]!;
    expect(v.ms!.median).toBe(500);
    expect(v.spans).toHaveLength(20_000);
    expect(v.spans[19_999]).toMatchObject({ task: 'task 20000', end: 1000, outcome: 'ok' });
    expect(v.narration.map((l) => l.text)).toEqual([
      '(narration off for 20000 tasks)',
      'gather rejected at +0.50s: task 10000 failed; the other 19999 tasks keep running',
    ]);
  });
});
