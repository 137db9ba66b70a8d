import { onAbort } from '../core/index.js';
import { startServer } from './server.js';

/** Options of {@link serve}. */
export interface ServeOptions {
  port: number;
  host: string;
  /** Aborting it (Ctrl-C) closes the server. */
  signal: AbortSignal;
  /** Where the banner goes (the CLI passes a stderr writer). */
  log: (line: string) => void;
}

/**
 * Runs the test server in the foreground for `asyncdemo serve`: logs its URL and a few
 * example requests, then resolves once `signal` aborts and the server has closed
 * (in-flight requests get a short grace period). Resolves at once, without listening,
 * when `signal` has already aborted.
 *
 * @throws the listen error (EADDRINUSE, EACCES, …) with its `code`.
 * @example
 * const controller = new AbortController();
 * process.once('SIGINT', () => controller.abort());
 * await serve({ port: 8080, host: '127.0.0.1', signal: controller.signal, log: console.error });
 */
export async function serve(options: ServeOptions): Promise<void> {
  const { port, host, signal, log } = options;
  if (signal.aborted) return;
  const server = await startServer({ port, host });
  const stopped = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else onAbort(signal, resolve);
  });
  log(`asyncdemo test server listening on ${server.url}`);
  log(`  try: curl ${server.url}/delay/1`);
  log(`       curl ${server.url}/status/200:0.9,500:0.1`);
  log(`       asyncdemo fetch-all --url ${server.url}/delay/1 --count 10`);
  log(`  every path: curl ${server.url}/   (Ctrl-C to stop)`);
  await stopped;
  await server.close();
  log('asyncdemo test server closed');
}
