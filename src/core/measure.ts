import { onAbort } from './abort.js';
import { systemClock, type Clock } from './clock.js';
import { AbortError, isAbortError } from './errors.js';
import { assignLanes } from './lanes.js';
import { ratioStddev, summarize, type Stats } from './stats.js';

/** How a task ended: it returned, it threw, or it was aborted. */
export type Outcome = 'ok' | 'error' | 'cancelled';

/** One task's life within a variant run. Times are ms from the variant's start. */
export interface Span {
  task: string;
  start: number;
  end: number;
  outcome: Outcome;
  /** The error's message, for `error` and `cancelled` outcomes. */
  error?: string;
  /** Its row in a timeline: spans on one lane never overlap (see assignLanes). */
  lane: number;
}

/** A line of narration, like the seed's prints, stamped with ms from the variant's start. */
export interface NarrationLine {
  at: number;
  text: string;
}

/** A run's failure, reduced to data that survives JSON. */
export interface ErrorInfo {
  name: string;
  message: string;
  /** For an AggregateError: its errors, in the same form. */
  errors?: ErrorInfo[];
}

/**
 * What a variant's `run` receives: the clock to wait on, the run's signal (aborted on
 * Ctrl-C), and the means to record tasks and narration. A variant never prints.
 */
export interface RunContext {
  readonly clock: Clock;
  /** Aborted when the run is interrupted or its body fails; pass it to every wait. */
  readonly signal: AbortSignal;
  /** Milliseconds since this run started. */
  elapsed(): number;
  /**
   * Calls `fn` now as the task `name` and records its span: start, end and outcome
   * (`cancelled` when it rejects with an abort). Returns `fn`'s promise untouched, and
   * the run does not end until every recorded task has settled.
   */
  task<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Adds a narration line, stamped with the elapsed time. */
  say(text: string): void;
  /**
   * Attaches demo-specific data to this run (HTTP latencies, event-loop delay, …):
   * the report carries it as the variant's `details[key]`, and the CLI renders known keys.
   */
  detail(key: string, value: unknown): void;
}

/** One way of doing the work, as a demo declares it. */
export interface VariantSpec {
  /** Short, CLI-safe name: `sequential`, `gather`, `limited`. */
  name: string;
  /** One line saying what this variant does. */
  summary: string;
  /**
   * How long this variant should take if every wait were exact (its critical path).
   * The ideal speedup against the baseline is `baseline.plannedMs / plannedMs`.
   */
  plannedMs: number;
  run(ctx: RunContext): Promise<unknown>;
}

/** What `measure` reports as it goes, for a progress display. */
export interface Progress {
  phase: 'warmup' | 'measure';
  /** 1-based index of the round within its phase. */
  round: number;
  rounds: number;
  variant: string;
  state: 'start' | 'end';
}

/**
 * What {@link measure} tells an observer while it runs, in order, each event stamped
 * `at` ms on its variant run's clock (the same scale as spans and narration):
 * `variant-start` (at 0), then `task-start`, `say` and `task-end` as they happen, then
 * `variant-end` once the run has drained (every recorded task settled). Every round is
 * reported, warm-up included; `phase` and `round` tell them apart. `id` numbers a run's
 * tasks from 0 in start order, so a `task-end` names its `task-start`.
 *
 * @example
 * const events: MeasureEvent[] = [];
 * await measure({ variants, onEvent: (e) => events.push(e) });
 * events.map((e) => e.type); // ['variant-start', 'task-start', 'say', 'task-end', …, 'variant-end', …]
 */
