import { gather, type RunContext, type VariantSpec, taskGroup, type Task } from '../core/index.js';
import { SEED_TASKGROUP } from './explain/seed-python.js';
import { caught, failOption, InjectedFailure } from './shared/failure.js';
import { NARRATION_LIMIT, narrator, stamp } from './shared/narration.js';
import { joinNames, othersThan } from './shared/names.js';
import { timeUnit, unitMs, wait } from './shared/timing.js';
import type { Demo } from './types.js';

/** The tutorial's process_item delays, in units: A 2 s, B 1 s, C 3 s; more items repeat the cycle. */
const UNITS = [2, 1, 3] as const;
const FAIL = failOption('--fail <item>', 'make this item throw when its wait ends (A, B, C, …): see what the group cancels');

interface Item {
  name: string;
  ms: number;
  fails: boolean;
}

/** A, B, … Z, then `item 27`, `item 28`, … */
function itemName(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : `item ${index + 1}`;
}

/** The tutorial's `process_item(item, delay)`; the item chosen with --fail throws when its wait ends. */
async function processItem(ctx: RunContext, item: Item, signal?: AbortSignal): Promise<string> {
  await wait(ctx, item.ms, signal);
  if (item.fails) throw new InjectedFailure(`${item.name} failed`);
  return `Processed: ${item.name}`;
}

/**
 * `asyncdemo taskgroup`: the tutorial's process_item A (2 s), B (1 s), C (3 s), one after
 * another and in a TaskGroup. With `--fail B` the group aborts A and C the moment B
 * fails and rejects with an AggregateError holding B's error alone, while a gather of
 * the same items (a third variant) rejects just as soon but leaves A and C running.
 *
 * @example
 * const plan = taskgroupDemo.plan(resolveDemoParams(taskgroupDemo, { options: { fail: 'B' }, signal }));
 * plan.variants.map((v) => [v.name, v.plannedMs]); // [['sequential', 3000], ['taskgroup', 1000], ['gather', 1000]]
 */
