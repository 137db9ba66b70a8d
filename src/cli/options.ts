/**
 * The options every demo takes, and each demo's own options, as commander Options
 * with strict parsers; plus reading commander's parsed values back into typed data.
 * Everything a run needs is validated here, while parsing, before any work starts.
 */
import { Option, type Command, type OptionValues } from 'commander';
import { MAX_DELAY_MS } from '../core/errors.js';
import { UsageError, type Demo, type DemoOption, type DemoParams } from '../demos/types.js';
import { addCompareOptions } from './compare-options.js';
import type { LoadedDocument } from './documents.js';
import { parseCount, parseDuration, parseNameList, parseNumber, parsePositiveNumber, parseScale, parseText, parseTraceFile, unknownNames } from './parse.js';

/** The largest `--runs` and `--warmup`: enough for statistics, small enough to finish. */
export const MAX_RUNS = 1000;

/** The `--variants` option's flags, as its usage errors quote them. */
const VARIANTS_FLAGS = '--variants <a,b>';

/** The common options, resolved and validated. */
export interface CommonOptions {
  scale: number;
  /** `--delay` in ms, unscaled; undefined for the demo's default. */
  delayMs: number | undefined;
  count: number | undefined;
  runs: number;
  warmup: number;
  /** `--variants`, or undefined for all of them. */
  variants: string[] | undefined;
  json: boolean;
  timeline: boolean;
  /** `--no-live` makes it false: no live timeline on a terminal (narration still streams). */
  live: boolean;
  color: boolean;
  quiet: boolean;
  minSpeedup: number | undefined;
  debug: boolean;
  /** `--trace <file>`: where to write the Chrome Trace JSON, if anywhere. */
  trace: string | undefined;
  /** `--baseline <report.json>`, read and validated while parsing. */
  baseline?: LoadedDocument;
  /** `--max-regression <percent>`: exit 3 beyond it (needs a baseline). */
  maxRegression?: number;
  /** `--export-markdown <file>`; `-` is stdout. */
  exportMarkdown?: string;
}

/** What the common options depend on: the count's upper bound and the variant names. */
export interface CommonOptionsScope {
  /** The demo these options are for; undefined for `all`. */
  demo?: Demo;
  /** The largest `--count` accepted. */
  countMax: number;
  /**
   * False leaves out `--scale`, `--delay` and `--count`, which only mean something when
   * asyncdemo defines the work (not for `run`, whose work is the user's own functions).
   */
  workload?: boolean;
}

/**
 * Adds the common options to `cmd` (DESIGN.md "The CLI"). `--variants` is only added
 * for a single demo, since variant names differ from demo to demo.
 *
 * @example
 * addCommonOptions(program.command('gather'), { demo: gather, countMax: gather.count.max });
 */
export function addCommonOptions(cmd: Command, scope: CommonOptionsScope): Command {
  const { demo, countMax, workload = true } = scope;
  cmd.optionsGroup('Common options:');
  if (workload) {
    cmd.addOption(
      new Option('--scale <f>', 'multiply every delay (0.1 runs 10× faster)').argParser((v) => parseScale(v)).default(1),
    );
    cmd.addOption(
      new Option('--delay <duration>', demo === undefined ? "each demo's base delay: 250ms, 1.5s, bare seconds" : `${demo.delay.help}: 250ms, 1.5s, bare seconds (default: ${formatDurationOption(demo.delay.defaultMs)})`).argParser(
        (v) => parseDuration(v),
      ),
    );
    cmd.addOption(
      new Option('--count <n>', demo === undefined ? "each demo's count (tasks, items)" : `${demo.count.help} (default: ${demo.count.default})`).argParser(
        (v) => parseCount(v, { min: 1, max: countMax }),
      ),
    );
  }
  cmd.addOption(
    new Option('--runs <n>', 'timed rounds; each runs every variant once, interleaved').argParser((v) => parseCount(v, { min: 1, max: MAX_RUNS })).default(1),
  );
  cmd.addOption(
    new Option('--warmup <n>', 'untimed rounds before the timed ones').argParser((v) => parseCount(v, { min: 0, max: MAX_RUNS })).default(0),
  );
  if (demo !== undefined) {
    // A demo whose options change its variant names has them checked once the options
    // are read (checkVariants): here, only that the list is well formed.
    const dynamic = demo.variantsFor;
    cmd.addOption(
      new Option(VARIANTS_FLAGS, `only these variants, comma-separated (${dynamic?.help ?? demo.variantNames.join(', ')})`).argParser((v) =>
        parseNameList(v, dynamic === undefined ? demo.variantNames : undefined),
      ),
    );
  }
  cmd.addOption(new Option('--json', 'print one JSON report on stdout and nothing else'));
  cmd.addOption(new Option('--timeline', 'draw the timeline of every task (the default)'));
  cmd.addOption(new Option('--no-timeline', 'leave the timeline out'));
  cmd.addOption(new Option('--no-live', 'no live timeline while a variant runs (narration still shows as it happens)'));
  cmd.addOption(new Option('--no-color', 'no colour, whatever the terminal supports'));
  cmd.addOption(new Option('-q, --quiet', 'only the essentials: no narration, no progress'));
  cmd.addOption(
    new Option('--min-speedup <x>', 'exit 3 if the headline speedup is below x').argParser((v) => parsePositiveNumber(v)),
  );
  cmd.addOption(
    new Option('--trace <file>', 'also write every task as Chrome Trace JSON (open it in ui.perfetto.dev)').argParser((v) => parseTraceFile(v)),
  );
  cmd.addOption(new Option('--debug', 'show stack traces for errors'));
  addCompareOptions(cmd, demo !== undefined && workload ? demo.name : undefined);
  return cmd;
}

