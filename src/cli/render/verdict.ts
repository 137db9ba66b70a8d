import { NO_SPEEDUP_IDEAL, type Caveat } from '../../core/caveats.js';
import type { Measurement, Span, Speedup, VariantResult } from '../../core/measure.js';
import type { DemoDetails } from '../../demos/details.js';
import type { HeadlineVerdict } from '../../demos/verdict.js';
import type { Style } from '../style.js';
import { formatMs, formatPercent, formatRatio } from './format.js';
import { plannedSlowdown } from './headline.js';

/** Names listed before the rest are counted. */
const MAX_NAMES = 3;
/** Timer slack: a span ending this little after its variant still ended with it. */
const SLACK_MS = 1;

/**
 * Why `--min-speedup` cannot pass on this headline, as a clause for one stderr line.
 *
 * @example
 * gateRefusal({ reason: 'failed', variant: 'gather', baseline: 'sequential', … });
 * // "the headline is not a speedup: gather vs sequential had failures (a speedup counts only work that all succeeded)"
 */
export function gateRefusal(v: HeadlineVerdict): string {
  const pair = `${v.variant} vs ${v.baseline}`;
  switch (v.reason) {
    case 'failed':
      return `the headline is not a speedup: ${pair} had failures (a speedup counts only work that all succeeded)`;
    case 'different-work':
      return `the headline is not a speedup: ${pair} did different work`;
    case 'first-answer':
      return `the headline is not a speedup: ${pair} compares the time to a first answer and the work left running`;
    case 'reliability':
      return `the headline is not a speedup: ${pair} compares successes and what they cost in time`;
    default:
      return `the headline is not a speedup`;
  }
}

/**
 * Why a valid headline speedup fell short of `--min-speedup`, as one stderr line's
 * clause, with the headline's ideal. A bar below the ideal is reachable, and the ideal
 * is named for scale. A bar at or above it passes only on a run that reaches (or beats)
 * its ideal, which says more about noise and per-task costs than about the pattern: the
 * clause says so, and where the ideal is 1×, that no speedup is expected (with one task
 * on each side, nothing can overlap).
 *
 * @example
 * gateShortfall({ variant: 'gather', baseline: 'sequential', value: 2.51, ideal: 3, … }, 2.8, m);
 * // 'headline speedup 2.51× (gather vs sequential) is below --min-speedup 2.8 (ideal 3.00×)'
 * gateShortfall({ variant: 'gather', baseline: 'sequential', value: 2.98, ideal: 3, … }, 3.5, m);
 * // 'headline speedup 2.98× (gather vs sequential) is below --min-speedup 3.5, above its ideal 3.00×:
 * //  only a run that beats its ideal could pass'
 * gateShortfall({ variant: 'eager', baseline: 'sequential', value: 1.02, ideal: 1, … }, 1.2, m);
 * // 'headline speedup 1.02× (eager vs sequential) is below --min-speedup 1.2, above its ideal 1.00×:
 * //  with one task no speedup is expected'
 * gateShortfall({ variant: 'limited', baseline: 'concurrent', value: 0.6, ideal: 0.5, … }, 1.2, m);
 * // 'headline speedup 0.60× (limited vs concurrent) is below --min-speedup 1.2: the plan has limited
 * //  2.00× slower than concurrent, so no speedup is expected'
 */
export function gateShortfall(s: Speedup, min: number, m: Measurement): string {
  const ideal = formatRatio(s.ideal);
  const head = `headline speedup ${formatRatio(s.value)}× (${s.variant} vs ${s.baseline}) is below --min-speedup ${min}`;
  if (plannedSlowdown(s.ideal)) {
    // fetch-all --variants concurrent,limited: the plan has the variant slower, said the way
    // the headline says it, never as "an ideal 0.50×" to beat.
    const plan = `the plan has ${s.variant} ${formatRatio(1 / s.ideal)}× slower than ${s.baseline}`;
    if (min < s.ideal - 1e-9) return `${head} (${plan})`;
    return min >= 1 ? `${head}: ${plan}, so no speedup is expected` : `${head}: ${plan}; only a run less slow than planned could pass`;
  }
  // A hair of float (an ideal of 1.6666…) does not put a bar of 1.67 below it.
  if (min < s.ideal - 1e-9) return `${head} (ideal ${ideal}×)`;
  // At the ideal as printed (1.29 against as-completed's 1.2857…): a run must reach it.
  const at = formatRatio(min) === ideal;
  const where = `${at ? 'at' : 'above'} its ideal ${ideal}×`;
  if (Math.abs(s.ideal - 1) >= NO_SPEEDUP_IDEAL) return `${head}, ${where}: only a run that ${at ? 'reaches' : 'beats'} its ideal could pass`;
  const single = [s.baseline, s.variant].every((name) => m.variants.find((v) => v.name === name)?.spans.length === 1);
  return `${head}, ${where}: ${single ? 'with one task ' : ''}no speedup is expected`;
}

