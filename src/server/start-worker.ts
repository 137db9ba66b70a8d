import { Worker } from 'node:worker_threads';
import type { ServerHandle, ServerOptions } from './server.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

/** How long to wait for the worker to exit on its own after `closed` before terminating it. */
const EXIT_WAIT_MS = 2000;

/** The worker-thread server's handle: also says whether closing had to terminate the thread. */
export interface WorkerServerHandle extends ServerHandle {
  /** True once close() had to terminate a thread that did not end by itself within 2 s. */
  readonly terminated: boolean;
}

/**
 * Starts the test server in a worker thread, so that its work (parsing, timers, JSON)
 * does not run on the event loop whose timings the caller is measuring. Resolves once
 * it listens, with the same handle as {@link startServer}; `close()` also ends the thread.
 *
 * From compiled JavaScript (dist/) the worker is `worker.js` beside this file. Under
 * tsx or vitest this file is TypeScript and there is no `worker.js`, so the worker
 * registers tsx first and loads `worker.ts`: tests and `npm run dev` get the same path.
 *
 * @throws the listen error (EADDRINUSE, …) with its `code`.
 * @example
 * const server = await startServerWorker({ port: 0 });
 * console.log(server.url); // http://127.0.0.1:41234
 * await server.close();
 */
export async function startServerWorker(options: ServerOptions = {}): Promise<WorkerServerHandle> {
  const worker = spawnWorker(options);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // Anything the worker throws outside the protocol ends the thread; keep it from
  // becoming an uncaught 'error' in the parent and surface it through the promises.
  let crash: Error | undefined;
  worker.on('error', (err) => (crash = err));

  const first = await new Promise<FromWorker>((resolve) => {
    worker.once('message', resolve);
    void exited.then(() => resolve({ type: 'error', message: crash?.message ?? 'server worker exited', code: undefined }));
  });
  if (first.type !== 'listening') {
    await worker.terminate();
    const error = new Error(first.type === 'error' ? first.message : 'server worker did not start') as NodeJS.ErrnoException;
    if (first.type === 'error' && first.code !== undefined) error.code = first.code;
    throw error;
  }

  let closing: Promise<void> | undefined;
  let terminated = false;
  return {
    url: first.url,
    get terminated() {
      return terminated;
    },
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => {
          worker.once('message', () => resolve());
          void exited.then(resolve);
        });
        worker.postMessage({ type: 'close' } satisfies ToWorker);
        await closed;
        const timer = setTimeout(() => {
          terminated = true;
          void worker.terminate();
        }, EXIT_WAIT_MS);
        await exited;
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}

function spawnWorker(options: ServerOptions): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./worker.js', self), { workerData: options });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', self).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData: options });
}
