import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromOptions, parseUrlList, printable, readUrlList, UrlListParser, urlProblem } from '../../../src/demos/http/urls.js';
import { UsageError } from '../../../src/demos/types.js';

const signal = new AbortController().signal;
const noStdin = Readable.from([]);

describe('urlProblem', () => {
  it.each(['http://127.0.0.1:8080/get', 'https://httpbin.org/delay/1', 'http://[::1]:1/', 'HTTP://EXAMPLE.COM'])('accepts %s', (url) => {
    expect(urlProblem(url)).toBeUndefined();
  });

  it.each([
    ['not a url', /not a valid absolute URL/],
    ['/get', /not a valid absolute URL/],
    ['', /not a valid absolute URL/],
    ['http://', /not a valid absolute URL/],
    ['ftp://example.com/', /only http and https/],
    ['file:///etc/passwd', /only http and https/],
    ['javascript:alert(1)', /only http and https/],
    ['http://user:secret@example.com/', /credentials/],
    ['https://user@example.com/', /credentials/],
  ])('rejects %j', (url, reason) => {
    expect(urlProblem(url)).toMatch(reason);
  });
});

describe('fromOptions', () => {
  it('keeps the order and the duplicates (the seed fetches one URL three times)', () => {
    const url = 'http://127.0.0.1:8080/delay/1';
    expect(fromOptions([url, url])).toEqual([url, url]);
  });

  it('names the bad option value the way commander does', () => {
    expect(() => fromOptions(['http://ok/', 'ftp://x/'])).toThrow(UsageError);
    expect(() => fromOptions(['http://ok/', 'ftp://x/'])).toThrow(
      "option '--url <url>' argument 'ftp://x/' is invalid. Only http and https URLs are supported.",
    );
  });
});

describe('parseUrlList', () => {
  it('reads one URL a line, skipping blanks and # comments, with CRLF too', () => {
    const text = '# targets\r\nhttp://a.test/1\r\n\r\n   https://b.test/2  \n#http://c.test/\n';
    expect(parseUrlList(text, 'urls.txt')).toEqual(['http://a.test/1', 'https://b.test/2']);
  });

  it('names the file and line of the first bad URL', () => {
    expect(() => parseUrlList('http://a.test/\n\nhttp://u:p@b.test/\nftp://c/', 'urls.txt')).toThrow(
      "urls.txt:3: 'http://u:p@b.test/' is invalid. Embedded credentials are not allowed.",
    );
  });
});

describe('readUrlList', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asyncdemo-urls-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file', async () => {
    const path = join(dir, 'ok.txt');
    await writeFile(path, 'http://a.test/\nhttp://b.test/\n');
    expect(await readUrlList(path, { stdin: noStdin, signal })).toEqual(['http://a.test/', 'http://b.test/']);
  });

  it("reads standard input for '-', naming it <stdin> in errors", async () => {
    const ok = await readUrlList('-', { stdin: Readable.from(['http://a.test/\nhttp', '://b.test/\n']), signal });
    expect(ok).toEqual(['http://a.test/', 'http://b.test/']);
    await expect(readUrlList('-', { stdin: Readable.from(['http://a.test/\nnope\n']), signal })).rejects.toThrow(
      "<stdin>:2: 'nope' is invalid.",
    );
  });

  it('a missing or unreadable file is a usage error naming it', async () => {
    const missing = join(dir, 'missing.txt');
    await expect(readUrlList(missing, { stdin: noStdin, signal })).rejects.toThrow(UsageError);
    await expect(readUrlList(missing, { stdin: noStdin, signal })).rejects.toThrow(`'${missing}' cannot be read: ENOENT`);
    await expect(readUrlList(dir, { stdin: noStdin, signal })).rejects.toThrow(/cannot be read: EISDIR/);
  });

  it('a file without a URL is a usage error', async () => {
    const path = join(dir, 'empty.txt');
    await writeFile(path, '# nothing yet\n\n');
    await expect(readUrlList(path, { stdin: noStdin, signal })).rejects.toThrow(`${path} holds no URL`);
  });
});

describe('URL lists of any size, and input that is no list (issue 17)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asyncdemo-urls-big-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stops at the size cap with a clear error, without reading on', async () => {
    const path = join(dir, 'big.txt');
    await writeFile(path, 'http://a.test/\n'.repeat(1000));
    await expect(readUrlList(path, { stdin: noStdin, signal, maxBytes: 4096 })).rejects.toThrow(
      `${path} is larger than 4096 bytes (the limit for a URL list). Split the list.`,
    );
  });

  it('/dev/zero (no newline, no end) fails at its first long line, at once', async () => {
    const start = performance.now();
    await expect(readUrlList('/dev/zero', { stdin: noStdin, signal })).rejects.toThrow(
      '/dev/zero:1: a line longer than 8192 characters; is this a list of URLs (one a line)?',
    );
    expect(performance.now() - start).toBeLessThan(5000); // it read 634 MB before
  });

  it('more URLs than the limit is a usage error', () => {
    const list = new UrlListParser('urls.txt', { lineChars: 100, urls: 2 });
    list.push('http://a.test/\nhttp://b.test/\n');
    expect(() => list.push('http://c.test/\n')).toThrow('urls.txt holds more than 2 URLs (the limit). Split the list.');
  });

  it('takes text split anywhere, even mid-line', () => {
    const list = new UrlListParser('urls.txt');
    for (const piece of ['htt', 'p://a.test/1\r', '\n#x\nhttp://b.', 'test/2']) list.push(piece);
    expect(list.end()).toEqual(['http://a.test/1', 'http://b.test/2']);
  });
});

describe('echoed input is sanitised (issue 17)', () => {
  it('an ESC/OSC sequence or a newline in a bad --url cannot reach the terminal or forge a line', () => {
    const evil = 'ftp://x/\u001b]0;pwned\u0007\u001b[31m\nasyncdemo: error: forged';
    const message = (() => {
      try {
        fromOptions([evil]);
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    })();
    expect(message).toContain('is invalid');
    // eslint-disable-next-line no-control-regex
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(message).toContain("'ftp://x/asyncdemo: error: forged'");
  });

  it('a long bad value is cut to 100 characters', () => {
    expect(() => fromOptions([`ftp://${'x'.repeat(5000)}`])).toThrow(new RegExp(`'ftp://${'x'.repeat(94)}…' is invalid`));
  });

  it('a valid URL with a control character in its path is shown percent-encoded', () => {
    expect(fromOptions(['http://a.test/\u001b[31mred'])).toEqual(['http://a.test/%1B[31mred']);
    expect(printable('http://a.test/ok')).toBe('http://a.test/ok');
  });

  it('a bad line of a list is echoed clean too', () => {
    expect(() => parseUrlList('http://a.test/\nnope\u001b[2J\n', 'urls.txt')).toThrow("urls.txt:2: 'nope' is invalid.");
  });
});
