import { expect } from 'vitest';
import type { RunContext, VariantSpec } from '../../../src/core/measure.js';
import { FakeClock } from '../../helpers/fake-clock.js';

/**
 * A bare RunContext on `clock`, for running one variant without `measure`, so that a test
 * can see exactly how its body settles. Narration goes to `lines`; tasks are marked
 * handled, as measure's are.
 *
 * @example
 * const ctx = bareContext(clock, controller.signal);
 * await expect(clock.run(variant.run(ctx))).rejects.toThrow('SIGINT');
 */
export function bareContext(clock: FakeClock, signal: AbortSignal): RunContext & { lines: string[] } {
  const t0 = clock.now();
  const lines: string[] = [];
  return {
    clock,
    signal,
    lines,
    elapsed: () => clock.now() - t0,
    queued: (_name, fn) => {
      const promise = fn({ start: () => {}, run: (work) => work() });
      promise.catch(() => {});
      return promise;
    },
    task: (_name, fn) => {
      const promise = fn();
      promise.catch(() => {});
      return promise;
    },
    say: (text) => void lines.push(text),
    detail: () => {},
  };
}

/**
 * Runs `variant` alone on a fresh fake clock, aborts it at `at` ms, and checks that its
 * body rejects with the abort reason (a demo catches only its own injected failures) and
 * leaves no timer behind.
 *
 * @example
 * await expectInterruptionToPropagate(plan.variants[0]!, 1500);
 */
export async function expectInterruptionToPropagate(variant: VariantSpec, at: number): Promise<void> {
  const clock = new FakeClock();
  const controller = new AbortController();
  const done = variant.run(bareContext(clock, controller.signal));
  await clock.advance(at);
  controller.abort(new Error('SIGINT'));
  await expect(clock.run(done)).rejects.toThrow('SIGINT');
  expect(clock.pendingTimers).toBe(0);
}
