import { describe, expect, it } from 'vitest';
import { measure, type VariantResult } from '../../src/core/measure.js';
import { timeoutDemo } from '../../src/demos/timeout.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { expectInterruptionToPropagate } from './shared/context.js';
import { params } from './shared/params.js';

const lines = (v: VariantResult) => v.narration.map((l) => `${l.at} ${l.text}`);
const spans = (v: VariantResult) => v.spans.map((s) => [s.task, s.start, s.end, s.outcome]);

describe('timeout demo', () => {
  it('times calls of 1, 3 and 10 s out at 2 s: 5 s one after another, 2 s at once', async () => {
    const plan = await timeoutDemo.plan(params(timeoutDemo));
    expect(plan.headline).toBe('concurrent');
    expect(plan.params).toEqual({
      count: 3,
      unitMs: 1000,
      timeoutMs: 2000,
      calls: [
        { name: 'call 1', ms: 1000 },
        { name: 'call 2', ms: 3000 },
        { name: 'call 3', ms: 10_000 },
      ],
    });
    expect(plan.variants.map((v) => [v.name, v.plannedMs])).toEqual([
      ['sequential', 5000],
      ['concurrent', 2000],
    ]);
    const clock = new FakeClock();
    const m = await clock.run(measure({ variants: plan.variants, clock }));
    expect(clock.pendingTimers).toBe(0);
    expect(m.variants.map((v) => [v.ms?.median, v.error])).toEqual([
      [5000, undefined],
      [2000, undefined],
    ]);
    expect(m.speedups[0]).toMatchObject({ variant: 'concurrent', value: 2.5, ideal: 2.5, efficiency: 1 });
    const [sequential, concurrent] = m.variants;
    expect(spans(sequential!)).toEqual([
      ['call 1', 0, 1000, 'ok'],
      ['call 2', 1000, 3000, 'cancelled'],
      ['call 3', 3000, 5000, 'cancelled'],
    ]);
    expect(lines(sequential!)).toEqual([
      '0 call 1: sleep 1 s under a 2 s timeout',
      '1000 call 1: done in time',
      '1000 call 2: sleep 3 s under a 2 s timeout',
      '3000 Operation timed out!',
      '3000 the 3 s sleep was cancelled: no timer left',
      '3000 call 3: sleep 10 s under a 2 s timeout',
      '5000 Operation timed out!',
      '5000 the 10 s sleep was cancelled: no timer left',
    ]);
    expect(spans(concurrent!)).toEqual([
      ['call 1', 0, 1000, 'ok'],
      ['call 2', 0, 2000, 'cancelled'],
      ['call 3', 0, 2000, 'cancelled'],
    ]);
    expect(lines(concurrent!).slice(3)).toEqual([
      '1000 call 1: done in time',
      '2000 Operation timed out!',
      '2000 the 3 s sleep was cancelled: no timer left',
      '2000 Operation timed out!',
      '2000 the 10 s sleep was cancelled: no timer left',
    ]);
  });

  it('really cancels the 10 s sleep: at the 2 s deadline no timer is left on the clock', async () => {
    const plan = await timeoutDemo.plan(params(timeoutDemo));
    const clock = new FakeClock();
    const running = measure({ variants: plan.variants.slice(1), clock });
    await clock.advance(1999);
    expect(clock.pendingTimers).toBeGreaterThan(0);
    await clock.advance(1);
    expect(clock.pendingTimers).toBe(0);
    expect(clock.now()).toBe(2000);
    const m = await running;
    expect(m.variants[0]!.ms!.median).toBe(2000);
  });

  it('scales the unit and cycles the call lengths past three calls', async () => {
    const plan = await timeoutDemo.plan(params(timeoutDemo, { delayMs: 100, scale: 0.5, count: 5 }));
    // 50 ms units: calls of 50, 150, 500, 50, 150 ms under a 100 ms timeout.
    expect(plan.variants.map((v) => v.plannedMs)).toEqual([50 + 100 + 100 + 50 + 100, 100]);
    const clock = new FakeClock();
    const m = await clock.run(measure({ variants: plan.variants, clock }));
    expect(m.variants.map((v) => v.ms?.median)).toEqual([400, 100]);
    expect(m.variants[1]!.narration.map((l) => l.text)).toContain('the 500 ms sleep was cancelled: no timer left');
  });

  it('lets an interruption through instead of reporting it as a timeout', async () => {
    const plan = await timeoutDemo.plan(params(timeoutDemo));
    const clock = new FakeClock();
    const controller = new AbortController();
    const running = measure({ variants: plan.variants.slice(1), clock, signal: controller.signal });
    await clock.advance(500);
    controller.abort(new Error('SIGINT'));
    const m = await clock.run(running);
    const v = m.variants[0]!;
    expect(m.interrupted).toBe(true);
    await expectInterruptionToPropagate(plan.variants.at(-1)!, 500);
    expect(spans(v).map((s) => s[3])).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(v.narration.some((l) => l.text === 'Operation timed out!')).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });
});
