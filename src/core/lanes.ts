/**
 * Greedy interval partitioning: gives each span the lowest lane that is free when it
 * starts running, so spans on one lane never run at the same time. A timeline draws one
 * row per lane and a trace gives each lane its own thread (Perfetto cannot draw
 * overlapping events on one). Sequential work lands on lane 0; n concurrent tasks use
 * lanes 0 … n−1, in start order.
 *
 * A span that waited first (`running` set, see {@link Span}) holds a lane only from
 * `running` to `end`: its wait takes none, so n workers or slots give at most n lanes
 * however many tasks queue for them. One that never ran (`running === end`) opens no
 * lane: it gets the lowest free lane, or lane 0 when none is free.
 *
 * @example
 * assignLanes([{ start: 0, end: 10 }, { start: 0, end: 5 }, { start: 6, end: 9 }]);
 * // lanes 0, 1, 1
 * assignLanes([{ start: 0, end: 5 }, { start: 0, end: 5 }, { start: 0, running: 5, end: 9 }]);
 * // lanes 0, 1, 0: the third waited for a lane, and took the first one freed
 */
export function assignLanes<T extends { start: number; end: number; lane: number; running?: number }>(spans: T[]): T[] {
  const n = spans.length;
  // Two heaps because the plain version, a scan of every lane for the first free one, is
  // O(n × lanes): quadratic for the n concurrent tasks of bench rows 6 and 8 (`gather
  // --count 100000` / `1000000` lay out 1e5 / 1e6 lanes). Numbers in typed arrays, not a
  // heap of [end, lane] pairs: a million concurrent spans would otherwise build a million
  // small arrays (~100 MB, row 8's peak RSS) just to be laned.
  const busy = new PairHeap(n);
  const free = new LaneHeap(n);
  let lanes = 0;
  const place = (span: T): void => {
    const from = span.running ?? span.start;
    while (busy.size > 0 && busy.topEnd() <= from) free.push(busy.pop());
    if (span.running !== undefined && span.running >= span.end && span.running > span.start) {
      // Never ran: a point in time, which overlaps nothing and so opens no lane.
      span.lane = free.size > 0 ? free.peek() : 0;
      return;
    }
    const lane = free.size > 0 ? free.pop() : lanes++;
    span.lane = lane;
    busy.push(Math.max(span.end, from), lane);
  };
  const order = startOrder(spans);
  if (order === undefined) for (let i = 0; i < n; i++) place(spans[i]!);
  else for (let k = 0; k < n; k++) place(spans[order[k]!]!);
  return spans;
}

/**
 * The indices of `spans` by when they start running, ties in index order; `undefined`
 * when that is already the index order, as it is for spans recorded as their tasks start
 * (no sort, no array).
 */
function startOrder(spans: readonly { start: number; running?: number }[]): Uint32Array | undefined {
  let sorted = true;
  for (let i = 1; i < spans.length && sorted; i++) sorted = from(spans[i - 1]!) <= from(spans[i]!);
  if (sorted) return undefined;
  const order = new Uint32Array(spans.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => from(spans[a]!) - from(spans[b]!) || a - b);
}

function from(span: { start: number; running?: number }): number {
  return span.running ?? span.start;
}

/** A binary min-heap of (end, lane) pairs, by end then lane, in two typed arrays. */
class PairHeap {
  readonly #ends: Float64Array;
  readonly #lanes: Uint32Array;
  size = 0;
  constructor(capacity: number) {
    this.#ends = new Float64Array(capacity);
    this.#lanes = new Uint32Array(capacity);
  }
  topEnd(): number {
    return this.#ends[0]!;
  }
  #less(i: number, j: number): number {
    return this.#ends[i]! - this.#ends[j]! || this.#lanes[i]! - this.#lanes[j]!;
  }
  #swap(i: number, j: number): void {
    const ends = this.#ends;
    const lanes = this.#lanes;
    const end = ends[i]!;
    ends[i] = ends[j]!;
    ends[j] = end;
    const lane = lanes[i]!;
    lanes[i] = lanes[j]!;
    lanes[j] = lane;
  }
  push(end: number, lane: number): void {
    let i = this.size++;
    this.#ends[i] = end;
    this.#lanes[i] = lane;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#less(i, parent) >= 0) break;
      this.#swap(i, parent);
      i = parent;
    }
  }
  /** Removes the top pair and returns its lane. */
  pop(): number {
    const top = this.#lanes[0]!;
    const last = --this.size;
    if (last > 0) {
      this.#ends[0] = this.#ends[last]!;
      this.#lanes[0] = this.#lanes[last]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < last && this.#less(l, m) < 0) m = l;
        if (r < last && this.#less(r, m) < 0) m = r;
        if (m === i) break;
        this.#swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

/** A binary min-heap of lane numbers in a typed array. */
class LaneHeap {
  readonly #items: Uint32Array;
  size = 0;
  constructor(capacity: number) {
    this.#items = new Uint32Array(capacity);
  }
  peek(): number {
    return this.#items[0]!;
  }
  push(lane: number): void {
    const a = this.#items;
    let i = this.size++;
    a[i] = lane;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[i]! >= a[parent]!) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }
  pop(): number {
    const a = this.#items;
    const top = a[0]!;
    const last = --this.size;
    if (last > 0) {
      a[0] = a[last]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < last && a[l]! < a[m]!) m = l;
        if (r < last && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
