import { TimeoutError, gather, type RunContext, type VariantSpec, timeout } from '../core/index.js';
import { SEED_TIMEOUT } from './explain/seed-python.js';
import { duration, NARRATION_LIMIT, narrator, type Say } from './shared/narration.js';
import { timeUnit, unitMs, wait } from './shared/timing.js';
import type { Demo } from './types.js';

/** Each call's sleep in units (cycling past three calls), and the timeout over each. */
const CALL_UNITS = [1, 3, 10] as const;
const TIMEOUT_UNITS = 2;

interface Call {
  name: string;
  ms: number;
}

/**
 * The tutorial's main_timeout(): `async with asyncio.timeout(2): await asyncio.sleep(10)`,
 * for one call. Resolves either way: a TimeoutError is the expected outcome, narrated
 * as the seed prints it; anything else (an interruption) propagates.
 */
async function call(ctx: RunContext, c: Call, limit: number, say: Say | undefined): Promise<void> {
  say?.(`${c.name}: sleep ${duration(c.ms)} under a ${duration(limit)} timeout`);
  try {
    await timeout(limit, (signal) => ctx.task(c.name, () => wait(ctx, c.ms, signal)), { signal: ctx.signal, clock: ctx.clock });
    say?.(`${c.name}: done in time`);
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err;
    say?.('Operation timed out!');
    // timeout() rejects only once its body has settled, so the sleep has already
    // rejected with the abort, which cleared its timer: nothing is left running.
    say?.(`the ${duration(c.ms)} sleep was cancelled: no timer left`);
  }
}

/**
 * `asyncdemo timeout`: the tutorial's `asyncio.timeout(2)` around sleeps of 1, 3 and 10
 * units, one call after another and all at once; the sleeps that overrun are really
 * cancelled at the deadline, not left running in the background.
 *
 * @example
 * const plan = timeoutDemo.plan(resolveDemoParams(timeoutDemo, { signal }));
 * plan.variants.map((v) => v.plannedMs); // [5000, 2000]: 1 + 2 + 2 s, then max(1, 2, 2) s
 */
export const timeoutDemo: Demo = {
  name: 'timeout',
  title: 'timeouts: a 2 s deadline over calls of 1 s, 3 s and 10 s, one after another or at once',
  description:
    "The tutorial's main_timeout(): asyncio.timeout(2) around asyncio.sleep(10) prints \"Operation timed out!\". Here " +
    'three calls sleep 1, 3 and 10 s, each under its own 2 s timeout (timeout(ms, (signal) => …)): the first ' +
    'finishes, the others time out at 2 s, and their sleeps are cancelled through the signal (no timer is left ' +
    'behind). `sequential` takes 1 + 2 + 2 = 5 s, `concurrent` 2 s. Ideal speedup: 2.5×.',
  examples: ['asyncdemo timeout', 'asyncdemo timeout --scale 0.1', 'asyncdemo timeout --delay 100ms --count 6'],
  variantNames: ['sequential', 'concurrent'],
  delay: timeUnit(1000, 'the calls sleep 1, 3 and 10 units under a 2-unit timeout (the tutorial: seconds)'),
  count: { default: 3, max: 10_000, help: 'how many calls; their sleeps cycle through 1, 3 and 10 units' },
  explain: {
    pattern:
      'timeout(ms, (signal) => body(signal)) runs the body under a deadline: on expiry it aborts the ' +
      'body\'s signal and, once the body has stopped, rejects with a TimeoutError (its cause is the ' +
      'abort): asyncio.timeout(). The platform\'s AbortSignal.timeout(ms) gives the signal alone, for ' +
      'fetch and the other APIs that take one.',
    whenToUse:
      'Around every call that may hang: a network request, a lock, a queue, a callback you do not ' +
      'control. Put one deadline around the whole operation, retries included, rather than one per ' +
      'step.',
    example: 'timeout.ts',
    python: SEED_TIMEOUT,
    pitfalls: [
      'A timeout cannot stop what does not listen, and it waits for its body: timeout(100, () => ' +
        'sleep(1000)) resolves after about 1 s with no TimeoutError at all, as asyncio does for a body ' +
        'that swallows its cancellation. scope.expired() (the body\'s second argument) tells that the ' +
        'deadline passed; pass the signal to every await in the body so that it really stops.',
      'Promise.race([work, sleep(ms)]) is not a timeout: it answers in time but leaves the work ' +
        'running.',
      'JavaScript has no built-in TimeoutError class: test for the library\'s (err instanceof ' +
        'TimeoutError). AbortSignal.timeout() aborts with a DOMException named \'TimeoutError\'.',
      'Nested timeouts each fire at their own level: an inner TimeoutError can be caught inside the ' +
        'outer scope, which still has its own deadline.',
      'A cancellation cannot be caught and cleared: once the deadline passed, the signal stays ' +
        'aborted, so cleanup that awaits on it (a close, a flush, even a nested timeout given it) ' +
        'fails at once. Give awaited cleanup a fresh, bounded signal: finally { await shielded(500, ' +
        '(fresh) => conn.close(fresh)) } (trio\'s shielded scope; asyncio\'s new timeout in finally). ' +
        'See examples/shielded-cleanup.ts.',
    ],
  },
  plan(params) {
    const unit = unitMs(params);
    const limit = TIMEOUT_UNITS * unit;
    const n = params.count;
    const calls: Call[] = Array.from({ length: n }, (_, i) => ({
      name: `call ${i + 1}`,
      ms: CALL_UNITS[i % CALL_UNITS.length]! * unit,
    }));
    const bounded = calls.map((c) => Math.min(c.ms, limit));

    const variants: VariantSpec[] = [
      {
        name: 'sequential',
        summary: 'each call in its own timeout, one after another',
        plannedMs: bounded.reduce((a, b) => a + b, 0),
        async run(ctx) {
          const say = narrator(ctx, n, 'calls');
          for (const c of calls) await call(ctx, c, limit, say);
        },
      },
      {
        name: 'concurrent',
        summary: 'every call in its own timeout, all at once under gather',
        plannedMs: Math.max(...bounded),
        async run(ctx) {
          const say = narrator(ctx, n, 'calls');
          await gather(calls.map((c) => call(ctx, c, limit, say)));
        },
      },
    ];
    const shown = n <= NARRATION_LIMIT ? { calls: calls.map((c) => ({ name: c.name, ms: c.ms })) } : {};
    return {
      variants,
      headline: 'concurrent',
      means: { kind: 'speedup', measures: 'how long until every call has finished or timed out' },
      params: { count: n, unitMs: unit, timeoutMs: limit, ...shown },
    };
  },
};
