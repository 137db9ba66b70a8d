import { Option, type Command } from 'commander';
import { compareDocuments, ComparisonError } from './compare.js';
import { writeMarkdown } from './compare-run.js';
import { DocumentError, readDocument } from './documents.js';
import { ExitCode, worstExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';
import { parseNumber, parseText } from './parse.js';
import { renderComparison, regressionList } from './render/comparison.js';
import { markdownComparison } from './render/markdown.js';
import { stringifyReport } from './report-json.js';
import { createStyle } from './style.js';
import { addHelpAfter } from './help.js';

const HELP_AFTER = `
Both files are --json reports (or all --json summaries). Variants are paired by demo
and variant name; "change" is the after median over the before median, and with 3 or
more runs on each side Welch's t-test says whether it is beyond noise (p < 0.05).

Examples:
  $ asyncdemo gather --runs 5 --json > before.json
  $ asyncdemo gather --runs 5 --json > after.json
  $ asyncdemo compare before.json after.json
  $ asyncdemo compare before.json after.json --max-regression 10 --export-markdown - >> "$GITHUB_STEP_SUMMARY"

Exit codes: 0 ok; 2 a file is missing, not a report, from a newer asyncdemo, or the two
share no demo; 3 something regressed beyond --max-regression.
`;

/**
 * Adds `asyncdemo compare <before.json> <after.json>`: two reports (or summaries)
 * side by side, per variant and for the headline, with what differs between their
 * environments; `--json` for an `asyncdemo.comparison/1` document, `--export-markdown`
 * for a table, `--max-regression` for exit 3.
 *
 * @example
 * addCompareCommand(program, io, state);
 * // asyncdemo compare base.json next.json --max-regression 25
 */
export function addCompareCommand(program: Command, io: CliIO, state: { code: number }): Command {
  const cmd = program
    .command('compare')
    .argument('<before.json>', 'the earlier report')
    .argument('<after.json>', 'the later report')
    .summary('compare two --json reports: per variant before/after, significance, the headline, the environments')
    .description('Compares two --json reports (or all --json summaries) of the same demos: each variant before and after, whether the change is beyond noise, the headline speedup before and after, and what differs between the environments.')
    .addOption(new Option('--json', 'print one asyncdemo.comparison/1 document on stdout and nothing else'))
    .addOption(new Option('--max-regression <percent>', 'exit 3 if a median rose or the headline speedup fell by more than this, beyond noise').argParser((v) => parseNumber(v, { min: 0, max: 100_000 })))
    .addOption(new Option('--export-markdown <file>', 'also write the comparison as markdown (- for stdout, instead of the text); $GITHUB_STEP_SUMMARY is appended to').argParser((v) => parseText(v)))
    .addOption(new Option('--no-color', 'no colour, whatever the terminal supports'))
    .showHelpAfterError("Try 'asyncdemo compare --help'.");
  addHelpAfter(cmd, HELP_AFTER);
  cmd.action((beforeFile: string, afterFile: string, opts: { json?: boolean; maxRegression?: number; exportMarkdown?: string; color: boolean }) => {
    const usage = (message: string): never => cmd.error(`error: ${message}`, { exitCode: ExitCode.usage, code: 'asyncdemo.usage' });
    if (opts.json === true && opts.exportMarkdown === '-') usage("options '--json' and '--export-markdown -' both write to stdout: give --export-markdown a file.");
    let comparison;
    try {
      comparison = compareDocuments(readDocument(beforeFile), readDocument(afterFile), { maxRegression: opts.maxRegression });
    } catch (err) {
      if (err instanceof DocumentError || err instanceof ComparisonError) usage(err.message);
      throw err;
    }
    const codes: number[] = [];
    if (opts.json === true) io.stdout.write(stringifyReport(comparison));
    else if (opts.exportMarkdown !== '-') {
      const style = createStyle({ isTTY: io.stdout.isTTY === true, env: io.env, color: opts.color });
      io.stdout.write(`${renderComparison(comparison, style, { width: io.stdout.columns })}\n`);
    }
    if (opts.exportMarkdown !== undefined) codes.push(writeMarkdown(opts.exportMarkdown, markdownComparison(comparison), { stdout: io.stdout, stderr: io.stderr, env: io.env }));
    if (comparison.regressions.length > 0) {
      io.stderr.write(`asyncdemo: regressed beyond --max-regression ${comparison.maxRegression}%: ${regressionList(comparison.regressions)}\n`);
      codes.push(ExitCode.belowMinSpeedup);
    }
    state.code = worstExitCode(codes);
  });
  return cmd;
}
