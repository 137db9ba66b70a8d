import { afterEach, beforeEach, expect } from 'vitest';
import { flush } from './fake-clock.js';

/**
 * Registers hooks that record every `unhandledRejection` during each test of the file and
 * fail the test if there was one (after letting Node's rejection tracking run). Returns
 * the live list, for tests that want to assert on it mid-way.
 *
 * @example
 * const unhandled = failOnUnhandledRejections();
 * it('handles every child', async () => { ...; expect(unhandled).toEqual([]); });
 */
export function failOnUnhandledRejections(): readonly unknown[] {
  const seen: unknown[] = [];
  const record = (reason: unknown): void => void seen.push(reason);
  beforeEach(() => {
    seen.length = 0;
    process.on('unhandledRejection', record);
  });
  afterEach(async () => {
    // Node reports an unhandled rejection only after the microtask queue drains.
    await flush();
    await flush();
    process.off('unhandledRejection', record);
    expect(seen).toEqual([]);
  });
  return seen;
}
