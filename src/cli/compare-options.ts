/**
 * The options that compare a run with an earlier one and feed CI: `--baseline`,
 * `--max-regression` and `--export-markdown`, on every demo, `all` and `run`. The
 * baseline is read and validated while the arguments are parsed, so that a missing,
 * foreign or malformed one is a usage error before anything runs.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { assertCovers, ComparisonError } from './compare.js';
import { DocumentError, readDocument, type LoadedDocument } from './documents.js';
import { parseNumber, parseText } from './parse.js';

/** The largest `--max-regression`: a run 1000× slower is past any gate worth setting. */
const MAX_PERCENT = 100_000;

/**
 * Adds `--baseline`, `--max-regression` and `--export-markdown` to `cmd`, and the checks
 * between them that commander cannot express. With `demo`, a baseline must hold a
 * report of that demo.
 *
 * @example
 * addCompareOptions(program.command('gather'), 'gather');
 */
export function addCompareOptions(cmd: Command, demo: string | undefined): Command {
  cmd.optionsGroup('Comparing and CI:');
  cmd.addOption(
    new Option('--baseline <report.json>', 'compare with an earlier --json report (or all --json summary), shown under the report').argParser((file) =>
      loadBaseline(file, demo),
    ),
  );
  cmd.addOption(
    new Option('--max-regression <percent>', 'with --baseline: exit 3 if a median rose or the headline speedup fell by more than this, beyond noise').argParser(
      (v) => parseNumber(v, { min: 0, max: MAX_PERCENT }),
    ),
  );
  cmd.addOption(
    new Option('--export-markdown <file>', 'also write a markdown table (- for stdout, instead of the report); $GITHUB_STEP_SUMMARY is appended to').argParser(
      (v) => parseText(v),
    ),
  );
  cmd.hook('preAction', (self) => {
    const opts = self.opts<{ baseline?: LoadedDocument; maxRegression?: number; exportMarkdown?: string; json?: boolean }>();
    const usage = (message: string): never => self.error(`error: ${message}`, { exitCode: 2, code: 'asyncdemo.usage' });
    if (opts.maxRegression !== undefined && opts.baseline === undefined) {
      usage("option '--max-regression <percent>' needs --baseline <report.json> to compare with.");
    }
    if (opts.json === true && opts.exportMarkdown === '-') {
      usage("options '--json' and '--export-markdown -' both write to stdout: give --export-markdown a file.");
    }
  });
  return cmd;
}

/**
 * Reads a `--baseline` file for commander: any problem becomes the option's one-line
 * error.
 *
 * @example
 * loadBaseline('base.json', 'gather');
 */
export function loadBaseline(file: string, demo: string | undefined): LoadedDocument {
  try {
    const doc = readDocument(file);
    if (demo !== undefined) assertCovers(doc, demo);
    return doc;
  } catch (err) {
    // After "argument 'x' is invalid." the reason is a sentence of its own: capitalised.
    if (err instanceof DocumentError || err instanceof ComparisonError) throw new InvalidArgumentError(`${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}`);
    throw err;
  }
}
