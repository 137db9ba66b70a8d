import { sleep } from '../../src/core/sleep.js';
import type { FakeClock } from './fake-clock.js';

/**
 * A task function that sleeps `ms` on the signal it is given and logs how it ended
 * (`a@100`, or `a cancelled@50`), for the tests of what cancelling a gather or an
 * as-completed iteration does to its children.
 *
 * @example
 * const log: string[] = [];
 * await gather([sleepingChild(clock, 'a', 100, log)]); // log: ['a@100']
 */
export function sleepingChild(clock: FakeClock, name: string, ms: number, log: string[]): (signal: AbortSignal) => Promise<string> {
  return async (signal) => {
    try {
      await sleep(ms, { signal, clock });
    } catch (err) {
      log.push(`${name} cancelled@${clock.now()}`);
      throw err;
    }
    log.push(`${name}@${clock.now()}`);
    return name;
  };
}
