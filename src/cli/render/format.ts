/**
 * Numbers as people read them in a benchmark report. Pure and locale-free, so the
 * output is the same on every machine and tests can pin exact strings.
 */

/**
 * A duration in hyperfine's style: three decimals for seconds, one below that, and the
 * unit stepping up as soon as the rounded number would reach 1000 (`999.96` ms is
 * `1.000 s`, never `1000.0 ms`). Not-a-number and infinities print as `—`.
 *
 * @example
 * formatMs(3004.2); // '3.004 s'
 * formatMs(250);    // '250.0 ms'
 * formatMs(0.0123); // '12.3 µs'
 */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms === 0) return '0.0 ms';
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  // Each step falls through to the next unit when rounding would print 1000.0.
  if (a < 1e-3) {
    const v = (a * 1e6).toFixed(1);
    if (Number(v) < 1000) return `${sign}${v} ns`;
  }
  if (a < 1) {
    const v = (a * 1e3).toFixed(1);
    if (Number(v) < 1000) return `${sign}${v} µs`;
  }
  if (a < 1000) {
    const v = a.toFixed(1);
    if (Number(v) < 1000) return `${sign}${v} ms`;
  }
  return `${sign}${(a / 1000).toFixed(3)} s`;
}

/**
 * A ratio with two decimals, as hyperfine prints speedups; `∞` and `n/a` for the
 * degenerate cases a zero-length run can produce.
 *
 * @example
 * formatRatio(2.9934); // '2.99'
 * formatRatio(Infinity); // '∞'
 */
export function formatRatio(x: number): string {
  if (Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  return x.toFixed(2);
}

/**
 * A fraction as a percentage with one decimal.
 *
 * @example
 * formatPercent(0.9967); // '99.7%'
 */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return 'n/a';
  return `${(fraction * 100).toFixed(1)}%`;
}

/**
 * A narration timestamp, like `+1.002s`: seconds with millisecond precision, because
 * the tutorial's delays are whole seconds and the interesting part is the few ms of drift.
 *
 * @example
 * formatStamp(1002.4); // '+1.002s'
 */
export function formatStamp(ms: number): string {
  if (!Number.isFinite(ms)) return '+?';
  return `+${(ms / 1000).toFixed(3)}s`;
}

/**
 * An integer with thousands separators, the same in every locale.
 *
 * @example
 * formatCount(99988); // '99,988'
 */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Which timed run a report's spans, narration and details come from, where the times
 * beside them are medians of several runs: the first (the core keeps its spans and
 * details, not the others'). `undefined` for a single run, where there is no other to
 * tell it from. The one wording the timeline's title, the summary's stories and the
 * variants' details share.
 *
 * @example
 * shownRun(3); // 'run 1 of 3'
 * shownRun(1); // undefined
 */
export function shownRun(runs: number): string | undefined {
  return runs >= 2 ? `run 1 of ${formatCount(runs)}` : undefined;
}
