import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { envInfo, stringifyReport, toJsonReport, toJsonSummary, writeReport, type EnvInfo, type JsonReport } from '../../src/cli/report-json.js';
import type { Caveat } from '../../src/core/caveats.js';
import { measure, type Measurement, type Span } from '../../src/core/measure.js';
import { gatherDemo } from '../../src/demos/gather.js';
import { greetDemo } from '../../src/demos/greet.js';
import { limitDemo } from '../../src/demos/limit.js';
import { queueDemo } from '../../src/demos/queue.js';
import { taskgroupDemo } from '../../src/demos/taskgroup.js';
import type { Demo } from '../../src/demos/types.js';
import { FakeClock, flush } from '../helpers/fake-clock.js';
import { params as demoParams } from '../demos/shared/params.js';
import { documentProblems, uncheckedParse } from '../helpers/documents.js';
import { greet, span } from './render/fixtures.js';

const env: EnvInfo = { node: 'v20.19.0', platform: 'linux', arch: 'x64', cpus: 2 };
const params = { count: 3, delayMs: 1000, scale: 1 };

describe('toJsonReport', () => {
  it('carries the schema, the demo, the params, every variant, the speedups and the env', () => {
    const m = greet(3);
    const doc = toJsonReport({ demo: 'gather', params, measurement: m, env });
    expect(Object.keys(doc)).toEqual(['schema', 'demo', 'params', 'variants', 'speedups', 'caveats', 'interrupted', 'env']);
    expect(doc.schema).toBe('asyncdemo.report/1');
    expect(doc.demo).toBe('gather');
    expect(doc.params).toEqual(params);
    expect(doc.interrupted).toBe(false);
    expect(doc.env).toEqual(env);
    expect(doc.speedups).toEqual(m.speedups);
    expect(doc.speedups[0]).toMatchObject({ variant: 'gather', baseline: 'sequential', ideal: 3 });
    const [sequential] = doc.variants;
    expect(Object.keys(sequential!)).toEqual(['name', 'summary', 'plannedMs', 'ms', 'spans', 'narration']);
    expect(sequential!.ms).toEqual({ median: 3004, mean: 3004.3333333333335, min: 3001, max: 3008, stddev: sequential!.ms!.stddev, samples: [3001, 3004, 3008] });
    expect(sequential!.spans[1]).toEqual({ task: 'Bob', start: 1000, end: 2000, outcome: 'ok', lane: 0 });
    expect(sequential!.narration[1]).toEqual({ at: 1001, text: 'Done greeting Alice' });
  });

  it("includes a span's error, a variant's details and error only when present, and no stray fields", () => {
    const m = greet();
    const gather = m.variants[1]!;
    gather.spans[1] = { ...span('Bob', 0, 500, 1, 'error'), error: 'Bob failed' };
    Object.assign(gather.spans[2]!, { internal: 'not in the schema' });
    gather.details = { http: { p50: 12 } };
    gather.error = { name: 'AggregateError', message: 'TaskGroup failed', errors: [{ name: 'Error', message: 'Bob failed' }] };
    const doc = toJsonReport({ demo: 'gather', params, measurement: m, env });
    const v = doc.variants[1]!;
    expect(v.spans[1]).toEqual({ task: 'Bob', start: 0, end: 500, outcome: 'error', lane: 1, error: 'Bob failed' });
    expect(v.spans[2]).toEqual({ task: 'Charlie', start: 0, end: 1000, outcome: 'ok', lane: 2 });
    expect(v.details).toEqual({ http: { p50: 12 } });
    expect(v.error?.errors?.[0]?.message).toBe('Bob failed');
    expect('details' in doc.variants[0]! || 'error' in doc.variants[0]!).toBe(false);
  });

  it('carries when a task that waited for its turn started running, and nothing for one that did not', () => {
    const m = greet();
    m.variants[1]!.spans[2] = { ...span('Charlie', 0, 2000, 0), running: 1000 };
    const doc = toJsonReport({ demo: 'gather', params, measurement: m, env });
    expect(doc.variants[1]!.spans[2]).toEqual({ task: 'Charlie', start: 0, end: 2000, outcome: 'ok', lane: 0, running: 1000 });
    expect('running' in doc.variants[1]!.spans[0]!).toBe(false);
    expect(documentProblems(JSON.parse(stringifyReport(doc)))).toEqual([]);
  });

  it("says in speedups[0] whether the headline is a speedup, why not, what it measures and where its ideal comes from", () => {
    const m = greet();
    m.speedups.push({ ...m.speedups[0]!, variant: 'other', valid: false, invalid: 'failed' });
    const verdict = {
      variant: 'gather',
      baseline: 'sequential',
      kind: 'first-answer' as const,
      measures: 'how long until every mirror has stopped',
      valid: false,
      reason: 'first-answer' as const,
      idealFrom: 'plan' as const,
    };
    const caveats = [{ kind: 'busy' as const, load1: 3.5, cores: 2 }];
    const doc = toJsonReport({ demo: 'race', params, measurement: m, assessment: { verdict, caveats }, env });
    expect(doc.speedups[0]).toMatchObject({ valid: false, reason: 'first-answer', measures: verdict.measures, idealFrom: 'plan' });
    expect(doc.speedups[0]!.why).toMatch(/^the headline is not a speedup: gather vs sequential compares the time to a first answer/);
    // The others carry the core's validity alone.
    expect(doc.speedups[1]).toEqual({ ...m.speedups[1], reason: 'failed', invalid: undefined });
    expect(doc.caveats).toEqual(caveats);
    expect(doc.caveats[0]).not.toBe(caveats[0]);

    const valid = toJsonReport({ demo: 'gather', params, measurement: greet(), assessment: { verdict: { ...verdict, kind: 'speedup', valid: true, reason: undefined as never, idealFrom: 'measured' }, caveats: [] }, env });
    expect(valid.speedups[0]).toMatchObject({ valid: true, idealFrom: 'measured' });
    expect('why' in valid.speedups[0]! || 'reason' in valid.speedups[0]!).toBe(false);
  });

  it('every kind of caveat is a valid part of the report (the schema lists each one)', () => {
    const verdict = { variant: 'gather', baseline: 'sequential', kind: 'speedup' as const, measures: 'x', valid: true, idealFrom: 'plan' as const };
    const every: Caveat[] = [
      { kind: 'spread', variant: 'gather', relativeStddev: 0.08, runs: 3 },
      { kind: 'busy', load1: 3.5, cores: 2 },
      { kind: 'loop-delay', p99Ms: 31, maxMs: 52 },
      { kind: 'cores-busy', variant: 'workers', expectedMs: 500, observedMs: 910, threads: 2, cores: 2 },
      { kind: 'parallel-slowdown', variant: 'workers', baseline: 'sequential', efficiency: 0.964, aloneMs: 512, togetherMs: 531, threads: 2, cores: 2 },
      { kind: 'efficiency', variant: 'gather', baseline: 'sequential', efficiency: 1.05, cause: 'noise', baselineOver: 0.05, variantOver: 0 },
    ];
    const doc = toJsonReport({ demo: 'gather', params, measurement: greet(), assessment: { verdict, caveats: every }, env });
    expect(documentProblems(uncheckedParse(stringifyReport(doc)))).toEqual([]);
    // A kind the schema does not list is refused: the check above can fail.
    const unknown = { ...doc, caveats: [{ kind: 'made-up', variant: 'workers' }] };
    expect(documentProblems(uncheckedParse(JSON.stringify(unknown)))).not.toEqual([]);
  });

  it('shares no arrays with the measurement', () => {
    const m = greet();
    const doc = toJsonReport({ demo: 'gather', params, measurement: m, env });
    doc.variants[0]!.spans.pop();
    doc.variants[0]!.ms!.samples.push(1);
    doc.speedups[0]!.value = 0;
    expect(m.variants[0]!.spans).toHaveLength(3);
    expect(m.variants[0]!.ms!.samples).toEqual([3004]);
    expect(m.speedups[0]!.value).toBeCloseTo(2.998, 3);
  });

  it('keeps ms null for a variant an interruption left unmeasured, and says it was interrupted', () => {
    const m = greet();
    m.interrupted = true;
    m.variants[1]!.ms = null;
    m.speedups = [];
    const doc = toJsonReport({ demo: 'gather', params, measurement: m, env });
    expect(doc.interrupted).toBe(true);
    expect(doc.variants[1]!.ms).toBeNull();
    expect(doc.speedups).toEqual([]);
  });

  it("describes this process's environment by default", () => {
    const doc = toJsonReport({ demo: 'gather', params, measurement: greet() });
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    // The load averages move between two calls; everything else is fixed for the process.
    expect(doc.env).toEqual({
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: availableParallelism(),
      cpu: cpus()[0]!.model.trim() || 'unknown',
      load: expect.any(Array) as unknown,
      asyncdemo: pkg.version,
    });
    expect(doc.env.load).toHaveLength(3);
    for (const x of doc.env.load!) expect(x).toBeGreaterThanOrEqual(0);
    expect(envInfo().cpus).toBeGreaterThanOrEqual(1);
  });
});

