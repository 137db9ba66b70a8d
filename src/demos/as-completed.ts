import { asCompleted, gather, type RunContext, type VariantSpec } from '../core/index.js';
import { NARRATION_LIMIT, duration, narrator, stamp, type Say } from './shared/narration.js';
import { personNames } from './shared/names.js';
import { rotatedUnits, timeUnit, unitMs, wait } from './shared/timing.js';
import type { Demo } from './types.js';
import { attachDetail } from './details.js';

/** How many names the detail lists; past that it only counts. */
const ORDER_LIMIT = 20;

interface Job {
  name: string;
  ms: number;
}

/** A finished job and when it finished. */
interface Arrival {
  job: Job;
  at: number;
}

/**
 * What the `completion` detail carries: when the first result reached the handler,
 * when the last one arrived, and the order the results were handled in.
 */
export interface CompletionDetail {
  firstMs: number;
  lastMs: number;
  /** The names in the order they were handled (the first {@link ORDER_LIMIT}). */
  order: string[];
  count: number;
  handleMs: number;
}

/** Job i takes {@link rotatedUnits} units: 3, 1, 2 for three, as asyncio's as_completed examples go. */
function jobs(n: number, unit: number): Job[] {
  const names = personNames(n);
  return names.map((name, i) => ({ name, ms: rotatedUnits(i, n) * unit }));
}

/**
 * When the last result is handled, handling one at a time, each as soon as it has
 * arrived and the handler is free: the as-completed variant's ideal time.
 *
 * @example
 * handledBy([3000, 1000, 2000], 500); // 3500: Bob at 1–1.5 s, Charlie 2–2.5 s, Alice 3–3.5 s
 */
export function handledBy(arrivals: readonly number[], handleMs: number): number {
  let t = 0;
  for (const at of [...arrivals].sort((a, b) => a - b)) t = Math.max(t, at) + handleMs;
  return t;
}

/** Handles results one at a time, recording the order and when the first one arrived. */
function handler(ctx: RunContext, handleMs: number, say: Say | undefined) {
  const order: string[] = [];
  let firstMs = Number.NaN;
  let count = 0;
  return {
    async handle(job: Job): Promise<void> {
      if (count++ === 0) firstMs = ctx.elapsed();
      if (order.length < ORDER_LIMIT) order.push(job.name);
      say?.(`handling ${job.name} (a ${duration(job.ms)} job) at ${stamp(ctx.elapsed())}`);
      await ctx.task(`handle ${job.name}`, () => wait(ctx, handleMs));
    },
    detail(lastMs: number): CompletionDetail {
      return { firstMs, lastMs, order, count, handleMs };
    },
  };
}

/**
 * `asyncdemo as-completed`: jobs taking 3, 1 and 2 s, each result then handled for half a
 * unit, one at a time. Gathering waits for all three and hands them over in input order
 * (the first result is handled at 3 s); `asCompleted` hands each over as it completes
 * (at 1 s), so handling overlaps the waiting and the whole finishes sooner.
 *
 * @example
 * const plan = asCompletedDemo.plan(resolveDemoParams(asCompletedDemo, { signal }));
 * plan.variants.map((v) => [v.name, v.plannedMs]); // [['gather', 4500], ['as-completed', 3500]]
 */
