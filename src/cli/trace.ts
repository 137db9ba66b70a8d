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

/**
 * Turns measured runs into Chrome Trace Event JSON: each demo's variant is a process,
 * each lane a thread (Perfetto cannot draw overlapping events on one thread, and lanes
 * never overlap), and each task one complete ("X") event with `ts`/`dur` in
 * microseconds and its outcome in `args`. Variants are laid out one after another on
 * the time axis, as they ran, so the trace reads like the terminal timeline.
 *
 * @example
 * writeFileSync('t.json', JSON.stringify(toChromeTrace([{ demo: 'gather', measurement }])));
 */
export function toChromeTrace(runs: readonly { demo: string; measurement: Measurement }[]): TraceDocument {
  const traceEvents: TraceEvent[] = [];
  let pid = 0;
  let offsetUs = 0;
  for (const { demo, measurement } of runs) {
    for (const variant of measurement.variants) {
      pid++;
      traceEvents.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name: `${demo}: ${variant.name}` } });
      traceEvents.push({ name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: pid } });
      const lanes = new Set<number>();
      let endUs = 0;
      for (const span of variant.spans) {
        if (!lanes.has(span.lane)) {
          lanes.add(span.lane);
          traceEvents.push({ name: 'thread_name', ph: 'M', pid, tid: span.lane + 1, args: { name: `lane ${span.lane + 1}` } });
        }
        const ts = Math.round(span.start * 1000);
        const dur = Math.max(0, Math.round((span.end - span.start) * 1000));
        const args: Record<string, unknown> = { outcome: span.outcome };
        if (span.error !== undefined) args.error = span.error;
        traceEvents.push({ name: span.task, cat: variant.name, ph: 'X', pid, tid: span.lane + 1, ts: offsetUs + ts, dur, args });
        endUs = Math.max(endUs, ts + dur);
      }
      offsetUs += endUs;
    }
  }
  return { traceEvents, displayTimeUnit: 'ms' };
}
