import { gather, type RunContext, type VariantSpec, backoff, retry, type BackoffOptions } from '../core/index.js';
import { InjectedFailure } from './shared/failure.js';
import { narrator, stamp, type Say } from './shared/narration.js';
import { seeded, streamSeed } from './shared/random.js';
import { unitMs, wait } from './shared/timing.js';
import type { Demo } from './types.js';
import { attachDetail } from './details.js';

/** Fails 3 of the 5 first attempts; every call then succeeds within 4 attempts (seed 0: one call gives up). */
const SEED = 5;
const FAILURE_RATE = 0.5;
const RETRIES = 5;
/** How many calls the detail lists one by one. */
const LISTED = 20;

/** Everything that decides a run, so that the plan can replay it exactly. */
export interface RetrySetup {
  calls: number;
  callMs: number;
  failureRate: number;
  seed: number;
  retries: number;
  /** The backoff schedule; its jitter is drawn from each call's own seeded stream. */
  schedule: Required<Omit<BackoffOptions, 'jitter'>>;
  maxTimeMs: number;
}

/** One call's story: how many attempts it made and whether one succeeded. */
export interface CallOutcome {
  name: string;
  attempts: number;
  ok: boolean;
}

/** What the `retry` detail carries. */
export interface RetryDetail {
  calls: number;
  attempts: number;
  successes: number;
  failures: number;
  timeMs: number;
  /** The first {@link LISTED} calls, one by one. */
  perCall: CallOutcome[];
}

/**
 * Call `i`'s random stream: it decides whether each attempt fails (one draw per
 * attempt) and, between attempts, the jittered delay (one draw per retry), in that
 * order; the plan replays the same draws to know the run's time ahead.
 */
function stream(setup: RetrySetup, i: number): () => number {
  return seeded(streamSeed(setup.seed, i));
}

/**
 * Replays call `i` as `retry` will run it, drawing from the same seeded stream in the
 * same order: its attempts, whether one succeeds, and when it ends (ms from the start).
 *
 * @example
 * replayCall(setup, 3, setup.retries); // { attempts: 4, ok: true, endMs: 1261 } with the default setup
 */
export function replayCall(setup: RetrySetup, i: number, retries: number): { attempts: number; ok: boolean; endMs: number } {
  const random = stream(setup, i);
  const delay = backoff({ ...setup.schedule, jitter: random });
  let t = 0;
  for (let attempt = 1; ; attempt++) {
    t += setup.callMs;
    if (random() >= setup.failureRate) return { attempts: attempt, ok: true, endMs: t };
    if (attempt > retries) return { attempts: attempt, ok: false, endMs: t };
    const d = delay(attempt);
    if (t + d > setup.maxTimeMs) return { attempts: attempt, ok: false, endMs: t };
    t += d;
  }
}

/** The flaky call: takes `callMs`, then fails when call `i`'s stream says so. */
function flakyCall(ctx: RunContext, setup: RetrySetup, name: string, random: () => number, say: Say | undefined) {
  return async (attempt: number, signal: AbortSignal): Promise<void> => {
    await ctx.task(`${name} #${attempt}`, async () => {
      await wait(ctx, setup.callMs, signal);
      if (random() < setup.failureRate) {
        say?.(`${name}: attempt ${attempt} failed (HTTP 500, injected) at ${stamp(ctx.elapsed())}`);
        throw new InjectedFailure(`${name}: HTTP 500 (injected)`);
      }
      say?.(`${name}: attempt ${attempt} succeeded at ${stamp(ctx.elapsed())}`);
    });
  };
}

/** Runs every call concurrently, each through `attemptAll`, and reports what happened. */
async function runCalls(
  ctx: RunContext,
  setup: RetrySetup,
  attemptAll: (call: (attempt: number, signal: AbortSignal) => Promise<void>, random: () => number) => Promise<void>,
): Promise<void> {
  const say = narrator(ctx, setup.calls, 'calls');
  const outcomes: CallOutcome[] = Array.from({ length: setup.calls }, (_, i) => ({ name: `call ${i + 1}`, attempts: 0, ok: false }));
  await gather(
    outcomes.map((track, i) => async () => {
      const random = stream(setup, i);
      const call = flakyCall(ctx, setup, track.name, random, say);
      const counted = (attempt: number, signal: AbortSignal): Promise<void> => {
        track.attempts = attempt;
        return call(attempt, signal);
      };
      try {
        await attemptAll(counted, random);
        track.ok = true;
      } catch (err) {
        if (!(err instanceof InjectedFailure)) throw err;
      }
    }),
  );
  ctx.signal.throwIfAborted();
  const successes = outcomes.filter((o) => o.ok).length;
  const attempts = outcomes.reduce((sum, o) => sum + o.attempts, 0);
  const timeMs = ctx.elapsed();
  ctx.say(`${successes} of ${setup.calls} calls succeeded, in ${attempts} attempts, at ${stamp(timeMs)}`);
  const detail: RetryDetail = {
    calls: setup.calls,
    attempts,
    successes,
    failures: setup.calls - successes,
    timeMs,
    perCall: outcomes.slice(0, LISTED),
  };
  attachDetail(ctx, 'retry', detail);
}

