import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromOptions, parseUrlList, readUrlList, urlProblem } from '../../../src/demos/http/urls.js';
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
    expect(fromOptions([url, url]).map((t) => t.url)).toEqual([url, url]);
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
    expect(parseUrlList(text, 'urls.txt')).toEqual([
      { url: 'http://a.test/1', from: 'urls.txt:2' },
      { url: 'https://b.test/2', from: 'urls.txt:4' },
    ]);
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
    expect((await readUrlList(path, { stdin: noStdin, signal })).map((t) => t.url)).toEqual(['http://a.test/', 'http://b.test/']);
  });

  it("reads standard input for '-', naming it <stdin> in errors", async () => {
    const ok = await readUrlList('-', { stdin: Readable.from(['http://a.test/\nhttp', '://b.test/\n']), signal });
    expect(ok.map((t) => t.url)).toEqual(['http://a.test/', 'http://b.test/']);
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
