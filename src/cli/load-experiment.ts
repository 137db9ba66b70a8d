import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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

/**
 * Loads a user's experiment file and returns its functions as tasks: its named
 * function exports (in name order: an ES module's namespace keeps no other), or, when
 * there are none, the functions of its default export object in their own order (or
 * the default export itself, if it is a function). Classes are not tasks.
 *
 * Both TypeScript and JavaScript load through tsx's `tsImport`, imported only now so
 * that no other command pays for it.
 *
 * @throws {UsageError} the file does not exist, is not a file, is neither TypeScript nor JavaScript, or exports nothing runnable
 * @throws {ExperimentLoadError} the file does not load
 * @example
 * const tasks = await loadExperiment('examples/experiment.ts');
 * tasks.map((t) => t.name); // ['fetchOrders', 'fetchUser', 'readConfig', 'warmCache']
 */
export async function loadExperiment(file: string, cwd: string = process.cwd()): Promise<ExperimentTask[]> {
  const path = resolve(cwd, file);
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

  let namespace: Record<string, unknown>;
  try {
    // tsx for JavaScript too: one loader, one kind of error message (with the place of
    // a syntax error, which Node's own leaves out), and CommonJS interop alike.
    const { tsImport } = await import('tsx/esm/api');
    namespace = (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>;
  } catch (err) {
    throw new ExperimentLoadError(`cannot load '${shown}': ${loadFailure(err)}`, { cause: err });
  }

  const tasks = functionsOf(namespace);
  if (tasks.length === 0) {
    throw new UsageError(
      `'${shown}' exports no functions to run: export async functions (export async function fetchUser(signal) { … }) or a default object of them.`,
    );
  }
  return tasks;
}

function functionsOf(namespace: Record<string, unknown>): ExperimentTask[] {
  const named = Object.keys(namespace)
    .filter((key) => key !== 'default')
    .flatMap((key) => task(key, namespace[key]));
  const fallback = namespace.default;
  if (typeof fallback === 'function') return named.length > 0 ? named : task('default', fallback);
  if (typeof fallback !== 'object' || fallback === null) return named;
  const members = Object.entries(fallback).flatMap(([key, value]) => task(key, value, fallback));
  // A CommonJS module (or a TypeScript file tsx compiles as one) shows up with its
  // module.exports as the default and only the names Node could detect statically as
  // named exports: then the default object is the whole, ordered truth.
  const commonJs = named.every((t) => (fallback as Record<string, unknown>)[t.name] === namespace[t.name]);
  return named.length === 0 || commonJs ? members : named;
}

/** A task for `value` when it is a function, called as a method of `owner` (a default export object may use `this`). */
function task(name: string, value: unknown, owner?: object): ExperimentTask[] {
  if (typeof value !== 'function' || isClass(value)) return [];
  const fn = value as (this: unknown, signal: AbortSignal) => unknown;
  return [{ name, fn: (signal) => fn.call(owner, signal) }];
}

function isClass(fn: object): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

/**
 * One line saying why the file did not load. esbuild's message starts with a count
 * ("Transform failed with 1 error:") and puts the place and the error on the next line.
 */
function loadFailure(err: unknown): string {
  if (!(err instanceof Error)) return oneLine(String(err));
  const lines = err.message.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  if (/^Transform failed with \d+ errors?:$/.test(lines[0] ?? '') && lines[1] !== undefined) {
    return oneLine(`${lines[1].replace(': ERROR: ', ': ').replace(/:$/, '')}`);
  }
  return oneLine(`${err.name}: ${lines[0] ?? ''}`);
}
