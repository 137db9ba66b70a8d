import { describe, expect, it } from 'vitest';
import type { Measurement, Span } from '../../src/core/measure.js';
import { chromeTraceText, toChromeTrace } from '../../src/cli/trace.js';

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

describe('toChromeTrace with waits', () => {
  // A pool of 2: cpu-3 and cpu-4 wait 1 s for a thread; cpu-5 is cancelled while it waits.
  const queued = (task: string, start: number, running: number, end: number, lane: number, outcome: Span['outcome'] = 'ok'): Span => ({
    task,
    start,
    running,
    end,
    lane,
    outcome,
  });
  const pool: Measurement = {
    baseline: 'workers',
    interrupted: true,
    speedups: [],
    variants: [
      {
        name: 'workers',
        summary: '',
        plannedMs: 2000,
        ms: null,
        narration: [],
        spans: [
          queued('cpu-1', 0, 0, 1000, 0),
          queued('cpu-2', 0, 0, 1000, 1),
          queued('cpu-3', 0, 1000, 2000, 0),
          queued('cpu-4', 0, 1000, 2000, 1),
          queued('cpu-5', 0, 1500, 1500, 0, 'cancelled'),
        ],
      },
    ],
  };
  const trace = toChromeTrace([{ demo: 'cpu', measurement: pool }]);
  const complete = trace.traceEvents.filter((e) => e.ph === 'X');

  it('draws a running slice from when the task started running, on its lane', () => {
    expect(complete.find((e) => e.name === 'cpu-3')).toMatchObject({ tid: 1, ts: 1_000_000, dur: 1_000_000, args: { outcome: 'ok', waitedMs: 1000 } });
    // cpu-5 never ran: no running slice.
    expect(complete.filter((e) => e.name === 'cpu-5')).toEqual([]);
  });

  it('draws each wait as a slice of its own, category waiting, on waiting threads below the lanes', () => {
    const waits = complete.filter((e) => e.cat === 'waiting');
    expect(waits.map((e) => [e.name, e.ts, e.dur])).toEqual([
      ['cpu-3 (waiting)', 0, 1_000_000],
      ['cpu-4 (waiting)', 0, 1_000_000],
      ['cpu-5 (waiting)', 0, 1_500_000],
    ]);
    const threads = new Map(trace.traceEvents.filter((e) => e.name === 'thread_name').map((e) => [e.tid, e.args?.name]));
    expect([...threads.values()]).toEqual(['lane 1', 'lane 2', 'waiting 1', 'waiting 2', 'waiting 3']);
    for (const w of waits) expect(threads.get(w.tid)).toMatch(/^waiting /);
  });
});


describe('chromeTraceText', () => {
  it('is JSON.stringify of toChromeTrace, byte for byte, made one piece of about 256 K characters at a time', () => {
    const spans = Array.from({ length: 20_000 }, (_, i) => ({ ...span(`task "${i + 1}"`, i / 7, 100 + i / 3, i % 50), ...(i % 3 === 0 ? { running: i / 7 + 1 } : {}) }));
    const big: Measurement = { ...measurement, variants: [...measurement.variants, { ...measurement.variants[1]!, name: 'big', spans }] };
    const runs = [
      { demo: 'gather', measurement: big },
      { demo: 'cpu', measurement },
    ];
    const pieces = [...chromeTraceText(runs)];
    expect(pieces.join('')).toBe(`${JSON.stringify(toChromeTrace(runs))}\n`);
    expect(pieces.length).toBeGreaterThan(3);
    for (const piece of pieces) expect(piece.length).toBeLessThan(2 ** 18 + 500);
  });

  it('makes no piece before it is asked for', () => {
    const pieces = chromeTraceText([{ demo: 'gather', measurement }]);
    measurement.variants[0]!.spans[0]!.task = 'renamed before writing';
    try {
      expect([...pieces].join('')).toContain('"name":"renamed before writing"');
    } finally {
      measurement.variants[0]!.spans[0]!.task = 'Alice';
    }
  });
});
