import { Readable } from 'node:stream';
import { MAX_DELAY_MS, onAbort, gather, type Measurement, type QueuedTask, type RunContext, type VariantSpec } from '../core/index.js';
import { SEED_FETCH_ALL } from './explain/seed-python.js';
import type { HttpClient, RequestFailed } from './http/client.js';
import { HttpRecorder, type HttpDetail } from './http/detail.js';
import { failureLines } from './http/failures.js';
import { MAX_REDIRECTS, fromOptions, readUrlList } from './http/urls.js';
import { makespan } from './experiment/plan.js';
import { narrator, type Say } from './shared/narration.js';
import { UsageError, type Demo, type DemoParams } from './types.js';
import { attachDetail } from './details.js';

const TIMEOUT_MS = 30_000;

/** The limited variant's default bound at most: half the concurrent variant's pool of 100. */
const DEFAULT_MAX_CONCURRENCY = 50;
/** Untimed requests before timing: enough for undici's hot paths to be compiled. */
const WARM_UP_REQUESTS = 3;
/** The embedded server's `/delay` limit, as httpbin's. */
const SERVER_MAX_DELAY_MS = 10_000;
/**
 * The connections `concurrent` may open: the tutorial's aiohttp session pools at most 100
 * (TCPConnector's default limit, as httpx's), so "all at once" queues past 100 there
 * too. Unbounded, 20 000 requests would open 20 000 sockets and run out of file
 * descriptors (EMFILE) before they ran out of patience.
 */
export const POOL_LIMIT = 100;

/** Where the requests go: the embedded server's `/delay`, or the user's URLs. */
interface Source {
  urls: readonly string[];
  /** How many requests: the list is cycled through until there are this many. */
  count: number;
  /** Each request's expected duration, for the plan; 1 (a unit) when unknown. */
  unitMs: number;
  /** The servers are the user's: no plan is known, the ideal comes from measured requests. */
  measured: boolean;
  /** An untimed request through a fresh client, before timing (the built-in server only). */
  warmUp?: (signal: AbortSignal) => Promise<void>;
  /** Each URL's task name for the timeline (the path alone on the embedded server), built once. */
  labels: readonly string[];
  params: Record<string, unknown>;
  close: () => Promise<void>;
}

/**
 * `asyncdemo fetch-all`: the tutorial's "async in the real world": three GETs of
 * httpbin's `/delay/1` one after another (requests), all at once (aiohttp + gather),
 * and at most `--concurrency` at a time (p-limit), with undici against an embedded
 * httpbin-compatible server running in a worker thread, or against `--url`s.
 *
 * @example
 * const plan = await fetchAllDemo.plan(resolveDemoParams(fetchAllDemo, { signal }));
 * // sequential ~3 s, concurrent ~1 s, limited ~1 s; plan.close() stops the server
 */
