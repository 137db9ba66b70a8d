import { describe, expect, it } from 'vitest';
import { measure } from '../../src/core/measure.js';
import { raceDemo } from '../../src/demos/race.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { params } from './shared/params.js';

async function run(over: Parameters<typeof params>[1] = {}) {
  const plan = await raceDemo.plan(params(raceDemo, over));
  const clock = new FakeClock();
  const m = await clock.run(measure({ variants: plan.variants, clock, headline: plan.headline }));
  expect(clock.pendingTimers).toBe(0);
  return { plan, m };
}

describe('race demo', () => {
  it('plans the slowest mirror for Promise.race and the fastest for race, and measures exactly that', async () => {
    const { plan, m } = await run();
    expect(plan.params).toEqual({ count: 3, unitMs: 1000, delaysMs: [3000, 1000, 2000] });
    expect(plan.variants.map((v) => [v.name, v.plannedMs])).toEqual([
      ['promise-race', 3000],
      ['race', 1000],
    ]);
    expect(m.variants.map((v) => v.ms?.median)).toEqual([3000, 1000]);
    expect(m.speedups[0]).toMatchObject({ variant: 'race', baseline: 'promise-race', value: 3, ideal: 3, efficiency: 1 });
  });

  it("Promise.race's losers run to the end: their spans show the wasted work", async () => {
    const { m } = await run();
    const v = m.variants[0]!;
    expect(v.spans.map((s) => [s.task, s.start, s.end, s.outcome])).toEqual([
      ['mirror 1', 0, 3000, 'ok'],
      ['mirror 2', 0, 1000, 'ok'],
      ['mirror 3', 0, 2000, 'ok'],
    ]);
    expect(v.details).toEqual({
      race: { winner: 'mirror 2', toWinnerMs: 1000, allStoppedMs: 3000, wastedMs: 3000, losers: 2, losersWere: 'ran on' },
    });
    expect(v.narration.map((l) => `${l.at} ${l.text}`)).toEqual([
      '1000 mirror 2 answered at +1.00s',
      '1000 mirror 2 wins at +1.00s; the other 2 keep running',
      '2000 mirror 3 answered at +2.00s',
      '3000 mirror 1 answered at +3.00s',
      '3000 every contestant stopped at +3.00s: 3 s of work done after the race was decided',
    ]);
  });

  it("race's losers are cancelled the moment the winner answers: nothing wasted", async () => {
    const { m } = await run();
    const v = m.variants[1]!;
    expect(v.spans.map((s) => [s.task, s.end, s.outcome, s.error])).toEqual([
      ['mirror 1', 1000, 'cancelled', 'race lost: contestant #1 finished first'],
      ['mirror 2', 1000, 'ok', undefined],
      ['mirror 3', 1000, 'cancelled', 'race lost: contestant #1 finished first'],
    ]);
    expect(v.details).toEqual({
      race: { winner: 'mirror 2', toWinnerMs: 1000, allStoppedMs: 1000, wastedMs: 0, losers: 2, losersWere: 'cancelled' },
    });
    expect(v.narration.map((l) => l.text)[0]).toBe('mirror 2 wins at +1.00s; the other 2 were aborted then, and race() returned at +1.00s');
  });

  it('scales, and stays silent past the narration limit', async () => {
    const { plan, m } = await run({ scale: 0.1, count: 50 });
    expect(plan.params).toEqual({ count: 50, unitMs: 100 });
    expect(m.variants.map((v) => v.ms?.median)).toEqual([5000, 100]);
    expect(m.variants[0]!.narration[0]!.text).toBe('(narration off for 50 mirrors)');
    // 49 losers ran on for 1 … 49 units after the win
    expect((m.variants[0]!.details!.race as { wastedMs: number }).wastedMs).toBeCloseTo((49 * 50 * 100) / 2);
  });

  it('lets an interruption through, cancelling every mirror', async () => {
    const plan = await raceDemo.plan(params(raceDemo));
    const clock = new FakeClock();
    const controller = new AbortController();
    const running = measure({ variants: plan.variants.slice(1), clock, signal: controller.signal });
    await clock.advance(500);
    controller.abort(new Error('SIGINT'));
    const m = await clock.run(running);
    expect(m.interrupted).toBe(true);
    expect(m.variants[0]!.narration).toEqual([]);
    expect(m.variants[0]!.spans.map((s) => [s.end, s.outcome, s.error])).toEqual([
      [500, 'cancelled', 'SIGINT'],
      [500, 'cancelled', 'SIGINT'],
      [500, 'cancelled', 'SIGINT'],
    ]);
    expect(clock.pendingTimers).toBe(0);
  });
});
