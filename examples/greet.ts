/**
 * The seed's first snippet: define an async function and run one call.
 *
 *   npm run build && npx tsx examples/greet.ts
 *
 * ASYNCDEMO_SCALE multiplies every delay (0.1 runs it 10× faster).
 */
import { sleep } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');

// Define an async function. Unlike a Python coroutine, calling it starts it at once:
// it runs up to its first await before greet() even returns its promise.
async function greet(name: string): Promise<string> {
  console.log(`Starting to greet ${name}`);
  await sleep(1000 * scale); // Simulates async I/O
  console.log(`Done greeting ${name}`);
  return `Hello, ${name}!`;
}

// Run a single async function. There is no asyncio.run(): the event loop is always
// there, an ES module may await at top level, and Node exits once nothing is pending.
async function main(): Promise<void> {
  const result = await greet('Alice');
  console.log(result);
}

await main();
