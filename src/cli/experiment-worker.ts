/**
 * The thread `asyncdemo run` runs a user's file on. The user's code is contained here:
 * a function that loops for ever cannot hold the CLI's main thread (which terminates
 * this one on Ctrl-C), a promise that is never settled shows as this thread's event loop
 * running dry, a rejection nobody awaited and a timer left running are noticed and
 * pinned on the function that caused them.
 *
 * It lives in src/cli because it is a process of its own for the user's code (its
 * unhandled rejections, its handles). Loaded as compiled JavaScript
 * (dist/cli/experiment-worker.js) by experiment-thread.ts,
 * with the file's URL and path as `workerData`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { sourceOrder } from '../demos/experiment/source-order.js';

/** What the host sends. */
export type HostMessage = { type: 'call'; id: number; name: string; aborted: boolean } | { type: 'abort'; id: number };

/** An error, reduced to what survives a message. */
export interface ErrorData {
  name: string;
  message: string;
}

/** What the thread tells the host. */
export type ThreadMessage =
  | { type: 'loaded'; names: string[] }
  | { type: 'load-failed'; message: string }
  | { type: 'started'; id: number }
  | { type: 'settled'; id: number; outcome: 'ok'; value: unknown }
  | { type: 'settled'; id: number; outcome: 'threw' | 'aborted' | 'unhandled'; error: ErrorData }
  /** A rejection nobody awaited, or an uncaught throw, after its function had settled (or outside any). */
  | { type: 'late'; name: string | undefined; error: ErrorData }
  /** Handles that appeared while `names` ran and were still there when nothing ran. */
  | { type: 'leftover'; names: string[]; resources: string[] };

/** The data the host starts the thread with. */
export interface ThreadData {
  url: string;
  path: string;
}

interface Call {
  name: string;
  controller: AbortController;
  /** A rejection nobody awaited, or an uncaught throw, while it ran. */
  unhandled?: unknown;
  settled: boolean;
}

const port = parentPort;
const calls = new Map<number, Call>();
// Every call's function name, kept after it settles: a timer it left may still fail later.
const callNames = new Map<number, string>();
// Which call's code is running: follows every await, timer and callback it starts.
const context = new AsyncLocalStorage<number>();
let tasks = new Map<string, (signal: AbortSignal) => unknown>();
/**
 * One-off requests (a file read, a close, a DNS lookup, a socket write) finish on their
 * own; only handles (timers, sockets, servers, watchers) can run on for ever. Node 24's
 * module loader also leaves a few of its own requests in flight (FSReqPromise,
 * CloseReq) just as a function returns, which are not the user's.
 */
const REQUEST = /Req(Callback|Promise|Wrap)?$|^(WriteWrap|ShutdownWrap|SendWrap|ConnectWrap|TCPConnectWrap|PipeConnectWrap)$/;

// Functions called since nothing last ran, and the handles active then.
let sinceIdle: string[] = [];
let idleResources = resourceCounts();

function post(message: ThreadMessage): void {
  port?.postMessage(message);
}

function errorData(err: unknown): ErrorData {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

/** A rejection or throw nobody handled: the failure of the function whose code caused it. */
function stray(err: unknown): void {
  const id = context.getStore();
  const call = id === undefined ? undefined : calls.get(id);
  if (call !== undefined && !call.settled) {
    call.unhandled ??= err;
    return;
  }
  post({ type: 'late', name: id === undefined ? undefined : callNames.get(id), error: errorData(err) });
}

function resourceCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) if (!REQUEST.test(r)) counts.set(r, (counts.get(r) ?? 0) + 1);
  return counts;
}

/**
 * Nothing waiting means the host is waiting for us: keep the thread alive for its next
 * message. While a function runs, the thread lives only as long as the function has
 * something pending, so a promise that can never settle ends the thread, which the
 * host reports as that function never settling.
 */
function becameIdle(): void {
  port?.ref();
  const now = resourceCounts();
  const added: string[] = [];
  for (const [name, count] of now) for (let i = idleResources.get(name) ?? 0; i < count; i++) added.push(name);
  if (added.length > 0 && sinceIdle.length > 0) post({ type: 'leftover', names: sinceIdle, resources: added });
  idleResources = now;
  sinceIdle = [];
}

const aborted = (): DOMException => new DOMException('This operation was aborted', 'AbortError');

