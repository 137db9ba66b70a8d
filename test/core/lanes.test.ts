import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignLanes } from '../../src/core/lanes.js';

type Span = { start: number; end: number; lane: number };
const spans = (...pairs: Array<[number, number]>): Span[] => pairs.map(([start, end]) => ({ start, end, lane: -1 }));
const lanesOf = (list: Span[]): number[] => assignLanes(list).map((s) => s.lane);

/** The most spans open at once, with half-open intervals [start, end). */
function maxOverlap(list: readonly Span[]): number {
  const events = list.flatMap((s) => [
    [s.start, 1],
    [s.end, -1],
  ]);
  events.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let open = 0;
  let peak = 0;
  for (const [, delta] of events) peak = Math.max(peak, (open += delta!));
  return peak;
}

describe('assignLanes', () => {
  it('puts sequential work on lane 0, spans that touch included', () => {
    expect(lanesOf(spans([0, 1000], [1000, 2000], [2000, 3000]))).toEqual([0, 0, 0]);
  });

  it('gives n concurrent spans lanes 0 … n−1 in start order', () => {
    expect(lanesOf(spans([0, 1000], [0, 1000], [0, 1000]))).toEqual([0, 1, 2]);
    expect(lanesOf(spans([20, 100], [10, 100], [0, 100]))).toEqual([2, 1, 0]);
  });

  it('reuses the lowest lane that is free, as the doc example shows', () => {
    expect(lanesOf(spans([0, 10], [0, 5], [6, 9]))).toEqual([0, 1, 1]);
    expect(lanesOf(spans([0, 10], [0, 10], [0, 3], [5, 20]))).toEqual([0, 1, 2, 2]);
    // Lanes 1 and 0 are both free at 12: the lower one wins, not the first freed.
    expect(lanesOf(spans([0, 11], [0, 10], [12, 20]))).toEqual([0, 1, 0]);
  });

  it('mutates and returns the same array in its own order', () => {
    const list = spans([5, 6], [0, 10]);
    const result = assignLanes(list);
    expect(result).toBe(list);
    expect(result.map((s) => [s.start, s.lane])).toEqual([
      [5, 1],
      [0, 0],
    ]);
  });

  it('treats a span ending before it starts as zero-width', () => {
    expect(lanesOf(spans([10, 5], [10, 20]))).toEqual([0, 0]);
  });

  it('never overlaps two spans on a lane, and uses as few lanes as the peak overlap', () => {
    const span = fc
      .tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 300 }))
      .map(([start, width]): Span => ({ start, end: start + width, lane: -1 }));
    fc.assert(
      fc.property(fc.array(span, { maxLength: 60 }), (list) => {
        assignLanes(list);
        for (const a of list) {
          for (const b of list) {
            if (a !== b && a.lane === b.lane) expect(a.end <= b.start || b.end <= a.start).toBe(true);
          }
        }
        const used = new Set(list.map((s) => s.lane));
        expect(used.size).toBe(maxOverlap(list));
        expect([...used].every((lane) => lane >= 0 && lane < used.size)).toBe(true);
      }),
    );
  });

  it('lanes 200 000 spans quickly: O(n log n), not O(n²)', () => {
    const n = 200_000;
    const list: Span[] = Array.from({ length: n }, (_, i) => ({ start: i, end: i + 1000, lane: -1 }));
    const t0 = performance.now();
    assignLanes(list);
    // O(n²) would take minutes here; the bound is loose enough for a busy 2-core machine.
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(list.reduce((top, s) => Math.max(top, s.lane), 0)).toBe(999);
  });
});

describe('assignLanes with waits', () => {
  type Waited = Span & { running?: number };
  it('gives a span a lane only from when it started running: a wait takes none', () => {
    // Two slots, four tasks queued at 0: the last two wait for the first two.
    const list: Waited[] = [
      { start: 0, running: 0, end: 100, lane: -1 },
      { start: 0, running: 0, end: 100, lane: -1 },
      { start: 0, running: 100, end: 200, lane: -1 },
      { start: 0, running: 100, end: 200, lane: -1 },
    ];
    expect(assignLanes(list).map((s) => s.lane)).toEqual([0, 1, 0, 1]);
  });

  it('orders by when spans started running, not by when they started waiting', () => {
    const list: Waited[] = [
      { start: 0, running: 50, end: 60, lane: -1 },
      { start: 10, end: 40, lane: -1 },
    ];
    expect(assignLanes(list).map((s) => s.lane)).toEqual([0, 0]);
  });

  it('opens no lane for a span that never ran (running = end)', () => {
    const list: Waited[] = [
      { start: 0, running: 0, end: 100, lane: -1 },
      { start: 0, running: 50, end: 50, lane: -1 },
      { start: 0, running: 60, end: 60, lane: -1 },
    ];
    expect(assignLanes(list).map((s) => s.lane)).toEqual([0, 0, 0]);
  });
});