export const fetchAllDemo: Demo = {
  name: 'fetch-all',
  title: 'HTTP requests one after another vs all at once vs bounded, with undici',
  description:
    "The tutorial's fetch_all(): GET /delay/1 three times. One after another it takes 3 s; all at once (gather) 1 s; " +
    'limited to --concurrency c, c workers each take the next URL when done. Ideal speedup: n for concurrent (up to 100, its pool, as ' +
    "aiohttp's), n / ⌈n / c⌉ for limited. " +
    'By default the requests go to a built-in httpbin-compatible server (no network) running in a worker thread; ' +
    "--url and --urls-file fetch real servers instead. Every outcome is kept: a failed request is a row with its " +
    'error code (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, …), and the exit code is 1 after the report. ' +
    'Each variant opens as many connections as it may have requests in flight: 1, min(n, 100), or min(n, c).',
  examples: [
    'asyncdemo fetch-all',
    'asyncdemo fetch-all --count 50 --delay 0.2 --concurrency 10',
    'asyncdemo fetch-all --url https://httpbin.org/delay/1 --count 3',
    'asyncdemo fetch-all --urls-file urls.txt --variants limited --concurrency 20',
    'asyncdemo fetch-all --url http://127.0.0.1:8080/delay/0 --count 20000 --variants limited --concurrency 100',
  ],
  variantNames: ['sequential', 'concurrent', 'limited'],
  delay: { defaultMs: 1000, help: "the embedded server's /delay for each request (the tutorial's /delay/1; up to 10 s)" },
  count: {
    default: 3,
    max: 1_000_000,
    help: 'how many requests (with --url/--urls-file: the number of URLs; more cycles through them)',
  },
  options: [
    {
      flags: '--url <url>',
      description: 'fetch this http(s) URL instead of the built-in server (repeatable; never split at commas)',
      kind: 'strings',
      split: false,
    },
    { flags: '--urls-file <path>', description: "fetch the URLs in this file, one a line, # for comments ('-' reads stdin)", kind: 'string' },
    {
      flags: '--concurrency <n>',
      description: `requests in flight at once in the limited variant (default: half the requests, rounded up, at most ${DEFAULT_MAX_CONCURRENCY}: 2 of the default 3)`,
      kind: 'count',
      min: 1,
      max: 10_000,
    },
    {
      flags: '--timeout <duration>',
      description: 'give up on a request that takes longer than this to connect, answer, or send the next part of its body',
      kind: 'duration',
      min: 1,
      max: MAX_DELAY_MS,
      default: TIMEOUT_MS,
    },
    {
      flags: '--max-redirects <n>',
      description: `redirects to follow before a request fails (0 follows none); every hop must be http(s) without credentials`,
      kind: 'count',
      min: 0,
      max: 100,
      default: MAX_REDIRECTS,
    },
  ],
  explain: {
    pattern:
      'An HTTP request is mostly waiting, so while one waits for its response others can be sent. One ' +
      'after another, n requests of 1 s take n s; all at once about 1 s; through limit(c), at most c ' +
      'are in flight at a time. undici\'s Agent plays aiohttp\'s ClientSession: a pool of keep-alive ' +
      'connections the requests share, closed at the end.',
    whenToUse:
      'Fetching many URLs, calling several APIs, fanning out to services. Against real servers, bound ' +
      'the concurrency: unbounded fan-out runs into rate limits, socket limits and overloaded services.',
    example: 'fetch-all.ts',
    python: SEED_FETCH_ALL,
    pitfalls: [
      'Read or dump every response body (await body.dump()): an unread body keeps its connection taken, ' +
        'and the pool runs dry.',
      'An Agent created with a connections limit queues the requests beyond it, so \'all at once\' is ' +
        'then at most that many at once. Size it to the concurrency you want.',
      'Close the Agent at the end (await agent.close()), or its open sockets keep the process alive.',
      'gather rejects at the first failed request and leaves the others running; use { settle: true } ' +
        'to keep every outcome.',
      'Set timeouts (headersTimeout, bodyTimeout, or a signal): a server that stalls otherwise keeps ' +
        'the request waiting for good.',
    ],
  },
  async plan(params) {
    const timeoutMs = params.options.timeout as number;
    const maxRedirects = params.options.maxRedirects as number;
    // Loaded here, not at the top: `asyncdemo list` and the other demos never pay for undici.
    const { createClient } = await import('./http/client.js');
    const source = await resolveSource(params);
    const { count: n, unitMs } = source;
    // By default the bound is below the count (2 of the seed's 3), so that limited differs
    // from concurrent and shows what a bound costs, and at most DEFAULT_MAX_CONCURRENCY:
    // half of a 20 000-line --urls-file was 10 000 sockets opened at once, seconds of
    // connecting that held the event loop (and Ctrl-C) up. --concurrency sets it.
    const concurrency = (params.options.concurrency as number | undefined) ?? Math.max(1, Math.min(DEFAULT_MAX_CONCURRENCY, Math.ceil(n / 2)));
    const clients = new Set<HttpClient>();

    /** Runs `body` with a client of `connections`, always closing it and attaching the detail. */
    const withClient = async (
      ctx: RunContext,
      connections: number,
      body: (fetchOne: (i: number) => Promise<void>, sendOne: (i: number) => Promise<void>) => Promise<unknown>,
    ) => {
      const client = createClient({
        connections,
        timeoutMs,
        maxRedirects,
        now: () => ctx.clock.now(),
        sleep: (ms, signal) => ctx.clock.sleep(ms, signal),
      });
      clients.add(client);
      const recorder = new HttpRecorder(n);
      const say = narrator(ctx, n, 'requests');
      // One listener for the whole run, which aborts the requests in flight: chaining the
      // run's signal to each request's would cost O(n²) listeners. The connections then
      // close gracefully in the finally below.
      const off = ctx.signal.aborted ? () => {} : onAbort(ctx.signal, () => client.cancel(ctx.signal.reason));
      const sendOne = (i: number): Promise<void> => fetchRow(ctx, client, recorder, say, source.urls[i % source.urls.length]!, i);
      const fetchOne = (i: number): Promise<void> => fetchOneInto(ctx, source, i, sendOne);
      try {
        await body(fetchOne, sendOne);
      } finally {
        attachDetail(ctx, 'http', recorder.detail(ctx.elapsed()));
        off();
        clients.delete(client);
        await client.close();
      }
    };

    const pool = Math.min(n, POOL_LIMIT);
    const limitedRounds = Math.ceil(n / concurrency);
    // Real servers take what they take: each request's time alone, measured in the
    // sequential runs, stands in for a plan (read by measure once every run is over).
    const alone: number[][] = [];
    const ideal = (planned: number, slots: number): number =>
      source.measured && alone.length > 0 ? makespan(medians(alone), slots) : planned;
    const variants: VariantSpec[] = [
      {
        name: 'sequential',
        summary: 'await each request before sending the next (requests.get in a loop), on 1 connection',
        get plannedMs() {
          return ideal(n * unitMs, 1);
        },
        run: (ctx) =>
          withClient(ctx, 1, async (fetchOne) => {
            const times: number[] = [];
            for (let i = 0; i < n && !ctx.signal.aborted; i++) {
              const start = ctx.elapsed();
              await fetchOne(i);
              times.push(ctx.elapsed() - start);
            }
            if (times.length === n) alone.push(times);
          }),
      },
      {
        name: 'concurrent',
        summary:
          n <= POOL_LIMIT
            ? `${n === 1 ? 'the one request' : `all ${n} at once`} with gather (aiohttp + asyncio.gather), on ${plural(n, 'connection')}`
            : `all ${n} at once with gather; the pool runs ${POOL_LIMIT} at a time (aiohttp's limit) and queues the rest`,
        get plannedMs() {
          return ideal(Math.ceil(n / pool) * unitMs, pool);
        },
        run: (ctx) =>
          withClient(ctx, pool, (_, sendOne) => {
            // aiohttp's connector: every task starts now and waits for a free connection,
            // drawn as waiting until it has one. Waiting here, not in undici's queue,
            // where a queued undici request costs kilobytes (100 000 of them took 1 GB).
            const connections = new ConnectionPool(pool, sendOne, ctx.signal);
            for (let i = 0; i < n && !ctx.signal.aborted; i++) {
              // Each task's promise is the pool's, which settles once every request has
              // (see ConnectionPool); its span ends when its own request does.
              void ctx.queued(source.labels[i % source.urls.length]!, (t) => connections.add(i, t));
            }
            return connections.sealed();
          }),
      },
      {
        name: 'limited',
        summary: `at most ${concurrency} at a time: ${Math.min(n, concurrency) === 1 ? '1 worker takes' : `${Math.min(n, concurrency)} workers take`} the next URL as each finishes, on as many connections`,
        get plannedMs() {
          return ideal(limitedRounds * unitMs, Math.min(n, concurrency));
        },
        run: (ctx) =>
          withClient(ctx, Math.min(n, concurrency), (fetchOne) => {
            // The same bound and FIFO order as p-limit, in O(c) memory: p-limit queues all
            // n calls up front (~0.9 KB each), which for 100 000 requests cost 150 MB of
            // peak RSS before the first answer.
            let next = 0;
            const worker = async (): Promise<void> => {
              while (next < n && !ctx.signal.aborted) await fetchOne(next++);
            };
            return gather(Array.from({ length: Math.min(n, concurrency) }, worker));
          }),
      },
    ];

    return {
      variants,
      headline: 'concurrent',
      means: { kind: 'speedup', measures: 'how long until every response is in' },
      idealFrom: source.measured ? 'measured' : 'plan',
      ...(source.warmUp === undefined ? {} : { warmUp: source.warmUp }),
      params: { ...source.params, count: n, concurrency, timeoutMs },
      async close() {
        for (const client of clients) client.destroy(new Error('fetch-all closed'));
        await source.close();
      },
      failures: (measurement: Measurement) => failureLines(httpDetails(measurement)),
    };
  },
};

