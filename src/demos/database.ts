import { gather, type RunContext, type VariantSpec, sleep } from '../core/index.js';
import { SEED_DATABASE } from './explain/seed-python.js';
import { caught, failOption, InjectedFailure } from './shared/failure.js';
import { NARRATION_LIMIT, narrator, type Say } from './shared/narration.js';
import { personNames } from './shared/names.js';
import { timeUnit, unitMs, wait } from './shared/timing.js';
import type { Demo } from './types.js';

/** The tutorial's AsyncDatabase timings, in units of 100 ms: connect 0.5 s, query 0.2 s, close 0.1 s. */
const CONNECT = 5;
const QUERY = 2;
const CLOSE = 1;
const PER_CLIENT = CONNECT + QUERY + CLOSE;
const FAIL = failOption(
  '--fail [client]',
  "make this client's query throw (Bob when no name is given): the connection still closes",
  // A bare `--fail` fails Bob, or Alice when she is the only client.
  (names) => Math.min(1, names.length - 1),
);

interface Row {
  id: number;
  name: string;
}

/** What one client needs to know; `fails` makes its query throw when the query's wait ends. */
interface Client {
  ctx: RunContext;
  name: string;
  unit: number;
  fails: boolean;
  say: Say | undefined;
}

/**
 * The tutorial's AsyncDatabase as an async-disposable resource: `await using db = await
 * AsyncDatabase.connect(…)` is Python's `async with AsyncDatabase() as db`, and
 * `[Symbol.asyncDispose]` its `__aexit__`, which runs however the block is left. Each
 * step is a task, so the timeline shows connect, query and close in turn.
 */
class AsyncDatabase implements AsyncDisposable {
  private constructor(private readonly client: Client) {}

  static async connect(client: Client): Promise<AsyncDatabase> {
    const { ctx, name, unit, say } = client;
    say?.(`${name}: Connecting to database...`);
    await ctx.task(`${name} connect`, () => wait(ctx, CONNECT * unit));
    return new AsyncDatabase(client);
  }

  async query(_sql: string): Promise<Row[]> {
    const { ctx, name, unit, fails } = this.client;
    await ctx.task(`${name} query`, async () => {
      await wait(ctx, QUERY * unit);
      if (!fails) return;
      ctx.say(`${name}: the query throws`);
      throw new InjectedFailure(`${name}'s query failed`);
    });
    return [{ id: 1, name: 'Alice' }];
  }

  async [Symbol.asyncDispose](): Promise<void> {
    const { ctx, name, unit, say, fails } = this.client;
    // The failing client always narrates its close: that it comes after the error is the point.
    (fails ? (text: string) => ctx.say(text) : say)?.(`${name}: Closing database connection...`);
    // Not on the run's signal: cleanup must run even when the run is interrupted (a
    // Ctrl-C waits one close for it), as a finally block or Python's __aexit__ would.
    await ctx.task(`${name} close`, () => sleep(CLOSE * unit, { clock: ctx.clock }));
  }
}

/** The tutorial's main(): connect, query, print, close; an injected failure is caught after the close. */
async function useDatabase(client: Client): Promise<void> {
  const { ctx, name, say } = client;
  try {
    await using db = await AsyncDatabase.connect(client);
    const rows = await db.query('SELECT * FROM users');
    say?.(`${name}: ${JSON.stringify(rows)}`);
  } catch (err) {
    const failure = caught(ctx, err);
    ctx.say(`${name}: caught "${failure.message}", after the connection was closed`);
  }
}

/**
 * `asyncdemo database`: the tutorial's AsyncDatabase async context manager as an
 * `await using` resource, for three clients one after another and all at once, and
 * `--fail` to show that the connection is closed before the query's error is caught.
 *
 * @example
 * const plan = databaseDemo.plan(resolveDemoParams(databaseDemo, { options: { fail: true }, signal }));
 * plan.variants.map((v) => v.plannedMs); // [2400, 800]
 */
