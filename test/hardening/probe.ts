import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { ROOT } from '../helpers/spawn-bin.js';

/** What the probe saw as the spawned CLI's main thread ended. */
export interface ProbeReport {
  /** The code passed to `process.exit`, or null when the process ended on its own. */
  exitCalled: number | null;
  /** `process.getActiveResourcesInfo()` in the 'exit' event: what was still pending. */
  active: string[];
  /** Every process warning (MaxListenersExceededWarning, TimeoutOverflowWarning, …). */
  warnings: string[];
}

/** How a probed CLI ended. */
export interface ProbedExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Undefined when the process died before its 'exit' event (killed, crashed natively). */
  probe: ProbeReport | undefined;
  /** Milliseconds from spawn to 'close'. */
  ms: number;
}

/**
 * A preload, for tests only, that reports on fd 3: 'ready' once the CLI's main() listens
 * for SIGINT (before, the bin holds a signal until the run can see it),
 * and one JSON line in the 'exit' event saying whether `process.exit` was called and
 * what was still active. Workers load preloads too; only the main thread reports.
 */
const PROBE = `data:text/javascript,${encodeURIComponent(`
import { writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
if (isMainThread) {
  const report = (line) => { try { writeSync(3, line + '\\n'); } catch {} };
  const state = { exitCalled: null, active: [], warnings: [] };
  const exit = process.exit;
  process.exit = function (code) {
    state.exitCalled = code ?? process.exitCode ?? 0;
    return exit.call(this, code);
  };
  process.on('warning', (w) => state.warnings.push(w.name + ': ' + w.message));
  // The bin listens first (holding signals while the CLI loads), main() second: ready
  // means the run itself will see a signal, not only the loading shim.
  const on = process.on;
  let sigintListeners = 0;
  process.on = function (event, listener) {
    const result = on.call(this, event, listener);
    if (event === 'SIGINT' && ++sigintListeners === 2) report('ready');
    return result;
  };
  on.call(process, 'exit', () => {
    state.active = process.getActiveResourcesInfo();
    report(JSON.stringify(state));
  });
}
`)}`;

/** A probed CLI: the child, how it ended, and when it can take a Ctrl-C. */
export interface Probed {
  child: ChildProcess;
  exit: Promise<ProbedExit>;
  ready: Promise<void>;
  /** What the child has written on stdout so far. */
  stdoutSoFar(): string;
}

/**
 * Spawns `node bin/asyncdemo.js …args` on the compiled dist/ under the probe, with
 * colour off and pipes for stdout and stderr (so no TTY, no progress line).
 *
 * @example
 * const r = await spawnProbed(['gather', '--scale', '0.01']).exit;
 * expect(r.probe?.exitCalled).toBeNull();
 */
export function spawnProbed(args: readonly string[], { env = {} }: { env?: Record<string, string> } = {}): Probed {
  const started = performance.now();
  const child = spawn(process.execPath, [`--import=${PROBE}`, 'bin/asyncdemo.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let fd3 = '';
  let onReady = (): void => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  (child.stdio[3] as Readable).setEncoding('utf8').on('data', (s: string) => {
    fd3 += s;
    if (fd3.split('\n').includes('ready')) onReady();
  });
  const exit = new Promise<ProbedExit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = fd3.split('\n').find((l) => l.startsWith('{'));
      const probe = line === undefined ? undefined : (JSON.parse(line) as ProbeReport);
      resolve({ code, signal, stdout, stderr, probe, ms: performance.now() - started });
    });
  });
  return { child, exit, ready, stdoutSoFar: () => stdout };
}

/**
 * Resources that mean work was still pending when the process ended: timers,
 * immediates, sockets, servers, child processes, workers. The stdio pipes and TTYs
 * are the process's own.
 */
export function pendingWork(active: readonly string[]): string[] {
  return active.filter((r) => !/^(PipeWrap|TTYWrap)$/.test(r));
}

/**
 * What no run may ever print on stderr: an unhandled rejection, an uncaught exception's
 * stack trace, or a Node warning.
 */
export const CRASH_MARKERS = /unhandled|uncaught|\n\s+at |^\s+at |Warning:|node:internal|ERR_UNHANDLED_REJECTION/im;
