import type { Caveat, Measurement, SpeedupInvalid } from '../core/index.js';
import type { DemoPlan, HeadlineKind } from './types.js';

/** Why a headline is not a speedup: the core's reasons, or a headline that is not one by its kind. */
export type HeadlineReason = SpeedupInvalid | Exclude<HeadlineKind, 'speedup'>;

/** What the headline comparison of a run may claim, as data: the CLI words it, and gates on it. */
export interface HeadlineVerdict {
  variant: string;
  baseline: string;
  kind: HeadlineKind;
  /** What the compared times are, in a learner's words (the demo's declaration). */
  measures: string;
  /** True when the headline is a speedup the run supports: "× faster", an efficiency, a gate. */
  valid: boolean;
  /** Why not, when not valid. */
  reason?: HeadlineReason;
  /** Where the ideal comes from: the demo's planned waits, or the baseline's measured spans. */
  idealFrom: 'plan' | 'measured';
}

/** What a measurement's headline may claim, and the caveats on its figures: data for the renderers. */
export interface Assessment {
  /** Absent when there is no headline comparison. */
  verdict?: HeadlineVerdict;
  caveats: Caveat[];
  /**
   * Where the ideal comes from, headline or not: `measured` for a demo that knows no plan
   * (real servers, a user's functions), so no "Planned" line is shown for any variant,
   * interrupted runs included. Absent means `plan`.
   */
  idealFrom?: 'plan' | 'measured';
}

/** What a headline measures when a demo says nothing more. */
export const DEFAULT_MEASURES = 'how long until every task is done';

/**
 * Judges a run's headline (`speedups[0]`) by what the demo declared it measures: a
 * headline that is not a speedup by its kind (race, retry) never is one; a speedup is
 * valid only where the core found both variants did the same work and all of it
 * succeeded. Undefined when there is no headline (one variant, or no baseline run).
 *
 * @example
 * judgeHeadline(measurement, { means: { kind: 'first-answer', measures: 'time to the first answer' } });
 * // { variant: 'race', baseline: 'promise-race', valid: false, reason: 'first-answer', … }
 */
export function judgeHeadline(m: Measurement, plan: Pick<DemoPlan, 'means' | 'idealFrom'>): HeadlineVerdict | undefined {
  const s = m.speedups[0];
  if (s === undefined) return undefined;
  const kind = plan.means?.kind ?? 'speedup';
  const verdict: HeadlineVerdict = {
    variant: s.variant,
    baseline: s.baseline,
    kind,
    measures: plan.means?.measures ?? DEFAULT_MEASURES,
    valid: kind === 'speedup' && s.valid,
    idealFrom: plan.idealFrom ?? 'plan',
  };
  if (kind !== 'speedup') verdict.reason = kind;
  else if (s.invalid !== undefined) verdict.reason = s.invalid;
  return verdict;
}