export const databaseDemo: Demo = {
  name: 'database',
  title: 'async context managers: AsyncDatabase as an `await using` resource, closed on every path',
  description:
    "The tutorial's AsyncDatabase: connect (0.5 s, \"Connecting to database...\"), query (0.2 s, returns " +
    "[{id: 1, name: 'Alice'}]), close (0.1 s, \"Closing database connection...\"), written as `await using db = " +
    'await AsyncDatabase.connect()`, the TypeScript form of `async with` (Symbol.asyncDispose is __aexit__). ' +
    '`sequential` serves three clients one after another (3 × 0.8 s = 2.4 s), `concurrent` all at once (0.8 s). ' +
    "Ideal speedup: the number of clients (3×). --fail [client] (Bob by default) makes that client's query throw: " +
    'its connection is still closed, and the error reaches the catch only after the close.',
  examples: ['asyncdemo database', 'asyncdemo database --fail', 'asyncdemo database --fail Alice --scale 0.5'],
  variantNames: ['sequential', 'concurrent'],
  delay: timeUnit(100, 'connect takes 5 units, query 2, close 1 (the tutorial: 0.5 s, 0.2 s, 0.1 s)'),
  count: { default: 3, max: 10_000, help: 'how many clients use the database: Alice, Bob, Charlie, …' },
  options: [
    FAIL.option,
  ],
  explain: {
    pattern:
      'A resource with guaranteed clean-up: await using db = await AsyncDatabase.connect() calls ' +
      'db[Symbol.asyncDispose]() when the block is left, at its end, on return or when it throws, like ' +
      'Python\'s async with and __aexit__. JavaScript has no async enter, so connecting (__aenter__) is ' +
      'a factory that is awaited first.',
    whenToUse:
      'Anything that must be closed: connections, file handles, locks, servers, temporary directories. ' +
      'It replaces try/finally and cannot be forgotten on an early return.',
    example: 'database.ts',
    python: SEED_DATABASE,
    pitfalls: [
      'await using needs TypeScript 5.2 or later (down-levelled here: Node 20 lacks the syntax), and ' +
        'the value must have a Symbol.asyncDispose method.',
      'Disposal runs before the error propagates: the connection is already closed when your catch ' +
        'block sees the failure.',
      'If connecting throws, there is nothing to dispose: cleaning up a half-opened resource is the ' +
        'factory\'s job.',
      'Several await using declarations are disposed in reverse order, as nested async with blocks ' +
        'would be.',
    ],
  },
  plan(params) {
    const unit = unitMs(params);
    const names = personNames(params.count);
    const n = names.length;
    const fail = FAIL.index(names, params);
    const clients = (ctx: RunContext): Client[] => {
      const say = narrator(ctx, n, 'clients');
      return names.map((name, i) => ({ ctx, name, unit, fails: i === fail, say }));
    };

    const variants: VariantSpec[] = [
      {
        name: 'sequential',
        summary: 'one client after another: each connects, queries and closes before the next connects',
        plannedMs: n * PER_CLIENT * unit,
        async run(ctx) {
          for (const client of clients(ctx)) await useDatabase(client);
        },
      },
      {
        name: 'concurrent',
        summary: 'every client at once under gather, each with its own connection',
        plannedMs: PER_CLIENT * unit,
        async run(ctx) {
          await gather(clients(ctx).map(useDatabase));
        },
      },
    ];
    const shown = n <= NARRATION_LIMIT ? { clients: names } : {};
    return {
      variants,
      headline: 'concurrent',
      means: { kind: 'speedup', measures: 'how long until every client has connected, queried and closed' },
      params: {
        count: n,
        unitMs: unit,
        connectMs: CONNECT * unit,
        queryMs: QUERY * unit,
        closeMs: CLOSE * unit,
        ...shown,
        fail: fail < 0 ? null : names[fail],
      },
    };
  },
};
