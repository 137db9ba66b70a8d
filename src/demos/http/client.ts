import type { Readable } from 'node:stream';
import { Agent, errors, request } from 'undici';
import { systemClock } from '../../core/index.js';
import type { HttpRow } from './detail.js';
import { MAX_REDIRECTS, urlProblem } from './urls.js';

// Defined in urls.ts, which loads no undici: the demo's option table needs it at start-up.
export { MAX_REDIRECTS } from './urls.js';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Connections per origin: all the requests a variant may have in flight at once. */
  connections: number;
  /**
   * Bound on getting the response headers (connecting included) and on each wait for
   * body data (ms), per hop. Kept on the run's clock, as exact as a sleep: undici's own
   * header and body timeouts tick on a coarse clock and fired up to ~0.5 s late.
   */
  timeoutMs: number;
  /** The run's clock, for latencies and the timeout. */
  now: () => number;
  /** The run's sleep, for the timeout (the real clock's by default). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Redirects followed before a request fails with ERR_TOO_MANY_REDIRECTS (default 20; 0 follows none). */
  maxRedirects?: number;
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
  /** Closes every connection gracefully (nothing is in flight by then); a no-op once destroyed. */
  close(): Promise<void>;
  /**
   * Aborts every request in flight with `reason` (Ctrl-C): each rejects with `reason`
   * itself, not a RequestFailed, so the caller can tell a cancellation from a failure.
   * The client stays usable for {@link HttpClient.close}.
   */
  cancel(reason: unknown): void;
  /** Cancels every request in flight and closes every connection at once. */
  destroy(reason: Error): void;
}

/**
 * Creates the undici client a variant run uses: one Agent (a Pool per origin) sized to
 * the run's concurrency, following up to 20 redirects as fetch does. Every hop of a
 * redirect is checked like the first URL (http or https, no credentials), and the row
 * names the final URL and the number of hops.
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
  const sleep = options.sleep ?? ((ms: number, signal: AbortSignal) => systemClock.sleep(ms, signal));
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  const agent = new Agent({
    connections,
    // 0 turns undici's coarse header and body timers off: the watch below keeps both.
    headersTimeout: 0,
    bodyTimeout: 0,
    connect: { timeout: timeoutMs },
  });
  /** The controllers of the requests in flight, so that Ctrl-C can abort exactly those. */
  const inFlight = new Set<AbortController>();
  let destroyed = false;

  return {
    async get(url) {
      const start = now();
      let status: number | undefined;
      let bytes = 0;
      let target = url;
      let hops = 0;
      const controller = new AbortController();
      inFlight.add(controller);
      const watch = new Watch(controller, timeoutMs, now, sleep);
      const requestOptions = { dispatcher: agent, method: 'GET', signal: controller.signal } as const;
      try {
        // Redirects are followed here rather than by undici's redirect interceptor,
        // which allocates a handler and a URL per request, redirected or not, reports a
        // loop without an error code, and would follow a hop to any scheme we refuse.
        for (; ; hops++) {
          watch.phase('headers');
          const response = await request(target, requestOptions);
          status = response.statusCode;
          const location = REDIRECTS.has(status) ? response.headers.location : undefined;
          if (typeof location !== 'string') {
            watch.phase('body');
            bytes = await drain(response.body, (n) => {
              bytes = n;
              watch.activity();
            });
            const row: HttpRow = { url, status, bytes, ms: round(now() - start) };
            if (hops > 0) Object.assign(row, { finalUrl: target, redirects: hops });
            return row;
          }
          await response.body.dump();
          if (hops === maxRedirects) {
            status = undefined; // no final answer: the row is the error alone
            throw new RedirectError('ERR_TOO_MANY_REDIRECTS', `more than ${maxRedirects} redirect${maxRedirects === 1 ? '' : 's'}`);
          }
          const next = resolveLocation(location, target);
          const problem = next === undefined ? 'not a valid URL' : urlProblem(next);
          if (next === undefined || problem !== undefined) {
            status = undefined;
            throw new RedirectError('ERR_REDIRECT_REFUSED', `redirect ${hops + 1} to ${JSON.stringify(location.slice(0, 200))} refused: ${problem}`);
          }
          target = next;
        }
      } catch (err) {
        // Cancelled from outside (Ctrl-C): the caller's reason, not a failed request.
        if (controller.signal.aborted && !watch.fired) throw controller.signal.reason;
        const row: HttpRow = { url, bytes, ms: round(now() - start), code: errorCode(err), message: errorMessage(err) };
        if (status !== undefined) row.status = status;
        if (hops > 0) Object.assign(row, { finalUrl: target, redirects: hops });
        throw new RequestFailed(row);
      } finally {
        watch.stop();
        inFlight.delete(controller);
      }
    },
    close: () => (destroyed ? Promise.resolve() : agent.close()),
    cancel(reason) {
      for (const controller of inFlight) controller.abort(reason);
    },
    destroy(reason) {
      this.cancel(reason);
      destroyed = true;
      // Only the requests' own rejections matter; the destroy's outcome adds nothing.
      agent.destroy(reason).catch(() => {});
    },
  };
}

