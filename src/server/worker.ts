/**
 * The worker thread's entry: runs the test server off the main thread's event loop and
 * speaks a three-message protocol with {@link startServerWorker}: it posts `listening`
 * (or `error`), waits for `close`, closes the server, posts `closed`, and then has
 * nothing left to keep it alive, so the thread exits by itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startServer, type ServerOptions } from './server.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const port = parentPort!;
const post = (message: FromWorker): void => port.postMessage(message);

try {
  const server = await startServer(workerData as ServerOptions);
  port.once('message', (message: ToWorker) => {
    if (message.type !== 'close') return;
    void server.close().then(() => post({ type: 'closed' }));
  });
  post({ type: 'listening', url: server.url });
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  post({ type: 'error', message: e.message, code: e.code });
}
