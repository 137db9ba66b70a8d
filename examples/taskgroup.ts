/**
 * The seed's main_taskgroup(): three tasks in a TaskGroup, results read after it.
 *
 *   npm run build && npx tsx examples/taskgroup.ts
 *
 * ASYNCDEMO_SCALE multiplies every delay (0.1 runs it 10× faster).
 */
import { sleep, taskGroup } from 'asyncdemo';

const scale = Number(process.env.ASYNCDEMO_SCALE ?? '1');

// The signal is how a task group cancels: JavaScript cannot interrupt a promise from
// outside, so each task passes its signal to whatever it awaits.
async function processItem(item: string, delay: number, signal?: AbortSignal): Promise<string> {
  await sleep(delay * 1000 * scale, { signal });
  return `Processed: ${item}`;
}

// TaskGroup (Python 3.11+) - better error handling. taskGroup(body) is
// `async with asyncio.TaskGroup() as tg:` as a function; if a task fails, the others are
// aborted and it rejects with an AggregateError (Python's ExceptionGroup).
// (`await using tg = new TaskGroup()` also works, but cannot see errors thrown by its block.)
async function mainTaskgroup(): Promise<void> {
  const [task1, task2, task3] = await taskGroup(async (tg) => {
    const task1 = tg.spawn((signal) => processItem('A', 2, signal));
    const task2 = tg.spawn((signal) => processItem('B', 1, signal));
    const task3 = tg.spawn((signal) => processItem('C', 3, signal));
    return Promise.resolve([task1, task2, task3] as const);
  });
  // All tasks are guaranteed to be done here
  console.log(task1.result(), task2.result(), task3.result());
}

await mainTaskgroup();
