import { describe, expect, it } from 'vitest';
import { createClient, RequestFailed } from '../../src/demos/http/client.js';
import { startServer } from '../../src/server/server.js';
import { eventually, leftOver, resources, testClient } from '../helpers/http.js';

describe('startServer lifecycle', () => {
  it('closes within the grace period with 1000 delays in flight, and leaves no handle', async () => {
    const baseline = resources();
    const graceMs = 300;
    const server = await startServer({ port: 0, graceMs });
    const client = createClient({ connections: 1000, timeoutMs: 30_000, now: () => performance.now() });
    const rows = Array.from({ length: 1000 }, () =>
      client.get(`${server.url}/delay/10`).then(
        () => undefined,
        (err: RequestFailed) => err.row,
      ),
    );
    expect(await eventually(() => server.pendingTimers === 1000, 15_000)).toBe(true);

    const start = performance.now();
    await server.close();
    const took = performance.now() - start;
    expect(took).toBeGreaterThanOrEqual(graceMs - 50);
    expect(took).toBeLessThan(graceMs + 2000);
    expect(server.pendingTimers).toBe(0);

    const failed = await Promise.all(rows);
    expect(failed.every((row) => row?.code === 'UND_ERR_SOCKET')).toBe(true);
    await client.close();
    expect(await leftOver(baseline)).toEqual([]);
  });

  it('lets a request finish within the grace period, then closes without waiting it out', async () => {
    const baseline = resources();
    const server = await startServer({ port: 0, graceMs: 2000 });
    const http = testClient(server.url);
    const answer = http.get('/delay/0.2');
    expect(await eventually(() => server.pendingTimers === 1)).toBe(true);
    const start = performance.now();
    const closed = server.close();
    expect((await answer).status).toBe(200);
    await closed;
    expect(performance.now() - start).toBeLessThan(1500);
    const late = testClient(server.url);
    await expect(late.get('/get')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await late.close();
    await http.close();
    expect(await leftOver(baseline)).toEqual([]);
  });

  it('close() is idempotent and closes idle keep-alive connections at once', async () => {
    const baseline = resources();
    const server = await startServer({ port: 0, graceMs: 5000 });
    const http = testClient(server.url);
    expect((await http.get('/get')).status).toBe(200);
    const start = performance.now();
    const first = server.close();
    expect(server.close()).toBe(first);
    await first;
    expect(performance.now() - start).toBeLessThan(1000);
    await http.close();
    expect(await leftOver(baseline)).toEqual([]);
  });

  it('rejects with EADDRINUSE when the port is taken, leaving nothing behind', async () => {
    const server = await startServer({ port: 0 });
    const baseline = resources();
    const port = Number(new URL(server.url).port);
    await expect(startServer({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(await leftOver(baseline)).toEqual([]);
    await server.close();
  });

  it('answers 503 past its cap of pending delays, and keeps serving', async () => {
    const server = await startServer({ port: 0, maxPending: 2 });
    const http = testClient(server.url);
    const slow = [http.get('/delay/0.3'), http.get('/delay/0.3')];
    expect(await eventually(() => server.pendingTimers === 2)).toBe(true);
    const third = await http.get('/delay/0.3');
    expect(third.status).toBe(503);
    expect(third.headers['retry-after']).toBe('1');
    expect(third.json()).toMatchObject({ status_code: 503 });
    expect((await http.get('/get')).status).toBe(200);
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual([200, 200]);
    await http.close();
    await server.close();
  });
});
