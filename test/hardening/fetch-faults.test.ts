// fetch-all against every /fault/ path of the embedded server (and a closed port), in a
// child process on the compiled dist/: each failure is a row with its error code and a
// line on stderr, the exit code is 1, and nothing is unhandled or left running.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults } from '../../src/server/faults.js';
import { startServer, type LocalServerHandle } from '../../src/server/server.js';
import { eventually } from '../helpers/http.js';
import { CRASH_MARKERS, pendingWork, spawnProbed } from './probe.js';

/**
 * What each fault gives the client (reliability_anchors §2; src/server/faults.ts), and
 * how many requests to send: one per variant for the timeouts, several at once for the
 * rest.
 */
const EXPECTED: Readonly<Record<string, { path?: string; code: string | null; count: number }>> = {
  reset: { code: 'ECONNRESET', count: 3 },
  drop: { code: 'UND_ERR_SOCKET', count: 3 },
  'close-mid-body': { code: 'UND_ERR_SOCKET', count: 3 },
  'stall-body': { code: 'UND_ERR_BODY_TIMEOUT', count: 1 },
  hang: { code: 'UND_ERR_HEADERS_TIMEOUT', count: 1 },
  'slow-headers': { path: 'slow-headers/5', code: 'UND_ERR_HEADERS_TIMEOUT', count: 1 },
  'redirect-loop': { code: 'ERR_TOO_MANY_REDIRECTS', count: 3 },
  'connection-close': { code: null, count: 3 },
};

interface Report {
  interrupted: boolean;
  variants: {
    name: string;
    error?: unknown;
    spans: { outcome: string; error?: string }[];
    details: { http: { count: number; failed: number; errors: { code: string; count: number }[]; requests: { url: string; code?: string; status?: number }[] } };
  }[];
}

let server: LocalServerHandle;
let closedPort: number;

beforeAll(async () => {
  server = await startServer({ port: 0 });
  // A port that was just free: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  // The server forgot every timer of the requests the clients gave up on.
  expect(await eventually(() => server.pendingTimers === 0)).toBe(true);
  await server.close();
});

const VARIANTS = ['sequential', 'concurrent', 'limited'];

/**
 * 2 s where the timeout is what is tested (slow-headers answers at 5 s, stall-body and
 * hang never finish), 10 s elsewhere: the timeout is exact now, and on a busy machine a
 * healthy local request took over 300 ms to send its headers.
 */
const timeoutFor = (code: string | null): string => (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' ? '2s' : '10s');

async function fetchAll(url: string, count: number, json = true, timeout = '10s') {
  const args = ['fetch-all', '--url', url, '--count', String(count), '--timeout', timeout];
  return spawnProbed(json ? [...args, '--json'] : args).exit;
}

describe('fault table', () => {
  it('names every fault the server has', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(faults).sort());
  });
});

describe.concurrent('fetch-all against each fault (spawned)', () => {
  it.each(Object.entries(EXPECTED))('/fault/%s', async (name, { path, code, count }) => {
    const url = `${server.url}/fault/${path ?? name}`;
    const r = await fetchAll(url, count, true, timeoutFor(code));
    expect(r.stderr).not.toMatch(CRASH_MARKERS);
    expect(r.signal).toBeNull();
    expect(r.probe?.exitCalled).toBeNull();
    expect(pendingWork(r.probe!.active)).toEqual([]);

    const report = JSON.parse(r.stdout) as Report;
    expect(report.interrupted).toBe(false);
    expect(report.variants.map((v) => v.name)).toEqual(VARIANTS);
    for (const v of report.variants) {
      // A failed request is a row of the report, never the variant's failure.
      expect(v.error).toBeUndefined();
      expect(v.details.http.count).toBe(count);
      if (code === null) {
        expect(v.details.http.errors).toEqual([]);
        expect(v.details.http.requests.map((q) => q.status)).toEqual(Array<number>(count).fill(200));
      } else {
        expect(v.details.http.errors).toMatchObject([{ code, count }]);
        expect(v.details.http.requests).toMatchObject(Array<unknown>(count).fill({ url, code }));
        expect(v.spans.map((s) => [s.outcome, s.error])).toEqual(Array<unknown>(count).fill(['error', `GET ${url} failed: ${code}`]));
      }
    }

    if (code === null) {
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
    } else {
      // The documented exit code, after the whole report, and one line per error code.
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(`^asyncdemo: ${code}: ${3 * count} requests failed \\(sequential, concurrent, limited\\), e\\.g\\. GET ${url.replaceAll('.', '\\.')}: [^\\n]+\\n$`),
      );
    }
  });

  it('a closed port: ECONNREFUSED rows, the hint to run `asyncdemo serve`, exit 1', async () => {
    const url = `http://127.0.0.1:${closedPort}/get`;
    const r = await fetchAll(url, 3);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^asyncdemo: ECONNREFUSED: 9 requests failed \(sequential, concurrent, limited\), e\.g\. GET .*'asyncdemo serve'[^\n]*\n$/);
    const report = JSON.parse(r.stdout) as Report;
    for (const v of report.variants) expect(v.details.http.errors).toMatchObject([{ code: 'ECONNREFUSED', count: 3 }]);
    expect(r.probe?.exitCalled).toBeNull();
  });

  it('the human report shows each failed request as a row with its error code', async () => {
    const url = `${server.url}/fault/reset`;
    const r = await fetchAll(url, 2, false);
    expect(r.code).toBe(1);
    const rows = r.stdout.split('\n').filter((l) => l.includes(`${url} `) && l.includes('ECONNRESET'));
    expect(rows).toHaveLength(6);
    expect(r.stdout).toContain('Errors: ECONNRESET ×2');
    expect(r.stderr).toMatch(/^asyncdemo: ECONNRESET: 6 requests failed/);
  });
});
