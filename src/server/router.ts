import type { IncomingMessage, ServerResponse } from 'node:http';
import { bytes, delay, drip, get, status, stream, type Endpoint, type Exchange } from './endpoints.js';
import { faults } from './faults.js';
import { HttpError, sendError, sendJson } from './http-error.js';
import { FAULT_ROUTES, ROUTES, arity, indexLine, type RouteDoc } from './routes.js';
import type { ResponseTimers } from './timers.js';

/** Longer request targets get 414, as go-httpbin and most servers answer. */
export const MAX_URL_LENGTH = 2048;

/** Longer request bodies get 413, as go-httpbin answers (no endpoint reads a body anyway). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The handler of each path in {@link ROUTES}, and its arity, read from the path. */
const routes = withArity(ROUTES, { delay, status, get, bytes, drip, stream });
const faultRoutes = withArity(FAULT_ROUTES, faults);

/** What `/` lists: every path, so a curl user can discover the server. */
export const INDEX = {
  name: 'asyncdemo test server (httpbin-compatible)',
  endpoints: [...Object.values(ROUTES).map((doc) => indexLine(doc)), ...Object.values(FAULT_ROUTES).map((doc) => indexLine(doc, ': '))],
};

function withArity<K extends string>(docs: Readonly<Record<K, RouteDoc>>, handlers: Readonly<Record<K, Endpoint>>): Readonly<Record<string, { arity: number; handle: Endpoint }>> {
  const table: Record<string, { arity: number; handle: Endpoint }> = {};
  for (const name of Object.keys(docs) as K[]) table[name] = { arity: arity(docs[name]), handle: handlers[name] };
  return table;
}

/**
 * Builds the request listener: parses the target, routes it, and turns every
 * HttpError (and any unexpected throw) into a JSON answer, so no request can take the
 * server down. `isClosing` makes every answer `Connection: close` during shutdown.
 *
 * @example
 * http.createServer(createHandler(new ResponseTimers(10_000), () => false));
 */
export function createHandler(
  timers: ResponseTimers,
  isClosing: () => boolean,
  accessLog?: (line: string) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (isClosing()) res.shouldKeepAlive = false;
    // Every answer is what its Content-Type says: a browser must not sniff /bytes into HTML.
    res.setHeader('x-content-type-options', 'nosniff');
    if (accessLog !== undefined) logWhenDone(req, res, accessLog);
    try {
      checkRequest(req);
      limitBody(req, res);
      route({ req, res, params: [], query: new URLSearchParams(), timers });
    } catch (err) {
      const httpError = err instanceof HttpError ? err : new HttpError(500, 'internal error');
      if (!res.headersSent) {
        // After a malformed request or an oversized body the connection's state is
        // doubtful: answer, then close it.
        if (httpError.status === 400 || httpError.status === 413) res.shouldKeepAlive = false;
        sendError(res, httpError);
      } else res.destroy();
    }
  };
}

/**
 * What Node's parser lets through but a server should refuse (400): a request line
 * without an HTTP version (HTTP/0.9), and two Host headers (which one a proxy and this
 * server each believe is how request smuggling starts).
 */
function checkRequest(req: IncomingMessage): void {
  if (req.httpVersionMajor < 1) throw new HttpError(400, 'the request line has no HTTP version (e.g. GET /get HTTP/1.1)');
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') hosts++;
  if (hosts > 1) throw new HttpError(400, 'more than one Host header');
}

/**
 * Refuses a body past {@link MAX_BODY_BYTES} with 413: at once when Content-Length says
 * so, else as soon as the chunks add up to more; the rest is never read (the connection
 * closes). Smaller bodies are read and dropped, as Node would.
 */
function limitBody(req: IncomingMessage, res: ServerResponse): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (req.headers['transfer-encoding'] === undefined) return;
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received <= MAX_BODY_BYTES) return;
    req.removeAllListeners('data');
    req.pause();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.shouldKeepAlive = false;
    sendError(res, tooLarge());
    res.once('finish', () => req.socket.destroy());
  });
}

function tooLarge(): HttpError {
  return new HttpError(413, `request body larger than ${MAX_BODY_BYTES} bytes`);
}

/**
 * One line per request once it is answered (or cut): who, what, the status, the bytes
 * declared and the time. The target is escaped as JSON escapes it, so a request cannot
 * write control characters or a forged line into the log.
 */
function logWhenDone(req: IncomingMessage, res: ServerResponse, log: (line: string) => void): void {
  const start = performance.now();
  // Read now: by 'close' the socket may be destroyed, and a destroyed socket no longer
  // knows its peer (a /drip, ended from a timer, logged `?`).
  const client = req.socket.remoteAddress ?? '?';
  res.once('close', () => {
    const target = JSON.stringify((req.url ?? '').slice(0, 200)).slice(1, -1);
    const method = JSON.stringify((req.method ?? '?').slice(0, 20)).slice(1, -1);
    const size = res.getHeader('content-length') ?? '-';
    const status = res.headersSent ? String(res.statusCode) : 'cut';
    const ms = (performance.now() - start).toFixed(1);
    log(`${client} "${method} ${target} HTTP/${req.httpVersion}" ${status} ${String(size)} ${ms}ms`);
  });
}

function route(x: Exchange): void {
  const target = x.req.url ?? '/';
  if (target.length > MAX_URL_LENGTH) throw new HttpError(414, `request target longer than ${MAX_URL_LENGTH} characters`);
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  if (!path.startsWith('/')) throw new HttpError(400, 'request target must be a path');
  const segments = path.slice(1).split('/').map(decodeSegment);
  const query = new URLSearchParams(q === -1 ? '' : target.slice(q + 1));

  let endpoint: { arity: number; handle: Endpoint } | undefined;
  let params = segments.slice(1);
  if (segments[0] === 'fault') {
    const name = segments[1] ?? '';
    endpoint = Object.hasOwn(faultRoutes, name) ? faultRoutes[name] : undefined;
    params = segments.slice(2);
  } else if (segments.length === 1 && segments[0] === '') {
    endpoint = { arity: 0, handle: (e) => sendJson(e.res, 200, INDEX) };
  } else {
    endpoint = Object.hasOwn(routes, segments[0]!) ? routes[segments[0]!] : undefined;
  }
  if (endpoint === undefined || params.length !== endpoint.arity) {
    throw new HttpError(404, `no such path: ${path.slice(0, 100)}; see / for the list (e.g. /get, /delay/1)`);
  }
  if (x.req.method !== 'GET' && x.req.method !== 'HEAD') {
    throw new HttpError(405, `method ${x.req.method ?? '?'} not allowed; use GET or HEAD`, { allow: 'GET, HEAD' });
  }
  endpoint.handle({ ...x, params, query });
}

function decodeSegment(segment: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `bad percent-encoding in path segment ${JSON.stringify(segment.slice(0, 40))}`);
  }
  if (decoded === '..' || decoded === '.') throw new HttpError(400, 'path traversal is not allowed');
  return decoded;
}
