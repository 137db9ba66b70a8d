import type { Clock } from '../core/clock.js';
import type { Demo } from '../demos/types.js';
import type { ChunkSink } from './write-chunks.js';

/**
 * Where the CLI writes: a stream-like sink, with what it knows about its terminal, and
 * optionally Node's backpressure protocol (`writable`, 'drain'), which the JSON report's
 * writer honours (see {@link ChunkSink}).
 */
export interface OutStream extends ChunkSink {
  write(s: string): unknown;
  isTTY?: boolean;
  /** The terminal's width, when it is one (read at each use: it follows a resize). */
  columns?: number;
  /** The terminal's height, when it is one: the live view never draws taller. */
  rows?: number;
}

/**
 * Everything the CLI touches outside itself, injected so that the whole program runs
 * in-process in tests: output streams, environment, the cancellation signal, the clock
 * and the demo registry.
 *
 * @example
 * const io: CliIO = { stdout: process.stdout, stderr: process.stderr, env: process.env, signal };
 */
export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C (its reason names the signal) or when stdout closes. */
  signal?: AbortSignal;
  /** The clock demos and measurements run on; the system clock by default. */
  clock?: Clock;
  /** Standard input, for `fetch-all --urls-file -`; none (empty) by default. */
  stdin?: NodeJS.ReadableStream;
  /** The demos to offer; the registry by default. */
  demos?: readonly Demo[];
}
