/**
 * The seed's async context manager, AsyncDatabase, as an `await using` resource.
 *
 *   npm run build && npx tsx examples/database.ts
 *
 * ASYNCDEMO_SCALE multiplies every delay (0.1 runs it 10× faster).
 */
import { sleep } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');

// Async context manager. JavaScript's protocol has only an exit, Symbol.asyncDispose
// (Python's __aexit__); there is no async enter, so connecting (__aenter__) is a factory
// we await before `await using` takes the connection over.
class AsyncDatabase implements AsyncDisposable {
  static async connect(): Promise<AsyncDatabase> {
    console.log('Connecting to database...');
    await sleep(500 * scale);
    return new AsyncDatabase();
  }

  // Runs whenever the block is left: at its end, on return, or when it throws.
  async [Symbol.asyncDispose](): Promise<void> {
    console.log('Closing database connection...');
    await sleep(100 * scale);
  }

  async query(_sql: string): Promise<{ id: number; name: string }[]> {
    await sleep(200 * scale);
    return [{ id: 1, name: 'Alice' }];
  }
}

async function main(): Promise<void> {
  // `await using` is TypeScript 5.2+ (down-levelled here, since Node 20 lacks it).
  await using db = await AsyncDatabase.connect();
  const results = await db.query('SELECT * FROM users');
  console.log(results); // [ { id: 1, name: 'Alice' } ], Node's notation for the same list
}

await main();
