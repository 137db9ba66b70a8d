import { QueueShutDownError, type QueuedTask, type RunContext, type VariantSpec, Queue } from '../core/index.js';
import { narrator, stamp } from './shared/narration.js';
import { unitMs, wait } from './shared/timing.js';
import type { Demo } from './types.js';
import { attachDetail } from './details.js';

const WORKERS = 4;
const MAXSIZE = 3;
/** Past this many samples, neighbours are merged (keeping the larger length), so the detail stays small. */
const MAX_SAMPLES = 4000;

/** The shape of one run: what the producer makes and how the consumers work. */
export interface QueueSetup {
  items: number;
  /** The producer's time to make one item. */
  intervalMs: number;
  /** A worker's time to process one item. */
  workMs: number;
  workers: number;
  maxsize: number;
}

/**
 * What the `queue` detail carries: the queue's length over time as `[at, length]` steps
 * (each length holds until the next sample), how often the producer found it full, and
 * when the run ended.
 */
export interface QueueDetail {
  maxsize: number;
  workers: number;
  samples: [at: number, length: number][];
  producerWaits: number;
  endMs: number;
}

/**
 * When the last item is processed, computed ahead: the producer makes item i in
 * `intervalMs` after the previous put completed; a put completes when the item
 * `maxsize` places ahead has been taken (the queue then has room); the earliest free
 * worker takes the next item in FIFO order and holds it `workMs`.
 *
 * @example
 * plannedQueueMs({ items: 12, intervalMs: 100, workMs: 400, workers: 1, maxsize: 3 }); // 4900
 */
export function plannedQueueMs(s: QueueSetup): number {
  const taken: number[] = [];
  const free = new Array<number>(s.workers).fill(0);
  let entered = 0;
  let end = 0;
  for (let i = 0; i < s.items; i++) {
    const ready = entered + s.intervalMs;
    entered = i >= s.maxsize ? Math.max(ready, taken[i - s.maxsize]!) : ready;
    let w = 0;
    for (let j = 1; j < free.length; j++) if (free[j]! < free[w]!) w = j;
    const start = Math.max(entered, free[w]!);
    taken[i] = start;
    free[w] = start + s.workMs;
    end = Math.max(end, start + s.workMs);
  }
  return end;
}

/** Records the queue's length at every change, merging neighbours when there are too many. */
function sampler(ctx: RunContext, queue: { readonly size: number }) {
  let samples: [number, number][] = [[0, 0]];
  return {
    record(): void {
      const at = ctx.elapsed();
      const last = samples.at(-1)!;
      if (last[0] === at) last[1] = queue.size;
      else if (last[1] !== queue.size) samples.push([at, queue.size]);
      if (samples.length > MAX_SAMPLES) {
        const merged: [number, number][] = [];
        for (let i = 0; i < samples.length; i += 2) {
          const b = samples[i + 1];
          merged.push([samples[i]![0], Math.max(samples[i]![1], b?.[1] ?? 0)]);
        }
        samples = merged;
      }
    },
    get samples(): [number, number][] {
      return samples;
    },
  };
}

/** An item in the queue: its number, and its task, which waits from when it is made until a worker takes it. */
interface Item {
  n: number;
  task: QueuedTask;
  /** Settles the item's task once processed (or not). */
  resolve(): void;
  reject(reason: unknown): void;
}

/**
 * One run: a producer puts `items` numbers into a bounded queue, one per `intervalMs`,
 * waiting whenever it is full; `workers` consumers take them and process each for
 * `workMs`; the producer joins the queue, then shuts it down, which ends the workers.
 * Each item is a queued task: it waits from when it is made (its wait for room in the
 * queue included) until a worker takes it, so the timeline shows items waiting and
 * `workers` lanes of work.
 */
