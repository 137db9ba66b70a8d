import { assignLanes } from '../core/lanes.js';
import type { Measurement } from '../core/measure.js';

/** One Chrome Trace Event; only the fields we emit. */
export interface TraceEvent {
  name: string;
  ph: 'X' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

/** A Chrome Trace Event JSON document, as Perfetto and chrome://tracing open it. */
export interface TraceDocument {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
}

/** The measured runs a trace is made of: one demo's, or every demo's of `all`. */
type TraceRuns = readonly { demo: string; measurement: Measurement }[];

/**
 * Turns measured runs into Chrome Trace Event JSON: each demo's variant is a process,
 * each lane a thread (Perfetto cannot draw overlapping events on one thread, and lanes
 * never overlap), and each task one complete ("X") event with `ts`/`dur` in
 * microseconds and its outcome in `args`. Variants are laid out one after another on
 * the time axis, as they ran, so the trace reads like the terminal timeline.
 *
 * A task that waited for its turn (a span with `running`) has its wait as a slice of its
 * own, named "<task> (waiting)" in category `waiting`, on "waiting N" threads below the
 * lanes (waits overlap each other and other tasks' runs, so they cannot share the lanes);
 * its running slice on its lane starts when it began running.
 *
 * @example
 * writeFileSync('t.json', JSON.stringify(toChromeTrace([{ demo: 'gather', measurement }])));
 */
export function toChromeTrace(runs: TraceRuns): TraceDocument {
  return { traceEvents: [...traceEvents(runs)], displayTimeUnit: 'ms' };
}

/** About how many characters each piece of {@link chromeTraceText} holds. */
const PIECE = 1 << 18;

/**
 * `JSON.stringify(toChromeTrace(runs))` and a newline, in pieces of about 256 K
 * characters, each made when it is asked for: one event at a time, so the events never
 * exist all at once. `--trace` of a million tasks built a million events (and their
 * `args`) and one string of 200 MB: peak RSS 1129 MB against 392 MB without `--trace`;
 * made this way, 340 MB against 328 MB (2026-12-02, Node 20, `gather --count 1000000
 * --delay 100ms --variants gather --quiet`, medians of 10 interleaved samples, load 5–8;
 * bench row 8b).
 *
 * @example
 * for (const piece of chromeTraceText([{ demo: 'gather', measurement }])) writeSync(fd, piece);
 */
export function* chromeTraceText(runs: TraceRuns): Generator<string, void> {
  let piece = '{"traceEvents":[';
  let first = true;
  for (const event of traceEvents(runs)) {
    piece += `${first ? '' : ','}${JSON.stringify(event)}`;
    first = false;
    if (piece.length >= PIECE) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}],"displayTimeUnit":"ms"}\n`;
}

/** {@link toChromeTrace}'s events, one at a time. */
function* traceEvents(runs: TraceRuns): Generator<TraceEvent, void> {
  let pid = 0;
  let offsetUs = 0;
  for (const { demo, measurement } of runs) {
    for (const variant of measurement.variants) {
      pid++;
      yield { name: 'process_name', ph: 'M', pid, tid: 0, args: { name: `${demo}: ${variant.name}` } };
      yield { name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: pid } };
      // Which lanes have their thread named: a byte each, where a Set of a million lanes
      // (gather --count 1000000 runs each task on a lane of its own) took tens of MB.
      const named = new Uint8Array(variant.spans.reduce((most, span) => Math.max(most, span.lane + 1), 0));
      let laneCount = 0;
      let endUs = 0;
      const waits: { task: string; start: number; end: number; lane: number }[] = [];
      for (const span of variant.spans) {
        const running = span.running !== undefined && span.running > span.start ? span.running : span.start;
        if (running > span.start) waits.push({ task: span.task, start: span.start, end: running, lane: 0 });
        const neverRan = running > span.start && running >= span.end;
        const args: Record<string, unknown> = { outcome: span.outcome };
        if (span.error !== undefined) args.error = span.error;
        if (running > span.start) args.waitedMs = running - span.start;
        endUs = Math.max(endUs, Math.round(span.end * 1000));
        laneCount = Math.max(laneCount, span.lane + 1);
        if (neverRan) continue;
        if (named[span.lane] === 0) {
          named[span.lane] = 1;
          yield { name: 'thread_name', ph: 'M', pid, tid: span.lane + 1, args: { name: `lane ${span.lane + 1}` } };
        }
        const ts = Math.round(running * 1000);
        const dur = Math.max(0, Math.round((span.end - running) * 1000));
        yield { name: span.task, cat: variant.name, ph: 'X', pid, tid: span.lane + 1, ts: offsetUs + ts, dur, args };
      }
      if (waits.length > 0) {
        const base = laneCount + 1;
        const waitNamed = new Set<number>();
        for (const wait of assignLanes(waits)) {
          const tid = base + wait.lane;
          if (!waitNamed.has(tid)) {
            waitNamed.add(tid);
            yield { name: 'thread_name', ph: 'M', pid, tid, args: { name: `waiting ${wait.lane + 1}` } };
          }
          const ts = Math.round(wait.start * 1000);
          const dur = Math.max(0, Math.round((wait.end - wait.start) * 1000));
          yield { name: `${wait.task} (waiting)`, cat: 'waiting', ph: 'X', pid, tid, ts: offsetUs + ts, dur, args: { waiting: true } };
        }
      }
      offsetUs += endUs;
    }
  }
}
