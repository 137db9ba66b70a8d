import type { Command } from 'commander';
import { experimentDemo } from '../demos/experiment/plan.js';
import { UsageError } from '../demos/types.js';
import { ExitCode } from './exit-codes.js';
import { loadExperiment } from './load-experiment.js';
import { addCommonOptions, addDemoOptions, readCommonOptions, readDemoOptions, type CommonOptions } from './options.js';
import { runDemo, type DemoOutcome, type DemoRunEnv } from './run-demo.js';

/** What `run` shares with the other commands in the program. */
export interface RunCommandContext {
  env: (common: CommonOptions) => DemoRunEnv;
  /** The outcome's exit code, after `--trace`. */
  traced: (common: CommonOptions, name: string, outcome: DemoOutcome) => number;
  /** Where the command's exit code goes. */
  state: { code: number };
}

const HELP_AFTER = `
The file: each exported function is one task, named by its export, and receives an
AbortSignal (aborted on Ctrl-C or when another function fails). Named exports run in
name order (an ES module keeps no other); the functions of a default export object,
or of a CommonJS module.exports, run in their own order.

  // exp.ts
  export async function fetchUser(signal: AbortSignal) {
    await fetch('https://example.com/user', { signal });
  }
  export async function fetchOrders(signal: AbortSignal) { … }

Examples:
  $ asyncdemo run examples/experiment.ts
  $ asyncdemo run exp.ts --concurrency 4 --runs 5 --warmup 1
  $ asyncdemo run exp.js --json --trace exp-trace.json

Exit codes: 0 ok; 1 the file does not load (a syntax error, a failing import) or a
function throws; 2 the file does not exist, is not .ts/.js, or exports no function;
3 below --min-speedup; 130 interrupted (Ctrl-C).
`;

/**
 * Adds `asyncdemo run <file>`: loads the user's file, makes an experiment of its
 * exported functions (src/demos/experiment) and runs it like any demo: the same
 * report, timeline, `--runs`, `--json` and `--trace`. `--scale`, `--delay` and
 * `--count` are left out: the work is the user's own.
 *
 * @example
 * addRunCommand(program, { env, traced, state });
 * // asyncdemo run examples/experiment.ts --json
 */
export function addRunCommand(program: Command, context: RunCommandContext): Command {
  const template = experimentDemo({ file: '<file>', tasks: [] });
  const cmd = program
    .command('run')
    .argument('<file>', 'a .ts or .js file that exports async functions')
    .summary('your own experiment: the async functions a file exports, in turn, at once and limited')
    .description(template.description)
    .showHelpAfterError("Try 'asyncdemo run --help'.");
  addCommonOptions(cmd, { demo: template, countMax: 1, workload: false });
  addDemoOptions(cmd, template.options ?? []);
  cmd.addHelpText('after', HELP_AFTER);

  cmd.action(async (file: string, opts: Record<string, unknown>) => {
    const common = readCommonOptions(opts);
    const usage = (err: UsageError): never =>
      cmd.error(`error: ${err.message}`, { exitCode: ExitCode.usage, code: 'asyncdemo.usage' });
    try {
      const demo = experimentDemo({ file, tasks: await loadExperiment(file) });
      const outcome = await runDemo(demo, common, readDemoOptions(opts, template.options ?? []), context.env(common), { printReport: true });
      context.state.code = context.traced(common, demo.name, outcome);
    } catch (err) {
      if (err instanceof UsageError) usage(err);
      throw err;
    }
  });
  return cmd;
}