describe('toJsonSummary', () => {
  it('wraps the reports under its own schema', () => {
    const report = toJsonReport({ demo: 'gather', params, measurement: greet(), env });
    const reports = [report];
    const doc = toJsonSummary(reports);
    expect(doc).toEqual({ schema: 'asyncdemo.summary/1', reports: [report], interrupted: false });
    expect(doc.reports).not.toBe(reports);
    expect(toJsonSummary([], true).interrupted).toBe(true);
  });
});

describe('writeReport', () => {
  it("writes stringifyReport's text in pieces of about 256 K characters, never the whole at once", async () => {
    const spans = Array.from({ length: 20_000 }, (_, i) => ({ task: `task ${i + 1}`, start: i / 3, end: i, outcome: 'ok', lane: i }));
    const doc = { schema: 'x', variants: [{ name: 'v', spans }], rows: spans.map((s) => ({ url: s.task, status: 200 })) };
    const chunks: string[] = [];
    await writeReport(doc, { write: (chunk: string) => chunks.push(chunk) });
    const whole = stringifyReport(doc);
    expect(whole.length).toBeGreaterThan(3 * 2 ** 18);
    expect(chunks.join('')).toBe(whole);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(2 ** 18 + 200);
  });

  it("waits for 'drain' after a write that returns false, before making the next piece", async () => {
    const doc = toJsonReport({ demo: 'gather', params, measurement: many(30_000), env });
    const out = new FakeWritable();
    const done = writeReport(doc, out);
    let settled = false;
    void done.then(() => (settled = true));
    await flush();
    // The first piece went out, the stream said it was full: nothing more until it drains.
    expect(out.chunks).toHaveLength(1);
    expect(settled).toBe(false);
    out.emit('drain');
    await flush();
    expect(out.chunks).toHaveLength(2);
    while (!settled) {
      out.emit('drain');
      await flush();
    }
    expect(out.chunks.length).toBeGreaterThan(3);
    expect(out.chunks.join('')).toBe(stringifyReport(doc));
    // No listener is left behind on the stream.
    expect(out.eventNames()).toEqual([]);
  });

  it('stops writing, without an error, once the stream is no longer writable (the reader went away)', async () => {
    const doc = toJsonReport({ demo: 'gather', params, measurement: many(30_000), env });
    const out = new FakeWritable();
    const done = writeReport(doc, out);
    await flush();
    expect(out.chunks).toHaveLength(1);
    out.writable = false;
    out.emit('close');
    await done;
    expect(out.chunks).toHaveLength(1);
    expect(out.eventNames()).toEqual([]);
  });

  it('holds about one piece in a real stream whose reader is slow, and writes the whole document', async () => {
    const doc = toJsonReport({ demo: 'gather', params, measurement: many(30_000), env });
    let text = '';
    let mostBuffered = 0;
    const out = new Writable({
      decodeStrings: false,
      write(chunk: string, _encoding, callback) {
        text += chunk;
        mostBuffered = Math.max(mostBuffered, out.writableLength);
        setImmediate(callback);
      },
    });
    await writeReport(doc, out);
    expect(text).toBe(stringifyReport(doc));
    expect(text.length).toBeGreaterThan(4 * 2 ** 18);
    expect(mostBuffered).toBeLessThan(2 ** 18 + 200);
  });
});

