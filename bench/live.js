// The live view must not distort what it measures (issue 11): it draws on the event loop
// the tasks run on. Two kinds of rows, each a ratio of the same run on a real terminal
// (a pseudo-terminal made by util-linux `script`) with and without `--no-live`:
//   - every seed demo at scale 1: the headline efficiency, live ÷ --no-live, within 1%;
//   - gather of 100 000 tasks: the whole command's wall time, live ÷ --no-live, ≤ 1.05×.
// Samples alternate live / --no-live (in a rotating order), and the medians are compared.
//
//   node bench/live.js [--reps <n>]    (npm run bench runs it too)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'asyncdemo.js');

/** The tutorial's scenarios (DESIGN.md): the demos whose efficiency the live view must leave alone. */
export const SEED_DEMOS = ['greet', 'gather', 'fetch-all', 'taskgroup', 'timeout', 'countdown', 'database', 'cpu'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs the CLI in a 100×40 pseudo-terminal, as a person would; returns its screen output and wall time. */
export function inTerminal(args) {
  const command = `stty cols 100 rows 40; exec ${quote(process.execPath)} ${quote(bin)} ${args.map(quote).join(' ')}`;
  const t0 = performance.now();
  const r = spawnSync('script', ['-q', '-e', '-c', command, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, TERM: 'xterm-256color' },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 28,
  });
  const ms = performance.now() - t0;
  if (r.error !== undefined) throw new Error(`script: ${r.error.message} (the live rows need util-linux script)`);
  if (r.status !== 0) throw new Error(`asyncdemo ${args.join(' ')} in a terminal exited ${r.status}: ${r.stdout.slice(-500)}`);
  return { ms, out: r.stdout };
}

/** The headline's efficiency from a human report (`efficiency 99.8%`), or undefined when it claims none. */
export function efficiencyOf(out) {
  const m = /efficiency (\d+(?:\.\d+)?)%/.exec(out);
  return m === null ? undefined : Number(m[1]) / 100;
}

/**
 * The row of one demo's efficiency, live ÷ --no-live. The bound is 1 ± 1%, or twice the
 * standard error of the difference where the demo's own run-to-run spread is wider than
 * that: cpu's efficiency moves by 2–5% between runs (its workers share the cores with
 * everything else), so three samples cannot resolve 1% and a ✗ would only say "noise".
 * The row keeps that bound (`noise`) so the table can show it.
 *
 * @param {string} demo
 * @param {{ live: number[], still: number[] }} runs efficiencies, one per sample
 */
export function efficiencyRow(demo, runs) {
  const live = median(runs.live);
  const still = median(runs.still);
  const ratio = live / still;
  const variance = (xs) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return xs.length < 2 ? 0 : xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  };
  const standardError = Math.sqrt(variance(runs.live) / runs.live.length + variance(runs.still) / runs.still.length);
  const noise = (2 * standardError) / still;
  return {
    target: '11',
    what: `${demo} at scale 1: efficiency, live vs --no-live`,
    ours: live * 100,
    baseline: still * 100,
    ratio,
    limit: 1.01,
    noise,
    targetText: '1 ± 0.01× (or ± 2 SE)',
    ok: Math.abs(ratio - 1) <= Math.max(0.01, noise),
    unit: '%',
  };
}

/**
 * Measures the rows; `log` reports progress, `samples` collects every sample by name.
 * Rows have bench/run.js's shape, plus `targetText` for a two-sided bound.
 */
export function liveRows({ reps, log, samples }) {
  const rows = [];
  const pair = (name, args, read) => {
    const runs = { live: [], still: [] };
    for (let i = 0; i < reps; i++) {
      const order = i % 2 === 0 ? ['live', 'still'] : ['still', 'live'];
      for (const mode of order) runs[mode].push(read(inTerminal(mode === 'live' ? args : [...args, '--no-live'])));
    }
    samples[`live ${name}`] = runs;
    return runs;
  };

  for (const demo of SEED_DEMOS) {
    log(`live vs --no-live: ${demo} at scale 1, in a terminal…`);
    const runs = pair(demo, [demo, '--scale', '1', '--no-timeline'], (r) => efficiencyOf(r.out));
    if (runs.live.some((x) => x === undefined) || runs.still.some((x) => x === undefined)) {
      // A demo whose headline is not a speedup (it says what happened instead) has no
      // efficiency to compare.
      rows.push({ target: '11', what: `${demo} at scale 1: efficiency, live vs --no-live (no efficiency in its headline)`, ours: null, baseline: null, ratio: null, limit: null, ok: null, unit: '%' });
      continue;
    }
    rows.push(efficiencyRow(demo, runs));
  }

  log('live vs --no-live: gather --count 100000 --delay 100ms, in a terminal…');
  const runs = pair('gather 1e5', ['gather', '--count', '100000', '--delay', '100ms', '--variants', 'gather'], (r) => r.ms);
  const live = median(runs.live);
  const still = median(runs.still);
  rows.push({ target: '11', what: 'gather demo, 1e5 tasks in a terminal: wall time, live vs --no-live', ours: live, baseline: still, ratio: live / still, limit: 1.05, ok: live / still <= 1.05, unit: 'ms' });
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--reps');
  const reps = at >= 0 ? Number(process.argv[at + 1]) : 3;
  const rows = liveRows({ reps, log: (line) => process.stderr.write(`${line}\n`), samples: {} });
  for (const r of rows) {
    const ratio = r.ratio === null ? '—' : `${r.ratio.toFixed(3)}×${r.noise > 0.01 ? ` (± 2 SE: ${(r.noise * 100).toFixed(1)}%)` : ''}`;
    process.stdout.write(`${r.ok === null ? ' ' : r.ok ? '✓' : '✗'} ${r.what}: ${r.ours?.toFixed(1) ?? '—'} vs ${r.baseline?.toFixed(1) ?? '—'} ${r.unit} → ${ratio}\n`);
  }
}
