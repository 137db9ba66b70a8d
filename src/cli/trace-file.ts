import { writeFileSync } from 'node:fs';
import type { Measurement } from '../core/measure.js';
import { ExitCode } from './exit-codes.js';
import type { OutStream } from './io.js';
import { oneLine } from './render/text.js';
import { toChromeTrace } from './trace.js';

/** One measured demo, as the trace takes it. */
export interface TraceRun {
  demo: string;
  measurement: Measurement;
}

/** Whether to confirm on stderr where the trace went (not with `--quiet`). */
export interface TraceFileOptions {
  quiet: boolean;
}

/**
 * `--trace <file>`: writes `runs` (one demo, or every demo of `all`) as Chrome Trace
 * Event JSON, after measuring, interrupted runs included. It never throws: a file that
 * cannot be written costs one line on stderr and exit code 1, and the report printed
 * before it stands. Returns the exit code to fold into the run's. The write is
 * synchronous: it is the run's last step, with nothing left on the loop to starve.
 *
 * @example
 * const code = writeTraceFile('t.json', [{ demo: 'gather', measurement }], stderr, { quiet: false });
 * // stderr: asyncdemo: trace written to t.json (open it in https://ui.perfetto.dev or chrome://tracing)
 */
export function writeTraceFile(file: string, runs: readonly TraceRun[], stderr: OutStream, options: TraceFileOptions): number {
  try {
    writeFileSync(file, `${JSON.stringify(toChromeTrace(runs))}\n`);
  } catch (err) {
    stderr.write(`asyncdemo: error: --trace: cannot write '${oneLine(file)}': ${reason(err)}\n`);
    return ExitCode.failure;
  }
  if (!options.quiet) stderr.write(`asyncdemo: trace written to ${oneLine(file)} (open it in https://ui.perfetto.dev or chrome://tracing)\n`);
  return ExitCode.ok;
}

/** What went wrong, in words, rather than `ENOENT: no such file or directory, open 'x'`. */
function reason(err: unknown): string {
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
    default:
      return oneLine(typeof message === 'string' ? message : String(err));
  }
}