/**
 * Runs request `i` as a task of the run, through `send` (fetchRow: sequential and
 * limited); never rejects, so one failure never stops the others. The task itself
 * rejects for a failed request, so its span shows as an error.
 */
function fetchOneInto(ctx: RunContext, source: Source, i: number, send: (i: number) => Promise<void>): Promise<void> {
  if (ctx.signal.aborted) return Promise.resolve();
  const task = ctx.task(source.labels[i % source.urls.length]!, () => send(i));
  // Recorded by fetchRow: settle semantics, every outcome is a row and none stops the others.
  return task.then(undefined, ignore);
}

/** Sends request `i` now, records its row and narrates it; rejects when it failed. */
async function fetchRow(ctx: RunContext, client: HttpClient, recorder: HttpRecorder, say: Say | undefined, url: string, i: number): Promise<void> {
  // Interrupted before it was sent: not a failure, and no row.
  if (ctx.signal.aborted) throw ctx.signal.reason;
  let status: number | undefined;
  try {
    const row = await client.get(url);
    recorder.add(i, row);
    say?.(`${url}: ${row.status}`);
    status = row.status;
  } catch (err) {
    if (ctx.signal.aborted) {
      // Interrupted in flight (aborted mid-request): not a failure either.
      recorder.interrupted();
      throw ctx.signal.reason;
    }
    const row = (err as RequestFailed).row;
    recorder.add(i, row);
    say?.(`${url}: ${row.code}`);
    throw err;
  }
  // An answer, but not the resource: the request did not succeed, and its span says
  // so (a headline comparing runs of error pages is no speedup). Its row keeps the status.
  if (status !== undefined && status >= 400) throw new Error(`HTTP ${status}`);
}

