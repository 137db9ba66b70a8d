/**
 * Two runs of the same demos side by side: what `asyncdemo compare` prints and what
 * `--baseline` adds to a report. Pure: documents in, an `asyncdemo.comparison/1`
 * document out; rendering and exit codes are elsewhere.
 */
import type { Stats } from '../core/stats.js';
import { welchTest, type WelchResult } from '../core/welch.js';
import type { LoadedDocument } from './documents.js';
import type { EnvInfo, JsonReport, JsonVariant } from './report-json.js';
import type { HeadlineReason } from '../demos/verdict.js';
import { SCHEMA_IDS } from './schema.js';

/** The significance level of every test in a comparison. */
export const ALPHA = 0.05;

/** One side's timings of a variant, reduced to what a comparison shows. */
export interface SideStats {
  median: number;
  stddev: number;
  min: number;
  max: number;
  /** How many timed runs. */
  n: number;
}

/** A field that differs between the two sides. */
export interface Difference {
  name: string;
  before: unknown;
  after: unknown;
}

/** One variant, before and after. */
export interface VariantComparison {
  name: string;
  /** null when the variant is missing on that side or was not measured. */
  before: SideStats | null;
  after: SideStats | null;
  /** after median / before median: 2 means twice as slow; null when a side is missing. */
  ratio: number | null;
  /** Welch's t-test on the samples; null when either side has fewer than 3. */
  test: WelchResult | null;
}

/** The headline speedup, before and after. */
export interface HeadlineComparison {
  variant: string;
  baseline: string;
  before: number | null;
  after: number | null;
  /** after speedup / before speedup: below 1 means the concurrency gained less. */
  ratio: number | null;
  /** Welch's t-test on the per-round speedups (each round runs every variant once). */
  test: WelchResult | null;
  /**
   * Both sides' headlines are valid speedups (the variants did the same work, all of it
   * successfully); otherwise the ratios are shown but never gated on.
   */
  valid: boolean;
  /**
   * Why a side's headline is not a speedup, as its report says (`failed`, `first-answer`,
   * …); absent on a side that is one, or whose report gives no reason (added within /1).
   */
  reasonBefore?: HeadlineReason;
  reasonAfter?: HeadlineReason;
}

/** One demo, before and after. */
export interface DemoComparison {
  demo: string;
  /** The parameters that differ. */
  params: Difference[];
  variants: VariantComparison[];
  /** null unless both sides have a headline of the same two variants. */
  headline: HeadlineComparison | null;
  /**
   * The run on that side was stopped by Ctrl-C: its figures are partial, and a variant
   * missing there was not measured rather than left out (added within /1; absent when not).
   */
  interruptedBefore?: true;
  interruptedAfter?: true;
}

/** Something that got worse by more than `--max-regression`, beyond the noise. */
export interface Regression {
  demo: string;
  kind: 'variant' | 'headline';
  /** The variant, or the headline's variant. */
  name: string;
  /** How much worse, as a fraction: the median's rise, or the speedup's fall. */
  change: number;
  /** Welch's p, when it could be tested. */
  p: number | null;
}

/** `asyncdemo compare --json`'s document, and a report's `comparison` under `--baseline`. */
export interface JsonComparison {
  schema: 'asyncdemo.comparison/1';
  before: { file: string; env: EnvInfo };
  after: { file: string; env: EnvInfo };
  alpha: number;
  /** `--max-regression`, in percent; null without it. */
  maxRegression: number | null;
  /** The environment fields that differ. */
  env: Difference[];
  demos: DemoComparison[];
  /** Demos that only one side has. */
  onlyBefore: string[];
  onlyAfter: string[];
  /** Beyond `maxRegression` (empty without it). */
  regressions: Regression[];
}

/** Why two documents cannot be compared: one line, for exit 2. */
export class ComparisonError extends Error {
  override name = 'ComparisonError';
}