/**
 * The Summary's lines for a headline that is not a speedup: what happened instead, in
 * words. Failures: which variant failed where and what the other did meanwhile; race:
 * each variant's first answer and the work left running; retry: successes per call and
 * their cost in time; different work: what each did. Empty for a valid speedup.
 *
 * @example
 * verdictLines(verdict, measurement, style);
 * // ['No speedup: a task failed, so the two runs did not do the same work.',
 * //  'sequential stopped at Bob after 1.500 s (Charlie never started)', …]
 */
export function verdictLines(v: HeadlineVerdict, m: Measurement, style: Style): string[] {
  if (v.valid) return [];
  const { c } = style;
  const base = m.variants.find((r) => r.name === v.baseline);
  const other = m.variants.find((r) => r.name === v.variant);
  if (base === undefined || other === undefined) return [];
  const pair = [base, other];
  switch (v.reason) {
    case 'first-answer':
      return [c.bold('Not a speedup: both race for a first answer.'), ...pair.map((r) => raceStory(r))];
    case 'reliability':
      return retryStory(base, other, style);
    case 'different-work':
      return [
        `${c.yellow.bold('No speedup')}: the variants did not do the same work.`,
        ...pair.map((r) => `${r.name}: ${tally(r.spans)}, ${finishedAt(r)}`),
      ];
    case 'failed':
    default: {
      // gather --fail Bob --settle: both ran every task and Bob failed in each. They did
      // the same work, so saying otherwise would be false; it is still no speedup.
      const failed = base.spans.filter((s) => s.outcome === 'error');
      const head = sameOutcomes(base, other)
        ? `both runs did the same work, but ${names(failed)} failed in each; a speedup counts only work that all succeeded.`
        : 'a task failed, so the runs did not do the same work.';
      return [`${c.yellow.bold('No speedup')}: ${head}`, ...pair.map((r) => failureStory(r))];
    }
  }
}

/** Both variants ran the same tasks to the same outcomes, and neither failed as a whole. */
function sameOutcomes(a: VariantResult, b: VariantResult): boolean {
  if (a.error !== undefined || b.error !== undefined || a.spans.length !== b.spans.length) return false;
  const key = (r: VariantResult): string =>
    r.spans
      .map((s) => `${s.task}\u0000${s.outcome}`)
      .sort()
      .join('\n');
  return key(a) === key(b);
}

/** A variant's first run's time: the run its spans come from. */
function firstRunMs(r: VariantResult): number {
  return r.ms?.samples[0] ?? r.ms?.median ?? Math.max(0, ...r.spans.map((s) => s.end));
}

function finishedAt(r: VariantResult): string {
  return `finished at ${formatMs(firstRunMs(r))}`;
}

function names(spans: readonly Span[]): string {
  const unique = [...new Set(spans.map((s) => s.task))];
  if (unique.length < spans.length || unique.length > MAX_NAMES) return `${spans.length} tasks`;
  return unique.length === 1 ? unique[0]! : `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)!}`;
}

function tally(spans: readonly Span[]): string {
  const counts = { ok: 0, error: 0, cancelled: 0 };
  for (const s of spans) counts[s.outcome]++;
  return `${counts.ok} ok, ${counts.error} failed, ${counts.cancelled} cancelled`;
}

/**
 * One variant's failure story from its spans: where it stopped, and what ran on.
 *
 * @example
 * failureStory(gatherResult); // 'gather stopped at 500.0 ms when Bob failed, while Alice and Charlie ran on to 1.000 s'
 */
