import { AbortError, isAbortError, gather, limit, type RunContext, type VariantSpec } from '../../core/index.js';
import type { Demo } from '../types.js';

/** One of the user's functions: a task of the experiment, named by its export. */
export interface ExperimentTask {
  name: string;
  /** Called once per task run, with the run's signal (aborted on Ctrl-C or a failure). */
  fn: (signal: AbortSignal) => unknown;
}

/** What an experiment is made of: where it came from, and its functions in order. */
export interface ExperimentSource {
  /** The file as the user named it, for the report. */
  file: string;
  tasks: readonly ExperimentTask[];
  /** Failures no task could report (a rejection after its function returned): exit 1. */
  failures?: () => string[];
}

// `--concurrency` when not given: small, so that `limited` differs from `concurrent` as soon as there are three functions.
const DEFAULT_CONCURRENCY = 2;
const EXPERIMENT_VARIANTS = ['sequential', 'concurrent', 'limited'] as const;
// A function that returns at once still takes some time; a zero would make the ideal infinite.
const MIN_TASK_MS = 0.001;

/**
 * A failure of the user's code already put in words naming the function
 * ("fetchUser() never settled: …") by the thread it ran on: the report shows it as it is.
 *
 * @example
 * throw new ContainedFailure('Error', 'fetchUser() never settled: it awaits something that nothing left running can settle');
 */
export class ContainedFailure extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * A user's function that threw, named after it; the original error is its `cause`. It
 * keeps the original's name, so the report reads `TypeError: x is not a function (thrown by load())`.
 */
class TaskFailure extends Error {
  constructor(task: string, cause: unknown) {
    const original = cause instanceof Error ? cause : undefined;
    super(`${original?.message ?? String(cause)} (thrown by ${task}())`, { cause });
    this.name = original?.name ?? 'Error';
  }
}

/**
 * `asyncdemo run <file>`: the user's exported functions as a demo with three variants,
 * each function one task named by its export: `sequential` (one after another),
 * `concurrent` (all at once under gather) and `limited` (at most `--concurrency` at a
 * time, in export order). Each function gets the run's AbortSignal.
 *
 * Nothing is known of the functions in advance, so the planned times, and with them
 * the ideal speedups, come from the measurement itself: each function's median time in
 * the `sequential` runs (alone, as nothing else runs then) gives Σ for sequential, the
 * longest for concurrent, and greedy waves of `--concurrency` slots for limited.
 * Without a `sequential` run, the functions' spans in the other variants stand in.
 *
 * @example
 * const demo = experimentDemo({ file: 'exp.ts', tasks: [{ name: 'a', fn: (signal) => sleep(100, { signal }) }] });
 * const plan = await demo.plan(resolveDemoParams(demo, { options: { concurrency: 2 }, signal }));
 */
