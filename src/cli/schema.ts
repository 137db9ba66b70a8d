/**
 * The JSON Schemas (draft-07) of the documents asyncdemo writes: `asyncdemo.report/1`
 * (`--json` of a demo or `run`), `asyncdemo.summary/1` (`all --json`) and
 * `asyncdemo.comparison/1` (`compare --json`, and a report's `comparison` under
 * `--baseline`). `asyncdemo schema <name>` prints them; `compare` and `--baseline`
 * validate what they read against them; the test suite validates every document its
 * tests produce, so the schemas and the code cannot drift apart.
 *
 * Compatibility: within a `/1` schema, fields may be added (readers must ignore what
 * they do not know, so the published schemas allow extra members), never removed,
 * renamed or given another type or meaning; anything else bumps the version. Fields
 * added within `/1` are optional here, so that older documents still validate.
 */

/** The names `asyncdemo schema` takes, one per document kind. */
export const SCHEMA_NAMES = ['report', 'summary', 'comparison'] as const;

/** One of {@link SCHEMA_NAMES}. */
export type SchemaName = (typeof SCHEMA_NAMES)[number];

/** The `schema` member of each document kind. */
export const SCHEMA_IDS = {
  report: 'asyncdemo.report/1',
  summary: 'asyncdemo.summary/1',
  comparison: 'asyncdemo.comparison/1',
} as const satisfies Record<SchemaName, string>;

type JsonSchema = Record<string, unknown>;

const DRAFT = 'http://json-schema.org/draft-07/schema#';

const number: JsonSchema = { type: 'number' };
const count: JsonSchema = { type: 'integer', minimum: 0 };
const text: JsonSchema = { type: 'string' };
/** A number that may not be finite: JSON has no NaN or ∞, so those are written as null. */
const maybeNumber: JsonSchema = { type: ['number', 'null'] };

function object(properties: Record<string, JsonSchema>, required: readonly string[], description?: string): JsonSchema {
  return { type: 'object', ...(description === undefined ? {} : { description }), properties, required: [...required] };
}

const stats = object(
  {
    median: number,
    mean: number,
    min: number,
    max: number,
    stddev: { ...number, description: 'sample standard deviation (n − 1); 0 for a single run' },
    samples: { type: 'array', items: number, description: 'every timed run, in ms, in the order they ran' },
  },
  ['median', 'mean', 'min', 'max', 'stddev', 'samples'],
  'statistics of the timed runs, in milliseconds',
);

const errorInfo: JsonSchema = object(
  {
    name: text,
    message: text,
    errors: { type: 'array', items: { $ref: '#/definitions/error' }, description: "an AggregateError's errors" },
  },
  ['name', 'message'],
);

const span = object(
  {
    task: text,
    start: { ...number, description: "ms from the variant's start" },
    end: number,
    outcome: { enum: ['ok', 'error', 'cancelled'] },
    lane: { ...count, description: 'its row in a timeline, held only while it runs: n workers give at most n lanes' },
    error: text,
    running: {
      ...number,
      description: 'for a task that waited for its turn (a worker, a slot): when it started running; equal to end if it never ran',
    },
  },
  ['task', 'start', 'end', 'outcome', 'lane'],
);

const variant = object(
  {
    name: text,
    summary: text,
    plannedMs: { ...maybeNumber, description: 'the critical path if every wait were exact' },
    ms: { oneOf: [{ $ref: '#/definitions/stats' }, { type: 'null' }], description: 'null when an interruption left no completed run' },
    spans: { type: 'array', items: { $ref: '#/definitions/span' }, description: 'the first timed run' },
    narration: { type: 'array', items: object({ at: number, text }, ['at', 'text']), description: 'the first timed run, as spans' },
    details: {
      type: 'object',
      description: "demo-specific data (HTTP latencies, event-loop delay, …) of the first timed run, as spans: with several runs, not the medians in ms",
    },
    error: { $ref: '#/definitions/error' },
  },
  ['name', 'summary', 'plannedMs', 'ms', 'spans', 'narration'],
);

const speedup = object(
  {
    variant: text,
    baseline: text,
    value: { ...maybeNumber, description: 'baseline median / variant median' },
    stddev: maybeNumber,
    ideal: { ...maybeNumber, description: 'baseline planned / variant planned' },
    efficiency: { ...maybeNumber, description: 'value / ideal' },
    valid: { type: 'boolean', description: 'both variants did the same work and all of it succeeded: value is a speedup (added within /1: older documents may lack it)' },
    reason: { enum: ['failed', 'different-work', 'first-answer', 'reliability'], description: 'why not valid' },
    why: { ...text, description: 'headline only, when not valid: the reason as one sentence' },
    measures: { ...text, description: 'headline only: what the compared times measure' },
    idealFrom: { enum: ['plan', 'measured'], description: "headline only: the demo's planned waits, or the baseline's measured spans" },
  },
  ['variant', 'baseline', 'value', 'stddev', 'ideal', 'efficiency'],
);

