import { findCaveats } from '../core/caveats.js';
import type { Clock } from '../core/clock.js';
import { isAbortError } from '../core/errors.js';
import { watchMachine, type MachineLoad } from '../core/machine.js';
import { measure, type Measurement } from '../core/measure.js';
import { UsageError, type Demo, type DemoPlan } from '../demos/types.js';
import { judgeHeadline, type Assessment } from '../demos/verdict.js';
import { ExitCode, exitCodeForAbort, worstExitCode } from './exit-codes.js';
import type { OutStream } from './io.js';
import { compareWithBaseline, needsReport, regressionCode, writeMarkdown } from './compare-run.js';
import { renderComparison } from './render/comparison.js';
import { markdownReports } from './render/markdown.js';
import { gateRefusal, gateShortfall } from './render/verdict.js';
import { checkScaledDelay, checkVariants, resolveDemoParams, variantNamesOf, type CommonOptions } from './options.js';
import { renderReport, renderReportHeader } from './render/report.js';
import { stringifyReport, toJsonReport, writeReport, type JsonReport } from './report-json.js';
import { createRunView } from './run-view.js';
import type { Style } from './style.js';

/** Where and how a demo runs: output streams, the style, the signal and the clock. */
export interface DemoRunEnv {
  stdout: OutStream;
  stderr: OutStream;
  style: Style;
  signal: AbortSignal;
  clock?: Clock;
  /** Standard input, handed to the demo's plan (`fetch-all --urls-file -`). */
  stdin?: NodeJS.ReadableStream;
  /** The environment variables (`--export-markdown` appends to `$GITHUB_STEP_SUMMARY`). */
  env?: Record<string, string | undefined>;
}

/** What one demo run produced, for `all`'s summary. */
export interface DemoOutcome {
  code: number;
  /** Absent when nothing was measured (interrupted or failed before measuring). */
  measurement?: Measurement;
  /** What the headline may claim, and what makes the figures doubtful (with a measurement). */
  assessment?: Assessment;
  params: Record<string, unknown>;
  /** The JSON report, when `--json` was asked for. */
  json?: JsonReport;
}

/**
 * Whether the report is written: `all` collects JSON reports for its summary document
 * and, with `--quiet`, shows only its summary table.
 */
export interface DemoRunOutput {
  printReport: boolean;
  /** False leaves `--export-markdown` to the caller (`all` writes every demo at once). */
  markdown?: boolean;
}

/**
 * Runs one demo: plans it with the validated options, applies `--variants`, measures,
 * prints the report (human or JSON), writes failures on stderr, and works out the exit
 * code: 130/143 interrupted, 1 a variant or the plan reported a failure, 3 the headline
 * is below `--min-speedup`, else 0. `plan.close()` is always called.
 *
 * Throws {@link UsageError} for a combination only the plan can see, or when
 * `--min-speedup` has nothing to compare; any other error is a runtime failure.
 *
 * @example
 * const { code } = await runDemo(gather, common, { settle: false }, env, { printReport: true });
 */
