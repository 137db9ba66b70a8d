import { AbortError } from '../core/errors.js';

/**
 * The CLI's exit codes (DESIGN.md "The CLI"): usage errors differ from runtime
 * failures, so scripts can tell "you called it wrong" from "it ran and failed".
 *
 * @example
 * if (measurement.speedups[0].value < minSpeedup) return ExitCode.belowMinSpeedup;
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  belowMinSpeedup: 3,
  sigint: 130,
  sigterm: 143,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The signals the CLI turns into a graceful cancellation. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/**
 * The abort reason when the user interrupts: it names the signal, so the code that
 * notices the abort can exit 130 or 143. Named `AbortError` (by inheritance) so the
 * measurement records the tasks it stops as cancelled, not failed.
 *
 * @example
 * root.abort(new InterruptError('SIGINT'));
 * exitCodeForAbort(root.signal.reason); // 130
 */
export class InterruptError extends AbortError {
  constructor(readonly signalName: InterruptSignal) {
    super(`Interrupted by ${signalName}`);
  }
}

/**
 * The exit code for an abort `reason`: 143 for SIGTERM, otherwise 130 (Ctrl-C, or an
 * embedder's own abort, which is an interruption all the same).
 *
 * @example
 * exitCodeForAbort(new InterruptError('SIGTERM')); // 143
 */
export function exitCodeForAbort(reason: unknown): ExitCodeValue {
  return exitCodeForSignal(reason instanceof InterruptError ? reason.signalName : 'SIGINT');
}

/**
 * 128 + the signal's number, as a shell reports a process the signal killed.
 *
 * @example
 * exitCodeForSignal('SIGINT'); // 130
 */
export function exitCodeForSignal(signal: InterruptSignal): ExitCodeValue {
  return signal === 'SIGTERM' ? ExitCode.sigterm : ExitCode.sigint;
}

// From least to most serious: a slow headline matters less than a failure, and an
// interruption overrides everything because the results are incomplete.
const SEVERITY: readonly number[] = [ExitCode.ok, ExitCode.belowMinSpeedup, ExitCode.failure, ExitCode.usage, ExitCode.sigterm, ExitCode.sigint];

/**
 * The most serious of several exit codes (`asyncdemo all` exits with the worst):
 * 0 < 3 < 1 < 2 < 143 < 130. Unknown codes rank above every known one.
 *
 * @example
 * worstExitCode([0, 3, 1]); // 1
 */
export function worstExitCode(codes: Iterable<number>): number {
  let worst: number = ExitCode.ok;
  const rank = (code: number): number => {
    const i = SEVERITY.indexOf(code);
    return i === -1 ? SEVERITY.length : i;
  };
  for (const code of codes) if (rank(code) > rank(worst)) worst = code;
  return worst;
}
