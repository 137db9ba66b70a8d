import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import { limit } from '../../src/core/limit.js';
import { sleep } from '../../src/core/sleep.js';
import { failOnUnhandledRejections } from '../helpers/unhandled.js';

/**
 * Race tests for limit (reliability_anchors "Race testing with fc.scheduler"): every
 * task waits on timers of an injected clock whose timers the scheduler fires, in any
 * order it likes, and shrinks a failing order to one it prints and can replay.
 */

interface TaskSpec {
  /** How many timer waits the task makes before it ends. */
  waits: number;
  /** How it ends: a value, a rejection after its waits, or a throw before any await. */
  end: 'ok' | 'throws' | 'throws-sync';
}

const taskArb = fc.record({
  waits: fc.integer({ min: 0, max: 3 }),
  end: fc.constantFrom<TaskSpec['end']>('ok', 'ok', 'throws', 'throws-sync'),
});

/** A clock whose timers fire when the scheduler says, whatever their delay. */
function schedulerClock(s: fc.Scheduler): Clock {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms) => s.schedule(Promise.resolve(), `timer ${ms}ms`).then(() => void (now += ms)),
  };
}

/** The smallest limiter interface the property needs: p-limit's call signature and activeCount. */
type LimiterLike = (<T>(fn: () => Promise<T>) => Promise<T>) & { readonly activeCount: number; readonly pendingCount: number };

/**
 * The property: under every release order, never more than `concurrency` tasks run, the
 * tasks start in call order (unless `fifo` is false), every task settles exactly once
 * with its own outcome, and the limiter ends empty.
 */
function limitProperty(makeLimiter: (concurrency: number, s: fc.Scheduler) => LimiterLike, { fifo = true } = {}) {
  return fc.asyncProperty(
    fc.scheduler(),
    fc.integer({ min: 1, max: 4 }),
    fc.array(taskArb, { minLength: 1, maxLength: 10 }),
    async (s, concurrency, specs) => {
      const clock = schedulerClock(s);
      const limiter = makeLimiter(concurrency, s);
      let running = 0;
      let peak = 0;
      const started: number[] = [];
      const errors = specs.map((_, i) => new Error(`task ${i}`));
      const settled = specs.map(() => [] as string[]);

      const calls = specs.map((spec, i) =>
        limiter(() => {
          started.push(i);
          if (spec.end === 'throws-sync') throw errors[i]!;
          running++;
          peak = Math.max(peak, running);
          return (async () => {
            try {
              for (let k = 0; k < spec.waits; k++) {
                await sleep(10 * (i + 1), { clock });
                // At every step, not only at the start: the bound holds throughout.
                expect(running).toBeLessThanOrEqual(concurrency);
              }
              if (spec.end === 'throws') throw errors[i]!;
              return i;
            } finally {
              running--;
            }
          })();
        }).then(
          (value) => void settled[i]!.push(`ok ${value}`),
          (err: unknown) => void settled[i]!.push(err === errors[i] ? 'own error' : `other: ${String(err)}`),
        ),
      );

      await s.waitFor(Promise.all(calls));
      await s.waitIdle();

      expect(peak).toBeLessThanOrEqual(concurrency);
      if (fifo) expect(started).toEqual(specs.map((_, i) => i));
      else expect([...started].sort((a, b) => a - b)).toEqual(specs.map((_, i) => i));
      expect(settled).toEqual(specs.map((spec, i) => [spec.end === 'ok' ? `ok ${i}` : 'own error']));
      expect(running).toBe(0);
      expect(limiter.activeCount).toBe(0);
      expect(limiter.pendingCount).toBe(0);
    },
  );
}

/**
 * A check-then-act limiter: it checks for a free slot, then awaits before taking it, so
 * two callers can both see the same free slot. The property must catch it.
 */
function racyLimit(concurrency: number, s: fc.Scheduler): LimiterLike {
  let active = 0;
  const waiting: (() => void)[] = [];
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    while (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    await s.schedule(Promise.resolve(), 'between check and act');
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
  return Object.assign(call, {
    get activeCount() {
      return active;
    },
    get pendingCount() {
      return waiting.length;
    },
  });
}

failOnUnhandledRejections();

describe('limit under every release order (fc.scheduler)', () => {
  it('never more than the limit running at any step; FIFO starts; every task settles once with its own outcome', async () => {
    await fc.assert(
      limitProperty((concurrency) => limit(concurrency)),
      { numRuns: 300 },
    );
  });

  it('the same property catches a check-then-act limiter, with a replayable release order', async () => {
    // Without the FIFO check, so that what it trips on is the bound itself.
    const result = await fc.check(limitProperty(racyLimit, { fifo: false }), { numRuns: 300, seed: 42 });
    expect(result.failed).toBe(true);
    expect(String(result.errorInstance)).toMatch(/expected \d+ to be less than or equal to \d+/);
    // The shrunk counterexample names the scheduler's release order, for fc.schedulerFor.
    expect(fc.defaultReportMessage(result)).toMatch(/schedulerFor\(\)`[^]*between check and act/);
  });
});
