// fetch-all as issue 17 (item 3) found it: a late --timeout, Ctrl-C reported as a
// failure, URLs split at commas, a stack overflow on long lists, redirects followed
// anywhere, and a default bound that equalled the count.
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDemoParams, type DemoParamsInput } from '../../src/cli/options.js';
import type { Measurement } from '../../src/core/measure.js';
import { fetchAllDemo } from '../../src/demos/fetch-all.js';
import { createClient, RequestFailed } from '../../src/demos/http/client.js';
import type { HttpDetail } from '../../src/demos/http/detail.js';
import type { DemoParams } from '../../src/demos/types.js';
import { startServer, type LocalServerHandle } from '../../src/server/server.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { leftOver, resources } from '../helpers/http.js';
import { runPlan } from '../helpers/run-plan.js';
import { runBin } from '../helpers/spawn-bin.js';

const signal = new AbortController().signal;

/** fetch-all's params as the CLI resolves them. */
function params(over: Partial<DemoParamsInput> = {}): DemoParams {
  return resolveDemoParams(fetchAllDemo, { signal, ...over });
}

const http = (m: Measurement, variant: string): HttpDetail => m.variants.find((v) => v.name === variant)!.details!.http as HttpDetail;

let server: LocalServerHandle;
/** Redirects to whatever `?to=` says, so a test can send a hop anywhere. */
let redirector: Server;
let redirectorUrl: string;
let dir: string;

beforeAll(async () => {
  server = await startServer({ port: 0 });
  redirector = createServer((req, res) => {
    const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to') ?? '/';
    res.writeHead(302, { location: to, 'content-length': 0 });
    res.end();
  });
  await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'asyncdemo-fetch-field-'));
});

