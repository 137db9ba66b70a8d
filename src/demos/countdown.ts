import { countdown, merge, type RunContext, type VariantSpec } from '../core/index.js';
import { SEED_COUNTDOWN } from './explain/seed-python.js';
import { narrator, type Say } from './shared/narration.js';
import { unitMs } from './shared/timing.js';
import { UsageError, type Demo } from './types.js';

const LABELS = ['A', 'B'] as const;

/** A number and the countdown it came from, so that a merged stream still tells them apart. */
interface Tick {
  from: string;
  n: number;
}

/**
 * The tutorial's `async_countdown(n)` on the core `countdown`, plus what the seed cannot
 * show: its `finally` runs when the consumer leaves the loop early, because `break`
 * calls the generator's `return()`, which resumes it at its `yield` as a `return`.
 */
async function* asyncCountdown(ctx: RunContext, from: string, n: number, step: number): AsyncGenerator<Tick> {
  let exhausted = false;
  try {
    for await (const k of countdown(n, { interval: step, signal: ctx.signal, clock: ctx.clock })) yield { from, n: k };
    exhausted = true;
  } finally {
    if (!exhausted) ctx.say(`countdown ${from} closed: finally ran`);
  }
}

/**
 * Records `source` as the task `name`, from its first `next()` to its end (exhausted,
 * closed early, or failed): a generator is not a promise, so `ctx.task` gets one that
 * settles when the generator does.
 */
async function* tracked<T>(ctx: RunContext, name: string, source: AsyncGenerator<T>): AsyncGenerator<T> {
  let settle: (err?: unknown) => void = () => {};
  void ctx.task(name, () => new Promise<void>((resolve, reject) => (settle = (err) => (err === undefined ? resolve() : reject(err)))));
  let failure: unknown;
  try {
    yield* source;
  } catch (err) {
    failure = err ?? new Error(`${name} threw ${String(err)}`);
    throw err;
  } finally {
    settle(failure);
  }
}

function start(ctx: RunContext, from: string, n: number, step: number): AsyncGenerator<Tick> {
  return tracked(ctx, `countdown ${from}`, asyncCountdown(ctx, from, n, step));
}

/** Narrates a tick; true when the loop should break there (`--stop-at`). */
function reached(ctx: RunContext, say: Say | undefined, tick: Tick, stopAt: number | undefined): boolean {
  say?.(`${tick.n} from countdown ${tick.from}`);
  if (tick.n !== stopAt) return false;
  ctx.say(`countdown ${tick.from} reached ${stopAt}: break`);
  return true;
}

/**
 * `asyncdemo countdown`: the tutorial's async generator, two countdowns consumed one after
 * the other and merged into one `for await` loop, and `--stop-at` to show that leaving
 * the loop early runs the generator's `finally`.
 *
 * @example
 * const plan = countdownDemo.plan(resolveDemoParams(countdownDemo, { options: { stopAt: 3 }, signal }));
 * plan.variants.map((v) => v.plannedMs); // [2000, 1000]: each countdown stops after 5, 4, 3
 */
export const countdownDemo: Demo = {
  name: 'countdown',
  title: 'async generators: two countdowns one after the other, or merged into one loop',
  description:
    "The tutorial's async_countdown(5): yield n, sleep 0.5 s, until 1 (2.5 s each). `sequential` runs countdown A " +
    'and then countdown B (5 s); `merged` consumes both at once through merge() (2.5 s), every number tagged ' +
    'with its countdown. Ideal speedup: 2×. --stop-at <n> breaks out of the loop when n comes up: break calls ' +
    "the generator's return(), so its finally block runs (and the core countdown clears its timer).",
  examples: ['asyncdemo countdown', 'asyncdemo countdown --stop-at 3', 'asyncdemo countdown --count 10 --delay 100ms'],
  variantNames: ['sequential', 'merged'],
  delay: { defaultMs: 500, help: "the sleep after each number (the tutorial's asyncio.sleep(0.5))" },
  count: { default: 5, max: 1000, help: 'where each countdown starts (the tutorial: async_countdown(5))' },
  options: [
    {
      flags: '--stop-at <n>',
      description: 'break out of the loop when this number comes up: the generator\'s finally runs',
      kind: 'count',
      min: 1,
      max: 999,
    },
  ],
  explain: {
    pattern:
      'An async generator (async function*) yields values over time, awaiting in between; for await ' +
      '(const x of gen) takes them one at a time: Python\'s async def with yield, and async for. merge() ' +
      'consumes several generators at once and yields each value as it comes, from whichever.',
    whenToUse:
      'Streams: pages of an API, lines of a file or a socket, events, polling. The consumer pulls, so a ' +
      'slow consumer slows the producer down instead of letting values pile up.',
    example: 'countdown.ts',
    python: SEED_COUNTDOWN,
    pitfalls: [
      'Leaving a for await loop early (break, return, throw) calls the generator\'s return(): its ' +
        'finally block runs, so put the clean-up there.',
      'return() cannot interrupt an await in progress: when a consumer gives up while the generator is ' +
        'inside a sleep (merge() closing a source, an abort), the sleep runs to its end before the ' +
        'finally block. Give the generator a signal to cut the wait short.',
      'A generator is lazy: it does nothing until the first next(), unlike a promise.',
      'Two generators consumed one after the other put their waits end to end; merge them to overlap ' +
        'the waits.',
    ],
  },
  plan(params) {
    const step = unitMs(params);
    const n = params.count;
    const stopAt = typeof params.options.stopAt === 'number' ? params.options.stopAt : undefined;
    if (stopAt !== undefined && !(stopAt >= 1 && stopAt < n)) {
      // A countdown from 1 has no number to break at before its first wait ('stop at 1 to 0').
      const range = n > 2 ? `stop at 1 to ${n - 1}` : n === 2 ? 'stop at 1' : 'there is nothing to stop at: use --count 2 or more';
      throw new UsageError(`option '--stop-at <n>' argument '${stopAt}' is invalid: the countdown starts at ${n}, so ${range}.`);
    }
    // Each countdown sleeps once per number it yields; a break at stopAt comes before its sleep.
    const one = (stopAt === undefined ? n : n - stopAt) * step;

    const sequential: VariantSpec = {
      name: 'sequential',
      summary: 'for await over countdown A, then over countdown B',
      plannedMs: LABELS.length * one,
      async run(ctx) {
        const say = narrator(ctx, n, 'numbers per countdown');
        for (const label of LABELS) {
          for await (const tick of start(ctx, label, n, step)) if (reached(ctx, say, tick, stopAt)) break;
        }
      },
    };

    const merged: VariantSpec = {
      name: 'merged',
      summary: 'one for await over merge(countdown A, countdown B): numbers as they come, from either',
      plannedMs: one,
      async run(ctx) {
        const say = narrator(ctx, n, 'numbers per countdown');
        const sources = LABELS.map((label) => start(ctx, label, n, step));
        // Breaking out of the merge closes every source, so both finally blocks run.
        for await (const tick of merge(...sources)) if (reached(ctx, say, tick, stopAt)) break;
      },
    };

    return {
      variants: [sequential, merged],
      headline: 'merged',
      means: { kind: 'speedup', measures: 'how long until every countdown has reached zero' },
      params: { start: n, stepMs: step, stopAt: stopAt ?? null },
    };
  },
};
