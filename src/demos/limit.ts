import { limit, type VariantSpec } from '../core/index.js';
import { concurrencyVariant } from './shared/concurrency.js';
import { stamp } from './shared/narration.js';
import { unitMs, wait } from './shared/timing.js';
import { UsageError, type Demo, type DemoParams } from './types.js';
import { attachDetail } from './details.js';

const COUNT = 20;
const CONCURRENCY_FLAGS = '--concurrency <list>';

/** One point of the sweep: the time measured at a concurrency, and the ideal ⌈n/c⌉ · d. */
export interface SweepPoint {
  concurrency: number;
  ms: number;
  idealMs: number;
}

/**
 * What the `sweep` detail carries: the points measured so far in this invocation, which
 * concurrency this variant is, and the whole planned sweep, so that the renderer draws
 * the chart once, under the sweep's last variant, which has seen every point.
 */
export interface SweepDetail {
  n: number;
  taskMs: number;
  concurrency: number;
  sweep: number[];
  points: SweepPoint[];
}

/**
 * The default sweep for `n` tasks: 1, 2, 4, … every power of two below n, then n.
 *
 * @example
 * defaultSweep(20); // [1, 2, 4, 8, 16, 20]
 */
export function defaultSweep(n: number): number[] {
  const points: number[] = [];
  for (let c = 1; c < n; c *= 2) points.push(c);
  points.push(n);
  return points;
}

/** `--concurrency 1,3,5`: whole numbers from 1 to n, sorted, without repeats. */
function parseSweep(values: readonly string[], n: number): number[] {
  const points = new Set<number>();
  for (const value of values) {
    const c = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(c) || c < 1 || c > n) {
      throw new UsageError(
        `option '${CONCURRENCY_FLAGS}' argument '${value}' is invalid. Each concurrency must be a whole number from 1 to the task count (${n}).`,
      );
    }
    points.add(c);
  }
  return [...points].sort((a, b) => a - b);
}

/** The concurrencies a run sweeps: `--concurrency`, or the default sweep for its count. */
function sweepOf(params: DemoParams): number[] {
  const given = params.options.concurrency;
  return Array.isArray(given) && given.length > 0 ? parseSweep(given as string[], params.count) : defaultSweep(params.count);
}

/**
 * `asyncdemo limit`: n tasks of d ms each (20 × 200 ms) under `limit(c)` for c = 1, 2,
 * 4, …, n, one variant per concurrency (`c=1`, `c=2`, …). At concurrency c the tasks run
 * in ⌈n/c⌉ waves, so the ideal time is ⌈n/c⌉ · d and the ideal speedup over c=1 is
 * n / ⌈n/c⌉: linear while c divides n, with plateaus in between (c=16 runs two waves,
 * like c=10). The last variant's `sweep` detail holds every point, for the chart.
 *
 * @example
 * const plan = limitDemo.plan(resolveDemoParams(limitDemo, { signal }));
 * plan.variants.map((v) => [v.name, v.plannedMs]);
 * // [['c=1', 4000], ['c=2', 2000], ['c=4', 1000], ['c=8', 600], ['c=16', 400], ['c=20', 200]]
 */
