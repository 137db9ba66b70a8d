import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandler } from './router.js';
import { ResponseTimers } from './timers.js';

/** Where and how to run the test server. */
export interface ServerOptions {
  /** 0 (the default) lets the OS pick a free port. */
  port?: number;
  /** 127.0.0.1 unless the caller says otherwise: the server is for local use. */
  host?: string;
  /** How long `close()` lets in-flight requests finish before cutting them (ms, default 500). */
  graceMs?: number;
  /** How many delayed responses may be pending at once before `/delay` answers 503 (default 10 000). */
  maxPending?: number;
  /** Called with one access-log line per request once it is answered (off by default). */
  accessLog?: (line: string) => void;
}

/** A running test server. */
export interface ServerHandle {
  /** Its base URL, without a trailing slash: `http://127.0.0.1:41234`. */
  readonly url: string;
  /**
   * Stops accepting connections, lets in-flight requests finish for the grace period,
   * then closes every connection and clears every timer. Idempotent; never rejects.
   */
  close(): Promise<void>;
}

/** The in-process server's handle, which can also report its pending timers (for tests). */
export interface LocalServerHandle extends ServerHandle {
  /** How many delayed responses are waiting on a timer now. */
  readonly pendingTimers: number;
}

/**
 * Starts the httpbin-compatible test server in this thread and resolves once it listens.
 * fetch-all runs it in a worker instead ({@link startServerWorker}) so that serving does
 * not share the event loop whose timings the demo measures.
 *
 * @throws the listen error (EADDRINUSE, EACCES, …) with its `code`.
 * @example
 * const server = await startServer({ port: 0 });
 * await fetch(`${server.url}/delay/0.1`);
 * await server.close();
 */
export async function startServer(options: ServerOptions = {}): Promise<LocalServerHandle> {
  const { port = 0, host = '127.0.0.1', graceMs = 500, maxPending = 10_000, accessLog } = options;
  const timers = new ResponseTimers(maxPending);
  let closing: Promise<void> | undefined;
  const server = createServer(createHandler(timers, () => closing !== undefined, accessLog));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${hostname}:${address.port}`,
    get pendingTimers() {
      return timers.size;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        // Closing connections only after close() avoids the race the Node docs warn of:
        // a connection accepted between the two calls would otherwise stay open.
        server.close(() => {
          clearTimeout(cut);
          clearInterval(sweep);
          timers.clearAll();
          resolve();
        });
        server.closeIdleConnections();
        // A keep-alive connection whose answer completes during the grace period goes
        // idle, and Node would leave it open until the cut: sweep idle ones as they appear.
        const sweep = setInterval(() => server.closeIdleConnections(), 20);
        const cut = setTimeout(() => {
          timers.clearAll();
          server.closeAllConnections();
        }, graceMs);
      });
      return closing;
    },
  };
}
