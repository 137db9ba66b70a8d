import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where `bin/asyncdemo.js` runs the compiled `dist/`. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How a spawned CLI ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * A preload that writes one line on fd 3 when the CLI's main() adds its SIGINT
 * listener: the second one, after the bin's, which only holds a signal while the CLI
 * loads (the run then stops before it starts). Node itself catches SIGINT from
 * start-up (to restore the terminal), so /proc cannot tell when a handler is in place.
 * It is a data: URL so that it needs no file of its own.
 */
const READY_PRELOAD = `data:text/javascript,${encodeURIComponent(`
import { writeSync } from 'node:fs';
const on = process.on;
let sigintListeners = 0;
process.on = function (event, listener) {
  const result = on.call(this, event, listener);
  if (event === 'SIGINT' && ++sigintListeners === 2) { try { writeSync(3, 'ready\\n'); } catch {} }
  return result;
};
`)}`;

/** A spawned CLI: the child, how it ended, and (with `watchSigint`) when it can take a Ctrl-C. */
export interface Spawned {
  child: ChildProcess;
  exit: Promise<Exit>;
  /** Resolves once the CLI listens for SIGINT; only with `watchSigint`. */
  ready: Promise<void>;
}

/**
 * Spawns `node bin/asyncdemo.js …args` with colour out of the way (pipes are not TTYs,
 * so there is no progress line either), and returns the child plus how it ended.
 */
export function spawnBin(args: string[], { env = {}, watchSigint = false }: { env?: Record<string, string>; watchSigint?: boolean } = {}): Spawned {
  const preload = watchSigint ? [`--import=${READY_PRELOAD}`] : [];
  const child = spawn(process.execPath, [...preload, 'bin/asyncdemo.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const ready = new Promise<void>((resolve) => child.stdio[3]!.once('data', () => resolve()));
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exit = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exit, ready };
}

/** Runs the CLI to completion. */
export function runBin(args: string[], env?: Record<string, string>): Promise<Exit> {
  return spawnBin(args, { env }).exit;
}

/** Resolves after `ms` of real time. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