function ignore(): void {}

/**
 * aiohttp's connector for the concurrent variant: every request's task starts at once
 * and waits here, in FIFO order, until one of `size` connections is free; `done`
 * settles once every request has (rejecting with the run's abort reason when it was
 * interrupted, which ends the tasks still waiting as cancelled: they never ran).
 *
 * The plain version is a promise per request, settling as its request does, and
 * `gather` over them: core's `limit(size)` (p-limit) around each request, or a pool
 * that resolves each waiting request's promise. But a waiting request then holds its
 * promise, its resolving functions, the run's reaction to it and gather's (~650 B with
 * the pool, ~2.3 KB with p-limit); and V8 lets the old generation grow to about four
 * times what is live before it collects it again, so each byte held per waiting request
 * costs ~0.4 MB of peak RSS at 100 000 requests. Here a waiting request is its index and
 * its QueuedTask handle in two array slots, and every task's promise is `done`. Bench
 * fetch-all.js's "100 000 requests, concurrent: peak RSS" row, 2026-12-01: 959 and 765 MB
 * (Node 20) and 553 / 542 MB (Node 24) with p-limit, 333–398 MB (Node 20) and 341–370 MB
 * (Node 24) with a promise per request; 174–195 MB (Node 20) and 240–283 MB (Node 24) with
 * this pool and core's leaner QueuedTask (same day, same command, load 7–12).
 */
class ConnectionPool {
  readonly done: Promise<void>;
  #free: number;
  #inFlight = 0;
  /** Waiting requests from `#head` on, two slots each: index, task. */
  #waiting: unknown[] = [];
  #head = 0;
  #resolve!: () => void;
  #reject!: (reason: unknown) => void;
  readonly #release = (): void => this.#next();

  constructor(
    size: number,
    readonly send: (i: number) => Promise<void>,
    readonly signal: AbortSignal,
  ) {
    this.#free = size;
    this.done = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** Request `i`, whose task is `task`: sent when a connection is free. Returns {@link done}. */
  add(i: number, task: QueuedTask): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      this.#start(i, task);
    } else this.#waiting.push(i, task);
    return this.done;
  }

  /** Every request has been added: {@link done}, settled now if none is in flight (none was added). */
  sealed(): Promise<void> {
    if (this.#inFlight === 0) this.#settle();
    return this.done;
  }

  #settle(): void {
    // Interrupted: the requests still waiting are never sent, and end cancelled.
    if (this.signal.aborted) this.#reject(this.signal.reason);
    else this.#resolve();
  }

  #start(i: number, task: QueuedTask): void {
    this.#inFlight++;
    // The task's span ends as its request settles; a failed request rejects (its row
    // is recorded by fetchRow), which must neither stop the others nor go unhandled.
    task.run(() => this.send(i)).then(this.#release, this.#release);
  }

  #next(): void {
    this.#inFlight--;
    const waiting = this.#waiting;
    const head = this.#head;
    if (this.signal.aborted || head === waiting.length) {
      this.#free++;
      if (this.#inFlight === 0) this.#settle();
      return;
    }
    const i = waiting[head] as number;
    const task = waiting[head + 1] as QueuedTask;
    waiting[head] = waiting[head + 1] = undefined;
    this.#head = head + 2;
    // Drop the consumed front once it is most of the array: amortised O(1) per request.
    if (this.#head > 2048 && this.#head > waiting.length >> 1) {
      this.#waiting = waiting.slice(this.#head);
      this.#head = 0;
    }
    this.#start(i, task);
  }
}