export function experimentDemo(source: ExperimentSource): Demo {
  const { file, tasks } = source;
  const names = tasks.map((t) => t.name);
  return {
    name: baseName(file),
    title: `your functions, from ${file}: ${names.join(', ')}`,
    description:
      'Runs the functions a file exports (named exports, or a default object of them), each one a task named by its ' +
      'export, three ways: sequential (one after another), concurrent (all at once under gather) and limited (at most ' +
      '--concurrency at a time, in source order). Each function receives an AbortSignal, aborted on Ctrl-C: pass it to ' +
      "what it awaits. The ideal speedup comes from the sequential run's spans: each function's time alone gives the sum " +
      "for sequential, the longest for concurrent, and greedy waves of --concurrency for limited (without the sequential " +
      'variant, the spans of the variants that ran stand in). TypeScript files load through tsx.',
    examples: [],
    variantNames: EXPERIMENT_VARIANTS,
    delay: { defaultMs: 0, help: 'not used: the functions take the time they take' },
    count: { default: tasks.length, max: Math.max(1, tasks.length), help: 'not used: one task per exported function' },
    options: [
      {
        flags: '--concurrency <n>',
        description: 'functions running at once in the limited variant',
        kind: 'count',
        min: 1,
        max: 10_000,
        default: DEFAULT_CONCURRENCY,
      },
    ],
    plan(params) {
      const concurrency = params.options.concurrency as number;
      const timings = new Timings(names);
      const invoke = (ctx: RunContext, task: ExperimentTask, alone: boolean): Promise<void> => {
        const start = ctx.elapsed();
        return ctx.task(task.name, async () => {
          try {
            await task.fn(ctx.signal);
          } catch (err) {
            if (ctx.signal.aborted && isAbortError(err, ctx.signal)) throw err;
            // Already named after the function by the thread it ran on.
            if (err instanceof ContainedFailure) throw err;
            throw new TaskFailure(task.name, err);
          }
          timings.add(task.name, ctx.elapsed() - start, alone);
        });
      };

      const variants: VariantSpec[] = [
        {
          name: 'sequential',
          summary: 'await each function in turn, in source order',
          get plannedMs() {
            return sum(timings.durations());
          },
          async run(ctx) {
            for (const task of tasks) {
              // A function may swallow the abort and return: the next one must not start.
              if (ctx.signal.aborted) throw ctx.signal.reason;
              await invoke(ctx, task, true);
            }
          },
        },
        {
          name: 'concurrent',
          summary: 'call every function at once and gather the results',
          get plannedMs() {
            return Math.max(0, ...timings.durations());
          },
          async run(ctx) {
            await gather(tasks.map((task) => invoke(ctx, task, false)));
          },
        },
        {
          name: 'limited',
          summary: `at most ${concurrency} at a time, in source order (limit(${concurrency}))`,
          get plannedMs() {
            return makespan(timings.durations(), concurrency);
          },
          async run(ctx) {
            const run = limit(concurrency);
            // Once a function has failed or the run is aborted, the queued ones are never
            // called. The flag is set before p-limit frees the failed one's slot: the
            // run's signal is only aborted later, once the failure has reached measure.
            let failed = false;
            const next = (task: ExperimentTask): Promise<void> => {
              if (ctx.signal.aborted) return Promise.reject(ctx.signal.reason);
              if (failed) return Promise.reject(new AbortError(`${task.name}() not started: an earlier function failed`));
              return invoke(ctx, task, false).catch((err: unknown) => {
                failed = true;
                throw err;
              });
            };
            await gather(tasks.map((task) => run(() => next(task))));
          },
        },
      ];
      return {
        variants,
        headline: 'concurrent',
        means: { kind: 'speedup', measures: 'how long until every function has returned' },
        idealFrom: 'measured',
        // The workload options mean nothing here; undefined leaves them out of the report.
        params: { scale: undefined, delay: undefined, count: undefined, concurrency, file, functions: names },
        ...(source.failures === undefined ? {} : { failures: source.failures }),
      };
    },
  };
}

/**
 * Each function's times: from `sequential` runs (alone) and from the others, kept
 * apart. `measure` reads a variant's `plannedMs` once every run is over, so the
 * getters above see every sample.
 */
class Timings {
  readonly #alone = new Map<string, number[]>();
  readonly #together = new Map<string, number[]>();

  constructor(private readonly names: readonly string[]) {}

  add(name: string, ms: number, alone: boolean): void {
    const map = alone ? this.#alone : this.#together;
    const list = map.get(name) ?? [];
    list.push(ms);
    map.set(name, list);
  }

  /** Each function's median time, in export order; from the sequential runs when every function has one there. */
  durations(): number[] {
    const source = this.names.every((n) => this.#alone.has(n)) ? this.#alone : this.#together;
    return this.names.map((n) => Math.max(MIN_TASK_MS, median(source.get(n) ?? [])));
  }
}

/**
 * How long `durations` take on `slots` workers taking them in order, each starting the
 * next one as it frees up: p-limit's schedule.
 *
 * @example
 * makespan([200, 100, 300], 2); // 400: A 0–200, B 0–100, C 100–400
 */
export function makespan(durations: readonly number[], slots: number): number {
  const free = Array.from({ length: Math.max(1, Math.min(slots, durations.length)) }, () => 0);
  for (const d of durations) {
    let first = 0;
    for (let i = 1; i < free.length; i++) if (free[i]! < free[first]!) first = i;
    free[first]! += d;
  }
  return Math.max(0, ...free);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).filter((part) => part !== '').pop() ?? file;
}
