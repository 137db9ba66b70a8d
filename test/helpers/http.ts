import { Agent } from 'undici';

/** A response as the server tests inspect it. */
export interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  ms: number;
  text(): string;
  json<T = Record<string, unknown>>(): T;
}

/**
 * A tiny undici client for tests: raw paths (no URL normalisation, so `/delay/%ZZ` and
 * `/x/%2E%2E` reach the server as written), full bodies, and a close() that leaves no
 * socket behind for the handle checks.
 *
 * @example
 * const http = testClient(server.url);
 * expect((await http.get('/get')).status).toBe(200);
 * await http.close();
 */
export function testClient(origin: string): {
  get(path: string, options?: { method?: 'GET' | 'HEAD' | 'POST' | 'DELETE'; signal?: AbortSignal }): Promise<Got>;
  close(): Promise<void>;
} {
  const agent = new Agent({ connections: 2000 });
  return {
    async get(path, options = {}) {
      const start = performance.now();
      const res = await agent.request({ origin, path, method: options.method ?? 'GET', signal: options.signal });
      const body = Buffer.from(await res.body.arrayBuffer());
      const got: Got = {
        status: res.statusCode,
        headers: res.headers,
        body,
        ms: performance.now() - start,
        text: () => body.toString('utf8'),
        json: <T>() => JSON.parse(body.toString('utf8')) as T,
      };
      return got;
    },
    close: () => agent.close(),
  };
}

/**
 * Waits (polling every 10 ms, up to `timeoutMs`) until `check()` is true; resolves with
 * its last value, so the caller's assertion shows what it was when time ran out.
 *
 * @example
 * expect(await eventually(() => server.pendingTimers === 0)).toBe(true);
 */
export async function eventually(check: () => boolean, timeoutMs = 3000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** The active resources as a sorted list of type names, for comparing with a baseline. */
export function resources(): string[] {
  return process.getActiveResourcesInfo().sort();
}

/**
 * What is active now beyond `baseline` (a multiset difference), after waiting up to
 * `timeoutMs` for it to drain: sockets and timers close a few ticks after the close
 * that ends them. Resources that were in the baseline and went away do not count:
 * only what was left behind does.
 *
 * @example
 * const baseline = resources();
 * // … start and stop a server …
 * expect(await leftOver(baseline)).toEqual([]);
 */
export async function leftOver(baseline: readonly string[], timeoutMs = 3000): Promise<string[]> {
  await eventually(() => extras(baseline).length === 0, timeoutMs);
  return extras(baseline);
}

function extras(baseline: readonly string[]): string[] {
  const budget = new Map<string, number>();
  for (const r of baseline) budget.set(r, (budget.get(r) ?? 0) + 1);
  const out: string[] = [];
  for (const r of resources()) {
    const left = budget.get(r) ?? 0;
    if (left > 0) budget.set(r, left - 1);
    else out.push(r);
  }
  return out;
}

/**
 * A port nothing listens on: bound to 127.0.0.1 and released at once. Tests use it
 * rather than a fixed port like 1, which anything on the machine (root may bind it)
 * could be serving while the suite runs.
 */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
