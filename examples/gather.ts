/**
 * The seed's main_concurrent(): three greetings at once with gather.
 *
 *   npm run build && npx tsx examples/gather.ts
 *
 * ASYNCDEMO_SCALE multiplies every delay (0.1 runs it 10× faster).
 */
import { gather, sleep } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');

async function greet(name: string): Promise<string> {
  console.log(`Starting to greet ${name}`);
  await sleep(1000 * scale); // Simulates async I/O
  console.log(`Done greeting ${name}`);
  return `Hello, ${name}!`;
}

// Run multiple async functions concurrently with gather. In JavaScript each greeting is
// already running once greet() returns (there are no idle coroutines to schedule), so
// gather only waits; like asyncio.gather it keeps input order and, on a failure, rejects
// at once without cancelling the others (Promise.all does the same).
async function mainConcurrent(): Promise<void> {
  const results = await gather([greet('Alice'), greet('Bob'), greet('Charlie')]);
  for (const result of results) {
    console.log(result);
  }
}

await mainConcurrent();
// All three greetings run concurrently!
// Total time: ~1 second (not 3 seconds)