export const asCompletedDemo: Demo = {
  name: 'as-completed',
  title: 'as_completed: handle each result as it arrives instead of all at the end in input order',
  description:
    'Jobs for Alice, Bob and Charlie take 3 s, 1 s and 2 s; each result is then handled for 0.5 s, one at a ' +
    'time (--handle). gather() returns at 3 s with the results in input order, so the first is handled at 3 s ' +
    'and the last done at 4.5 s. asCompleted() yields Bob at 1 s, Charlie at 2 s, Alice at 3 s, so handling ' +
    'overlaps the waiting: the first result is handled at 1 s and the last done at 3.5 s. The details show the ' +
    'time to the first result, to the last, and the order handled. Ideal speedup: 4.5 / 3.5 ≈ 1.29×.',
  examples: ['asyncdemo as-completed', 'asyncdemo as-completed --handle 0', 'asyncdemo as-completed --count 10 --scale 0.1'],
  variantNames: ['gather', 'as-completed'],
  delay: timeUnit(1000, 'job i takes 1 … count units (3, 1, 2 for three)'),
  count: { default: 3, max: 10_000, help: 'how many jobs: Alice, Bob, Charlie, …' },
  options: [
    {
      flags: '--handle <duration>',
      description: 'how long handling one result takes, one at a time (default: half the unit; scaled)',
      kind: 'duration',
      min: 0,
    },
  ],
  explain: {
    pattern:
      'asCompleted(promises) yields the results in the order they finish, so each can be handled as ' +
      'soon as it is ready while the others are still on their way: asyncio.as_completed. gather ' +
      'returns them all together, in input order, when the last one is done.',
    whenToUse:
      'Showing progress, streaming results to a user, or any handling that takes time of its own and ' +
      'can overlap the waiting. Use gather when you need all the results together and in order.',
    example: 'as-completed.ts',
    python: `# Not in the tutorial: the asyncio equivalent
import asyncio

async def job(name: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    return name

async def main():
    jobs = [job("Alice", 3), job("Bob", 1), job("Charlie", 2)]
    for next_done in asyncio.as_completed(jobs):
        name = await next_done
        print(f"{name} is done")

asyncio.run(main())`,
    pitfalls: [
      'Results arrive in completion order: carry a name or an index in each result if you need to know ' +
        'which input it came from.',
      'A rejection is thrown at its turn in the loop and ends the iteration; the other tasks run on.',
      'The same promise listed twice is yielded once, as asyncio.as_completed takes a set; a task ' +
        'function listed twice is called twice (it is a recipe, not an awaitable).',
      'Leaving the loop early (break, throw) does not cancel the remaining work, as in asyncio. To stop ' +
        'it, pass task functions ((signal) => fetch(url, { signal })) and { signal }, and abort that ' +
        'signal before leaving: it aborts every function still running. A plain promise cannot be ' +
        'cancelled.',
    ],
  },
  plan(params) {
    const unit = unitMs(params);
    const n = params.count;
    const given = params.options.handle;
    const handleMs = (typeof given === 'number' ? given : params.delayMs / 2) * params.scale;
    const all = jobs(n, unit);
    const slowest = Math.max(...all.map((j) => j.ms));
    const start = (ctx: RunContext, job: Job): Promise<Arrival> =>
      ctx.task(job.name, async () => {
        await wait(ctx, job.ms);
        return { job, at: ctx.elapsed() };
      });

    const gathered: VariantSpec = {
      name: 'gather',
      summary: 'gather(): every result at once when the slowest is done, handled in input order',
      plannedMs: slowest + n * handleMs,
      async run(ctx) {
        const say = narrator(ctx, n, 'jobs');
        const h = handler(ctx, handleMs, say);
        const results = await gather(all.map((job) => () => start(ctx, job)));
        const lastMs = ctx.elapsed();
        ctx.say(`gather returned at ${stamp(lastMs)} with ${n === 1 ? 'its one result' : `all ${n} results, in input order`}`);
        for (const { job } of results) await h.handle(job);
        attachDetail(ctx, 'completion', h.detail(lastMs));
      },
    };

    const completed: VariantSpec = {
      name: 'as-completed',
      summary: 'asCompleted(): each result as soon as it is ready, handled while the others still run',
      plannedMs: handledBy(
        all.map((j) => j.ms),
        handleMs,
      ),
      async run(ctx) {
        const say = narrator(ctx, n, 'jobs');
        const h = handler(ctx, handleMs, say);
        let lastMs = 0;
        for await (const { job, at } of asCompleted(
          all.map((j) => () => start(ctx, j)),
          { signal: ctx.signal },
        )) {
          lastMs = Math.max(lastMs, at);
          await h.handle(job);
        }
        attachDetail(ctx, 'completion', h.detail(lastMs));
      },
    };

    const shown = n <= NARRATION_LIMIT ? { jobsMs: Object.fromEntries(all.map((j) => [j.name, j.ms])) } : {};
    return {
      variants: [gathered, completed],
      headline: 'as-completed',
      means: { kind: 'speedup', measures: 'how long until every result has been handled' },
      params: { count: n, unitMs: unit, handleMs, ...shown },
    };
  },
};
