import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { measure, type Measurement } from '../../src/core/measure.js';
import { summarize } from '../../src/core/stats.js';
import { coresBusy, cpuDemo } from '../../src/demos/cpu.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { params } from './shared/params.js';

// Real work, kept small (40 ms per task): these tests check shapes and wiring, never
// speedups. Not smaller: calibrated on a busy machine, 4 ms of work ran in 0.6 ms.
const resources = (): string[] => process.getActiveResourcesInfo().filter((r) => r !== 'Timeout').sort();
const cores = availableParallelism();
const aNumber: unknown = expect.any(Number);

describe('cpu demo', () => {
  it('declares its variants, --work, and the count it defaults to', () => {
    expect(cpuDemo.name).toBe('cpu');
    expect(cpuDemo.variantNames).toEqual(['sequential', 'promise-all', 'workers']);
    expect(cpuDemo.count.default).toBe(4);
    expect(cpuDemo.delay.defaultMs).toBe(500);
    expect(cpuDemo.options).toEqual([expect.objectContaining({ flags: '--work <duration>', kind: 'duration', min: 1 })]);
  });

  it('measures all three variants with the loop figures in details.cpu, then leaves no handle', async () => {
    const baseline = resources();
    const plan = await cpuDemo.plan(params(cpuDemo, { count: 3, options: { work: 40 } }));
    const threads = Math.min(3, cores);
    try {
      expect(plan.variants.map((v) => v.name)).toEqual(cpuDemo.variantNames);
      expect(plan.headline).toBe('workers');
      expect(plan.variants.map((v) => v.plannedMs)).toEqual([120, 120, Math.ceil(3 / threads) * 40]);
      expect(plan.params).toMatchObject({ delay: 40, count: 3, workMs: 40, threads, cores });
      expect(plan.params.iterations).toBeGreaterThanOrEqual(1);
      expect(plan.params.poolStartupMs).toBeGreaterThan(0);

      const m = await measure({ variants: plan.variants, headline: plan.headline });
      expect(m.speedups.map((s) => [s.variant, s.ideal])).toEqual([
        ['workers', 3 / Math.ceil(3 / threads)],
        ['promise-all', 1],
      ]);
      for (const v of m.variants) {
        expect(v.error).toBeUndefined();
        expect(v.spans.map((s) => [s.task, s.outcome])).toEqual([
          ['cpu-1', 'ok'],
          ['cpu-2', 'ok'],
          ['cpu-3', 'ok'],
        ]);
        const cpu = v.details!.cpu as Record<string, unknown>;
        expect(cpu).toEqual({
          delay: {
            resolutionMs: 10,
            samples: aNumber,
            p50Ms: aNumber,
            p99Ms: aNumber,
            maxMs: aNumber,
          },
          heartbeat: {
            intervalMs: 100,
            expected: aNumber,
            received: aNumber,
            missed: aNumber,
            longestGapMs: aNumber,
          },
          blockedMs: aNumber,
          utilization: aNumber,
          ...(v.name === 'workers' ? { pool: { threads, startupMs: plan.params.poolStartupMs, threadsUsed: aNumber } } : {}),
        });
        expect(v.narration).toHaveLength(1);
      }
      const [sequential, promiseAll, workers] = m.variants;
      expect(sequential!.narration[0]!.text).toMatch(/^one thread ran the 3 tasks in turn: the event loop was blocked for [\d.]+ ms$/);
      expect(promiseAll!.narration[0]!.text).toMatch(/^gather started the 3 tasks at once, but one thread ran them in turn: the event loop was blocked for [\d.]+ ms$/);
      expect(workers!.narration[0]!.text).toMatch(new RegExp(`^the 3 tasks ran on \\d worker threads? \\(${cores} cores?\\) while the event loop stayed free: p99 delay [\\d.]+ ms$`));
      const used = (workers!.details!.cpu as { pool: { threadsUsed: number } }).pool.threadsUsed;
      expect(used).toBeGreaterThanOrEqual(1);
      expect(used).toBeLessThanOrEqual(threads);
      // gather starts every task at once; on one thread they still end one after another.
      const spans = promiseAll!.spans;
      const starts = spans.map((s) => s.start);
      // (every task started before the first one ended: an order, not a gap, so load cannot break it)
      expect(Math.max(...starts)).toBeLessThan(spans[0]!.end);
      expect(spans[0]!.end - spans[0]!.start).toBeGreaterThan(2); // real work
      expect(spans[1]!.end - spans[0]!.end).toBeGreaterThan(1);
      expect(spans[2]!.end - spans[1]!.end).toBeGreaterThan(1);
      // sequential: each task starts when the previous one has ended.
      expect(sequential!.spans[1]!.start).toBeGreaterThanOrEqual(sequential!.spans[0]!.end);
      // promise-all: the gathered tasks wait for their turn on the one thread: one lane,
      // each running from when the one before it ended.
      expect(new Set(spans.map((s) => s.lane))).toEqual(new Set([0]));
      for (let i = 1; i < spans.length; i++) expect(spans[i]!.running).toBeGreaterThanOrEqual(spans[i - 1]!.end);
      expect(sequential!.spans.every((s) => s.running === undefined)).toBe(true);
    } finally {
      await plan.close!();
    }
    expect(resources()).toEqual(baseline);
  });

  it('workers: tasks wait in the pool until a thread takes them, on no more lanes than threads', async () => {
    const baseline = resources();
    const threads = Math.min(2, cores);
    const count = threads * 2;
    const plan = await cpuDemo.plan(params(cpuDemo, { count, options: { work: 30 } }));
    try {
      expect(plan.params.threads).toBe(threads);
      const m = await measure({ variants: plan.variants.filter((v) => v.name === 'workers') });
      const spans = m.variants[0]!.spans;
      expect(spans.map((s) => s.outcome)).toEqual(Array.from({ length: count }, () => 'ok'));
      for (const s of spans) {
        expect(s.running).toBeGreaterThanOrEqual(s.start);
        // (equal only if a thread's start message came after its result: then it is marked as it settles)
        expect(s.running).toBeLessThanOrEqual(s.end);
      }
      const lanes = new Set(spans.map((s) => s.lane)).size;
      expect(lanes).toBeGreaterThanOrEqual(1);
      expect(lanes).toBeLessThanOrEqual(threads);
      // Only `threads` can run at once: the rest began running after one had ended.
      const byRun = [...spans].sort((a, b) => a.running! - b.running!);
      const firstEnd = Math.min(...spans.map((s) => s.end));
      for (const s of byRun.slice(threads)) expect(s.running).toBeGreaterThanOrEqual(firstEnd);
    } finally {
      await plan.close!();
    }
    expect(resources()).toEqual(baseline);
  });

  it('takes the work from --work, else --delay, else 500 ms, and multiplies it by --scale', async () => {
    const cases = [
      [{ options: { work: 3 }, delayMs: 7 }, 3],
      [{ delayMs: 7 }, 7],
      [{ scale: 0.004 }, 2],
    ] as const;
    for (const [over, workMs] of cases) {
      const plan = await cpuDemo.plan(params(cpuDemo, { count: 1, ...over }));
      await plan.close!();
      expect(plan.params.workMs).toBeCloseTo(workMs, 12);
      expect(plan.variants[0]!.plannedMs).toBeCloseTo(workMs, 12);
    }
  });

  it('does not start when interrupted before planning', async () => {
    const baseline = resources();
    const controller = new AbortController();
    const reason = new Error('Ctrl-C');
    controller.abort(reason);
    await expect(cpuDemo.plan(params(cpuDemo, { signal: controller.signal }))).rejects.toBe(reason);
    expect(resources()).toEqual(baseline);
  });

  it('stops its heartbeat and histogram even when a variant fails', async () => {
    const plan = await cpuDemo.plan(params(cpuDemo, { count: 2, options: { work: 1 } }));
    await plan.close!(); // the workers variant now has no pool to run on
    const clock = new FakeClock();
    const m = await clock.run(measure({ variants: plan.variants.filter((v) => v.name === 'workers'), clock }));
    expect(m.variants[0]!.error).toEqual({ name: 'Error', message: 'the cpu worker pool is already closed' });
    expect(m.variants[0]!.details).toBeUndefined();
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('coresBusy', () => {
  const m = (sequential: number, promiseAll: number, workers: number): Measurement => ({
    baseline: 'sequential',
    variants: [
      { name: 'sequential', summary: '', plannedMs: 400, ms: summarize([sequential]), spans: [], narration: [] },
      { name: 'promise-all', summary: '', plannedMs: 400, ms: summarize([promiseAll]), spans: [], narration: [] },
      { name: 'workers', summary: '', plannedMs: 200, ms: summarize([workers]), spans: [], narration: [] },
    ],
    speedups: [],
    interrupted: false,
  });
  // Four tasks of 100 ms: four waves on the loop thread, two on a pool of two.
  const setup = { count: 4, workMs: 100, threads: 2, cores: 2 };

  it('finds nothing when each wave took about its calibrated time', () => {
    expect(coresBusy(m(410, 420, 215), setup)).toEqual([]);
  });

  it('names the variant whose waves ran well over their calibrated time, and the cores it needed', () => {
    expect(coresBusy(m(410, 420, 370), setup)).toEqual([
      { kind: 'cores-busy', variant: 'workers', expectedMs: 100, observedMs: 185, threads: 2, cores: 2 },
    ]);
    expect(coresBusy(m(600, 420, 200), setup)).toMatchObject([{ variant: 'sequential', observedMs: 150, threads: 1 }]);
  });

  it('counts waves, not tasks: eight tasks on two threads are four waves', () => {
    expect(coresBusy(m(800, 800, 400), { ...setup, count: 8 })).toEqual([]);
  });

  // The workers' headline below 97% of its ideal with no busy core: the reason is that tasks
  // side by side ran slower than one alone, and the note says by how much.
  const withHeadline = (sequential: number, workers: number): Measurement => {
    const base = m(sequential, sequential, workers);
    const value = sequential / workers;
    return { ...base, speedups: [{ variant: 'workers', baseline: 'sequential', value, stddev: 0, ideal: 2, efficiency: value / 2, valid: true }] };
  };

  it('explains a workers efficiency below 97% that no busy core explains', () => {
    expect(coresBusy(withHeadline(400, 208), setup)).toEqual([
      { kind: 'parallel-slowdown', variant: 'workers', baseline: 'sequential', efficiency: 400 / 208 / 2, aloneMs: 100, togetherMs: 104, threads: 2, cores: 2 },
    ]);
  });

  it('says nothing at 97% or above, and leaves a busy core to its own caveat', () => {
    expect(coresBusy(withHeadline(400, 205), setup)).toEqual([]);
    // 96.97%, printed as 97.0%: within the band as the reader sees it.
    expect(coresBusy(withHeadline(400, 206.25), setup)).toEqual([]);
    expect(coresBusy(withHeadline(400, 260), setup)).toEqual([
      { kind: 'cores-busy', variant: 'workers', expectedMs: 100, observedMs: 130, threads: 2, cores: 2 },
    ]);
  });

  it('claims no shortfall for a headline that is not a valid speedup', () => {
    const invalid = withHeadline(400, 208);
    invalid.speedups = invalid.speedups.map((s) => ({ ...s, valid: false }));
    expect(coresBusy(invalid, setup)).toEqual([]);
  });
});
