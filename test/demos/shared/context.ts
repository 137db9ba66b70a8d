import type { RunContext } from '../../../src/core/measure.js';
import type { FakeClock } from '../../helpers/fake-clock.js';

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
    task: (_name, fn) => {
      const promise = fn();
      promise.catch(() => {});
      return promise;
    },
    say: (text) => void lines.push(text),
    detail: () => {},
  };
}
