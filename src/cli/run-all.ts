import { UsageError, type Demo } from '../demos/types.js';
import { ExitCode, exitCodeForAbort, worstExitCode } from './exit-codes.js';
import { writeMarkdown } from './compare-run.js';
import type { CommonOptions } from './options.js';
import { readDemoOptions } from './options.js';
import { markdownReports } from './render/markdown.js';
import { renderMachineWarning, renderNotRun, renderSummary, type SummaryRow } from './render/summary.js';
import { toJsonSummary, writeReport, type JsonReport } from './report-json.js';
import { runDemo, type DemoRunEnv } from './run-demo.js';
import { writeTraceFile } from './trace-file.js';

/**
 * `asyncdemo all`: runs every demo in order with the common options (each demo's own
 * options keep their defaults), printing each report as it finishes (unless `--quiet`),
 * then the summary table (or, with `--json`, one `asyncdemo.summary/1` document). A
 * demo that fails does not stop the others; an abort (Ctrl-C, closed stdout) stops at
 * once. With `--trace`, every demo measured, interrupted ones included, goes into one
 * Chrome Trace file at the end. The exit code is the worst of the demos' codes.
 *
 * @example
 * const code = await runAll(demos, common, env);
 */
export async function runAll(demos: readonly Demo[], common: CommonOptions, env: DemoRunEnv): Promise<number> {
  const { signal, stdout, stderr } = env;
  const codes: number[] = [];
  const rows: SummaryRow[] = [];
  const reports: JsonReport[] = [];
  const failed = new Set<string>();
  // Each demo's report as it finishes, a blank line apart; quiet means the table alone,
  // and markdown on stdout means the markdown alone.
  const printReport = !common.json && !common.quiet && common.exportMarkdown !== '-';
  const baseline = common.baseline;
  if (baseline !== undefined && !demos.some((d) => baseline.reports.some((r) => r.demo === d.name))) {
    stderr.write(`asyncdemo: error: the baseline ${baseline.file} has no report of any demo that all runs: nothing to compare with.\n`);
    return ExitCode.usage;
  }

  for (const demo of demos) {
    if (signal.aborted) break;
    try {
      const outcome = await runDemo(demo, common, readDemoOptions({}, demo.options ?? []), env, { printReport, markdown: false });
      if (printReport) stdout.write('\n');
      codes.push(outcome.code);
      if (outcome.measurement !== undefined) {
        const row: SummaryRow = { demo: demo.name, measurement: outcome.measurement };
        if (outcome.assessment?.verdict !== undefined) row.verdict = outcome.assessment.verdict;
        if (outcome.assessment !== undefined) row.caveats = outcome.assessment.caveats;
        rows.push(row);
      }
      if (outcome.json !== undefined) reports.push(outcome.json);
    } catch (err) {
      if (signal.aborted) break;
      const usage = err instanceof UsageError;
      stderr.write(`asyncdemo: ${usage ? 'error: ' : ''}${demo.name}: ${err instanceof Error ? err.message : String(err)}\n`);
      if (common.debug && !usage && err instanceof Error && err.stack !== undefined) stderr.write(`${err.stack}\n`);
      codes.push(usage ? ExitCode.usage : ExitCode.failure);
      failed.add(demo.name);
    }
  }

  const interrupted = signal.aborted;
  // One list for the text's "Interrupted: … not measured" line and JSON's `notMeasured`:
  // a demo with a row in the table, or one that failed (its error said so), is not in it.
  const measured = new Set([...rows.map((r) => r.demo), ...failed]);
  const notMeasured = interrupted ? demos.filter((d) => !measured.has(d.name)).map((d) => d.name) : [];
  if (common.json) {
    await writeReport(toJsonSummary(reports, interrupted, notMeasured), stdout);
  } else if (rows.length > 0 && common.exportMarkdown !== '-') {
    // The terminal's width, if any: on a pipe the table stays whole, for scripts to read.
    const summary = renderSummary(rows, env.style, stdout.isTTY === true ? stdout.columns : undefined);
    stdout.write(summary.endsWith('\n') ? summary : `${summary}\n`);
  }
  // Under the table (or alone, when no demo got that far): what it does not show.
  if (!common.json && common.exportMarkdown !== '-') {
    const width = stdout.isTTY === true ? stdout.columns : undefined;
    // Ctrl-C between two demos (a server starting) left no row and no word of it: the
    // table alone read as a complete run of fewer demos.
    if (interrupted) {
      const notRun = renderNotRun(notMeasured, demos.length, env.style, width);
      if (notRun !== '') stdout.write(`${notRun}\n`);
    }
    const machine = renderMachineWarning(rows, env.style, width);
    if (machine !== '') stdout.write(`${machine}\n`);
  }
  if (common.exportMarkdown !== undefined && reports.length > 0) codes.push(writeMarkdown(common.exportMarkdown, markdownReports(reports), env));
  if (interrupted) codes.push(exitCodeForAbort(signal.reason));
  if (common.trace !== undefined) codes.push(await writeTraceFile(common.trace, rows, stderr, { quiet: common.quiet, signal }));
  return worstExitCode(codes);
}
