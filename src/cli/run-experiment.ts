import type { Command } from 'commander';
import { isAbortError } from '../core/errors.js';
import { experimentDemo } from '../demos/experiment/plan.js';
import { UsageError } from '../demos/types.js';
import { checkBaseline } from './compare-run.js';
import { ExitCode } from './exit-codes.js';
import { loadExperiment, type LoadedExperiment } from './load-experiment.js';
import { addCommonOptions, addDemoOptions, readCommonOptions, readDemoOptions, type CommonOptions } from './options.js';
import { runDemo, type DemoOutcome, type DemoRunEnv } from './run-demo.js';
import { addHelpAfter } from './help.js';

/** What `run` shares with the other commands in the program. */
export interface RunCommandContext {
  env: (common: CommonOptions) => Promise<DemoRunEnv>;
  /** The outcome's exit code, after `--trace`. */
  traced: (common: CommonOptions, name: string, outcome: DemoOutcome) => Promise<number>;
  /** Where the command's exit code goes. */
  state: { code: number };
}

const HELP_AFTER = `
The file: each exported function is one task, named by its export, and receives an
AbortSignal (aborted on Ctrl-C or when another function fails). The functions run in
the order the file declares them (a default export object's, or a CommonJS
module.exports', in their own order), on a thread of their own: a function that
ignores its signal, or loops without awaiting, is stopped 0.2 s after Ctrl-C; one that
never settles, or leaves a rejected promise nobody awaits, fails by name; a timer or
socket it leaves running is named after the report and stopped.

  // exp.ts
  export async function fetchUser(signal: AbortSignal) {
    await fetch('https://example.com/user', { signal });
  }
  export async function fetchOrders(signal: AbortSignal) {
    await fetch('https://example.com/orders', { signal });
  }

Examples:
  $ asyncdemo run examples/experiment.ts
  $ asyncdemo run exp.ts --concurrency 4 --runs 5 --warmup 1
  $ asyncdemo run exp.js --json --trace exp-trace.json

Exit codes: 0 ok; 1 the file does not load (a syntax error, a failing import, a top
level that never finishes) or a function fails (throws, never settles, leaves a
rejection unhandled); 2 the file does not exist, is not .ts/.js, or exports no
function; 3 below --min-speedup; 130 interrupted (Ctrl-C).
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
  addHelpAfter(cmd, HELP_AFTER);

  cmd.action(async (file: string, opts: Record<string, unknown>) => {
    const common = readCommonOptions(opts);
    const env = await context.env(common);
    const options = readDemoOptions(opts, template.options ?? []);
    const usage = (err: UsageError): never =>
      cmd.error(`error: ${err.message}`, { exitCode: ExitCode.usage, code: 'asyncdemo.usage' });
    let experiment: LoadedExperiment;
    try {
      // Before the file loads: a baseline of another experiment runs nothing.
      checkBaseline(common, demoName(file));
      experiment = await loadExperiment(file, { signal: env.signal });
    } catch (err) {
      if (err instanceof UsageError) usage(err);
      if (!(env.signal.aborted && isAbortError(err, env.signal))) throw err;
      // Interrupted while its top level ran: the same (empty) report as any demo stopped early.
      const outcome = await runDemo(experimentDemo({ file, tasks: [] }), common, options, env, { printReport: true });
      context.state.code = outcome.code;
      return;
    }
    try {
      const demo = experimentDemo({ file, tasks: experiment.tasks, failures: () => experiment.notes().failures.map((line) => `${demoName(file)}: ${line}`) });
      const outcome = await runDemo(demo, common, options, env, { printReport: true });
      for (const line of experiment.notes().warnings) env.stderr.write(`asyncdemo: ${demoName(file)}: ${line}\n`);
      context.state.code = await context.traced(common, demo.name, outcome);
    } catch (err) {
      if (err instanceof UsageError) usage(err);
      throw err;
    } finally {
      // Whatever the functions left running (a timer, a socket) ends with their thread.
      await experiment.close();
    }
  });
  return cmd;
}


/** The experiment's name in messages, as its report names it: the file's base name. */
function demoName(file: string): string {
  return experimentDemo({ file, tasks: [] }).name;
}
