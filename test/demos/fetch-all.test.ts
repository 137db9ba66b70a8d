import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDemoParams, type DemoParamsInput } from '../../src/cli/options.js';
import type { Measurement } from '../../src/core/measure.js';
import { fetchAllDemo } from '../../src/demos/fetch-all.js';
import type { HttpDetail } from '../../src/demos/http/detail.js';
import { UsageError, type DemoParams } from '../../src/demos/types.js';
import { startServer, type LocalServerHandle } from '../../src/server/server.js';
import { closedPort, leftOver, resources } from '../helpers/http.js';
import { runPlan } from '../helpers/run-plan.js';

const signal = new AbortController().signal;

/** fetch-all's params as the CLI resolves them, bounded at 10 in flight unless `over` says otherwise. */
function params(over: Partial<DemoParamsInput> = {}): DemoParams {
  return resolveDemoParams(fetchAllDemo, { signal, ...over, options: { concurrency: 10, ...over.options } });
}

function http(m: Measurement, variant: string): HttpDetail {
  return m.variants.find((v) => v.name === variant)!.details!.http as HttpDetail;
}

// A server that only counts: proof that a rejected plan sent nothing.
let counter: Server;
let counterUrl: string;
let hits = 0;
let server: LocalServerHandle;

beforeAll(async () => {
  counter = createServer((_, res) => {
    hits++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
  counterUrl = `http://127.0.0.1:${(counter.address() as AddressInfo).port}/`;
  server = await startServer({ port: 0 });
});

afterAll(async () => {
  counter.closeAllConnections();
  await new Promise((resolve) => counter.close(resolve));
  await server.close();
});

describe('fetch-all plan: bad input is a usage error before any request', () => {
  // COUNTER stands for the counting server's URL, known only once it listens.
  it.each([
    [['COUNTER', 'ftp://x/'], undefined, "option '--url <url>' argument 'ftp://x/' is invalid. Only http and https URLs are supported."],
    [['http://user:pw@127.0.0.1/'], undefined, 'Embedded credentials are not allowed'],
    [['COUNTER', 'nope'], undefined, 'Not a valid absolute URL'],
    [['COUNTER'], '/nonexistent/urls.txt', "'/nonexistent/urls.txt' cannot be read: ENOENT"],
  ])('--url %j --urls-file %j', async (urls, urlsFile, message) => {
    const url = urls.map((u) => (u === 'COUNTER' ? counterUrl : u));
    const error = await Promise.resolve(fetchAllDemo.plan(params({ options: { url, urlsFile } }))).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(message);
    expect(hits).toBe(0);
  });

  it('--delay with --url is a usage error: the servers decide', async () => {
    await expect(Promise.resolve(fetchAllDemo.plan(params({ delayMs: 500, options: { url: [counterUrl] } })))).rejects.toThrow(
      /--delay.*built-in server/,
    );
  });

  it('a delay past the built-in server’s 10 s is a usage error, and no server is started', async () => {
    const baseline = resources();
    await expect(Promise.resolve(fetchAllDemo.plan(params({ delayMs: 6000, scale: 2 })))).rejects.toThrow(/up to 10 s.*12 s/);
    expect(await leftOver(baseline)).toEqual([]);
  });
});

describe('fetch-all against the built-in server (real time, short delays)', () => {
  it('sequential ≈ n·d, concurrent ≈ d, limited ≈ ⌈n/c⌉·d; every request a 200 row; nothing left behind', async () => {
    const baseline = resources();
    const plan = await fetchAllDemo.plan(params({ scale: 0.2, count: 4, options: { concurrency: 2 } }));
    expect(plan.headline).toBe('concurrent');
    expect(plan.params).toMatchObject({ source: 'embedded', delayMs: 200, count: 4, concurrency: 2, timeoutMs: 30_000 });
    expect(plan.idealFrom).toBe('plan');
    expect(plan.params.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/delay\/0\.2$/);
    expect(plan.variants.map((v) => [v.name, v.plannedMs])).toEqual([
      ['sequential', 800],
      ['concurrent', 200],
      ['limited', 400],
    ]);

    const m = await runPlan(plan);
    const [sequential, concurrent, limited] = m.variants.map((v) => v.ms!.median);
    expect(sequential).toBeGreaterThanOrEqual(700);
    expect(concurrent).toBeGreaterThanOrEqual(170);
    expect(limited).toBeGreaterThanOrEqual(340);
    const speedup = (name: string) => m.speedups.find((s) => s.variant === name)!;
    expect(speedup('concurrent')).toMatchObject({ ideal: 4 });
    // 200 ms requests, and thresholds that tell concurrent from sequential with 200 ms to
    // spare on a busy machine: concurrent under 400 ms (ideal 200), limited under 615 ms (ideal 400).
    expect(speedup('concurrent').value).toBeGreaterThan(2);
    expect(speedup('limited')).toMatchObject({ ideal: 2 });
    expect(speedup('limited').value).toBeGreaterThan(1.3);

    for (const name of ['sequential', 'concurrent', 'limited']) {
      const d = http(m, name);
      expect(d).toMatchObject({ count: 4, responses: 4, failed: 0, status: { '200': 4 }, errors: [] });
      expect(d.requests).toHaveLength(4);
      expect(d.requests.every((r) => r.status === 200 && r.bytes > 100 && r.ms >= 170)).toBe(true);
      expect(d.latencyMs!.p50).toBeGreaterThanOrEqual(170);
      expect(d.reqPerSec).toBeGreaterThan(0);
      const v = m.variants.find((x) => x.name === name)!;
      expect(v.spans.map((s) => [s.task, s.outcome])).toEqual(Array(4).fill(['GET /delay/0.2', 'ok']));
      expect(v.narration.filter((n) => n.text.endsWith('/delay/0.2: 200'))).toHaveLength(4);
    }
    // The shape of each variant: one lane, four lanes at once, two lanes.
    const lanes = (name: string) => new Set(m.variants.find((v) => v.name === name)!.spans.map((s) => s.lane)).size;
    expect([lanes('sequential'), lanes('concurrent'), lanes('limited')]).toEqual([1, 4, 2]);
    expect(plan.failures!(m)).toEqual([]);
    expect(await leftOver(baseline)).toEqual([]);
  });

  it('concurrent pools at most 100 connections, as aiohttp does: 120 × 100 ms take two rounds', async () => {
    const plan = await fetchAllDemo.plan(params({ scale: 0.1, count: 120, options: { concurrency: 60 } }));
    expect(plan.variants.map((v) => v.plannedMs)).toEqual([12_000, 200, 200]);
    expect(plan.variants[1]!.summary).toContain('the pool runs 100 at a time');
    const m = await runPlan(plan, ['concurrent']);
    expect(m.variants[0]!.ms!.median).toBeGreaterThanOrEqual(170);
    expect(http(m, 'concurrent')).toMatchObject({ count: 120, responses: 120 });
    // Every task starts at once, and the 20 past the pool are drawn waiting until a
    // connection is free (they were drawn running from the start, on 120 lanes).
    const spans = m.variants[0]!.spans;
    expect(spans.every((s) => s.start < 50)).toBe(true);
    expect(spans.slice(0, 100).every((s) => s.running! - s.start < 20)).toBe(true);
    expect(spans.slice(100).every((s) => s.running! - s.start >= 70 && s.end - s.running! >= 70)).toBe(true);
    expect(new Set(spans.map((s) => s.lane)).size).toBe(100);
  });

  it('/delay/0 has no wait to plan: the ideal is measured (one unit per request until a sequential run)', async () => {
    const plan = await fetchAllDemo.plan(params({ scale: 0, count: 6, options: { concurrency: 4 } }));
    expect(plan.idealFrom).toBe('measured');
    expect(plan.variants.map((v) => v.plannedMs)).toEqual([6, 1, 2]);
    const m = await runPlan(plan, ['concurrent']);
    expect(http(m, 'concurrent')).toMatchObject({ count: 6, responses: 6 });
  });
});

describe('fetch-all with --url', () => {
  it('a refused connection is an error row beside the 200 row, and a failure line (exit 1)', async () => {
    const refused = `http://127.0.0.1:${await closedPort()}/`;
    const ok = `${server.url}/get`;
    const plan = await fetchAllDemo.plan(params({ options: { url: [refused, ok] } }));
    expect(plan.params).toMatchObject({ source: 'url', urls: [refused, ok], urlCount: 2, count: 2 });
    expect(plan.variants.map((v) => v.plannedMs)).toEqual([2, 1, 1]);
    const m = await runPlan(plan);
    for (const v of m.variants) {
      const d = v.details!.http as HttpDetail;
      expect(d).toMatchObject({ count: 2, responses: 1, failed: 1, status: { '200': 1 } });
      expect(d.errors).toMatchObject([{ code: 'ECONNREFUSED', count: 1, url: refused }]);
      expect(d.requests).toMatchObject([
        { url: refused, code: 'ECONNREFUSED', bytes: 0 },
        { url: ok, status: 200 },
      ]);
      expect(d.requests[0]!.status).toBeUndefined();
      expect(v.spans.map((s) => [s.task, s.outcome])).toEqual([
        [`GET ${refused}`, 'error'],
        [`GET ${ok}`, 'ok'],
      ]);
      expect(v.error).toBeUndefined();
    }
    const lines = plan.failures!(m);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ECONNREFUSED: 3 requests failed \(sequential, concurrent, limited\), e\.g\. GET http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('no invented plan: the ideal comes from the measured sequential requests, and says so', async () => {
    const plan = await fetchAllDemo.plan(params({ count: 3, options: { url: [`${server.url}/delay/0.1`], concurrency: 2 } }));
    expect(plan.idealFrom).toBe('measured');
    expect(plan.warmUp).toBeTypeOf('function');
    await plan.warmUp!(signal);
    const m = await runPlan(plan);
    const times = m.variants[0]!.spans.map((s) => s.end - s.start);
    const [sequential, concurrent, limited] = m.variants.map((v) => v.plannedMs);
    // The request times as the run measured them (each ≥ the server's 100 ms), not units.
    expect(sequential).toBeGreaterThanOrEqual(300);
    expect(sequential).toBeCloseTo(times.reduce((a, b) => a + b, 0), -1);
    expect(concurrent).toBeCloseTo(Math.max(...times), -1);
    // Two workers: the first two at once, then the third after the shorter of them.
    expect(limited).toBeGreaterThan(concurrent!);
    expect(limited).toBeLessThan(sequential!);
  });

  it('an error status is an answer but not a success: its span fails, its row keeps the status', async () => {
    const m = await runPlan(await fetchAllDemo.plan(params({ count: 2, options: { url: [`${server.url}/status/500`] } })), ['sequential']);
    expect(m.variants[0]!.spans.map((s) => [s.outcome, s.error])).toEqual([
      ['error', 'HTTP 500'],
      ['error', 'HTTP 500'],
    ]);
    expect(http(m, 'sequential')).toMatchObject({ responses: 2, status: { '500': 2 } });
  });

  it('--count cycles through the URLs', async () => {
    const a = `${server.url}/get?a`;
    const b = `${server.url}/status/204`;
    const m = await runPlan(await fetchAllDemo.plan(params({ count: 5, options: { url: [a, b] } })), ['sequential']);
    const d = http(m, 'sequential');
    expect(d.requests.map((r) => r.url)).toEqual([a, b, a, b, a]);
    expect(d.status).toEqual({ '200': 3, '204': 2 });
  });

  it('--timeout bounds a server that never answers: UND_ERR_HEADERS_TIMEOUT rows', async () => {
    const plan = await fetchAllDemo.plan(params({ count: 3, options: { url: [`${server.url}/fault/hang`], timeout: 200 } }));
    const start = performance.now();
    const m = await runPlan(plan, ['concurrent']);
    expect(performance.now() - start).toBeLessThan(5000);
    expect(http(m, 'concurrent').errors).toMatchObject([{ code: 'UND_ERR_HEADERS_TIMEOUT', count: 3 }]);
    expect(plan.failures!(m)[0]).toMatch(/^UND_ERR_HEADERS_TIMEOUT: 3 requests failed \(concurrent\).*no response headers within --timeout/);
  });

  it('more than 20 requests: 20 rows, narration off, statistics over all of them', async () => {
    const m = await runPlan(await fetchAllDemo.plan(params({ count: 45, options: { url: [`${server.url}/get`], concurrency: 5 } })), [
      'limited',
    ]);
    const v = m.variants[0]!;
    const d = v.details!.http as HttpDetail;
    expect(d).toMatchObject({ count: 45, responses: 45, status: { '200': 45 } });
    expect(d.requests).toHaveLength(20);
    expect(v.narration.map((n) => n.text)).toEqual(['(narration off for 45 requests)']);
    expect(new Set(v.spans.map((s) => s.lane)).size).toBeLessThanOrEqual(5);
  });
});

describe('fetch-all interrupted', () => {
  it('Ctrl-C cancels the requests in flight at once: cancelled spans, no failure rows, no handle left', async () => {
    const baseline = resources();
    const plan = await fetchAllDemo.plan(params({ count: 6, options: { url: [`${server.url}/delay/5`], concurrency: 2 } }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const start = performance.now();
    const m = await runPlan(plan, ['limited'], controller.signal);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(m.interrupted).toBe(true);
    const v = m.variants[0]!;
    expect(v.spans.map((s) => s.outcome)).toEqual(['cancelled', 'cancelled']);
    expect(v.details!.http).toMatchObject({ count: 0, failed: 0, cancelled: 6 });
    expect(plan.failures!(m)).toEqual([]);
    expect(await leftOver(baseline)).toEqual([]);
  });

  it('concurrent: the requests in flight end cancelled, those still waiting for a connection end cancelled without running', async () => {
    const baseline = resources();
    // One more than the pool of 100: the last waits for a connection.
    const plan = await fetchAllDemo.plan(params({ count: 101, options: { url: [`${server.url}/delay/5`] } }));
    const controller = new AbortController();
    const m = await (async () => {
      const measured = runPlan(plan, ['concurrent'], controller.signal);
      for (let i = 0; i < 500 && server.pendingTimers < 100; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      controller.abort(new Error('SIGINT'));
      return measured;
    })();
    expect(m.interrupted).toBe(true);
    const v = m.variants[0]!;
    expect(v.error).toBeUndefined();
    expect(v.spans.map((s) => s.outcome)).toEqual(Array(101).fill('cancelled'));
    expect(v.spans.slice(0, 100).every((s) => s.running! - s.start < 20 && s.end > s.running!)).toBe(true);
    const waited = v.spans[100]!;
    expect(waited.running).toBe(waited.end); // never ran
    expect(waited.end).toBeGreaterThan(waited.start);
    expect(v.details!.http).toMatchObject({ count: 0, failed: 0, cancelled: 101, inFlight: 100, errors: [] });
    expect(plan.failures!(m)).toEqual([]);
    expect(await leftOver(baseline)).toEqual([]);
  });
});
