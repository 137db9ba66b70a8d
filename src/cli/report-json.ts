import { availableParallelism, cpus, loadavg } from 'node:os';
import type { Caveat } from '../core/caveats.js';
import type { ErrorInfo, Measurement, NarrationLine, Outcome, Span, Speedup } from '../core/measure.js';
import type { Stats } from '../core/stats.js';
import type { Assessment, HeadlineReason } from '../demos/verdict.js';
import { gateRefusal } from './render/verdict.js';
import type { JsonComparison } from './compare.js';
import { readVersion } from './version.js';
import { writeChunks, type ChunkSink } from './write-chunks.js';

/**
 * Where a report was measured: enough to tell two machines' numbers apart, and what
 * `asyncdemo compare` lists when two reports differ. `cpu`, `load` and `asyncdemo`
 * were added within asyncdemo.report/1, so older reports may lack them.
 */
export interface EnvInfo {
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  /** The CPU model, as the OS names it ('unknown' when it does not). */
  cpu?: string;
  /** The 1, 5 and 15 minute load averages when the report was made (zeros on Windows). */
  load?: number[];
  /** The asyncdemo version that wrote the report. */
  asyncdemo?: string;
}

/**
 * This process's Node version, platform, architecture, usable CPUs, CPU model, load
 * averages and asyncdemo version.
 *
 * @example
 * envInfo(); // { node: 'v20.19.0', platform: 'linux', arch: 'x64', cpus: 2, cpu: 'AMD EPYC 7B13', load: [0.52, 0.61, 0.4], asyncdemo: '0.1.0' }
 */
export function envInfo(): EnvInfo {
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: availableParallelism(),
    cpu: cpus()[0]?.model.trim() || 'unknown',
    load: loadavg().map((x) => Math.round(x * 100) / 100),
    asyncdemo: asyncdemoVersion(),
  };
}

/**
 * The asyncdemo version that writes the reports ('0.0.0' when package.json cannot be read).
 *
 * @example
 * asyncdemoVersion(); // '0.1.0'
 */
export function asyncdemoVersion(): string {
  return (version ??= readVersion() ?? '0.0.0');
}

let version: string | undefined;

/** A span as the JSON report carries it: ms from the variant's start. */
export interface JsonSpan {
  task: string;
  start: number;
  end: number;
  outcome: Outcome;
  lane: number;
  error?: string;
  /** When it started running, for a task that waited first (see the core's Span). */
  running?: number;
}

/** One variant in the JSON report. */
export interface JsonVariant {
  name: string;
  summary: string;
  plannedMs: number;
  /** `null` when an interruption left no completed run. */
  ms: Stats | null;
  spans: JsonSpan[];
  narration: NarrationLine[];
  details?: Record<string, unknown>;
  error?: ErrorInfo;
}

/**
 * One comparison in the JSON report: the core's {@link Speedup}, its fields named here
 * one by one (a field added to the core joins the schema only when listed), with the
 * core's `invalid` renamed `reason` and the headline's verdict added. `value` is always
 * the ratio of the median times; it is a speedup only when `valid` is true.
 * `speedups[0]` (the headline) also says what the times measure, where its ideal comes
 * from, and, when not valid, why in words.
 */
export interface JsonSpeedup extends Pick<Speedup, 'variant' | 'baseline' | 'value' | 'stddev' | 'ideal' | 'efficiency'> {
  /** Both variants did the same work and all of it succeeded (and the demo's headline is a speedup). */
  valid: boolean;
  /** Why not, when not valid: `failed`, `different-work`, `first-answer` (race), `reliability` (retry). */
  reason?: HeadlineReason;
  /** Headline only, when not valid: the reason as one sentence. */
  why?: string;
  /** Headline only: what the compared times measure, in a learner's words. */
  measures?: string;
  /** Headline only: `plan` (the demo's own waits) or `measured` (the baseline's measured spans). */
  idealFrom?: 'plan' | 'measured';
}

