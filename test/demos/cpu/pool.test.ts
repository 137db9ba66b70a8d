import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startPool, workerUrl, type CpuPool } from '../../../src/demos/cpu/pool.js';
import { spin } from '../../../src/demos/cpu/work.js';

// The worker runs compiled JavaScript from dist/: `npm test` builds first.
const pools: CpuPool[] = [];
async function pool(threads: number): Promise<CpuPool> {
  const p = await startPool({ threads, warmIterations: 10_000 });
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

const resources = (): string[] => process.getActiveResourcesInfo().filter((r) => r !== 'Timeout').sort();

describe('workerUrl', () => {
  it('points next to the compiled module, and from the TypeScript sources into dist/', () => {
    expect(workerUrl('file:///app/dist/demos/cpu/pool.js').href).toBe('file:///app/dist/demos/cpu/worker.js');
    expect(workerUrl('file:///app/src/demos/cpu/pool.ts').href).toBe('file:///app/dist/demos/cpu/worker.js');
    expect(fileURLToPath(workerUrl())).toMatch(/[/\\]dist[/\\]demos[/\\]cpu[/\\]worker\.js$/);
  });
});

describe('startPool', () => {
  it('starts and warms every thread, then runs the same hash as the main thread, in parallel', async () => {
    const p = await pool(2);
    expect(p.threads).toBe(2);
    expect(p.liveThreads).toBe(2);
    expect(p.startupMs).toBeGreaterThan(0);
    const results = await Promise.all([p.run(123_457), p.run(123_457)]);
    expect(results.map((r) => r.checksum)).toEqual([spin(123_457), spin(123_457)]);
    expect(new Set(results.map((r) => r.threadId)).size).toBe(2);
    expect(results.every((r) => r.ms > 0 && r.threadId > 0)).toBe(true);
  });

  it('tears down completely, even with a task running: no thread, no handle left', async () => {
    const baseline = resources();
    const p = await startPool({ threads: 2, warmIterations: 1000 });
    const running = p.run(1e12); // hours of work, unless the pool is closed
    running.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(resources()).not.toEqual(baseline); // a busy thread holds the loop open
    await p.close();
    await expect(running).rejects.toThrow(/Terminating worker thread/);
    expect(p.liveThreads).toBe(0);
    // piscina's destroy() resolves once the threads have exited; a thread's MessagePort
    // can close a turn of the loop later on a loaded machine (seen once at load 5 on 2
    // cores). What matters is that nothing is left to hold the process open.
    await vi.waitFor(() => expect(resources()).toEqual(baseline), { timeout: 2000, interval: 10 });
    await p.close(); // idempotent
    await expect(p.run(10)).rejects.toThrow('the cpu worker pool is already closed');
    expect(p.liveThreads).toBe(0);
  });

  it('rejects an aborted task with the signal’s reason and replaces the thread it terminated', async () => {
    const p = await pool(1);
    const controller = new AbortController();
    const reason = new Error('stop');
    const running = p.run(1e12, controller.signal);
    setTimeout(() => controller.abort(reason), 20);
    await expect(running).rejects.toBe(reason);
    await expect(p.run(10, controller.signal)).rejects.toBe(reason);
    expect((await p.run(10)).checksum).toBe(spin(10));
    await p.close();
    expect(p.liveThreads).toBe(0);
  });

  it('stops before spawning anything when the signal has already aborted, and explains a missing build', async () => {
    const controller = new AbortController();
    const reason = new Error('interrupted');
    controller.abort(reason);
    await expect(startPool({ threads: 1, warmIterations: 1, signal: controller.signal })).rejects.toBe(reason);
    const missing = new URL('file:///nowhere/asyncdemo/worker.js');
    await expect(startPool({ threads: 1, warmIterations: 1, workerUrl: missing })).rejects.toThrow(/npm run build/);
    await expect(startPool({ threads: 0, warmIterations: 1 })).rejects.toThrow(RangeError);
  });
});
