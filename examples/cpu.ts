/**
 * The seed's "NOT for CPU-bound tasks: use multiprocessing for heavy computation": the
 * same CPU-bound hash four times, one after another, under gather on the main thread,
 * and on four worker threads (Node's multiprocessing).
 *
 *   npm run build && npx tsx examples/cpu.ts
 *
 * ASYNCDEMO_SCALE multiplies the work (0.1 does a tenth of it).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { gather } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');
const ROUNDS = Math.max(1, Math.round(200_000_000 * scale)); // about a quarter of a second of work
const SEEDS = [1, 2, 3, 4];

// CPU-bound: a loop with nothing to wait for. Marking it async changes nothing: it
// holds the one JavaScript thread from its first line to its last, and the event loop
// (timers, I/O, every other promise) is frozen meanwhile.
// eslint-disable-next-line @typescript-eslint/require-await
async function hash(seed: number, rounds: number): Promise<number> {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < rounds; i++) {
    h ^= i & 0xff;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// A worker thread has its own JavaScript engine and event loop, so workers run in
// parallel, one per core. It starts a fresh module loader that cannot read TypeScript,
// so its code is plain JavaScript: the same loop.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
let h = 0x811c9dc5 ^ workerData.seed;
for (let i = 0; i < workerData.rounds; i++) {
  h ^= i & 0xff;
  h = Math.imul(h, 0x01000193);
}
parentPort.postMessage(h >>> 0);
`;

function hashInWorker(seed: number, rounds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { seed, rounds } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function timed(label: string, run: () => Promise<number[]>): Promise<number[]> {
  const start = performance.now();
  const results = await run();
  console.log(`${label}: ${results.length} hashes in ${((performance.now() - start) / 1000).toFixed(2)}s`);
  return results;
}

async function main(): Promise<void> {
  const one = await timed('one after another', async () => {
    const results: number[] = [];
    for (const seed of SEEDS) results.push(await hash(seed, ROUNDS));
    return results;
  });
  // No faster: gather only waits, and there is never anything to wait for.
  const all = await timed('gather on one thread', () => gather(SEEDS.map((seed) => hash(seed, ROUNDS))));
  // Up to min(4, cores)× faster: the work itself is spread over threads.
  const workers = await timed('worker threads', () => gather(SEEDS.map((seed) => hashInWorker(seed, ROUNDS))));
  console.log(`same results every way: ${String(one.join() === all.join() && all.join() === workers.join())} (${availableParallelism()} cores here)`);
}

await main();
