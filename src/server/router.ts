import type { IncomingMessage, ServerResponse } from 'node:http';
import { bytes, delay, drip, get, status, stream, type Endpoint, type Exchange } from './endpoints.js';
import { faults } from './faults.js';
import { HttpError, sendError, sendJson } from './http-error.js';
import { FAULT_ROUTES, ROUTES, arity, indexLine, type RouteDoc } from './routes.js';
import type { ResponseTimers } from './timers.js';

/** Longer request targets get 414, as go-httpbin and most servers answer. */
export const MAX_URL_LENGTH = 2048;

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
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (isClosing()) res.shouldKeepAlive = false;
    try {
      route({ req, res, params: [], query: new URLSearchParams(), timers });
    } catch (err) {
      const httpError = err instanceof HttpError ? err : new HttpError(500, 'internal error');
      if (!res.headersSent) sendError(res, httpError);
      else res.destroy();
    }
  };
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
