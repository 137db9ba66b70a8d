import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { limit } from '../../src/core/limit.js';
import { sleep } from '../../src/core/sleep.js';
import { FakeClock, flush } from '../helpers/fake-clock.js';

/** A seeded PRNG (mulberry32), so the "random" delays are the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('limit', () => {
  it('never runs more than the limit over 100 tasks with random delays, and uses all of it', async () => {
    const clock = new FakeClock();
    const next = random(42);
    const limiter = limit(5);
    let running = 0;
    let peak = 0;
    const tasks = Array.from({ length: 100 }, (_, i) =>
      limiter(async () => {
        running++;
        peak = Math.max(peak, running);
        expect(limiter.activeCount).toBeLessThanOrEqual(5);
        await sleep(30 + Math.floor(next() * 170), { clock });
        running--;
        return i;
      }),
    );
    const results = await clock.run(Promise.all(tasks));
    expect(results).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(peak).toBe(5);
    expect(running).toBe(0);
  });

  it('keeps activeCount and pendingCount exact at every step; a call is active at once', async () => {
    const clock = new FakeClock();
    const limiter = limit(5);
    expect([limiter.activeCount, limiter.pendingCount]).toEqual([0, 0]);

    const first = limiter(() => sleep(1000, { clock }));
    expect([limiter.activeCount, limiter.pendingCount]).toEqual([1, 0]);
    await clock.run(first);
    expect([limiter.activeCount, limiter.pendingCount]).toEqual([0, 0]);

    const immediate = Array.from({ length: 5 }, () => limiter(() => sleep(1000, { clock })));
    const delayed = Array.from({ length: 3 }, () => limiter(() => sleep(1000, { clock })));
    expect([limiter.activeCount, limiter.pendingCount]).toEqual([5, 3]);
    await clock.run(Promise.all(immediate));
    expect([limiter.activeCount, limiter.pendingCount]).toEqual([3, 0]);
    await clock.run(Promise.all(delayed));
    expect([limiter.activeCount, limiter.pendingCount]).toEqual([0, 0]);
    expect(clock.now()).toBe(3000);
  });

  it('starts the function on a later microtask, even when a slot is free', async () => {
    const limiter = limit(1);
    let started = false;
    const done = limiter(() => {
      started = true;
      return Promise.resolve();
    });
    expect(started).toBe(false);
    await done;
    expect(started).toBe(true);
  });

  it.each([
    { delays: [200, 100, 50], concurrency: 2, total: 200 },
    { delays: [200, 100, 50], concurrency: Infinity, total: 200 },
    { delays: [100, 200, 10, 36, 13, 45], concurrency: 3, total: 200 },
    { delays: [100, 200, 10, 36, 13, 45], concurrency: 1, total: 404 },
  ])('map returns results in input order for $delays at concurrency $concurrency', async ({ delays, concurrency, total }) => {
    const clock = new FakeClock();
    const limiter = limit(concurrency);
    const done: number[] = [];
    const mapped = limiter.map(delays, async (ms, index) => {
      await sleep(ms, { clock });
      done.push(ms);
      return `${index}:${ms}`;
    });
    expect(await clock.run(mapped)).toEqual(delays.map((ms, i) => `${i}:${ms}`));
    expect(clock.now()).toBe(total);
    if (concurrency > 1) expect(done).not.toEqual(delays);
  });

  it('schedules [100,200,10,36,13,45] at concurrency 3 as a FIFO queue of free slots', async () => {
    const clock = new FakeClock();
    const limiter = limit(3);
    const starts: string[] = [];
    await clock.run(
      limiter.map([100, 200, 10, 36, 13, 45], async (ms) => {
        starts.push(`${ms}@${clock.now()}`);
        await sleep(ms, { clock });
      }),
    );
    expect(starts).toEqual(['100@0', '200@0', '10@0', '36@10', '13@46', '45@59']);
  });

  it('turns a synchronous throw into a rejection and goes on with the queue', async () => {
    const limiter = limit(1);
    const bad = new Error('sync');
    let ran = false;
    const failing = limiter(() => {
      throw bad;
    });
    const next = limiter(() => {
      ran = true;
      return 'ok';
    });
    await expect(failing).rejects.toBe(bad);
    await expect(next).resolves.toBe('ok');
    expect(ran).toBe(true);
    expect([limiter.activeCount, limiter.pendingCount]).toEqual([0, 0]);
  });

  it('does not ignore errors, nor stall after one', async () => {
    const clock = new FakeClock();
    const limiter = limit(1);
    const error = new Error('🦄');
    const finished: number[] = [];
    const tasks = [
      limiter(async () => {
        await sleep(30, { clock });
        finished.push(30);
      }),
      limiter(async () => {
        await sleep(80, { clock });
        throw error;
      }),
      limiter(async () => {
        await sleep(50, { clock });
        finished.push(50);
      }),
    ];
    await expect(clock.run(Promise.all(tasks))).rejects.toBe(error);
    await clock.run(tasks[2]!);
    expect(finished).toEqual([30, 50]);
    expect(clock.now()).toBe(160);
  });

  it('clearQueue without rejectOnClear drops the waiting calls, whose promises never settle', async () => {
    const clock = new FakeClock();
    const limiter = limit(1);
    const ran: number[] = [];
    const calls = [1, 2, 3, 4].map((i) =>
      limiter(async () => {
        ran.push(i);
        await sleep(1000, { clock });
        return i;
      }),
    );
    const settled = calls.map(() => false);
    calls.forEach((p, i) => void p.finally(() => (settled[i] = true)));
    await flush();
    expect([limiter.activeCount, limiter.pendingCount]).toEqual([1, 3]);

    limiter.clearQueue();
    expect(limiter.pendingCount).toBe(0);
    await clock.runAll();
    await flush();
    expect(ran).toEqual([1]);
    expect(settled).toEqual([true, false, false, false]);
    expect(limiter.activeCount).toBe(0);
  });

  it('clearQueue with rejectOnClear rejects the waiting calls with an AbortError; the running one finishes', async () => {
    const clock = new FakeClock();
    const limiter = limit(1, { rejectOnClear: true });
    const calls = [1, 2, 3].map((i) => limiter(() => sleep(1000, { clock }).then(() => i)));
    const outcomes = Promise.allSettled(calls);
    await flush();
    limiter.clearQueue();
    expect(limiter.pendingCount).toBe(0);
    const [first, ...rest] = await clock.run(outcomes);
    expect(first).toEqual({ status: 'fulfilled', value: 1 });
    for (const r of rest) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toMatchObject({ name: 'AbortError' });
    }
    expect(clock.now()).toBe(1000);
  });

  it.each([0, -1, 1.5, undefined, true, Number.NaN, '2', null])('throws a TypeError for concurrency %s', (bad) => {
    expect(() => limit(bad as number)).toThrow(TypeError);
    expect(() => limit(bad as number)).toThrow(/limit: concurrency must be an integer ≥ 1 or Infinity/);
  });

  it('accepts Infinity, and refuses an invalid concurrency set later', () => {
    const limiter = limit(Infinity);
    expect(limiter.concurrency).toBe(Infinity);
    expect(() => (limiter.concurrency = 0)).toThrow(TypeError);
    expect(limiter.concurrency).toBe(Infinity);
  });

  it.each([
    { from: 4, to: 2, log: [1, 2, 3, 4, 2, 2, 2, 2, 2, 2] },
    { from: 2, to: 4, log: [1, 2, 3, 4, 4, 4, 4, 4, 4, 4] },
  ])('respects a concurrency changed from $from to $to while running', async ({ from, to, log }) => {
    const clock = new FakeClock();
    const limiter = limit(from);
    let running = 0;
    const seen: number[] = [];
    // Distinct deadlines, as real timers would have: each finish is seen before the next.
    const tasks = Array.from({ length: 10 }, (_, i) =>
      limiter(async () => {
        seen.push(++running);
        await sleep(50 + i, { clock });
        running--;
      }),
    );
    await flush();
    expect(running).toBe(from);
    limiter.concurrency = to;
    await clock.run(Promise.all(tasks));
    expect(seen).toEqual(log);
  });

  it('runs each task in the AsyncLocalStorage context of its caller', async () => {
    const limiter = limit(2);
    const store = new AsyncLocalStorage<{ id: number }>();
    const seen: Array<[number, number | undefined]> = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, id) =>
        store.run({ id }, () =>
          limiter(async () => {
            await Promise.resolve();
            seen.push([id, store.getStore()?.id]);
          }),
        ),
      ),
    );
    expect(seen).toHaveLength(20);
    for (const [id, inside] of seen) expect(inside).toBe(id);
  });
});
