/**
 * Results handled as they arrive, not all at the end in input order.
 *
 *   npm run build && npx tsx examples/as-completed.ts
 *
 * ASYNCDEMO_SCALE multiplies every delay (0.1 runs it 10× faster).
 */
import { asCompleted, sleep } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');

async function job(name: string, seconds: number): Promise<string> {
  await sleep(seconds * 1000 * scale);
  return name;
}

async function main(): Promise<void> {
  const jobs = [job('Alice', 3), job('Bob', 1), job('Charlie', 2)];
  // gather(jobs) would give Alice, Bob, Charlie, all at 3 s. asCompleted yields each
  // result as soon as it is ready: Bob at 1 s, Charlie at 2 s, Alice at 3 s.
  for await (const name of asCompleted(jobs)) {
    console.log(`${name} is done`);
  }
}

await main();