export function failureStory(r: VariantResult): string {
  const t = firstRunMs(r);
  const failed = r.spans.filter((s) => s.outcome === 'error');
  const cancelled = r.spans.filter((s) => s.outcome === 'cancelled');
  const ranOn = r.spans.filter((s) => s.outcome !== 'cancelled' && s.end > t + SLACK_MS);
  const cancelledText = cancelled.length > 0 ? `; ${names(cancelled)} cancelled` : '';
  if (r.error !== undefined) {
    const tail = ranOn.length > 0 ? `, while ${names(ranOn)} ran on to ${formatMs(Math.max(...ranOn.map((s) => s.end)))}` : '';
    return `${r.name} failed after ${formatMs(t)} (${r.error.name}: ${r.error.message})${tail}${cancelledText}`;
  }
  if (failed.length === 0) return `${r.name} finished every task ok at ${formatMs(t)}${cancelledText}`;
  if (failed.length === r.spans.length) return `${r.name}: every task failed (${names(failed)}); it ${finishedAt(r)}`;
  if (ranOn.length > 0) {
    return `${r.name} stopped at ${formatMs(t)} when ${names(failed)} failed, while ${names(ranOn)} ran on to ${formatMs(Math.max(...ranOn.map((s) => s.end)))}${cancelledText}`;
  }
  const firstFailure = Math.min(...failed.map((s) => s.end));
  const after = r.spans.filter((s) => s.outcome === 'ok' && s.end > firstFailure + SLACK_MS);
  if (after.length === 0) return `${r.name} stopped at ${names(failed)} after ${formatMs(t)}${cancelledText}`;
  return `${r.name} ${finishedAt(r)} with ${failed.length} of ${r.spans.length} tasks failed (${names(failed)})${cancelledText}`;
}

function raceStory(r: VariantResult): string {
  const d = r.details?.race as DemoDetails['race'] | undefined;
  if (d === undefined) return `${r.name}: ${finishedAt(r)}`;
  const first = `${r.name}: first answer at ${formatMs(d.toWinnerMs)}`;
  if (d.losers === 0) return `${first}; no one else ran`;
  const losers = `${d.losers} loser${d.losers === 1 ? '' : 's'}`;
  const after = d.allStoppedMs - d.toWinnerMs;
  if (d.losersWere === 'cancelled') {
    return `${first}; the ${losers} ${d.losers === 1 ? 'was' : 'were'} aborted at once (all stopped ${formatMs(after)} later)`;
  }
  return `${first}; then ${losers} ran on for ${formatMs(after)} (${formatMs(d.wastedMs)} of work nobody used)`;
}

function retryStory(base: VariantResult, other: VariantResult, style: Style): string[] {
  const { c } = style;
  const a = base.details?.retry as DemoDetails['retry'] | undefined;
  const b = other.details?.retry as DemoDetails['retry'] | undefined;
  const head = c.bold('Not a speedup: more attempts buy more successes.');
  if (a === undefined || b === undefined) {
    return [head, `${base.name}: ${finishedAt(base)}`, `${other.name}: ${finishedAt(other)}`];
  }
  if (b.successes === a.successes && b.attempts === a.attempts) {
    // retry --count 1 (or --failure-rate 0): every call succeeded at once, no retry
    // happened, and a ratio of the two times is only noise.
    return [
      c.bold('Not a speedup: no call needed a retry, so there was nothing to buy.'),
      `${other.name}: ${c.bold(`${b.successes}/${b.calls}`)} calls succeeded in ${b.attempts} attempt${b.attempts === 1 ? '' : 's'}, as for ${base.name}`,
    ];
  }
  const timeA = base.ms?.median;
  const timeB = other.ms?.median;
  const cost =
    timeA !== undefined && timeB !== undefined && timeA > 0
      ? `, for ${formatRatio(timeB / timeA)}× the time (${formatMs(timeB)} against ${formatMs(timeA)})`
      : '';
  return [
    // Retries that all failed again bought nothing in this run: the general rule would be false here.
    b.successes > a.successes ? head : c.bold(`Not a speedup: here ${b.attempts - a.attempts} more attempts bought no success.`),
    `${other.name}: ${c.bold(`${b.successes}/${b.calls}`)} calls succeeded, against ${a.successes}/${a.calls} for ${base.name}${cost}`,
  ];
}

/**
 * The warnings of a report, one line each, naming the cause and what to do (hyperfine
 * prints its warnings the same way). Empty when nothing is doubtful.
 *
 * @example
 * caveatLines([{ kind: 'busy', load1: 3.4, cores: 2 }], style);
 * // ['Warning: the machine was busy (1-minute load average 3.40 on 2 cores): times may be inflated. Re-run on a quieter machine.']
 */
export function caveatLines(caveats: readonly Caveat[], style: Style): string[] {
  const { c } = style;
  const warn = c.yellow.bold('Warning:');
  // A shortfall with a known, true cause is not a doubtful figure: it is said as a note.
  const note = c.cyan.bold('Note:');
  return caveats.map((k) => `${k.kind === 'parallel-slowdown' ? note : warn} ${caveatText(k)}`);
}

