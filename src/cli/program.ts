/**
 * The commander program, runnable in-process: `run(argv, io)` parses, runs and returns
 * the exit code, writing only to the injected streams and never calling process.exit,
 * so every invocation, good or bad, is a plain function call in tests (principle 7).
 */
import { Command, CommanderError, Option } from 'commander';
import { isAbortError } from '../core/errors.js';
import { isDemoName, loadAllDemos, loadDemo } from '../demos/registry.js';
import { UsageError, type Demo } from '../demos/types.js';
import { ExitCode, exitCodeForAbort, worstExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';
import { addCommonOptions, addDemoOptions, readCommonOptions, readDemoOptions, type CommonOptions } from './options.js';
import { parsePort, parseText } from './parse.js';
import { plainStyle } from './plain-style.js';
import { colorLevel } from './color-level.js';
import type { Style, StyleOptions } from './style.js';
import type { DemoOutcome, DemoRunEnv } from './run-demo.js';
import { readVersion } from './version.js';
import { terminalIO } from './width.js';
import { addHelpAfter, helpLayout } from './help.js';
import { helpWidth } from './render/help.js';

export type { CliIO, OutStream } from './io.js';

const NAME = 'asyncdemo';

/**
 * Runs the CLI on `argv` (the arguments after node and the script) and resolves with
 * the exit code: 0 ok, 1 runtime failure, 2 usage error, 3 below `--min-speedup`,
 * 130/143 interrupted. Usage errors print one line and a hint on stderr, nothing on
 * stdout, and no stack trace unless `--debug`.
 *
 * @example
 * const code = await run(['gather', '--scale', '0.1', '--json'], {
 *   stdout: process.stdout, stderr: process.stderr, env: process.env, signal,
 * });
 */
export async function run(argv: string[], given: CliIO): Promise<number> {
  // Widths from COLUMNS as well as the terminal; stderr's messages wrapped on a terminal.
  const io = terminalIO(given);
  const signal = io.signal ?? new AbortController().signal;
  const state = { code: ExitCode.ok as number };
  try {
    const program = await buildProgram(io, argv, signal, state);
    await program.parseAsync(normalizeArgv(argv, program), { from: 'user' });
    return state.code;
  } catch (err) {
    // Help and version "exit" 0; every other commander exit is a usage error, including
    // the help shown on stderr when no command is given.
    if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    if (signal.aborted && isAbortError(err, signal)) return exitCodeForAbort(signal.reason);
    io.stderr.write(`${NAME}: error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (argv.includes('--debug') && err instanceof Error && err.stack !== undefined) io.stderr.write(`${err.stack}\n`);
    return ExitCode.failure;
  }
}

/**
 * The program, with only the command `argv` runs when its first word names one: each
 * command's modules, and a demo's, load only then (bench row 7b, start-up of
 * `gather --help` and of a one-task `gather --json`: loading all 13 demos and every
 * command cost about a third of it); every command otherwise (no command, `help`, an
 * option first, a typo to suggest for). A command's own help, usage errors and
 * suggestions read only that command, so they are the same either way.
 */
async function buildProgram(io: CliIO, argv: readonly string[], signal: AbortSignal, state: { code: number }): Promise<Command> {
  const only = commandOf(argv, io.demos);
  const wants = (name: string): boolean => only === undefined || only === name;
  const demos = await demosFor(io.demos, only);
  const program = new Command(NAME);
  program
    .description('A playground for async patterns: the same work run one after another and concurrently, with real timings.')
    .version(readVersion() ?? '0.0.0', '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      // Commander's messages start with "error: "; the program's name says who speaks.
      outputError: (s, write) => write(`${NAME}: ${s}`),
      // Help on a pipe is still read by a person (`asyncdemo --help | less`): at the
      // terminal's width when stderr is one, as a report on a pipe is not (80, or COLUMNS).
      getOutHelpWidth: () => helpWidth(io.stdout.columns ?? (io.stderr.isTTY === true ? io.stderr.columns : undefined)),
      getErrHelpWidth: () => helpWidth(io.stderr.columns),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    // Fitted to narrow terminals (help.ts). Set before the commands are added, which copy it.
    .configureHelp(helpLayout)
    .showSuggestionAfterError(true)
    .showHelpAfterError(`Try '${NAME} --help'.`);
  addHelpAfter(
    program,
    examplesText([
      `${NAME} list`,
      `${NAME} gather --scale 0.1`,
      `${NAME} gather --scale 0.1 --trace trace.json`,
      `${NAME} explain taskgroup`,
      `${NAME} run examples/experiment.ts`,
      `${NAME} all --scale 0.05 --json`,
      `${NAME} compare before.json after.json`,
      `${NAME} serve --port 8080`,
    ]) + exitCodesText(),
  );

  // chalk loads with the first run that shows colour, not for `--help` nor for a run
  // without colour (`--json`, a pipe): bench row 7b, see plain-style.ts.
  const env = async (common: CommonOptions): Promise<DemoRunEnv> => ({
    stdout: io.stdout,
    stderr: io.stderr,
    style: await styleFor({ isTTY: io.stdout.isTTY === true, env: io.env, color: common.color }),
    signal,
    clock: io.clock,
    // Read only by a demo that reads it: see main.ts.
    get stdin() {
      return io.stdin;
    },
    env: io.env,
  });

  /** The outcome's exit code, after writing its trace when `--trace` asks for one. */
  const traced = async (common: CommonOptions, name: string, outcome: DemoOutcome): Promise<number> => {
    if (common.trace === undefined) return outcome.code;
    const runs = outcome.measurement === undefined ? [] : [{ demo: name, measurement: outcome.measurement }];
    const { writeTraceFile } = await import('./trace-file.js');
    return worstExitCode([outcome.code, await writeTraceFile(common.trace, runs, io.stderr, { quiet: common.quiet, signal })]);
  };

  if (wants('list')) await addListCommand(program, io, demos);
  if (wants('explain')) (await import('./explain.js')).addExplainCommand(program, io, demos);

  for (const demo of demos) {
    if (!wants(demo.name)) continue;
    const cmd = program.command(demo.name).summary(demo.title).description(demo.description);
    hint(cmd);
    addCommonOptions(cmd, { demo, countMax: demo.count.max });
    addDemoOptions(cmd, demo.options ?? []);
    addHelpAfter(cmd, examplesText(demo.examples.map((e) => (e.startsWith(NAME) ? e : `${NAME} ${e}`))));
    cmd.action(async (opts: Record<string, unknown>) => {
      const common = readCommonOptions(opts);
      try {
        const { runDemo } = await import('./run-demo.js');
        const outcome = await runDemo(demo, common, readDemoOptions(opts, demo.options ?? []), await env(common), { printReport: true });
        state.code = await traced(common, demo.name, outcome);
      } catch (err) {
        if (err instanceof UsageError) cmd.error(`error: ${err.message}`, { exitCode: ExitCode.usage, code: 'asyncdemo.usage' });
        throw err;
      }
    });
  }

  if (wants('all')) {
    const all = program
      .command('all')
      .summary('run every demo, then a summary table')
      .description('Runs every demo in turn with the common options (each demo keeps its own defaults), then prints a summary table. Exits with the worst code of them all.');
    hint(all);
    addCommonOptions(all, { countMax: Math.min(1_000_000, ...demos.map((d) => d.count.max)) });
    addHelpAfter(all, examplesText([`${NAME} all --scale 0.1`, `${NAME} all --scale 0.05 --json | jq '.reports[].speedups[0]'`]));
    all.action(async (opts: Record<string, unknown>) => {
      const common = readCommonOptions(opts);
      const { runAll } = await import('./run-all.js');
      state.code = await runAll(demos, common, await env(common));
    });
  }

  if (wants('run')) (await import('./run-experiment.js')).addRunCommand(program, { env, traced, state });
  if (wants('schema')) (await import('./schema-command.js')).addSchemaCommand(program, io);
  if (wants('compare')) (await import('./compare-command.js')).addCompareCommand(program, io, state);
  if (wants('serve')) await addServeCommand(program, io, signal, state);

  return program;
}

/** Every command that is not a demo, in the order the full program's help lists them (demos go after `explain`). */
const OTHER_COMMANDS = new Set(['list', 'explain', 'all', 'run', 'schema', 'compare', 'serve']);

/**
 * The one command `argv` runs, when its first word says which: a demo's name or
 * another command's. Undefined when the whole program is needed to read `argv`.
 */
/** A run's style: the plain one, with no chalk loaded, when it shows no colour. */
async function styleFor(opts: StyleOptions): Promise<Style> {
  return colorLevel(opts) === 0 ? plainStyle(opts) : (await import('./style.js')).createStyle(opts);
}

function commandOf(argv: readonly string[], demos: readonly Demo[] | undefined): string | undefined {
  const first = argv[0];
  if (first === undefined) return undefined;
  const known = demos === undefined ? isDemoName(first) : demos.some((d) => d.name === first);
  return known || OTHER_COMMANDS.has(first) ? first : undefined;
}

/**
 * The demos the program registers: the one `only` names (loaded alone, from the
 * registry), or every demo (for the whole program, `list`, `explain` and `all`); none
 * for the other commands. `given` (the tests') replaces the registry.
 */
async function demosFor(given: readonly Demo[] | undefined, only: string | undefined): Promise<readonly Demo[]> {
  const needsEvery = only === undefined || only === 'list' || only === 'explain' || only === 'all';
  if (given !== undefined) return needsEvery ? given : given.filter((d) => d.name === only);
  if (needsEvery) return loadAllDemos();
  return isDemoName(only) ? [await loadDemo(only)] : [];
}

async function addListCommand(program: Command, io: CliIO, demos: readonly Demo[]): Promise<void> {
  const [{ renderList }, { createStyle }] = await Promise.all([import('./render/list.js'), import('./style.js')]);
  const list = program
    .command('list')
    .description('list the demos, one line each')
    .addOption(new Option('--no-color', 'no colour, whatever the terminal supports'))
    .action((opts: { color: boolean }) => {
      const style = createStyle({ isTTY: io.stdout.isTTY === true, env: io.env, color: opts.color });
      const text = renderList(
        demos.map((d) => ({ name: d.name, title: d.title, variantNames: d.variantNames })),
        style,
        io.stdout.isTTY === true ? io.stdout.columns : undefined,
      );
      if (text !== '') io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    });
  hint(list);
}

async function addServeCommand(program: Command, io: CliIO, signal: AbortSignal, state: { code: number }): Promise<void> {
  const { FAULT_ROUTES, ROUTES, indexLine } = await import('../server/routes.js');
  const serve = program
    .command('serve')
    .summary('run the embedded httpbin-compatible test server in the foreground')
    .description('Runs the embedded httpbin-compatible test server until Ctrl-C. GET / lists its paths as JSON.')
    .addOption(new Option('--port <n>', 'port to listen on (default: any free port)').argParser((v) => parsePort(v)))
    .addOption(new Option('--host <h>', 'address to listen on (a warning unless loopback)').argParser((v) => parseText(v)).default('127.0.0.1'))
    .addOption(new Option('--log', 'print an access log line per request on stderr'));
  hint(serve);
  // The list of paths, from the server's own route table (the index page's).
  const paths = [...Object.values(ROUTES).map((doc) => indexLine(doc)), ...Object.values(FAULT_ROUTES).map((doc) => indexLine(doc, ': '))];
  const pathsText = `\nPaths:\n${paths.map((line) => `  ${line}`).join('\n')}\n`;
  addHelpAfter(serve, pathsText + examplesText([`${NAME} serve --port 8080`, 'curl http://127.0.0.1:8080/delay/1']));
  serve.action(async (opts: { port?: number; host: string; log?: boolean }) => {
    // Loaded on demand: the server's dependencies would slow down every other command.
    const { serve: startServer } = await import('../server/serve.js');
    const toStderr = (line: string): void => void io.stderr.write(`${line}\n`);
    await startServer({
      port: opts.port ?? 0,
      host: opts.host,
      signal,
      log: (line: string) => void io.stdout.write(`${line}\n`),
      warn: toStderr,
      accessLog: opts.log === true ? toStderr : undefined,
    });
    if (signal.aborted) state.code = exitCodeForAbort(signal.reason);
  });
}

// The program's own options: everything else before a command belongs to the command.
const PROGRAM_FLAGS = new Set(['-h', '--help', '-V', '--version']);

/**
 * Reads the command line as a user means it: `asyncdemo --scale 0.1 gather` is
 * `asyncdemo gather --scale 0.1` (options written before the command move after it,
 * where commander looks for them), and `asyncdemo help nope` is an unknown command,
 * not the full help with exit 0.
 *
 * @example
 * normalizeArgv(['--scale', '0.1', 'gather', '--json'], program); // ['gather', '--scale', '0.1', '--json']
 */
function normalizeArgv(argv: readonly string[], program: Command): string[] {
  const commands = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  const [first, second] = argv;
  if (first === 'help' && second !== undefined && !second.startsWith('-') && !commands.has(second)) return argv.slice(1);
  if (first === undefined || !first.startsWith('-') || PROGRAM_FLAGS.has(first)) return [...argv];
  const takesValue = new Set(
    program.commands.flatMap((c) => c.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short])).filter((f) => f !== undefined),
  );
  for (let i = 0; i < argv.length; ) {
    const token = argv[i]!;
    if (commands.has(token)) return [token, ...argv.slice(0, i), ...argv.slice(i + 1)];
    if (!token.startsWith('-') || token === '--') break;
    i += !token.includes('=') && takesValue.has(token) ? 2 : 1;
  }
  return [...argv];
}

/** Every usage error of `cmd` ends with where to look next. */
function hint(cmd: Command): void {
  cmd.showHelpAfterError(`Try '${NAME} ${cmd.name()} --help'.`);
}

function examplesText(examples: readonly string[]): string {
  if (examples.length === 0) return '';
  return `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`;
}

function exitCodesText(): string {
  return '\nExit codes: 0 ok, 1 failure, 2 usage error, 3 below --min-speedup or beyond --max-regression, 130 interrupted (Ctrl-C), 143 terminated.\n';
}