/** Why a {@link Watch} stopped: its request settled. */
const STOPPED = Object.freeze({ reason: 'the request settled' });

/**
 * One request's timeout: while it waits for headers, `timeoutMs` from the start of the
 * hop; while it reads the body, `timeoutMs` from the last chunk. It sleeps on the run's
 * clock (one timer per distinct duration however many requests are in flight) and, rather
 * than re-arming on every chunk, wakes once per period and sleeps again for what is left.
 */
class Watch {
  fired = false;
  #since: number;
  #phase: 'headers' | 'body' = 'headers';

  constructor(
    readonly request: AbortController,
    readonly timeoutMs: number,
    readonly now: () => number,
    readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>,
  ) {
    this.#since = now();
    this.#run().catch(() => {}); // rejects only when stopped
  }

  phase(phase: 'headers' | 'body'): void {
    this.#phase = phase;
    this.#since = this.now();
  }

  activity(): void {
    this.#since = this.now();
  }

  /**
   * Called once the request has settled. The watch sleeps on the request's own signal
   * rather than a controller of its own, so stopping it aborts that signal, which nobody
   * else listens to any more. Both are bench/fetch-all.js's throughput rows (20 000
   * requests to /delay/0, Node 20, 2026-12-01, CPU profile): abort() without a reason
   * builds a DOMException, whose stack trace cost ~35 µs per request, a third of the run's
   * CPU, and a second AbortController per request ~7 µs more. Together, interleaved with
   * the plain version on one server: 3951 / 8146 / 6854 req/s against 2800 / 5566 / 5737
   * (Node 20), 7576 / 8578 / 5423 against 5575 / 4163 / 4186 (Node 24). Nobody sees the
   * reason: #run ignores it.
   */
  stop(): void {
    if (!this.request.signal.aborted) this.request.abort(STOPPED);
  }

  async #run(): Promise<void> {
    let wait = this.timeoutMs;
    for (;;) {
      await this.sleep(wait, this.request.signal);
      const idle = this.now() - this.#since;
      // A timer may fire up to 1 ms early by performance.now() (Node truncates its clock).
      if (idle >= this.timeoutMs - 1) break;
      wait = Math.max(1, Math.ceil(this.timeoutMs - idle));
    }
    this.fired = true;
    this.request.abort(this.#phase === 'headers' ? new errors.HeadersTimeoutError() : new errors.BodyTimeoutError());
  }
}

function resolveLocation(location: string, base: string): string | undefined {
  try {
    return new URL(location, base).href;
  } catch {
    return undefined;
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

class RedirectError extends Error {
  override name = 'RedirectError' as const;
  constructor(
    readonly code: 'ERR_TOO_MANY_REDIRECTS' | 'ERR_REDIRECT_REFUSED',
    message: string,
  ) {
    super(message);
  }
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