export type MeasureEvent =
  | {
      type: 'variant-start';
      variant: string;
      summary: string;
      plannedMs: number;
      phase: 'warmup' | 'measure';
      /** 1-based index of the round within its phase. */
      round: number;
      rounds: number;
      at: number;
    }
  | { type: 'task-start'; variant: string; id: number; task: string; at: number }
  | { type: 'say'; variant: string; text: string; at: number }
  | {
      type: 'task-end';
      variant: string;
      id: number;
      outcome: Outcome;
      /** The error's message, for `error` and `cancelled` outcomes. */
      error?: string;
      at: number;
    }
  | {
      type: 'variant-end';
      variant: string;
      /** The run's time: when its body settled (`at` is when it had drained). */
      ms: number;
      /** True when the measurement's signal stopped this run. */
      interrupted: boolean;
      /** Set when the body rejected for another reason than the interruption. */
      error?: ErrorInfo;
      at: number;
    };

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** The variants, in display order. */
  variants: readonly VariantSpec[];
  /** The variant every other is compared with; the first one by default. */
  baseline?: string;
  /** The comparison to list first (the headline); the first non-baseline by default. */
  headline?: string;
  /** Timed rounds (default 1). Each round runs every variant once, interleaved. */
  runs?: number;
  /** Untimed rounds before the timed ones (default 0). */
  warmup?: number;
  clock?: Clock;
  /** Aborting it stops the measurement: the current run is cancelled and drained. */
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /**
   * Called synchronously with every {@link MeasureEvent} as it happens, to watch a run
   * live. Nothing is built for it when it is absent. It runs inside the measured work,
   * so it must be quick (defer drawing to a timer) and must not throw.
   */
  onEvent?: (event: MeasureEvent) => void;
}

/** One variant's measured result. */
export interface VariantResult {
  name: string;
  summary: string;
  plannedMs: number;
  /** Statistics of the timed runs; `null` when an interruption left none complete. */
  ms: Stats | null;
  /** The spans of the first timed run (or of the interrupted one, if none completed). */
  spans: Span[];
  narration: NarrationLine[];
  /** What the first timed run attached with `ctx.detail` (absent when nothing was). */
  details?: Record<string, unknown>;
  /** Set when the first timed run's body rejected. */
  error?: ErrorInfo;
}

/** How much faster `variant` ran than `baseline`. */
export interface Speedup {
  variant: string;
  baseline: string;
  /** baseline median / variant median. */
  value: number;
  /** ± of `value` (hyperfine's propagation of both spreads); 0 with a single run. */
  stddev: number;
  /** baseline planned / variant planned: what perfect waits would give. */
  ideal: number;
  /** value / ideal. */
  efficiency: number;
  /**
   * Whether `value` is a speedup at all: both variants completed, no task of either
   * failed, and both ended with the same number of tasks ok and cancelled (the same
   * work). When false, `value` is only a ratio of times, and `invalid` says why.
   */
  valid: boolean;
  /** Why `value` is not a speedup: a task or body `failed`, or the variants did `different-work`. */
  invalid?: SpeedupInvalid;
}

/** Why two variants' times do not make a speedup (see {@link Speedup.valid}). */
export type SpeedupInvalid = 'failed' | 'different-work';

/** Everything `measure` found: data only, rendered elsewhere. */
export interface Measurement {
  baseline: string;
  variants: VariantResult[];
  /** The headline first, then the other comparisons in variant order. */
  speedups: Speedup[];
  /** True when `signal` aborted before every run completed. */
  interrupted: boolean;
}

interface RunRecord {
  ms: number;
  spans: Span[];
  narration: NarrationLine[];
  details?: Record<string, unknown>;
  error?: ErrorInfo;
}

/**
 * Runs every variant `runs` times after `warmup` untimed rounds, interleaving the
 * variants round by round (A B A B, so drift on a busy machine hits them alike), and
 * returns their statistics, spans and speedups against the baseline.
 *
 * A run's time is when its body settles; the run is then drained (every task recorded
 * with `ctx.task` settles) before the next starts, so siblings that run on after a
 * fail-fast rejection still show in the spans and never overlap the next run.
 *
 * @example
 * const m = await measure({
 *   variants: [
 *     { name: 'sequential', summary: 'one after another', plannedMs: 300,
 *       run: async (ctx) => { for (const n of 'abc') await ctx.task(n, () => sleep(100, ctx)); } },
 *     { name: 'gather', summary: 'all at once', plannedMs: 100,
 *       run: (ctx) => gather([...'abc'].map((n) => ctx.task(n, () => sleep(100, ctx)))) },
 *   ],
 * });
 * m.speedups[0]; // { variant: 'gather', baseline: 'sequential', value: ~3, ideal: 3, efficiency: ~1 }
 */
