import { describe, expect, it } from 'vitest';
import { measure, type VariantResult } from '../../src/core/measure.js';
import { countdownDemo } from '../../src/demos/countdown.js';
import { UsageError } from '../../src/demos/types.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { expectInterruptionToPropagate } from './shared/context.js';
import { params } from './shared/params.js';

async function run(over: Parameters<typeof params>[1] = {}) {
  const plan = await countdownDemo.plan(params(countdownDemo, over));
  const clock = new FakeClock();
  const m = await clock.run(measure({ variants: plan.variants, clock }));
  expect(clock.pendingTimers).toBe(0);
  return { plan, m };
}

const lines = (v: VariantResult) => v.narration.map((l) => `${l.at} ${l.text}`);
const spans = (v: VariantResult) => v.spans.map((s) => [s.task, s.start, s.end, s.outcome]);

describe('countdown demo', () => {
  it('counts 5 to 1 every 0.5 s: two countdowns take 5 s in turn and 2.5 s merged', async () => {
    const { plan, m } = await run();
    expect(plan.headline).toBe('merged');
    expect(plan.params).toEqual({ start: 5, stepMs: 500, stopAt: null });
    expect(plan.variants.map((v) => [v.name, v.plannedMs])).toEqual([
      ['sequential', 5000],
      ['merged', 2500],
    ]);
    expect(m.variants.map((v) => v.ms?.median)).toEqual([5000, 2500]);
    expect(m.speedups[0]).toMatchObject({ variant: 'merged', value: 2, ideal: 2, efficiency: 1 });
    const [sequential, merged] = m.variants;
    expect(spans(sequential!)).toEqual([
      ['countdown A', 0, 2500, 'ok'],
      ['countdown B', 2500, 5000, 'ok'],
    ]);
    expect(spans(merged!)).toEqual([
      ['countdown A', 0, 2500, 'ok'],
      ['countdown B', 0, 2500, 'ok'],
    ]);
    expect(lines(sequential!).slice(0, 6)).toEqual([
      '0 5 from countdown A',
      '500 4 from countdown A',
      '1000 3 from countdown A',
      '1500 2 from countdown A',
      '2000 1 from countdown A',
      '2500 5 from countdown B',
    ]);
    expect(lines(merged!)).toEqual(
      [0, 500, 1000, 1500, 2000].flatMap((at, i) => [`${at} ${5 - i} from countdown A`, `${at} ${5 - i} from countdown B`]),
    );
  });

  it('with --stop-at 3, breaks out at 3 and each generator says its finally ran', async () => {
    const { plan, m } = await run({ options: { stopAt: 3 } });
    expect(plan.variants.map((v) => v.plannedMs)).toEqual([2000, 1000]);
    expect(m.variants.map((v) => v.ms?.median)).toEqual([2000, 1000]);
    expect(m.speedups[0]).toMatchObject({ value: 2, ideal: 2, efficiency: 1 });
    const [sequential, merged] = m.variants;
    expect(lines(sequential!)).toEqual([
      '0 5 from countdown A',
      '500 4 from countdown A',
      '1000 3 from countdown A',
      '1000 countdown A reached 3: break',
      '1000 countdown A closed: finally ran',
      '1000 5 from countdown B',
      '1500 4 from countdown B',
      '2000 3 from countdown B',
      '2000 countdown B reached 3: break',
      '2000 countdown B closed: finally ran',
    ]);
    expect(spans(sequential!)).toEqual([
      ['countdown A', 0, 1000, 'ok'],
      ['countdown B', 1000, 2000, 'ok'],
    ]);
    expect(lines(merged!).slice(-4)).toEqual([
      '1000 3 from countdown A',
      '1000 countdown A reached 3: break',
      '1000 countdown A closed: finally ran',
      '1000 countdown B closed: finally ran',
    ]);
    expect(spans(merged!)).toEqual([
      ['countdown A', 0, 1000, 'ok'],
      ['countdown B', 0, 1000, 'ok'],
    ]);
  });

  it('runs the finally and cancels the countdown when the run is interrupted mid-sleep', async () => {
    const plan = await countdownDemo.plan(params(countdownDemo));
    const clock = new FakeClock();
    const controller = new AbortController();
    const running = measure({ variants: plan.variants.slice(1), clock, signal: controller.signal });
    await clock.advance(700);
    controller.abort(new Error('SIGINT'));
    const m = await clock.run(running);
    const merged = m.variants[0]!;
    expect(m.interrupted).toBe(true);
    await expectInterruptionToPropagate(plan.variants.at(-1)!, 700);
    expect(spans(merged)).toEqual([
      ['countdown A', 0, 700, 'cancelled'],
      ['countdown B', 0, 700, 'cancelled'],
    ]);
    expect(lines(merged).slice(-2)).toEqual(['700 countdown A closed: finally ran', '700 countdown B closed: finally ran']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('takes --count as the start and --delay as the step, and goes quiet past 20', async () => {
    const { m } = await run({ count: 30, delayMs: 10 });
    expect(m.variants.map((v) => v.ms?.median)).toEqual([600, 300]);
    expect(m.variants[1]!.narration).toEqual([{ at: 0, text: '(narration off for 30 numbers per countdown)' }]);
  });

  it('refuses a --stop-at that the countdown never reaches before its first wait', () => {
    expect(() => countdownDemo.plan(params(countdownDemo, { options: { stopAt: 5 } }))).toThrow(
      new UsageError("option '--stop-at <n>' argument '5' is invalid: the countdown starts at 5, so stop at 1 to 4."),
    );
    expect(() => countdownDemo.plan(params(countdownDemo, { count: 3, options: { stopAt: 7 } }))).toThrow(UsageError);
    // --count 1 leaves no number to stop at: the message says what to change, not 'stop at 1 to 0'.
    expect(() => countdownDemo.plan(params(countdownDemo, { count: 1, options: { stopAt: 1 } }))).toThrow(
      new UsageError("option '--stop-at <n>' argument '1' is invalid: the countdown starts at 1, so there is nothing to stop at: use --count 2 or more."),
    );
    expect(() => countdownDemo.plan(params(countdownDemo, { count: 2, options: { stopAt: 2 } }))).toThrow(
      new UsageError("option '--stop-at <n>' argument '2' is invalid: the countdown starts at 2, so stop at 1."),
    );
  });
});
