import { describe, expect, it } from 'vitest';
import type { Measurement, Span } from '../../src/core/measure.js';
import { toChromeTrace } from '../../src/cli/trace.js';

const span = (task: string, start: number, end: number, lane: number, outcome: Span['outcome'] = 'ok'): Span => ({
  task,
  start,
  end,
  lane,
  outcome,
  ...(outcome === 'ok' ? {} : { error: `${task} ${outcome}` }),
});

const measurement: Measurement = {
  baseline: 'sequential',
  interrupted: false,
  speedups: [],
  variants: [
    {
      name: 'sequential',
      summary: 'one after another',
      plannedMs: 3000,
      ms: null,
      narration: [],
      spans: [span('Alice', 0, 1000, 0), span('Bob', 1000, 2000, 0), span('Charlie', 2000, 3000.5, 0)],
    },
    {
      name: 'gather',
      summary: 'all at once',
      plannedMs: 1000,
      ms: null,
      narration: [],
      spans: [span('Alice', 0, 1000, 0), span('Bob', 0, 500, 1, 'error'), span('Charlie', 0.25, 500, 2, 'cancelled')],
    },
  ],
};

describe('toChromeTrace', () => {
  const trace = toChromeTrace([{ demo: 'gather', measurement }]);
  const complete = trace.traceEvents.filter((e) => e.ph === 'X');

  it('emits one complete event per task, in microseconds', () => {
    expect(complete).toHaveLength(6);
    expect(complete[2]).toMatchObject({ name: 'Charlie', ts: 2_000_000, dur: 1_000_500, args: { outcome: 'ok' } });
  });

  it('makes each variant a process and each lane a thread, with names', () => {
    const processes = trace.traceEvents.filter((e) => e.name === 'process_name').map((e) => e.args?.name);
    expect(processes).toEqual(['gather: sequential', 'gather: gather']);
    const gatherThreads = trace.traceEvents.filter((e) => e.name === 'thread_name' && e.pid === 2).map((e) => e.tid);
    expect(gatherThreads).toEqual([1, 2, 3]);
    expect(new Set(complete.filter((e) => e.pid === 1).map((e) => e.tid))).toEqual(new Set([1]));
  });

  it('never overlaps two events on one thread', () => {
    const byThread = new Map<string, { ts: number; dur: number }[]>();
    for (const e of complete) {
      const key = `${e.pid}/${e.tid}`;
      byThread.set(key, [...(byThread.get(key) ?? []), { ts: e.ts!, dur: e.dur! }]);
    }
    for (const events of byThread.values()) {
      events.sort((a, b) => a.ts - b.ts);
      for (let i = 1; i < events.length; i++) expect(events[i]!.ts).toBeGreaterThanOrEqual(events[i - 1]!.ts + events[i - 1]!.dur);
    }
  });

  it('places each variant after the previous one and keeps outcomes and errors in args', () => {
    const bob = complete.find((e) => e.pid === 2 && e.name === 'Bob')!;
    expect(bob.ts).toBe(3_000_500);
    expect(bob.args).toEqual({ outcome: 'error', error: 'Bob error' });
    expect(complete.find((e) => e.pid === 2 && e.name === 'Charlie')!.args).toEqual({ outcome: 'cancelled', error: 'Charlie cancelled' });
  });

  it('round-trips through JSON as a Trace Event document', () => {
    const parsed = JSON.parse(JSON.stringify(trace)) as { traceEvents: unknown[]; displayTimeUnit: string };
    expect(parsed.displayTimeUnit).toBe('ms');
    expect(parsed.traceEvents.length).toBe(trace.traceEvents.length);
  });
});
