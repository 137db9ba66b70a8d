import { describe, expect, it } from 'vitest';
import { detailRenderers } from '../../../src/cli/render/details.js';
import { formatBytes, renderHttpDetail } from '../../../src/cli/render/http.js';
import { HttpRecorder, type HttpDetail } from '../../../src/demos/http/detail.js';
import { ascii, colour, plain } from './fixtures.js';

function detail(): HttpDetail {
  const rec = new HttpRecorder(3);
  rec.add(0, { url: 'http://127.0.0.1:1/', bytes: 0, ms: 1.25, code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
  rec.add(1, { url: 'http://127.0.0.1:8080/get', status: 200, bytes: 312, ms: 3.5 });
  rec.add(2, { url: 'http://127.0.0.1:8080/status/503', status: 503, bytes: 0, ms: 2 });
  return rec.detail(10);
}

describe('renderHttpDetail', () => {
  it('is the report’s renderer for the http detail', () => {
    expect(detailRenderers.http).toBe(renderHttpDetail);
  });

  it('shows volume, req/s, latency percentiles, statuses, errors by code and the request table', () => {
    expect(renderHttpDetail(detail(), plain, 72)).toEqual([
      'HTTP: 3 requests in 10.0 ms · 300 req/s · 312 B read',
      'Latency: p50 2.0 ms · p90 3.5 ms · p99 3.5 ms · max 3.5 ms',
      'Status: 200 ×1 · 503 ×1',
      'Errors: ECONNREFUSED ×1',
      '  URL                                 Status             Size       Time',
      '  http://127.0.0.1:1/                 ECONNREFUSED        0 B     1.3 ms',
      '  http://127.0.0.1:8080/get           200               312 B     3.5 ms',
      '  http://127.0.0.1:8080/status/503    503                 0 B     2.0 ms',
    ]);
  });

  it('fits the width by cutting URLs, and uses ASCII separators on a dumb terminal', () => {
    const lines = renderHttpDetail(detail(), ascii, 50);
    expect(lines[0]).toBe('HTTP: 3 requests in 10.0 ms | 300 req/s | 312 B read');
    const rows = lines.slice(4);
    expect(rows.every((l) => l.length === 50)).toBe(true);
    expect(rows[3]).toBe('  http://127.…  503                 0 B     2.0 ms');
  });

  it('on a wide terminal, the URL column is as wide as the longest URL (at least 40), not the terminal', () => {
    const at = (width: number): string[] => renderHttpDetail(detail(), plain, width).slice(4);
    // 80 columns (78 for a detail): the column is 40 wide, as it always was.
    expect(at(78)[3]).toBe(`  ${'http://127.0.0.1:8080/status/503'.padEnd(40)}  503                 0 B     2.0 ms`);
    expect(at(198)).toEqual(at(78));
    const rec = new HttpRecorder(1);
    const long = `https://example.com/${'a'.repeat(70)}`;
    rec.add(0, { url: long, status: 200, bytes: 1, ms: 1 });
    expect(renderHttpDetail(rec.detail(10), plain, 198).at(-1)).toBe(`  ${long}  200           1 B     1.0 ms`);
  });

  it('says how many requests are not listed, and what an interruption left unsent', () => {
    const rec = new HttpRecorder(30);
    for (let i = 0; i < 25; i++) rec.add(i, { url: `http://a.test/${i}`, status: 200, bytes: 2048, ms: 1 });
    rec.interrupted();
    rec.interrupted();
    const lines = renderHttpDetail(rec.detail(1000), plain, 80);
    expect(lines[0]).toBe('HTTP: 25 requests in 1.000 s · 25.00 req/s · 50.0 KiB read · interrupted: 2 cancelled in flight, 3 not sent');
    expect(lines.filter((l) => l.startsWith('  http://'))).toHaveLength(20);
    expect(lines.at(-1)).toBe('  … 5 more requests, not listed (the figures above count them all)');
  });

  it('a redirected request shows its final URL and hops on a line of its own', () => {
    const rec = new HttpRecorder(1);
    rec.add(0, { url: 'http://a.test/old', status: 200, bytes: 10, ms: 3, finalUrl: 'https://b.test/new', redirects: 2 });
    const lines = renderHttpDetail(rec.detail(10), plain, 80);
    const row = lines.findIndex((l) => l.startsWith('  http://a.test/old'));
    expect(lines[row + 1]).toBe('    → https://b.test/new (2 redirects)');
  });

  it('colours statuses by class and errors in red', () => {
    const text = renderHttpDetail(detail(), colour, 80).join('\n');
    expect(text).toContain('\u001b[32m200 ×1\u001b[39m');
    expect(text).toContain('\u001b[31m503 ×1\u001b[39m');
    expect(text).toContain('\u001b[31mECONNREFUSED ×1\u001b[39m');
  });

  it('renders no response sensibly', () => {
    const rec = new HttpRecorder(1);
    rec.add(0, { url: 'http://127.0.0.1:1/', bytes: 0, ms: 1, code: 'ECONNREFUSED' });
    expect(renderHttpDetail(rec.detail(1), plain, 80)[1]).toBe('Latency: no response');
  });

  it('keeps control characters out of a URL', () => {
    const rec = new HttpRecorder(1);
    rec.add(0, { url: 'http://a.test/\u001b[2J', status: 200, bytes: 1, ms: 1 });
    expect(renderHttpDetail(rec.detail(1), plain, 80).join('\n')).not.toContain('\u001b');
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [1048576, '1.0 MiB'],
    [3 * 1024 ** 3, '3.0 GiB'],
  ])('%d → %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});
