import { describe, expect, it } from 'vitest';
import { errorCode } from '../../../src/demos/http/client.js';
import { HttpRecorder } from '../../../src/demos/http/detail.js';
import { failureLines } from '../../../src/demos/http/failures.js';

describe('errorCode', () => {
  it('prefers the cause’s code, as undici’s docs advise', () => {
    const err = new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }) });
    expect(errorCode(err)).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(errorCode(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
  });

  it("reads an AggregateError's first code (localhost tries ::1 and 127.0.0.1)", () => {
    const err = new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], 'x');
    expect(errorCode(err)).toBe('ECONNREFUSED');
  });

  it('falls back to the name', () => {
    expect(errorCode(new RangeError('x'))).toBe('RangeError');
    expect(errorCode('a string')).toBe('Error');
  });
});

describe('failureLines', () => {
  it('is one line per code over every variant, with a count, an example URL and a hint', () => {
    const failing = (urls: string[]) => {
      const rec = new HttpRecorder(urls.length + 1);
      urls.forEach((url, i) => rec.add(i, { url, bytes: 0, ms: 1, code: url.includes(':1/') ? 'ECONNREFUSED' : 'EWHATEVER', message: 'odd' }));
      rec.add(urls.length, { url: 'http://ok.test/', status: 200, bytes: 1, ms: 1 });
      return rec.detail(10);
    };
    const lines = failureLines([
      { variant: 'sequential', http: failing(['http://127.0.0.1:1/']) },
      { variant: 'concurrent', http: failing(['http://127.0.0.1:1/', 'http://x.test/']) },
    ]);
    expect(lines).toEqual([
      "ECONNREFUSED: 2 requests failed (sequential, concurrent), e.g. GET http://127.0.0.1:1/: connection refused: is a server listening? 'asyncdemo serve' starts the built-in test server",
      'EWHATEVER: 1 request failed (concurrent), e.g. GET http://x.test/: odd',
    ]);
  });

  it('is empty when every request got a response, whatever its status', () => {
    const rec = new HttpRecorder(1);
    rec.add(0, { url: 'http://a.test/', status: 500, bytes: 0, ms: 1 });
    expect(failureLines([{ variant: 'sequential', http: rec.detail(1) }])).toEqual([]);
  });
});
