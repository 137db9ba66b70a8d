import type { Caveat, Measurement, VariantSpec } from '../core/index.js';

/**
 * A demo option beyond the common ones (`--fail`, `--settle`, `--concurrency`, …),
 * declared as data so that demos never import commander: the CLI turns each into a
 * commander Option with the parser its `kind` names, and validates before any work.
 */
export interface DemoOption {
  /** commander flags, e.g. `--fail <name>`, `--settle`, `--concurrency <n>`. */
  flags: string;
  description: string;
  /**
   * How the value is parsed and checked:
   * - `flag`: boolean switch;
   * - `count`: integer within [min, max] (`1.5`, `10ms`, `0x10`, `''` rejected);
   * - `duration`: `250ms`, `1.5s`, or bare seconds, within [min, max] ms;
   * - `number`: finite decimal within [min, max];
   * - `string`: any non-empty text (or one of `choices`);
   * - `strings`: repeatable; each occurrence appends (or a comma list, split, unless
   *   `split` is false: a URL may hold commas).
   */
  kind: 'flag' | 'count' | 'duration' | 'number' | 'string' | 'strings';
  /** For `strings`: whether one occurrence may be a comma list (default true). */
  split?: boolean;
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** The value when the option is absent (already parsed: ms for durations). */
  default?: unknown;
}

/**
 * What every demo receives, resolved and validated by the CLI (`resolveDemoParams` in
 * src/cli/options.ts): every default is already filled in from the demo's definition
 * (`delay.defaultMs`, `count.default`, each option's `default`), so `plan()` reads
 * values and never restates a default.
 */
export interface DemoParams {
  /** Multiplies every delay (`--scale`, default 1). */
  scale: number;
  /** `--delay` in ms (unscaled), or the demo's `delay.defaultMs`. */
  delayMs: number;
  /** `--count`, or the demo's `count.default`. */
  count: number;
  /**
   * Whether `--delay` and `--count` were given, for a demo whose defaults depend on its
   * other options (fetch-all with `--url`: the count is the number of URLs, and a delay
   * is the servers' to decide).
   */
  given: { readonly delayMs: boolean; readonly count: boolean };
  /**
   * The demo's own options, keyed by commander's camelCase attribute name (`fail`,
   * `urlsFile`), each absent one set to its declared `default`.
   */
  options: Readonly<Record<string, unknown>>;
  /** Aborted on Ctrl-C: for set-up work done before measuring (starting a server, calibrating). */
  signal: AbortSignal;
  /**
   * Standard input, passed in by the CLI (a demo never touches `process`): what
   * `--urls-file -` reads. Absent in-process unless the caller gives one.
   */
  stdin?: NodeJS.ReadableStream;
}

/**
 * What a demo's headline comparison measures, so that the report never calls a number
 * what it is not:
 * - `speedup`: the same work done sooner; "× faster" when both variants did all of it
 *   successfully, otherwise what happened instead (who failed where, what ran on);
 * - `first-answer`: the time to a first answer and the work left running after it
 *   (race): both variants answer at the same moment, so a ratio of their times is no speedup;
 * - `reliability`: how many calls succeeded and what that cost in time (retry): more
 *   work for more successes, so again no speedup.
 */
export type HeadlineKind = 'speedup' | 'first-answer' | 'reliability';

/** A demo's declaration of its headline (see {@link HeadlineKind}). */
export interface HeadlineMeaning {
  kind: HeadlineKind;
  /**
   * What the compared times are, in a learner's words, completing "Times measure …":
   * `how long until every greeting is done`.
   */
  measures: string;
}

/** A demo's plan: the variants to measure, and the parameters to show in the report. */
export interface DemoPlan {
  /** Every variant the demo has, baseline first; the CLI applies `--variants`. */
  variants: VariantSpec[];
  /** The comparison to headline (a variant name). */
  headline: string;
  /** What the headline measures; a plain speedup of "the time until every task is done" when absent. */
  means?: HeadlineMeaning;
  /**
   * Where the variants' planned times come from: `plan`, waits the demo chose (the
   * default), or `measured`, the baseline's measured spans (real servers, a user's
   * functions): then there is no "Planned" line, and the ideal says where it comes from.
   */
  idealFrom?: 'plan' | 'measured';
  /** The variants block the event loop on purpose (`cpu`): its delay is then the lesson, not a warning. */
  blocksLoop?: boolean;
  /**
   * An untimed warm-up run before measuring, when the first variant would otherwise pay a
   * one-off cost the others do not (JIT compilation of a client, a server's first
   * request): called once, unless `--warmup` asks for whole warm-up rounds.
   */
  warmUp?: (signal: AbortSignal) => Promise<void>;
  /** The demo's own caveats about a measurement (`cpu`: the cores it needed were busy). */
  caveats?: (measurement: Measurement) => Caveat[];
  /** The resolved parameters, as the JSON report's `params` shows them. */
  params: Record<string, unknown>;
  /** Releases whatever the plan acquired (a server, a pool): always called, once. */
  close?: () => Promise<void>;
  /**
   * Failures that make the run exit 1 even though every variant completed (fetch-all:
   * a request failed). Each is one line for stderr; empty or absent means success.
   */
  failures?: (measurement: Measurement) => string[];
}

