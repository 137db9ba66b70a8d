import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { countdown, merge } from '../../src/core/iterate.js';
import { sleep } from '../../src/core/sleep.js';
import { FakeClock, flush } from '../helpers/fake-clock.js';

/** Collects `[value, time]` pairs from an async iterable on the fake clock. */
async function timed<T>(clock: FakeClock, source: AsyncIterable<T>): Promise<Array<[T, number]>> {
  const seen: Array<[T, number]> = [];
  for await (const value of source) seen.push([value, clock.now()]);
  return seen;
}

/** Wraps a source in a generator of our own, whose `finally` records that it ran. */
async function* guarded<T>(source: AsyncIterable<T>, log: string[], name: string): AsyncGenerator<T> {
  try {
    yield* source;
  } finally {
    log.push(`${name} finally`);
  }
}

async function* label(name: string, source: AsyncIterable<number>): AsyncGenerator<string> {
  for await (const n of source) yield `${name}${n}`;
}

/** An endless source ticking every `ms`, logging when it is closed. */
async function* ticks(clock: FakeClock, name: string, ms: number, log: string[]): AsyncGenerator<string> {
  try {
    for (let i = 0; ; i++) {
      yield `${name}${i}`;
      await sleep(ms, { clock });
    }
  } finally {
    log.push(`${name} closed@${clock.now()}`);
  }
}

describe('countdown', () => {
  it('yields 5..1 every 500 ms and, like the seed, sleeps after the last one too', async () => {
    const clock = new FakeClock();
    const seen = timed(clock, countdown(5, { clock }));
    const done = seen.then(() => clock.now());
    expect(await clock.run(seen)).toEqual([
      [5, 0],
      [4, 500],
      [3, 1000],
      [2, 1500],
      [1, 2000],
    ]);
    expect(await done).toBe(2500);
    expect(clock.pendingTimers).toBe(0);
  });

  it('takes its interval from the options, and yields nothing for 0', async () => {
    const clock = new FakeClock();
    expect(await clock.run(timed(clock, countdown(3, { interval: 100, clock })))).toEqual([
      [3, 0],
      [2, 100],
      [1, 200],
    ]);
    expect(clock.now()).toBe(300);
    expect(await timed(clock, countdown(0, { clock }))).toEqual([]);
    expect(clock.now()).toBe(300);
  });

  it('starts each sleep when the consumer asks for the next number, as the seed does', async () => {
    const clock = new FakeClock();
    const seen: Array<[number, number]> = [];
    const consumer = (async () => {
      for await (const n of countdown(3, { interval: 100, clock })) {
        seen.push([n, clock.now()]);
        await sleep(1000, { clock });
      }
    })();
    await clock.run(consumer);
    expect(seen).toEqual([
      [3, 0],
      [2, 1100],
      [1, 2200],
    ]);
  });

  it('on break runs the finally blocks and leaves no timer behind', async () => {
    const clock = new FakeClock();
    const log: string[] = [];
    const gen = guarded(countdown(5, { clock }), log, 'generator');
    const seen: number[] = [];
    await clock.run(
      (async () => {
        for await (const n of gen) {
          seen.push(n);
          if (n === 3) break;
        }
      })(),
    );
    expect(seen).toEqual([5, 4, 3]);
    expect(log).toEqual(['generator finally']);
    expect(clock.now()).toBe(1000);
    expect(clock.pendingTimers).toBe(0);
    expect(await gen.next()).toEqual({ done: true, value: undefined });
  });

  it('an abort during the for-await sleep rejects with the reason and runs every finally', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const log: string[] = [];
    const seen: number[] = [];
    const consumer = (async () => {
      try {
        for await (const n of guarded(countdown(5, { clock, signal: controller.signal }), log, 'generator')) seen.push(n);
      } finally {
        log.push(`consumer finally@${clock.now()}`);
      }
    })();
    const outcome = consumer.then(
      () => 'resolved',
      (err: unknown) => err,
    );
    await clock.advance(700);
    const reason = new Error('stop');
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    expect(seen).toEqual([5, 4]);
    expect(log).toEqual(['generator finally', 'consumer finally@700']);
    expect(clock.pendingTimers).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('an abort while the consumer is busy rejects the next number at once', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const gen = countdown(5, { clock, signal: controller.signal });
    expect(await gen.next()).toEqual({ done: false, value: 5 });
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(gen.next()).rejects.toBe(reason);
    expect(clock.pendingTimers).toBe(0);
    expect(await gen.next()).toEqual({ done: true, value: undefined });
  });

  it('with an already-aborted signal rejects the first next() and yields nothing', async () => {
    const clock = new FakeClock();
    const reason = new Error('already');
    await expect(countdown(3, { clock, signal: AbortSignal.abort(reason) }).next()).rejects.toBe(reason);
    expect(clock.pendingTimers).toBe(0);
  });

  it.each([
    [-1, {}],
    [1.5, {}],
    [Number.NaN, {}],
    [Infinity, {}],
    [3, { interval: -1 }],
    [3, { interval: Number.NaN }],
  ])('rejects countdown(%s, %o) with a RangeError on the first next()', async (n, options) => {
    await expect(countdown(n, { clock: new FakeClock(), ...options }).next()).rejects.toThrow(RangeError);
  });
});

