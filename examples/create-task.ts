/**
 * The seed's create_task snippet: start three tasks, then await each.
 *
 *   npm run build && npx tsx examples/create-task.ts
 *
 * ASYNCDEMO_SCALE multiplies every delay (0.1 runs it 10× faster).
 */
import { sleep } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');

async function processItem(item: string, delay: number): Promise<string> {
  await sleep(delay * 1000 * scale);
  return `Processed: ${item}`;
}

async function main(): Promise<void> {
  // Create tasks (they start running immediately). JavaScript needs no create_task:
  // calling an async function starts it, and the promise it returns is the task.
  const task1 = processItem('A', 2);
  const task2 = processItem('B', 1);
  const task3 = processItem('C', 3);

  // Wait for all tasks: 3 s in all, not 6. Caveat: if task2 rejected while we still
  // await task1, nobody would be listening to it yet and Node would crash the process
  // with an unhandled rejection; gather() or taskGroup() (see taskgroup.ts) avoid that.
  const result1 = await task1;
  const result2 = await task2;
  const result3 = await task3;

  console.log(result1, result2, result3);
}

await main();
