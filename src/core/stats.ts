/** Summary statistics of a variant's timed runs, in milliseconds. */
export interface Stats {
  median: number;
  mean: number;
  min: number;
  max: number;
  /** Sample standard deviation (n − 1), as hyperfine reports it; 0 for a single run. */
  stddev: number;
  /** Every timed run, in the order they ran. */
  samples: number[];
}

/**
 * Median, mean, min, max and sample standard deviation of `samples`.
 *
 * @throws RangeError when `samples` is empty: a statistic of nothing is a bug upstream.
 * @example
 * summarize([1000, 1002, 1001]); // { median: 1001, mean: 1001, min: 1000, max: 1002, stddev: 1, ... }
 */
export function summarize(samples: readonly number[]): Stats {
  const n = samples.length;
  if (n === 0) throw new RangeError('summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = n >> 1;
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  let sum = 0;
  for (const x of samples) sum += x;
  const mean = sum / n;
  let squares = 0;
  for (const x of samples) squares += (x - mean) ** 2;
  const stddev = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  return { median, mean, min: sorted[0]!, max: sorted[n - 1]!, stddev, samples: [...samples] };
}

/**
 * The uncertainty of the ratio `baseline / variant`, assuming independent runs:
 * `ratio · √((σa/μa)² + (σb/μb)²)` (hyperfine's relative_speed.rs).
 *
 * @example
 * ratioStddev(3, { mean: 3000, stddev: 30 }, { mean: 1000, stddev: 10 }); // ≈ 0.042
 */
export function ratioStddev(
  ratio: number,
  baseline: Pick<Stats, 'mean' | 'stddev'>,
  variant: Pick<Stats, 'mean' | 'stddev'>,
): number {
  const a = baseline.mean === 0 ? 0 : baseline.stddev / baseline.mean;
  const b = variant.mean === 0 ? 0 : variant.stddev / variant.mean;
  return ratio * Math.sqrt(a * a + b * b);
}

/**
 * Percentile `p` (0–100) of already sorted values, by nearest rank.
 *
 * @example
 * percentile([1, 2, 3, 4], 50); // 2
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
