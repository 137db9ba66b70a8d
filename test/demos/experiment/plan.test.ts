import { describe, expect, it } from 'vitest';
import { resolveDemoParams } from '../../../src/cli/options.js';
import { measure, type Measurement } from '../../../src/core/measure.js';
import { sleep } from '../../../src/core/sleep.js';
import { experimentDemo, makespan, type ExperimentTask } from '../../../src/demos/experiment/plan.js';
import { FakeClock } from '../../helpers/fake-clock.js';

/** Tasks that nap on the fake clock for the given ms, recording each call and the signal it got. */
function naps(clock: FakeClock, spec: Record<string, number>, fail?: string) {
  const calls: string[] = [];
  const signals: AbortSignal[] = [];
  const tasks: ExperimentTask[] = Object.entries(spec).map(([name, ms]) => ({
    name,
    fn: async (signal: AbortSignal) => {
      calls.push(name);
      signals.push(signal);
      await sleep(ms, { signal, clock });
      if (name === fail) throw new TypeError(`${name} broke`);
      return name;
    },
  }));
  return { tasks, calls, signals };
}

async function measureExperiment(
  clock: FakeClock,
  tasks: readonly ExperimentTask[],
  options: { concurrency?: number; variants?: string[]; runs?: number; signal?: AbortSignal } = {},
): Promise<Measurement> {
  const demo = experimentDemo({ file: 'dir/exp.ts', tasks });
  const plan = await demo.plan(resolveDemoParams(demo, { options: { concurrency: options.concurrency }, signal: new AbortController().signal }));
  const variants = plan.variants.filter((v) => options.variants?.includes(v.name) ?? true);
  return clock.run(measure({ variants, headline: plan.headline, clock, runs: options.runs, signal: options.signal }));
}

describe('experimentDemo', () => {
  it('names the demo after the file and declares the three variants and --concurrency', () => {
    const demo = experimentDemo({ file: 'some/dir/exp.ts', tasks: [{ name: 'a', fn: () => undefined }] });
    expect(demo.name).toBe('exp.ts');
    expect(demo.title).toBe('your functions, from some/dir/exp.ts: a');
    expect(demo.variantNames).toEqual(['sequential', 'concurrent', 'limited']);
    expect(demo.options?.map((o) => [o.flags, o.default])).toEqual([['--concurrency <n>', 2]]);
  });

  it('runs each function as one task per variant, in turn, at once, and two at a time', async () => {
    const clock = new FakeClock();
    const { tasks, calls } = naps(clock, { a: 100, b: 200, c: 300 });
    const m = await measureExperiment(clock, tasks);
    expect(m.variants.map((v) => [v.name, v.ms?.median])).toEqual([
      ['sequential', 600],
      ['concurrent', 300],
      ['limited', 400],
    ]);
    expect(calls).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c']);
    const limited = m.variants[2]!.spans.map((s) => [s.task, s.start, s.end]);
    expect(limited).toEqual([
      ['a', 0, 100],
      ['b', 0, 200],
      ['c', 100, 400],
    ]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('derives the ideal from the sequential spans: Σ / max for concurrent, Σ / waves for limited', async () => {
    const clock = new FakeClock();
    const m = await measureExperiment(clock, naps(clock, { a: 100, b: 200, c: 300 }).tasks, { runs: 3 });
    expect(m.variants.map((v) => v.plannedMs)).toEqual([600, 300, 400]);
    expect(m.speedups.map((s) => [s.variant, s.value, s.ideal, s.efficiency])).toEqual([
      ['concurrent', 2, 2, 1],
      ['limited', 1.5, 1.5, 1],
    ]);
  });

  it('without the sequential variant, the ideal comes from the spans of the variants that ran', async () => {
    const clock = new FakeClock();
    const m = await measureExperiment(clock, naps(clock, { a: 100, b: 300 }).tasks, { variants: ['concurrent', 'limited'], concurrency: 1 });
    expect(m.variants.map((v) => v.plannedMs)).toEqual([300, 400]);
    expect(m.speedups[0]).toMatchObject({ variant: 'limited', baseline: 'concurrent', ideal: 0.75, value: 0.75 });
  });

  it('hands every function the run signal, which Ctrl-C aborts: the run stops, the tasks are cancelled', async () => {
    const clock = new FakeClock();
    const { tasks, signals } = naps(clock, { a: 100, b: 100 });
    const controller = new AbortController();
    const demo = experimentDemo({ file: 'exp.ts', tasks });
    const plan = await demo.plan(resolveDemoParams(demo, { signal: controller.signal }));
    const done = measure({ variants: plan.variants, clock, signal: controller.signal });
    await clock.advance(150);
    controller.abort(new Error('Ctrl-C'));
    const m = await clock.run(done);
    expect(m.interrupted).toBe(true);
    expect(m.variants[0]!.spans.map((s) => [s.task, s.outcome])).toEqual([
      ['a', 'ok'],
      ['b', 'cancelled'],
    ]);
    expect(signals[1]!.aborted).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it("a function that throws fails the variant under the error's own name, saying which function threw", async () => {
    const clock = new FakeClock();
    const { tasks } = naps(clock, { a: 100, b: 200, c: 300 }, 'b');
    const m = await measureExperiment(clock, tasks);
    for (const v of m.variants) expect(v.error).toEqual({ name: 'TypeError', message: 'b broke (thrown by b())' });
    // Sequential stops at b; concurrent cancels c when b fails (at 200 ms).
    expect(m.variants[0]!.spans.map((s) => s.task)).toEqual(['a', 'b']);
    expect(m.variants[1]!.spans.map((s) => [s.task, s.outcome, s.end])).toEqual([
      ['a', 'ok', 100],
      ['b', 'error', 200],
      ['c', 'cancelled', 200],
    ]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('limited never calls a queued function once the run has failed', async () => {
    const clock = new FakeClock();
    const { tasks, calls } = naps(clock, { a: 100, b: 50, c: 100, d: 100 }, 'b');
    const m = await measureExperiment(clock, tasks, { variants: ['limited'], concurrency: 2 });
    expect(calls).toEqual(['a', 'b']);
    expect(m.variants[0]!.spans.map((s) => [s.task, s.outcome])).toEqual([
      ['a', 'cancelled'],
      ['b', 'error'],
    ]);
  });

  it('a non-Error thrown value still reads as one line', async () => {
    const clock = new FakeClock();
    const tasks: ExperimentTask[] = [{ name: 'odd', fn: () => Promise.reject('plain text') }];
    const m = await measureExperiment(clock, tasks, { variants: ['sequential'] });
    expect(m.variants[0]!.error).toEqual({ name: 'Error', message: 'plain text (thrown by odd())' });
  });
});

describe('makespan', () => {
  it('is the end of greedy waves in order, as p-limit schedules them', () => {
    expect(makespan([200, 100, 300], 2)).toBe(400);
    expect(makespan([100, 100, 100, 100], 2)).toBe(200);
    expect(makespan([100, 100, 100], 1)).toBe(300);
    expect(makespan([100, 300], 10)).toBe(300);
    expect(makespan([], 2)).toBe(0);
  });
});
