import { type RunContext, type VariantSpec, race } from '../core/index.js';
import { NARRATION_LIMIT, duration, narrator, stamp } from './shared/narration.js';
import { rotatedUnits, timeUnit, unitMs, wait } from './shared/timing.js';
import type { Demo } from './types.js';
import { attachDetail } from './details.js';

interface Mirror {
  name: string;
  ms: number;
}

/**
 * What the `race` detail carries: who won and when, when every contestant had stopped,
 * and the work the losers did after the race was decided (the sum, over the losers, of
 * how long each ran on past the win).
 */
export interface RaceDetail {
  winner: string;
  toWinnerMs: number;
  allStoppedMs: number;
  wastedMs: number;
  losers: number;
  /** How the losers ended: `ran on` to the end, or `cancelled` at the win. */
  losersWere: 'ran on' | 'cancelled';
}

/** Mirror i answers after {@link rotatedUnits} units: 3, 1, 2 for three, so the winner is not the first. */
function mirrors(n: number, unit: number): Mirror[] {
  return Array.from({ length: n }, (_, i) => ({ name: `mirror ${i + 1}`, ms: rotatedUnits(i, n) * unit }));
}

function wasted(ends: readonly number[], winner: number): number {
  let sum = 0;
  for (let i = 0; i < ends.length; i++) if (i !== winner) sum += Math.max(0, ends[i]! - ends[winner]!);
  return sum;
}

/** How a race went: the mirrors, when each stopped (`ends[i]`), the winner's index and when it won. */
interface RaceEnd {
  all: readonly Mirror[];
  ends: readonly number[];
  winner: number;
  toWinnerMs: number;
  losersWere: RaceDetail['losersWere'];
}

/**
 * Called once every contestant has stopped: attaches the `race` detail, and says when
 * that was and how much work came after the win. Both variants end here, so that their
 * details are computed alike.
 */
function report(ctx: RunContext, { all, ends, winner, toWinnerMs, losersWere }: RaceEnd): void {
  const detail: RaceDetail = {
    winner: all[winner]!.name,
    toWinnerMs,
    allStoppedMs: ctx.elapsed(),
    wastedMs: wasted(ends, winner),
    losers: all.length - 1,
    losersWere,
  };
  attachDetail(ctx, 'race', detail);
  ctx.say(
    `every contestant stopped at ${stamp(detail.allStoppedMs)}: ${duration(detail.wastedMs)} of work done after the race was decided`,
  );
}

/**
 * `asyncdemo race`: ask every mirror, keep the first answer. `Promise.race` settles with
 * the first result but leaves the losers running to the end, their work wasted; the
 * core `race` aborts them the moment one wins, and returns once they have stopped.
 * A variant's time is until every contestant has stopped (the work the losers hold on
 * to: sockets, CPU, a server's attention); the time to the winner is in the details.
 *
 * @example
 * const plan = raceDemo.plan(resolveDemoParams(raceDemo, { signal }));
 * plan.variants.map((v) => [v.name, v.plannedMs]); // [['promise-race', 3000], ['race', 1000]]
 */