describe('the report, written straight from the measurement', () => {
  const demos: [Demo, Parameters<typeof demoParams>[1]][] = [
    [greetDemo, {}],
    [gatherDemo, { options: { fail: 'Bob' } }],
    [taskgroupDemo, { options: { fail: 'B' } }],
    [limitDemo, { count: 6 }],
    [queueDemo, {}],
  ];
  it.each(demos.map(([demo, over]) => [demo.name, demo, over] as const))('%s: the same bytes as the report with its spans copied, and the same JSON as JSON.stringify of it', async (_, demo, over) => {
    const plan = await demo.plan(demoParams(demo, over));
    const clock = new FakeClock();
    const measurement = await clock.run(measure({ variants: plan.variants, clock, headline: plan.headline }));
    const input = { demo: demo.name, params: { ...plan.params }, measurement, env };
    let streamed = '';
    await writeReport(toJsonReport(input), { write: (chunk: string) => (streamed += chunk) });
    // The report as it always was: every variant's spans copied into plain objects.
    const copied = toJsonReport(input);
    for (const v of copied.variants) v.spans = v.spans.map((s) => ({ ...s }));
    expect(streamed).toBe(stringifyReport(copied));
    expect(JSON.parse(streamed)).toEqual(JSON.parse(JSON.stringify(copied)));
    // Every span of the measurement is there, with the schema's fields only, in its order.
    const spans = (JSON.parse(streamed) as JsonReport).variants.flatMap((v) => v.spans);
    expect(spans).toHaveLength(measurement.variants.reduce((n, v) => n + v.spans.length, 0));
    for (const s of spans) expect(Object.keys(s).join()).toMatch(/^task,start,end,outcome,lane(,error)?(,running)?$/);
  });

  it("keeps the schema's key order, escapes strings and nulls non-finite numbers as JSON.stringify does", async () => {
    const m = greet();
    const [a, b, c] = m.variants[1]!.spans;
    // In the core's Span, running comes before error; the report names error first.
    m.variants[1]!.spans = [
      { task: 'say "hi"\n\u2028\ud800', start: 0, running: 5, end: Number.NaN, outcome: 'error', error: 'boom\t"x"', lane: 0 },
      { ...a!, end: Infinity, internal: 'not in the schema' } as Span,
      b!,
      c!,
    ];
    let streamed = '';
    await writeReport(toJsonReport({ demo: 'gather', params, measurement: m, env }), { write: (chunk: string) => (streamed += chunk) });
    const line = streamed.split('\n').find((l) => l.includes('say'))!;
    expect(line.trim()).toBe(`${JSON.stringify({ task: 'say "hi"\n\u2028\ud800', start: 0, end: null, outcome: 'error', lane: 0, error: 'boom\t"x"', running: 5 })},`);
    expect(streamed).not.toContain('internal');
    expect(streamed).toContain('{"task":"Alice","start":0,"end":null,"outcome":"ok","lane":0}');
  });

  it('never copies the spans of a report nobody read them from, and copies them once when read', async () => {
    const m = greet();
    const doc = toJsonReport({ demo: 'gather', params, measurement: m, env });
    await writeReport(doc, { write: () => true });
    stringifyReport(doc);
    // Had either writer copied them, the copy would not see this.
    m.variants[0]!.spans[0]!.task = 'changed later';
    expect(doc.variants[0]!.spans[0]!.task).toBe('changed later');
    m.variants[0]!.spans[0]!.task = 'changed again';
    expect(doc.variants[0]!.spans[0]!.task).toBe('changed later');
    expect(doc.variants[0]!.spans).toBe(doc.variants[0]!.spans);
    // Replaced before being read: the new value stands, and is what is written.
    doc.variants[1]!.spans = [];
    expect(stringifyReport(doc)).toContain('"spans": []');
  });
});