/**
 * What a demo's parameters are made from: the common options as given (undefined where
 * absent) and the demo's own options as parsed.
 */
export interface DemoParamsInput {
  scale?: number;
  delayMs?: number | undefined;
  count?: number | undefined;
  options?: OptionValues;
  signal: AbortSignal;
}

/**
 * The parameters `demo.plan()` receives, every default filled in from the demo's
 * definition: `--delay` from `delay.defaultMs`, `--count` from `count.default`, each
 * absent option from its `default`. The definition is the one place a default lives;
 * a plan reads values. (`stdin` is the caller's to add: it is built only when read.)
 *
 * @example
 * const params = resolveDemoParams(gatherDemo, { count: 5, options: { fail: 'Bob' }, signal });
 * // { scale: 1, delayMs: 1000, count: 5, given: { delayMs: false, count: true },
 * //   options: { fail: 'Bob', settle: false }, signal }
 */
export function resolveDemoParams(demo: Demo, input: DemoParamsInput): DemoParams {
  return {
    scale: input.scale ?? 1,
    delayMs: input.delayMs ?? demo.delay.defaultMs,
    count: input.count ?? demo.count.default,
    given: { delayMs: input.delayMs !== undefined, count: input.count !== undefined },
    options: readDemoOptions(input.options ?? {}, demo.options ?? []),
    signal: input.signal,
  };
}

/**
 * Checks `--variants` against the variant names a run with these params has (a demo's
 * `variantsFor`, or its `variantNames`), before the plan runs: `limit --concurrency 3,6`
 * has `c=3` and `c=6`, not the default sweep's names. The same check, given the plan's
 * names, catches a plan that left out a variant that was asked for.
 *
 * @throws {UsageError} naming the unknown variants and the ones this run has
 * @example
 * checkVariants(['c=4'], ['c=3', 'c=6']);
 * // throws: option '--variants <a,b>' argument 'c=4' is invalid. Unknown 'c=4'. Allowed with these options: c=3, c=6.
 */
export function checkVariants(wanted: readonly string[] | undefined, names: readonly string[]): void {
  if (wanted === undefined) return;
  const unknown = unknownNames(wanted, names, 'Allowed with these options');
  if (unknown !== undefined) throw new UsageError(`option '${VARIANTS_FLAGS}' argument '${wanted.join(',')}' is invalid. ${unknown}`);
}

/**
 * The variant names a run of `demo` with these params has, before its plan runs.
 *
 * @example
 * variantNamesOf(limitDemo, resolveDemoParams(limitDemo, { options: { concurrency: ['3', '6'] }, signal })); // ['c=3', 'c=6']
 */
export function variantNamesOf(demo: Demo, params: DemoParams): readonly string[] {
  return demo.variantsFor?.names(params) ?? demo.variantNames;
}

/**
 * Checks `--delay` × `--scale` against the longest wait a timer honours, before anything
 * runs (fetch-all also checks its server's 10 s limit): a usage error, exit 2, rather
 * than a RangeError once the demo is under way.
 *
 * @throws {UsageError} when the scaled delay is longer than 2³¹−1 ms
 * @example
 * checkScaledDelay(gather, resolveDemoParams(gather, { delayMs: 2_147_483_647, scale: 1000, signal })); // throws
 */
