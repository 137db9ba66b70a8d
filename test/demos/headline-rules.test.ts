import { describe, expect, it } from 'vitest';
import type { DemoParamsInput } from '../../src/cli/options.js';
import { renderReport } from '../../src/cli/render/report.js';
import { createStyle } from '../../src/cli/style.js';
import { measure } from '../../src/core/measure.js';
import { asCompletedDemo } from '../../src/demos/as-completed.js';
import { countdownDemo } from '../../src/demos/countdown.js';
import { databaseDemo } from '../../src/demos/database.js';
import { gatherDemo } from '../../src/demos/gather.js';
import { greetDemo } from '../../src/demos/greet.js';
import { limitDemo } from '../../src/demos/limit.js';
import { queueDemo } from '../../src/demos/queue.js';
import { raceDemo } from '../../src/demos/race.js';
import { retryDemo } from '../../src/demos/retry.js';
import { taskgroupDemo } from '../../src/demos/taskgroup.js';
import { timeoutDemo } from '../../src/demos/timeout.js';
import type { Demo } from '../../src/demos/types.js';
import { judgeHeadline } from '../../src/demos/verdict.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { params } from './shared/params.js';

const plain = createStyle({ isTTY: false, env: {} });

async function runDemo(demo: Demo, over: Partial<DemoParamsInput>, only?: readonly string[], runs = 1) {
  const plan = await demo.plan(params(demo, over));
  const clock = new FakeClock();
  const variants = only === undefined ? plan.variants : plan.variants.filter((v) => only.includes(v.name));
  const m = await clock.run(measure({ variants, clock, runs, headline: plan.headline }));
  const verdict = judgeHeadline(m, plan);
  const assessment = verdict === undefined ? { caveats: [] } : { verdict, caveats: [] };
  const report = (quiet: boolean) =>
    renderReport(
      { demo: { name: demo.name, title: demo.title }, measurement: m, assessment, params: {}, runs, width: 200, timeline: false, quiet },
      plain,
    );
  return { plan, m, verdict, full: report(false), quiet: report(true) };
}

/**
 * The rule every demo follows, checked over its options: "× faster" and an efficiency
 * appear only where the headline is a valid speedup, that is where the compared variants
 * did the same work and all of it succeeded, and the demo's headline is a speedup at all.
 */