async function produceAndConsume(ctx: RunContext, s: QueueSetup): Promise<void> {
  const queue = new Queue<Item>({ maxsize: s.maxsize });
  const lengths = sampler(ctx, queue);
  // Items made and not yet processed: an interruption settles them as cancelled.
  const open = new Set<Item>();
  let producerWaits = 0;
  // Each wait for room and each take, as they happen: the backpressure is what this demo shows.
  const say = narrator(ctx, s.items, 'items');
  const make = (n: number): Item => {
    let item: Item | undefined;
    void ctx.queued(`item ${n + 1}`, (task) => new Promise<void>((resolve, reject) => (item = { n, task, resolve, reject })));
    open.add(item!);
    return item!;
  };
  const producer = ctx.task('producer', async () => {
    for (let i = 0; i < s.items; i++) {
      await wait(ctx, s.intervalMs);
      const item = make(i);
      if (queue.full) {
        producerWaits++;
        say?.(`queue full (${queue.size} of ${s.maxsize}): the producer waits to put item ${i + 1}`);
      }
      await queue.put(item, { signal: ctx.signal });
      lengths.record();
    }
    const waited = producerWaits === 0 ? 'never waiting for room' : `waiting for room ${producerWaits} time${producerWaits === 1 ? '' : 's'}`;
    ctx.say(`producer: ${s.items === 1 ? 'the one item' : `all ${s.items} items`} queued at ${stamp(ctx.elapsed())}, ${waited}`);
    await queue.join({ signal: ctx.signal });
    queue.shutdown();
  });
  const worker = async (name: string): Promise<void> => {
    for (;;) {
      let item: Item;
      try {
        item = await queue.get({ signal: ctx.signal });
      } catch (err) {
        if (err instanceof QueueShutDownError) return;
        throw err;
      }
      lengths.record();
      say?.(`${name} takes item ${item.n + 1} (${queue.size} left in the queue)`);
      try {
        await item.task.run(() => wait(ctx, s.workMs));
      } catch (err) {
        item.reject(err);
        throw err;
      }
      open.delete(item);
      item.resolve();
      queue.taskDone();
    }
  };
  try {
    await Promise.all([producer, ...Array.from({ length: s.workers }, (_, w) => worker(s.workers === 1 ? 'the worker' : `worker ${w + 1}`))]);
  } finally {
    // On an interruption, release every worker still waiting on an empty queue, and end
    // the items still waiting (in the queue, or for room in it) as cancelled.
    queue.shutdown(true);
    for (const item of open) item.reject(ctx.signal.aborted ? ctx.signal.reason : new Error('the queue run failed'));
  }
  const endMs = ctx.elapsed();
  ctx.say(`${s.items === 1 ? 'the one item' : `all ${s.items} items`} processed at ${stamp(endMs)}`);
  const detail: QueueDetail = { maxsize: s.maxsize, workers: s.workers, samples: lengths.samples, producerWaits, endMs };
  attachDetail(ctx, 'queue', detail);
}

/**
 * `asyncdemo queue`: a producer and consumers through a bounded `Queue` (asyncio.Queue):
 * twelve items made every 100 ms, each taking a worker 400 ms, through a queue of 3.
 * One worker is the bottleneck: the queue fills and the producer waits for room
 * (backpressure); four workers keep up, and the queue stays nearly empty. The
 * `queue` detail draws the queue's length over time.
 *
 * @example
 * const plan = queueDemo.plan(resolveDemoParams(queueDemo, { signal }));
 * plan.variants.map((v) => [v.name, v.plannedMs]); // [['one-worker', 4900], ['workers', 1600]]
 */
