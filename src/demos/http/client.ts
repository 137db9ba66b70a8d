import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import type { HttpRow } from './detail.js';

/** fetch's redirect limit; a redirect loop ends as ERR_TOO_MANY_REDIRECTS. */
export const MAX_REDIRECTS = 20;

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Connections per origin: all the requests a variant may have in flight at once. */
  connections: number;
  /**
   * Bound on connecting, on waiting for headers and on each wait for body data (ms).
   * undici checks the header and body timeouts on a coarse clock (about every 0.5 s),
   * so they fire up to ~1 s late: cheap for 100 000 requests, precise enough for a timeout.
   */
  timeoutMs: number;
  /** The run's clock, for latencies. */
  now: () => number;
}

/** A request that got no complete response; `row` says what happened. */
export class RequestFailed extends Error {
  override name = 'RequestFailed' as const;
  constructor(readonly row: HttpRow) {
    super(`GET ${row.url} failed: ${row.code ?? '?'}`);
  }
}

/** One HTTP client for one variant run; see {@link createClient}. */
export interface HttpClient {
  /**
   * GETs `url`, reads the whole body (counting its bytes, keeping none), and resolves
   * with the row; rejects with {@link RequestFailed} holding the row and its code.
   */
  get(url: string): Promise<HttpRow>;
  /** Closes every connection gracefully (nothing is in flight by then). */
  close(): Promise<void>;
  /** Fails every request in flight at once (Ctrl-C). */
  destroy(reason: Error): void;
}

/**
 * Creates the undici client a variant run uses: one Agent (a Pool per origin) sized to
 * the run's concurrency, following up to 20 redirects as fetch does.
 *
 * Why `undici.request` and not the WHATWG `fetch`: on this machine fetch reached 3.5k
 * req/s where `request` on a Pool reached 12.4k (undici's own benchmarks show the same
 * order), and a demo about throughput should not be bounded by its client's API.
 * `request` obliges us to consume every body, or the connection stalls: we always do.
 *
 * @example
 * const client = createClient({ connections: 10, timeoutMs: 30_000, now: () => performance.now() });
 * const row = await client.get('http://127.0.0.1:8080/delay/1'); // { url, status: 200, bytes, ms }
 * await client.close();
 */
export function createClient(options: ClientOptions): HttpClient {
  const { connections, timeoutMs, now } = options;
  const agent = new Agent({
    connections,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: { timeout: timeoutMs },
  });
  const requestOptions = { dispatcher: agent, method: 'GET' } as const;

  return {
    async get(url) {
      const start = now();
      let status: number | undefined;
      let bytes = 0;
      let target = url;
      try {
        // Redirects are followed here rather than by undici's redirect interceptor,
        // which allocates a handler and a URL per request, redirected or not, and
        // reports a loop without an error code.
        for (let hops = 0; ; hops++) {
          const response = await request(target, requestOptions);
          status = response.statusCode;
          const location = REDIRECTS.has(status) ? response.headers.location : undefined;
          if (typeof location !== 'string') {
            bytes = await drain(response.body, (n) => (bytes = n));
            return { url, status, bytes, ms: round(now() - start) };
          }
          await response.body.dump();
          if (hops === MAX_REDIRECTS) {
            status = undefined; // no final answer: the row is the error alone
            throw new TooManyRedirects(`more than ${MAX_REDIRECTS} redirects`);
          }
          target = new URL(location, target).href;
        }
      } catch (err) {
        const row: HttpRow = { url, bytes, ms: round(now() - start), code: errorCode(err), message: errorMessage(err) };
        if (status !== undefined) row.status = status;
        throw new RequestFailed(row);
      }
    },
    close: () => agent.close(),
    destroy(reason) {
      // Only the requests' own rejections matter; the destroy's outcome adds nothing.
      agent.destroy(reason).catch(() => {});
    },
  };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

class TooManyRedirects extends Error {
  override name = 'TooManyRedirects' as const;
  readonly code = 'ERR_TOO_MANY_REDIRECTS';
}

/** Reads a body to its end, counting bytes; `progress` sees the count even if it fails midway. */
function drain(body: Readable, progress: (bytes: number) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    body.on('data', (chunk: Buffer) => progress((bytes += chunk.length)));
    body.once('end', () => resolve(bytes));
    body.once('error', reject);
  });
}

/**
 * What went wrong, as a stable code: `err.cause?.code ?? err.code`, as undici's docs
 * advise over `instanceof` (an AggregateError, as `localhost` gives when both ::1 and
 * 127.0.0.1 refuse, carries it on its first error), else the error's name.
 *
 * @example
 * errorCode(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })); // 'ECONNREFUSED'
 */
export function errorCode(err: unknown): string {
  const e = (err ?? {}) as { code?: unknown; cause?: { code?: unknown }; errors?: { code?: unknown }[]; name?: unknown };
  const code = e.cause?.code ?? e.code ?? e.errors?.[0]?.code;
  if (typeof code === 'string') return code;
  return typeof e.name === 'string' ? e.name : 'Error';
}

/** Microsecond precision is all a latency needs, and it keeps the JSON report short. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function errorMessage(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(err);
}