/** `--json`'s document for one demo (DESIGN.md, "The CLI"). `speedups[0]` is the headline. */
export interface JsonReport {
  schema: 'asyncdemo.report/1';
  demo: string;
  params: Record<string, unknown>;
  variants: JsonVariant[];
  speedups: JsonSpeedup[];
  /** What makes a figure doubtful: spread, a busy machine, an efficiency above the ideal (see README). */
  caveats: Caveat[];
  interrupted: boolean;
  env: EnvInfo;
  /** With `--baseline`: this run compared with the baseline's report of the same demo. */
  comparison?: JsonComparison;
}

/** `all --json`'s document: every demo's report, in run order. */
export interface JsonSummary {
  schema: 'asyncdemo.summary/1';
  reports: JsonReport[];
  interrupted: boolean;
  /**
   * Only when interrupted: the demos Ctrl-C stopped before they measured anything (never
   * started, or stopped while preparing, which leaves an empty report), in run order; the
   * list the text Summary's "Interrupted: … not measured" line names. Added within
   * asyncdemo.summary/1.
   */
  notMeasured?: string[];
}

/**
 * Maps a measurement to the versioned JSON schema. Fields are copied explicitly, so a
 * field added to the core's types never leaks into the schema unannounced, and the
 * document shares no arrays with the measurement.
 *
 * A variant's `spans` are copied when first read, not here: {@link writeReport} and
 * {@link stringifyReport} write a report that nobody has read the spans of straight from
 * the measurement's spans, one at a time, and the copies are never made. A million spans
 * copied take ~100 MB (two boxed times each); see {@link writeReport}. Reading `spans`
 * (or `JSON.stringify`, a spread, a test's `toEqual`) gives the same fresh array as ever.
 *
 * @example
 * await writeReport(toJsonReport({ demo: 'gather', params, measurement }), stdout);
 */
export function toJsonReport(input: {
  demo: string;
  params: Record<string, unknown>;
  measurement: Measurement;
  /** The verdict on the headline and the caveats; without it, the core's validity stands alone. */
  assessment?: Assessment;
  env?: EnvInfo;
}): JsonReport {
  const m = input.measurement;
  const verdict = input.assessment?.verdict;
  return {
    schema: 'asyncdemo.report/1',
    demo: input.demo,
    params: input.params,
    variants: m.variants.map((v) => {
      const variant: JsonVariant = {
        name: v.name,
        summary: v.summary,
        plannedMs: v.plannedMs,
        ms: v.ms === null ? null : { ...v.ms, samples: [...v.ms.samples] },
        spans: [],
        narration: v.narration.map((line) => ({ at: line.at, text: line.text })),
      };
      if (v.details !== undefined) variant.details = v.details;
      if (v.error !== undefined) variant.error = v.error;
      copySpansLazily(variant, v.spans);
      return variant;
    }),
    speedups: m.speedups.map((s, i) => {
      const speedup: JsonSpeedup = {
        variant: s.variant,
        baseline: s.baseline,
        value: s.value,
        stddev: s.stddev,
        ideal: s.ideal,
        efficiency: s.efficiency,
        valid: s.valid,
      };
      if (s.invalid !== undefined) speedup.reason = s.invalid;
      if (i === 0 && verdict !== undefined) {
        speedup.valid = verdict.valid;
        if (verdict.reason !== undefined) speedup.reason = verdict.reason;
        if (!verdict.valid) speedup.why = gateRefusal(verdict);
        speedup.measures = verdict.measures;
        speedup.idealFrom = verdict.idealFrom;
      }
      return speedup;
    }),
    caveats: (input.assessment?.caveats ?? []).map((k) => ({ ...k })),
    interrupted: m.interrupted,
    env: input.env ?? envInfo(),
  };
}

/** A span as the report carries it: its schema fields, named one by one. */
function toJsonSpan(s: Span): JsonSpan {
  const span: JsonSpan = { task: s.task, start: s.start, end: s.end, outcome: s.outcome, lane: s.lane };
  if (s.error !== undefined) span.error = s.error;
  if (s.running !== undefined) span.running = s.running;
  return span;
}

