import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { onAbort, systemClock, type Clock } from '../../core/index.js';
import type { WorkResult, WorkStarted, WorkTask } from './worker.js';

/** A started, warmed pool of worker threads that run {@link spin}. */
export interface CpuPool {
  /** How many threads it has (all started and loaded). */
  readonly threads: number;
  /** Spawning the threads, loading the worker module and a first small task on each, in ms. */
  readonly startupMs: number;
  /**
   * Runs `iterations` of the work on a free thread (queued when none is). Rejects with
   * `signal.reason` on abort; piscina then terminates the thread that was running it.
   * `onStart` is called once, when a thread takes the task (at the latest as it settles).
   */
  run(iterations: number, signal?: AbortSignal, onStart?: () => void): Promise<WorkResult>;
  /** Terminates every thread; safe to call more than once. Leaves no handle behind; `run` then rejects. */
  close(): Promise<void>;
  /** Threads started and not yet exited (as their `exit` events tell): 0 once closed. */
  readonly liveThreads: number;
}

/** Options of {@link startPool}. */
export interface PoolOptions {
  threads: number;
  /** Iterations of the warm-up task each thread runs before the pool counts as started. */
  warmIterations: number;
  /** The compiled worker module (default: {@link workerUrl}). */
  workerUrl?: URL;
  /** Times the start-up (default: the system clock). */
  clock?: Clock;
  /** Aborting it stops the start-up: the threads are destroyed and it rejects with the reason. */
  signal?: AbortSignal;
}

// Tasks land on the least busy ready thread, so one round puts one task on each; a
// further round or two covers a thread that was slow to report ready.
const WARM_ROUNDS = 3;

/**
 * Where the compiled worker is. Worker threads run JavaScript, never TypeScript: from
 * dist/ it sits next to this module; from the TypeScript sources (vitest, tsx) it is the
 * same path under dist/, so `npm run build` must have run.
 *
 * @example
 * workerUrl('file:///app/dist/demos/cpu/pool.js').href; // 'file:///app/dist/demos/cpu/worker.js'
 * workerUrl('file:///app/src/demos/cpu/pool.ts').href;  // 'file:///app/dist/demos/cpu/worker.js'
 */
export function workerUrl(from: string = import.meta.url): URL {
  return from.endsWith('.ts') ? new URL('../../../dist/demos/cpu/worker.js', from) : new URL('./worker.js', from);
}

/**
 * Starts a piscina pool of exactly `threads` threads and warms it: every thread has
 * loaded the worker and run a small task before this resolves, so the measured runs
 * never pay for start-up, and {@link CpuPool.startupMs} shows that cost on its own.
 *
 * @example
 * const pool = await startPool({ threads: 2, warmIterations: 1e6 });
 * try { await Promise.all([pool.run(5e8), pool.run(5e8)]); } finally { await pool.close(); }
 */
export async function startPool(options: PoolOptions): Promise<CpuPool> {
  const { threads, warmIterations, signal } = options;
  const clock = options.clock ?? systemClock;
  const url = options.workerUrl ?? workerUrl();
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`startPool: threads must be an integer ≥ 1, got ${threads}`);
  if (signal?.aborted === true) throw signal.reason;
  const filename = fileURLToPath(url);
  if (!existsSync(filename)) throw new Error(`the cpu demo's worker ${filename} is missing: run \`npm run build\` first`);

  const t0 = clock.now();
  const piscina = new Piscina<WorkTask, WorkResult>({ filename, minThreads: threads, maxThreads: threads });
  // piscina emits 'error' when an idle thread dies; unheard, that would crash the process.
  let failure: unknown;
  piscina.on('error', (err: unknown) => void (failure ??= err));
  // piscina replaces a thread it terminated (an aborted task): track each one it starts.
  const seen = new WeakSet<Worker>();
  const live = new Set<Worker>();
  const track = (): void => {
    for (const worker of piscina.threads) {
      if (seen.has(worker)) continue;
      seen.add(worker);
      live.add(worker);
      worker.once('exit', () => live.delete(worker));
    }
  };
  track();
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    track();
    return (closing ??= piscina.destroy());
  };

  // Tasks whose caller waits to hear that a thread took them, by id; the workers say so
  // through piscina's 'message' event (see WorkStarted).
  const starting = new Map<number, () => void>();
  let nextId = 0;
  piscina.on('message', (message: unknown) => {
    const id = (message as Partial<WorkStarted> | null)?.asyncdemoWorkStarted;
    if (typeof id !== 'number') return;
    const onStart = starting.get(id);
    starting.delete(id);
    onStart?.();
  });

  const run = (iterations: number, signal?: AbortSignal, onStart?: () => void): Promise<WorkResult> => {
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    // piscina would quietly start a fresh thread after destroy(), one nobody closes.
    if (closing !== undefined) return Promise.reject(new Error('the cpu worker pool is already closed'));
    if (failure !== undefined) return Promise.reject(failure);
    // piscina adds a listener per task to the signal it gets: give it a private one,
    // tied to the caller's through the shared abort registry.
    const own = new AbortController();
    const off = signal === undefined ? () => {} : onAbort(signal, () => own.abort(signal.reason));
    const task: WorkTask = { iterations };
    if (onStart !== undefined) {
      task.id = nextId++;
      starting.set(task.id, onStart);
    }
    // The start message and the result travel on different ports: a result that comes
    // first still counts as started, and a start never heard is forgotten.
    const settled = (): void => {
      off();
      track();
      if (task.id === undefined || !starting.delete(task.id)) return;
      if (signal?.aborted !== true) onStart?.();
    };
    return piscina.run(task, { signal: own.signal }).then(
      (result) => {
        settled();
        return result;
      },
      (err: unknown) => {
        settled();
        throw signal?.aborted === true ? signal.reason : err;
      },
    );
  };

  try {
    const seen = new Set<number>();
    for (let round = 0; round < WARM_ROUNDS && seen.size < threads; round++) {
      const results = await Promise.all(Array.from({ length: threads }, () => run(warmIterations, signal)));
      for (const r of results) seen.add(r.threadId);
    }
  } catch (err) {
    await close();
    throw err;
  }
  const startupMs = clock.now() - t0;
  return {
    threads,
    startupMs,
    run,
    close,
    get liveThreads() {
      return live.size;
    },
  };
}
