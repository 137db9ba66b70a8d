import type { IncomingHttpHeaders } from 'node:http';
import { Agent, errors, type Dispatcher } from 'undici';
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
 * Why undici's dispatcher and not the WHATWG `fetch`: on this machine fetch reached 3.5k
 * req/s where `request` on a Pool reached 12.4k (undici's own benchmarks show the same
 * order), and a demo about throughput should not be bounded by its client's API. Each
 * request is dispatched with a handler of ours (see {@link Exchange}) that counts the
 * body's bytes as they arrive, as `request` + `body.dump()` would without a stream.
 *
 * @example
 * const client = createClient({ connections: 10, timeoutMs: 30_000, now: () => performance.now() });
 * const row = await client.get('http://127.0.0.1:8080/delay/1'); // { url, status: 200, bytes, ms }
 * await client.close();
 */
export function createClient(options: ClientOptions): HttpClient {
  const { connections, timeoutMs, now } = options;
  const sleep = options.sleep ?? ((ms: number, signal: AbortSignal) => systemClock.sleep(ms, signal));
  const agent = new Agent({
    connections,
    // 0 turns undici's coarse header and body timers off: the watcher below keeps both.
    headersTimeout: 0,
    bodyTimeout: 0,
    connect: { timeout: timeoutMs },
  });
  const watcher = new Watcher(timeoutMs, now, sleep);
  const shared: Shared = { agent, watcher, now, maxRedirects: options.maxRedirects ?? MAX_REDIRECTS, targets: new Map() };
  let destroyed = false;

  return {
    get: (url) => new Promise<HttpRow>((resolve, reject) => new Exchange(shared, url, resolve, reject).send()),
    close() {
      watcher.close();
      return destroyed ? Promise.resolve() : agent.close();
    },
    cancel(reason) {
      watcher.cancelAll(reason);
    },
    destroy(reason) {
      this.cancel(reason);
      watcher.close();
      destroyed = true;
      // Only the requests' own rejections matter; the destroy's outcome adds nothing.
      agent.destroy(reason).catch(() => {});
    },
  };
}

/** What a client's exchanges share. */
interface Shared {
  agent: Agent;
  watcher: Watcher;
  now: () => number;
  maxRedirects: number;
  /** Each URL's dispatch options, parsed once (bounded: see {@link Exchange.send}). */
  targets: Map<string, Dispatcher.DispatchOptions>;
}

/** `url` as undici's dispatch takes it, parsed once per client for a URL that recurs. */
function dispatchOptions(targets: Map<string, Dispatcher.DispatchOptions>, url: string): Dispatcher.DispatchOptions {
  let options = targets.get(url);
  if (options === undefined) {
    const parsed = new URL(url);
    // Frozen: one object serves every request to the URL, so undici must never write to it.
    options = Object.freeze({ origin: parsed.origin, path: `${parsed.pathname}${parsed.search}`, method: 'GET' as const });
    if (targets.size >= TARGETS_KEPT) targets.clear();
    targets.set(url, options);
  }
  return options;
}

/** How many parsed URLs a client keeps: one a source URL, so a cycled list pays once each. */
const TARGETS_KEPT = 4096;

/**
 * One GET and its redirects: the handler undici calls back as the response arrives, and
 * the request's place in its client's {@link Watcher}.
 *
 * Why a handler and not `undici.request` + `body.dump()`: bench/fetch-all.js's throughput
 * row, 20 000 × /delay/0. `request` builds a body stream, parses every header, runs in an
 * AsyncResource and needs an AbortSignal per request for the timeout and Ctrl-C (the
 * signal and its listeners were ~9 % of the CPU profile, the body stream ~5 %). Here a
 * request is this object, its promise and undici's own. Together with {@link Watcher},
 * 2026-12-01, Node 20, load 7–9, the client's CPU per 1000 requests went from 169–251 ms
 * to 95–109 ms (autocannon's: 52–67 ms), and 20 000 requests from 0.37× to 0.72× the
 * req/s of autocannon -c 100 timed to its last answer (median of 5 interleaved rounds).
 */
