import type { Demo } from './types.js';

/**
 * Every demo by its CLI name, each loaded only when asked for: `asyncdemo gather`
 * loads the gather demo and its dependencies, not the twelve others (start-up rows of
 * `npm run bench`: loading every demo cost `gather --help` about a third of its
 * start-up). This is the one list to edit when adding a demo (CONTRIBUTING.md, "Add a
 * demo"); the order is `list`'s and `all`'s. Each import names its file literally, so
 * that the build's bundler can follow it.
 *
 * @example
 * const gather = await demoLoaders.gather(); // gather.name === 'gather'
 */
export const demoLoaders = {
  greet: async () => (await import('./greet.js')).greetDemo,
  gather: async () => (await import('./gather.js')).gatherDemo,
  'fetch-all': async () => (await import('./fetch-all.js')).fetchAllDemo,
  taskgroup: async () => (await import('./taskgroup.js')).taskgroupDemo,
  timeout: async () => (await import('./timeout.js')).timeoutDemo,
  countdown: async () => (await import('./countdown.js')).countdownDemo,
  database: async () => (await import('./database.js')).databaseDemo,
  cpu: async () => (await import('./cpu.js')).cpuDemo,
  race: async () => (await import('./race.js')).raceDemo,
  'as-completed': async () => (await import('./as-completed.js')).asCompletedDemo,
  limit: async () => (await import('./limit.js')).limitDemo,
  queue: async () => (await import('./queue.js')).queueDemo,
  retry: async () => (await import('./retry.js')).retryDemo,
} as const satisfies Record<string, () => Promise<Demo>>;

/** A demo's CLI name. */
export type DemoName = keyof typeof demoLoaders;

/**
 * Whether `name` is a registered demo's name.
 *
 * @example
 * isDemoName('gather'); // true
 * isDemoName('serve');  // false
 */
export function isDemoName(name: string): name is DemoName {
  return Object.hasOwn(demoLoaders, name);
}

/**
 * Loads the demo called `name`, checking that it is the one its name promises.
 *
 * @example
 * const demo = await loadDemo('gather');
 */
export async function loadDemo(name: DemoName): Promise<Demo> {
  const demo = await demoLoaders[name]();
  if (demo.name !== name) throw new Error(`demo registry: '${name}' loads a demo called '${demo.name}'`);
  return demo;
}

/**
 * Every demo, in the registry's order.
 *
 * @example
 * const all = await loadAllDemos(); // all[0].name === 'greet'
 */
export async function loadAllDemos(): Promise<Demo[]> {
  return Promise.all(Object.keys(demoLoaders).map((name) => loadDemo(name as DemoName)));
}