afterAll(async () => {
  redirector.closeAllConnections();
  await new Promise((resolve) => redirector.close(resolve));
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('--timeout is as exact as a sleep', () => {
  it('on the run clock: a hanging request fails exactly at the timeout, not at the next coarse tick', async () => {
    const clock = new FakeClock();
    const client = createClient({ connections: 1, timeoutMs: 500, now: () => clock.now(), sleep: (ms, s) => clock.sleep(ms, s) });
    const outcome = client.get(`${server.url}/fault/hang`).then(
      () => 'answered',
      (err: RequestFailed) => err.row,
    );
    // The request is sent on the real event loop; the fake clock alone decides when it times out.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await clock.advance(499);
    await new Promise((resolve) => setTimeout(resolve, 50));
    let settled = false;
    void outcome.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    await clock.advance(1);
    expect(await outcome).toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT', ms: 500 });
    await client.close();
  });

  it('on the run clock: each request times out at its own deadline, whichever is first in flight', async () => {
    // One sleep per client watches every request: it must re-arm for the next deadline.
    const clock = new FakeClock();
    const client = createClient({ connections: 2, timeoutMs: 500, now: () => clock.now(), sleep: (ms, s) => clock.sleep(ms, s) });
    const settledAt: Record<string, number> = {};
    const get = (name: string) =>
      client.get(`${server.url}/fault/hang`).then(
        () => 'answered',
        (err: RequestFailed) => ((settledAt[name] = clock.now()), err.row),
      );
    const a = get('a');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await clock.advance(200);
    const b = get('b');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await clock.advance(300); // 500: a's deadline
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settledAt).toEqual({ a: 500 });
    await clock.advance(199);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settledAt).toEqual({ a: 500 });
    await clock.advance(1); // 700: b's
    expect(await a).toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT', ms: 500 });
    expect(await b).toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT', ms: 500 });
    expect(settledAt).toEqual({ a: 500, b: 700 });
    await client.close();
    expect(clock.pendingTimers).toBe(0);
  });

  it('on the run clock: a request that makes progress moves behind the others, whose deadlines come first', async () => {
    // A server that answers only when told to: `parked` holds the responses.
    const parked: ServerResponse[] = [];
    const manual = createServer((_, res) => void parked.push(res));
    await new Promise<void>((resolve) => manual.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(manual.address() as AddressInfo).port}`;
    const clock = new FakeClock();
    const client = createClient({ connections: 2, timeoutMs: 500, now: () => clock.now(), sleep: (ms, s) => clock.sleep(ms, s) });
    const settledAt: Record<string, number> = {};
    const get = (name: string) =>
      client.get(`${origin}/${name}`).then(
        () => 'answered',
        (err: RequestFailed) => ((settledAt[name] = clock.now()), err.row),
      );
    const tick = () => new Promise((resolve) => setTimeout(resolve, 50));
    const a = get('a');
    await tick();
    await clock.advance(100);
    const b = get('b');
    await tick();
    await clock.advance(200);
    // At 300, a's headers and a first chunk: its deadline moves to 800, after b's 600.
    parked[0]!.writeHead(200, { 'content-type': 'text/plain' });
    parked[0]!.write('x');
    await tick();
    await clock.advance(200); // 500: a's first deadline, gone
    await tick();
    expect(settledAt).toEqual({});
    await clock.advance(100); // 600: b's
    await tick();
    expect(settledAt).toEqual({ b: 600 });
    await clock.advance(200); // 800: a's, 500 after its chunk
    expect(await b).toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT', ms: 500 });
    expect(await a).toMatchObject({ code: 'UND_ERR_BODY_TIMEOUT', status: 200, bytes: 1, ms: 800 });
    expect(settledAt).toEqual({ a: 800, b: 600 });
    await client.close();
    manual.closeAllConnections();
    await new Promise((resolve) => manual.close(resolve));
  });

  it('in real time: --timeout 500ms fails a hanging request after 500 ms and well before a second (1009 ms before)', async () => {
    const plan = await fetchAllDemo.plan(params({ count: 1, options: { url: [`${server.url}/fault/hang`], timeout: 500 } }));
    const m = await runPlan(plan, ['sequential']);
    const row = http(m, 'sequential').requests[0]!;
    expect(row.code).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(row.ms).toBeGreaterThanOrEqual(499);
    expect(row.ms).toBeLessThan(900);
  });

  it('a body that stalls fails --timeout after its last chunk (UND_ERR_BODY_TIMEOUT)', async () => {
    const plan = await fetchAllDemo.plan(params({ count: 1, options: { url: [`${server.url}/drip?duration=10&numbytes=2`], timeout: 300 } }));
    const m = await runPlan(plan, ['sequential']);
    const row = http(m, 'sequential').requests[0]!;
    expect(row).toMatchObject({ status: 200, code: 'UND_ERR_BODY_TIMEOUT', bytes: 1 });
    expect(row.ms).toBeLessThan(3000); // 300 ms after the first byte; the drip would take 10 s
  });
});

describe('Ctrl-C interrupts; it is not a failure', () => {
  it('in-flight requests are cancelled, the rest not sent, and no ClientDestroyedError', async () => {
    const baseline = resources();
    const plan = await fetchAllDemo.plan(params({ count: 6, options: { url: [`${server.url}/delay/5`], concurrency: 2 } }));
    const controller = new AbortController();
    const m = await (async () => {
      const measured = runPlan(plan, ['limited'], controller.signal);
      // Abort once both requests are in flight on the server.
      for (let i = 0; i < 500 && server.pendingTimers < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      controller.abort(new Error('SIGINT'));
      return measured;
    })();
    const v = m.variants[0]!;
    expect(v.error).toBeUndefined();
    expect(v.details!.http).toMatchObject({ count: 0, failed: 0, cancelled: 6, inFlight: 2, errors: [] });
    expect(plan.failures!(m)).toEqual([]);
    expect(await leftOver(baseline)).toEqual([]);
  });
});

describe('URLs and lists', () => {
  it('--url is never split at its commas (/status/200,500 is one URL)', async () => {
    const url = `${server.url}/status/200,500`;
    const r = await runBin(['fetch-all', '--url', url, '--json', '--variants', 'sequential', '--count', '1']);
    const doc = JSON.parse(r.stdout) as { params: { urls: string[] } };
    expect(doc.params.urls).toEqual([url]);
  });

  it('a list of 150 000 URLs plans (a spread push overflowed the stack from ~125 000 lines)', async () => {
    const path = join(dir, 'many.txt');
    await writeFile(path, Array.from({ length: 150_000 }, (_, i) => `${server.url}/get?i=${i}`).join('\n'));
    const plan = await fetchAllDemo.plan(params({ options: { urlsFile: path } }));
    // The default bound stops at 50: half of the list was 75 000 sockets opened at once.
    expect(plan.params).toMatchObject({ count: 150_000, urlCount: 150_000, concurrency: 50 });
    await plan.close?.();
  });

  it('the default bound is half the count, rounded up: 2 of the default 3, so limited differs from concurrent', async () => {
    const plan = await fetchAllDemo.plan(params({ scale: 0 }));
    expect(plan.params).toMatchObject({ count: 3, concurrency: 2 });
    expect(plan.variants.map((v) => v.summary).join('\n')).toContain('at most 2 at a time');
    await plan.close?.();
  });
});

describe('redirects: every hop checked like the first URL', () => {
  const fetchOne = async (url: string, options: Record<string, unknown> = {}) => {
    const plan = await fetchAllDemo.plan(params({ count: 1, options: { url: [url], ...options } }));
    return http(await runPlan(plan, ['sequential']), 'sequential').requests[0]!;
  };

  it('a followed redirect: the row names the final URL and the hops', async () => {
    const row = await fetchOne(`${redirectorUrl}/?to=${encodeURIComponent(`${server.url}/get?x=1`)}`);
    expect(row).toMatchObject({ status: 200, finalUrl: `${server.url}/get?x=1`, redirects: 1 });
  });

  it.each([
    ['ftp://127.0.0.1/x', /refused: only http and https/],
    ['http://user:secret@127.0.0.1:1/', /refused: embedded credentials/],
    ['file:///etc/passwd', /refused: only http and https/],
  ])('a hop to %s is refused (ERR_REDIRECT_REFUSED)', async (to, message) => {
    const row = await fetchOne(`${redirectorUrl}/?to=${encodeURIComponent(to)}`);
    expect(row.code).toBe('ERR_REDIRECT_REFUSED');
    expect(row.message).toMatch(message);
    expect(row.status).toBeUndefined();
  });

  it('--max-redirects caps the hops (0: none followed)', async () => {
    const to = `${server.url}/get`;
    expect(await fetchOne(`${redirectorUrl}/?to=${encodeURIComponent(to)}`, { maxRedirects: 0 })).toMatchObject({
      code: 'ERR_TOO_MANY_REDIRECTS',
      message: 'more than 0 redirects',
    });
    expect(await fetchOne(`${server.url}/fault/redirect-loop`, { maxRedirects: 3 })).toMatchObject({ code: 'ERR_TOO_MANY_REDIRECTS', redirects: 3 });
  });
});
