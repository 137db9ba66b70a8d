import { describe, expect, it } from 'vitest';
import { measure, type MeasureEvent, type RunContext, type VariantSpec } from '../../src/core/measure.js';
import { limit } from '../../src/core/limit.js';
import { sleep } from '../../src/core/sleep.js';
import { FakeClock } from '../helpers/fake-clock.js';

const names = ['Alice', 'Bob', 'Charlie'];
const wait = (ctx: RunContext, ms: number) => sleep(ms, { signal: ctx.signal, clock: ctx.clock });

function variants(delays: number[] = [1000, 1000, 1000]): VariantSpec[] {
  return [
    {
      name: 'sequential',
      summary: 'one after another',
      plannedMs: delays.reduce((a, b) => a + b, 0),
      run: async (ctx) => {
        for (const [i, name] of names.entries()) await ctx.task(name, () => wait(ctx, delays[i]!));
      },
    },
    {
      name: 'gather',
      summary: 'all at once',
      plannedMs: Math.max(...delays),
      run: (ctx) => Promise.all(names.map((name, i) => ctx.task(name, () => wait(ctx, delays[i]!)))),
    },
  ];
}

describe('measure', () => {
  it('times each variant, records spans on lanes, and computes the speedup with its ideal', async () => {
    const clock = new FakeClock();
    const m = await clock.run(measure({ variants: variants(), clock }));
    expect(m.interrupted).toBe(false);
    expect(m.variants.map((v) => v.ms?.median)).toEqual([3000, 1000]);
    expect(m.variants[0]!.spans.map((s) => [s.task, s.start, s.end, s.lane])).toEqual([
      ['Alice', 0, 1000, 0],
      ['Bob', 1000, 2000, 0],
      ['Charlie', 2000, 3000, 0],
    ]);
    expect(m.variants[1]!.spans.map((s) => [s.task, s.start, s.end, s.lane, s.outcome])).toEqual([
      ['Alice', 0, 1000, 0, 'ok'],
      ['Bob', 0, 1000, 1, 'ok'],
      ['Charlie', 0, 1000, 2, 'ok'],
    ]);
    expect(m.speedups).toEqual([
      { variant: 'gather', baseline: 'sequential', value: 3, stddev: 0, ideal: 3, efficiency: 1, valid: true },
    ]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('interleaves variants round by round after the warm-up and reports sample statistics', async () => {
    const clock = new FakeClock();
    const order: string[] = [];
    let extra = 0;
    const spec: VariantSpec[] = ['a', 'b'].map((name) => ({
      name,
      summary: name,
      plannedMs: 100,
      run: async (ctx) => {
        order.push(name);
        await wait(ctx, name === 'a' ? 100 + 10 * extra++ : 50);
      },
    }));
    const m = await clock.run(measure({ variants: spec, clock, runs: 3, warmup: 1 }));
    expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    expect(m.variants[0]!.ms).toEqual({ median: 120, mean: 120, min: 110, max: 130, stddev: 10, samples: [110, 120, 130] });
    expect(m.speedups[0]!.value).toBeCloseTo(120 / 50);
    expect(m.speedups[0]!.stddev).toBeCloseTo((120 / 50) * (10 / 120));
  });

  it('ends a run when its body settles but drains siblings that run on, keeping their spans', async () => {
    const clock = new FakeClock();
    const failFast: VariantSpec = {
      name: 'gather',
      summary: 'fail-fast',
      plannedMs: 1000,
      run: async (ctx) => {
        const tasks = [
          ctx.task('Alice', () => wait(ctx, 1000)),
          ctx.task('Bob', async () => {
            await wait(ctx, 500);
            throw new Error('Bob failed');
          }),
        ];
        await Promise.all(tasks).catch((err: Error) => ctx.say(`gather rejected: ${err.message}`));
      },
    };
    const m = await clock.run(measure({ variants: [failFast], clock }));
    const v = m.variants[0]!;
    expect(v.ms!.median).toBe(500);
    expect(v.error).toBeUndefined();
    expect(v.narration).toEqual([{ at: 500, text: 'gather rejected: Bob failed' }]);
    expect(v.spans.map((s) => [s.task, s.end, s.outcome])).toEqual([
      ['Alice', 1000, 'ok'],
      ['Bob', 500, 'error'],
    ]);
    expect(m.speedups).toEqual([]);
  });

  it('records an unexpected failure and cancels what the body left running', async () => {
    const clock = new FakeClock();
    const broken: VariantSpec = {
      name: 'broken',
      summary: 'throws',
      plannedMs: 1,
      run: (ctx) => {
        void ctx.task('left behind', () => wait(ctx, 10_000)).catch(() => {});
        return Promise.reject(new AggregateError([new Error('inner')], 'outer'));
      },
    };
    const m = await clock.run(measure({ variants: [broken], clock }));
    expect(m.variants[0]!.error).toEqual({ name: 'AggregateError', message: 'outer', errors: [{ name: 'Error', message: 'inner' }] });
    expect(m.variants[0]!.spans[0]).toMatchObject({ task: 'left behind', end: 0, outcome: 'cancelled' });
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops on abort: cancels the running variant, keeps its partial spans and what completed', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const run = measure({ variants: variants(), clock, signal: controller.signal, runs: 2 });
    await clock.advance(1500);
    controller.abort(new Error('SIGINT'));
    const m = await clock.run(run);
    expect(m.interrupted).toBe(true);
    expect(m.variants).toHaveLength(1);
    expect(m.variants[0]!.ms).toBeNull();
    expect(m.variants[0]!.error).toBeUndefined();
    expect(m.variants[0]!.spans.map((s) => s.outcome)).toEqual(['ok', 'cancelled']);
    expect(m.speedups).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('puts the requested headline first', async () => {
    const clock = new FakeClock();
    const three = [...variants(), { ...variants()[1]!, name: 'other' }];
    const m = await clock.run(measure({ variants: three, clock, headline: 'other' }));
    expect(m.speedups.map((s) => s.variant)).toEqual(['other', 'gather']);
  });

  it('rejects bad run counts', async () => {
    await expect(measure({ variants: variants(), runs: 0 })).rejects.toThrow(RangeError);
    await expect(measure({ variants: variants(), warmup: -1 })).rejects.toThrow(RangeError);
  });
});

describe('measure details', () => {
  it('carries what the first timed run attached with ctx.detail', async () => {
    const clock = new FakeClock();
    let run = 0;
    const spec: VariantSpec = {
      name: 'http',
      summary: 'detail',
      plannedMs: 1,
      run: (ctx) => {
        ctx.detail('http', { run: ++run });
        return Promise.resolve();
      },
    };
    const m = await clock.run(measure({ variants: [spec], clock, runs: 2, warmup: 1 }));
    expect(m.variants[0]!.details).toEqual({ http: { run: 2 } });
  });
});

describe('measure events', () => {
  /** Events as compact strings: `variant@at:what`. */
  const brief = (e: MeasureEvent): string => {
    switch (e.type) {
      case 'variant-start':
        return `${e.variant}@${e.at}:start ${e.phase} ${e.round}/${e.rounds} planned ${e.plannedMs}`;
      case 'task-start':
        return `${e.variant}@${e.at}:task ${e.id} ${e.task}${e.waiting === true ? ' waiting' : ''}`;
      case 'task-run':
        return `${e.variant}@${e.at}:run ${e.id}`;
      case 'say':
        return `${e.variant}@${e.at}:say ${e.text}`;
      case 'task-end':
        return `${e.variant}@${e.at}:${e.outcome} ${e.id}${e.error === undefined ? '' : ` (${e.error})`}${e.waiting === true ? ' never ran' : ''}`;
      case 'variant-end':
        return `${e.variant}@${e.at}:end ${e.ms}${e.interrupted ? ' interrupted' : ''}${e.error === undefined ? '' : ` ${e.error.message}`}`;
    }
  };

  it('reports every start, narration line, settlement and end as it happens, on the variant clock', async () => {
    const clock = new FakeClock();
    const events: string[] = [];
    const times: number[] = [];
    const spec: VariantSpec = {
      name: 'gather',
      summary: 'all at once',
      plannedMs: 1000,
      run: async (ctx) => {
        ctx.say('starting');
        await Promise.allSettled([
          ctx.task('Alice', () => wait(ctx, 1000)),
          ctx.task('Bob', async () => {
            await wait(ctx, 500);
            throw new Error('Bob failed');
          }),
        ]);
        ctx.say('done');
      },
    };
    // Each event arrives while the clock reads its stamp: it is live, not replayed later.
    const m = await clock.run(
      measure({
        variants: [spec],
        clock,
        onEvent: (e) => {
          events.push(brief(e));
          times.push(clock.now());
        },
      }),
    );
    expect(events).toEqual([
      'gather@0:start measure 1/1 planned 1000',
      'gather@0:say starting',
      'gather@0:task 0 Alice',
      'gather@0:task 1 Bob',
      'gather@500:error 1 (Bob failed)',
      'gather@1000:ok 0',
      'gather@1000:say done',
      'gather@1000:end 1000',
    ]);
    expect(times).toEqual([0, 0, 0, 0, 500, 1000, 1000, 1000]);
    // The stream and the result tell the same story.
    expect(m.variants[0]!.narration).toEqual([
      { at: 0, text: 'starting' },
      { at: 1000, text: 'done' },
    ]);
  });

  it('tasks whose work is one and the same promise each get their own end, in order, when it settles', async () => {
    const clock = new FakeClock();
    const events: string[] = [];
    const spec: VariantSpec = {
      name: 'gather',
      summary: 'all at once',
      plannedMs: 1000,
      run: async (ctx) => {
        const shared = wait(ctx, 1000);
        const other = wait(ctx, 500);
        const failing = wait(ctx, 250).then(() => {
          throw new Error('boom');
        });
        await Promise.allSettled([
          ctx.task('a', () => shared),
          ctx.task('b', () => shared),
          ctx.task('c', () => other), // another promise in between: d starts a group of its own
          ctx.task('f', () => failing),
          ctx.task('g', () => failing),
          ctx.task('d', () => shared),
          ctx.task('e', () => shared),
        ]);
        // The promise of the last group, settled, its handlers run: this one needs its own.
        await ctx.task('late', () => shared);
      },
    };
    const m = await clock.run(measure({ variants: [spec], clock, onEvent: (e) => events.push(brief(e)) }));
    expect(events.filter((e) => !e.includes(':task '))).toEqual([
      'gather@0:start measure 1/1 planned 1000',
      'gather@250:error 3 (boom)',
      'gather@250:error 4 (boom)',
      'gather@500:ok 2',
      'gather@1000:ok 0',
      'gather@1000:ok 1',
      'gather@1000:ok 5',
      'gather@1000:ok 6',
      'gather@1000:ok 7',
      'gather@1000:end 1000',
    ]);
    expect(m.variants[0]!.spans.map((s) => `${s.task} ${s.start}-${s.end} ${s.outcome}${s.error === undefined ? '' : ` ${s.error}`}`)).toEqual([
      'a 0-1000 ok',
      'b 0-1000 ok',
      'c 0-500 ok',
      'f 0-250 error boom',
      'g 0-250 error boom',
      'd 0-1000 ok',
      'e 0-1000 ok',
      'late 1000-1000 ok',
    ]);
  });

  it('reports warm-up and timed rounds, in order, each numbered', async () => {
    const clock = new FakeClock();
    const starts: string[] = [];
    await clock.run(
      measure({
        variants: variants(),
        clock,
        runs: 2,
        warmup: 1,
        onEvent: (e) => void (e.type === 'variant-start' && starts.push(`${e.phase} ${e.round}/${e.rounds} ${e.variant}`)),
      }),
    );
    expect(starts).toEqual([
      'warmup 1/1 sequential',
      'warmup 1/1 gather',
      'measure 1/2 sequential',
      'measure 1/2 gather',
      'measure 2/2 sequential',
      'measure 2/2 gather',
    ]);
  });

  it('ends an interrupted run with its cancelled tasks and an interrupted end', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const events: string[] = [];
    const run = measure({ variants: variants(), clock, signal: controller.signal, onEvent: (e) => events.push(brief(e)) });
    await clock.advance(1500);
    controller.abort(new Error('SIGINT'));
    await clock.run(run);
    expect(events.slice(-3)).toEqual(['sequential@1000:task 1 Bob', 'sequential@1500:cancelled 1 (SIGINT)', 'sequential@1500:end 1500 interrupted']);
  });

  it('an observer that aborts on variant-start stops that variant at once (a closed stdout found while printing its heading)', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const events: string[] = [];
    const run = measure({
      variants: variants(),
      clock,
      signal: controller.signal,
      onEvent: (e) => {
        events.push(brief(e));
        if (e.type === 'variant-start') controller.abort(new Error('EPIPE'));
      },
    });
    const m = await clock.run(run);
    expect(m.interrupted).toBe(true);
    // Without the fix the whole 3 s sequential variant ran on an aborted run.
    expect(clock.now()).toBe(0);
    expect(events.slice(1)).toEqual(['sequential@0:task 0 Alice', 'sequential@0:cancelled 0 (EPIPE)', 'sequential@0:end 0 interrupted']);
  });

  it('reports a failed body in its end event, after the tasks it left were cancelled', async () => {
    const clock = new FakeClock();
    const events: string[] = [];
    const broken: VariantSpec = {
      name: 'broken',
      summary: 'throws',
      plannedMs: 1,
      run: (ctx) => {
        void ctx.task('left behind', () => wait(ctx, 10_000)).catch(() => {});
        return Promise.reject(new Error('boom'));
      },
    };
    await clock.run(measure({ variants: [broken], clock, onEvent: (e) => events.push(brief(e)) }));
    expect(events.slice(1)).toEqual([
      'broken@0:task 0 left behind',
      'broken@0:cancelled 0 (variant "broken" failed)',
      'broken@0:end 0 boom',
    ]);
  });
});

describe('queued tasks (waiting drawn apart from running)', () => {
  /** A pool of `slots` on the fake clock: each task waits for a free slot, then runs `ms`. */
  function pooled(slots: number, count: number, ms: number): VariantSpec {
    return {
      name: `pool of ${slots}`,
      summary: 'queued for a slot',
      plannedMs: Math.ceil(count / slots) * ms,
      run: async (ctx) => {
        const limiter = limit(slots);
        await Promise.all(
          Array.from({ length: count }, (_, i) => ctx.queued(`t${i + 1}`, (t) => limiter(() => t.run(() => wait(ctx, ms))))),
        );
      },
    };
  }

  it('records when each task started waiting and when it started running, and lanes only while it runs', async () => {
    const clock = new FakeClock();
    const m = await clock.run(measure({ variants: [pooled(2, 4, 100)], clock }));
    expect(m.variants[0]!.spans.map((s) => [s.task, s.start, s.running, s.end, s.lane])).toEqual([
      ['t1', 0, 0, 100, 0],
      ['t2', 0, 0, 100, 1],
      ['t3', 0, 100, 200, 0],
      ['t4', 0, 100, 200, 1],
    ]);
  });

  it('gives n slots n lanes however many tasks queue for them', async () => {
    const clock = new FakeClock();
    const m = await clock.run(measure({ variants: [pooled(3, 20, 50)], clock }));
    const spans = m.variants[0]!.spans;
    expect(new Set(spans.map((s) => s.lane))).toEqual(new Set([0, 1, 2]));
    expect(spans.filter((s) => s.running! > s.start)).toHaveLength(17);
  });

  it('ends the span when the work settles, before a limiter lets the next task take the slot (no extra lane)', async () => {
    // On the real clock the limiter's own promise settles microtasks after the next task
    // started: had the span ended there, the two would overlap by a hair, on two lanes.
    const m = await measure({ variants: [pooled(1, 5, 5)] });
    expect(m.variants[0]!.spans.map((s) => s.lane)).toEqual([0, 0, 0, 0, 0]);
    const spans = m.variants[0]!.spans;
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.running).toBeGreaterThanOrEqual(spans[i - 1]!.end);
  });

  it('leaves `running` off tasks recorded with ctx.task, which run from their start', async () => {
    const clock = new FakeClock();
    const m = await clock.run(measure({ variants: variants(), clock }));
    expect(m.variants.flatMap((v) => v.spans).every((s) => !('running' in s))).toBe(true);
  });

  it('tells the wait in its events: task-start waiting, then task-run', async () => {
    const clock = new FakeClock();
    const events: string[] = [];
    const brief = (e: MeasureEvent): string | undefined => {
      if (e.type === 'task-start') return `${e.variant}@${e.at}:task ${e.id} ${e.task}${e.waiting === true ? ' waiting' : ''}`;
      if (e.type === 'task-run') return `${e.variant}@${e.at}:run ${e.id}`;
      if (e.type === 'task-end') return `${e.variant}@${e.at}:${e.outcome} ${e.id}${e.waiting === true ? ' never ran' : ''}`;
      return undefined;
    };
    await clock.run(measure({ variants: [pooled(1, 2, 100)], clock, onEvent: (e) => void (brief(e) !== undefined && events.push(brief(e)!)) }));
    expect(events).toEqual([
      'pool of 1@0:task 0 t1 waiting',
      'pool of 1@0:task 1 t2 waiting',
      'pool of 1@0:run 0',
      'pool of 1@100:ok 0',
      'pool of 1@100:run 1',
      'pool of 1@200:ok 1',
    ]);
  });

  it('marks a task started with start() (a worker took it), once; the promise settling ends it', async () => {
    const clock = new FakeClock();
    const spec: VariantSpec = {
      name: 'v',
      summary: '',
      plannedMs: 300,
      run: (ctx) =>
        ctx.queued('job', async (t) => {
          await wait(ctx, 100);
          t.start();
          await wait(ctx, 50);
          t.start();
          await wait(ctx, 150);
        }),
    };
    const m = await clock.run(measure({ variants: [spec], clock }));
    expect(m.variants[0]!.spans.map((s) => [s.start, s.running, s.end, s.outcome])).toEqual([[0, 100, 300, 'ok']]);
  });

  it('a task cancelled while it waits never ran: running = end, and it opens no lane', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const run = measure({ variants: [pooled(2, 6, 100)], clock, signal: controller.signal });
    await clock.advance(150);
    controller.abort(new Error('SIGINT'));
    const m = await clock.run(run);
    const spans = m.variants[0]!.spans;
    expect(spans.map((s) => [s.task, s.start, s.running, s.end, s.outcome])).toEqual([
      ['t1', 0, 0, 100, 'ok'],
      ['t2', 0, 0, 100, 'ok'],
      ['t3', 0, 100, 150, 'cancelled'],
      ['t4', 0, 100, 150, 'cancelled'],
      ['t5', 0, 150, 150, 'cancelled'],
      ['t6', 0, 150, 150, 'cancelled'],
    ]);
    expect(Math.max(...spans.map((s) => s.lane))).toBe(1);
  });
});
