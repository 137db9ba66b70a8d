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
