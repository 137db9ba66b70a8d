import { echo } from '../shared/echo.js';
import type { HttpDetail } from './detail.js';

/** What to say about each error code: what it means, and what to try. */
const HINTS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused: is a server listening? 'asyncdemo serve' starts the built-in test server",
  ENOTFOUND: 'host not found: check the name, or the network',
  EAI_AGAIN: 'DNS lookup failed for now: check the network',
  ECONNRESET: 'the server reset the connection',
  EMFILE: 'too many open files: try --variants limited with a --concurrency below your ulimit -n',
  UND_ERR_SOCKET: 'the server closed the connection before the response was complete',
  UND_ERR_CONNECT_TIMEOUT: 'could not connect within --timeout',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers within --timeout',
  UND_ERR_BODY_TIMEOUT: 'the body stalled for longer than --timeout',
  ERR_TOO_MANY_REDIRECTS: 'more redirects than --max-redirects allows (a redirect loop?)',
};

/**
 * One line per kind of failed request, over every variant, for stderr after the
 * report (the run then exits 1): the code, how many, the first URL, and a hint.
 *
 * @example
 * failureLines([{ variant: 'sequential', http }]);
 * // ["ECONNREFUSED: 1 request failed (sequential), e.g. GET http://127.0.0.1:1/: connection refused: is a server listening? …"]
 */
export function failureLines(details: readonly { variant: string; http: HttpDetail }[]): string[] {
  const byCode = new Map<string, { count: number; url: string; message: string; variants: string[] }>();
  for (const { variant, http } of details) {
    for (const e of http.errors) {
      const known = byCode.get(e.code);
      if (known === undefined) byCode.set(e.code, { count: e.count, url: e.url, message: e.message, variants: [variant] });
      else {
        known.count += e.count;
        known.variants.push(variant);
      }
    }
  }
  return [...byCode].map(
    ([code, e]) =>
      `${code}: ${e.count} request${e.count === 1 ? '' : 's'} failed (${e.variants.join(', ')}), ` +
      // The message may come from a server (a redirect's Location): quoted safely.
      `e.g. GET ${echo(e.url, 200)}: ${HINTS[code] ?? echo(e.message, 200)}`,
  );
}