export const limitDemo: Demo = {
  name: 'limit',
  title: 'limit(c): a concurrency sweep, time against c beside the ideal n / ⌈n / c⌉',
  description:
    'Twenty 200 ms tasks through limit(c) (p-limit; asyncio: a Semaphore around each task) for c = 1, 2, 4, 8, ' +
    '16 and 20. At most c run at once, so they go in ⌈n/c⌉ waves: 4 s at c=1, 2 s at c=2, … 0.2 s at c=20. ' +
    'The ideal speedup n / ⌈n/c⌉ grows linearly while c divides n and stalls in between (c=16 still needs two ' +
    'waves). Under the last variant the report draws time against concurrency beside that ideal curve. ' +
    '--concurrency picks other points (and --count changes the default sweep): each point is a variant c=<n> ' +
    'that --variants can pick, and the chart needs the last point of the sweep (c = n by default) to be among ' +
    'the variants run.',
  examples: [
    'asyncdemo limit',
    'asyncdemo limit --scale 0.1 --json',
    'asyncdemo limit --count 12 --concurrency 1,2,3,4,5,6,12',
    'asyncdemo limit --variants c=1,c=20',
  ],
  variantNames: defaultSweep(COUNT).map(concurrencyVariant),
  variantsFor: {
    names: (params) => sweepOf(params).map(concurrencyVariant),
    help: `c=<n> for each concurrency swept: ${defaultSweep(COUNT).map(concurrencyVariant).join(', ')} by default`,
  },
  delay: { defaultMs: 200, help: 'how long each task takes' },
  count: { default: COUNT, max: 10_000, help: 'how many tasks' },
  options: [
    {
      flags: CONCURRENCY_FLAGS,
      description: 'the concurrencies to sweep, comma-separated (default: 1, 2, 4, … up to the count)',
      kind: 'strings',
    },
  ],
  explain: {
    pattern:
      'limit(c) returns a function that runs at most c tasks at once and queues the rest, starting the ' +
      'next one each time one ends (p-limit; in asyncio, a Semaphore(c) around each task). n tasks of ' +
      'equal length then take ⌈n/c⌉ waves.',
    whenToUse:
      'Many calls to a shared resource: an API with rate limits, a database pool, file descriptors, a ' +
      'server you must not overload. Choose c from what the other side can take, not from the number of ' +
      'tasks.',
    example: 'limit.ts',
    python: `# Not in the tutorial: the asyncio equivalent
import asyncio

async def task(n: int, sem: asyncio.Semaphore) -> int:
    async with sem:
        await asyncio.sleep(0.2)
        return n

async def main():
    sem = asyncio.Semaphore(2)
    results = await asyncio.gather(*(task(n, sem) for n in range(1, 7)))
    print("Done:", *results)

asyncio.run(main())`,
    pitfalls: [
      'Hand it a function, not a promise: run(() => fetch(url)). run(fetch(url)) has already started ' +
        'the request and limits nothing.',
      'Calling a limiter from inside a task it runs can deadlock: every slot may end up waiting for a ' +
        'slot.',
      'The speedup grows only at divisors of n: 20 tasks take two waves at c=10 and still two at c=16.',
      'Queued tasks wait in memory: for an endless stream of work, a bounded Queue gives backpressure ' +
        'instead.',
    ],
  },
  plan(params) {
    const d = unitMs(params);
    const n = params.count;
    const sweep = sweepOf(params);
    const names = Array.from({ length: n }, (_, i) => `task ${i + 1}`);
    // Shared by the variants of this plan: each run records its point, so the last one
    // of the sweep can attach them all (details belong to one variant).
    const measured = new Map<number, number>();

    const variants = sweep.map(
      (c): VariantSpec => ({
        name: concurrencyVariant(c),
        summary: `limit(${c}): at most ${c} at a time, ${Math.ceil(n / c)} wave${Math.ceil(n / c) === 1 ? '' : 's'}`,
        plannedMs: Math.ceil(n / c) * d,
        async run(ctx) {
          const limiter = limit(c, { rejectOnClear: true });
          try {
            // Every task is recorded as it is queued: it waits for a slot, then runs, and
            // the timeline draws the wait apart, on c lanes.
            await Promise.all(
              names.map((name) =>
                ctx.queued(name, (t) =>
                  limiter(() => {
                    // Interrupted: a freed slot must not start a task that would only be cancelled.
                    ctx.signal.throwIfAborted();
                    return t.run(() => wait(ctx, d));
                  }),
                ),
              ),
            );
          } catch (err) {
            limiter.clearQueue();
            throw err;
          }
          const ms = ctx.elapsed();
          ctx.say(`${n} tasks at concurrency ${c}: done at ${stamp(ms)} (${Math.ceil(n / c)} × ${d} ms ideally)`);
          measured.set(c, ms);
          const points = [...measured.entries()]
            .sort(([a], [b]) => a - b)
            .map(([concurrency, at]) => ({ concurrency, ms: at, idealMs: Math.ceil(n / concurrency) * d }));
          const detail: SweepDetail = { n, taskMs: d, concurrency: c, sweep, points };
          attachDetail(ctx, 'sweep', detail);
        },
      }),
    );

    return {
      variants,
      headline: concurrencyVariant(sweep.at(-1)!),
      means: { kind: 'speedup', measures: 'how long until every job is done, at each bound on concurrency' },
      params: { count: n, taskMs: d, concurrency: sweep },
    };
  },
};
