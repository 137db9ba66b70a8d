import { describe, expect, it } from 'vitest';
import { HttpRecorder, SHOWN_ROWS } from '../../../src/demos/http/detail.js';

describe('HttpRecorder', () => {
  it('sums responses and failures: req/s, nearest-rank percentiles, status and error counts', () => {
    const rec = new HttpRecorder(12);
    for (let i = 0; i < 10; i++) rec.add(i, { url: `http://a.test/${i}`, status: i < 8 ? 200 : 503, bytes: 100, ms: (i + 1) * 10 });
    rec.add(10, { url: 'http://127.0.0.1:1/', bytes: 0, ms: 1, code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    rec.add(11, { url: 'http://127.0.0.1:2/', bytes: 0, ms: 2, code: 'ECONNREFUSED', message: 'other' });
    const d = rec.detail(2000);
    expect(d).toMatchObject({ count: 12, responses: 10, failed: 2, cancelled: 0, elapsedMs: 2000, reqPerSec: 6, bytes: 1000 });
    // Latencies 10 … 100 ms of the responses only (failures are not latencies).
    expect(d.latencyMs).toEqual({ p50: 50, p90: 90, p99: 100, max: 100 });
    expect(d.status).toEqual({ '200': 8, '503': 2 });
    expect(d.errors).toEqual([{ code: 'ECONNREFUSED', count: 2, url: 'http://127.0.0.1:1/', message: 'connect ECONNREFUSED' }]);
    expect(d.requests.map((r) => r.url)).toEqual([...Array.from({ length: 10 }, (_, i) => `http://a.test/${i}`), 'http://127.0.0.1:1/', 'http://127.0.0.1:2/']);
  });

  it('keeps the first rows in input order whatever the completion order, and no more than 20', () => {
    const rec = new HttpRecorder(1000);
    for (let i = 999; i >= 0; i--) rec.add(i, { url: `u${i}`, status: 200, bytes: 0, ms: i });
    const d = rec.detail(100);
    expect(d.requests).toHaveLength(SHOWN_ROWS);
    expect(d.requests.map((r) => r.url)).toEqual(Array.from({ length: 20 }, (_, i) => `u${i}`));
    expect(d.latencyMs).toEqual({ p50: 499, p90: 899, p99: 989, max: 999 });
  });

  it('orders errors by count and reports what an interruption left unsent', () => {
    const rec = new HttpRecorder(5);
    rec.add(0, { url: 'a', bytes: 0, ms: 1, code: 'UND_ERR_SOCKET' });
    rec.add(1, { url: 'b', bytes: 0, ms: 1, code: 'ECONNRESET' });
    rec.add(2, { url: 'c', bytes: 0, ms: 1, code: 'ECONNRESET' });
    const d = rec.detail(0);
    expect(d.errors.map((e) => [e.code, e.count])).toEqual([
      ['ECONNRESET', 2],
      ['UND_ERR_SOCKET', 1],
    ]);
    expect(d).toMatchObject({ count: 3, cancelled: 2, latencyMs: null, reqPerSec: 0, status: {} });
  });
});
