/**
 * Awaited cleanup after a cancellation: a query interrupted by its deadline, then the
 * connection closed properly, under a fresh signal with its own deadline.
 *
 *   npm run build && npx tsx examples/shielded-cleanup.ts
 *
 * ASYNCDEMO_SCALE multiplies every delay (0.1 runs it 10× faster).
 *
 * The asyncio version catches the cancellation and awaits the close under a new timeout:
 *
 *   async with asyncio.timeout(1):
 *       conn = await connect()
 *       try:
 *           await conn.query("SELECT slow")
 *       finally:
 *           async with asyncio.timeout(2):   # a fresh deadline for the cleanup
 *               await conn.close()
 */
import { shielded, sleep, timeout, TimeoutError } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');

// A stand-in connection whose every call takes a signal, as fetch, undici and most drivers do.
const conn = {
  async query(sql: string, signal: AbortSignal): Promise<string> {
    await sleep(5000 * scale, { signal }); // a slow query
    return `rows of ${sql}`;
  },
  async close(signal: AbortSignal): Promise<void> {
    await sleep(200 * scale, { signal }); // closing takes a round trip too
    console.log('Connection closed');
  },
};

async function main(): Promise<void> {
  try {
    await timeout(1000 * scale, async (signal) => {
      try {
        await conn.query('SELECT slow', signal); // the deadline aborts `signal` at 1 s
      } finally {
        // An aborted signal stays aborted: there is no catching and clearing it, so a
        // close on it would fail at once and leave the connection open.
        await conn.close(signal).catch((err: Error) => console.log(`Close on the aborted signal: ${err.name}, at once`));
        // shielded(): a fresh signal that no enclosing abort reaches, bounded by its own
        // deadline (trio's shielded cancel scope; asyncio's new timeout in finally), ten
        // times the close's usual round trip, so only a close that truly hangs is cut off.
        await shielded(2000 * scale, (fresh) => conn.close(fresh));
      }
    });
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err;
    console.log('Query timed out, and the connection was closed first');
  }
}

await main();
