/** What {@link calibrate} needs: the work, a timer, and how long one task should take. */
export interface CalibrateOptions {
  /** How long one task should take, in ms. */
  targetMs: number;
  /** Runs the work for `iterations` (e.g. {@link spin}), synchronously. */
  spin: (iterations: number) => unknown;
  /** A monotonic timer in ms (`performance.now` for real; a fake in tests). */
  now: () => number;
  /**
   * The shortest probe worth extrapolating from, in ms (default 25, or `targetMs` when
   * that is shorter): long enough for the timer's resolution and for V8 to have
   * optimised the loop, short enough that start-up stays quick.
   */
  probeMs?: number;
  /** The first probe's iterations (default 1024). */
  startIterations?: number;
}

/** The outcome of {@link calibrate}. */
export interface Calibration {
  /** Iterations for one task of `targetMs` on this machine (at least 1). */
  iterations: number;
  /** The measured cost of one iteration, in ns. */
  nsPerIteration: number;
  /** Iterations of the probe the estimate comes from. */
  probeIterations: number;
  /** Wall time spent calibrating, in ms. */
  spentMs: number;
}

// Probes grow 4× at a time: from 1024 iterations to a 25 ms probe in ~8 steps, and
// the steps before the last add at most a third of its time.
const GROWTH = 4;
// A timer that never moves would otherwise grow the probe for ever.
const MAX_PROBE_ITERATIONS = 2 ** 50;

/**
 * Finds how many iterations of `spin` take `targetMs` on this machine: probes with
 * growing iteration counts until one lasts `probeMs`, runs that probe once more (the
 * first may still include the optimising compiler's work), keeps the faster, and
 * scales linearly. Pure apart from calling `spin` and `now`, so a test drives it with
 * a fake timer and gets an exact answer.
 *
 * @example
 * const { iterations } = calibrate({ targetMs: 500, spin, now: () => performance.now() });
 * spin(iterations); // ~500 ms
 */
export function calibrate(options: CalibrateOptions): Calibration {
  const { targetMs, spin, now } = options;
  if (!(targetMs > 0 && Number.isFinite(targetMs))) throw new RangeError(`calibrate: targetMs must be > 0, got ${targetMs}`);
  const probeMs = Math.min(options.probeMs ?? 25, targetMs);
  const started = now();
  const time = (iterations: number): number => {
    const t0 = now();
    spin(iterations);
    return now() - t0;
  };

  let n = Math.max(1, Math.round(options.startIterations ?? 1024));
  let ms = time(n);
  while (ms < probeMs) {
    if (n >= MAX_PROBE_ITERATIONS) throw new RangeError(`calibrate: ${n} iterations still took ${ms} ms; is the timer moving?`);
    n *= GROWTH;
    ms = time(n);
  }
  ms = Math.min(ms, time(n));
  const msPerIteration = ms / n;
  return {
    iterations: Math.max(1, Math.round(targetMs / msPerIteration)),
    nsPerIteration: msPerIteration * 1e6,
    probeIterations: n,
    spentMs: now() - started,
  };
}
