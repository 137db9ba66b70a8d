/**
 * A producer and two workers through a bounded queue: asyncio.Queue, in TypeScript.
 *
 *   npm run build && npx tsx examples/queue.ts
 *
 * ASYNCDEMO_SCALE multiplies every delay (0.1 runs it 10× faster).
 */
import { Queue, sleep } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');

async function worker(queue: Queue<number>, done: number[]): Promise<void> {
  for (;;) {
    let item: number;
    try {
      item = await queue.get();
    } catch {
      return; // shut down and empty: no more work
    }
    await sleep(400 * scale); // process it
    done.push(item);
    queue.taskDone();
  }
}

async function main(): Promise<void> {
  // At most 3 items wait in the queue: when it is full, put() waits (backpressure), so
  // a fast producer cannot run ahead of slow workers.
  const queue = new Queue<number>({ maxsize: 3 });
  const done: number[] = [];
  const workers = [worker(queue, done), worker(queue, done)];

  for (let item = 1; item <= 6; item++) {
    await sleep(100 * scale); // make it
    await queue.put(item);
  }
  await queue.join(); // every item put has been processed
  queue.shutdown(); // the waiting get()s fail, so the workers return
  await Promise.all(workers);
  console.log(`Processed: ${done.sort((a, b) => a - b).join(' ')}`);
}

await main();
