/**
 * Every path of the embedded server, with its help: the one list the index page (`/`),
 * `asyncdemo serve --help` and the README's list are made from (the README's is checked
 * by test/server/routes.test.ts). The router and the fault table are keyed by these
 * names, so a path without a handler, or a handler without a path, fails the typecheck.
 *
 * This file imports nothing: the CLI reads it for `serve --help` without loading the server.
 */

/** How a path reads in the index and in help. */
export interface RouteDoc {
  /** The path with its parameters, as httpbin writes them: `/delay/:seconds`. */
  readonly path: string;
  /** An example query string, shown after the path: `?duration=2&numbytes=10`. */
  readonly query?: string;
  /** What it answers, or its limits. */
  readonly help?: string;
}

/** httpbin's paths, served as httpbin serves them. */
export const ROUTES = {
  delay: { path: '/delay/:seconds', help: '0 to 10; 250ms also works' },
  status: { path: '/status/:codes', help: '200, or 200,500, or 200:0.9,500:0.1' },
  get: { path: '/get' },
  bytes: { path: '/bytes/:n', help: 'up to 1048576; ?seed=' },
  drip: { path: '/drip', query: '?duration=2&numbytes=10&delay=0&code=200' },
  stream: { path: '/stream/:n', help: 'up to 100' },
} as const satisfies Readonly<Record<string, RouteDoc>>;

/**
 * `/fault/:name`: misbehaviours on request, for tests and for teaching what a client
 * sees when a server fails (reliability_anchors.md §2). Each help names the error code
 * undici's `request` reports for it.
 */
export const FAULT_ROUTES = {
  reset: { path: '/fault/reset', help: 'a TCP RST before any header (ECONNRESET)' },
  drop: { path: '/fault/drop', help: 'closes the socket before any header (UND_ERR_SOCKET)' },
  'close-mid-body': { path: '/fault/close-mid-body', help: 'promises 1024 bytes, sends 256, then closes (UND_ERR_SOCKET)' },
  'stall-body': { path: '/fault/stall-body', help: 'sends headers and 256 of 1024 bytes, then nothing (UND_ERR_BODY_TIMEOUT)' },
  hang: { path: '/fault/hang', help: 'never answers until the client leaves (UND_ERR_HEADERS_TIMEOUT)' },
  'slow-headers': {
    path: '/fault/slow-headers/:s',
    help: 'answers after s seconds (UND_ERR_HEADERS_TIMEOUT with a shorter --timeout)',
  },
  'redirect-loop': { path: '/fault/redirect-loop', help: 'redirects to itself forever, a new URL each hop (too many redirects)' },
  'connection-close': { path: '/fault/connection-close', help: 'a normal answer with `Connection: close` (stale keep-alive sockets)' },
} as const satisfies Readonly<Record<string, RouteDoc>>;

/** A name of {@link ROUTES}: `delay`, `get`, … */
export type RouteName = keyof typeof ROUTES;
/** A name of {@link FAULT_ROUTES}: `reset`, `hang`, … */
export type FaultName = keyof typeof FAULT_ROUTES;

/**
 * How many path parameters a route takes after its name (its `:` segments).
 *
 * @example
 * arity(ROUTES.delay); // 1
 * arity(FAULT_ROUTES.hang); // 0
 */
export function arity(doc: RouteDoc): number {
  return doc.path.split('/').filter((segment) => segment.startsWith(':')).length;
}

/**
 * The index page's line for a route: the path, its example query, then its help — in
 * brackets for httpbin's paths, after a colon for the faults.
 *
 * @example
 * indexLine(ROUTES.delay); // '/delay/:seconds (0 to 10; 250ms also works)'
 * indexLine(FAULT_ROUTES.hang, ': '); // '/fault/hang: never answers until the client leaves (UND_ERR_HEADERS_TIMEOUT)'
 */
export function indexLine(doc: RouteDoc, helpAfter: ' (' | ': ' = ' ('): string {
  const head = `${doc.path}${doc.query ?? ''}`;
  if (doc.help === undefined) return head;
  return helpAfter === ' (' ? `${head} (${doc.help})` : `${head}: ${doc.help}`;
}