describe('merge', () => {
  it('interleaves the sources by arrival time and ends when the last one ends', async () => {
    const clock = new FakeClock();
    const merged = merge(
      label('a', countdown(3, { interval: 300, clock })),
      label('b', countdown(2, { interval: 500, clock })),
    );
    const seen = timed(clock, merged);
    const end = seen.then(() => clock.now());
    expect(await clock.run(seen)).toEqual([
      ['a3', 0],
      ['b2', 0],
      ['a2', 300],
      ['b1', 500],
      ['a1', 600],
    ]);
    expect(await end).toBe(1000);
    expect(clock.pendingTimers).toBe(0);
  });

  it('passes one source through, and ends at once with none', async () => {
    const clock = new FakeClock();
    expect(await clock.run(timed(clock, merge(countdown(2, { interval: 10, clock }))))).toEqual([
      [2, 0],
      [1, 10],
    ]);
    expect(await timed(clock, merge<number>())).toEqual([]);
  });

  it('rejects with the error of a source that throws, after closing the others', async () => {
    const clock = new FakeClock();
    const log: string[] = [];
    const boom = new Error('boom');
    async function* failing(): AsyncGenerator<string> {
      yield 'x';
      await sleep(250, { clock });
      throw boom;
    }
    const seen: string[] = [];
    const consumer = (async () => {
      for await (const v of merge(failing(), ticks(clock, 'b', 100, log))) seen.push(v);
    })();
    const outcome = consumer.then(
      () => 'resolved',
      (err: unknown) => ({ err, at: clock.now(), log: [...log] }),
    );
    await clock.runAll();
    // b was asleep when x failed: JavaScript cannot interrupt it, so it closes at its next yield.
    expect(await outcome).toEqual({ err: boom, at: 300, log: ['b closed@300'] });
    expect(seen).toEqual(['x', 'b0', 'b1', 'b2']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('closes every source when the consumer breaks, before the loop exits', async () => {
    const clock = new FakeClock();
    const log: string[] = [];
    const seen: string[] = [];
    const consumer = (async () => {
      for await (const v of merge(ticks(clock, 'a', 100, log), ticks(clock, 'b', 150, log))) {
        seen.push(v);
        if (v === 'a2') break;
      }
      log.push(`loop exited@${clock.now()}`);
    })();
    await clock.run(consumer);
    expect(seen).toEqual(['a0', 'b0', 'a1', 'b1', 'a2']);
    // a sat at its yield and closed at once; b was asleep until 300.
    expect(log).toEqual(['a closed@200', 'b closed@300', 'loop exited@300']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('holds at most one value in flight per source (backpressure)', async () => {
    const produced = { a: 0, b: 0 };
    const closed: string[] = [];
    // Always ready, never awaiting: the worst case for a merge that pulls too eagerly.
    // eslint-disable-next-line @typescript-eslint/require-await
    async function* eager(name: 'a' | 'b'): AsyncGenerator<'a' | 'b', void> {
      try {
        for (;;) {
          produced[name]++;
          yield name;
        }
      } finally {
        closed.push(name);
      }
    }
    const merged = merge(eager('a'), eager('b'));
    const consumed = { a: 0, b: 0 };
    for (let i = 0; i < 6; i++) {
      const next = await merged.next();
      if (next.done === true) throw new Error('merge ended early');
      consumed[next.value]++;
      await flush();
      await flush();
      expect(produced.a - consumed.a).toBeLessThanOrEqual(1);
      expect(produced.b - consumed.b).toBeLessThanOrEqual(1);
    }
    expect(consumed).toEqual({ a: 3, b: 3 });
    expect(produced).toEqual({ a: 4, b: 3 });
    await merged.return(undefined);
    expect(closed.sort()).toEqual(['a', 'b']);
  });

  it("rejects the consumer's break when a source fails to close", async () => {
    const refused = new Error('cannot close');
    const stubborn: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.resolve({ done: false, value: 1 }),
        return: () => Promise.reject(refused),
      }),
    };
    const consumer = (async () => {
      for await (const _ of merge(stubborn)) break;
    })();
    await expect(consumer).rejects.toBe(refused);
  });

  it('turns a source whose next() throws synchronously into a rejection, closing the rest', async () => {
    const clock = new FakeClock();
    const log: string[] = [];
    const broken = new Error('sync next');
    const bad: AsyncIterable<never> = {
      [Symbol.asyncIterator]: () => ({
        next: () => {
          throw broken;
        },
      }),
    };
    const seen = clock.run(timed(clock, merge<string>(ticks(clock, 'a', 100, log), bad)));
    await expect(seen).rejects.toBe(broken);
    expect(log).toEqual(['a closed@0']);
  });
});
