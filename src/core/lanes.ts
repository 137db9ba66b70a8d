/**
 * Greedy interval partitioning: gives each span the lowest lane that is free when it
 * starts, so spans on one lane never overlap. A timeline draws one row per lane and a
 * trace gives each lane its own thread (Perfetto cannot draw overlapping events on one).
 * Sequential work lands on lane 0; n concurrent tasks use lanes 0 … n−1, in start order.
 *
 * @example
 * assignLanes([{ start: 0, end: 10 }, { start: 0, end: 5 }, { start: 6, end: 9 }]);
 * // lanes 0, 1, 1
 */
export function assignLanes<T extends { start: number; end: number; lane: number }>(spans: T[]): T[] {
  const order = spans.map((_, i) => i).sort((a, b) => spans[a]!.start - spans[b]!.start || a - b);
  const busy = new MinHeap<[end: number, lane: number]>((x, y) => x[0] - y[0] || x[1] - y[1]);
  const free = new MinHeap<number>((x, y) => x - y);
  let lanes = 0;
  for (const i of order) {
    const span = spans[i]!;
    while (busy.size > 0 && busy.peek()![0] <= span.start) free.push(busy.pop()![1]);
    const lane = free.size > 0 ? free.pop()! : lanes++;
    span.lane = lane;
    busy.push([Math.max(span.end, span.start), lane]);
  }
  return spans;
}

/** A binary heap; small on purpose, since a million spans must be laned in O(n log n). */
class MinHeap<T> {
  readonly #items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}
  get size(): number {
    return this.#items.length;
  }
  peek(): T | undefined {
    return this.#items[0];
  }
  push(item: T): void {
    const a = this.#items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.less(a[i]!, a[parent]!) >= 0) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }
  pop(): T | undefined {
    const a = this.#items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
