import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { onAbort } from '../../core/index.js';
import { echo } from '../shared/echo.js';
import { openInput } from '../shared/read-input.js';
import { UsageError } from '../types.js';

/**
 * fetch's redirect limit; a redirect loop ends as ERR_TOO_MANY_REDIRECTS. It lives here,
 * not in client.ts, so that the fetch-all demo's option table can name it without
 * loading undici (~60–130 ms) on every command: start-up rows of `npm run bench`.
 */
export const MAX_REDIRECTS = 20;

/**
 * Why `text` cannot be fetched, or undefined when it can: it must parse, be http or
 * https, and carry no credentials (they would travel in clear text and end up in the
 * report). Checked for every URL before any request is sent.
 *
 * @example
 * urlProblem('ftp://example.com/');      // 'only http and https URLs are supported'
 * urlProblem('http://u:p@example.com/'); // 'embedded credentials are not allowed'
 */
export function urlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a valid absolute URL (e.g. http://127.0.0.1:8080/get)';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https URLs are supported';
  if (url.username !== '' || url.password !== '') return 'embedded credentials are not allowed';
  return undefined;
}

// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0020\u007f-\u009f]/;

/**
 * A valid URL as the report and the narration show it: as typed, unless it holds a
 * space or a control character (which the URL parser accepts in a path or query), in
 * which case the parser's percent-encoded form, so that no escape sequence reaches a
 * terminal.
 *
 * @example
 * printable('http://x/a b'); // 'http://x/a%20b'
 */
export function printable(url: string): string {
  return UNPRINTABLE.test(url) ? new URL(url).href : url;
}

/**
 * Checks the `--url` values, throwing a UsageError naming the first bad one; returns
 * them as given (never split: a URL may hold commas).
 *
 * @example
 * fromOptions(['http://127.0.0.1:8080/get']); // ['http://127.0.0.1:8080/get']
 */
export function fromOptions(values: readonly string[]): string[] {
  return values.map((value) => {
    const problem = urlProblem(value);
    if (problem !== undefined) throw new UsageError(`option '--url <url>' argument '${echo(value)}' is invalid. ${capital(problem)}.`);
    return printable(value);
  });
}

/** The most a URL list may hold: past it, `--urls-file` stops reading with a clear error. */
export const MAX_LIST_BYTES = 128 * 1024 * 1024;
/** The most URLs a list may hold (fetch-all's --count limit). */
export const MAX_LIST_URLS = 1_000_000;
/** The longest line a URL list may hold (browsers and servers refuse longer URLs). */
export const MAX_LINE_CHARS = 8192;

/**
 * Collects a URL list as it streams in: one URL a line, blank lines and `#` comments
 * skipped, each URL checked as its line completes, so a million-line file is never held
 * as one string, and a file that is no list (`/dev/zero`, a binary) fails at its first
 * long line instead of being read to its end. Throws a UsageError naming `name:line`.
 *
 * @example
 * const list = new UrlListParser('urls.txt');
 * list.push('# targets\nhttp://127.0.0.1:8080/get\n');
 * list.end(); // ['http://127.0.0.1:8080/get']
 */
export class UrlListParser {
  readonly urls: string[] = [];
  #line = 0;
  #tail = '';

  constructor(
    readonly name: string,
    readonly limits: { lineChars: number; urls: number } = { lineChars: MAX_LINE_CHARS, urls: MAX_LIST_URLS },
  ) {}

  /** Takes the next piece of text (any split, even mid-line). */
  push(text: string): void {
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      const piece = text.slice(from, nl);
      from = nl + 1;
      const line = this.#tail === '' ? piece : this.#tail + piece;
      this.#tail = '';
      this.#take(line);
    }
    this.#tail += text.slice(from);
    if (this.#tail.length > this.limits.lineChars) this.#tooLong();
  }

