import { describe, expect, it } from 'vitest';
import { measure, type VariantResult } from '../../src/core/measure.js';
import { databaseDemo } from '../../src/demos/database.js';
import { UsageError } from '../../src/demos/types.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { expectInterruptionToPropagate } from './shared/context.js';
import { params } from './shared/params.js';

async function run(over: Parameters<typeof params>[1] = {}) {
  const plan = await databaseDemo.plan(params(databaseDemo, over));
  const clock = new FakeClock();
  const m = await clock.run(measure({ variants: plan.variants, clock }));
  expect(clock.pendingTimers).toBe(0);
  return { plan, m };
}

const lines = (v: VariantResult) => v.narration.map((l) => `${l.at} ${l.text}`);
const spans = (v: VariantResult) => v.spans.map((s) => [s.task, s.start, s.end, s.outcome]);
const rows = '[{"id":1,"name":"Alice"}]';

describe('database demo', () => {
  it('connects (0.5 s), queries (0.2 s) and closes (0.1 s): three clients take 2.4 s in turn, 0.8 s at once', async () => {
    const { plan, m } = await run();
    expect(plan.headline).toBe('concurrent');
    expect(plan.params).toEqual({
      count: 3,
      unitMs: 100,
      connectMs: 500,
      queryMs: 200,
      closeMs: 100,
      clients: ['Alice', 'Bob', 'Charlie'],
      fail: null,
    });
    expect(plan.variants.map((v) => [v.name, v.plannedMs])).toEqual([
      ['sequential', 2400],
      ['concurrent', 800],
    ]);
    expect(m.variants.map((v) => v.ms?.median)).toEqual([2400, 800]);
    expect(m.speedups[0]).toMatchObject({ variant: 'concurrent', value: 3, ideal: 3, efficiency: 1 });
    const [sequential, concurrent] = m.variants;
    expect(spans(sequential!).slice(0, 4)).toEqual([
      ['Alice connect', 0, 500, 'ok'],
      ['Alice query', 500, 700, 'ok'],
      ['Alice close', 700, 800, 'ok'],
      ['Bob connect', 800, 1300, 'ok'],
    ]);
    expect(lines(sequential!).slice(0, 4)).toEqual([
      '0 Alice: Connecting to database...',
      `700 Alice: ${rows}`,
      '700 Alice: Closing database connection...',
      '800 Bob: Connecting to database...',
    ]);
    expect(spans(concurrent!).filter((s) => s[0] === 'Charlie close')).toEqual([['Charlie close', 700, 800, 'ok']]);
    expect(lines(concurrent!).slice(0, 3)).toEqual([
      '0 Alice: Connecting to database...',
      '0 Bob: Connecting to database...',
      '0 Charlie: Connecting to database...',
    ]);
  });

  it("with --fail, Bob's query throws, his connection still closes, and the error is caught after the close", async () => {
    const { plan, m } = await run({ options: { fail: true } });
    expect(plan.params).toMatchObject({ fail: 'Bob' });
    expect(m.variants.map((v) => [v.ms?.median, v.error])).toEqual([
      [2400, undefined],
      [800, undefined],
    ]);
    const [sequential, concurrent] = m.variants;
    expect(spans(sequential!).slice(3, 6)).toEqual([
      ['Bob connect', 800, 1300, 'ok'],
      ['Bob query', 1300, 1500, 'error'],
      ['Bob close', 1500, 1600, 'ok'],
    ]);
    expect(lines(sequential!).slice(3, 7)).toEqual([
      '800 Bob: Connecting to database...',
      '1500 Bob: the query throws',
      '1500 Bob: Closing database connection...',
      '1600 Bob: caught "Bob\'s query failed", after the connection was closed',
    ]);
    expect(sequential!.details).toEqual({ caught: { name: 'InjectedFailure', message: "Bob's query failed" } });
    expect(lines(concurrent!).filter((l) => l.includes('Bob'))).toEqual([
      '0 Bob: Connecting to database...',
      '700 Bob: the query throws',
      '700 Bob: Closing database connection...',
      '800 Bob: caught "Bob\'s query failed", after the connection was closed',
    ]);
    expect(spans(concurrent!).filter((s) => String(s[0]).startsWith('Charlie'))).toEqual([
      ['Charlie connect', 0, 500, 'ok'],
      ['Charlie query', 500, 700, 'ok'],
      ['Charlie close', 700, 800, 'ok'],
    ]);
  });

  it('takes --fail <client> by name and refuses unknown ones', async () => {
    const { plan } = await run({ options: { fail: 'Alice' }, count: 1 });
    expect(plan.params).toMatchObject({ fail: 'Alice', clients: ['Alice'] });
    expect(() => databaseDemo.plan(params(databaseDemo, { options: { fail: 'Mallory' } }))).toThrow(
      new UsageError("option '--fail [client]' argument 'Mallory' is invalid. Allowed: Alice, Bob, Charlie."),
    );
    const alone = await databaseDemo.plan(params(databaseDemo, { count: 1, options: { fail: true } }));
    expect(alone.params).toMatchObject({ fail: 'Alice' });
  });

  it('still closes an open connection when the run is interrupted mid-query', async () => {
    const plan = await databaseDemo.plan(params(databaseDemo));
    const clock = new FakeClock();
    const controller = new AbortController();
    const running = measure({ variants: plan.variants.slice(1), clock, signal: controller.signal });
    await clock.advance(600);
    controller.abort(new Error('SIGINT'));
    const m = await clock.run(running);
    const v = m.variants[0]!;
    expect(m.interrupted).toBe(true);
    await expectInterruptionToPropagate(plan.variants.at(-1)!, 600);
    expect(spans(v).filter((s) => String(s[0]).startsWith('Alice'))).toEqual([
      ['Alice connect', 0, 500, 'ok'],
      ['Alice query', 500, 600, 'cancelled'],
      ['Alice close', 600, 700, 'ok'],
    ]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('scales the unit: --delay 50ms --scale 2 keeps the seed proportions', async () => {
    const { m } = await run({ delayMs: 50, scale: 2, count: 2 });
    expect(m.variants.map((v) => v.ms?.median)).toEqual([1600, 800]);
  });
});
