import { gather, type RunContext, type VariantSpec } from '../core/index.js';
import { SEED_GATHER } from './explain/seed-python.js';
import { caught, failOption } from './shared/failure.js';
import { GREETING_DELAY, greeter, type Greetings } from './shared/greeting.js';
import { NARRATION_LIMIT, stamp, type Say } from './shared/narration.js';
import { othersThan, personNames } from './shared/names.js';
import { unitMs } from './shared/timing.js';
import type { Demo } from './types.js';

const FAIL = failOption('--fail <name>', 'make this greeting throw halfway through its wait (a task name: Alice, Bob, …)');

/** Narrates one outcome as asyncio's `return_exceptions=True` list would hold it. */
function sayOutcome(say: Say | undefined, outcome: PromiseSettledResult<string | undefined>): void {
  if (outcome.status === 'fulfilled') say?.(outcome.value!);
  else say?.(`rejected: ${(outcome.reason as Error).message}`);
}

function tally(outcomes: readonly PromiseSettledResult<unknown>[]): string {
  let rejected = 0;
  for (const o of outcomes) if (o.status === 'rejected') rejected++;
  return `${outcomes.length - rejected} fulfilled, ${rejected} rejected`;
}

/**
 * `asyncdemo gather`: the tutorial's `asyncio.gather(greet("Alice"), greet("Bob"),
 * greet("Charlie"))` against awaiting each greeting in turn, with an injectable
 * failure to show fail-fast (the siblings run on) and `--settle` (every outcome back).
 *
 * @example
 * const plan = gatherDemo.plan(resolveDemoParams(gatherDemo, { options: { fail: 'Bob' }, signal }));
 * // gather rejects at 0.5 s with "Bob failed"; Alice and Charlie still finish at 1 s
 */
