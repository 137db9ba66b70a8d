import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeadlineQueue, type Expirable } from '../../src/core/deadlines.js';
import { FakeClock } from '../helpers/fake-clock.js';

function entry(name: string, log: string[]): Expirable {
  return { at: 0, slot: -1, seq: 0, expire: () => log.push(name) };
}

describe('DeadlineQueue', () => {
  it('expires in deadline order, first in first out among equal deadlines, never a deleted entry, behind at most one timer', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), at: fc.integer({ min: -5, max: 40 }) }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 15 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 20, maxLength: 150 }), async (ops) => {
        const clock = new FakeClock();
        const queue = DeadlineQueue.for(clock);
        const log: string[] = [];
        const model: { name: string; at: number; order: number; item: Expirable }[] = [];
        const expected: string[] = [];
        let n = 0;
        const settle = (): void => {
          const due = model.filter((m) => m.at <= clock.now()).sort((a, b) => a.at - b.at || a.order - b.order);
          for (const m of due) {
            expected.push(m.name);
            model.splice(model.indexOf(m), 1);
          }
        };
        for (const o of ops) {
          if (o.kind === 'add') {
            const name = `e${n}`;
            const item = entry(name, log);
            queue.add(item, clock.now() + o.at);
            model.push({ name, at: clock.now() + o.at, order: n++, item });
          } else if (o.kind === 'delete') {
            if (model.length === 0) continue;
            const [m] = model.splice(o.pick % model.length, 1);
            queue.delete(m!.item);
            queue.delete(m!.item); // idempotent
          } else {
            await clock.advance(o.ms);
            settle();
          }
          expect(clock.pendingTimers).toBeLessThanOrEqual(1);
          expect(queue.size).toBeGreaterThanOrEqual(model.length);
        }
        await clock.runAll();
        settle();
        expect(log).toEqual(expected);
        expect(queue.size).toBe(0);
        expect(clock.pendingTimers).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the heap ordered after a delete from the middle moves the last entry up', async () => {
    // The moved entry (3) lands under a larger parent (16's slot): it must sift up, not only down.
    const clock = new FakeClock();
    const queue = DeadlineQueue.for(clock);
    const log: string[] = [];
    const ats = [7, 16, 12, 4, 18, 3, 3];
    const items = ats.map((at, i) => {
      const item = entry(`${i}:${at}`, log);
      queue.add(item, at);
      return item;
    });
    queue.delete(items[1]!);
    await clock.runAll();
    expect(log).toEqual(['5:3', '6:3', '3:4', '0:7', '2:12', '4:18']);
  });

  it('survives entries added and deleted from inside expire(), and keeps one queue per clock', async () => {
    const clock = new FakeClock();
    const queue = DeadlineQueue.for(clock);
    expect(DeadlineQueue.for(clock)).toBe(queue);
    expect(DeadlineQueue.for(new FakeClock())).not.toBe(queue);
    const log: string[] = [];
    const late = entry('late', log);
    const victim = entry('victim', log);
    const chained = entry('chained', log);
    const first: Expirable = {
      ...entry('first', log),
      expire: () => {
        log.push(`first@${clock.now()}`);
        queue.delete(victim); // due in the same turn, but deleted first
        queue.add(chained, clock.now()); // already due: runs after this expire() returns, never inside it
      },
    };
    queue.add(first, 10);
    queue.add(victim, 10);
    queue.add(late, 20);
    await clock.advance(10);
    expect(log).toEqual(['first@10', 'chained']);
    await clock.runAll();
    expect(log).toEqual(['first@10', 'chained', 'late']);
    expect(clock.now()).toBe(20);
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps order across its FIFO run (increasing deadlines) and its heap, through holes and compaction', async () => {
    const clock = new FakeClock();
    const queue = DeadlineQueue.for(clock);
    const log: string[] = [];
    // 3000 increasing deadlines go to the run; leaving from the front (2 of every 3)
    // moves its head past 1024 holes, which compacts it under the entries still queued.
    const run = Array.from({ length: 3000 }, (_, i) => {
      const item = entry(`r${i}`, log);
      queue.add(item, 100 + i);
      return item;
    });
    for (let i = 0; i < 3000; i++) if (i % 3 !== 0) queue.delete(run[i]!);
    queue.delete(run[1500]!); // from the middle, after compaction moved it
    // Earlier deadlines than the run's last go to the heap, and interleave with the run;
    // one ties a run entry (r600 at 700) and, added later, expires after it.
    const heap = [650, 700, 50, 2999].map((at) => {
      const item = entry(`h${at}`, log);
      queue.add(item, at);
      return item;
    });
    expect(queue.size).toBe(1000 - 1 + heap.length);
    await clock.runAll();
    const expected = [
      ...run.flatMap((_, i) => (i % 3 === 0 && i !== 1500 ? [{ name: `r${i}`, at: 100 + i, order: i }] : [])),
      ...[650, 700, 50, 2999].map((at, k) => ({ name: `h${at}`, at, order: 3000 + k })),
    ].sort((a, b) => a.at - b.at || a.order - b.order);
    expect(log).toEqual(expected.map((e) => e.name));
    expect(queue.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });
});
