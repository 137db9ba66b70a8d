import { onAbort } from '../core/index.js';
import { startServer } from './server.js';

/** Options of {@link serve}. */
export interface ServeOptions {
  port: number;
  host: string;
  /** Aborting it (Ctrl-C) closes the server. */
  signal: AbortSignal;
  /** Where the banner goes. */
  log: (line: string) => void;
  /** Where warnings go (the CLI passes a stderr writer); the banner's `log` by default. */
  warn?: (line: string) => void;
  /** When given, one access-log line per request goes there (`serve --log`: stderr). */
  accessLog?: (line: string) => void;
}

/**
 * Whether `host` only listens to this machine: `localhost`, 127.0.0.0/8, `::1` (and
 * 127.x mapped into IPv6).
 *
 * @example
 * isLoopback('127.0.0.1'); // true
 * isLoopback('0.0.0.0');   // false: every interface
 */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
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
  const { port, host, signal, log, warn = log, accessLog } = options;
  if (signal.aborted) return;
  const server = await startServer({ port, host, accessLog });
  if (!isLoopback(host)) {
    // The server answers anyone who can reach it, with delays, bytes and echoes of their
    // requests: fine on a laptop's loopback, not on a shared network.
    warn(`asyncdemo: warning: listening on ${host}, not a loopback address: anyone who can reach this machine can use the test server`);
  }
  const stopped = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else onAbort(signal, resolve);
  });
  // One command a line, none past 60 columns on a loopback URL (a split screen's width):
  // a terminal that cuts a command mid-URL leaves nothing to copy.
  log(`asyncdemo test server listening on ${server.url}`);
  log('Try:');
  log(`  curl ${server.url}/delay/1`);
  log(`  curl ${server.url}/status/200:0.9,500:0.1`);
  log(`  asyncdemo fetch-all --url ${server.url}/delay/1`);
  log(`Every path: curl ${server.url}/`);
  log('Ctrl-C to stop.');
  await stopped;
  await server.close();
  log('asyncdemo test server closed');
}
