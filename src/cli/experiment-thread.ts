import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { onAbort } from '../core/abort.js';
import { AbortError } from '../core/errors.js';
import { ContainedFailure } from '../demos/experiment/plan.js';
import type { ErrorData, HostMessage, ThreadData, ThreadMessage } from './experiment-worker.js';

/** The file did not load: a syntax error, a failing import, a throw at its top level, or a top level that never finished. */
export class ThreadLoadError extends Error {
  override name = 'ThreadLoadError' as const;
}

/** Options of {@link startExperimentThread}. */
export interface ExperimentThreadOptions {
  /** Aborting it stops the loading: the thread is terminated and it rejects with the reason. */
  signal?: AbortSignal;
  /** The compiled worker module (default: {@link experimentWorkerUrl}). */
  workerUrl?: URL;
  /**
   * After a call's signal aborts, how long its function has to stop on its own before
   * the thread is terminated under it (default 200 ms): Ctrl-C must end a run within
   * half a second, whatever the function does.
   */
  graceMs?: number;
}

/** A user's file, loaded on a thread of its own (see experiment-worker.ts). */
export interface ExperimentThread {
  /** The functions the file exports, in source order. */
  readonly names: readonly string[];
  /**
   * Calls the function `name` on the thread with an AbortSignal tied to `signal`, and
   * settles as it does. Rejects with `signal.reason` when aborted (after the grace, the
   * thread is terminated and restarted for the next call), and with a
   * {@link ContainedFailure} when the function rejected, left a rejection unhandled, or
   * never settled.
   */
  call(name: string, signal: AbortSignal): Promise<unknown>;
  /**
   * What the user's code did that no call could report: timers or sockets left running,
   * a rejection after its function had returned. One line each, for stderr.
   */
  notes(): { failures: string[]; warnings: string[] };
  /** Terminates the thread (whatever it still runs); safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Where the compiled worker is: next to this module in dist/, or from the TypeScript
 * sources (vitest, tsx) the same path under dist/ (`npm run build` first).
 *
 * @example
 * experimentWorkerUrl('file:///app/src/cli/experiment-thread.ts').href; // 'file:///app/dist/cli/experiment-worker.js'
 */
export function experimentWorkerUrl(from: string = import.meta.url): URL {
  return from.endsWith('.ts') ? new URL('../../dist/cli/experiment-worker.js', from) : new URL('./experiment-worker.js', from);
}

interface Pending {
  name: string;
  started: boolean;
  signal: AbortSignal;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  cleanup: () => void;
}

interface Loaded {
  worker: Worker;
  names: string[];
}

const RESOURCE_WORDS: Readonly<Record<string, string>> = {
  Timeout: 'a timer (setInterval or setTimeout)',
  Immediate: 'a setImmediate',
  TCPSocketWrap: 'a TCP connection',
  TCPServerWrap: 'a TCP server',
  UDPWrap: 'a UDP socket',
  PipeWrap: 'a pipe',
  ProcessWrap: 'a child process',
  FileHandle: 'an open file',
  MessagePort: 'a MessagePort',
  Worker: 'a worker thread',
};

/**
 * Starts a thread, loads `path` there through tsx, and resolves once its functions are
 * known. A top level that loops for ever is stopped by `signal`; one that waits for
 * ever on nothing is reported as never finishing.
 *
 * @throws {ThreadLoadError} the file does not load
 * @example
 * const thread = await startExperimentThread('/abs/exp.ts', { signal });
 * try { await thread.call(thread.names[0]!, signal); } finally { await thread.close(); }
 */
export async function startExperimentThread(path: string, options: ExperimentThreadOptions = {}): Promise<ExperimentThread> {
  const filename = fileURLToPath(options.workerUrl ?? experimentWorkerUrl());
  if (!existsSync(filename)) throw new Error(`asyncdemo's experiment worker ${filename} is missing: run \`npm run build\` first`);
  const graceMs = options.graceMs ?? 200;
  const data: ThreadData = { url: pathToFileURL(path).href, path };
  const pending = new Map<number, Pending>();
  const failures: string[] = [];
  const warnings: string[] = [];
  const owner = new Map<number, Worker>();
  let nextId = 1;
  let closed = false;
  let current: Promise<Loaded> | undefined;
  let live: Worker | undefined;

  /** Rejects every call of `worker` still pending: it is gone. */
  const orphan = (worker: Worker, why: (p: Pending) => unknown): void => {
    for (const [id, p] of pending) {
      if (owner.get(id) !== worker) continue;
      pending.delete(id);
      owner.delete(id);
      p.cleanup();
      p.reject(why(p));
    }
  };

  const load = (signal: AbortSignal | undefined): Promise<Loaded> =>
    new Promise<Loaded>((resolve, reject) => {
      if (signal?.aborted === true) return reject(signal.reason);
      const worker = new Worker(filename, { workerData: data });
      let names: string[] | undefined;
      const off = signal === undefined ? () => {} : onAbort(signal, () => {
        void worker.terminate();
        reject(signal.reason);
      });
      worker.on('message', (message: ThreadMessage) => {
        switch (message.type) {
          case 'loaded':
            names = message.names;
            live = worker;
            off();
            resolve({ worker, names });
            return;
          case 'load-failed':
            off();
            void worker.terminate();
            reject(new ThreadLoadError(message.message));
            return;
          case 'started': {
            const p = pending.get(message.id);
            if (p !== undefined) p.started = true;
            return;
          }
          case 'settled':
            settle(message);
            return;
          case 'late':
            failures.push(
              message.name === undefined
                ? `a promise rejected with nobody awaiting it, outside any function: ${show(message.error)}`
                : `${message.name}() left a promise that rejected after it returned, with nobody awaiting it: ${show(message.error)}`,
            );
            return;
          case 'leftover': {
            const who = message.names.length === 1 ? `${message.names[0]!}()` : `the functions ${message.names.map((n) => `${n}()`).join(', ')}`;
            warnings.push(`${who} left ${describeResources(message.resources)} running after it returned; it was stopped when the run ended`);
            return;
          }
        }
      });
      // An error the user's code did not catch is reported by the thread itself (as
      // its function's failure); this is the thread failing to run at all.
      worker.on('error', (err) => {
        off();
        reject(new ThreadLoadError(`${err.name}: ${err.message}`));
        orphan(worker, (p) => new ContainedFailure('Error', `${p.name}() stopped its thread: ${err.name}: ${err.message}`));
      });
      worker.on('exit', () => {
        off();
        if (live === worker) {
          live = undefined;
          current = undefined;
        }
        if (names === undefined) reject(new ThreadLoadError('its top level never finished: it awaits something that nothing left running can settle'));
        orphan(worker, (p) =>
          p.signal.aborted
            ? p.signal.reason
            : closed
              ? new AbortError(`${p.name}() stopped: the run ended`)
            : p.started
              ? new ContainedFailure('Error', `${p.name}() never settled: it awaits something that nothing left running can settle`)
              : new AbortError(`${p.name}() not started: its thread stopped`),
        );
      });
    });

  const settle = (message: Extract<ThreadMessage, { type: 'settled' }>): void => {
    const p = pending.get(message.id);
    if (p === undefined) return;
    pending.delete(message.id);
    owner.delete(message.id);
    p.cleanup();
    if (message.outcome === 'ok') return p.resolve(message.value);
    if (message.outcome === 'aborted') return p.reject(p.signal.aborted ? p.signal.reason : new AbortError(message.error.message));
    if (message.outcome === 'unhandled') {
      return p.reject(new ContainedFailure(message.error.name, `${message.error.message} (rejected in ${p.name}() with nobody awaiting it)`));
    }
    p.reject(new ContainedFailure(message.error.name, `${message.error.message} (thrown by ${p.name}())`));
  };

  const ensure = (signal?: AbortSignal): Promise<Loaded> => {
    if (current === undefined) {
      const loading = load(signal);
      current = loading;
      loading.catch(() => {
        if (current === loading) current = undefined;
      });
    }
    return current;
  };

  const first = await ensure(options.signal);
  const names = first.names;

  return {
    names,
    async call(name, signal) {
      if (closed) throw new Error('the experiment thread is already closed');
      // Called with an aborted signal, the function still runs, and sees it aborted.
      const { worker } = await (signal.aborted ? ensure() : ensure(signal));
      const id = nextId++;
      return new Promise<unknown>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        // A function that ignores its signal, or loops without awaiting, is stopped
        // with its thread; the next call starts a fresh one.
        const stop = (): void => {
          timer = setTimeout(() => {
            if (pending.has(id)) void worker.terminate();
          }, graceMs);
        };
        let off = (): void => {};
        if (signal.aborted) stop();
        else {
          off = onAbort(signal, () => {
            worker.postMessage({ type: 'abort', id } satisfies HostMessage);
            stop();
          });
        }
        const cleanup = (): void => {
          off();
          if (timer !== undefined) clearTimeout(timer);
        };
        pending.set(id, { name, started: false, signal, resolve, reject, cleanup });
        owner.set(id, worker);
        worker.postMessage({ type: 'call', id, name, aborted: signal.aborted } satisfies HostMessage);
      });
    },
    notes: () => {
      // One line per function: the same leftover shows again in every variant, and a
      // line naming one function says more than one naming the several that ran at once.
      const unique = [...new Set(warnings)];
      const single = unique.filter((w) => !w.startsWith('the functions '));
      return { failures: [...new Set(failures)], warnings: single.length > 0 ? single : unique };
    },
    async close() {
      closed = true;
      const loading = current;
      current = undefined;
      const loaded = await loading?.catch(() => undefined);
      await loaded?.worker.terminate();
    },
  };
}

function show(error: ErrorData): string {
  return `${error.name}: ${error.message}`;
}

/** `['Timeout', 'Timeout']` → "2 × a timer (setInterval or setTimeout)". */
function describeResources(resources: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts]
    .map(([r, n]) => `${n > 1 ? `${n} × ` : ''}${RESOURCE_WORDS[r] ?? r}`)
    .join(', ');
}
