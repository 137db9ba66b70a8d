import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient, RequestFailed } from '../../src/demos/http/client.js';
import type { HttpRow } from '../../src/demos/http/detail.js';
import { startServer, type LocalServerHandle } from '../../src/server/server.js';
import { closedPort, eventually, leftOver, resources, testClient } from '../helpers/http.js';

let server: LocalServerHandle;
// Taken at the start of each test: whatever that test adds must be gone at its end.
let baseline: string[];

beforeAll(async () => {
  server = await startServer({ port: 0 });
});

beforeEach(async () => {
  await eventually(() => server.pendingTimers === 0);
});

afterAll(async () => {
  await server.close();
});

/** One GET through fetch-all's own client (timeout 300 ms), closed afterwards. */
async function fetchRow(path: string, timeoutMs = 300): Promise<HttpRow> {
  const client = createClient({ connections: 1, timeoutMs, now: () => performance.now() });
  try {
    return await client.get(`${server.url}${path}`);
  } catch (err) {
    expect(err).toBeInstanceOf(RequestFailed);
    return (err as RequestFailed).row;
  } finally {
    await client.close();
  }
}

describe('each /fault/ gives its error code through fetch-all’s client, and leaves no handle', () => {
  it.each([
    ['/fault/reset', 'ECONNRESET', undefined],
    ['/fault/drop', 'UND_ERR_SOCKET', undefined],
    ['/fault/close-mid-body', 'UND_ERR_SOCKET', 200],
    ['/fault/stall-body', 'UND_ERR_BODY_TIMEOUT', 200],
    ['/fault/hang', 'UND_ERR_HEADERS_TIMEOUT', undefined],
    // 3 s, well past the 300 ms timeout: undici checks it about twice a second, so it
    // may fire up to ~1.3 s after the request.
    ['/fault/slow-headers/3', 'UND_ERR_HEADERS_TIMEOUT', undefined],
    ['/fault/redirect-loop', 'ERR_TOO_MANY_REDIRECTS', undefined],
  ])('%s → %s', async (path, code, status) => {
    baseline = resources();
    const row = await fetchRow(path);
    expect(row.code).toBe(code);
    expect(row.status).toBe(status);
    expect(row.url).toBe(`${server.url}${path}`);
    if (status !== undefined) expect(row.bytes).toBe(256);
    expect(await eventually(() => server.pendingTimers === 0)).toBe(true);
    expect(await leftOver(baseline)).toEqual([]);
  });

  it('a closed port → ECONNREFUSED, localhost included', async () => {
    baseline = resources();
    const port = await closedPort();
    for (const url of [`http://127.0.0.1:${port}/`, `http://localhost:${port}/`]) {
      const client = createClient({ connections: 1, timeoutMs: 1000, now: () => performance.now() });
      const row = await client.get(url).then(
        () => undefined,
        (err: RequestFailed) => err.row,
      );
      await client.close();
      expect(row).toMatchObject({ url, code: 'ECONNREFUSED', bytes: 0 });
    }
    expect(await leftOver(baseline)).toEqual([]);
  });

  it('a redirect is followed to its answer', async () => {
    expect(await fetchRow('/status/302')).toMatchObject({ url: `${server.url}/status/302`, status: 200 });
    expect((await fetchRow('/fault/redirect-loop?hop=5')).message).toBe('more than 20 redirects');
  });

  it('slow headers within the timeout are a normal answer', async () => {
    const row = await fetchRow('/fault/slow-headers/0.05', 2000);
    expect(row).toMatchObject({ status: 200 });
    expect(row.code).toBeUndefined();
  });

  it('Connection: close answers back to back never hit a stale socket', async () => {
    baseline = resources();
    const client = createClient({ connections: 1, timeoutMs: 2000, now: () => performance.now() });
    const rows: HttpRow[] = [];
    for (let i = 0; i < 20; i++) rows.push(await client.get(`${server.url}/fault/connection-close`));
    await client.close();
    expect(rows.every((r) => r.status === 200 && r.code === undefined)).toBe(true);
    expect(await leftOver(baseline)).toEqual([]);
  });
});

describe('a client that goes away', () => {
  it('clears the server’s timer for its delay', async () => {
    baseline = resources();
    const http = testClient(server.url);
    const controller = new AbortController();
    const pending = http.get('/delay/10', { signal: controller.signal });
    expect(await eventually(() => server.pendingTimers === 1)).toBe(true);
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(await eventually(() => server.pendingTimers === 0)).toBe(true);
    await http.close();
    expect(await leftOver(baseline)).toEqual([]);
  });

  it('clears a drip’s timers midway', async () => {
    baseline = resources();
    const client = createClient({ connections: 1, timeoutMs: 100, now: () => performance.now() });
    // 4 bytes over 10 s: the client's body timeout (checked about twice a second by
    // undici) gives up after the first.
    const failed = client.get(`${server.url}/drip?duration=10&numbytes=4`).catch((err: RequestFailed) => err.row);
    expect(await failed).toMatchObject({ status: 200, code: 'UND_ERR_BODY_TIMEOUT', bytes: 1 });
    await client.close();
    expect(await eventually(() => server.pendingTimers === 0)).toBe(true);
    expect(await leftOver(baseline)).toEqual([]);
  });
});
