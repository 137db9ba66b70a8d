/**
 * The piscina worker of the `cpu` demo. Worker threads load this file's compiled
 * JavaScript (dist/demos/cpu/worker.js): it runs {@link spin} and says which thread
 * ran it and for how long, so the demo can show that the work really was spread.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, threadId } from 'node:worker_threads';
import { spin } from './work.js';

/** One task for a worker: how many iterations of {@link spin} to run. */
export interface WorkTask {
  iterations: number;
  /** Set when the pool wants to hear the moment a thread takes the task: a {@link WorkStarted} comes back first. */
  id?: number;
}

/** What a worker posts (piscina emits it as the pool's 'message') when it takes a task that has an id. */
export interface WorkStarted {
  asyncdemoWorkStarted: number;
}

/** What a worker returns for one {@link WorkTask}. */
export interface WorkResult {
  /** The hash {@link spin} computed (the same on every thread for the same task). */
  checksum: number;
  /** The worker thread that ran it. */
  threadId: number;
  /** How long the work took on that thread, in ms. */
  ms: number;
}

/**
 * piscina's task handler (its default export).
 *
 * @example
 * const pool = new Piscina({ filename: fileURLToPath(new URL('./worker.js', import.meta.url)) });
 * const { checksum, threadId, ms } = await pool.run({ iterations: 1e6 });
 */
export default function runTask(task: WorkTask): WorkResult {
  // Until a thread takes it, a task waits in piscina's queue on the main thread: this
  // tells the main thread its wait is over (the message leaves at once, the loop below
  // does not hold it up).
  if (task.id !== undefined) parentPort?.postMessage({ asyncdemoWorkStarted: task.id } satisfies WorkStarted);
  const t0 = performance.now();
  const checksum = spin(task.iterations);
  return { checksum, threadId, ms: performance.now() - t0 };
}