class Exchange implements Dispatcher.DispatchHandler {
  readonly start: number;
  target: string;
  hops = 0;
  status: number | undefined;
  bytes = 0;
  /** A redirect's Location while this hop's body is read; undefined on the final hop. */
  location: string | undefined;
  /** Aborts this hop (set once undici has a connection for it). */
  controller: Dispatcher.DispatchController | undefined;
  /** Why it was aborted before undici gave us a controller: applied as soon as it does. */
  pending: Error | undefined;
  /** The watcher's timeout fired (the abort is a failure, not a cancellation). */
  timedOut = false;
  /** Cancelled from outside (Ctrl-C), with this reason. */
  cancelled = false;
  reason: unknown;
  /** The watcher's list: the request whose deadline comes before and after this one's. */
  prev: Exchange | undefined;
  next: Exchange | undefined;
  /** Its deadline's origin: the hop's start while waiting for headers, then the last body chunk. */
  since = 0;
  inBody = false;

  constructor(
    readonly shared: Shared,
    readonly url: string,
    readonly resolve: (row: HttpRow) => void,
    readonly reject: (err: unknown) => void,
  ) {
    this.start = shared.now();
    this.target = url;
  }

  /** Dispatches the current hop (the URL, then each redirect's target). */
  send(): void {
    const { shared } = this;
    this.inBody = false;
    this.location = undefined;
    shared.watcher.watch(this);
    try {
      shared.agent.dispatch(dispatchOptions(shared.targets, this.target), this);
    } catch (err) {
      // A URL undici refuses (the list's URLs were checked, so hardly ever): its row says why.
      this.fail(err as Error);
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.pending !== undefined) controller.abort(this.pending);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (statusCode < 200) return; // informational: the answer is still to come
    this.status = statusCode;
    const location = REDIRECTS.has(statusCode) ? headers.location : undefined;
    this.location = typeof location === 'string' ? location : undefined;
    this.inBody = true;
    this.shared.watcher.touch(this);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    // A redirect's body is read to free the connection, but not counted.
    if (this.location === undefined) this.bytes += chunk.length;
    this.shared.watcher.touch(this);
  }

  onResponseEnd(): void {
    const location = this.location;
    if (location === undefined) {
      this.shared.watcher.unwatch(this);
      const row: HttpRow = { url: this.url, status: this.status!, bytes: this.bytes, ms: round(this.shared.now() - this.start) };
      if (this.hops > 0) Object.assign(row, { finalUrl: this.target, redirects: this.hops });
      this.resolve(row);
      return;
    }
    const { maxRedirects } = this.shared;
    if (this.hops === maxRedirects) {
      return this.fail(new RedirectError('ERR_TOO_MANY_REDIRECTS', `more than ${maxRedirects} redirect${maxRedirects === 1 ? '' : 's'}`));
    }
    const next = resolveLocation(location, this.target);
    const problem = next === undefined ? 'not a valid URL' : urlProblem(next);
    if (next === undefined || problem !== undefined) {
      return this.fail(new RedirectError('ERR_REDIRECT_REFUSED', `redirect ${this.hops + 1} to ${JSON.stringify(location.slice(0, 200))} refused: ${problem}`));
    }
    this.hops++;
    this.target = next;
    this.controller = undefined;
    this.shared.watcher.unwatch(this);
    if (this.cancelled) return this.reject(this.reason);
    this.send();
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    // Cancelled from outside (Ctrl-C): the caller's reason, not a failed request.
    if (this.cancelled && !this.timedOut) {
      this.shared.watcher.unwatch(this);
      this.reject(this.reason);
      return;
    }
    this.fail(err);
  }

  /** A redirect refused: no final answer, so the row is the error alone. */
  fail(err: Error): void {
    this.shared.watcher.unwatch(this);
    if (err instanceof RedirectError) this.status = undefined;
    const row: HttpRow = { url: this.url, bytes: this.bytes, ms: round(this.shared.now() - this.start), code: errorCode(err), message: errorMessage(err) };
    if (this.status !== undefined) row.status = this.status;
    if (this.hops > 0) Object.assign(row, { finalUrl: this.target, redirects: this.hops });
    this.reject(new RequestFailed(row));
  }

