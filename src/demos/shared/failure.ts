import { describeError, type RunContext } from '../../core/index.js';
import { attachDetail } from '../details.js';
import type { DemoOption, DemoParams } from '../types.js';
import { indexOfName } from './names.js';

/**
 * The failure a demo injects on request (`--fail Bob`). The variants catch it, and only
 * it, to narrate what happened, so an injected failure still exits 0 while anything
 * unexpected (an abort on Ctrl-C, a bug) propagates and fails the run.
 *
 * @example
 * throw new InjectedFailure('Bob failed');
 */
export class InjectedFailure extends Error {
  override name = 'InjectedFailure' as const;
}

/**
 * True when `err` is an {@link InjectedFailure}, or an AggregateError holding only those
 * (what a task group rejects with when the injected failure was its only one).
 *
 * @example
 * try { await taskGroup(body); } catch (err) { if (!isInjected(err)) throw err; }
 */
export function isInjected(err: unknown): boolean {
  if (err instanceof InjectedFailure) return true;
  return err instanceof AggregateError && err.errors.length > 0 && err.errors.every((e) => e instanceof InjectedFailure);
}

/**
 * Catch-clause filter for the variants: rethrows anything but an injected failure
 * (see {@link isInjected}); returns that one after attaching it to the run's report as
 * the `caught` detail, for the variant to narrate.
 *
 * @example
 * try { await gather(started); } catch (err) { ctx.say(`gather rejected: ${caught(ctx, err).message}`); }
 */
export function caught(ctx: RunContext, err: unknown): Error {
  if (!isInjected(err)) throw err;
  attachDetail(ctx, 'caught', describeError(err));
  return err as Error;
}

/**
 * A demo's `--fail` option: which of its named tasks throws. One definition holds the
 * flag's spelling, its help and how its value is read back, so that a usage error names
 * the flag as `--help` shows it. `bare` picks the task for a flag given without a name
 * (commander's `true`, for an optional `[name]`); without it a bare flag fails nothing.
 *
 * @example
 * const FAIL = failOption('--fail <name>', 'make this greeting throw (Alice, Bob, …)');
 * const demo = { options: [FAIL.option], plan(params) { const fail = FAIL.index(names, params); } };
 * FAIL.index(['Alice', 'Bob'], { options: { fail: 'Bob' } });   // 1
 * FAIL.index(['Alice', 'Bob'], { options: {} });                // -1
 */
export function failOption(
  flags: `--fail ${string}`,
  description: string,
  bare?: (names: readonly string[]) => number,
): { option: DemoOption; index(names: readonly string[], params: Pick<DemoParams, 'options'>): number } {
  return {
    option: { flags, description, kind: 'string' },
    index(names, params) {
      const given = params.options.fail;
      if (typeof given === 'string') return indexOfName(names, given, flags);
      return given === true && bare !== undefined ? bare(names) : -1;
    },
  };
}
