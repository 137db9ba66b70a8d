/**
 * Your own experiment, in the shape `asyncdemo run` expects: each exported async
 * function is one task. asyncdemo runs them one after another, all at once (gather),
 * and at most --concurrency at a time, and reports the speedup, the timeline, --json
 * and --trace as for its own demos.
 *
 *   npm run build && npx asyncdemo run examples/experiment.ts
 *
 * Each function receives an AbortSignal, aborted on Ctrl-C: pass it to whatever you
 * await. Copy this file, put your own I/O in the functions, and run it.
 * ASYNCDEMO_SCALE multiplies every delay (0.1 runs it 10× faster).
 */
import { sleep } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');

// Stand-ins for I/O: a config file, two API calls and a cache. Replace them with fetch(),
// a database query, fs.promises.readFile(…, { signal }), …
export async function readConfig(signal: AbortSignal): Promise<void> {
  await sleep(300 * scale, { signal });
}

export async function fetchUser(signal: AbortSignal): Promise<void> {
  await sleep(500 * scale, { signal });
}

export async function fetchOrders(signal: AbortSignal): Promise<void> {
  await sleep(400 * scale, { signal });
}

export async function warmCache(signal: AbortSignal): Promise<void> {
  await sleep(200 * scale, { signal });
}