  /** The list, once the text has ended. */
  end(): string[] {
    if (this.#tail !== '') this.#take(this.#tail);
    this.#tail = '';
    return this.urls;
  }

  #take(raw: string): void {
    this.#line++;
    if (raw.length > this.limits.lineChars) this.#tooLong();
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const problem = urlProblem(line);
    if (problem !== undefined) throw new UsageError(`${this.name}:${this.#line}: '${echo(line)}' is invalid. ${capital(problem)}.`);
    if (this.urls.length === this.limits.urls) {
      throw new UsageError(`${this.name} holds more than ${this.limits.urls.toLocaleString('en-US')} URLs (the limit). Split the list.`);
    }
    this.urls.push(printable(line));
  }

  #tooLong(): never {
    throw new UsageError(
      `${this.name}:${this.#line + 1}: a line longer than ${this.limits.lineChars} characters; is this a list of URLs (one a line)?`,
    );
  }
}

/**
 * Parses a whole URL list held in memory; see {@link UrlListParser}.
 *
 * @example
 * parseUrlList('# targets\nhttp://127.0.0.1:8080/get\n', 'urls.txt'); // ['http://127.0.0.1:8080/get']
 */
export function parseUrlList(text: string, name: string): string[] {
  const list = new UrlListParser(name);
  list.push(text);
  return list.end();
}

/**
 * Reads `--urls-file`: a path, or `-` for standard input, streamed (chunk by chunk, line
 * by line) and capped at `maxBytes` (default {@link MAX_LIST_BYTES}). The file is opened
 * without ever blocking a thread ({@link openInput}: a FIFO with no writer, a terminal),
 * and aborting `signal` stops the read at once, whatever it waits for.
 *
 * @throws UsageError when the file cannot be read, is too large, or holds no URL.
 * @example
 * await readUrlList('urls.txt', { stdin: params.stdin, signal });
 */
export async function readUrlList(
  path: string,
  io: { stdin: NodeJS.ReadableStream; signal: AbortSignal; maxBytes?: number },
): Promise<string[]> {
  const { signal } = io;
  const name = path === '-' ? '<stdin>' : echo(path);
  const cannotRead = (err: unknown): UsageError => {
    const e = err as NodeJS.ErrnoException;
    return new UsageError(`option '--urls-file <path>' argument '${echo(path)}' cannot be read: ${e.code ?? e.message}.`);
  };
  if (signal.aborted) throw signal.reason;
  const ours = path !== '-';
  let stream: NodeJS.ReadableStream;
  try {
    stream = ours ? await openInput(path) : io.stdin;
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    throw cannotRead(err);
  }
  const list = new UrlListParser(name);
  const maxBytes = io.maxBytes ?? MAX_LIST_BYTES;
  await new Promise<void>((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let bytes = 0;
    const cleanup = (): void => {
      off();
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      // Ours to close (a file left half-read after an error); stdin is only let go of.
      if (ours) (stream as Readable).destroy();
      else stream.pause();
    };
    const fail = (err: unknown): void => {
      cleanup();
      reject(err);
    };
    const onData = (chunk: string | Buffer): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytes += buffer.length;
      try {
        if (bytes > maxBytes) throw new UsageError(`${name} is larger than ${formatSize(maxBytes)} (the limit for a URL list). Split the list.`);
        list.push(decoder.write(buffer));
      } catch (err) {
        fail(err);
      }
    };
    const onEnd = (): void => {
      try {
        list.push(decoder.end());
      } catch (err) {
        fail(err);
        return;
      }
      cleanup();
      resolve();
    };
    const onError = (err: Error): void => fail(signal.aborted ? signal.reason : cannotRead(err));
    const off = signal.aborted ? () => {} : onAbort(signal, () => fail(signal.reason));
    if (signal.aborted) {
      fail(signal.reason);
      return;
    }
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.resume();
  });
  const urls = list.end();
  if (urls.length === 0) throw new UsageError(`${name} holds no URL (one a line; # starts a comment).`);
  return urls;
}

function formatSize(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
