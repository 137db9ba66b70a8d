/**
 * Cancelling a producer without losing queued work: the workers finish what is already
 * queued before the cancellation is reported.
 *
 *   npm run build && npx tsx examples/graceful-drain.ts
 *
 * ASYNCDEMO_SCALE multiplies every delay (0.1 runs it 10× faster).
 *
 * In asyncio, cancelling the task around a TaskGroup interrupts only the body; the
 * workers are cancelled when the body leaves the block, so the body can still drain:
 *
 *   async with asyncio.TaskGroup() as tg:
 *       for _ in range(2): tg.create_task(worker(queue))
 *       try:
 *           for item in items: await queue.put(item)    # <- cancelled here
 *       finally:
 *           queue.shutdown()                            # workers drain, then stop
 *           await queue.join()
 *
 * Here a parent abort reaches the children at once (trio's rule, the one this library
 * follows), so the same code would drop the queued items. What works: only the producer
 * listens to the parent's signal; the workers' group does not, and ends when the queue
 * is drained; the cancellation is rethrown after that.
 */
import { Queue, sleep, taskGroup } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');
// The caller's cancellation; here the producer itself triggers it after item 4, as a user
// pressing Ctrl-C would.
const controller = new AbortController();

async function worker(queue: Queue<number>, done: number[], signal: AbortSignal): Promise<void> {
  for (;;) {
    let item: number;
    try {
      item = await queue.get({ signal });
    } catch {
      return; // shut down and drained (or the group failed): no more work
    }
    await sleep(300 * scale, { signal }); // process it
    done.push(item);
  }
}

async function pipeline(signal: AbortSignal): Promise<number[]> {
  const queue = new Queue<number>({ maxsize: 2 });
  const done: number[] = [];
  const produced: number[] = [];
  let cancelled: unknown;
  // No { signal } here: a parent abort would abort the workers mid-queue (trio's rule).
  await taskGroup(async (tg) => {
    for (let w = 0; w < 2; w++) tg.spawn((s) => worker(queue, done, s));
    try {
      for (let item = 1; item <= 10; item++) {
        await queue.put(item, { signal }); // only the producer listens to the parent
        produced.push(item);
        if (item === 4) controller.abort(new Error('Interrupted')); // someone presses Ctrl-C
      }
    } catch (err) {
      if (!signal.aborted) throw err;
      cancelled = err; // keep it for after the drain
    } finally {
      queue.shutdown(); // no more puts; the workers take what is left, then return
    }
  });
  console.log(`Produced ${produced.join(' ')}, then the producer was cancelled`);
  console.log(`Processed ${done.sort((a, b) => a - b).join(' ')}: nothing queued was lost`);
  if (cancelled !== undefined) throw cancelled;
  return done;
}

try {
  await pipeline(controller.signal);
} catch (err) {
  console.log(`Then the cancellation: ${(err as Error).message}`);
}