async function call(id: number, name: string, alreadyAborted: boolean): Promise<void> {
  const fn = tasks.get(name);
  const entry: Call = { name, controller: new AbortController(), settled: false };
  if (alreadyAborted) entry.controller.abort(aborted());
  calls.set(id, entry);
  callNames.set(id, name);
  if (calls.size === 1) port?.unref();
  sinceIdle.push(name);
  post({ type: 'started', id });
  let message: ThreadMessage;
  try {
    const value: unknown = await context.run(id, () => fn!(entry.controller.signal));
    // One turn of the loop: a promise the function rejected and left behind as it
    // returned is reported (as unhandled) before this, so it counts as this call's.
    await new Promise((resolve) => setImmediate(resolve));
    message = entry.unhandled === undefined ? { type: 'settled', id, outcome: 'ok', value: cloneable(value) } : unhandled(id, entry.unhandled);
  } catch (err) {
    const aborted = entry.controller.signal.aborted;
    message = entry.unhandled !== undefined && !aborted ? unhandled(id, entry.unhandled) : { type: 'settled', id, outcome: aborted ? 'aborted' : 'threw', error: errorData(err) };
  }
  entry.settled = true;
  calls.delete(id);
  // What it left running is told first: the host may end the run as soon as it hears the call settle.
  if (calls.size === 0) becameIdle();
  post(message);
}

function unhandled(id: number, err: unknown): ThreadMessage {
  return { type: 'settled', id, outcome: 'unhandled', error: errorData(err) };
}

/** The value if a message can carry it (the tests read it; the report never does). */
function cloneable(value: unknown): unknown {
  try {
    structuredClone(value);
    return value;
  } catch {
    return undefined;
  }
}

/**
 * The file's functions as tasks: its named function exports in source order, or, when
 * there are none, the functions of its default export object in their own order (or
 * the default export itself, if it is a function). Classes are not tasks.
 */
function functionsOf(namespace: Record<string, unknown>, source: string): Map<string, (signal: AbortSignal) => unknown> {
  const named = sourceOrder(
    Object.keys(namespace).filter((key) => key !== 'default'),
    source,
  ).flatMap((key) => task(key, namespace[key]));
  let fallback = namespace.default;
  // A TypeScript or JavaScript file outside an ESM package is compiled to CommonJS:
  // `export default {…}` then arrives as module.exports = { default: {…} }.
  if (typeof fallback === 'object' && fallback !== null && Object.keys(fallback).length === 1 && 'default' in fallback) {
    fallback = (fallback).default;
  }
  let chosen = named;
  if (typeof fallback === 'function') {
    if (named.length === 0) chosen = task('default', fallback);
  } else if (typeof fallback === 'object' && fallback !== null) {
    // In source order too: a TypeScript file compiled to CommonJS lists its exports alphabetically.
    const owner = fallback as Record<string, unknown>;
    const members = sourceOrder(Object.keys(owner), source).flatMap((key) => task(key, owner[key], owner));
    // A CommonJS module (or a file tsx compiles as one) shows up with its module.exports
    // as the default and only the names Node could detect statically as named exports:
    // then the default object is the whole, ordered truth.
    const commonJs = named.every(([name]) => (fallback as Record<string, unknown>)[name] === namespace[name]);
    if (named.length === 0 || commonJs) chosen = members;
  }
  return new Map(chosen);
}

type Entry = [string, (signal: AbortSignal) => unknown];

/** A task for `value` when it is a function, called as a method of `owner` (a default export object may use `this`). */
function task(name: string, value: unknown, owner?: object): Entry[] {
  if (typeof value !== 'function' || /^class[\s{]/.test(Function.prototype.toString.call(value))) return [];
  const fn = value as (this: unknown, signal: AbortSignal) => unknown;
  return [[name, (signal) => fn.call(owner, signal)]];
}

/**
 * One line saying why the file did not load. esbuild's message starts with a count
 * ("Transform failed with 1 error:") and puts the place and the error on the next line.
 */
function loadFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const lines = err.message.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  if (/^Transform failed with \d+ errors?:$/.test(lines[0] ?? '') && lines[1] !== undefined) {
    return `${lines[1].replace(': ERROR: ', ': ').replace(/:$/, '')}`;
  }
  return `${err.name}: ${lines[0] ?? ''}`;
}

async function load(data: ThreadData): Promise<void> {
  let namespace: Record<string, unknown>;
  try {
    // tsx for JavaScript too: one loader, one kind of error message (with the place of
    // a syntax error, which Node's own leaves out), and CommonJS interop alike.
    const { tsImport } = await import('tsx/esm/api');
    namespace = (await tsImport(data.url, import.meta.url)) as Record<string, unknown>;
  } catch (err) {
    post({ type: 'load-failed', message: loadFailure(err) });
    return;
  }
  let source = '';
  try {
    source = readFileSync(data.path, 'utf8');
  } catch {
    // Without the text, the names keep the namespace's order.
  }
  tasks = functionsOf(namespace, source);
  post({ type: 'loaded', names: [...tasks.keys()] });
  becameIdle();
}

if (port !== null) {
  process.on('unhandledRejection', stray);
  process.on('uncaughtException', stray);
  port.on('message', (message: HostMessage) => {
    if (message.type === 'call') void call(message.id, message.name, message.aborted);
    else calls.get(message.id)?.controller.abort(aborted());
  });
  // Loading runs the file's top level: like a function, it may wait for ever on nothing.
  port.unref();
  void load(workerData as ThreadData);
}