export function checkScaledDelay(demo: Demo, params: Pick<DemoParams, 'delayMs' | 'scale' | 'given'>): void {
  const ms = params.delayMs * params.scale;
  if (ms <= MAX_DELAY_MS) return;
  const delay = formatDurationOption(params.delayMs);
  const given = params.given.delayMs ? `--delay ${delay}` : `${demo.name}'s delay (${delay})`;
  throw new UsageError(
    `${given} × --scale ${params.scale} asks for waits of ${Math.round(ms)} ms, but a timer waits at most ${MAX_DELAY_MS} ms (about 24.8 days). Use a smaller --delay or --scale.`,
  );
}

/**
 * Reads the common options back from commander's parsed values.
 *
 * @example
 * const common = readCommonOptions(cmd.opts());
 */
export function readCommonOptions(opts: OptionValues): CommonOptions {
  return {
    // Absent when the command defines no workload (`run`): nothing is scaled then.
    scale: (opts.scale as number | undefined) ?? 1,
    delayMs: opts.delay as number | undefined,
    count: opts.count as number | undefined,
    runs: opts.runs as number,
    warmup: opts.warmup as number,
    variants: opts.variants as string[] | undefined,
    json: opts.json === true,
    timeline: opts.timeline !== false,
    live: opts.live !== false,
    color: opts.color !== false,
    quiet: opts.quiet === true,
    minSpeedup: opts.minSpeedup as number | undefined,
    debug: opts.debug === true,
    trace: opts.trace as string | undefined,
    baseline: opts.baseline as LoadedDocument | undefined,
    maxRegression: opts.maxRegression as number | undefined,
    exportMarkdown: opts.exportMarkdown as string | undefined,
  };
}

/**
 * Adds a demo's own options to `cmd`, each with the parser its `kind` names.
 *
 * @example
 * addDemoOptions(cmd, [{ flags: '--settle', description: 'gather with return_exceptions', kind: 'flag' }]);
 */
export function addDemoOptions(cmd: Command, options: readonly DemoOption[]): Command {
  if (options.length === 0) return cmd;
  cmd.optionsGroup('Demo options:');
  for (const spec of options) cmd.addOption(toCommanderOption(spec));
  return cmd;
}

/**
 * Reads a demo's own options back, keyed by commander's camelCase attribute name, with
 * each absent one set to its declared default.
 *
 * @example
 * readDemoOptions(cmd.opts(), demo.options ?? []); // { fail: 'Bob', settle: false }
 */
export function readDemoOptions(opts: OptionValues, options: readonly DemoOption[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const spec of options) {
    const option = new Option(spec.flags);
    const key = option.attributeName();
    values[key] = opts[key] ?? spec.default ?? (spec.kind === 'flag' && !option.negate ? false : undefined);
  }
  return values;
}

function toCommanderOption(spec: DemoOption): Option {
  const option = new Option(spec.flags, spec.description);
  const min = spec.min;
  const max = spec.max;
  switch (spec.kind) {
    case 'flag':
      break;
    case 'count':
      option.argParser((v) => parseCount(v, { min: min ?? 1, max: max ?? 1_000_000 }));
      break;
    case 'duration':
      option.argParser((v) => parseDuration(v, { min: min ?? 1, max }));
      break;
    case 'number':
      option.argParser((v) => parseNumber(v, { min: min ?? -Number.MAX_VALUE, max: max ?? Number.MAX_VALUE }));
      break;
    case 'string':
      if (spec.choices !== undefined) option.choices(spec.choices);
      else option.argParser((v) => parseText(v));
      break;
    case 'strings': {
      const choices = spec.choices;
      const split = spec.split ?? true;
      // Each occurrence appends; commander's default would be the first `previous`,
      // so defaults are applied after parsing instead (readDemoOptions).
      option.argParser((v, previous: string[] | undefined) => [
        ...(previous ?? []),
        ...(choices !== undefined ? parseNameList(v, choices) : split ? splitList(v) : [parseText(v)]),
      ]);
      break;
    }
  }
  if (spec.default !== undefined && spec.kind !== 'strings') {
    option.default(spec.default, spec.kind === 'duration' && typeof spec.default === 'number' ? formatDurationOption(spec.default) : undefined);
  }
  return option;
}

function splitList(value: string): string[] {
  return value.split(',').map((item) => parseText(item.trim()));
}

/**
 * A millisecond count the way the duration parser reads it back: `250ms`, `1.5s`.
 *
 * @example
 * formatDurationOption(1500); // '1.5s'
 */
export function formatDurationOption(ms: number): string {
  return ms >= 1000 && ms % 100 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