export const gatherDemo: Demo = {
  name: 'gather',
  title: 'asyncio.gather: run the greetings concurrently, fail-fast or settling every outcome',
  description:
    "The tutorial's main_concurrent(): gather(greet('Alice'), greet('Bob'), greet('Charlie')) takes 1 s where " +
    'awaiting them in turn takes 3 s; results come back in input order. Ideal speedup: the number of tasks. ' +
    '--fail <name> makes that greeting throw halfway through its wait: gather rejects at once but, as in asyncio ' +
    'and Promise.all, nothing cancels the siblings, which run on to the end (see their spans). --settle returns ' +
    "every outcome instead, like return_exceptions=True. Try --count 100000: a promise per task, no threads.",
  examples: [
    'asyncdemo gather',
    'asyncdemo gather --fail Bob',
    'asyncdemo gather --fail Bob --settle',
    'asyncdemo gather --count 100000 --variants gather',
  ],
  variantNames: ['sequential', 'gather'],
  delay: GREETING_DELAY,
  count: { default: 3, max: 1_000_000, help: 'how many greetings: Alice, Bob, Charlie, … Judy, task 11, …' },
  options: [
    FAIL.option,
    {
      flags: '--settle',
      description: 'wait for every outcome instead of failing fast (return_exceptions=True)',
      kind: 'flag',
      default: false,
    },
  ],
  explain: {
    pattern:
      'gather([...]) waits for several promises at once and returns their results in input order: ' +
      'asyncio.gather, or Promise.all. The total time is that of the longest task, not the sum. With { ' +
      'settle: true } (Promise.allSettled, return_exceptions=True) it waits for every outcome, failures ' +
      'included.',
    whenToUse:
      'Independent calls whose results you need together: several API requests, queries or files. Use ' +
      'limit() when there are thousands of them, taskGroup() when one failure should cancel the rest, ' +
      'and asCompleted() to handle each result as it arrives.',
    example: 'gather.ts',
    python: SEED_GATHER,
    pitfalls: [
      'gather does not cancel its siblings: at the first failure it rejects at once, and the other ' +
        'tasks run on, their results and errors dropped (asyncio.gather and Promise.all do the same). ' +
        'taskGroup() cancels them.',
      'The tasks are already running when gather is called: gather only waits. It cannot bound the ' +
        'concurrency; wrap the calls in limit(n) for that.',
      'To cancel a gather, as a timeout around asyncio.gather cancels its children, give it task ' +
        'functions ((signal) => fetch(url, { signal })) and { signal }: aborting the signal aborts every ' +
        'one still running. Promises given as such only stop being waited for.',
      'Results come back in input order, not in the order they finish.',
      'A promise per task is cheap (gather --count 100000 runs in a blink), but a socket per task is ' +
        'not: bound real I/O with limit().',
    ],
  },
  plan(params) {
    const ms = unitMs(params);
    const names = personNames(params.count);
    const n = names.length;
    const fail = FAIL.index(names, params);
    const settle = params.options.settle === true;
    const g: Greetings = { names, ms, fail };

    // Critical paths: the failing greeting ends at ms/2. Fail-fast stops a sequential
    // loop there (the later names never start) and a gather too (its siblings run on,
    // but the gather itself has settled); settling waits for everyone.
    const sequentialMs = fail < 0 ? n * ms : settle ? (n - 1) * ms + ms / 2 : fail * ms + ms / 2;
    const gatherMs = fail < 0 || (settle && n > 1) ? ms : ms / 2;

    const sequential: VariantSpec = {
      name: 'sequential',
      summary: settle
        ? 'await each greeting in turn, catching each failure and going on'
        : 'await each greeting in turn: a failure stops the loop',
      plannedMs: sequentialMs,
      async run(ctx) {
        const { start, say } = greeter(ctx, g);
        const outcomes: PromiseSettledResult<string | undefined>[] = [];
        for (let i = 0; i < n; i++) {
          try {
            const value = await start(i);
            if (settle) outcomes.push({ status: 'fulfilled', value });
            else say?.(value!);
          } catch (err) {
            const failure = caught(ctx, err);
            if (!settle) {
              const left = n - 1 - i;
              ctx.say(
                `${failure.message}: the loop stops` +
                  (left === 0 ? '' : `; ${left === 1 ? names[i + 1]! : `the ${left} tasks after it`} never started`),
              );
              return;
            }
            outcomes.push({ status: 'rejected', reason: failure });
          }
        }
        if (settle) report(ctx, say, outcomes, 'every outcome collected');
      },
    };

    const concurrent: VariantSpec = {
      name: 'gather',
      summary: settle
        ? 'gather(..., { settle: true }): every outcome in input order, like return_exceptions=True'
        : 'gather(...): all at once, results in input order, fail-fast without cancelling the siblings',
      plannedMs: gatherMs,
      async run(ctx) {
        const { start, say } = greeter(ctx, g);
        const started = new Array<Promise<string | undefined>>(n);
        for (let i = 0; i < n; i++) started[i] = start(i);
        if (settle) {
          report(ctx, say, await gather(started, { settle: true }), 'gather settled');
          return;
        }
        try {
          const results = await gather(started);
          if (say !== undefined) for (const r of results) say(r!);
        } catch (err) {
          const failure = caught(ctx, err);
          const rest = n > 1 ? `; ${othersThan(names, fail, 'keep running')}` : '';
          ctx.say(`gather rejected at ${stamp(ctx.elapsed())}: ${failure.message}${rest}`);
        }
      },
    };

    const shown = n <= NARRATION_LIMIT ? { names } : {};
    return {
      variants: [sequential, concurrent],
      headline: 'gather',
      means: {
        kind: 'speedup',
        // Settling waits out a failure; fail-fast stops timing at it.
        measures: settle
          ? 'how long until every greeting has settled, failed or not'
          : 'how long until every greeting is back, or the first one fails',
      },
      params: { count: n, delayMs: ms, ...shown, fail: fail < 0 ? null : names[fail], settle },
    };
  },
};

function report(ctx: RunContext, say: Say | undefined, outcomes: PromiseSettledResult<string | undefined>[], what: string): void {
  if (say !== undefined) for (const o of outcomes) sayOutcome(say, o);
  ctx.say(`${what}: ${tally(outcomes)}`);
}
