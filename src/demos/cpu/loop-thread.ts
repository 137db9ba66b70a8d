import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { onAbort } from '../../core/index.js';
import type { LoopReply, LoopRequest } from './loop-worker.js';
import type { LoopStats } from './monitor.js';

/** What {@link LoopThread.run} tells as the tasks start and end on the loop thread. */
export interface LoopHooks {
  onStart(task: string): void;
  /** promise-all only: a started task begins to run (until then it waits for the thread). */
  onRun?(task: string): void;
  onEnd(task: string): void;
}

/**
 * The thread the `cpu` demo's single-threaded variants run on (see loop-worker.ts):
 * started and warmed once, replaced after an interruption terminated it.
 */
export interface LoopThread {
  /**
   * Runs `names` on the thread one after another (`sequential`) or under gather
   * (`promise-all`), each `iterations` of the work, and resolves with the thread's loop
   * figures. On abort the thread is terminated at once, mid-loop if need be, and it
   * rejects with `signal.reason`; the next run starts a fresh thread.
   */
  run(kind: 'sequential' | 'promise-all', names: readonly string[], iterations: number, hooks: LoopHooks, signal?: AbortSignal): Promise<LoopStats>;
  /** Terminates the thread; safe to call more than once. `run` then rejects. */
  close(): Promise<void>;
}

/** Options of {@link startLoopThread}. */
export interface LoopThreadOptions {
  /** Iterations of a first small task, so the measured runs meet optimised code. */
  warmIterations: number;
  /** Aborting it stops the start-up: the thread is terminated and it rejects with the reason. */
  signal?: AbortSignal;
  /** The compiled worker module (default: {@link loopWorkerUrl}). */
  workerUrl?: URL;
}

/**
 * Where the compiled loop worker is: next to this module in dist/, or, from the
 * TypeScript sources (vitest, tsx), the same path under dist/ (`npm run build` first).
 *
 * @example
 * loopWorkerUrl('file:///app/src/demos/cpu/loop-thread.ts').href; // 'file:///app/dist/demos/cpu/loop-worker.js'
 */
export function loopWorkerUrl(from: string = import.meta.url): URL {
  return from.endsWith('.ts') ? new URL('../../../dist/demos/cpu/loop-worker.js', from) : new URL('./loop-worker.js', from);
}

/**
 * Starts the loop thread and warms it (it has loaded its code and run a small task
 * before this resolves).
 *
 * @example
 * const loop = await startLoopThread({ warmIterations: 1e5 });
 * try {
 *   const stats = await loop.run('sequential', ['cpu-1'], 5e8, { onStart() {}, onEnd() {} }, signal);
 * } finally { await loop.close(); }
 */
export async function startLoopThread(options: LoopThreadOptions): Promise<LoopThread> {
  const filename = fileURLToPath(options.workerUrl ?? loopWorkerUrl());
  if (!existsSync(filename)) throw new Error(`the cpu demo's worker ${filename} is missing: run \`npm run build\` first`);
  let worker: Worker | undefined;
  let closed = false;

  const spawn = (): Worker => {
    const thread = new Worker(filename);
    // A thread that dies between runs must not take the process with it (an 'error'
    // nobody listens to is thrown); the next run notices it is gone.
    thread.on('error', () => void (worker === thread && (worker = undefined)));
    thread.on('exit', () => void (worker === thread && (worker = undefined)));
    return thread;
  };

  /** Sends `request` and feeds every reply to `onReply` until it returns a result, or the thread dies or is aborted. */
  const exchange = <T>(request: LoopRequest, onReply: (reply: LoopReply) => { value: T } | undefined, signal?: AbortSignal): Promise<T> => {
    if (closed) return Promise.reject(new Error('the cpu loop thread is already closed'));
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    const thread = (worker ??= spawn());
    return new Promise<T>((resolve, reject) => {
      const cleanup = (): void => {
        thread.off('message', onMessage);
        thread.off('error', onError);
        thread.off('exit', onExit);
        off();
      };
      const fail = (err: unknown): void => {
        cleanup();
        reject(err);
      };
      const onMessage = (reply: LoopReply): void => {
        if (reply.type === 'failed') return fail(new Error(reply.message));
        const result = onReply(reply);
        if (result === undefined) return;
        cleanup();
        resolve(result.value);
      };
      const onError = (err: Error): void => {
        if (worker === thread) worker = undefined;
        fail(err);
      };
      const onExit = (code: number): void => {
        if (worker === thread) worker = undefined;
        fail(new Error(`the cpu loop thread stopped (exit code ${code})`));
      };
      // Terminating is the only way to stop a loop that never yields: the next run
      // gets a fresh thread.
      const off = signal === undefined ? () => {} : onAbort(signal, () => {
        if (worker === thread) worker = undefined;
        void thread.terminate();
        fail(signal.reason);
      });
      thread.on('message', onMessage);
      thread.on('error', onError);
      thread.on('exit', onExit);
      thread.postMessage(request);
    });
  };

  try {
    await exchange({ type: 'warm', iterations: options.warmIterations }, (reply) => (reply.type === 'warm' ? { value: undefined } : undefined), options.signal);
  } catch (err) {
    closed = true;
    await worker?.terminate();
    throw err;
  }

  return {
    run(kind, names, iterations, hooks, signal) {
      return exchange(
        { type: 'run', kind, names, iterations },
        (reply) => {
          if (reply.type === 'start') hooks.onStart(reply.task);
          else if (reply.type === 'run') hooks.onRun?.(reply.task);
          else if (reply.type === 'end') hooks.onEnd(reply.task);
          else if (reply.type === 'done') return { value: reply.stats };
          return undefined;
        },
        signal,
      );
    },
    async close() {
      closed = true;
      const thread = worker;
      worker = undefined;
      await thread?.terminate();
    },
  };
}
