import type { VariantSpec } from '../core/index.js';
import { SEED_GREET } from './explain/seed-python.js';
import { GREETING_DELAY, greeter, type Greetings } from './shared/greeting.js';
import { NARRATION_LIMIT } from './shared/narration.js';
import { personNames } from './shared/names.js';
import { unitMs } from './shared/timing.js';
import type { Demo } from './types.js';

/**
 * `asyncdemo greet`: the tutorial's `greet()` awaited in turn, against the same calls all
 * made before the first await. No gather on purpose: a JS promise starts running when
 * it is created, so calling first and awaiting later already overlaps the waits (a
 * Python coroutine would not start until awaited or wrapped in a task).
 *
 * @example
 * const plan = greetDemo.plan(resolveDemoParams(greetDemo, { signal }));
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
  delay: GREETING_DELAY,
  count: { default: 3, max: 100_000, help: 'how many people to greet: Alice, Bob, Charlie, … Judy, task 11, …' },
  explain: {
    pattern:
      'An async function runs until its first await, then gives the thread back to the event loop; ' +
      'await suspends the caller until the promise settles. Awaiting each greet() before calling the ' +
      'next puts the waits end to end (3 s for three 1 s greetings). Calling greet() for every name ' +
      'first and awaiting afterwards overlaps them (1 s), because a JavaScript promise is already ' +
      'running when it is created.',
    whenToUse:
      'For I/O: network, databases, files, timers, anything where the program mostly waits. Await in ' +
      'turn only when a step needs the previous one\'s result; otherwise start the independent calls ' +
      'first and await them afterwards, or hand them to gather().',
    example: 'greet.ts',
    python: SEED_GREET,
    pitfalls: [
      'A promise starts when it is created, not when it is awaited: greet(\'Bob\') runs up to its first ' +
        'await before the call even returns. A Python coroutine does nothing until it is awaited or ' +
        'wrapped in a task.',
      'A forgotten await fails silently: the call runs on in the background, its result is lost, and if ' +
        'it rejects, Node crashes with an unhandled rejection. The no-floating-promises lint rule catches ' +
        'it.',
      'A row of awaits over promises started earlier (await a; await b) leaves b unobserved while ' +
        'waiting for a: if b rejects first, that is an unhandled rejection. Use gather() or taskGroup() ' +
        'for several calls.',
      'await in a for loop is sequential on purpose; map to promises first when the calls are ' +
        'independent.',
    ],
  },
  plan(params) {
    const ms = unitMs(params);
    const names = personNames(params.count);
    const greetings: Greetings = { names, ms, fail: -1 };
    const variants: VariantSpec[] = [
      {
        name: 'sequential',
        summary: 'await greet(name) for each name in turn: each call starts after the previous one ends',
        plannedMs: names.length * ms,
        async run(ctx) {
          const { start, say } = greeter(ctx, greetings);
          for (let i = 0; i < names.length; i++) {
            const result = await start(i);
            say?.(result!);
          }
        },
      },
      {
        name: 'eager',
        summary: 'call greet() for every name, then await each: a JS promise runs from creation, unlike a coroutine',
        plannedMs: ms,
        async run(ctx) {
          const { start, say } = greeter(ctx, greetings);
          const pending = names.map((_, i) => start(i));
          for (const promise of pending) {
            const result = await promise;
            say?.(result!);
          }
        },
      },
    ];
    const shown = names.length <= NARRATION_LIMIT ? { names } : {};
    return {
      variants,
      headline: 'eager',
      means: { kind: 'speedup', measures: 'how long until every greeting is done' },
      params: { count: names.length, delayMs: ms, ...shown },
    };
  },
};