export async function measure(options: MeasureOptions): Promise<Measurement> {
  const { variants, signal, onProgress, onEvent } = options;
  const clock = options.clock ?? systemClock;
  const runs = options.runs ?? 1;
  const warmup = options.warmup ?? 0;
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`measure: runs must be an integer ≥ 1, got ${runs}`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`measure: warmup must be an integer ≥ 0, got ${warmup}`);
  if (variants.length === 0) throw new RangeError('measure: no variants');
  const baseline = options.baseline ?? variants[0]!.name;
  if (!variants.some((v) => v.name === baseline)) throw new RangeError(`measure: unknown baseline "${baseline}"`);

  const records = new Map<string, RunRecord[]>(variants.map((v) => [v.name, []]));
  const partial = new Map<string, RunRecord>();
  let interrupted = false;

  rounds: for (const [phase, rounds] of [['warmup', warmup], ['measure', runs]] as const) {
    for (let round = 1; round <= rounds; round++) {
      for (const variant of variants) {
        if (signal?.aborted) {
          interrupted = true;
          break rounds;
        }
        onProgress?.({ phase, round, rounds, variant: variant.name, state: 'start' });
        onEvent?.({ type: 'variant-start', variant: variant.name, summary: variant.summary, plannedMs: variant.plannedMs, phase, round, rounds, at: 0 });
        const record = await runOnce(variant, clock, signal, onEvent);
        if (signal?.aborted) {
          interrupted = true;
          if (phase === 'measure') partial.set(variant.name, record);
          break rounds;
        }
        onProgress?.({ phase, round, rounds, variant: variant.name, state: 'end' });
        if (phase === 'measure') records.get(variant.name)!.push(record);
      }
    }
  }

  const results: VariantResult[] = [];
  for (const v of variants) {
    const done = records.get(v.name)!;
    const shown = done[0] ?? partial.get(v.name);
    if (shown === undefined) continue;
    const result: VariantResult = {
      name: v.name,
      summary: v.summary,
      plannedMs: v.plannedMs,
      ms: done.length > 0 ? summarize(done.map((r) => r.ms)) : null,
      spans: shown.spans,
      narration: shown.narration,
    };
    if (shown.details !== undefined) result.details = shown.details;
    if (shown.error !== undefined) result.error = shown.error;
    results.push(result);
  }
  return { baseline, variants: results, speedups: speedups(results, baseline, options.headline), interrupted };
}

function speedups(results: readonly VariantResult[], baseline: string, headline?: string): Speedup[] {
  const base = results.find((r) => r.name === baseline);
  if (base?.ms == null) return [];
  const list: Speedup[] = [];
  for (const r of results) {
    if (r.name === baseline || r.ms === null) continue;
    const value = base.ms.median / r.ms.median;
    const ideal = base.plannedMs / r.plannedMs;
    const speedup: Speedup = {
      variant: r.name,
      baseline,
      value,
      stddev: ratioStddev(value, base.ms, r.ms),
      ideal,
      efficiency: value / ideal,
      valid: true,
    };
    const invalid = comparability(base, r);
    if (invalid !== undefined) {
      speedup.valid = false;
      speedup.invalid = invalid;
    }
    list.push(speedup);
  }
  const first = list.findIndex((s) => s.variant === headline);
  if (first > 0) list.unshift(...list.splice(first, 1));
  return list;
}

/**
 * Why `base` and `other` cannot be compared as a speedup, or undefined when they can:
 * a ratio of times means "faster" only when both did the same work and all of it
 * succeeded (a loop that stops at the first failure is quick because it gave up).
 *
 * @example
 * comparability(sequential, gather); // 'failed' when either has an error span or a failed body
 */
export function comparability(
  base: Pick<VariantResult, 'spans' | 'error'>,
  other: Pick<VariantResult, 'spans' | 'error'>,
): SpeedupInvalid | undefined {
  const failed = (r: Pick<VariantResult, 'spans' | 'error'>): boolean =>
    r.error !== undefined || r.spans.some((s) => s.outcome === 'error');
  if (failed(base) || failed(other)) return 'failed';
  const tally = (r: Pick<VariantResult, 'spans'>): string => {
    let ok = 0;
    let cancelled = 0;
    for (const s of r.spans) {
      if (s.outcome === 'ok') ok++;
      else cancelled++;
    }
    return `${ok}/${cancelled}`;
  };
  return tally(base) === tally(other) ? undefined : 'different-work';
}

/** How a span log encodes outcomes. */
const OUTCOMES: readonly Outcome[] = ['ok', 'error', 'cancelled'];
const OK = 0;
const ERROR = 1;
const CANCELLED = 2;

/**
 * The spans of one run while it runs, in columns: a task costs a slot in each typed
 * array (unboxed numbers) and no object until the run is over, so a million tasks do
 * not hold a million span objects (and two million boxed times) alongside their promises.
 * {@link SpanLog.spans} builds the objects once the run has drained.
 */
