/**
 * Where {@link writeChunks} writes: Node's Writable protocol, the part of it a writer
 * needs. `process.stdout`, a socket and the CLI's own stdout (main.ts) all fit; an
 * in-process sink with only `write` fits too, and is never waited for.
 */
export interface ChunkSink {
  /** False when the stream holds more than it wants: wait for 'drain' before the next write. */
  write(chunk: string): unknown;
  /** False once the stream is closed or failed (a reader that went away): the rest is not written. */
  readonly writable?: boolean;
  once?(event: DrainEvent, listener: () => void): unknown;
  off?(event: DrainEvent, listener: () => void): unknown;
}

/** What ends a wait for room: room, or a stream that will never have any. */
type DrainEvent = 'drain' | 'close' | 'error';
const WAKE: readonly DrainEvent[] = ['drain', 'close', 'error'];

/**
 * Writes `chunks` one after another, honouring backpressure: after a write that returns
 * false it waits for 'drain' (or 'close' / 'error') before making the next chunk, so a
 * slow reader (`asyncdemo … --json | gzip`) holds at most one chunk in memory rather than
 * the whole output in the stream's buffer. It stops, without error, once the stream is no
 * longer writable: a reader that went away (EPIPE) is the caller's business (main.ts turns
 * it into exit 0), not a failure to write.
 *
 * Chunks are pulled lazily: pass a generator and nothing is serialised before it is wanted.
 *
 * @example
 * await writeChunks(reportChunks(doc), process.stdout);
 */
export async function writeChunks(chunks: Iterable<string>, out: ChunkSink): Promise<void> {
  for (const chunk of chunks) {
    if (closed(out)) return;
    const room = out.write(chunk) !== false;
    if (!room && !closed(out) && out.once !== undefined) await drained(out);
  }
}

function closed(out: ChunkSink): boolean {
  return out.writable === false;
}

function drained(out: ChunkSink): Promise<void> {
  return new Promise((resolve) => {
    const wake = (): void => {
      for (const event of WAKE) out.off?.(event, wake);
      resolve();
    };
    for (const event of WAKE) out.once!(event, wake);
  });
}