/** The measurement's spans of each report variant whose `spans` nobody has read yet. */
const uncopied = new WeakMap<object, readonly Span[]>();

/**
 * Makes `variant.spans` a copy of `spans` made on first read (or replaced on first
 * write): a property in its place among the others, so key order and `Object.keys` are
 * unchanged. Until then the writers take the spans from `uncopied`.
 */
function copySpansLazily(variant: JsonVariant, spans: readonly Span[]): void {
  uncopied.set(variant, spans);
  const settle = (value: JsonSpan[]): JsonSpan[] => {
    uncopied.delete(variant);
    Object.defineProperty(variant, 'spans', { value, writable: true, enumerable: true, configurable: true });
    return value;
  };
  Object.defineProperty(variant, 'spans', {
    enumerable: true,
    configurable: true,
    get: () => settle(spans.map(toJsonSpan)),
    set: settle,
  });
}

/**
 * Wraps the reports of `asyncdemo all`; when interrupted, with the demos it never
 * measured (`notMeasured`, empty when every demo got that far).
 *
 * @example
 * stringifyReport(toJsonSummary(reports, signal.aborted, ['fetch-all', 'taskgroup']));
 */
export function toJsonSummary(reports: readonly JsonReport[], interrupted = false, notMeasured: readonly string[] = []): JsonSummary {
  const summary: JsonSummary = { schema: 'asyncdemo.summary/1', reports: [...reports], interrupted };
  if (interrupted) summary.notMeasured = [...notMeasured];
  return summary;
}

/**
 * JSON with a 2-space indent and a final newline, as `JSON.stringify(doc, null, 2)`
 * would print it except that an array of flat objects (spans, narration) or of
 * primitives puts one element per line, compactly: a million spans then take a million
 * short lines rather than eight million, and the work is linear. NaN and ±Infinity
 * become `null`, `undefined` members are left out, `toJSON` is honoured, bigints print
 * as numbers; a cycle throws a TypeError, as JSON.stringify does.
 *
 * @example
 * stringifyReport({ a: [1, 2], s: [{ task: 'A', end: NaN }] });
 * // '{\n  "a": [\n    1,\n    2\n  ],\n  "s": [\n    {"task":"A","end":null}\n  ]\n}\n'
 */
export function stringifyReport(doc: unknown): string {
  return [...reportChunks(doc)].join('');
}

/**
 * Writes {@link stringifyReport}'s text to `out` in pieces of about 256 K characters,
 * each made only when the stream has room for it (it waits for 'drain', see
 * {@link writeChunks}), and each span serialised from the measurement as its turn comes
 * (see {@link toJsonReport}). So a report of any size costs about one piece of memory.
 *
 * Why not `out.write(stringifyReport(doc))`, or one `JSON.stringify`: that holds the
 * whole text at once, as its parts, as one string and as the Buffer the stream makes of
 * it, and a pipe (`--json | jq`) keeps every Buffer it has not yet passed on. Measured
 * 2026-12-02, Node 20, peak RSS of `gather --count 1000000 --delay 100ms --variants
 * gather`, medians of 10 interleaved samples, load 5–8 on 2 cores (bench row 8b, README
 * "Performance"): with `--json | cat`, 574 MB when the spans were copied and the pieces
 * written without waiting, 338 MB now; `--quiet`, with no report to write, 392 / 328 MB.
 * Earlier (2026-12-01, Node 24, fetch-all --variants limited over 100 000 requests):
 * 283 MB with the whole string, 250 MB in pieces.
 *
 * @example
 * await writeReport(report, stdout);
 */
export function writeReport(doc: unknown, out: ChunkSink): Promise<void> {
  return writeChunks(reportChunks(doc), out);
}

/** About how many characters each piece of {@link reportChunks} holds. */
const PIECE = 1 << 18;