export async function runDemo(
  demo: Demo,
  common: CommonOptions,
  options: Record<string, unknown>,
  env: DemoRunEnv,
  output: DemoRunOutput,
): Promise<DemoOutcome> {
  const { signal, stdout, stderr, style } = env;
  const demoParams = resolveDemoParams(demo, { scale: common.scale, delayMs: common.delayMs, count: common.count, options, signal });
  let params: Record<string, unknown> = {
    scale: demoParams.scale,
    delay: demoParams.delayMs,
    count: demoParams.count,
    runs: common.runs,
    warmup: common.warmup,
  };
  // Interrupted before anything was measured (while a server starts, a pool warms up):
  // a JSON reader still gets its one document, marked interrupted and empty.
  const stoppedEarly = (): DemoOutcome => {
    const outcome: DemoOutcome = { code: exitCodeForAbort(signal.reason), params };
    if (common.json) {
      const measurement: Measurement = { baseline: '', variants: [], speedups: [], interrupted: true };
      outcome.json = toJsonReport({ demo: demo.name, params, measurement });
      if (output.printReport) stdout.write(stringifyReport(outcome.json));
    }
    return outcome;
  };
  if (signal.aborted) return stoppedEarly();
  checkVariants(common.variants, variantNamesOf(demo, demoParams));
  checkScaledDelay(demo, demoParams);

  let plan: DemoPlan;
  try {
    plan = await demo.plan({
      ...demoParams,
      // Read only by a demo that reads it: see main.ts.
      get stdin() {
        return env.stdin;
      },
    });
  } catch (err) {
    if (signal.aborted && isAbortError(err, signal)) return stoppedEarly();
    throw err;
  }

  try {
    // Ctrl-C while the plan got ready (fetch-all's server starting, which does not stop
    // halfway): its title would come after "Cancelling…", over a run that never starts.
    if (signal.aborted) return stoppedEarly();
    const wanted = common.variants;
    // A plan that left out a variant asked for is refused too, never silently skipped.
    checkVariants(wanted, plan.variants.map((v) => v.name));
    const variants = wanted === undefined ? plan.variants : plan.variants.filter((v) => wanted.includes(v.name));
    if (common.minSpeedup !== undefined && variants.length < 2) {
      throw new UsageError(
        `option '--min-speedup <x>' needs two variants to compare, but only '${variants[0]!.name}' is selected.`,
      );
    }
    params = { ...params, variants: variants.map((v) => v.name), ...plan.params };

    // Headings and narration are written as they happen, under the demo's title; the
    // numbers follow when the run is over. `--json` and `--quiet` show only the end.
    // Markdown on stdout (`--export-markdown -`) owns it, as the JSON does.
    const stream = output.printReport && !common.json && !common.quiet && common.exportMarkdown !== '-';
    const view = createRunView({ stdout, stderr, style, label: demo.name, stream, live: common.live, cursor: env.env?.TERM !== 'dumb', signal, clock: env.clock });
    if (stream) view.print(`${renderReportHeader({ demo, params, width: stdout.columns ?? 80 }, style).join('\n')}\n`);
    let measurement: Measurement;
    // Watched from before the warm-up: a machine busy at the start is busy for the run.
    const watch = watchMachine();
    const warmUp = plan.warmUp !== undefined && common.warmup === 0 ? plan.warmUp : undefined;
    try {
      if (warmUp !== undefined) await warmUp(signal);
      measurement = await measure({
        variants,
        headline: variants.some((v) => v.name === plan.headline) ? plan.headline : undefined,
        runs: common.runs,
        warmup: common.warmup,
        clock: env.clock,
        signal,
        onProgress: view.onProgress,
        onEvent: view.onEvent,
      });
    } catch (err) {
      if (signal.aborted && isAbortError(err, signal)) {
        // Ctrl-C while fetch-all warmed its connections: the title was on screen, and
        // nothing under it said that the run had stopped, or that nothing was measured.
        if (stream) view.print(`${style.c.yellow.bold('Interrupted')}: nothing was measured (stopped before a run completed)\n`);
        return stoppedEarly();
      }
      throw err;
    } finally {
      view.close();
      watch.stop();
    }

    const assessment = assess(plan, measurement, watch.stop(), common.warmup > 0 || warmUp !== undefined);
    const outcome: DemoOutcome = { code: ExitCode.ok, measurement, assessment, params };
    if (common.json || needsReport(common)) {
      outcome.json = toJsonReport({ demo: demo.name, params, measurement, assessment });
      const comparison = compareWithBaseline(common, outcome.json);
      if (comparison !== undefined) outcome.json.comparison = comparison;
    }
    if (common.json) {
      if (output.printReport) await writeReport(outcome.json, stdout);
    } else if (output.printReport && common.exportMarkdown !== '-') {
      const width = stdout.columns ?? 80;
      const report = renderReport(
        {
          demo: { name: demo.name, title: demo.title },
          measurement,
          assessment,
          params,
          runs: common.runs,
          width,
          timeline: common.timeline,
          quiet: common.quiet,
          streamed: stream,
        },
        style,
      );
      // Streamed, the report continues what is on screen, a blank line below it.
      stdout.write(`${stream ? '\n' : ''}${report}${report.endsWith('\n') ? '' : '\n'}`);
      if (outcome.json?.comparison !== undefined) stdout.write(`\n${renderComparison(outcome.json.comparison, style, { title: `Compared with ${common.baseline!.file}`, width: stdout.columns })}\n`);
    }
    const markdownCode =
      output.markdown !== false && common.exportMarkdown !== undefined && outcome.json !== undefined
        ? writeMarkdown(common.exportMarkdown, markdownReports([outcome.json]), env)
        : ExitCode.ok;

    if (measurement.interrupted) {
      outcome.code = exitCodeForAbort(signal.reason);
      return outcome;
    }
    outcome.code = worstExitCode([
      failureCode(demo, plan, measurement, stderr),
      speedupCode(demo, common, measurement, assessment, stderr),
      regressionCode(outcome.json?.comparison, stderr),
      markdownCode,
    ]);
    return outcome;
  } finally {
    await plan.close?.();
  }
}

