/**
 * The one thread on which the `cpu` demo's `sequential` and `promise-all` variants run:
 * a worker thread that plays the part of a single-threaded program's main thread. The
 * work freezes *its* event loop, and the loop monitor watches that loop, so the lesson
 * (async gives no speedup for CPU-bound work, and blocks the loop meanwhile) is
 * measured where the work runs; asyncdemo's own main thread stays free to answer
 * Ctrl-C, and can terminate this thread mid-loop.
 *
 * Loaded as compiled JavaScript (dist/demos/cpu/loop-worker.js) by {@link startLoopThread}.
 */
import { parentPort } from 'node:worker_threads';
import { gather, systemClock } from '../../core/index.js';
import { startLoopMonitor, type LoopStats } from './monitor.js';
import { spin } from './work.js';

/** What the main thread asks of the loop thread. */
export type LoopRequest =
  | { type: 'warm'; iterations: number }
  | { type: 'run'; kind: 'sequential' | 'promise-all'; names: readonly string[]; iterations: number };

/** What the loop thread tells the main thread, as it happens. */
export type LoopReply =
  | { type: 'warm' }
  | { type: 'start'; task: string }
  /** promise-all only: a started task's turn on the thread has come (sequential tasks run as they start). */
  | { type: 'run'; task: string }
  | { type: 'end'; task: string }
  | { type: 'done'; stats: LoopStats }
  | { type: 'failed'; message: string };

const port = parentPort;

/**
 * Runs one variant's tasks on this thread, telling the main thread when each starts, when
 * a gathered one gets its turn to run, and when each ends (the messages leave at once,
 * even while the loop here is frozen), then how responsive the loop stayed.
 */
async function run(request: Extract<LoopRequest, { type: 'run' }>, post: (reply: LoopReply) => void): Promise<LoopStats> {
  const { names, iterations } = request;
  const monitor = await startLoopMonitor({ clock: systemClock });
  const task = (name: string): number => {
    const checksum = spin(iterations);
    post({ type: 'end', task: name });
    return checksum;
  };
  if (request.kind === 'sequential') {
    for (const name of names) {
      post({ type: 'start', task: name });
      task(name);
    }
  } else {
    // Each task yields once first, as an asyncio task waits for the loop to start it:
    // gather starts them all at once, and then each runs to the end in turn.
    await gather(
      names.map(async (name) => {
        post({ type: 'start', task: name });
        await nextTurn();
        post({ type: 'run', task: name });
        return task(name);
      }),
    );
  }
  return monitor.stop();
}

/**
 * Resolves on the loop's next check phase: a yield, not a delay. Node drains the
 * microtasks after each immediate, so every task's end is told as it happens.
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

if (port !== null) {
  const post = (reply: LoopReply): void => port.postMessage(reply);
  port.on('message', (request: LoopRequest) => {
    if (request.type === 'warm') {
      spin(request.iterations);
      post({ type: 'warm' });
      return;
    }
    run(request, post).then(
      (stats) => post({ type: 'done', stats }),
      (err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
  });
}
