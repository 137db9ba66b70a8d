import { readText } from '../shared/read-input.js';
import { UsageError } from '../types.js';

/** A URL to fetch, checked, with where it came from for error messages. */
export interface Target {
  url: string;
  /** `--url` or `file:line`. */
  from: string;
}

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

/**
 * Checks the `--url` values, throwing a UsageError naming the first bad one.
 *
 * @example
 * fromOptions(['http://127.0.0.1:8080/get']); // [{ url: 'http://127.0.0.1:8080/get', from: '--url' }]
 */
export function fromOptions(values: readonly string[]): Target[] {
  return values.map((value) => {
    const problem = urlProblem(value);
    if (problem !== undefined) throw new UsageError(`option '--url <url>' argument '${value}' is invalid. ${capital(problem)}.`);
    return { url: value, from: '--url' };
  });
}

/**
 * Parses a URL list: one URL a line, blank lines and `#` comments skipped. Throws a
 * UsageError naming `name:line` for the first bad URL.
 *
 * @example
 * parseUrlList('# targets\nhttp://127.0.0.1:8080/get\n', 'urls.txt');
 * // [{ url: 'http://127.0.0.1:8080/get', from: 'urls.txt:2' }]
 */
export function parseUrlList(text: string, name: string): Target[] {
  const targets: Target[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const from = `${name}:${i + 1}`;
    const problem = urlProblem(line);
    if (problem !== undefined) throw new UsageError(`${from}: '${line}' is invalid. ${capital(problem)}.`);
    targets.push({ url: line, from });
  }
  return targets;
}

/**
 * Reads `--urls-file`: a path, or `-` for standard input.
 *
 * @throws UsageError when the file cannot be read or holds no URL.
 * @example
 * await readUrlList('urls.txt', { stdin: params.stdin, signal });
 */
export async function readUrlList(
  path: string,
  io: { stdin: NodeJS.ReadableStream; signal: AbortSignal },
): Promise<Target[]> {
  const name = path === '-' ? '<stdin>' : path;
  let text: string;
  try {
    // Never blocks a thread, and stops at once on Ctrl-C: a FIFO with no writer, stdin from a producer that stays open.
    text = await readText(path === '-' ? io.stdin : path, io.signal);
  } catch (err) {
    if (io.signal.aborted) throw io.signal.reason;
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`option '--urls-file <path>' argument '${path}' cannot be read: ${e.code ?? e.message}.`);
  }
  const targets = parseUrlList(text, name);
  if (targets.length === 0) throw new UsageError(`${name} holds no URL (one a line; # starts a comment).`);
  return targets;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