function failureCode(demo: Demo, plan: DemoPlan, measurement: Measurement, stderr: OutStream): number {
  // Variants that failed the same way share one line (an experiment whose function
  // throws fails every variant alike).
  const byError = new Map<string, string[]>();
  for (const v of measurement.variants) {
    if (v.error === undefined) continue;
    const error = `${v.error.name}: ${v.error.message}`;
    byError.set(error, [...(byError.get(error) ?? []), `'${v.name}'`]);
  }
  const lines: string[] = [];
  for (const [error, names] of byError) {
    const which = names.length === 1 ? `variant ${names[0]!}` : `variants ${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
    lines.push(`${demo.name}: ${which} failed: ${error}`);
  }
  lines.push(...(plan.failures?.(measurement) ?? []));
  for (const line of lines) stderr.write(`asyncdemo: ${line}\n`);
  return lines.length > 0 ? ExitCode.failure : ExitCode.ok;
}

/**
 * The verdict on the headline and the caveats on the figures: the demo's declaration,
 * the core's comparability of the variants, the machine's load, and the demo's own caveats.
 */
function assess(plan: DemoPlan, measurement: Measurement, machine: MachineLoad, warmedUp: boolean): Assessment {
  const assessment: Assessment = {
    caveats: [
      ...findCaveats(measurement, {
        machine,
        blocksLoop: plan.blocksLoop === true,
        warmedUp,
        idealMeasured: plan.idealFrom === 'measured',
      }),
      ...(plan.caveats?.(measurement) ?? []),
    ],
  };
  const verdict = judgeHeadline(measurement, plan);
  if (verdict !== undefined) assessment.verdict = verdict;
  if (plan.idealFrom === 'measured') assessment.idealFrom = 'measured';
  return assessment;
}

function speedupCode(demo: Demo, common: CommonOptions, measurement: Measurement, assessment: Assessment, stderr: OutStream): number {
  const min = common.minSpeedup;
  if (min === undefined) return ExitCode.ok;
  const headline = measurement.speedups[0];
  if (headline === undefined) {
    stderr.write(`asyncdemo: ${demo.name}: no speedup was measured, so --min-speedup ${min} cannot pass.\n`);
    return ExitCode.belowMinSpeedup;
  }
  const verdict = assessment.verdict;
  if (verdict !== undefined && !verdict.valid) {
    stderr.write(`asyncdemo: ${demo.name}: ${gateRefusal(verdict)}, so --min-speedup ${min} cannot pass.\n`);
    return ExitCode.belowMinSpeedup;
  }
  if (headline.value >= min) return ExitCode.ok;
  stderr.write(`asyncdemo: ${demo.name}: ${gateShortfall(headline, min, measurement)}.\n`);
  return ExitCode.belowMinSpeedup;
}