/**
 * {@link stringifyReport}'s text in pieces of about 256 K characters, each made when it
 * is asked for.
 */
function* reportChunks(doc: unknown): Generator<string, void> {
  const out = new Pieces();
  yield* write(out, doc, '', new Set());
  out.push('\n');
  yield out.take();
}

/** Text gathered until it makes a piece. */
class Pieces {
  #parts: string[] = [];
  #size = 0;
  push(text: string): void {
    this.#parts.push(text);
    this.#size += text.length;
  }
  get full(): boolean {
    return this.#size >= PIECE;
  }
  take(): string {
    const piece = this.#parts.join('');
    this.#parts = [];
    this.#size = 0;
    return piece;
  }
}

function* write(out: Pieces, value: unknown, indent: string, seen: Set<object>): Generator<string, void> {
  const v = normalize(value);
  if (v === undefined) {
    out.push('null');
    return;
  }
  if (typeof v !== 'object' || v === null) {
    out.push(scalar(v));
    return;
  }
  if (seen.has(v)) throw new TypeError('stringifyReport: the document has a cycle');
  seen.add(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    yield* writeItems(out, v, (x) => normalize(x), indent, seen);
  } else {
    const spans = uncopied.get(v);
    let first = true;
    for (const key of Object.keys(v)) {
      // A report variant's spans, never read: made one at a time from the measurement's.
      if (key === 'spans' && spans !== undefined) {
        out.push(`${first ? '{' : ','}\n${inner}"spans": `);
        yield* writeItems(out, spans, toJsonSpan, inner, seen);
      } else {
        const x = normalize((v as Record<string, unknown>)[key]);
        if (skipped(x)) continue;
        out.push(`${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `);
        yield* write(out, x, inner, seen);
      }
      first = false;
    }
    out.push(first ? '{}' : `\n${indent}}`);
  }
  seen.delete(v);
}

/** An array's items, `item` turning each into what is written: flat ones one per line. */
function* writeItems<T>(out: Pieces, items: readonly T[], item: (x: T) => unknown, indent: string, seen: Set<object>): Generator<string, void> {
  if (items.length === 0) {
    out.push('[]');
    return;
  }
  const inner = `${indent}  `;
  out.push('[');
  for (let i = 0; i < items.length; i++) {
    out.push(i === 0 ? `\n${inner}` : `,\n${inner}`);
    const x = item(items[i]!);
    if (isFlat(x)) out.push(flat(x));
    else yield* write(out, x, inner, seen);
    if (out.full) yield out.take();
  }
  out.push(`\n${indent}]`);
}

/** Applies `toJSON` (Dates, URLs) the way JSON.stringify would. */
function normalize(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON: () => unknown }).toJSON();
  }
  return value;
}

function skipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** A leaf, as JSON.stringify writes it (NaN and ±Infinity as null), but a bigint as a number. */
function scalar(value: unknown): string {
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    default:
      return 'null';
  }
}

/** A primitive, or an object whose members are all primitives: printed on one line. */
function isFlat(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  // A report variant is never flat, and reading its spans would copy them.
  if (Array.isArray(value) || uncopied.has(value)) return false;
  for (const key in value) {
    const x = (value as Record<string, unknown>)[key];
    if (typeof x === 'object' && x !== null && typeof (x as { toJSON?: unknown }).toJSON !== 'function') return false;
  }
  return true;
}

function flat(value: unknown): string {
  if (typeof value !== 'object' || value === null) return skipped(value) ? 'null' : scalar(value);
  try {
    // The native serializer is several times faster, and agrees with `scalar` on everything but bigints.
    return JSON.stringify(value);
  } catch {
    const parts: string[] = [];
    for (const [key, x] of Object.entries(value)) {
      const y = normalize(x);
      if (!skipped(y)) parts.push(`${JSON.stringify(key)}:${scalar(y)}`);
    }
    return `{${parts.join(',')}}`;
  }
}
