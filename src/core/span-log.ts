import { describeError } from './errors.js';
import type { Outcome, Span } from './measure-types.js';

/** How a span log encodes outcomes. */
export const OUTCOMES: readonly Outcome[] = ['ok', 'error', 'cancelled'];
export const OK = 0;
export const ERROR = 1;
export const CANCELLED = 2;

/**
 * The spans of one run while it runs, in columns: a task costs a slot in each typed
 * array (unboxed numbers) and no object until the run is over, so a million tasks do
 * not hold a million span objects (and two million boxed times) alongside their promises.
 * {@link SpanLog.spans} builds the objects once the run has drained.
 */
export class SpanLog {
  names: string[] = [];
  starts = new Float64Array(16);
  ends = new Float64Array(16);
  outcomes = new Uint8Array(16);
  errors: Map<number, string> | undefined;
  count = 0;

  add(name: string, start: number): number {
    const i = this.count++;
    if (i === this.starts.length) this.#grow();
    this.names.push(name);
    this.starts[i] = start;
    this.ends[i] = Number.NaN;
    return i;
  }

  finish(i: number, end: number, outcome: number, err: unknown): void {
    this.ends[i] = end;
    this.outcomes[i] = outcome;
    if (err !== undefined) (this.errors ??= new Map()).set(i, describeError(err).message);
  }

  spans(): Span[] {
    const spans = new Array<Span>(this.count);
    for (let i = 0; i < this.count; i++) {
      const span: Span = { task: this.names[i]!, start: this.starts[i]!, end: this.ends[i]!, outcome: OUTCOMES[this.outcomes[i]!]!, lane: 0 };
      const error = this.errors?.get(i);
      if (error !== undefined) span.error = error;
      spans[i] = span;
    }
    return spans;
  }

  #grow(): void {
    const size = this.starts.length * 2;
    const starts = new Float64Array(size);
    starts.set(this.starts);
    this.starts = starts;
    const ends = new Float64Array(size);
    ends.set(this.ends);
    this.ends = ends;
    const outcomes = new Uint8Array(size);
    outcomes.set(this.outcomes);
    this.outcomes = outcomes;
  }
}
