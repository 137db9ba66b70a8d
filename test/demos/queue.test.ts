import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measure } from '../../src/core/measure.js';
import { plannedQueueMs, queueDemo, type QueueDetail } from '../../src/demos/queue.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { params } from './shared/params.js';

async function run(over: Parameters<typeof params>[1] = {}) {
  const plan = await queueDemo.plan(params(queueDemo, over));
  const clock = new FakeClock();
  const m = await clock.run(measure({ variants: plan.variants, clock, headline: plan.headline }));
  expect(clock.pendingTimers).toBe(0);
  return { plan, m };
}

describe('queue demo', () => {
  it('one worker takes 4.9 s, four take 1.6 s, exactly as planned', async () => {
    const { plan, m } = await run();
    expect(plan.params).toEqual({ count: 12, intervalMs: 100, workMs: 400, workers: 4, maxsize: 3 });
    expect(plan.variants.map((v) => [v.name, v.plannedMs])).toEqual([
      ['one-worker', 4900],
      ['workers', 1600],
    ]);
    expect(m.variants.map((v) => v.ms?.median)).toEqual([4900, 1600]);
    expect(m.speedups[0]).toMatchObject({ variant: 'workers', baseline: 'one-worker', ideal: 4900 / 1600, efficiency: 1 });
  });

  it('with one worker the queue fills and the producer waits for room; with four it stays near empty', async () => {
    const { m } = await run();
    const [one, four] = m.variants.map((v) => v.details!.queue as QueueDetail);
    // Items 4 … 11 arrive at a full queue, except item 4: at 500 ms the worker, whose timer
    // was set first, takes item 1 just before the producer puts.
    expect(one!.producerWaits).toBe(7);
    expect(Math.max(...one!.samples.map(([, n]) => n))).toBe(3);
    expect(one!.endMs).toBe(4900);
    expect(four!.producerWaits).toBe(0);
    expect(Math.max(...four!.samples.map(([, n]) => n))).toBe(0);
    // the step function starts empty and only records changes
    expect(one!.samples[0]).toEqual([0, 0]);
    for (let i = 1; i < one!.samples.length; i++) {
      expect(one!.samples[i]![0]).toBeGreaterThan(one!.samples[i - 1]![0]);
      expect(one!.samples[i]![1]).not.toBe(one!.samples[i - 1]![1]);
    }
  });

  it('narrates each take and each wait for room as it happens, naming the worker', async () => {
    const { m } = await run({ count: 6, options: { workers: 2, interval: 100, maxsize: 1 }, delayMs: 400 });
    const lines = (i: number) => m.variants[i]!.narration.map((l) => [l.at, l.text]);
    // One worker, a queue of one: item 3 is made at 300 ms, while item 2 waits in the
    // queue; taking item 2 at 500 ms makes room, and the waiting item 3 is in at once.
    expect(lines(0).slice(0, 4)).toEqual([
      [100, 'the worker takes item 1 (0 left in the queue)'],
      [300, 'queue full (1 of 1): the producer waits to put item 3'],
      [500, 'the worker takes item 2 (1 left in the queue)'],
      [600, 'queue full (1 of 1): the producer waits to put item 4'],
    ]);
    expect(lines(1).slice(0, 2)).toEqual([
      [100, 'worker 1 takes item 1 (0 left in the queue)'],
      [200, 'worker 2 takes item 2 (0 left in the queue)'],
    ]);
    const many = await run({ count: 21 });
    expect(many.m.variants[0]!.narration[0]!.text).toBe('(narration off for 21 items)');
  });

  it('records each item waiting from when it is made until a worker takes it, on as many lanes as workers', async () => {
    const { m } = await run({ count: 6, options: { workers: 2, interval: 100, maxsize: 3 }, delayMs: 400 });
    const items = m.variants[1]!.spans.filter((s) => s.task !== 'producer');
    // Made every 100 ms; two workers of 400 ms each: items 3 … 6 wait for a free worker.
    expect(items.map((s) => [s.task, s.start, s.running, s.end])).toEqual([
      ['item 1', 100, 100, 500],
      ['item 2', 200, 200, 600],
      ['item 3', 300, 500, 900],
      ['item 4', 400, 600, 1000],
      ['item 5', 500, 900, 1300],
      ['item 6', 600, 1000, 1400],
    ]);
    // The producer has a lane of its own; the items share the two workers' lanes.
    expect(new Set(items.map((s) => s.lane)).size).toBe(2);
    const one = m.variants[0]!.spans.filter((s) => s.task !== 'producer');
    expect(new Set(one.map((s) => s.lane)).size).toBe(1);
  });

  it('property: the planned time is what the run takes, for any shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        async (count, interval, work, workers, maxsize) => {
          const { m, plan } = await run({ count, delayMs: work, options: { interval, workers, maxsize } });
          expect(m.variants.map((v) => v.ms?.median)).toEqual(plan.variants.map((v) => v.plannedMs));
          for (const v of m.variants) {
            const detail = v.details!.queue as QueueDetail;
            expect(Math.max(...detail.samples.map(([, n]) => n))).toBeLessThanOrEqual(maxsize);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('plans a single worker as the bottleneck and many workers as the producer', () => {
    expect(plannedQueueMs({ items: 12, intervalMs: 100, workMs: 400, workers: 1, maxsize: 3 })).toBe(4900);
    expect(plannedQueueMs({ items: 12, intervalMs: 100, workMs: 400, workers: 100, maxsize: 3 })).toBe(1600);
  });

  it('keeps the samples bounded for a long run', async () => {
    const { m } = await run({ count: 5000, scale: 0.01, options: { workers: 1, maxsize: 2 } });
    expect((m.variants[0]!.details!.queue as QueueDetail).samples.length).toBeLessThanOrEqual(4000);
  });

  it('an interruption ends the producer and every worker, leaving no timer', async () => {
    const plan = await queueDemo.plan(params(queueDemo));
    const clock = new FakeClock();
    const controller = new AbortController();
    const running = measure({ variants: plan.variants, clock, signal: controller.signal });
    await clock.advance(1000);
    controller.abort(new Error('SIGINT'));
    const m = await clock.run(running);
    expect(m.interrupted).toBe(true);
    expect(m.variants[0]!.spans.every((s) => s.end <= 1000)).toBe(true);
    // Items still waiting (in the queue, or for room in it) end cancelled, never having run.
    const waiting = m.variants[0]!.spans.filter((s) => s.running === s.end && s.running > s.start);
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((s) => s.outcome === 'cancelled')).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });
});
