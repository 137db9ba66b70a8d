import { onAbort } from './abort.js';
import { startChild } from './child.js';
import { AbortError, errorLine } from './errors.js';

/**
 * One runner in a {@link race}: it receives its own signal, which aborts when another
 * runner has decided the race (or the caller's signal aborts), and should stop then.
 *
 * @example
 * const mirror: Contestant<Response> = (signal) => fetch('https://mirror-a.example/file', { signal });
 */
export type Contestant<T> = (signal: AbortSignal) => Promise<T>;

/** Options of {@link race}. */
export interface RaceOptions {
  /**
   * The caller's cancellation: its abort aborts every runner still going, and the race
   * rejects with its reason once they have all stopped.
   */
  signal?: AbortSignal;
}

type Result<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs every contestant at once and settles like the first one to settle, fulfilled
 * or rejected, as `Promise.race`, effection's `race` and asyncio's
 * `wait(return_when=FIRST_COMPLETED)` do; unlike `Promise.race`, the losers are
 * **aborted** the moment the race is decided, so their work stops instead of running
 * on unseen.
 *
 * - Each contestant gets its own signal. A loser's aborts with an `AbortError` naming
 *   the winner (`cause`: the winner's error when the winner failed); the winner's never
 *   aborts, so a value it returns (a response whose body is still streaming) stays usable.
 * - Structured: the race settles only once every contestant has settled, so no loser is
 *   still running (or still cleaning up) when it returns, as in effection and Effect's
 *   `raceFirst`. Cancellation is cooperative: a loser that ignores its signal delays
 *   the race until it ends; bound it with a timeout if it may.
 * - Whatever the losers do after the decision (reject with the abort, fail while
 *   unwinding, even fulfil) is ignored: they lost, and no rejection goes unhandled.
 * - A contestant that throws synchronously has simply rejected.
 * - If `signal` aborts before the race settles, every runner is aborted with its reason
 *   and the race rejects with that reason (at once, calling nothing, if it already has).
 *
 * @throws RangeError (as a rejection) for an empty list: a race nobody runs never ends.
 * @example
 * const fastest = await race([
 *   (signal) => fetchJson('https://mirror-a.example/data', { signal }),
 *   (signal) => fetchJson('https://mirror-b.example/data', { signal }),
 * ]);
 * // the slower request was aborted, and has stopped, by the time `fastest` arrives
 */
export function race<T>(contestants: Iterable<Contestant<T>>, options: RaceOptions = {}): Promise<T> {
  const { signal } = options;
  if (signal?.aborted === true) return Promise.reject(signal.reason);
  let fns: Contestant<T>[];
  try {
    fns = Array.from(contestants);
  } catch (err) {
    return Promise.reject(err);
  }
  if (fns.length === 0) return Promise.reject(new RangeError('race: no contestants (an empty race never settles)'));

  return new Promise<T>((resolve, reject) => {
    const controllers = fns.map(() => new AbortController());
    const settled = new Array<boolean>(fns.length).fill(false);
    let pending = fns.length;
    let decision: Result<T> | undefined;

    const abortRunning = (reason: unknown): void => {
      for (let i = 0; i < controllers.length; i++) if (!settled[i]) controllers[i]!.abort(reason);
    };
    const offParent = signal === undefined ? noop : onAbort(signal, () => abortRunning(signal.reason));

    const settle = (index: number, result: Result<T>): void => {
      settled[index] = true;
      if (decision === undefined) {
        decision = result;
        abortRunning(lostTo(index, fns[index]!, result));
      }
      if (--pending > 0) return;
      offParent();
      if (signal?.aborted === true) reject(signal.reason);
      else if (decision.ok) resolve(decision.value);
      else reject(decision.error);
    };

    for (let i = 0; i < fns.length; i++) {
      startChild(fns[i]!, controllers[i]!.signal).then(
        (value) => settle(i, { ok: true, value }),
        (error: unknown) => settle(i, { ok: false, error }),
      );
    }
  });
}

/** The reason the losers see: who won, and how. */
function lostTo<T>(index: number, fn: Contestant<T>, result: Result<T>): AbortError {
  const who = `contestant #${index}${fn.name === '' ? '' : ` (${fn.name})`}`;
  if (result.ok) return new AbortError(`race lost: ${who} finished first`);
  return new AbortError(`race lost: ${who} failed first: ${errorLine(result.error)}`, { cause: result.error });
}

function noop(): void {}