export const queueDemo: Demo = {
  name: 'queue',
  title: 'Queue: a producer and workers through a bounded queue, with backpressure',
  description:
    'A producer makes 12 items, one every 100 ms, and puts them into a Queue({ maxsize: 3 }); workers get() ' +
    'them and process each for 400 ms, calling taskDone(); the producer then join()s the queue and shuts it ' +
    'down, which ends the workers (asyncio.Queue, with shutdown from Python 3.13). With one worker the queue ' +
    'fills up and put() waits for room: backpressure paces the producer to the worker (4.9 s). With four ' +
    'workers the queue stays nearly empty and it all ends 400 ms after the last item is made (1.6 s). The ' +
    'details draw the queue length over time. Ideal speedup: the ratio of the two planned times.',
  examples: ['asyncdemo queue', 'asyncdemo queue --workers 2 --maxsize 1', 'asyncdemo queue --count 100 --scale 0.1'],
  variantNames: ['one-worker', 'workers'],
  delay: { defaultMs: 400, help: "a worker's time to process one item" },
  count: { default: 12, max: 100_000, help: 'how many items the producer makes' },
  options: [
    { flags: '--workers <n>', description: 'workers in the `workers` variant', kind: 'count', min: 1, max: 1000, default: WORKERS },
    { flags: '--maxsize <n>', description: 'how many items the queue holds before put() waits', kind: 'count', min: 1, max: 100_000, default: MAXSIZE },
    {
      flags: '--interval <duration>',
      description: "the producer's time to make one item (default: a quarter of --delay; scaled)",
      kind: 'duration',
      min: 0,
    },
  ],
  explain: {
    pattern:
      'A Queue connects producers and consumers that run at different speeds: put() adds an item and ' +
      'waits while the queue is full (backpressure), get() takes one and waits while it is empty, ' +
      'taskDone() and join() tell when everything put has been processed, and shutdown() ends the ' +
      'consumers: asyncio.Queue.',
    whenToUse:
      'Pipelines and worker pools: a fixed number of workers draining a stream of jobs, crawling, ' +
      'anything where the work does not fit in memory at once or arrives over time.',
    example: 'queue.ts',
    python: `# Not in the tutorial: the asyncio equivalent (Queue.shutdown needs Python 3.13)
import asyncio

async def worker(queue: asyncio.Queue, done: list):
    while True:
        try:
            item = await queue.get()
        except asyncio.QueueShutDown:
            return
        await asyncio.sleep(0.4)
        done.append(item)
        queue.task_done()

async def main():
    queue = asyncio.Queue(maxsize=3)
    done = []
    workers = [asyncio.create_task(worker(queue, done)) for _ in range(2)]
    for item in range(1, 7):
        await asyncio.sleep(0.1)
        await queue.put(item)
    await queue.join()
    queue.shutdown()
    await asyncio.gather(*workers)
    print("Processed:", *sorted(done))

asyncio.run(main())`,
    pitfalls: [
      'Call taskDone() once for every item taken, even when processing it fails (in a finally), or ' +
        'join() never returns.',
      'An unbounded queue (maxsize 0, the default) has no backpressure: a fast producer fills the ' +
        'memory.',
      'Workers looping on get() wait forever once the work is done: shut the queue down (or abort their ' +
        'signal) to end them.',
      'With several workers, items finish in whatever order the workers get through them, not in the ' +
        'order they were put.',
    ],
  },
  plan(params) {
    const workMs = unitMs(params);
    const given = params.options.interval;
    const intervalMs = typeof given === 'number' ? given * params.scale : workMs / 4;
    const items = params.count;
    const workers = params.options.workers as number;
    const maxsize = params.options.maxsize as number;
    const setup = (k: number): QueueSetup => ({ items, intervalMs, workMs, workers: k, maxsize });

    const variants: VariantSpec[] = [
      {
        name: 'one-worker',
        summary: 'one worker: the queue fills and the producer waits for room',
        plannedMs: plannedQueueMs(setup(1)),
        run: (ctx) => produceAndConsume(ctx, setup(1)),
      },
      {
        name: 'workers',
        summary: `${workers} workers get() from the same queue`,
        plannedMs: plannedQueueMs(setup(workers)),
        run: (ctx) => produceAndConsume(ctx, setup(workers)),
      },
    ];
    return {
      variants,
      headline: 'workers',
      means: { kind: 'speedup', measures: 'how long until every item has been produced and processed' },
      params: { count: items, intervalMs, workMs, workers, maxsize },
    };
  },
};
