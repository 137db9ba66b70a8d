/**
 * The measuring engine: runs the variants round by round, one run at a time, records
 * each run's tasks, narration and details, and returns the data (types in
 * measure-types.ts, re-exported here for the modules that import them from this one).
 */
import { onAbort } from './abort.js';
import { systemClock, type Clock } from './clock.js';
import { AbortError, describeError, isAbortError } from './errors.js';
import { assignLanes } from './lanes.js';
import type { ErrorInfo, Measurement, MeasureEvent, MeasureOptions, NarrationLine, QueuedTask, RunContext, Span, VariantResult, VariantSpec } from './measure-types.js';
import { CANCELLED, ERROR, OK, OUTCOMES, SpanLog } from './span-log.js';
import { speedups } from './speedup.js';
import { summarize } from './stats.js';

export type * from './measure-types.js';
export { describeError } from './errors.js';
export { comparability } from './speedup.js';

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

async function runOnce(
  variant: VariantSpec,
  clock: Clock,
  parent: AbortSignal | undefined,
  emit: ((event: MeasureEvent) => void) | undefined,
): Promise<RunRecord> {
  const name = variant.name;
  const controller = new AbortController();
  // The parent may already be aborted: by an observer of the variant-start event (the
  // CLI aborts its run when a write finds stdout closed), and onAbort would never fire.
  if (parent?.aborted === true) controller.abort(parent.reason);
  const off = parent === undefined || parent.aborted ? () => {} : onAbort(parent, () => controller.abort(parent.reason));
  const log = new SpanLog();
  const narration: NarrationLine[] = [];
  const t0 = clock.now();
  const elapsed = (): number => clock.now() - t0;
  let details: Record<string, unknown> | undefined;
  let pending = 0;
  let drained: (() => void) | undefined;

  const end = (i: number, outcome: number, err?: unknown): void => {
    const at = elapsed();
    const neverRan = log.finish(i, at, outcome, err);
    if (emit !== undefined) {
      const event: MeasureEvent = { type: 'task-end', variant: name, id: i, outcome: OUTCOMES[outcome]!, at };
      if (err !== undefined) event.error = log.errors!.get(i)!;
      if (neverRan) event.waiting = true;
      emit(event);
    }
  };
  const finish = (i: number, outcome: number, err?: unknown): void => {
    end(i, outcome, err);
    if (--pending === 0) drained?.();
  };
  const outcomeOf = (err: unknown): number => (isAbortError(err, controller.signal) ? CANCELLED : ERROR);
  /** A queued task's promise settled: it ends now unless its work already ended it. */
  const settleQueued = (i: number, outcome: number, err?: unknown): void => {
    if (!log.ended(i)) end(i, outcome, err);
    if (--pending === 0) drained?.();
  };
  const startRunning = (i: number): void => {
    if (log.ended(i)) return;
    const at = elapsed();
    if (log.run(i, at)) emit?.({ type: 'task-run', variant: name, id: i, task: log.names[i]!, start: log.starts[i]!, at });
  };
  /**
   * The handle a queued task is given: `start` and `run` for its index. A class, not an
   * object of two closures: a waiting task holds its handle until it runs, and bench
   * fetch-all.js's "100 000 requests, concurrent: peak RSS" row keeps 100 000 of them
   * waiting at once (one small object each instead of two closures and their context:
   * with the bound handlers in `queued`, ~225 B per waiting task instead of ~465, by heap
   * snapshot on Node 20). Measured 2026-12-01 with fetch-all's pool of waiting requests,
   * peak RSS: 204 / 226 → 195 / 180 MB on Node 20, 335 / 336 → 240 / 283 MB on Node 24.
   */
  class Queued implements QueuedTask {
    constructor(readonly i: number) {}
    start(): void {
      startRunning(this.i);
    }
    run<U>(work: () => Promise<U>): Promise<U> {
      const i = this.i;
      startRunning(i);
      let promise: Promise<U>;
      try {
        promise = work();
      } catch (err) {
        promise = Promise.reject(err);
      }
      promise.then(
        () => void (log.ended(i) || end(i, OK)),
        (err: unknown) => void (log.ended(i) || end(i, outcomeOf(err), err)),
      );
      return promise;
    }
  }
  // A task's handlers are these two bound to its index (a number as `this`, which strict
  // code leaves unboxed): one small object each, where closures would add a context.
  //
  // Consecutive tasks whose work is one and the same promise (sleeps of one deadline and
  // signal share theirs, see clock.ts) settle at the same moment, the same way: the first
  // one's handlers end them all, in order, each at its own reading of the clock, instead
  // of a reaction, a derived promise and two handlers each. `shared` is that promise while
  // its handlers have not run; `sharedLast` maps a group's first task to its last. Earns
  // its place on bench row 6 (the gather demo over 1e5 tasks, against raw Promise.all),
  // without -> with it, medians of 9 interleaved samples at load ~8 on 2 cores: the engine
  // in process 0.95x -> 0.67x on Node 20 (CPU 280 -> 198 ms), 0.89x -> 0.81x on Node 24;
  // the CLI row itself 1.53x -> 0.87x and 0.95x -> 0.54x. 305 -> 115 bytes per task.
  let shared: Promise<unknown> | undefined;
  let sharedFirst = -1;
  let sharedLast: Map<number, number> | undefined;
  const lastOf = (first: number): number => {
    if (first === sharedFirst) shared = undefined; // later tasks on it need handlers of their own
    const last = sharedLast?.get(first);
    if (last === undefined) return first;
    sharedLast!.delete(first);
    return last;
  };
  const finishGroup = (first: number, outcome: number, err?: unknown): void => {
    const last = lastOf(first);
    for (let i = first; i <= last; i++) finish(i, outcome, err);
  };
  function fulfilled(this: number): void {
    finishGroup(this, OK);
  }
  function rejected(this: number, err: unknown): void {
    finishGroup(this, isAbortError(err, controller.signal) ? CANCELLED : ERROR, err);
  }
  // The same for a queued task's own promise (see Queued for why bound, not closures).
  function queuedFulfilled(this: number): void {
    settleQueued(this, OK);
  }
  function queuedRejected(this: number, err: unknown): void {
    settleQueued(this, outcomeOf(err), err);
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
    queued<T>(taskName: string, fn: (task: QueuedTask) => Promise<T>): Promise<T> {
      const at = elapsed();
      const i = log.add(taskName, at);
      shared = undefined; // a group's tasks have consecutive indices
      log.wait(i);
      emit?.({ type: 'task-start', variant: name, id: i, task: taskName, waiting: true, at });
      let promise: Promise<T>;
      try {
        promise = fn(new Queued(i));
      } catch (err) {
        promise = Promise.reject(err);
      }
      pending++;
      promise.then(queuedFulfilled.bind(i), queuedRejected.bind(i));
      return promise;
    },
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
      if (promise === shared) {
        (sharedLast ??= new Map()).set(sharedFirst, i);
        return promise;
      }
      shared = promise;
      sharedFirst = i;
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
