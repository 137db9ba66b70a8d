/**
 * Six tasks, at most two at a time: limit(2) is asyncio's Semaphore(2) around each task.
 *
 *   npm run build && npx tsx examples/limit.ts
 *
 * ASYNCDEMO_SCALE multiplies every delay (0.1 runs it 10× faster).
 */
import { gather, limit, sleep } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');

async function main(): Promise<void> {
  const run = limit(2);
  let running = 0;
  let most = 0;

  async function task(n: number): Promise<number> {
    running++;
    most = Math.max(most, running);
    await sleep(200 * scale);
    running--;
    return n;
  }

  // All six are handed over at once; limit starts two, and the next one each time a
  // task ends: three waves of 200 ms instead of one of 200 ms or six in turn.
  const results = await gather([1, 2, 3, 4, 5, 6].map((n) => run(() => task(n))));
  console.log(`Done: ${results.join(' ')}`);
  console.log(`At most ${most} at once`);
}

await main();
