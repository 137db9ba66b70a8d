import type { RunContext, VariantSpec } from '../core/measure.js';
import { NARRATION_LIMIT, narrator, type Say } from './shared/narration.js';
import { personNames } from './shared/names.js';
import { unitMs, wait } from './shared/timing.js';
import type { Demo } from './types.js';

const DELAY_MS = 1000;
const COUNT = 3;

/** The seed's coroutine: says it starts, waits (simulated I/O), says it is done, greets. */
async function greet(ctx: RunContext, name: string, ms: number, say: Say): Promise<string> {
  say(`Starting to greet ${name}`);
  await wait(ctx, ms);
  say(`Done greeting ${name}`);
  return `Hello, ${name}!`;
}

/**
 * Starts greeting `name` as a recorded task. Past the narration limit it only waits:
 * a hundred thousand greetings should not cost three hundred thousand strings.
 */
function start(ctx: RunContext, name: string, ms: number, say: Say | undefined): Promise<unknown> {
  return say === undefined ? ctx.task(name, () => wait(ctx, ms)) : ctx.task(name, () => greet(ctx, name, ms, say));
}

/**
 * `asyncdemo greet`: the seed's `greet()` awaited in turn, against the same calls all
 * made before the first await. No gather on purpose: a JS promise starts running when
 * it is created, so calling first and awaiting later already overlaps the waits (a
 * Python coroutine would not start until awaited or wrapped in a task).
 *
 * @example
 * const plan = greetDemo.plan({ scale: 1, delayMs: undefined, count: undefined, options: {}, signal });
 * await measure({ variants: plan.variants }); // sequential ~3 s, eager ~1 s
 */
export const greetDemo: Demo = {
  name: 'greet',
  title: 'async/await basics: greet() awaited in turn, or all called first and then awaited',
  description:
    'The seed\'s greet(name): "Starting to greet X", a 1 s asyncio.sleep, "Done greeting X", then "Hello, X!". ' +
    '`sequential` awaits each call before making the next (3 s); `eager` calls greet() for all three first and ' +
    'only then awaits each (1 s): a JS promise starts running when it is created, whereas a Python coroutine ' +
    'does nothing until it is awaited or wrapped in a task. Ideal speedup: the number of greetings (3×).',
  examples: ['asyncdemo greet', 'asyncdemo greet --count 10 --scale 0.1', 'asyncdemo greet --delay 250ms --runs 5'],
  variantNames: ['sequential', 'eager'],
  delay: { defaultMs: DELAY_MS, help: "how long each greeting waits (the seed's asyncio.sleep(1))" },
  count: { default: COUNT, max: 100_000, help: 'how many people to greet: Alice, Bob, Charlie, … Judy, task 11, …' },
  plan(params) {
    const ms = unitMs(params, DELAY_MS);
    const names = personNames(params.count ?? COUNT);
    const variants: VariantSpec[] = [
      {
        name: 'sequential',
        summary: 'await greet(name) for each name in turn: each call starts after the previous one ends',
        plannedMs: names.length * ms,
        async run(ctx) {
          const say = narrator(ctx, names.length);
          for (const name of names) {
            const result = await start(ctx, name, ms, say);
            say?.(String(result));
          }
        },
      },
      {
        name: 'eager',
        summary: 'call greet() for every name, then await each: a JS promise runs from creation, unlike a coroutine',
        plannedMs: ms,
        async run(ctx) {
          const say = narrator(ctx, names.length);
          const pending = names.map((name) => start(ctx, name, ms, say));
          for (const promise of pending) {
            const result = await promise;
            say?.(String(result));
          }
        },
      },
    ];
    const shown = names.length <= NARRATION_LIMIT ? { names } : {};
    return { variants, headline: 'eager', params: { count: names.length, delayMs: ms, ...shown } };
  },
};