/**
 * `asyncdemo retry`: five concurrent calls to a flaky service (each 200 ms, failing half
 * the time, decided by a seeded generator so every run is the same; `--seed` picks
 * another). Without retry, the failures stand; with `retry()`, exponential backoff
 * (100 ms, 200 ms, 400 ms, … capped at 1.6 s) and full jitter, at most 5 retries within
 * 5 s, nearly every call succeeds, at the cost of time. The `retry` detail counts
 * attempts, successes and the time spent.
 *
 * @example
 * const plan = retryDemo.plan(resolveDemoParams(retryDemo, { signal }));
 * plan.variants.map((v) => v.name); // ['no-retry', 'retry']
 */
export const retryDemo: Demo = {
  name: 'retry',
  title: 'retry: exponential backoff with jitter against a flaky call, vs no retry',
  description:
    'Five concurrent calls to a flaky service: each takes 200 ms and fails (an injected HTTP 500) with ' +
    'probability 0.5, decided by a seeded generator, so every run fails the same way (--seed for another ' +
    'draw, --failure-rate for another rate). no-retry makes each call once: the failures stand. retry wraps ' +
    'each call in retry(): up to 5 retries, waiting 100 ms, 200 ms, 400 ms, … (factor 2, capped at 1.6 s) with ' +
    'full jitter, within 5 s, abortable throughout. It buys successes with time: the details count attempts, ' +
    'successes and time spent (with --seed 0 one call fails all 6 attempts: retrying is bounded). Planned ' +
    'times replay the same draws, so the ideal is exact.',
  examples: [
    'asyncdemo retry',
    'asyncdemo retry --seed 0',
    'asyncdemo retry --count 10 --seed 7',
    'asyncdemo retry --failure-rate 0.8 --scale 0.1',
  ],
  variantNames: ['no-retry', 'retry'],
  delay: { defaultMs: 200, help: 'how long one call takes; the backoff starts at half of it' },
  count: { default: 5, max: 10_000, help: 'how many calls run concurrently' },
  options: [
    { flags: '--seed <n>', description: 'seed of the generator that decides failures and jitter', kind: 'count', min: 0, max: 2 ** 32 - 1, default: SEED },
    {
      flags: '--failure-rate <p>',
      description: 'probability that an attempt fails',
      kind: 'number',
      min: 0,
      max: 1,
      default: FAILURE_RATE,
    },
    { flags: '--retries <n>', description: 'retries after the first attempt', kind: 'count', min: 0, max: 100, default: RETRIES },
  ],
  explain: {
    pattern:
      'retry(fn, options) calls fn until it succeeds, waiting longer after each failure: exponential ' +
      'backoff (minDelay × factor^k, capped at maxDelay) with jitter, within a number of retries and a ' +
      'time budget, and it stops at once when its signal aborts. asyncio has no retry; in Python it is ' +
      'a loop, or a library such as tenacity.',
    whenToUse:
      'Transient failures: HTTP 429, 500 or 503, dropped connections, lock contention. Not for errors ' +
      'that will not go away (400, 404, bad credentials): throw an AbortError, or say no in ' +
      'shouldRetry, to stop at once.',
    example: 'retry.ts',
    python: `# Not in the tutorial: the asyncio equivalent (asyncio has no retry: a loop does it)
import asyncio
import random

async def call_with_retry(fn, retries=5, min_delay=0.1, factor=2, max_delay=1.6):
    for attempt in range(retries + 1):
        try:
            return await fn()
        except Exception as error:
            if attempt == retries:
                raise
            print(f"attempt {attempt + 1} failed: {error}")
            delay = min(max_delay, min_delay * factor ** attempt)
            await asyncio.sleep(random.uniform(0, delay))  # full jitter`,
    pitfalls: [
      'Retry only what is safe to repeat: retrying a payment that timed out may charge twice.',
      'Without jitter, clients that failed together retry together and knock the service over again.',
      'Bound the whole thing (retries and maxTime): an unbounded retry turns an outage into a hang.',
      'Retries multiply the load on a service that is already struggling: retry at one layer only.',
    ],
  },
  plan(params) {
    const callMs = unitMs(params);
    const seed = params.options.seed as number;
    const failureRate = params.options.failureRate as number;
    const retries = params.options.retries as number;
    const setup: RetrySetup = {
      calls: params.count,
      callMs,
      failureRate,
      seed,
      retries,
      schedule: { minDelay: callMs / 2, factor: 2, maxDelay: callMs * 8 },
      maxTimeMs: callMs * 25,
    };
    const planned = (r: number): number =>
      Math.max(...Array.from({ length: setup.calls }, (_, i) => replayCall(setup, i, r).endMs));

    const variants: VariantSpec[] = [
      {
        name: 'no-retry',
        summary: 'each call once: a failure is final',
        plannedMs: planned(0),
        run: (ctx) => runCalls(ctx, setup, (call) => call(1, ctx.signal)),
      },
      {
        name: 'retry',
        summary: `retry(): up to ${retries} retries, backoff from ${setup.schedule.minDelay} ms ×2 with full jitter, within ${setup.maxTimeMs} ms`,
        plannedMs: planned(retries),
        run: (ctx) =>
          runCalls(ctx, setup, (call, random) =>
            retry(call, {
              ...setup.schedule,
              retries,
              jitter: random,
              maxTime: setup.maxTimeMs,
              signal: ctx.signal,
              clock: ctx.clock,
            }),
          ),
      },
    ];
    return {
      variants,
      headline: 'retry',
      // retry does more work to get more successes: a ratio of times is its cost, not a speedup.
      means: { kind: 'reliability', measures: 'how long until every call has its final answer, success or failure' },
      params: { count: setup.calls, callMs, failureRate, seed, retries, ...setup.schedule, maxTimeMs: setup.maxTimeMs },
    };
  },
};
