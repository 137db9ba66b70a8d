import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { startExperimentThread, ThreadLoadError, type ExperimentThread } from './experiment-thread.js';
import type { ExperimentTask } from '../demos/experiment/plan.js';
import { UsageError } from '../demos/types.js';
import { oneLine } from './render/text.js';

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);
const JAVASCRIPT = new Set(['.js', '.mjs', '.cjs']);

/**
 * The file was found but could not be loaded: a syntax error, a missing import, a
 * throw at its top level. A runtime failure (exit 1), unlike the {@link UsageError}s
 * for a file that is missing, of another kind, or exports nothing to run (exit 2).
 *
 * @example
 * catch (err) { if (err instanceof ExperimentLoadError) stderr.write(`asyncdemo: error: ${err.message}\n`); }
 */
export class ExperimentLoadError extends Error {
  override name = 'ExperimentLoadError' as const;
}

/** A loaded experiment: its functions as tasks, and the thread they run on. */
export interface LoadedExperiment {
  /** The functions, in source order; each call runs on the experiment's thread. */
  tasks: ExperimentTask[];
  /** What the functions did that no call could report (see {@link ExperimentThread.notes}). */
  notes: ExperimentThread['notes'];
  /** Terminates the thread, whatever it still runs. */
  close(): Promise<void>;
}

/** Options of {@link loadExperiment}. */
export interface LoadOptions {
  /** Where a relative path starts (default: the working directory). */
  cwd?: string;
  /** Aborting it stops the loading, even of a top level that never yields. */
  signal?: AbortSignal;
}

/**
 * Loads a user's experiment file on a thread of its own (src/demos/experiment/host.ts)
 * and returns its functions as tasks: its named function exports in source order, or,
 * when there are none, the functions of its default export object in their own order
 * (or the default export itself, if it is a function). Classes are not tasks. Both
 * TypeScript and JavaScript load through tsx. Close it when done.
 *
 * @throws {UsageError} the file does not exist, is not a file, is neither TypeScript nor JavaScript, or exports nothing runnable
 * @throws {ExperimentLoadError} the file does not load, or its top level never finishes
 * @example
 * const experiment = await loadExperiment('examples/experiment.ts', { signal });
 * try { experiment.tasks.map((t) => t.name); } finally { await experiment.close(); }
 * // ['readConfig', 'fetchUser', 'fetchOrders', 'warmCache']
 */
export async function loadExperiment(file: string, options: LoadOptions = {}): Promise<LoadedExperiment> {
  const path = resolve(options.cwd ?? process.cwd(), file);
  const shown = oneLine(file);
  try {
    if (!(await stat(path)).isFile()) throw new UsageError(`'${shown}' is not a file: give a .ts or .js file that exports async functions.`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot find '${shown}' (${(err as NodeJS.ErrnoException).code ?? 'unreadable'}): check the path.`);
  }
  const ext = extname(path).toLowerCase();
  if (!TYPESCRIPT.has(ext) && !JAVASCRIPT.has(ext)) {
    throw new UsageError(`'${shown}' is neither TypeScript nor JavaScript: give a .ts, .mts, .cts, .js, .mjs or .cjs file.`);
  }

  let thread: ExperimentThread;
  try {
    thread = await startExperimentThread(path, { signal: options.signal });
  } catch (err) {
    if (err instanceof ThreadLoadError) throw new ExperimentLoadError(`cannot load '${shown}': ${oneLine(err.message)}`, { cause: err });
    throw err;
  }
  if (thread.names.length === 0) {
    await thread.close();
    throw new UsageError(
      `'${shown}' exports no functions to run: export async functions (export async function fetchUser(signal) { … }) or a default object of them.`,
    );
  }
  return {
    tasks: thread.names.map((name) => ({ name, fn: (signal: AbortSignal) => thread.call(name, signal) })),
    notes: () => thread.notes(),
    close: () => thread.close(),
  };
}
