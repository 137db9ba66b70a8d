/**
 * The process around the in-process program: real streams, Ctrl-C and SIGTERM, and a
 * stdout that may close under us (`asyncdemo all | head -1`). This is the one place
 * that touches `process` signals and the one `process.exit` (a second Ctrl-C).
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ExitCode, InterruptError, exitCodeForAbort, exitCodeForSignal, type InterruptSignal } from './exit-codes.js';
import type { OutStream } from './io.js';
import { run } from './program.js';

const CANCELLING = 'Cancelling… (press Ctrl-C again to force)\n';

/**
 * Signals that arrived before main() was called: bin/asyncdemo.js listens from its
 * first line and hands over what it got, then `stop()` removes its listeners.
 */
export interface EarlySignals {
  readonly received: readonly InterruptSignal[];
  stop(): void;
}

/** Options of {@link main}. */
export interface MainOptions {
  /** The bin's own early listeners, to take over (see {@link EarlySignals}). */
  early?: EarlySignals;
}

/**
 * After a first Ctrl-C, how long the run may take to stop before the process exits
 * anyway. Every path is meant to end well within 0.5 s with its partial report; this is
 * the net under whatever does not (a teardown that hangs), so that Ctrl-C always works.
 */
const STOP_DEADLINE_MS = 2000;

/** The abort reason when stdout's reader went away: stop, quietly and successfully. */
class StdoutClosedError extends Error {
  override name = 'AbortError';
  constructor(readonly code: string | undefined) {
    super(`stdout closed (${code ?? 'unknown error'})`);
  }
}

/**
 * Runs the CLI as a process: builds the real IO, turns the first SIGINT/SIGTERM into a
 * cancellation (the run stops, prints what finished and exits 130/143) and the second
 * into an immediate exit, treats a closed stdout (EPIPE) as "stop now, exit 0, say
 * nothing", and sets `process.exitCode` instead of exiting while work is pending.
 *
 * @example
 * // bin/asyncdemo.js
 * import { main } from '../dist/cli/main.js';
 * await main(process.argv.slice(2), { early });
 */
export async function main(argv: string[] = process.argv.slice(2), options: MainOptions = {}): Promise<void> {
  const root = new AbortController();
  let stdoutBroken = false;
  let stderrBroken = false;

  const onStdoutError = (err: NodeJS.ErrnoException): void => {
    if (stdoutBroken) return;
    stdoutBroken = true;
    // Straight to process.stderr: the wrapper below is silent once stdout is broken.
    if (err.code !== 'EPIPE' && !stderrBroken) process.stderr.write(`asyncdemo: error: cannot write to stdout: ${err.message}\n`);
    root.abort(new StdoutClosedError(err.code));
  };
  // Node throws an EPIPE from a stream with no 'error' listener as an uncaught
  // exception, stack trace and all; these listeners stay for the life of the process.
  process.stdout.on('error', onStdoutError);
  process.stderr.on('error', () => {
    stderrBroken = true;
  });

  const stdout: OutStream = {
    write: (s: string) => {
      if (stdoutBroken) return false;
      const ok = process.stdout.write(s);
      // A write into a closed pipe fails at once, but 'error' is emitted a tick later,
      // by when `all` would have started the next demo: stop now instead.
      const failed = process.stdout.errored as NodeJS.ErrnoException | null | undefined;
      if (failed != null) onStdoutError(failed);
      return ok;
    },
    // What the JSON report's writer waits on (write-chunks.ts): a `--json` piped into a
    // slow reader holds one piece at a time, not the whole report in stdout's buffer;
    // once the reader is gone, it stops writing.
    get writable() {
      return !stdoutBroken && process.stdout.writable;
    },
    once: (event, listener) => process.stdout.once(event, listener),
    off: (event, listener) => process.stdout.off(event, listener),
    isTTY: process.stdout.isTTY === true,
    // Asked afresh each time: a terminal's size changes under a running live view.
    get columns() {
      return windowSize()?.[0] ?? process.stdout.columns;
    },
    get rows() {
      return windowSize()?.[1] ?? process.stdout.rows;
    },
  };
  // Once stdout is gone the run stops quietly: nothing more on stderr either.
  const stderr: OutStream = {
    write: (s: string) => !stderrBroken && !stdoutBroken && process.stderr.write(s),
    isTTY: process.stderr.isTTY === true,
    // Asked afresh, as stdout's: its failure lines wrap to the terminal's width now.
    get columns() {
      return process.stderr.columns;
    },
  };

  let signals = 0;
  let deadline: NodeJS.Timeout | undefined;
  const onSignal = (name: InterruptSignal): void => {
    signals++;
    if (signals > 1) process.exit(exitCodeForSignal(name));
    // Abort first: the live view and the progress line clear the screen synchronously,
    // so the message lands on a clean line instead of inside a frame.
    root.abort(new InterruptError(name));
    stderr.write(CANCELLING);
    deadline = setTimeout(() => {
      stderr.write(`asyncdemo: still stopping after ${STOP_DEADLINE_MS / 1000} s: exiting now\n`);
      process.exit(exitCodeForSignal(name));
    }, STOP_DEADLINE_MS).unref();
  };
  const onSigint = (): void => onSignal('SIGINT');
  const onSigterm = (): void => onSignal('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  // Ours are in place: the bin's may go, and what it caught counts from now.
  options.early?.stop();
  for (const name of options.early?.received ?? []) onSignal(name);

  let code: number;
  try {
    code = await run(argv, {
      stdout,
      stderr,
      env: process.env,
      signal: root.signal,
      // process.stdin is built on first read, and building it loads node:net for a pipe,
      // node:tty for a terminal: a command that never reads it (all but fetch-all
      // --urls-file -) never builds it (bench row 7b, ~3 ms on Node 24).
      get stdin() {
        return process.stdin;
      },
    });
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    // Stopped in time. main() may run inside a longer-lived process (the tests, a host
    // program), which its net must not exit 2 s later; a process that lingers after
    // this has Node's own Ctrl-C back (the listeners are gone).
    clearTimeout(deadline);
  }
  const reason: unknown = root.signal.reason;
  if (reason instanceof InterruptError) code = exitCodeForAbort(reason);
  else if (reason instanceof StdoutClosedError) code = reason.code === 'EPIPE' ? ExitCode.ok : ExitCode.failure;
  process.exitCode = code;
}

/**
 * The terminal's size as the kernel has it now. `process.stdout.columns` only changes
 * once Node has handled SIGWINCH; a frame drawn in between, after the terminal has
 * already re-wrapped the old one, would erase the wrong number of rows.
 */
function windowSize(): [number, number] | undefined {
  if (process.stdout.isTTY !== true) return undefined;
  try {
    return process.stdout.getWindowSize();
  } catch {
    return undefined;
  }
}

/** True when this file is the entry point (`npm run dev` runs it with tsx), not imported by the bin. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
