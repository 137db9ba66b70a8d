/**
 * What `--baseline`, `--max-regression` and `--export-markdown` do once a run is
 * measured: compare its report with the baseline, render that under the report, turn
 * regressions into exit 3 with one stderr line, and write the markdown file.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../demos/types.js';
import { assertCovers, compareDocuments, ComparisonError, type JsonComparison } from './compare.js';
import { ExitCode } from './exit-codes.js';
import type { OutStream } from './io.js';
import type { CommonOptions } from './options.js';
import { regressionList } from './render/comparison.js';
import type { JsonReport } from './report-json.js';

/** How the run-time side of a comparison is named. */
export const THIS_RUN = 'this run';

/**
 * Whether a run needs its JSON report built even without `--json`: a comparison and
 * the markdown are made from it.
 *
 * @example
 * if (common.json || needsReport(common)) report = toJsonReport(…);
 */
export function needsReport(common: CommonOptions): boolean {
  return common.baseline !== undefined || common.exportMarkdown !== undefined;
}

/**
 * `report` compared with the baseline's report of the same demo; undefined without a
 * baseline, or when the baseline (a summary) has no report of this demo.
 *
 * @example
 * report.comparison = compareWithBaseline(common, report);
 */
export function compareWithBaseline(common: CommonOptions, report: JsonReport): JsonComparison | undefined {
  const base = common.baseline;
  if (base === undefined) return undefined;
  const reports = base.reports.filter((r) => r.demo === report.demo);
  if (reports.length === 0) return undefined;
  return compareDocuments(
    { ...base, kind: 'report', reports },
    { file: THIS_RUN, kind: 'report', reports: [report], env: report.env },
    { maxRegression: common.maxRegression },
  );
}

/**
 * Exit 3 and one stderr line naming what regressed, when a comparison found any.
 *
 * @example
 * code = worstExitCode([code, regressionCode(report.comparison, stderr)]);
 */
export function regressionCode(comparison: JsonComparison | undefined, stderr: OutStream): number {
  if (comparison === undefined || comparison.regressions.length === 0) return ExitCode.ok;
  stderr.write(`asyncdemo: regressed beyond --max-regression ${comparison.maxRegression}% against ${comparison.before.file}: ${regressionList(comparison.regressions)}\n`);
  return ExitCode.belowMinSpeedup;
}

/**
 * Writes `markdown` where `--export-markdown` says: `-` is stdout; the file named by
 * `$GITHUB_STEP_SUMMARY` is appended to (a job's steps all add to it), any other file
 * is replaced, as hyperfine does. A write that fails is one stderr line and exit 1.
 *
 * @example
 * code = writeMarkdown('-', markdownReports([report]), { stdout, stderr, env: process.env });
 */
export function writeMarkdown(
  target: string,
  markdown: string,
  io: { stdout: OutStream; stderr: OutStream; env?: Record<string, string | undefined> },
): number {
  if (target === '-') {
    io.stdout.write(markdown);
    return ExitCode.ok;
  }
  const summary = io.env?.GITHUB_STEP_SUMMARY;
  try {
    if (summary !== undefined && summary !== '' && resolve(summary) === resolve(target)) appendFileSync(target, markdown);
    else writeFileSync(target, markdown);
    return ExitCode.ok;
  } catch (err) {
    io.stderr.write(`asyncdemo: cannot write the markdown to ${target}: ${(err as Error).message}\n`);
    return ExitCode.failure;
  }
}

/**
 * Checks that the `--baseline` has a report of `demo` (for `run`, whose demo is named
 * after its file only once the file is known).
 *
 * @throws UsageError naming what the baseline is instead.
 * @example
 * checkBaseline(common, 'exp.ts');
 */
export function checkBaseline(common: CommonOptions, demo: string): void {
  if (common.baseline === undefined) return;
  try {
    assertCovers(common.baseline, demo);
  } catch (err) {
    if (err instanceof ComparisonError) throw new UsageError(`option '--baseline <report.json>': ${err.message}`);
    throw err;
  }
}