const caveat: JsonSchema = {
  description: 'something that makes a figure doubtful (added within /1: older documents may lack it)',
  oneOf: [
    object({ kind: { const: 'spread' }, variant: text, relativeStddev: number, runs: count }, ['kind', 'variant', 'relativeStddev', 'runs']),
    object({ kind: { const: 'busy' }, load1: number, cores: count }, ['kind', 'load1', 'cores']),
    object({ kind: { const: 'loop-delay' }, p99Ms: number, maxMs: number }, ['kind', 'p99Ms', 'maxMs']),
    object(
      { kind: { const: 'cores-busy' }, variant: text, expectedMs: number, observedMs: number, threads: count, cores: count },
      ['kind', 'variant', 'expectedMs', 'observedMs', 'threads', 'cores'],
    ),
    object(
      {
        kind: { const: 'parallel-slowdown' },
        variant: text,
        baseline: text,
        efficiency: number,
        aloneMs: number,
        togetherMs: number,
        threads: count,
        cores: count,
      },
      ['kind', 'variant', 'baseline', 'efficiency', 'aloneMs', 'togetherMs', 'threads', 'cores'],
    ),
    object(
      {
        kind: { const: 'efficiency' },
        variant: text,
        baseline: text,
        efficiency: number,
        cause: { enum: ['noise', 'single-run', 'measured-ideal', 'first-run', 'overhead'] },
        baselineOver: number,
        variantOver: number,
        ideal: {
          ...number,
          description:
            "the speedup's ideal: below 1 the plan has the variant slower, and the efficiency above 1 means less slow than planned (added within /1: older documents may lack it)",
        },
      },
      ['kind', 'variant', 'baseline', 'efficiency', 'cause', 'baselineOver', 'variantOver'],
    ),
  ],
};

const env = object(
  {
    node: text,
    platform: text,
    arch: text,
    cpus: { type: 'integer', minimum: 1 },
    cpu: { ...text, description: 'the CPU model (added within /1: older documents may lack it)' },
    load: { type: 'array', items: number, description: 'the 1, 5 and 15 minute load averages (added within /1: older documents may lack it)' },
    asyncdemo: { ...text, description: 'the asyncdemo version that wrote the report (added within /1: older documents may lack it)' },
  },
  ['node', 'platform', 'arch', 'cpus'],
);

