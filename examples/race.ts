/**
 * A race of three mirrors: the first answer wins and the losers are stopped.
 *
 *   npm run build && npx tsx examples/race.ts
 *
 * ASYNCDEMO_SCALE multiplies every delay (0.1 runs it 10× faster).
 */
import { race, sleep } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');

// Each contestant gets a signal: the race aborts it the moment another one wins.
async function download(mirror: string, seconds: number, signal: AbortSignal): Promise<string> {
  try {
    await sleep(seconds * 1000 * scale, { signal });
    return `file from ${mirror}`;
  } catch (err) {
    console.log(`${mirror} stopped`);
    throw err;
  }
}

async function main(): Promise<void> {
  // Promise.race would also answer at 1 s, but mirrors 1 and 3 would download on to 3 s
  // and 2 s for nothing. race() aborts them and settles once they have stopped.
  const file = await race([
    (signal) => download('mirror 1', 3, signal),
    (signal) => download('mirror 2', 1, signal),
    (signal) => download('mirror 3', 2, signal),
  ]);
  console.log(file);
}

await main();