async function resolveSource(params: DemoParams): Promise<Source> {
  const urlOption = (params.options.url as string[] | undefined) ?? [];
  const file = params.options.urlsFile as string | undefined;
  if (urlOption.length === 0 && file === undefined) return embeddedSource(params);

  if (params.given.delayMs) {
    throw new UsageError("option '--delay' sets the built-in server's /delay; with --url or --urls-file the servers decide how long they take.");
  }
  const urls = fromOptions(urlOption);
  if (file !== undefined) {
    // One at a time: a spread push of a million URLs overflows the call stack.
    for (const url of await readUrlList(file, { stdin: params.stdin ?? Readable.from([]), signal: params.signal })) urls.push(url);
  }
  return {
    urls,
    count: params.given.count ? params.count : urls.length,
    unitMs: 1,
    measured: true,
    // The first request of a process pays for compiling undici's code paths: one untimed
    // request to the first URL keeps that cost out of whichever variant runs first.
    warmUp: (signal) => warmUp(urls[0]!, 1, params.options.timeout as number | undefined, signal),
    labels: urls.map((url) => `GET ${url}`),
    params: { source: file === undefined ? 'url' : 'urls-file', urls: urls.length <= 20 ? urls : urls.slice(0, 20), urlCount: urls.length },
    close: () => Promise.resolve(),
  };
}

async function embeddedSource(params: DemoParams): Promise<Source> {
  const delayMs = params.delayMs * params.scale;
  if (delayMs > SERVER_MAX_DELAY_MS) {
    throw new UsageError(
      `the built-in server's /delay goes up to 10 s, but --delay × --scale asks for ${delayMs / 1000} s. Use a smaller --delay.`,
    );
  }
  const { startServerWorker } = await import('../server/start-worker.js');
  const server = await startServerWorker({ port: 0, host: '127.0.0.1' });
  const seconds = String(Number((delayMs / 1000).toFixed(6)));
  const url = `${server.url}/delay/${seconds}`;
  const path = `/delay/${seconds}`;
  return {
    urls: [url],
    count: params.count,
    // With /delay/0 there is no wait to plan: the requests take what they take, so the
    // ideal comes from the measured sequential requests (counted in units until then).
    unitMs: delayMs > 0 ? delayMs : 1,
    measured: !(delayMs > 0),
    // The first request of a process compiles undici's code paths and wakes the server's
    // worker: a one-off cost that would land on whichever variant runs first.
    warmUp: (signal) => warmUp(`${server.url}/get`, WARM_UP_REQUESTS, undefined, signal),
    labels: [`GET ${path}`],
    params: { source: 'embedded', url, delayMs },
    close: () => server.close(),
  };
}

/**
 * Untimed GETs of `url` through a fresh client: compiles undici's code paths (and wakes
 * the built-in server's worker) before any variant is timed.
 */
async function warmUp(url: string, requests: number, timeoutMs: number | undefined, signal: AbortSignal): Promise<void> {
  const { createClient } = await import('./http/client.js');
  const client = createClient({ connections: 1, timeoutMs: timeoutMs ?? TIMEOUT_MS, now: () => performance.now() });
  const off = onAbort(signal, () => client.destroy(signal.reason as Error));
  try {
    // A failure here is not the run's: the timed requests will meet it and report it.
    for (let i = 0; i < requests && !signal.aborted; i++) await client.get(url).catch(() => undefined);
  } finally {
    off();
    await client.close();
  }
  signal.throwIfAborted();
}

/** Each request's median time over the runs, by index. */
function medians(runs: readonly (readonly number[])[]): number[] {
  return runs[0]!.map((_, i) => {
    const sorted = runs.map((r) => r[i]!).sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  });
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function httpDetails(measurement: Measurement): { variant: string; http: HttpDetail }[] {
  const list: { variant: string; http: HttpDetail }[] = [];
  for (const v of measurement.variants) {
    const http = v.details?.http as HttpDetail | undefined;
    if (http !== undefined) list.push({ variant: v.name, http });
  }
  return list;
}
