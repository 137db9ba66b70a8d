import { closeSync, constants, openSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { Socket } from 'node:net';
import { onAbort } from '../core/abort.js';
import type { Measurement } from '../core/measure.js';
import { ExitCode } from './exit-codes.js';
import type { OutStream } from './io.js';
import { oneLine } from './render/text.js';
import { chromeTraceText } from './trace.js';
import { writeChunks } from './write-chunks.js';

/** One measured demo, as the trace takes it. */
export interface TraceRun {
  demo: string;
  measurement: Measurement;
}

/** Whether to confirm on stderr where the trace went (not with `--quiet`), and what stops a wait for a reader. */
export interface TraceFileOptions {
  quiet: boolean;
  /**
   * The run's signal: while it is live, a FIFO with no reader yet is waited for, and
   * Ctrl-C stops the wait. Once aborted (an interrupted run still writes its trace), a
   * FIFO nobody reads is given up at once.
   */
  signal?: AbortSignal;
}

// How often to look for a FIFO's reader: opening one without blocking fails until there is one.
const READER_POLL_MS = 50;

/**
 * `--trace <file>`: writes `runs` (one demo, or every demo of `all`) as Chrome Trace
 * Event JSON, after measuring, interrupted runs included. It never throws: a file that
 * cannot be written costs one line on stderr and exit code 1, and the report printed
 * before it stands. Resolves with the exit code to fold into the run's.
 *
 * The trace is made and written a piece at a time (see chromeTraceText), never held
 * whole. A regular file or a device (a terminal, `/dev/null`) is written synchronously.
 * A FIFO or a socket (`/dev/stdout` on a pipe) is opened without blocking, so a FIFO
 * nobody reads never freezes the process: Ctrl-C still works while it waits for a reader,
 * and each piece waits for the reader to take the last; a reader that leaves before the
 * end makes the trace unwritten (exit 1).
 *
 * @example
 * const code = await writeTraceFile('t.json', [{ demo: 'gather', measurement }], stderr, { quiet: false, signal });
 * // stderr: asyncdemo: trace written to t.json (open it in https://ui.perfetto.dev or chrome://tracing)
 */
export async function writeTraceFile(file: string, runs: readonly TraceRun[], stderr: OutStream, options: TraceFileOptions): Promise<number> {
  try {
    await writeOut(file, chromeTraceText(runs), options.signal);
  } catch (err) {
    stderr.write(`asyncdemo: error: --trace: cannot write '${oneLine(file)}': ${reason(err)}\n`);
    return ExitCode.failure;
  }
  if (!options.quiet) stderr.write(`asyncdemo: trace written to ${oneLine(file)} (open it in https://ui.perfetto.dev or chrome://tracing)\n`);
  return ExitCode.ok;
}

/** The wait for a FIFO's reader was cut short. */
class NoReaderError extends Error {
  constructor(readonly interrupted: boolean) {
    super(interrupted ? 'interrupted while waiting for a reader' : 'no reader');
  }
}

/**
 * Writes the trace's pieces as they are made (see chromeTraceText): a regular file one
 * synchronous write each, a FIFO or socket waiting for its reader to take each piece.
 */
async function writeOut(file: string, pieces: Iterable<string>, signal: AbortSignal | undefined): Promise<void> {
  let kind: Stats | undefined;
  try {
    kind = statSync(file);
  } catch {
    // A new file: created and written at once below.
  }
  if (kind === undefined || kind.isFile() || !(kind.isFIFO() || kind.isSocket())) {
    const fd = openSync(file, 'w');
    try {
      for (const piece of pieces) writeFileSync(fd, piece);
    } finally {
      closeSync(fd);
    }
    return;
  }
  const fd = await openForWriting(file, signal);
  const socket = new Socket({ fd, readable: false, writable: true });
  await new Promise<void>((resolve, reject) => {
    const off = signal === undefined || signal.aborted ? () => {} : onAbort(signal, () => {
      socket.destroy();
      reject(new NoReaderError(true));
    });
    socket.once('error', (err) => {
      off();
      reject(err);
    });
    writeChunks(pieces, socket).then(
      () =>
        socket.end(() => {
          off();
          resolve();
        }),
      (err: unknown) => {
        off();
        socket.destroy();
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** Opens a FIFO for writing without blocking: until a reader opens it, O_NONBLOCK fails with ENXIO. */
async function openForWriting(file: string, signal: AbortSignal | undefined): Promise<number> {
  for (;;) {
    try {
      return openSync(file, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENXIO') throw err;
      if (signal === undefined || signal.aborted) throw new NoReaderError(false);
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        resolve();
      }, READER_POLL_MS);
      const off = onAbort(signal, () => {
        clearTimeout(timer);
        reject(new NoReaderError(true));
      });
    });
  }
}

/** What went wrong, in words, rather than `ENOENT: no such file or directory, open 'x'`. */
function reason(err: unknown): string {
  if (err instanceof NoReaderError) return err.interrupted ? 'it is a FIFO, and nothing opened it for reading before Ctrl-C' : 'it is a FIFO nobody is reading';
  const { code, message } = err as NodeJS.ErrnoException;
  switch (code) {
    case 'ENOENT':
      return 'its directory does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of its path is not a directory';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EPIPE':
      return 'its reader closed it before the end';
    default:
      return oneLine(typeof message === 'string' ? message : String(err));
  }
}
