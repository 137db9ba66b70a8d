import type { IncomingMessage } from 'node:http';

/** The request as httpbin's JSON bodies describe it. */
export interface Echo {
  args: Record<string, string | string[]>;
  headers: Record<string, string>;
  origin: string;
  url: string;
}

/**
 * Describes a request the way httpbin's `/get` does: query args (repeated keys become
 * arrays), headers in Title-Case, the client's address, and the full URL.
 *
 * @example
 * echo(req, new URLSearchParams('a=1&a=2'));
 * // { args: { a: ['1', '2'] }, headers: { Host: '127.0.0.1:8080', … }, origin: '127.0.0.1', url: 'http://…' }
 */
export function echo(req: IncomingMessage, query: URLSearchParams): Echo {
  // Null-prototype objects: a key such as `constructor` or `__proto__` is a key like any
  // other, not an inherited member (which `?constructor=y` read back as [null, "y"]).
  const args = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of query) {
    const prev = args[key];
    args[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  const headers = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[titleCase(key)] = Array.isArray(value) ? value.join(',') : value;
  }
  return {
    args,
    headers,
    origin: req.socket.remoteAddress ?? '',
    url: `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`,
  };
}

function titleCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}
