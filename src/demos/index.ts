import { asCompletedDemo } from './as-completed.js';
import { countdownDemo } from './countdown.js';
import { cpuDemo } from './cpu.js';
import { databaseDemo } from './database.js';
import { fetchAllDemo } from './fetch-all.js';
import { gatherDemo } from './gather.js';
import { greetDemo } from './greet.js';
import { limitDemo } from './limit.js';
import { queueDemo } from './queue.js';
import { raceDemo } from './race.js';
import { retryDemo } from './retry.js';
import { taskgroupDemo } from './taskgroup.js';
import { timeoutDemo } from './timeout.js';
import type { Demo } from './types.js';

/**
 * Every demo, in the order `list` and `all` show them. Adding a demo is a file in this
 * folder and one line here, with its example and its test (CONTRIBUTING.md, "Add a
 * demo"). Demos import only the core, so loading them all is cheap; heavy dependencies
 * (undici, the server, worker pools) load inside `plan`.
 */
export const demos: readonly Demo[] = [
  greetDemo,
  gatherDemo,
  fetchAllDemo,
  taskgroupDemo,
  timeoutDemo,
  countdownDemo,
  databaseDemo,
  cpuDemo,
  raceDemo,
  asCompletedDemo,
  limitDemo,
  queueDemo,
  retryDemo,
];

/** The demo called `name`, or undefined. */
export function findDemo(name: string): Demo | undefined {
  return demos.find((demo) => demo.name === name);
}