/** `n` concurrent spans of the gather variant, as a large run has. */
function many(n: number): Measurement {
  const m = greet();
  m.variants[1]!.spans = Array.from({ length: n }, (_, i) => span(`task ${i + 1}`, i / 7, 100 + i / 3, i));
  return m;
}

/** A stream that takes every write and says each time it is full, until told 'drain'. */
class FakeWritable extends EventEmitter {
  chunks: string[] = [];
  writable = true;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return false;
  }
}

describe('stringifyReport', () => {
  it('round-trips a report as JSON with a 2-space indent and a final newline', () => {
    const doc = toJsonReport({ demo: 'gather', params, measurement: greet(3), env });
    const text = stringifyReport(doc);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n').slice(0, 3)).toEqual(['{', '  "schema": "asyncdemo.report/1",', '  "demo": "gather",']);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('writes each span on one line', () => {
    const doc = toJsonReport({ demo: 'gather', params, measurement: greet(), env });
    const spanLines = stringifyReport(doc)
      .split('\n')
      .filter((l) => l.includes('"task"'));
    expect(spanLines).toHaveLength(6);
    expect(spanLines[0]).toBe('        {"task":"Alice","start":0,"end":1000,"outcome":"ok","lane":0},');
  });

  it('turns NaN and infinities into null', () => {
    const m = greet();
    m.variants[0]!.spans[0]!.end = Number.NaN;
    m.speedups[0]!.value = Infinity;
    m.speedups[0]!.efficiency = -Infinity;
    const text = stringifyReport(toJsonReport({ demo: 'gather', params: { x: Number.NaN }, measurement: m, env }));
    expect(text).not.toMatch(/NaN|Infinity/);
    // A span ending at NaN is the serializer's test case, never a report the CLI writes.
    const back = uncheckedParse(text) as ReturnType<typeof toJsonReport>;
    expect(back.params).toEqual({ x: null });
    expect(back.variants[0]!.spans[0]!.end).toBeNull();
    expect(back.speedups[0]!.value).toBeNull();
    expect(back.speedups[0]!.efficiency).toBeNull();
  });

  it('agrees with JSON.stringify on the awkward values', () => {
    const doc = {
      date: new Date(0),
      missing: undefined,
      fn: () => 1,
      list: [undefined, null, 'q"\n', [1, [2]], { nested: { deep: true } }, {}, []],
      empty: {},
    };
    const text = stringifyReport(doc);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(doc)));
    expect(text).not.toContain('missing');
    expect(stringifyReport({ big: 12345678901234567890n })).toBe('{\n  "big": 12345678901234567890\n}\n');
  });

  it('refuses a cycle instead of recursing forever', () => {
    const doc: Record<string, unknown> = { a: 1 };
    doc.self = { back: doc };
    expect(() => stringifyReport(doc)).toThrow(TypeError);
  });

  it('handles 200 000 spans in one pass: one line each, no stack overflow', () => {
    const n = 200_000;
    const spans = Array.from({ length: n }, (_, i) => span(`t${i}`, i, i + 1, i % 8));
    const t0 = performance.now();
    const text = stringifyReport({ variants: [{ spans }] });
    const elapsed = performance.now() - t0;
    expect(text.split('\n')).toHaveLength(n + 9);
    expect((JSON.parse(text) as { variants: { spans: unknown[] }[] }).variants[0]!.spans).toHaveLength(n);
    expect(elapsed).toBeLessThan(5000);
  });
});
