/** One line of the Python → TypeScript map: the asyncio idiom, its counterpart here, and why. */
export interface PythonMapping {
  python: string;
  typescript: string;
  note: string;
}

/**
 * What `asyncdemo explain` prints with no demo: the tutorial's asyncio vocabulary and what
 * to write instead in TypeScript on Node.js, with this package's core where the
 * platform has no direct equivalent. The first lines are the tutorial's own idioms.
 *
 * @example
 * pythonMap.find((m) => m.python.startsWith('asyncio.gather'))?.typescript; // 'gather([a(), b()]) · Promise.all([a(), b()])'
 */
export const pythonMap: readonly PythonMapping[] = [
  {
    python: 'async def f(): … / await f()',
    typescript: 'async function f() { … } / await f()',
    note: 'the same syntax; a call starts the function at once, up to its first await',
  },
  {
    python: 'asyncio.run(main())',
    typescript: 'await main()',
    note: 'the event loop is always running; an ES module may await at top level',
  },
  {
    python: 'await asyncio.sleep(1)',
    typescript: 'await sleep(1000, { signal })',
    note: 'milliseconds; the signal is how it gets cancelled',
  },
  {
    python: 'asyncio.gather(a(), b())',
    typescript: 'gather([a(), b()]) · Promise.all([a(), b()])',
    note: 'results in input order; the first failure rejects, and the others run on',
  },
  {
    python: 'gather(…, return_exceptions=True)',
    typescript: 'gather([…], { settle: true }) · Promise.allSettled([…])',
    note: 'every outcome, failures included',
  },
  {
    python: 'asyncio.create_task(f())',
    typescript: 'const task = f()',
    note: 'calling an async function starts it; the promise is the task',
  },
  {
    python: 'async with asyncio.TaskGroup() as tg:',
    typescript: 'await taskGroup(async (tg) => { tg.spawn(…) })',
    note: 'a failure aborts the siblings; rejects with an AggregateError (ExceptionGroup)',
  },
  {
    python: 'async with asyncio.timeout(2):',
    typescript: 'await timeout(2000, (signal) => …) · AbortSignal.timeout(2000)',
    note: 'the body gets a signal: pass it on, or nothing is really stopped',
  },
  {
    python: 'task.cancel() / CancelledError',
    typescript: 'controller.abort() / signal.reason (AbortError)',
    note: 'cancellation is cooperative: whoever holds the signal stops',
  },
  {
    python: 'async with resource as r:',
    typescript: 'await using r = await open()',
    note: "Symbol.asyncDispose is __aexit__; there is no async enter, so await a factory",
  },
  {
    python: 'async for x in agen():',
    typescript: 'for await (const x of agen())',
    note: "async function* is an async generator; break runs its finally",
  },
  {
    python: 'asyncio.Semaphore(n)',
    typescript: 'const run = limit(n); await run(() => f())',
    note: 'at most n at once (p-limit)',
  },
  {
    python: 'asyncio.as_completed(aws)',
    typescript: 'for await (const r of asCompleted(promises))',
    note: 'results in the order they finish',
  },
  {
    python: 'asyncio.Queue(maxsize)',
    typescript: 'new Queue({ maxsize })',
    note: 'producers wait when it is full; shutdown() ends the consumers',
  },
  {
    python: 'aiohttp.ClientSession().get(url)',
    typescript: "undici: request(url) · fetch(url)",
    note: "Node's own HTTP client library; one Agent is the session's connection pool",
  },
  {
    python: 'multiprocessing / ProcessPoolExecutor',
    typescript: "worker threads: node:worker_threads · piscina",
    note: 'async never speeds up CPU-bound work; other threads do',
  },
];