export const taskgroupDemo: Demo = {
  name: 'taskgroup',
  title: 'TaskGroup: structured concurrency; a failure cancels the siblings (unlike gather)',
  description:
    "The tutorial's process_item A (2 s), B (1 s) and C (3 s): one after another they take 6 s; in a TaskGroup " +
    '(taskGroup() + tg.spawn, asyncio.TaskGroup) they take 3 s, the longest. Ideal speedup: 2×. With --fail B, ' +
    'B throws when its wait ends: the group aborts A and C at once (their spans end cancelled at 1 s), waits ' +
    "for them, and rejects with an AggregateError (Python's ExceptionGroup) holding B's error alone; a third " +
    'variant runs the same items under gather, which rejects as soon but leaves A and C running to 2 s and 3 s.',
  examples: ['asyncdemo taskgroup', 'asyncdemo taskgroup --fail B', 'asyncdemo taskgroup --fail C --scale 0.1'],
  variantNames: ['sequential', 'taskgroup', 'gather'],
  // gather shows what a failure leaves running: without --fail there is nothing to show.
  variantsFor: {
    names: (params) => (params.options.fail === undefined ? ['sequential', 'taskgroup'] : ['sequential', 'taskgroup', 'gather']),
    help: 'sequential, taskgroup; and gather, with --fail',
  },
  delay: timeUnit(1000, 'A takes 2 units, B 1, C 3 (the tutorial: 2 s, 1 s, 3 s)'),
  count: { default: 3, max: 10_000, help: 'how many items: A, B, C, D, …, their delays cycling 2, 1, 3 units' },
  options: [
    FAIL.option,
  ],
  explain: {
    pattern:
      'Structured concurrency: taskGroup(async (tg) => { tg.spawn(...) }) runs its tasks concurrently ' +
      'and returns only once every one has finished. When one fails, it aborts the others through their ' +
      'signals, waits for them, and rejects with an AggregateError of the real failures: ' +
      'asyncio.TaskGroup and its ExceptionGroup. Python\'s create_task is just calling an async function ' +
      'here: it starts at once.',
    whenToUse:
      'Tasks that belong together, where one failure makes the others\' work useless (the parts of one ' +
      'response, the steps of one job). It also guarantees that nothing outlives the block: no task is ' +
      'left running or unobserved.',
    example: 'taskgroup.ts',
    python: SEED_TASKGROUP,
    pitfalls: [
      'Cancellation is cooperative: each task gets a signal and must pass it to what it awaits (sleep, ' +
        'fetch, a query). A task that ignores it runs to its end, and the group waits for it.',
      'The group rejects with an AggregateError, not with the first error: read err.errors (Python: ' +
        'except*).',
      'Spawning on a group that has closed throws: spawn from the body or from a task still running.',
      'gather is not a task group: it rejects at the first failure but leaves the other tasks running.',
      'await using tg = new TaskGroup() cannot see an error thrown by its own block; taskGroup(body) ' +
        'can.',
      'A parent abort (the { signal } option) aborts the children at once, as in trio, where asyncio ' +
        'interrupts only the body and cancels the children when it leaves the block. A signal stays ' +
        'aborted and the body shares the group\'s, so cleanup in the body cannot rely on the children: ' +
        'let only the producer listen to the parent, keep the workers\' group out of its reach, and ' +
        'rethrow after they have drained. See examples/graceful-drain.ts.',
    ],
  },
  plan(params) {
    const unit = unitMs(params);
    const n = params.count;
    const names = Array.from({ length: n }, (_, i) => itemName(i));
    const fail = FAIL.index(names, params);
    const items: Item[] = names.map((name, i) => ({ name, ms: UNITS[i % UNITS.length]! * unit, fails: i === fail }));
    const longest = Math.max(...items.map((it) => it.ms));
    const until = (k: number) => items.slice(0, k + 1).reduce((sum, it) => sum + it.ms, 0);

    const sequential: VariantSpec = {
      name: 'sequential',
      summary: 'await process_item for each item in turn: a failure stops the loop',
      plannedMs: fail < 0 ? until(n - 1) : until(fail),
      async run(ctx) {
        const say = narrator(ctx, n, 'items');
        const results: string[] = [];
        for (const [i, item] of items.entries()) {
          try {
            results.push(await ctx.task(item.name, () => processItem(ctx, item)));
          } catch (err) {
            const failure = caught(ctx, err);
              const left = names.slice(i + 1);
            ctx.say(
              `${failure.message}: the loop stops` +
                (left.length === 0 ? '' : `; ${joinNames(left, 5, 'items')} never started`),
            );
            return;
          }
        }
        say?.(results.join(' '));
      },
    };

    const group: VariantSpec = {
      name: 'taskgroup',
      summary: 'spawn every item in a taskGroup: it waits for all, and a failure cancels the rest',
      plannedMs: fail < 0 ? longest : items[fail]!.ms,
      async run(ctx) {
        const say = narrator(ctx, n, 'items');
        const tasks: Task<string>[] = [];
        try {
          await taskGroup(
            async (tg) => {
              for (const item of items) {
                tasks.push(tg.spawn((signal) => ctx.task(item.name, () => processItem(ctx, item, signal)), { name: item.name }));
              }
              return Promise.resolve();
            },
            { signal: ctx.signal },
          );
        } catch (err) {
          const failure = caught(ctx, err) as AggregateError;
          const reasons = failure.errors.map((e: Error) => e.message).join(', ');
          const cancelled = tasks.filter((t, i) => i !== fail && t.state === 'rejected').map((t) => t.name);
          const done = tasks.filter((t) => t.state === 'fulfilled').map((t) => t.name);
          const fate = [
            cancelled.length > 0 ? `${joinNames(cancelled, 5, 'items')} ${cancelled.length === 1 ? 'was' : 'were'} cancelled` : '',
            done.length > 0 ? `${joinNames(done, 5, 'items')} had finished` : '',
          ].filter(Boolean);
          ctx.say(`TaskGroup failed with AggregateError [${reasons}]` + fate.map((f) => `; ${f}`).join(''));
          return;
        }
        // All tasks are guaranteed to be done here, as the seed says.
        say?.(tasks.map((t) => t.result()).join(' '));
      },
    };

    const gathered: VariantSpec = {
      name: 'gather',
      summary: 'the same items under gather: it rejects at the first failure but cancels nothing',
      plannedMs: items[Math.max(fail, 0)]!.ms,
      async run(ctx) {
        const say = narrator(ctx, n, 'items');
        const started = items.map((item) => ctx.task(item.name, () => processItem(ctx, item)));
        try {
          // Awaited outside the optional call: `say?.(await …)` skips its argument, and so
          // the await, when the narration is off (more than NARRATION_LIMIT items).
          const results = await gather(started);
          say?.(results.join(' '));
        } catch (err) {
          const failure = caught(ctx, err);
          const rest = n > 1 ? `; ${othersThan(names, fail, 'keep running', 'items')}` : '';
          ctx.say(`gather rejected at ${stamp(ctx.elapsed())}: ${failure.message}${rest}`);
          // Nobody awaits the siblings any more; narrate them finishing anyway.
          started.forEach((p, i) => {
            if (i !== fail) p.then((result) => say?.(`${result} (after gather gave up)`), () => {});
          });
        }
      },
    };

    const shown = n <= NARRATION_LIMIT ? { items: items.map(({ name, ms }) => ({ name, ms })) } : {};
    return {
      variants: fail < 0 ? [sequential, group] : [sequential, group, gathered],
      headline: 'taskgroup',
      means: { kind: 'speedup', measures: 'how long until every item is processed, or the first failure has stopped the run' },
      params: { count: n, unitMs: unit, ...shown, fail: fail < 0 ? null : names[fail] },
    };
  },
};
