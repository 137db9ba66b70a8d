import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { isatty, ReadStream } from 'node:tty';
import { onAbort } from '../../core/index.js';

/**
 * Opens `path` for reading without ever blocking a thread: a FIFO with no writer yet, a
 * terminal, `/dev/stdin` fed by a producer that stays open. A blocking open() or read()
 * would hold one of libuv's threads, and the process could then not exit at all, not
 * even on a second Ctrl-C (exit joins those threads). So the file is opened O_NONBLOCK;
 * a FIFO, socket or terminal is then read through the event loop (waiting for a writer
 * costs nothing), a regular file or another device as usual.
 *
 * @example
 * const input = await openInput('/tmp/urls.fifo');
 * for await (const chunk of input) { ... } // input.destroy() to stop early
 */
export async function openInput(path: string): Promise<Readable> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const stat = await handle.stat().catch(async (err: unknown) => {
    await handle.close();
    throw err;
  });
  if (stat.isFIFO() || stat.isSocket()) return new Socket({ fd: handle.fd, readable: true, writable: false });
  if (stat.isCharacterDevice() && isatty(handle.fd)) return new ReadStream(handle.fd);
  return handle.createReadStream();
}

/**
 * Reads all of `input` (a path, or a stream such as stdin) as UTF-8 text. Aborting
 * `signal` stops at once, whatever the input is waiting for: it rejects with
 * `signal.reason` and the input is closed.
 *
 * @example
 * const text = await readText(path === '-' ? stdin : path, signal);
 */
export async function readText(input: string | NodeJS.ReadableStream, signal: AbortSignal): Promise<string> {
  if (signal.aborted) throw signal.reason;
  const stream = typeof input === 'string' ? await openInput(input) : input;
  if (signal.aborted) {
    if (typeof input === 'string') (stream as Readable).destroy();
    throw signal.reason;
  }
  return new Promise<string>((resolve, reject) => {
    let text = '';
    const onData = (chunk: string | Buffer): void => void (text += typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    const cleanup = (): void => {
      off();
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(text);
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const off = onAbort(signal, () => {
      cleanup();
      // Ours to close; stdin is only let go of, so the process can exit.
      if (typeof input === 'string') (stream as Readable).destroy();
      else stream.pause();
      reject(signal.reason);
    });
    stream.setEncoding('utf8');
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}
