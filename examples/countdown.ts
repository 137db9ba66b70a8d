/**
 * The seed's async generator: a countdown from 5, one number every 0.5 s.
 *
 *   npm run build && npx tsx examples/countdown.ts
 *
 * ASYNCDEMO_SCALE multiplies every delay (0.1 runs it 10× faster).
 */
import { sleep } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');

// Async generator: `async function*`, the same shape as Python's. The library's
// countdown(n, { interval, signal }) is this generator with cancellation added.
async function* asyncCountdown(n: number): AsyncGenerator<number> {
  while (n > 0) {
    yield n;
    await sleep(500 * scale);
    n -= 1;
  }
}

async function main(): Promise<void> {
  for await (const num of asyncCountdown(5)) {
    console.log(num);
  }
}

await main();
