import type { MachineLoad } from './machine.js';
import type { Measurement } from './measure-types.js';

/**
 * Something that makes a figure of a measurement doubtful, as data: hyperfine's
 * warnings (its outlier warning, its slow-first-run warning) for asyncdemo's figures.
 * The CLI words each one and names what to do about it.
 */
export type Caveat =
  /** A variant's runs spread widely: σ above {@link SPREAD_LIMIT} of the median. */
  | { kind: 'spread'; variant: string; relativeStddev: number; runs: number }
  /** The 1-minute load average was above the number of cores. */
  | { kind: 'busy'; load1: number; cores: number }
  /** The event loop's timer fired late by more than {@link LOOP_DELAY_LIMIT_MS} (p99). */
  | { kind: 'loop-delay'; p99Ms: number; maxMs: number }
  /**
   * CPU-bound work ran slower than the rate calibrated on one core at the start: the
   * cores it needed were not free (`cpu` reports this itself, through its plan).
   */
  | { kind: 'cores-busy'; variant: string; expectedMs: number; observedMs: number; threads: number; cores: number }
  /**
   * A valid speedup's efficiency is below {@link EFFICIENCY_FLOOR} because tasks run side by
   * side took longer than one alone (`cpu`'s workers: threads that share the machine's cores
   * with each other, the main thread and the system). `aloneMs` is one task's time in the
   * baseline, `togetherMs` one wave's time in the variant; their ratio is the efficiency.
   */
  | {
      kind: 'parallel-slowdown';
      variant: string;
      baseline: string;
      efficiency: number;
      aloneMs: number;
      togetherMs: number;
      threads: number;
      cores: number;
    }
  /**
   * A valid speedup's efficiency is above {@link EFFICIENCY_LIMIT}: faster than the ideal
   * (or, where the ideal is below 1, less slow than planned), which needs a reason. As
   * efficiency = (1 + baselineOver) / (1 + variantOver), it is always that the baseline
   * ran further over its plan than the variant did. `cause` is the likeliest one the data supports:
   * - `noise`: within twice the speedup's ±;
   * - `single-run`: one run, so noise cannot be told apart;
   * - `measured-ideal`: the ideal itself comes from measured spans, which include costs
   *   (set-up, round trips) that concurrency overlaps;
   * - `first-run`: the baseline ran first with no warm-up and paid one-off costs (JIT, connections);
   * - `overhead`: the baseline ran further over its plan than the variant did.
   */
  | {
      kind: 'efficiency';
      variant: string;
      baseline: string;
      efficiency: number;
      cause: 'noise' | 'single-run' | 'measured-ideal' | 'first-run' | 'overhead';
      /** How far each ran over its planned time, as a fraction of it. */
      baselineOver: number;
      variantOver: number;
      /**
       * The speedup's ideal. Below 1 the plan has the variant slower than the baseline,
       * and an efficiency above 1 means "less slow than planned", not "faster than ideal".
       * Always set by {@link findCaveats}; absent from reports written before it was added,
       * which are read as a speedup's.
       */
      ideal?: number;
    };

/** Relative σ above which a variant's spread is worth a warning (hyperfine flags outliers; 5% is the bar). */
export const SPREAD_LIMIT = 0.05;
/** Event-loop delay (p99, beyond the timer's period) above which the loop was held up, in ms. */
export const LOOP_DELAY_LIMIT_MS = 20;
/** Efficiency above which a speedup beats its ideal by more than rounding and timer slack. */
export const EFFICIENCY_LIMIT = 1.02;
/** Efficiency below which a speedup falls short of its ideal by more than timer slack, which needs a reason. */
export const EFFICIENCY_FLOOR = 0.97;

/**
 * How close to 1 an ideal speedup is "no speedup possible" (cpu's promise-all, one
 * request): such a comparison's lesson is "no faster", so neither a ratio nor an
 * efficiency is claimed for it, and a measured ratio this close to 1 reads "about as
 * long". A ratio further from 1 is printed, and a faster one gets its `efficiency` caveat.
 */
export const NO_SPEEDUP_IDEAL = 0.1;

/** What {@link findCaveats} needs beyond the measurement. */
export interface CaveatContext {
  /** What the machine did meanwhile (see watchMachine); no machine caveats without it. */
  machine?: MachineLoad;
  /** The demo blocks the event loop on purpose (`cpu`): its own loop delay is the lesson, not a warning. */
  blocksLoop?: boolean;
  /** Untimed warm-up rounds (or a warm-up) ran before the timed ones. */
  warmedUp?: boolean;
  /** The planned times come from measured spans rather than from the demo's own waits. */
  idealMeasured?: boolean;
}

/**
 * The caveats of a measurement: wide spreads, a busy machine, a held-up event loop,
 * and efficiencies above the ideal (each with its likeliest cause). Pure: the same
 * data gives the same caveats.
 *
 * @example
 * findCaveats(measurement, { machine: watch.stop() });
 * // [{ kind: 'busy', load1: 3.4, cores: 2 }, { kind: 'spread', variant: 'gather', relativeStddev: 0.08, runs: 3 }]
 */
export function findCaveats(m: Measurement, context: CaveatContext = {}): Caveat[] {
  const found: Caveat[] = [];
  const { machine } = context;
  if (machine !== undefined) {
    if (machine.load1 > machine.cores) found.push({ kind: 'busy', load1: machine.load1, cores: machine.cores });
    if (context.blocksLoop !== true && machine.loopDelay.p99Ms > LOOP_DELAY_LIMIT_MS) {
      found.push({ kind: 'loop-delay', p99Ms: machine.loopDelay.p99Ms, maxMs: machine.loopDelay.maxMs });
    }
  }
  for (const v of m.variants) {
    const ms = v.ms;
    if (ms === null || ms.samples.length < 2 || !(ms.median > 0)) continue;
    const relativeStddev = ms.stddev / ms.median;
    if (relativeStddev > SPREAD_LIMIT) found.push({ kind: 'spread', variant: v.name, relativeStddev, runs: ms.samples.length });
  }
  for (const s of m.speedups) {
    if (!s.valid || !(s.efficiency > EFFICIENCY_LIMIT)) continue;
    // Where no speedup is possible, a ratio within NO_SPEEDUP_IDEAL of 1 is said as "about
    // as long" and needs no reason; a larger one is printed ("2.15× less time") and does.
    if (Math.abs(s.ideal - 1) < NO_SPEEDUP_IDEAL && Math.abs(s.value - 1) < NO_SPEEDUP_IDEAL) continue;
    const base = m.variants.find((v) => v.name === s.baseline);
    const other = m.variants.find((v) => v.name === s.variant);
    if (base?.ms == null || other?.ms == null) continue;
    const over = (median: number, planned: number): number => (planned > 0 ? median / planned - 1 : 0);
    const baselineOver = over(base.ms.median, base.plannedMs);
    const variantOver = over(other.ms.median, other.plannedMs);
    const runs = Math.min(base.ms.samples.length, other.ms.samples.length);
    let cause: Extract<Caveat, { kind: 'efficiency' }>['cause'];
    if (context.idealMeasured === true) cause = 'measured-ideal';
    else if (runs >= 2 && s.efficiency - 1 <= (2 * s.stddev) / s.ideal) cause = 'noise';
    else if (context.warmedUp !== true && m.variants[0]?.name === s.baseline) cause = 'first-run';
    else if (runs < 2) cause = 'single-run';
    else cause = 'overhead';
    found.push({ kind: 'efficiency', variant: s.variant, baseline: s.baseline, efficiency: s.efficiency, cause, baselineOver, variantOver, ideal: s.ideal });
  }
  return found;
}
