import { resolveDemoParams, type DemoParamsInput } from '../../../src/cli/options.js';
import type { Demo, DemoParams } from '../../../src/demos/types.js';

/**
 * DemoParams for `demo` as the CLI resolves them (every default from the demo's
 * definition), with the common and own options in `over` given.
 *
 * @example
 * gatherDemo.plan(params(gatherDemo, { count: 5, options: { fail: 'Bob' } }));
 */
export function params(demo: Demo, over: Partial<DemoParamsInput> = {}): DemoParams {
  return resolveDemoParams(demo, { signal: new AbortController().signal, ...over });
}
