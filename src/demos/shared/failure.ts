import { describeError, type RunContext } from '../../core/index.js';
import { attachDetail } from '../details.js';
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
 * Which task a `--fail` option injects the failure into: the index of the name given
 * (checked by {@link indexOfName}, so an unknown one is a usage error naming `flags`),
 * `bare` when the flag came without a name (commander's `true`, for an optional
 * `[name]`), or -1 when the option is absent.
 *
 * @example
 * failIndex(['Alice', 'Bob'], 'Bob', '--fail <name>');       // 1
 * failIndex(['Alice', 'Bob'], undefined, '--fail <name>');   // -1
 * failIndex(['Alice', 'Bob'], true, '--fail [client]', 1);   // 1
 */
export function failIndex(names: readonly string[], option: unknown, flags: string, bare = -1): number {
  if (typeof option === 'string') return indexOfName(names, option, flags);
  return option === true ? bare : -1;
}