/** The environment fields a comparison looks at, in the order they are shown. */
const ENV_FIELDS = ['asyncdemo', 'node', 'platform', 'arch', 'cpu', 'cpus', 'load'] as const;
/**
 * Two 1-minute load averages differ when they are 0.5 and 20% apart: they drift by
 * tenths on an idle machine, and by a point or two on a busy one, without meaning much.
 */
function loadDiffers(a: number, b: number): boolean {
  const gap = Math.abs(a - b);
  return gap >= 0.5 && gap >= 0.2 * Math.max(a, b);
}

/**
 * Compares two documents demo by demo and variant by variant (paired by name). With
 * `maxRegression` (percent), lists what got worse by more than that: a variant's
 * median that rose, or a headline speedup that fell, where the change is also
 * significant at {@link ALPHA} when both sides have 3 or more runs (so noise does not
 * count); with fewer runs the percentage alone decides.
 *
 * @throws ComparisonError when the documents share no demo.
 * @example
 * const c = compareDocuments(readDocument('base.json'), readDocument('new.json'), { maxRegression: 25 });
 * c.demos[0].variants[0].ratio; // 1.98: twice as slow
 */
export function compareDocuments(before: LoadedDocument, after: LoadedDocument, options: { maxRegression?: number } = {}): JsonComparison {
  const afterByDemo = new Map(after.reports.map((r) => [r.demo, r]));
  const beforeByDemo = new Map(before.reports.map((r) => [r.demo, r]));
  const demos: DemoComparison[] = [];
  for (const b of before.reports) {
    const a = afterByDemo.get(b.demo);
    if (a !== undefined) demos.push(compareReports(b, a));
  }
  if (demos.length === 0) {
    const names = (d: LoadedDocument): string => (d.reports.length === 1 ? `a report of ${d.reports[0]!.demo}` : `a summary of ${d.reports.map((r) => r.demo).join(', ')}`);
    throw new ComparisonError(`${before.file} is ${names(before)} and ${after.file} is ${names(after)}: no demo in common to compare.`);
  }
  const comparison: JsonComparison = {
    schema: SCHEMA_IDS.comparison,
    before: { file: before.file, env: before.env },
    after: { file: after.file, env: after.env },
    alpha: ALPHA,
    maxRegression: options.maxRegression ?? null,
    env: envDifferences(before.env, after.env),
    demos,
    onlyBefore: before.reports.filter((r) => !afterByDemo.has(r.demo)).map((r) => r.demo),
    onlyAfter: after.reports.filter((r) => !beforeByDemo.has(r.demo)).map((r) => r.demo),
    regressions: [],
  };
  if (options.maxRegression !== undefined) comparison.regressions = regressions(demos, options.maxRegression / 100);
  return comparison;
}

function compareReports(before: JsonReport, after: JsonReport): DemoComparison {
  const names = [...after.variants.map((v) => v.name), ...before.variants.map((v) => v.name)];
  const variants = [...new Set(names)].map((name) => {
    const b = before.variants.find((v) => v.name === name);
    const a = after.variants.find((v) => v.name === name);
    return compareVariant(name, b?.ms ?? null, a?.ms ?? null);
  });
  return {
    demo: after.demo,
    params: differences(before.params, after.params),
    variants,
    headline: compareHeadline(before, after),
    ...(before.interrupted ? { interruptedBefore: true as const } : {}),
    ...(after.interrupted ? { interruptedAfter: true as const } : {}),
  };
}

function compareVariant(name: string, before: Stats | null, after: Stats | null): VariantComparison {
  const ratio = before !== null && after !== null && before.median > 0 ? after.median / before.median : null;
  return { name, before: side(before), after: side(after), ratio, test: before !== null && after !== null ? (welchTest(before.samples, after.samples, ALPHA) ?? null) : null };
}

function side(ms: Stats | null): SideStats | null {
  return ms === null ? null : { median: ms.median, stddev: ms.stddev, min: ms.min, max: ms.max, n: ms.samples.length };
}

