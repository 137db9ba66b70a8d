import { describeError } from './errors.js';
import type { Outcome, Span } from './measure-types.js';

/** How a span log encodes outcomes. */
export const OUTCOMES: readonly Outcome[] = ['ok', 'error', 'cancelled'];
export const OK = 0;
export const ERROR = 1;
export const CANCELLED = 2;
/** A queued task's running time while it still waits. */
const WAITING = Number.POSITIVE_INFINITY;

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
  /**
   * When each task started running, only once a task has waited (`queued`): NaN for a
   * task that ran from its start, {@link WAITING} while it still waits. Absent until
   * then, so runs without queued tasks pay nothing for it.
   */
  runs: Float64Array | undefined;
  errors: Map<number, string> | undefined;
  count = 0;

  add(name: string, start: number): number {
    const i = this.count++;
    if (i === this.starts.length) this.#grow();
    this.names.push(name);
    this.starts[i] = start;
    this.ends[i] = Number.NaN;
    if (this.runs !== undefined) this.runs[i] = Number.NaN;
    return i;
  }

  /** Task `i` (just added) waits until {@link SpanLog.run}. */
  wait(i: number): void {
    if (this.runs === undefined) {
      this.runs = new Float64Array(this.starts.length);
      this.runs.fill(Number.NaN, 0, this.count);
    }
    this.runs[i] = WAITING;
  }

  /** Task `i` starts running at `at`; false (and nothing changes) unless it was waiting. */
  run(i: number, at: number): boolean {
    if (this.runs?.[i] !== WAITING) return false;
    this.runs[i] = at;
    return true;
  }

  /** Whether task `i` has ended. */
  ended(i: number): boolean {
    return !Number.isNaN(this.ends[i]!);
  }

  /** Ends task `i`; true when it ended while still waiting (it never ran). */
  finish(i: number, end: number, outcome: number, err: unknown): boolean {
    this.ends[i] = end;
    this.outcomes[i] = outcome;
    if (err !== undefined) (this.errors ??= new Map()).set(i, describeError(err).message);
    if (this.runs?.[i] !== WAITING) return false;
    this.runs[i] = end;
    return true;
  }

  spans(): Span[] {
    const spans = new Array<Span>(this.count);
    for (let i = 0; i < this.count; i++) {
      const span: Span = { task: this.names[i]!, start: this.starts[i]!, end: this.ends[i]!, outcome: OUTCOMES[this.outcomes[i]!]!, lane: 0 };
      const running = this.runs?.[i];
      // Still waiting only if the run never drained (it always does): then it never ran.
      if (running !== undefined && !Number.isNaN(running)) span.running = running === WAITING ? span.end : running;
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
    if (this.runs !== undefined) {
      const runs = new Float64Array(size);
      runs.set(this.runs);
      this.runs = runs;
    }
  }
}
