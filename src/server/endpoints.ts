import { createCipheriv, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { echo } from './echo.js';
import { sendJson } from './http-error.js';
import {
  MAX_BYTES,
  MAX_DELAY_S,
  MAX_STREAM_LINES,
  parseInteger,
  parseSeconds,
  parseStatus,
  parseStatusList,
  pickStatus,
} from './params.js';
import { HttpError } from './http-error.js';
import type { ResponseTimers } from './timers.js';

/** One request as an endpoint sees it: its path parameters are already decoded. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  params: readonly string[];
  query: URLSearchParams;
  timers: ResponseTimers;
}

/** An endpoint: answers now or schedules its answer on `timers`; may throw HttpError. */
export type Endpoint = (x: Exchange) => void;

/**
 * `/delay/:seconds`: httpbin's JSON echo after the delay (0 to 10 s; `250ms` also
 * works, as in go-httpbin), with a `Server-Timing` header saying how long the server
 * itself waited, so a client can tell its own overhead from the server's delay.
 */
export const delay: Endpoint = (x) => {
  const ms = parseSeconds(x.params[0]!, 'delay');
  const answer = (): void =>
    sendJson(x.res, 200, { ...echo(x.req, x.query), data: '', files: {}, form: {} }, {
      'server-timing': `initial_delay;dur=${ms};desc="initial delay"`,
    });
  if (ms === 0) answer();
  else x.timers.after(x.res, ms, answer);
};

/**
 * `/status/:codes`: answers with the code, or a random pick from httpbin's list syntax
 * (`200,500` or `200:0.9,500:0.1`), and an empty body. A 3xx points at `/get`.
 */
export const status: Endpoint = (x) => {
  const code = pickStatus(parseStatusList(x.params[0]!));
  const headers: Record<string, string | number> = { 'content-length': 0 };
  if (code >= 300 && code < 400) headers.location = '/get';
  x.res.writeHead(code, headers);
  x.res.end();
};

/** `/get`: httpbin's echo of the request. */
export const get: Endpoint = (x) => sendJson(x.res, 200, echo(x.req, x.query));

/**
 * `/bytes/:n`: n random bytes (up to 1 MiB), reproducible with `?seed=<int>`. Neither
 * holds the event loop: random bytes come from the thread pool, seeded ones from AES-CTR
 * keyed by the seed (native code, 64 KiB at a time, yielding between chunks), so two
 * hundred 1 MiB requests no longer keep /get waiting (they held it for 1.67 s when a
 * JavaScript generator made the seeded bytes).
 */
export const bytes: Endpoint = (x) => {
  const n = parseInteger(x.params[0]!, 'n', 0, MAX_BYTES);
  const seedText = x.query.get('seed');
  const seed = seedText === null ? undefined : parseInteger(seedText, 'seed', 0, 2 ** 32 - 1);
  const head = (): void => void x.res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': n });
  if (seed === undefined) {
    randomBytes(n, (err, body) => {
      if (x.res.destroyed) return;
      if (err !== null) {
        x.res.destroy(err);
        return;
      }
      head();
      x.res.end(body);
    });
    return;
  }
  head();
  streamSeeded(x.res, n, seed);
};

const CHUNK = 64 * 1024;
const ZEROES = Buffer.alloc(CHUNK);

/** Writes n bytes of the seed's keystream, a chunk per turn of the event loop, minding backpressure. */
function streamSeeded(res: ServerResponse, n: number, seed: number): void {
  const key = Buffer.alloc(16);
  key.writeUInt32BE(seed, 0);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  let left = n;
  const next = (): void => {
    if (res.destroyed) return;
    if (left === 0) {
      res.end();
      return;
    }
    const size = Math.min(CHUNK, left);
    left -= size;
    if (res.write(cipher.update(ZEROES.subarray(0, size)))) setImmediate(next);
    else res.once('drain', next);
  };
  next();
}

/**
 * `/drip?duration=2&numbytes=10&delay=0&code=200`: waits `delay`, then sends `numbytes`
 * asterisks spread evenly over `duration` (httpbin's defaults; duration + delay ≤ 10 s,
 * numbytes ≤ 1 MiB, in at most 100 writes however many bytes).
 */
export const drip: Endpoint = (x) => {
  const durationMs = parseSeconds(x.query.get('duration') ?? '2', 'duration');
  const delayMs = parseSeconds(x.query.get('delay') ?? '0', 'delay');
  const numbytes = parseInteger(x.query.get('numbytes') ?? '10', 'numbytes', 1, MAX_BYTES);
  const code = parseStatus(x.query.get('code') ?? '200', 'code');
  if (durationMs + delayMs > MAX_DELAY_S * 1000) {
    throw new HttpError(400, `duration + delay must be at most ${MAX_DELAY_S} seconds`);
  }
  const writes = Math.min(numbytes, 100);
  const interval = durationMs / writes;
  let sent = 0;
  let written = 0;
  const tick = (): void => {
    do {
      const size = Math.round(((written + 1) * numbytes) / writes) - sent;
      x.res.write(Buffer.alloc(size, '*'));
      sent += size;
      written++;
    } while (interval === 0 && written < writes);
    if (written < writes) x.timers.after(x.res, interval, tick);
    else if (interval === 0) x.res.end();
    else x.timers.after(x.res, interval, () => x.res.end());
  };
  const start = (): void => {
    x.res.writeHead(code, { 'content-type': 'application/octet-stream', 'content-length': numbytes });
    tick();
  };
  if (delayMs === 0) start();
  else x.timers.after(x.res, delayMs, start);
};

/** `/stream/:n`: n JSON lines (0 to 100), each httpbin's echo plus its `id`. */
export const stream: Endpoint = (x) => {
  const n = parseInteger(x.params[0]!, 'n', 0, MAX_STREAM_LINES);
  const base = echo(x.req, x.query);
  x.res.writeHead(200, { 'content-type': 'application/json' });
  for (let id = 0; id < n; id++) x.res.write(JSON.stringify({ ...base, id }) + '\n');
  x.res.end();
};

// mulberry32: tiny, fast and good enough to make `?seed=` bodies reproducible.
