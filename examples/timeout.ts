/**
 * The seed's main_timeout(): a 10 s sleep under a 2 s timeout.
 *
 *   npm run build && npx tsx examples/timeout.ts
 *
 * ASYNCDEMO_SCALE multiplies every delay (0.1 runs it 10× faster).
 */
import { sleep, timeout, TimeoutError } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');

// Timeouts. timeout(ms, body) is `async with asyncio.timeout(2):` as a function. The body
// gets a signal rather than being cancelled from outside (JavaScript cannot interrupt a
// promise): passing it on is what really stops the 10 s sleep at 2 s, timer included,
// so the process exits right after the message instead of lingering for 8 more seconds.
async function mainTimeout(): Promise<void> {
  try {
    await timeout(2000 * scale, (signal) => sleep(10_000 * scale, { signal }));
  } catch (err) {
    // JavaScript has no built-in TimeoutError class; this one is the library's.
    if (!(err instanceof TimeoutError)) throw err;
    console.log('Operation timed out!');
  }
}

await mainTimeout();
