import type { DemoParams } from '../../../src/demos/types.js';

/**
 * DemoParams as the CLI resolves them with no options given, overridden by `over`.
 *
 * @example
 * demo.plan(params({ count: 5, options: { fail: 'Bob' } }));
 */
export function params(over: Partial<DemoParams> = {}): DemoParams {
  return { scale: 1, delayMs: undefined, count: undefined, options: {}, signal: new AbortController().signal, ...over };
}
