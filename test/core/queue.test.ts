import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueueShutDownError } from '../../src/core/errors.js';
import { Queue } from '../../src/core/queue.js';
import { sleep } from '../../src/core/sleep.js';
import { FakeClock, flush } from '../helpers/fake-clock.js';

/** A promise's state, read after letting pending callbacks run. */
async function state(promise: Promise<unknown>): Promise<string> {
  let s = 'pending';
  promise.then(
    (v) => (s = `resolved:${String(v)}`),
    (e: unknown) => (s = `rejected:${(e as Error).name}`),
  );
  await flush();
  return s;
}

describe('Queue', () => {
  it('is first in, first out, and counts what it holds', async () => {
    const q = new Queue<number>();
    expect([q.maxsize, q.size, q.empty, q.full, q.state]).toEqual([Infinity, 0, true, false, 'open']);
    for (const n of [1, 2, 3]) await q.put(n);
    expect([q.size, q.unfinished, q.empty]).toEqual([3, 3, false]);
    expect([await q.get(), await q.get(), await q.get()]).toEqual([1, 2, 3]);
    expect(q.size).toBe(0);
  });

  it('makes put wait while full (backpressure), and lets one item in as one leaves', async () => {
    const q = new Queue<string>({ maxsize: 2 });
    await q.put('a');
    await q.put('b');
    expect(q.full).toBe(true);
    const c = q.put('c');
    const d = q.put('d');
    expect(await state(c)).toBe('pending');
    expect(q.size).toBe(2);
    expect(await q.get()).toBe('a');
    expect(q.size).toBe(2);
    expect([await state(c), await state(d)]).toEqual(['resolved:undefined', 'pending']);
    expect([await q.get(), await q.get(), await q.get()]).toEqual(['b', 'c', 'd']);
    expect(await state(d)).toBe('resolved:undefined');
  });

  it('makes get wait while empty and hands a put straight to the first waiting get', async () => {
    const q = new Queue<string>({ maxsize: 1 });
    const g1 = q.get();
    const g2 = q.get();
    expect(await state(g1)).toBe('pending');
    await q.put('x');
    expect(q.size).toBe(0);
    await q.put('y');
    expect([await g1, await g2]).toEqual(['x', 'y']);
    expect(q.unfinished).toBe(2);
  });

  it('join waits for a taskDone per item put; taskDone past that throws', async () => {
    const q = new Queue<number>();
    await expect(q.join()).resolves.toBeUndefined();
    await q.put(1);
    await q.put(2);
    const joined = q.join();
    await q.get();
    q.taskDone();
    expect(await state(joined)).toBe('pending');
    await q.get();
    q.taskDone();
    expect(await state(joined)).toBe('resolved:undefined');
    expect(() => q.taskDone()).toThrow(new RangeError('Queue.taskDone() called more times than items were put'));
  });

  it('refuses a bad maxsize', () => {
    for (const bad of [-1, 1.5, Number.NaN]) expect(() => new Queue({ maxsize: bad })).toThrow(RangeError);
    expect(new Queue({ maxsize: Infinity }).maxsize).toBe(Infinity);
  });

  describe('shutdown', () => {
    it('fails waiting and later puts; gets drain what is left, then fail', async () => {
      const q = new Queue<number>({ maxsize: 1 });
      await q.put(1);
      const blocked = q.put(2);
      q.shutdown();
      expect(q.state).toBe('shutdown');
      await expect(blocked).rejects.toThrow(new QueueShutDownError('Queue is shut down: cannot put'));
      await expect(q.put(3)).rejects.toBeInstanceOf(QueueShutDownError);
      expect(await q.get()).toBe(1);
      await expect(q.get()).rejects.toThrow(new QueueShutDownError('Queue is shut down and empty: nothing to get'));
    });

    it('fails the gets that were waiting on an empty queue', async () => {
      const q = new Queue<number>();
      const waiting = [q.get(), q.get()];
      q.shutdown();
      for (const w of waiting) await expect(w).rejects.toBeInstanceOf(QueueShutDownError);
    });

    it('with immediate, drops what is left, takes it off the unfinished count and releases join', async () => {
      const q = new Queue<number>();
      for (const n of [1, 2, 3]) await q.put(n);
      await q.get(); // in a consumer's hands: still unfinished
      const joined = q.join();
      q.shutdown(true);
      expect([q.size, q.unfinished]).toEqual([0, 1]);
      await expect(q.get()).rejects.toBeInstanceOf(QueueShutDownError);
      expect(await state(joined)).toBe('pending');
      q.taskDone();
      expect(await state(joined)).toBe('resolved:undefined');
    });
  });

  describe('with a signal', () => {
    it('rejects at once when already aborted, changing nothing', async () => {
      const q = new Queue<number>({ maxsize: 1 });
      const reason = new Error('already');
      const signal = AbortSignal.abort(reason);
      await expect(q.put(1, { signal })).rejects.toBe(reason);
      expect(q.size).toBe(0);
      await expect(q.get({ signal })).rejects.toBe(reason);
      await expect(q.join({ signal })).rejects.toBe(reason);
    });

    it('an aborted put leaves the line: its item never enters and the next producer is served', async () => {
      const q = new Queue<string>({ maxsize: 1 });
      await q.put('a');
      const controller = new AbortController();
      const aborted = q.put('lost', { signal: controller.signal });
      const next = q.put('b');
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      const reason = new Error('stop');
      controller.abort(reason);
      await expect(aborted).rejects.toBe(reason);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      expect(await q.get()).toBe('a');
      await next;
      expect(await q.get()).toBe('b');
      expect(q.unfinished).toBe(2);
    });

    it('an aborted get leaves the line, and the item goes to the next consumer', async () => {
      const q = new Queue<string>();
      const controller = new AbortController();
      const aborted = q.get({ signal: controller.signal });
      const next = q.get();
      controller.abort(new Error('stop'));
      await expect(aborted).rejects.toThrow('stop');
      await q.put('x');
      expect(await next).toBe('x');
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    });

    it('removes the listener of every waiter that is served, and of an aborted join', async () => {
      const q = new Queue<number>({ maxsize: 1 });
      const controller = new AbortController();
      const { signal } = controller;
      const got = q.get({ signal });
      await q.put(1, { signal });
      expect(await got).toBe(1);
      await q.put(2, { signal });
      const put = q.put(3, { signal });
      await q.get({ signal });
      await put;
      const joined = q.join({ signal });
      expect(getEventListeners(signal, 'abort')).toHaveLength(1);
      q.shutdown();
      controller.abort(new Error('bye'));
      await expect(joined).rejects.toThrow('bye');
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    });

    it('an item already handed to a get is not lost when its signal aborts afterwards', async () => {
      const q = new Queue<string>();
      const controller = new AbortController();
      const got = q.get({ signal: controller.signal });
      await q.put('kept');
      controller.abort(new Error('too late'));
      expect(await got).toBe('kept');
    });
  });

  it('property: FIFO per producer, every item taken once, never more than maxsize held (fc.scheduler)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 3 }),
        async (s, maxsize, perProducer, consumers) => {
          const q = new Queue<string>({ maxsize });
          let peak = 0;
          const taken: string[] = [];
          const total = perProducer.reduce((a, b) => a + b, 0);
          const producers = perProducer.map(async (count, p) => {
            for (let i = 0; i < count; i++) {
              await s.schedule(Promise.resolve(), `p${p} before put ${i}`);
              await q.put(`${p}:${i}`);
              peak = Math.max(peak, q.size);
            }
          });
          const workers = Array.from({ length: consumers }, async (_, c) => {
            for (;;) {
              await s.schedule(Promise.resolve(), `c${c} before get`);
              let item: string;
              try {
                item = await q.get().then((v) => (taken.push(v), v));
              } catch (err) {
                if (err instanceof QueueShutDownError) return;
                throw err;
              }
              peak = Math.max(peak, q.size);
              void item;
              q.taskDone();
            }
          });
          const done = (async () => {
            await Promise.all(producers);
            await q.join();
            q.shutdown();
            await Promise.all(workers);
          })();
          await s.waitFor(done);
          expect(peak).toBeLessThanOrEqual(maxsize);
          expect(taken).toHaveLength(total);
          expect(new Set(taken).size).toBe(total);
          for (let p = 0; p < perProducer.length; p++) {
            const mine = taken.filter((t) => t.startsWith(`${p}:`));
            expect(mine).toEqual(Array.from({ length: perProducer[p]! }, (_, i) => `${p}:${i}`));
          }
          expect(q.unfinished).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: with one producer and one consumer on the fake clock, order is exact and size stays bounded', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 15 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 15 }),
        async (maxsize, produceDelays, consumeDelays) => {
          const clock = new FakeClock();
          const q = new Queue<number>({ maxsize });
          const sizes: number[] = [];
          const taken: number[] = [];
          const producer = (async () => {
            for (const [i, ms] of produceDelays.entries()) {
              await sleep(ms, { clock });
              await q.put(i);
              sizes.push(q.size);
            }
            q.shutdown();
          })();
          const consumer = (async () => {
            for (let i = 0; ; i++) {
              await sleep(consumeDelays[i % consumeDelays.length]!, { clock });
              const item = await q.get().catch((err: unknown) => {
                if (err instanceof QueueShutDownError) return undefined;
                throw err;
              });
              if (item === undefined) return;
              taken.push(item);
              sizes.push(q.size);
            }
          })();
          await clock.run(Promise.all([producer, consumer]));
          expect(taken).toEqual(produceDelays.map((_, i) => i));
          expect(Math.max(...sizes)).toBeLessThanOrEqual(maxsize);
          expect(clock.pendingTimers).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