class SpanLog {
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

async function runOnce(
  variant: VariantSpec,
  clock: Clock,
  parent: AbortSignal | undefined,
  emit: ((event: MeasureEvent) => void) | undefined,
): Promise<RunRecord> {
  const name = variant.name;
  const controller = new AbortController();
  const off = parent === undefined ? () => {} : onAbort(parent, () => controller.abort(parent.reason));
  const log = new SpanLog();
  const narration: NarrationLine[] = [];
  const t0 = clock.now();
  const elapsed = (): number => clock.now() - t0;
  let details: Record<string, unknown> | undefined;
  let pending = 0;
  let drained: (() => void) | undefined;

  const finish = (i: number, outcome: number, err?: unknown): void => {
    const at = elapsed();
    log.finish(i, at, outcome, err);
    if (emit !== undefined) {
      const event: MeasureEvent = { type: 'task-end', variant: name, id: i, outcome: OUTCOMES[outcome]!, at };
      if (err !== undefined) event.error = log.errors!.get(i)!;
      emit(event);
    }
    if (--pending === 0) drained?.();
  };
  // A task's handlers are these two bound to its index (a number as `this`, which strict
  // code leaves unboxed): one small object each, where closures would add a context.
  function fulfilled(this: number): void {
    finish(this, OK);
  }
  function rejected(this: number, err: unknown): void {
    finish(this, isAbortError(err, controller.signal) ? CANCELLED : ERROR, err);
  }

  const ctx: RunContext = {
    clock,
    signal: controller.signal,
    elapsed,
    say(text) {
      const at = elapsed();
      narration.push({ at, text });
      emit?.({ type: 'say', variant: name, text, at });
    },
    detail: (key, value) => void ((details ??= {})[key] = value),
    task<T>(taskName: string, fn: () => Promise<T>): Promise<T> {
      const at = elapsed();
      const i = log.add(taskName, at);
      emit?.({ type: 'task-start', variant: name, id: i, task: taskName, at });
      let promise: Promise<T>;
      try {
        promise = fn();
      } catch (err) {
        promise = Promise.reject(err);
      }
      pending++;
      // Our handler also marks the promise handled, so a sibling rejected after a
      // fail-fast gather has already settled never becomes an unhandled rejection.
      promise.then(fulfilled.bind(i), rejected.bind(i));
      return promise;
    },
  };

  let error: ErrorInfo | undefined;
  let ms: number;
  try {
    await variant.run(ctx);
    ms = elapsed();
  } catch (err) {
    ms = elapsed();
    // An interruption is not the variant's failure: the report marks the whole run
    // interrupted instead.
    const interrupted = parent?.aborted === true && isAbortError(err, controller.signal);
    if (!interrupted) error = describeError(err);
    // An unexpected failure: cancel whatever the body left running, then drain it.
    if (!controller.signal.aborted) controller.abort(new AbortError(`variant "${variant.name}" failed`, { cause: err }));
  }
  if (pending > 0) await new Promise<void>((resolve) => (drained = resolve));
  off();
  if (emit !== undefined) {
    const event: MeasureEvent = { type: 'variant-end', variant: name, ms, interrupted: parent?.aborted === true, at: elapsed() };
    if (error !== undefined) event.error = error;
    emit(event);
  }
  const record: RunRecord = { ms, spans: assignLanes(log.spans()), narration };
  if (details !== undefined) record.details = details;
  if (error !== undefined) record.error = error;
  return record;
}

/**
 * Reduces any thrown value to `{ name, message, errors? }`.
 *
 * @example
 * describeError(new AggregateError([new Error('B failed')], 'TaskGroup failed'));
 * // { name: 'AggregateError', message: 'TaskGroup failed', errors: [{ name: 'Error', message: 'B failed' }] }
 */
export function describeError(err: unknown): ErrorInfo {
  if (err instanceof Error || (typeof err === 'object' && err !== null && 'message' in err)) {
    const e = err as { name?: unknown; message?: unknown; errors?: unknown };
    const info: ErrorInfo = { name: typeof e.name === 'string' ? e.name : 'Error', message: String(e.message) };
    if (Array.isArray(e.errors)) info.errors = e.errors.map(describeError);
    return info;
  }
  return { name: 'Error', message: String(err) };
}
