import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measure } from '../../src/core/measure.js';
import { retryDemo, type RetryDetail } from '../../src/demos/retry.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { params } from './shared/params.js';

async function run(over: Parameters<typeof params>[1] = {}) {
  const plan = await retryDemo.plan(params(retryDemo, over));
  const clock = new FakeClock();
  const m = await clock.run(measure({ variants: plan.variants, clock, headline: plan.headline }));
  expect(clock.pendingTimers).toBe(0);
  return { plan, m };
}

const detail = (v: { details?: Record<string, unknown> }) => v.details!.retry as RetryDetail;

describe('retry demo', () => {
  it('is deterministic by default: the same failures, attempts and times on every run, as planned', async () => {
    const a = await run();
    const b = await run();
    expect(a.plan.params).toEqual({
      count: 5,
      callMs: 200,
      failureRate: 0.5,
      seed: 5,
      retries: 5,
      minDelay: 100,
      factor: 2,
      maxDelay: 1600,
      maxTimeMs: 5000,
    });
    expect(a.m.variants.map((v) => v.ms?.median)).toEqual(a.plan.variants.map((v) => v.plannedMs));
    expect(b.m.variants.map((v) => [v.ms?.median, detail(v)])).toEqual(a.m.variants.map((v) => [v.ms?.median, detail(v)]));
    expect(a.m.speedups[0]).toMatchObject({ variant: 'retry', baseline: 'no-retry', efficiency: 1 });
  });

  it('no-retry makes one attempt per call and keeps its failures; retry turns them into successes', async () => {
    const { m } = await run();
    const [none, retried] = m.variants.map(detail);
    expect(none).toMatchObject({ calls: 5, attempts: 5, timeMs: 200 });
    expect(none!.successes + none!.failures).toBe(5);
    expect(none!.failures).toBe(3); // the default seed fails 3 of the 5 first attempts
    expect(retried!.attempts).toBeGreaterThan(5);
    expect(retried!.successes).toBe(5);
    expect(retried!.perCall.map((c) => c.attempts)).toEqual([1, 2, 1, 4, 3]);
    // each call's first attempt fails or succeeds alike in both variants: same seeded stream
    for (const [i, call] of none!.perCall.entries()) {
      const again = retried!.perCall[i]!;
      expect(again.attempts === 1).toBe(call.ok);
    }
    // one span per attempt, failures shown as errors
    const spans = m.variants[1]!.spans;
    expect(spans).toHaveLength(retried!.attempts);
    expect(spans.filter((s) => s.outcome === 'error')).toHaveLength(retried!.attempts - retried!.successes);
  });

  it('--seed changes the draw (0 exhausts a call); --failure-rate 0 needs no retry, 1 exhausts every call', async () => {
    const zero = detail((await run({ options: { seed: 0 } })).m.variants[1]!);
    expect(zero.perCall.map((c) => [c.attempts, c.ok])).toEqual([
      [1, true],
      [1, true],
      [3, true],
      [3, true],
      [6, false],
    ]);
    const never = await run({ options: { failureRate: 0 } });
    expect(never.m.variants.map((v) => [v.ms?.median, detail(v).attempts, detail(v).successes])).toEqual([
      [200, 5, 5],
      [200, 5, 5],
    ]);
    const always = await run({ options: { failureRate: 1, retries: 3 } });
    const r = detail(always.m.variants[1]!);
    expect([r.attempts, r.successes, r.failures]).toEqual([20, 0, 5]);
    // 4 attempts of 200 ms and three jittered waits below 100, 200 and 400 ms
    expect(always.m.variants[1]!.ms!.median).toBeLessThan(4 * 200 + 700);
    const seeds = await Promise.all([1, 2, 3, 4].map((seed) => run({ options: { seed } })));
    expect(new Set(seeds.map((s) => JSON.stringify(detail(s.m.variants[1]!).perCall))).size).toBeGreaterThan(1);
  });

  it('property: for any seed and rate, the run takes exactly its planned (replayed) time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 6 }),
        async (seed, failureRate, count, retries) => {
          const { m, plan } = await run({ count, scale: 0.1, options: { seed, failureRate, retries } });
          expect(m.variants.map((v) => v.ms?.median)).toEqual(plan.variants.map((v) => v.plannedMs));
          const r = detail(m.variants[1]!);
          expect(r.successes + r.failures).toBe(count);
          for (const call of r.perCall) expect(call.attempts).toBeLessThanOrEqual(retries + 1);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('narrates each attempt for a few calls', async () => {
    const { m } = await run({ count: 2, options: { failureRate: 0 } });
    expect(m.variants[1]!.narration.map((l) => l.text)).toEqual([
      'call 1: attempt 1 succeeded at +0.20s',
      'call 2: attempt 1 succeeded at +0.20s',
      '2 of 2 calls succeeded, in 2 attempts, at +0.20s',
    ]);
  });

  it('an interruption during a backoff stops at once and leaves no timer', async () => {
    const plan = await retryDemo.plan(params(retryDemo, { options: { failureRate: 1 } }));
    const clock = new FakeClock();
    const controller = new AbortController();
    const running = measure({ variants: plan.variants.slice(1), clock, signal: controller.signal });
    await clock.advance(250);
    controller.abort(new Error('SIGINT'));
    const m = await clock.run(running);
    expect(m.interrupted).toBe(true);
    expect(m.variants[0]!.details).toBeUndefined();
    expect(clock.pendingTimers).toBe(0);
  });
});
