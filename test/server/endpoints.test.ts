import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type LocalServerHandle } from '../../src/server/server.js';
import { testClient } from '../helpers/http.js';

let server: LocalServerHandle;
let http: ReturnType<typeof testClient>;

beforeAll(async () => {
  server = await startServer({ port: 0 });
  http = testClient(server.url);
});

afterAll(async () => {
  await http.close();
  await server.close();
});

interface ErrorBody {
  status_code: number;
  error: string;
  detail: string;
}

/** Every error is go-httpbin's JSON shape, and the server keeps serving afterwards. */
async function expectError(path: string, status: number, detail: RegExp, method?: 'POST' | 'DELETE'): Promise<void> {
  const res = await http.get(path, method === undefined ? {} : { method });
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/json');
  const body = res.json<ErrorBody>();
  expect(body).toMatchObject({ status_code: status });
  expect(body.detail).toMatch(detail);
  expect((await http.get('/get')).status).toBe(200);
}

describe('the test server', () => {
  it('binds 127.0.0.1 on a free port by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });

  it('lists its endpoints at /', async () => {
    const res = await http.get('/');
    expect(res.status).toBe(200);
    const { endpoints } = res.json<{ endpoints: string[] }>();
    for (const path of ['/delay/', '/status/', '/get', '/bytes/', '/drip', '/stream/', '/fault/reset', '/fault/hang']) {
      expect(endpoints.some((e) => e.startsWith(path))).toBe(true);
    }
  });
});

describe('/get', () => {
  it("echoes the request as httpbin does: args (repeats as arrays), Title-Case headers, origin, url", async () => {
    const res = await http.get('/get?a=1&a=2&b=x');
    expect(res.status).toBe(200);
    const body = res.json<{ args: unknown; headers: Record<string, string>; origin: string; url: string }>();
    expect(body.args).toEqual({ a: ['1', '2'], b: 'x' });
    expect(body.headers.Host).toBe(server.url.slice('http://'.length));
    expect(body.origin).toBe('127.0.0.1');
    expect(body.url).toBe(`${server.url}/get?a=1&a=2&b=x`);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await http.get('/get', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(0);
    expect(res.body.length).toBe(0);
  });
});

describe('/delay/:seconds', () => {
  it('answers after the delay with the echo and a Server-Timing header', async () => {
    const res = await http.get('/delay/0.1?x=1');
    expect(res.status).toBe(200);
    expect(res.ms).toBeGreaterThanOrEqual(80);
    expect(res.ms).toBeLessThan(2000);
    expect(res.headers['server-timing']).toBe('initial_delay;dur=100;desc="initial delay"');
    expect(res.json()).toMatchObject({ args: { x: '1' }, url: `${server.url}/delay/0.1?x=1`, origin: '127.0.0.1' });
  });

  it('takes go-httpbin durations too, and 0 answers at once', async () => {
    expect((await http.get('/delay/50ms')).headers['server-timing']).toContain('dur=50;');
    const zero = await http.get('/delay/0');
    expect(zero.status).toBe(200);
    expect(zero.headers['server-timing']).toContain('dur=0;');
  });

  it.each(['-1', 'nan', 'Infinity', '1e3', '0x10', '', '11', '%ZZ', 'abc', '10.5'])(
    'rejects /delay/%s with a 400 JSON error and keeps serving',
    async (bad) => {
      await expectError(`/delay/${bad}`, 400, bad === '%ZZ' ? /percent-encoding/ : /delay must be 0 to 10 seconds/);
    },
  );
});

describe('/status/:codes', () => {
  it('answers with the code and an empty body', async () => {
    const res = await http.get('/status/418');
    expect(res.status).toBe(418);
    expect(res.body.length).toBe(0);
    expect((await http.get('/status/204')).status).toBe(204);
  });

  it('points a 3xx at /get', async () => {
    const res = await http.get('/status/302');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/get');
  });

  it('picks from a weighted list, never a zero-weight code', async () => {
    for (let i = 0; i < 20; i++) expect((await http.get('/status/200:0,500:1')).status).toBe(500);
    const seen = new Set<number>();
    for (let i = 0; i < 60; i++) seen.add((await http.get('/status/200,503')).status);
    expect([...seen].sort()).toEqual([200, 503]);
  });

  it.each(['abc', '99', '600', '200:-1', '200:0,500:0', '%ZZ'])('rejects /status/%s with 400', async (bad) => {
    await expectError(`/status/${bad}`, 400, /./);
  });
});

describe('/bytes/:n', () => {
  it('sends n bytes, reproducible with ?seed=', async () => {
    const a = await http.get('/bytes/64?seed=7');
    const b = await http.get('/bytes/64?seed=7');
    const c = await http.get('/bytes/64?seed=8');
    expect(a.body.length).toBe(64);
    expect(a.headers['content-type']).toBe('application/octet-stream');
    expect(a.body.equals(b.body)).toBe(true);
    expect(a.body.equals(c.body)).toBe(false);
    expect((await http.get('/bytes/0')).body.length).toBe(0);
  });

  it('goes up to 1 MiB and no further', async () => {
    expect((await http.get('/bytes/1048576')).body.length).toBe(1048576);
    await expectError('/bytes/1048577', 400, /n must be an integer from 0 to 1048576/);
  });

  it.each(['-1', '1.5', '0x10', 'abc'])('rejects /bytes/%s with 400', async (bad) => {
    await expectError(`/bytes/${bad}`, 400, /n must be an integer/);
  });

  it('rejects a bad seed with 400', async () => {
    await expectError('/bytes/8?seed=abc', 400, /seed/);
  });
});

describe('/drip', () => {
  it('sends numbytes asterisks spread over the duration, after the delay, with the code', async () => {
    const res = await http.get('/drip?duration=0.2&numbytes=5&delay=0.1&code=201');
    expect(res.status).toBe(201);
    expect(res.text()).toBe('*****');
    expect(res.headers['content-length']).toBe('5');
    // Loose: Node schedules timers from the loop's cached time, which can lag real time.
    expect(res.ms).toBeGreaterThanOrEqual(240);
    expect(res.ms).toBeLessThan(3000);
  });

  it('sends a large body in a bounded number of writes', async () => {
    const res = await http.get('/drip?duration=0&numbytes=1048576');
    expect(res.body.length).toBe(1048576);
    expect(res.body.every((b) => b === 42)).toBe(true);
  });

  it.each([
    ['numbytes=0', /numbytes/],
    ['numbytes=1048577', /numbytes/],
    ['duration=6&delay=5', /duration \+ delay/],
    ['duration=-1', /duration/],
    ['delay=nan', /delay/],
    ['code=99', /code/],
  ])('rejects /drip?%s with 400', async (query, detail) => {
    await expectError(`/drip?${query}`, 400, detail);
  });
});

describe('/stream/:n', () => {
  it('sends n JSON lines with ids', async () => {
    const res = await http.get('/stream/3');
    const lines = res.text().trimEnd().split('\n').map((l) => JSON.parse(l) as { id: number; url: string });
    expect(lines.map((l) => l.id)).toEqual([0, 1, 2]);
    expect(lines[0]!.url).toBe(`${server.url}/stream/3`);
    expect((await http.get('/stream/0')).body.length).toBe(0);
    expect((await http.get('/stream/100')).text().trimEnd().split('\n')).toHaveLength(100);
  });

  it('rejects more than 100 lines with 400', async () => {
    await expectError('/stream/101', 400, /from 0 to 100/);
  });
});

describe('routing errors', () => {
  it.each(['/nope', '/delay', '/delay/1/2', '/get/extra', '/fault/nope', '/fault/constructor', '/constructor', '/__proto__'])(
    '404 for %s',
    async (path) => {
      await expectError(path, 404, /no such path/);
    },
  );

  it('405 with Allow for a method other than GET or HEAD', async () => {
    await expectError('/get', 405, /method POST not allowed/, 'POST');
    const res = await http.get('/delay/0', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('400 for path traversal and 414 for an over-long target', async () => {
    await expectError('/delay/%2E%2E', 400, /traversal/);
    await expectError(`/get?x=${'a'.repeat(2100)}`, 414, /longer than 2048/);
  });
});