describe('headline rules, every demo and option', () => {
  const cases: [string, Demo, Partial<DemoParamsInput>, string | undefined][] = [
    ['greet', greetDemo, {}, undefined],
    ['gather', gatherDemo, {}, undefined],
    ['gather --count 1', gatherDemo, { count: 1 }, undefined],
    ['gather --fail Bob', gatherDemo, { options: { fail: 'Bob' } }, 'failed'],
    ['gather --fail Bob --settle', gatherDemo, { options: { fail: 'Bob', settle: true } }, 'failed'],
    ['gather --count 1 --fail Alice', gatherDemo, { count: 1, options: { fail: 'Alice' } }, 'failed'],
    ['taskgroup', taskgroupDemo, {}, undefined],
    ['taskgroup --fail', taskgroupDemo, { options: { fail: 'B' } }, 'failed'],
    ['timeout (timed-out calls alike in both)', timeoutDemo, {}, undefined],
    ['countdown', countdownDemo, {}, undefined],
    ['database', databaseDemo, {}, undefined],
    ['limit', limitDemo, {}, undefined],
    ['queue', queueDemo, {}, undefined],
    ['as-completed', asCompletedDemo, {}, undefined],
    ['race', raceDemo, {}, 'first-answer'],
    ['race --count 1', raceDemo, { count: 1 }, 'first-answer'],
    ['retry', retryDemo, {}, 'reliability'],
    ['retry --failure-rate 0', retryDemo, { options: { failureRate: 0 } }, 'reliability'],
  ];

  it.each(cases)('%s', async (_, demo, over, reason) => {
    let run;
    try {
      run = await runDemo(demo, over);
    } catch (err) {
      // A --fail name a demo does not have is a usage error, not a headline to judge.
      if ((err as Error).name === 'UsageError') return;
      throw err;
    }
    const { verdict, full, quiet } = run;
    expect(verdict).toBeDefined();
    expect(verdict!.reason).toBe(reason);
    expect(verdict!.valid).toBe(reason === undefined);
    for (const text of [full, quiet]) {
      if (reason === undefined) {
        // With an ideal of 1× (one task either way) there is no speedup to claim either.
        expect(text).toMatch(/ ran [\d.]+× (faster|slower) than | took about as long as /);
      } else {
        expect(text).not.toMatch(/× faster|× slower|efficiency \d|\(ideal/);
      }
    }
    expect(full).toContain(`Times measure ${verdict!.measures}.`);
  });

  it('a single variant has no headline to judge, and no Summary', async () => {
    for (const demo of [greetDemo, gatherDemo, raceDemo, retryDemo]) {
      const { verdict, full } = await runDemo(demo, {}, [demo.variantNames[1]!]);
      expect(verdict).toBeUndefined();
      expect(full).not.toContain('Summary');
      expect(full).not.toMatch(/faster|efficiency/);
    }
  });

  it('one run is never called a median; three are, with their range', async () => {
    const one = await runDemo(greetDemo, {}, undefined, 1);
    expect(one.full).toContain('  Time: 3.000 s');
    expect(one.full).not.toContain('median');
    const three = await runDemo(greetDemo, {}, undefined, 3);
    expect(three.full).toContain('  Time (median ± σ): 3.000 s ± 0.0 ms');
    expect(three.full).toContain('  Range (min … max): 3.000 s … 3.000 s   3 runs');
  });

  it('gather --fail Bob says who stopped where and what ran on, in place of a speedup', async () => {
    const { full } = await runDemo(gatherDemo, { options: { fail: 'Bob' } });
    const summary = full.slice(full.indexOf('Summary'));
    expect(summary.split('\n')).toEqual([
      'Summary',
      '  Times measure how long until every greeting is back, or the first one fails.',
      '  No speedup: a task failed, so the runs did not do the same work.',
      '    sequential stopped at Bob after 1.500 s',
      '    gather stopped at 500.0 ms when Bob failed, while Alice and Charlie ran on to 1.000 s',
    ]);
  });

  it('gather --fail Bob --settle: both collected every outcome, each with Bob failed', async () => {
    const { full } = await runDemo(gatherDemo, { options: { fail: 'Bob', settle: true } });
    // Neither gave up: the same tasks ended the same way in both, and the headline says so.
    expect(full).toContain('  No speedup: both runs did the same work, but Bob failed in each; a speedup counts only work that all succeeded.');
    expect(full).not.toContain('did not do the same work');
    expect(full).toContain('    sequential finished at 2.500 s with 1 of 3 tasks failed (Bob)');
    expect(full).toContain('    gather finished at 1.000 s with 1 of 3 tasks failed (Bob)');
  });

  it('race: the first answer in each, and the work left running', async () => {
    const { full } = await runDemo(raceDemo, {});
    expect(full).toContain('  Not a speedup: both race for a first answer.');
    expect(full).toContain('    promise-race: first answer at 1.000 s; then 2 losers ran on for 2.000 s (3.000 s of work nobody used)');
    expect(full).toContain('    race: first answer at 1.000 s; the 2 losers were aborted at once (all stopped 0.0 ms later)');
  });

  it('retry where retrying bought nothing says so, not that more attempts bought more successes', async () => {
    // retry --count 1: one call, ok at once in both; "more attempts buy more successes"
    // over "1/1 against 1/1, for 0.92× the time".
    const none = await runDemo(retryDemo, { options: { failureRate: 0 } });
    expect(none.full).toContain('  Not a speedup: no call needed a retry, so there was nothing to buy.');
    expect(none.full).toContain('    retry: 5/5 calls succeeded in 5 attempts, as for no-retry');
    expect(none.full).not.toMatch(/more successes|× the time/);
    // Every attempt fails: retries were made, and bought nothing.
    const all = await runDemo(retryDemo, { options: { failureRate: 1 } });
    expect(all.full).toMatch(/ {2}Not a speedup: here \d+ more attempts bought no success\./);
    expect(all.full).toContain('    retry: 0/5 calls succeeded, against 0/5 for no-retry');
  });

  it('retry: successes per call, and what they cost in time', async () => {
    const { full, m } = await runDemo(retryDemo, {});
    const [none, retried] = m.variants.map((v) => v.ms!.median);
    expect(full).toContain('  Not a speedup: more attempts buy more successes.');
    expect(full).toMatch(
      new RegExp(`    retry: 5/5 calls succeeded, against 2/5 for no-retry, for ${(retried! / none!).toFixed(2)}× the time`),
    );
  });
});
