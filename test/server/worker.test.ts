import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ServerOptions } from '../../src/server/server.js';
import { startServer } from '../../src/server/server.js';
import { startServerWorker as startFromSources, type WorkerServerHandle } from '../../src/server/start-worker.js';
import { leftOver, resources, testClient } from '../helpers/http.js';

// The installed CLI loads the worker from dist/ (`npm test` builds first): test that
// path on the compiled files themselves, not only the TypeScript fallback.
const compiled = new URL('../../dist/server/start-worker.js', import.meta.url);

async function loadCompiled(): Promise<(options?: ServerOptions) => Promise<WorkerServerHandle>> {
  expect(existsSync(compiled), 'dist/ is missing: run `npm run build` first').toBe(true);
  const module = (await import(/* @vite-ignore */ compiled.href)) as { startServerWorker: typeof startFromSources };
  return module.startServerWorker;
}

describe('startServerWorker', () => {
  it.each([
    ['compiled (dist/worker.js)', loadCompiled],
    ['from sources (tsx)', () => Promise.resolve(startFromSources)],
  ])('%s: serves, and close() ends the thread, leaving no handle', async (_, load) => {
    const startServerWorker = await load();
    const baseline = resources();
    const server = await startServerWorker({ port: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const http = testClient(server.url);
    const res = await http.get('/delay/0.05');
    expect(res.status).toBe(200);
    expect(res.headers['server-timing']).toContain('dur=50;');
    expect((await http.get('/delay/abc')).status).toBe(400);
    await http.close();
    // close() waits for the thread's exit and would terminate it after 2 s: it must not
    // have had to (the worker had nothing left and ended by itself). Asked of the handle,
    // not of the clock: on a busy machine a thread can take 1.5 s to wind down.
    await server.close();
    expect(server.terminated).toBe(false);
    await server.close();
    expect(await leftOver(baseline)).toEqual([]);
  });

  it('rejects with the listen error (EADDRINUSE) and ends the thread', async () => {
    const startServerWorker = await loadCompiled();
    const taken = await startServer({ port: 0 });
    const baseline = resources();
    const port = Number(new URL(taken.url).port);
    await expect(startServerWorker({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(await leftOver(baseline)).toEqual([]);
    await taken.close();
  });

  it('closes with delays in flight within the grace period', async () => {
    const startServerWorker = await loadCompiled();
    const baseline = resources();
    const server = await startServerWorker({ port: 0, graceMs: 200 });
    const http = testClient(server.url);
    const pending = Array.from({ length: 50 }, () => http.get('/delay/10').then(() => 'answered', () => 'cut'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const start = performance.now();
    await server.close();
    expect(performance.now() - start).toBeLessThan(2000);
    expect(new Set(await Promise.all(pending))).toEqual(new Set(['cut']));
    await http.close();
    expect(await leftOver(baseline)).toEqual([]);
  });
});
