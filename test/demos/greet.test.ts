import { describe, expect, it } from 'vitest';
import { measure } from '../../src/core/measure.js';
import { greetDemo } from '../../src/demos/greet.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { params } from './shared/params.js';

describe('greet demo', () => {
  it('greets Alice, Bob and Charlie in 3 s in turn and in 1 s when all are called first', async () => {
    const plan = await greetDemo.plan(params(greetDemo));
    expect(plan.headline).toBe('eager');
    expect(plan.params).toEqual({ count: 3, delayMs: 1000, names: ['Alice', 'Bob', 'Charlie'] });
    expect(plan.variants.map((v) => [v.name, v.plannedMs])).toEqual([
      ['sequential', 3000],
      ['eager', 1000],
    ]);
    expect(plan.variants.map((v) => v.name)).toEqual(greetDemo.variantNames);

    const clock = new FakeClock();
    const m = await clock.run(measure({ variants: plan.variants, clock }));
    expect(m.variants.map((v) => v.ms?.median)).toEqual([3000, 1000]);
    expect(m.speedups[0]).toMatchObject({ variant: 'eager', value: 3, ideal: 3, efficiency: 1 });
    expect(clock.pendingTimers).toBe(0);

    const [sequential, eager] = m.variants;
    expect(sequential!.spans.map((s) => [s.task, s.start, s.end, s.outcome])).toEqual([
      ['Alice', 0, 1000, 'ok'],
      ['Bob', 1000, 2000, 'ok'],
      ['Charlie', 2000, 3000, 'ok'],
    ]);
    expect(sequential!.narration.slice(0, 4)).toEqual([
      { at: 0, text: 'Starting to greet Alice' },
      { at: 1000, text: 'Done greeting Alice' },
      { at: 1000, text: 'Hello, Alice!' },
      { at: 1000, text: 'Starting to greet Bob' },
    ]);
    expect(eager!.spans.map((s) => [s.task, s.start, s.end])).toEqual([
      ['Alice', 0, 1000],
      ['Bob', 0, 1000],
      ['Charlie', 0, 1000],
    ]);
    expect(eager!.narration.map((l) => `${l.at} ${l.text}`)).toEqual([
      '0 Starting to greet Alice',
      '0 Starting to greet Bob',
      '0 Starting to greet Charlie',
      '1000 Done greeting Alice',
      '1000 Done greeting Bob',
      '1000 Done greeting Charlie',
      '1000 Hello, Alice!',
      '1000 Hello, Bob!',
      '1000 Hello, Charlie!',
    ]);
  });

  it('scales the delay, takes --delay as the base, and names tasks past the tenth by number', async () => {
    const plan = await greetDemo.plan(params(greetDemo, { scale: 0.1, delayMs: 500, count: 12 }));
    expect(plan.variants.map((v) => v.plannedMs)).toEqual([600, 50]);
    const clock = new FakeClock();
    const m = await clock.run(measure({ variants: plan.variants, clock }));
    expect(m.variants.map((v) => v.ms?.median)).toEqual([600, 50]);
    expect(m.variants[1]!.spans.map((s) => s.task).slice(8)).toEqual(['Ivan', 'Judy', 'task 11', 'task 12']);
  });

  it('says once that narration is off past 20 tasks, and builds no per-task lines', async () => {
    const plan = await greetDemo.plan(params(greetDemo, { count: 21 }));
    expect(plan.params).toEqual({ count: 21, delayMs: 1000 });
    const clock = new FakeClock();
    const m = await clock.run(measure({ variants: plan.variants, clock }));
    for (const v of m.variants) expect(v.narration).toEqual([{ at: 0, text: '(narration off for 21 tasks)' }]);
    expect(m.variants[1]!.spans).toHaveLength(21);
    expect(m.speedups[0]).toMatchObject({ value: 21, ideal: 21 });
  });
});