export const raceDemo: Demo = {
  name: 'race',
  title: 'race: the first answer wins; Promise.race leaves the losers running, race aborts them',
  description:
    'Three mirrors answer after 3 s, 1 s and 2 s. Both variants get the answer of mirror 2 at 1 s. Promise.race ' +
    'then lets mirrors 1 and 3 run on to 3 s and 2 s, 3 s of work nobody will use (their spans show it); the ' +
    "core race() aborts them the moment mirror 2 wins (their spans end 'cancelled' at 1 s) and returns once " +
    'they have stopped. A variant\'s time is until every contestant has stopped; the time to the winner and ' +
    'the wasted work are in the details. Ideal speedup: the slowest mirror over the fastest (3×).',
  examples: ['asyncdemo race', 'asyncdemo race --count 10 --scale 0.1', 'asyncdemo race --json --scale 0.1'],
  variantNames: ['promise-race', 'race'],
  delay: timeUnit(1000, 'mirror i answers after 1 … count units (3, 1, 2 for three)'),
  count: { default: 3, max: 10_000, help: 'how many mirrors race' },
  explain: {
    pattern:
      'race(contestants) starts every contestant with its own signal, settles like the first one to ' +
      'settle, and aborts the others, returning once they have stopped: ' +
      'asyncio.wait(return_when=FIRST_COMPLETED) followed by cancelling the pending tasks. Promise.race ' +
      'settles just as soon but leaves the losers running.',
    whenToUse:
      'Redundant requests (mirrors, replicas, hedged requests), the first of several strategies to ' +
      'answer, or a piece of work raced against a deadline.',
    example: 'race.ts',
    python: `# Not in the tutorial: the asyncio equivalent
import asyncio

async def download(mirror: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    return f"file from {mirror}"

async def main():
    tasks = [
        asyncio.create_task(download("mirror 1", 3)),
        asyncio.create_task(download("mirror 2", 1)),
        asyncio.create_task(download("mirror 3", 2)),
    ]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    print(done.pop().result())

asyncio.run(main())`,
    pitfalls: [
      'Promise.race does not cancel the losers: their requests and timers run on, wasted, and their ' +
        'errors are silently dropped.',
      'The losers stop only if they pass their signal to what they await; one that ignores it delays ' +
        'the race until it ends.',
      'The first to settle wins, success or failure: a contestant that fails first makes the race ' +
        'reject. Promise.any waits for the first success instead.',
    ],
  },
  plan(params) {
    const unit = unitMs(params);
    const n = params.count;
    const all = mirrors(n, unit);
    const fastest = Math.min(...all.map((m) => m.ms));
    const slowest = Math.max(...all.map((m) => m.ms));

    const promiseRace: VariantSpec = {
      name: 'promise-race',
      summary: 'Promise.race: the first answer wins; the losers run on to the end, unseen',
      plannedMs: slowest,
      async run(ctx) {
        const say = narrator(ctx, n, 'mirrors');
        const ends = new Array<number>(n).fill(0);
        const asked = all.map((m, i) =>
          ctx.task(m.name, async () => {
            await wait(ctx, m.ms);
            ends[i] = ctx.elapsed();
            say?.(`${m.name} answered at ${stamp(ends[i])}`);
            return i;
          }),
        );
        const winner = await Promise.race(asked);
        const toWinnerMs = ctx.elapsed();
        ctx.say(`${all[winner]!.name} wins at ${stamp(toWinnerMs)}; the other ${n - 1} keep running`);
        await Promise.allSettled(asked);
        ctx.signal.throwIfAborted();
        report(ctx, { all, ends, winner, toWinnerMs, losersWere: 'ran on' });
      },
    };

    const coreRace: VariantSpec = {
      name: 'race',
      summary: 'race(): the first answer wins; the losers are aborted at once, and have stopped when it returns',
      plannedMs: fastest,
      async run(ctx) {
        const ends = new Array<number>(n).fill(0);
        const winner = await race(
          all.map((m, i) => (signal: AbortSignal) =>
            ctx.task(m.name, async () => {
              try {
                await wait(ctx, m.ms, signal);
                return i;
              } finally {
                ends[i] = ctx.elapsed();
              }
            }),
          ),
          { signal: ctx.signal },
        );
        const toWinnerMs = ends[winner]!;
        ctx.say(
          `${all[winner]!.name} wins at ${stamp(toWinnerMs)}; ` +
            (n > 1 ? `the other ${n - 1} were aborted then, and race() returned at ${stamp(ctx.elapsed())}` : 'no one else ran'),
        );
        report(ctx, { all, ends, winner, toWinnerMs, losersWere: 'cancelled' });
      },
    };

    const shown = n <= NARRATION_LIMIT ? { delaysMs: all.map((m) => m.ms) } : {};
    return {
      variants: [promiseRace, coreRace],
      headline: 'race',
      // Both variants have their answer at the same moment: what differs is the work left running.
      means: { kind: 'first-answer', measures: 'how long until every mirror has stopped (both wait the same for the first answer)' },
      params: { count: n, unitMs: unit, ...shown },
    };
  },
};