function compareHeadline(before: JsonReport, after: JsonReport): HeadlineComparison | null {
  const b = before.speedups[0];
  const a = after.speedups[0];
  if (b === undefined || a === undefined || b.variant !== a.variant || b.baseline !== a.baseline) return null;
  const bv = finite(b.value);
  const av = finite(a.value);
  const roundsBefore = roundSpeedups(before, b.baseline, b.variant);
  const roundsAfter = roundSpeedups(after, a.baseline, a.variant);
  return {
    variant: a.variant,
    baseline: a.baseline,
    before: bv,
    after: av,
    ratio: bv !== null && av !== null && bv > 0 ? av / bv : null,
    test: roundsBefore !== undefined && roundsAfter !== undefined ? (welchTest(roundsBefore, roundsAfter, ALPHA) ?? null) : null,
    // Reports from before `valid` existed only had speedups.
    valid: b.valid !== false && a.valid !== false,
    ...(b.valid === false && b.reason !== undefined ? { reasonBefore: b.reason } : {}),
    ...(a.valid === false && a.reason !== undefined ? { reasonAfter: a.reason } : {}),
  };
}

/**
 * The speedup of each round: rounds run every variant once, interleaved, so the i-th
 * samples of two variants were timed side by side on the same machine state.
 */
function roundSpeedups(report: JsonReport, baseline: string, variant: string): number[] | undefined {
  const find = (name: string): JsonVariant | undefined => report.variants.find((v) => v.name === name);
  const base = find(baseline)?.ms?.samples;
  const v = find(variant)?.ms?.samples;
  if (base === undefined || v === undefined || base.length !== v.length || v.some((x) => !(x > 0))) return undefined;
  return base.map((x, i) => x / v[i]!);
}

function finite(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}

function regressions(demos: readonly DemoComparison[], limit: number): Regression[] {
  const found: Regression[] = [];
  const beyondNoise = (test: WelchResult | null): boolean => test === null || test.significant;
  for (const d of demos) {
    for (const v of d.variants) {
      if (v.ratio === null) continue;
      const rise = v.ratio - 1;
      if (rise > limit && beyondNoise(v.test)) found.push({ demo: d.demo, kind: 'variant', name: v.name, change: rise, p: v.test?.p ?? null });
    }
    const h = d.headline;
    if (h?.ratio != null && h.valid) {
      const fall = 1 - h.ratio;
      if (fall > limit && beyondNoise(h.test)) found.push({ demo: d.demo, kind: 'headline', name: h.variant, change: fall, p: h.test?.p ?? null });
    }
  }
  return found;
}

function differences(before: Record<string, unknown>, after: Record<string, unknown>): Difference[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((name) => ({ name, before: before[name] ?? null, after: after[name] ?? null }));
}

function envDifferences(before: EnvInfo, after: EnvInfo): Difference[] {
  const out: Difference[] = [];
  for (const name of ENV_FIELDS) {
    const b = before[name];
    const a = after[name];
    if (name === 'load') {
      const [b1, a1] = [before.load?.[0], after.load?.[0]];
      if (b1 !== undefined && a1 !== undefined && !loadDiffers(b1, a1)) continue;
      if (b1 === undefined && a1 === undefined) continue;
    } else if (JSON.stringify(b) === JSON.stringify(a)) continue;
    out.push({ name, before: b ?? null, after: a ?? null });
  }
  return out;
}

/**
 * Checks that `doc` has a report of `demo`, for `--baseline` on one demo.
 *
 * @throws ComparisonError naming what the baseline is instead.
 * @example
 * assertCovers(readDocument('base.json'), 'gather');
 */
export function assertCovers(doc: LoadedDocument, demo: string): void {
  if (doc.reports.some((r) => r.demo === demo)) return;
  const what = doc.kind === 'report' ? `a report of ${doc.reports[0]!.demo}` : `a summary without ${demo}`;
  throw new ComparisonError(`the baseline ${doc.file} is ${what}, not of ${demo}: nothing to compare with.`);
}
