import { percentile } from '../../core/index.js';

/**
 * The data fetch-all attaches to each variant as `details.http`: what autocannon and
 * oha report (req/s, latency percentiles, status and error counts) plus the first
 * requests as rows. Plain JSON, so the JSON report carries it as is.
 */

/** One request's outcome. A request that failed has a `code` (and maybe a status, if the body broke). */
export interface HttpRow {
  url: string;
  /** The response status; absent when no response arrived. */
  status?: number;
  /** Body bytes read. */
  bytes: number;
  /** From sending the request to the end of its body (or its failure). */
  ms: number;
  /** Why it failed: `err.cause?.code ?? err.code` (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, …). */
  code?: string;
  /** The failure's message, for the first example of each code. */
  message?: string;
  /** Where the request ended after following redirects (absent when none was followed). */
  finalUrl?: string;
  /** How many redirects were followed (absent when none). */
  redirects?: number;
}

/** How many requests failed with one code, and the first of them. */
export interface HttpErrorCount {
  code: string;
  count: number;
  url: string;
  message: string;
}

/** A variant's HTTP summary (`variant.details.http`). */
export interface HttpDetail {
  /** Requests made (responses + failures). */
  count: number;
  /** Requests that got a complete response, whatever its status. */
  responses: number;
  failed: number;
  /** Requests that never completed because the run was interrupted: in flight or never sent. */
  cancelled: number;
  /** Of `cancelled`, those that were in flight when the run was interrupted (aborted mid-request). */
  inFlight?: number;
  /** From the first request to the last settling. */
  elapsedMs: number;
  /** count / elapsed. */
  reqPerSec: number;
  bytes: number;
  /** Percentiles of the complete responses' latencies (ms); null when there was none. */
  latencyMs: { p50: number; p90: number; p99: number; max: number } | null;
  /** Complete responses by status code: `{ "200": 3 }`. */
  status: Record<string, number>;
  /** Failures by code, most frequent first. */
  errors: HttpErrorCount[];
  /** The first requests, in input order (at most {@link SHOWN_ROWS}). */
  requests: HttpRow[];
}

/** How many request rows a detail keeps: enough to read, bounded for a million requests. */
export const SHOWN_ROWS = 20;

/**
 * Collects every request's outcome in O(1) memory per request (one float), and sums it
 * up as an {@link HttpDetail}.
 *
 * @example
 * const rec = new HttpRecorder(3);
 * rec.add(0, { url, status: 200, bytes: 321, ms: 1003 });
 * rec.detail(1010).latencyMs; // { p50: 1003, … }
 */
export class HttpRecorder {
  readonly #rows: HttpRow[] = [];
  readonly #latencies: Float64Array;
  #responses = 0;
  #failed = 0;
  #bytes = 0;
  #inFlight = 0;
  readonly #status = new Map<number, number>();
  readonly #errors = new Map<string, HttpErrorCount>();

  constructor(readonly count: number) {
    this.#latencies = new Float64Array(count);
  }

  /** Records request `index`'s outcome (each index once). */
  add(index: number, row: HttpRow): void {
    if (index < SHOWN_ROWS) this.#rows[index] = row;
    this.#bytes += row.bytes;
    if (row.code === undefined) {
      this.#latencies[this.#responses++] = row.ms;
      const status = row.status ?? 0;
      this.#status.set(status, (this.#status.get(status) ?? 0) + 1);
      return;
    }
    this.#failed++;
    const known = this.#errors.get(row.code);
    if (known !== undefined) known.count++;
    else this.#errors.set(row.code, { code: row.code, count: 1, url: row.url, message: row.message ?? row.code });
  }

  /** Counts a request that was in flight when the run was interrupted (and so was aborted). */
  interrupted(): void {
    this.#inFlight++;
  }

  /** The summary so far; `elapsedMs` is the wall time the requests took. */
  detail(elapsedMs: number): HttpDetail {
    const done = this.#responses + this.#failed;
    // A typed-array sort is numeric and fast even for a million latencies.
    const sorted = Array.from(this.#latencies.subarray(0, this.#responses).sort());
    const at = (p: number): number => percentile(sorted, p);
    return {
      count: done,
      responses: this.#responses,
      failed: this.#failed,
      cancelled: this.count - done,
      inFlight: this.#inFlight,
      elapsedMs: Math.round(elapsedMs * 1000) / 1000,
      reqPerSec: elapsedMs > 0 ? Math.round((done * 1e6) / elapsedMs) / 1000 : 0,
      bytes: this.#bytes,
      latencyMs: sorted.length === 0 ? null : { p50: at(50), p90: at(90), p99: at(99), max: sorted[sorted.length - 1]! },
      status: Object.fromEntries([...this.#status].sort((a, b) => a[0] - b[0]).map(([s, n]) => [String(s), n])),
      errors: [...this.#errors.values()].sort((a, b) => b.count - a.count),
      requests: this.#rows.filter((row) => row !== undefined),
    };
  }
}
