/**
 * A flaky call retried with exponential backoff.
 *
 *   npm run build && npx tsx examples/retry.ts
 *
 * ASYNCDEMO_SCALE multiplies every delay (0.1 runs it 10× faster).
 */
import { retry, sleep } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');

// Fails twice, then answers: a service that is briefly overloaded.
let calls = 0;
async function flaky(signal: AbortSignal): Promise<string> {
  await sleep(200 * scale, { signal });
  calls++;
  if (calls < 3) throw new Error('HTTP 500');
  return 'HTTP 200';
}

async function main(): Promise<void> {
  // Waits 100 ms, then 200 ms, … between attempts (factor 2). Real code keeps the
  // default jitter: 'full' spreads out the clients that failed together.
  const answer = await retry((_attempt, signal) => flaky(signal), {
    retries: 5,
    minDelay: 100 * scale,
    jitter: 'none',
    onFailedAttempt: ({ attempt, error }) => console.log(`attempt ${attempt} failed: ${(error as Error).message}`),
  });
  console.log(`attempt ${calls}: ${answer}`);
}

await main();