function caveatText(k: Caveat): string {
  switch (k.kind) {
    case 'spread':
      return (
        `${possessive(k.variant)} ${k.runs} runs spread widely (σ ${formatPercent(k.relativeStddev)} of the median): ` +
        `another program may have disturbed them. Re-run with more runs (--runs ${Math.max(5, k.runs * 2)}) on a quieter machine.`
      );
    case 'busy':
      return (
        `the machine was busy (1-minute load average ${k.load1.toFixed(2)} on ${k.cores} core${k.cores === 1 ? '' : 's'}): ` +
        'timers fire late and CPU work slows down. Re-run on a quieter machine.'
      );
    case 'loop-delay':
      return (
        `the event loop was held up by something else (its timer fired up to ${formatMs(k.p99Ms)} late, p99; max ${formatMs(k.maxMs)}): ` +
        'times include that wait. Re-run on a quieter machine.'
      );
    case 'cores-busy':
      return (
        `${possessive(k.variant)} tasks took ${formatMs(k.observedMs)} each where one free core takes ${formatMs(k.expectedMs)} ` +
        `(calibrated at the start): ${k.threads === 1 ? 'the core it needs was' : `the ${k.threads} cores it needs were`} not free, ` +
        'so its time, and any speedup against it, are not what this machine gives when idle. Re-run on a quieter machine.'
      );
    case 'parallel-slowdown':
      return (
        `${k.variant} reached ${formatPercent(k.efficiency)} of its ideal: ${k.threads} tasks at a time took ` +
        `${formatMs(k.togetherMs)} a wave where one alone took ${formatMs(k.aloneMs)} (${k.baseline}). Tasks side by side ` +
        `on ${k.cores === k.threads ? `all ${k.cores} cores` : `${k.threads} of ${k.cores} cores`} share them with each ` +
        "other, asyncdemo's own thread and the system, so each runs a little slower than alone; --runs 5 tells that from noise."
      );
    case 'efficiency':
      if (k.ideal !== undefined && plannedSlowdown(k.ideal)) return `${lessSlowThanPlanned(k)}: ${efficiencyCause(k)}`;
      return `${k.variant} beat its ideal (efficiency ${formatPercent(k.efficiency)}): ${efficiencyCause(k)}`;
  }
}

/**
 * Where the plan has the variant slower than its baseline, an efficiency above 1 is not
 * "beat its ideal" (a slowdown is no ideal to beat): the run was less slow than planned,
 * said in the headline's terms. The ratio is efficiency × ideal, the headline's value.
 */
function lessSlowThanPlanned(k: Extract<Caveat, { kind: 'efficiency' }>): string {
  const value = k.efficiency * k.ideal!;
  const ran = value < 1 ? `only ${formatRatio(1 / value)}× slower than` : `${formatRatio(value)}× faster than`;
  return `${k.variant} ran ${ran} ${k.baseline}, where the plan has it ${formatRatio(1 / k.ideal!)}× slower`;
}

/** `workers'`, `gather's`. */
function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

function efficiencyCause(k: Extract<Caveat, { kind: 'efficiency' }>): string {
  const slowdown = k.ideal !== undefined && plannedSlowdown(k.ideal);
  const over = `${k.baseline} ran ${formatPercent(k.baselineOver)} over its planned time, ${k.variant} ${formatPercent(k.variantOver)}`;
  switch (k.cause) {
    case 'noise':
      return `within the measured spread (${over}); more runs (--runs 5) narrow it.`;
    case 'single-run':
      return `${over}; one run cannot tell that from noise: try --runs 5.`;
    case 'measured-ideal':
      return (
        // fetch-all --url/--urls-file and `run` share this: name costs either can have.
        `the ${slowdown ? 'plan' : 'ideal'} comes from ${k.baseline}'s measured spans, which include per-task costs besides the wait ` +
        `(connection set-up and round trips, a function's first-call compilation, timers firing late on a busy machine)` +
        `${slowdown ? '' : ` that ${k.variant} overlaps`}; --warmup 1 and --runs 5 narrow it.`
      );
    case 'first-run':
      // Said of every demo, so only costs every run can have, and connections where there are
      // any: limit's first run opens none.
      return `${over}: ${k.baseline} ran first and paid one-off costs (code compiled on its first call; connections opened, where it makes any); try --warmup 1.`;
    case 'overhead':
      // A planned slowdown overlaps nothing more: time outside the waits, about the same
      // in each, is a larger share of the baseline's shorter plan.
      if (slowdown) return `${over}: time outside the waits weighs more on ${possessive(k.baseline)} shorter plan.`;
      return `${over}: ${k.baseline} pays per-task costs its plan does not count, which ${k.variant} overlaps.`;
  }
}