/** The comparison's own definitions, shared by the comparison schema and the report's `comparison`. */
function comparisonDefinitions(): Record<string, JsonSchema> {
  const welch = object(
    {
      method: { const: 'welch-t' },
      t: maybeNumber,
      df: maybeNumber,
      p: { ...number, minimum: 0, maximum: 1 },
      significant: { type: 'boolean', description: 'p below alpha' },
    },
    ['method', 't', 'df', 'p', 'significant'],
    "Welch's two-sample t-test on the samples (both sides need 3 or more)",
  );
  const side = object(
    { median: number, stddev: number, min: number, max: number, n: count },
    ['median', 'stddev', 'min', 'max', 'n'],
  );
  const sideOrNull = { oneOf: [{ $ref: '#/definitions/side' }, { type: 'null' }] };
  const testOrNull = { oneOf: [{ $ref: '#/definitions/welch' }, { type: 'null' }] };
  const difference = object({ name: text, before: {}, after: {} }, ['name', 'before', 'after']);
  return {
    welch,
    side,
    difference,
    variantComparison: object(
      {
        name: text,
        before: sideOrNull,
        after: sideOrNull,
        ratio: { ...maybeNumber, description: 'after median / before median; null when a side is missing' },
        test: testOrNull,
      },
      ['name', 'before', 'after', 'ratio', 'test'],
    ),
    headlineComparison: object(
      {
        variant: text,
        baseline: text,
        before: maybeNumber,
        after: maybeNumber,
        ratio: { ...maybeNumber, description: 'after speedup / before speedup' },
        test: { ...testOrNull, description: 'on the per-round speedups (baseline run ÷ variant run of the same round)' },
        valid: { type: 'boolean', description: 'both headlines are valid speedups; otherwise never gated on' },
        reasonBefore: { enum: ['failed', 'different-work', 'first-answer', 'reliability'], description: "why the before side's headline is not a speedup (added within /1)" },
        reasonAfter: { enum: ['failed', 'different-work', 'first-answer', 'reliability'], description: "why the after side's headline is not a speedup (added within /1)" },
      },
      ['variant', 'baseline', 'before', 'after', 'ratio', 'test', 'valid'],
    ),
    demoComparison: object(
      {
        demo: text,
        params: { type: 'array', items: { $ref: '#/definitions/difference' }, description: 'the parameters that differ' },
        variants: { type: 'array', items: { $ref: '#/definitions/variantComparison' } },
        headline: {
          oneOf: [{ $ref: '#/definitions/headlineComparison' }, { type: 'null' }],
          description: 'null unless both sides have a headline of the same two variants',
        },
        interruptedBefore: { const: true, description: "the before side's run was interrupted: partial figures (added within /1)" },
        interruptedAfter: { const: true, description: "the after side's run was interrupted: partial figures (added within /1)" },
      },
      ['demo', 'params', 'variants', 'headline'],
    ),
    regression: object(
      {
        demo: text,
        kind: { enum: ['variant', 'headline'] },
        name: { ...text, description: 'the variant, or the headline variant' },
        change: { ...number, description: 'the rise of the median (variant) or the fall of the speedup (headline), as a fraction' },
        p: { type: ['number', 'null'], description: "Welch's p when it could be tested" },
      },
      ['demo', 'kind', 'name', 'change', 'p'],
    ),
    comparison: object(
      {
        schema: { const: SCHEMA_IDS.comparison },
        before: object({ file: text, env: { $ref: '#/definitions/env' } }, ['file', 'env']),
        after: object({ file: text, env: { $ref: '#/definitions/env' } }, ['file', 'env']),
        alpha: { ...number, description: 'the significance level of the tests' },
        maxRegression: { type: ['number', 'null'], description: '--max-regression, in percent' },
        env: { type: 'array', items: { $ref: '#/definitions/difference' }, description: 'the environment fields that differ' },
        demos: { type: 'array', items: { $ref: '#/definitions/demoComparison' } },
        onlyBefore: { type: 'array', items: text, description: 'demos only the before document has' },
        onlyAfter: { type: 'array', items: text, description: 'demos only the after document has' },
        regressions: { type: 'array', items: { $ref: '#/definitions/regression' }, description: 'beyond maxRegression (empty without it)' },
      },
      ['schema', 'before', 'after', 'alpha', 'maxRegression', 'env', 'demos', 'onlyBefore', 'onlyAfter', 'regressions'],
    ),
  };
}

function reportDefinitions(): Record<string, JsonSchema> {
  return {
    stats,
    error: errorInfo,
    span,
    variant,
    speedup,
    caveat,
    env,
    ...comparisonDefinitions(),
    report: object(
      {
        schema: { const: SCHEMA_IDS.report },
        demo: text,
        params: { type: 'object', description: 'the resolved options' },
        variants: { type: 'array', items: { $ref: '#/definitions/variant' } },
        speedups: { type: 'array', items: { $ref: '#/definitions/speedup' }, description: 'the headline first' },
        caveats: { type: 'array', items: { $ref: '#/definitions/caveat' }, description: 'what makes a figure doubtful (added within /1: older documents may lack it)' },
        interrupted: { type: 'boolean' },
        env: { $ref: '#/definitions/env' },
        comparison: { $ref: '#/definitions/comparison', description: 'with --baseline: this run against the baseline (added within /1: older documents may lack it)' },
      },
      ['schema', 'demo', 'params', 'variants', 'speedups', 'interrupted', 'env'],
    ),
  };
}

/**
 * The JSON Schema of one document kind, self-contained (every definition inline), as
 * `asyncdemo schema <name>` prints it. A fresh object each call.
 *
 * @example
 * JSON.stringify(schemaFor('report'), null, 2);
 */
export function schemaFor(name: SchemaName): JsonSchema {
  const definitions = reportDefinitions();
  const head = { $schema: DRAFT, $id: `urn:asyncdemo:${name}:1` };
  switch (name) {
    case 'report':
      return { ...head, title: 'asyncdemo report', description: 'The --json output of a demo or of `asyncdemo run`.', $ref: '#/definitions/report', definitions };
    case 'summary':
      return {
        ...head,
        title: 'asyncdemo summary',
        description: 'The --json output of `asyncdemo all`: every demo\'s report, in run order.',
        ...object(
          {
            schema: { const: SCHEMA_IDS.summary },
            reports: { type: 'array', items: { $ref: '#/definitions/report' } },
            interrupted: { type: 'boolean' },
            notMeasured: {
              type: 'array',
              items: { type: 'string' },
              description: 'only when interrupted: the demos Ctrl-C stopped before they measured anything, in run order (added within /1: older documents may lack it)',
            },
          },
          ['schema', 'reports', 'interrupted'],
        ),
        definitions,
      };
    case 'comparison':
      return { ...head, title: 'asyncdemo comparison', description: 'The --json output of `asyncdemo compare`.', $ref: '#/definitions/comparison', definitions };
  }
}