/**
 * What `asyncdemo explain <demo>` prints about a demo: the pattern, the TypeScript the
 * demo is built on (a file in examples/, read at run time so there is no second copy to
 * drift), the tutorial's Python for the same thing, and the traps.
 *
 * @example
 * const explain: DemoExplain = {
 *   pattern: 'Run several awaits at once and collect the results in input order.',
 *   whenToUse: 'Independent I/O whose results you need together.',
 *   example: 'gather.ts',
 *   python: 'results = await asyncio.gather(greet("Alice"), greet("Bob"))',
 *   pitfalls: ['gather does not cancel its siblings when one fails.'],
 * };
 */
export interface DemoExplain {
  /** What the pattern is, in a paragraph. */
  pattern: string;
  /** When to reach for it (and when not to). */
  whenToUse: string;
  /** A file name in examples/ (`gather.ts`): the TypeScript shown. */
  example: string;
  /** The tutorial's asyncio code for the same scenario, copied as the seed has it. */
  python: string;
  /** The traps, one sentence each. */
  pitfalls: readonly string[];
}

/**
 * One demo: a seed scenario run more than one way. Adding a demo is a file in src/demos
 * (file name = CLI name) exporting a `Demo`, one line in the registry, its example and
 * its test (CONTRIBUTING.md, "Add a demo").
 * A demo never prints: it narrates through `ctx.say` and returns data.
 */
export interface Demo {
  /** The CLI name, equal to the file name: `gather`, `fetch-all`. */
  name: string;
  /** One line for `asyncdemo list`. */
  title: string;
  /** A paragraph for `--help`: what it shows and the ideal speedup. */
  description: string;
  /** Example command lines for `--help`, without the leading `$ `. */
  examples: readonly string[];
  /**
   * Every variant name of a run with the defaults, baseline first: what `list` shows and
   * what `--variants` accepts (unless {@link Demo.variantsFor} says otherwise).
   */
  variantNames: readonly string[];
  /**
   * For a demo whose options change its variants (limit: one `c=<n>` per concurrency
   * swept; taskgroup: gather only with `--fail`): the names a run with these params will
   * have, which `--variants` is checked against before the plan runs (so it must be
   * cheap: no server, no thread), and what `--help` says `--variants` takes. Absent:
   * every run has `variantNames`.
   *
   * @example
   * variantsFor: {
   *   names: (params) => sweepOf(params).map((c) => `c=${c}`),
   *   help: 'c=<n> for each concurrency swept: c=1, c=2, c=4, c=8, c=16, c=20 by default',
   * }
   */
  variantsFor?: {
    names(params: DemoParams): readonly string[];
    help: string;
  };
  /** What `--delay` means here and its default, in ms (before `--scale`). */
  delay: { defaultMs: number; help: string };
  /** What `--count` means here, its default and its upper bound. */
  count: { default: number; max: number; help: string };
  options?: readonly DemoOption[];
  /** What `asyncdemo explain <demo>` prints; a demo without it gets its description alone. */
  explain?: DemoExplain;
  /**
   * Builds the variants from validated params. May throw {@link UsageError} for a
   * combination the parsers cannot see (`--fail Zed` when there is no Zed): exit 2.
   */
  plan(params: DemoParams): DemoPlan | Promise<DemoPlan>;
}

/**
 * A bad invocation a demo detects itself (the CLI maps it to exit 2 and prints it
 * as one line with a hint).
 *
 * @example
 * throw new UsageError(`option '--fail <name>' argument 'Zed' is invalid. Allowed: Alice, Bob, Charlie.`);
 */
export class UsageError extends Error {
  override name = 'UsageError' as const;
}
