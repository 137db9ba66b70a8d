/**
 * The measurement's vocabulary, types only: what a variant declares and is given
 * ({@link VariantSpec}, {@link RunContext}), what `measure` reports while it runs
 * ({@link Progress}, {@link MeasureEvent}) and what it returns ({@link Measurement} and
 * its parts). The engine is measure.ts, a run's span storage span-log.ts, the
 * comparisons speedup.ts.
 */
import type { Clock } from './clock.js';
import type { Stats } from './stats.js';

/** How a task ended: it returned, it threw, or it was aborted. */
export type Outcome = 'ok' | 'error' | 'cancelled';

/**
 * One task's life within a variant run. Times are ms from the variant's start.
 *
 * A task recorded with {@link RunContext.queued} waits before it runs (for a worker, a
 * slot, its turn on a thread): `start` is when it began waiting, `running` when it began
 * running, so `running − start` is its wait and `end − running` its work. A task that
 * ended while still waiting (cancelled in the queue) has `running === end`.
 */
export interface Span {
  task: string;
  start: number;
  end: number;
  /** When it started running, for a task that waited first (absent: it ran from `start`). */
  running?: number;
  outcome: Outcome;
  /** The error's message, for `error` and `cancelled` outcomes. */
  error?: string;
  /**
   * Its row in a timeline: spans on one lane never overlap while they run (see
   * assignLanes), so n workers or slots give at most n lanes; a wait takes no lane.
   */
  lane: number;
}

/**
 * What a task recorded with {@link RunContext.queued} is given, to say when its wait
 * ends. Until one of these is called the task is waiting.
 *
 * @example
 * // A worker pool that calls back when a thread takes the task:
 * ctx.queued('cpu-3', (t) => pool.run(job, { onStart: () => t.start() }));
 * // A limiter: the slot's work is the task's run.
 * ctx.queued('task 3', (t) => limiter(() => t.run(() => sleep(200, ctx))));
 */
export interface QueuedTask {
  /** It starts running now (a worker took it). Later calls, and calls once it has ended, are ignored. */
  start(): void;
  /**
   * It starts running now, running `work`; the span ends when `work` settles, even if
   * the promise given to `queued` settles later (a limiter's own promise resolves a few
   * microtasks after the work, by which time the next task may have taken the slot).
   */
  run<U>(work: () => Promise<U>): Promise<U>;
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
  /**
   * Like {@link RunContext.task}, for a task that waits before it runs: calls `fn` now,
   * and the span starts now as waiting, until `fn` marks it running through the
   * {@link QueuedTask} it is given. The timeline draws the wait apart and gives a task a
   * lane only while it runs, so a pool of 2 workers shows 2 lanes however many queue.
   *
   * @example
   * const limiter = limit(2);
   * await Promise.all(names.map((name) => ctx.queued(name, (t) => limiter(() => t.run(() => sleep(100, ctx))))));
   */
  queued<T>(name: string, fn: (task: QueuedTask) => Promise<T>): Promise<T>;
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
 * `variant-start` (at 0), then `task-start`, `task-run` (a queued task's wait ends),
 * `say` and `task-end` as they happen, then
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
  | {
      type: 'task-start';
      variant: string;
      id: number;
      task: string;
      /** Set for a task recorded with `queued`: it waits until its `task-run`. */
      waiting?: true;
      at: number;
    }
  /** A waiting task starts running (its name and `start` again, for an observer that kept only recent tasks). */
  | { type: 'task-run'; variant: string; id: number; task: string; start: number; at: number }
  | { type: 'say'; variant: string; text: string; at: number }
  | {
      type: 'task-end';
      variant: string;
      id: number;
      outcome: Outcome;
      /** The error's message, for `error` and `cancelled` outcomes. */
      error?: string;
      /** Set when the task ended while still waiting: it never ran. */
      waiting?: true;
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
