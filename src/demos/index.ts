import { loadAllDemos } from './registry.js';
import type { Demo } from './types.js';

/**
 * Every demo, loaded, in the order `list` and `all` show them. The list itself is
 * src/demos/registry.ts (adding a demo is a file in this folder and one line there,
 * with its example and its test: CONTRIBUTING.md, "Add a demo"); the CLI loads from
 * there only the demo a command runs. Demos import only the core; heavy dependencies
 * (undici, the server, worker pools) load inside `plan`.
 */
export const demos: readonly Demo[] = await loadAllDemos();

/** The demo called `name`, or undefined. */
export function findDemo(name: string): Demo | undefined {
  return demos.find((demo) => demo.name === name);
}