  /** Aborts the current hop with `err`, now or as soon as undici lets us. */
  abort(err: Error): void {
    if (this.controller !== undefined) this.controller.abort(err);
    else this.pending ??= err;
  }
}

/**
 * The timeouts of one client's requests, behind a single sleep on the run's clock: while
 * a request waits for headers, `timeoutMs` from the start of its hop; while it reads the
 * body, `timeoutMs` from its last chunk. Every request has the same timeout, so a list in
 * the order of their last activity is also the order of their deadlines: a request moves
 * to the end when it makes progress (O(1)), and the sleep is armed for the first one.
 *
 * The plain version is a sleep per request on the request's own AbortSignal, aborted
 * when it settles: bench/fetch-all.js's throughput row measured that signal, its
 * listeners and undici's at ~9 % of the client's CPU (Node 20); the gain with
 * {@link Exchange}'s.
 */
class Watcher {
  #first: Exchange | undefined;
  #last: Exchange | undefined;
  /** Aborts the pending sleep when the client closes; undefined while none is pending. */
  #sleeping: AbortController | undefined;

  constructor(
    readonly timeoutMs: number,
    readonly now: () => number,
    readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>,
  ) {}

  /** Starts watching `exchange`'s hop (its headers are due within the timeout). */
  watch(exchange: Exchange): void {
    exchange.since = this.now();
    this.#append(exchange);
    if (this.#sleeping === undefined) {
      const sleeping = (this.#sleeping = new AbortController());
      this.#run(sleeping.signal).catch(() => {}); // rejects only when the client closes
    }
  }

  /** `exchange` made progress (its headers, a chunk of body): its deadline starts over. */
  touch(exchange: Exchange): void {
    exchange.since = this.now();
    if (this.#last === exchange) return;
    this.#unlink(exchange);
    this.#append(exchange);
  }

  unwatch(exchange: Exchange): void {
    this.#unlink(exchange);
  }

  /** Ctrl-C: every request in flight rejects with `reason`. */
  cancelAll(reason: unknown): void {
    for (let e = this.#first; e !== undefined; ) {
      const next = e.next;
      if (!e.cancelled) {
        e.cancelled = true;
        e.reason = reason;
        e.abort(reason instanceof Error ? reason : new errors.RequestAbortedError());
      }
      e = next;
    }
  }

  /** Lets no sleep outlive the client (a pending one would hold the process open). */
  close(): void {
    this.#sleeping?.abort(CLOSED);
    this.#sleeping = undefined;
  }

  async #run(signal: AbortSignal): Promise<void> {
    let first = this.#first;
    while (first !== undefined) {
      // The first wait is exactly the timeout, as a sleep of its own would be.
      await this.sleep(Math.max(1, Math.ceil(first.since + this.timeoutMs - this.now())), signal);
      const now = this.now();
      // A timer may fire up to 1 ms early by performance.now() (Node truncates its clock).
      for (first = this.#first; first !== undefined && now - first.since >= this.timeoutMs - 1; first = this.#first) {
        this.#unlink(first);
        first.timedOut = true;
        first.abort(first.inBody ? new errors.BodyTimeoutError() : new errors.HeadersTimeoutError());
      }
    }
    if (this.#sleeping?.signal === signal) this.#sleeping = undefined;
  }

  #append(exchange: Exchange): void {
    exchange.prev = this.#last;
    exchange.next = undefined;
    if (this.#last === undefined) this.#first = exchange;
    else this.#last.next = exchange;
    this.#last = exchange;
  }

  #unlink(exchange: Exchange): void {
    const { prev, next } = exchange;
    if (prev === undefined) {
      if (this.#first !== exchange) return; // not in the list
      this.#first = next;
    } else prev.next = next;
    if (next === undefined) this.#last = prev;
    else next.prev = prev;
    exchange.prev = exchange.next = undefined;
  }
}

/** Why a {@link Watcher}'s sleep stopped: its client closed. */
const CLOSED = Object.freeze({ reason: 'the client closed' });

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
