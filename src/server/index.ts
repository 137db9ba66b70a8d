/**
 * The embedded httpbin-compatible test server: in this thread ({@link startServer}),
 * in a worker thread ({@link startServerWorker}), or in the foreground ({@link serve}).
 */
export { startServer, type LocalServerHandle, type ServerHandle, type ServerOptions } from './server.js';
export { startServerWorker } from './start-worker.js';
export { serve, type ServeOptions } from './serve.js';
