import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueueEmpty, QueueFull, QueueShutDownError } from '../../src/core/errors.js';
import * as api from '../../src/core/index.js';
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

/** What `fn` throws (the test fails if it does not). */
function catching(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
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

  it('accepts every maxsize asyncio does: a fraction bounds like the next integer up, 0 or less is unbounded [CPython test_float_maxsize]', async () => {
    const q = new Queue<number>({ maxsize: 1.3 });
    q.putNowait(1);
    q.putNowait(2);
    expect([q.full, q.size]).toEqual([true, 2]);
    expect(() => q.putNowait(3)).toThrow(QueueFull);
    const awaited = new Queue<number>({ maxsize: 1.3 });
    await awaited.put(1);
    await awaited.put(2);
    expect(awaited.full).toBe(true);
    for (const unbounded of [0, -1, -0.5, Infinity]) {
      const u = new Queue<number>({ maxsize: unbounded });
      for (let i = 0; i < 100; i++) u.putNowait(i);
      expect([u.maxsize, u.full]).toEqual([Infinity, false]);
    }
    // The one refusal, where asyncio would silently build an unbounded queue: NaN is a bug upstream.
    expect(() => new Queue({ maxsize: Number.NaN })).toThrow(new RangeError('Queue: maxsize must be a number (0 or less: unbounded), got NaN'));
    expect(() => new Queue({ maxsize: '3' as unknown as number })).toThrow(RangeError);
  });

  describe('putNowait / getNowait', () => {
    it('put and get without waiting, or throw QueueFull / QueueEmpty and change nothing [CPython test_nonblocking_put, _get, _exception]', () => {
      const q = new Queue<number>({ maxsize: 1 });
      expect(() => q.getNowait()).toThrow(new QueueEmpty('Queue is empty: nothing to get without waiting'));
      q.putNowait(1);
      expect(() => q.putNowait(2)).toThrow(new QueueFull('Queue is full (maxsize 1): cannot put without waiting'));
      expect([q.size, q.unfinished]).toEqual([1, 1]);
      expect(q.getNowait()).toBe(1);
      expect([q.size, q.unfinished, q.empty]).toEqual([0, 1, true]);
    });

    it('QueueFull and QueueEmpty are exported, instanceof-able Errors with stable names', () => {
      expect(api.QueueFull).toBe(QueueFull);
      expect(api.QueueEmpty).toBe(QueueEmpty);
      const q = new Queue<number>({ maxsize: 1 });
      q.putNowait(0);
      const full = catching(() => q.putNowait(1));
      q.getNowait();
      const empty = catching(() => q.getNowait());
      expect(full).toBeInstanceOf(QueueFull);
      expect(full).toBeInstanceOf(Error);
      expect((full as Error).name).toBe('QueueFull');
      expect(empty).toBeInstanceOf(QueueEmpty);
      expect((empty as Error).name).toBe('QueueEmpty');
    });

    it('after shutdown: putNowait throws QueueShutDownError; getNowait drains, then throws it [CPython _QueueShutdownTestMixin]', () => {
      const q = new Queue<number>();
      q.putNowait(1);
      q.shutdown();
      expect(() => q.putNowait(2)).toThrow(QueueShutDownError);
      expect(q.getNowait()).toBe(1);
      expect(() => q.getNowait()).toThrow(QueueShutDownError);
    });

    it('putNowait wakes a waiting get; getNowait lets a waiting put in [CPython test_get_with_putters, test_blocking_put_wait]', async () => {
      const q = new Queue<string>({ maxsize: 1 });
      const got = q.get();
      q.putNowait('a');
      expect(await got).toBe('a');
      q.putNowait('b');
      const put = q.put('c');
      expect(q.getNowait()).toBe('b');
      await put;
      expect(q.getNowait()).toBe('c');
    });

    it('getNowait may take the item a woken get has yet to collect: that get waits again, first in line, as in asyncio', async () => {
      const q = new Queue<string>();
      const first = q.get();
      const second = q.get();
      q.putNowait('x'); // wakes `first`, which collects on its next microtask...
      expect(q.getNowait()).toBe('x'); // ...but a synchronous getNowait is there before it
      q.putNowait('y');
      q.putNowait('z');
      expect([await first, await second]).toEqual(['y', 'z']);
    });
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

    it('a get cancelled after an item arrived for it never takes it: it stays queued for the next reader [CPython test_get_cancel_drop_one_pending_reader]', async () => {
      const q = new Queue<number>();
      const controller = new AbortController();
      const reader = q.get({ signal: controller.signal });
      void q.put(1);
      void q.put(2);
      const reason = new Error('cancelled');
      controller.abort(reason); // after the put woke the reader, before it resumed
      await expect(reader).rejects.toBe(reason);
      expect(q.size).toBe(2);
      expect(await q.get()).toBe(1); // if this were 2, item 1 would have been lost
      expect(q.unfinished).toBe(2);
    });

    it('with several readers, a cancelled one passes its item on: nobody is left waiting [CPython test_get_cancel_drop_many_pending_readers]', async () => {
      const q = new Queue<number>();
      const controller = new AbortController();
      const reader1 = q.get({ signal: controller.signal });
      const reader2 = q.get();
      const reader3 = q.get();
      q.putNowait(1);
      q.putNowait(2);
      controller.abort(new Error('cancelled'));
      await expect(reader1).rejects.toThrow('cancelled');
      expect(new Set([await reader2, await reader3])).toEqual(new Set([1, 2]));
      expect(q.size).toBe(0);
    });

    it('a put cancelled after room was made for it adds nothing [CPython test_put_cancel_drop]', async () => {
      const q = new Queue<number>({ maxsize: 1 });
      q.putNowait(1);
      const controller = new AbortController();
      const writer = q.put(2, { signal: controller.signal });
      expect(q.getNowait()).toBe(1); // wakes the writer...
      controller.abort(new Error('cancelled')); // ...which is cancelled before it resumes
      await expect(writer).rejects.toThrow('cancelled');
      expect([q.size, q.unfinished]).toEqual([0, 1]);
      await q.put(2); // try again
      expect(q.getNowait()).toBe(2);
      expect(q.size).toBe(0);
    });

    it('the room a cancelled put was woken for goes to the next put in line [CPython test_put_cancelled_race]', async () => {
      const q = new Queue<string>({ maxsize: 1 });
      const controller = new AbortController();
      const putA = q.put('a');
      const putB = q.put('b');
      const putX = q.put('X', { signal: controller.signal });
      await putA;
      expect(await state(putB)).toBe('pending');
      controller.abort(new Error('cancelled'));
      expect(await state(putX)).toBe('rejected:Error');
      expect(q.getNowait()).toBe('a');
      await flush();
      expect(q.getNowait()).toBe('b');
      await putB;
      expect(q.size).toBe(0);
    });

    it('an abort after get() resolved is too late: the item is the caller\'s', async () => {
      const q = new Queue<string>();
      const controller = new AbortController();
      const got = q.get({ signal: controller.signal });
      await q.put('kept');
      expect(await state(got)).toBe('resolved:kept');
      controller.abort(new Error('too late'));
      expect(await got).toBe('kept');
      expect(q.size).toBe(0);
    });

    it('a get that arrives while a woken reader has yet to collect its item waits its turn (first come, first served)', async () => {
      const q = new Queue<string>();
      const first = q.get();
      q.putNowait('x');
      const second = q.get(); // the queue holds 'x', but it is `first`'s
      q.putNowait('y');
      expect([await first, await second]).toEqual(['x', 'y']);
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

  it('property: under 1 000 interleavings of puts, gets, aborts and shutdowns, no item is lost or delivered twice and no reader waits while items are queued (fc.scheduler)', async () => {
    type Command =
      | { kind: 'abortReader' | 'abortWriter' | 'putNowaitThenAbortReader'; pick: number }
      | { kind: 'putNowait' | 'getNowait' }
      | { kind: 'shutdown'; immediate: boolean };
    const command: fc.Arbitrary<Command> = fc.oneof(
      fc.record({ kind: fc.constantFrom('abortReader' as const, 'abortWriter' as const, 'putNowaitThenAbortReader' as const), pick: fc.nat(4) }),
      fc.record({ kind: fc.constantFrom('putNowait' as const, 'getNowait' as const) }),
      fc.record({ kind: fc.constant('shutdown' as const), immediate: fc.boolean() }),
    );
    /** The `pick`-th controller still live, if any. */
    const nth = (set: Set<AbortController>, pick: number): AbortController | undefined => [...set][pick % Math.max(set.size, 1)];
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
        fc.array(command, { maxLength: 8 }),
        async (s, maxsize, readers, writers, commands) => {
          runs++;
          const q = new Queue<string>({ maxsize });
          const bound = maxsize === 0 ? Infinity : maxsize;
          const accepted = new Set<string>();
          const refused = new Set<string>();
          const taken: string[] = [];
          const readerControllers = new Set<AbortController>();
          const writerControllers = new Set<AbortController>();
          let dropped = 0;
          let waitingReaders = 0;
          let peak = 0;
          const take = (item: string): void => {
            taken.push(item);
            q.taskDone();
            peak = Math.max(peak, q.size);
          };
          const readerLoops = Array.from({ length: readers }, async (_, r) => {
            for (;;) {
              await s.schedule(Promise.resolve(), `r${r} get`);
              const controller = new AbortController();
              readerControllers.add(controller);
              waitingReaders++;
              try {
                const item = await q.get({ signal: controller.signal });
                // Code that honours its signal after each await, as it should: were a
                // cancelled get ever given an item, it would be dropped here, and missed below.
                controller.signal.throwIfAborted();
                take(item);
              } catch (err) {
                if (err instanceof QueueShutDownError) return;
                if (err !== controller.signal.reason) throw err;
              } finally {
                waitingReaders--;
                readerControllers.delete(controller);
              }
            }
          });
          const writerLoops = writers.map(async (count, w) => {
            for (let i = 0; i < count; i++) {
              await s.schedule(Promise.resolve(), `w${w} put ${i}`);
              const item = `w${w}:${i}`;
              const controller = new AbortController();
              writerControllers.add(controller);
              try {
                await q.put(item, { signal: controller.signal });
                accepted.add(item);
                peak = Math.max(peak, q.size);
              } catch (err) {
                refused.add(item);
                if (err instanceof QueueShutDownError) return;
                if (err !== controller.signal.reason) throw err;
              } finally {
                writerControllers.delete(controller);
              }
            }
          });
          const chaos = (async () => {
            for (const [k, cmd] of commands.entries()) {
              await s.schedule(Promise.resolve(), `chaos ${k}: ${JSON.stringify(cmd)}`);
              if (cmd.kind === 'abortReader') nth(readerControllers, cmd.pick)?.abort(new Error('reader cancelled'));
              else if (cmd.kind === 'abortWriter') nth(writerControllers, cmd.pick)?.abort(new Error('writer cancelled'));
              else if (cmd.kind === 'getNowait') {
                try {
                  take(q.getNowait());
                } catch (err) {
                  if (!(err instanceof QueueEmpty || err instanceof QueueShutDownError)) throw err;
                }
              } else if (cmd.kind === 'shutdown') {
                if (cmd.immediate) dropped += q.size;
                q.shutdown(cmd.immediate);
              } else {
                const item = `n${k}`;
                try {
                  q.putNowait(item);
                  accepted.add(item);
                  peak = Math.max(peak, q.size);
                } catch (err) {
                  if (!(err instanceof QueueFull || err instanceof QueueShutDownError)) throw err;
                  refused.add(item);
                }
                // The window of the issue: the item woke a reader, which is cancelled before it resumes.
                if (cmd.kind === 'putNowaitThenAbortReader') nth(readerControllers, cmd.pick)?.abort(new Error('reader cancelled'));
              }
            }
          })();
          await s.waitFor(Promise.all([...writerLoops, chaos]));
          // Run every step still reachable, until only blocked calls remain.
          await s.waitIdle();
          await flush();
          if (waitingReaders > 0) expect(q.size).toBe(0); // no reader waits while an item is queued
          q.shutdown();
          await s.waitFor(Promise.all(readerLoops));
          expect(new Set(taken).size).toBe(taken.length); // none delivered twice
          for (const item of taken) expect(refused.has(item)).toBe(false); // a refused or cancelled put added nothing
          expect(taken.length + dropped).toBe(accepted.size); // none lost
          expect(peak).toBeLessThanOrEqual(bound);
          expect(q.unfinished).toBe(0);
        },
      ),
      { numRuns: 1000 },
    );
    expect(runs).toBeGreaterThanOrEqual(1000);
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
