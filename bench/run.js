// `npm run bench`: every performance target of the project, each measured against its
// baseline in the same run (absolute times on a shared machine drift; ratios do not).
// Each sample runs in a fresh, plain `node` process (no flags: users run the plain CLI),
// so its time and peak RSS are its own. Samples of a case and its baselines are
// interleaved, in a rotating order, and the medians are compared.
//
//   node bench/run.js [--quick] [--reps <n>] [--node <path>]
//     --quick   skips N = 1 000 000 (targets 1, 8 and 8b at that size); 3 samples per case
//     --reps    samples per case (default 5; start-up always takes 21 after a warm-up)
//     --node    runs the whole table under that Node binary instead (every sample is a
//               child of process.execPath, so the script re-runs itself under it)
// Each run writes bench/results-node<major>.json; `node bench/table.js` puts the runs of
// two Node versions side by side, as the README's Performance section shows them.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { liveRows } from './live.js';
import { outputRows } from './output-rss.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'asyncdemo.js');
const casesJs = join(root, 'bench', 'cases.js');
const args = process.argv.slice(2);
const nodeAt = args.indexOf('--node');
if (nodeAt >= 0) {
  const other = args[nodeAt + 1];
  if (other === undefined || other.startsWith('--')) throw new Error('--node needs the path of a node binary');
  const rest = args.filter((_, i) => i !== nodeAt && i !== nodeAt + 1);
  const r = spawnSync(other, [fileURLToPath(import.meta.url), ...rest], { stdio: 'inherit' });
  if (r.error !== undefined) throw new Error(`--node ${other}: ${r.error.message}`);
  process.exit(r.status ?? 1);
}
const quick = args.includes('--quick');
const repsAt = args.indexOf('--reps');
const reps = repsAt >= 0 ? Number(args[repsAt + 1]) : quick ? 3 : 5;
if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a positive integer, got ${args[repsAt + 1]}`);
const sizes = quick ? [1e3, 1e4, 1e5] : [1e3, 1e4, 1e5, 1e6];
const STARTUP_RUNS = 21;
const nodeMajor = Number(process.versions.node.split('.')[0]);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const log = (line) => process.stderr.write(`${line}\n`);
const samples = {}; // every sample, for results.json

function sample(name, n, delayMs = 100) {
  const out = execFileSync(process.execPath, [casesJs, name, String(n), String(delayMs)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const result = JSON.parse(out.trim().split('\n').pop());
  (samples[`${name} ${n}`] ??= []).push(result);
  return result;
}

/**
 * Runs `reps` rounds of every case in `names`; round i starts at case i (A B C, B C A, …)
 * so that no case always runs first or last. Returns each case's samples.
 */
function interleave(names, run) {
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < reps; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length];
      runs[name].push(run(name));
    }
  }
  return runs;
}

/** The medians of ms, CPU ms and peak RSS of each case, and all its samples. */
function compare(names, n, delayMs) {
  const runs = interleave(names, (name) => sample(name, n, delayMs));
  return Object.fromEntries(
    names.map((name) => {
      const rs = runs[name];
      return [name, { ms: median(rs.map((r) => r.ms)), cpuMs: median(rs.map((r) => r.cpuMs)), rssMb: median(rs.map((r) => r.maxRssMb)), all: rs }];
    }),
  );
}

/** Runs the CLI as a user would (plain node, no colour); with `rss`, also reads its peak RSS. */
function cli(cliArgs, { rss = false } = {}) {
  const env = { ...process.env, NO_COLOR: '1' };
  const nodeArgs = [];
  let dir;
  if (rss) {
    dir = mkdtempSync(join(tmpdir(), 'asyncdemo-bench-'));
    env.ASYNCDEMO_BENCH_RSS_FILE = join(dir, 'rss');
    // A preload that only registers an exit hook: the CLI itself runs unchanged.
    nodeArgs.push('--import', join(root, 'bench', 'rss-on-exit.js'));
  }
  const result = spawnSync(process.execPath, [...nodeArgs, bin, ...cliArgs], { encoding: 'utf8', env, maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`asyncdemo ${cliArgs.join(' ')} exited ${result.status}: ${result.stderr}`);
  const rssMb = rss ? Number(readFileSync(env.ASYNCDEMO_BENCH_RSS_FILE, 'utf8')) : undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  return { stdout: result.stdout, rssMb };
}

const rows = [];
function check(target, what, ours, baseline, limit, unit = 'ms') {
  const ratio = ours / baseline;
  rows.push({ target, what, ours, baseline, ratio, limit, ok: limit === null ? null : ratio <= limit, unit });
}
function checkAbsolute(target, what, value, limit, unit) {
  rows.push({ target, what, ours: value, baseline: null, ratio: null, limit, ok: value <= limit, unit });
}

const load0 = loadavg()[0];
const started = performance.now();

// 1 and 3: taskGroup and gather against raw Promise.all, time and memory.
for (const n of sizes) {
  log(`taskGroup / gather / Promise.all of ${n} sleeps of 100 ms…`);
  const r = compare(['raw-all', 'task-group', 'gather'], n, 100);
  check('1', `taskGroup, ${n} children: time`, r['task-group'].ms, r['raw-all'].ms, 1.5);
  check('1', `taskGroup, ${n} children: peak RSS`, r['task-group'].rssMb, r['raw-all'].rssMb, 1.5, 'MB');
  check('3', `gather of ${n} sleeps: time`, r.gather.ms, r['raw-all'].ms, 1.2);
}

// 1b (issue 16's target 3b): taskGroup of 1e5 children in one warm process, where library
// code lives (bench/warm.js: a warm-up round, then medians of 3 interleaved samples, a gc
// before each), against raw Promise.all of 1e5 setTimeout sleeps in the same process.
{
  log('taskGroup / Promise.all of 100 000 sleeps in one warm process…');
  const out = execFileSync(process.execPath, ['--expose-gc', join(root, 'bench', 'warm.js'), '100000', '3'], { encoding: 'utf8' });
  const r = JSON.parse(out.trim().split('\n').pop());
  samples['warm taskGroup 1e5'] = r;
  check('1b', 'taskGroup, 1e5 children, one warm process: time', r.taskGroup.ms, r.raw.ms, 1.3);
}

// 2: one failure among 100 000 pending sleepers.
{
  log('taskGroup of 100 000 sleepers, one fails…');
  const rs = Array.from({ length: reps }, () => sample('task-group-fail', 1e5, 100));
  const wrong = rs.find((r) => r.outcome !== 'AggregateError');
  if (wrong !== undefined) throw new Error(`task-group-fail: expected AggregateError, got ${wrong.outcome}`);
  checkAbsolute('2', 'taskGroup 1e5, one fails: rejects after the failure', median(rs.map((r) => r.rejectedAfterFailureMs)), 100, 'ms');
  checkAbsolute('2', 'taskGroup 1e5, one fails: timers + listeners left (worst run)', Math.max(...rs.map((r) => r.timersLeft + r.listenersLeft)), 0, 'count');
}

// 4: limit(100) against p-limit used directly.
{
  log('limit(100) over 100 000 no-op tasks…');
  const r = compare(['p-limit', 'limit'], 1e5);
  check('4', 'limit(100), 1e5 no-op tasks: time', r.limit.ms, r['p-limit'].ms, 1.2);
}

// 5: timeout() around each of 100 000 sleeps that finish in time, and the floors under it:
// raw sleeps with one live AbortSignal each (5·: what any timeout body needs), and the same
// scope written by hand (5··: an AbortController and a timer per scope, the body's sleep on
// its signal, the timer cleared on the way out). Issue 16's targets: ≤ 1.5× raw on Node 22+,
// and on Node 20, where an AbortSignal alone costs several times a sleep, ≤ 1.1× the floor.
{
  log('timeout() around 100 000 sleeps…');
  const r = compare(['raw-all', 'timeout', 'raw-all-with-signals', 'hand-written-timeout'], 1e5, 100);
  const node20 = nodeMajor < 22;
  check('5', 'timeout() around 1e5 sleeps: time', r.timeout.ms, r['raw-all'].ms, node20 ? null : 1.5);
  check('5', 'timeout() around 1e5 sleeps against the floor (5·): time', r.timeout.ms, r['raw-all-with-signals'].ms, node20 ? 1.1 : null);
  checkAbsolute('5', 'timeout() around 1e5 sleeps: timers left (worst run)', Math.max(...r.timeout.all.map((s) => s.timersLeft)), 0, 'count');
  check('5·', 'floor: raw sleeps + one live AbortSignal each (Node 20 builds one in ~4 µs)', r['raw-all-with-signals'].ms, r['raw-all'].ms, null);
  check('5··', 'a timeout written by hand: AbortController + setTimeout + sleep on its signal', r['hand-written-timeout'].ms, r['raw-all'].ms, null);
}

// Acceptance: sleeps sharing one signal scale linearly; and our sleep against setTimeout.
{
  log('100 000 sleeps on one shared signal…');
  const r = compare(['sleep-no-signal', 'sleep-shared-signal', 'raw-all'], 1e5, 100);
  check('A', '1e5 sleeps on one signal vs none: time', r['sleep-shared-signal'].ms, r['sleep-no-signal'].ms, 1.5);
  checkAbsolute('A', '1e5 sleeps on one signal: timers + listeners left (worst run)', Math.max(...r['sleep-shared-signal'].all.map((s) => s.listenersLeft + s.timersLeft)), 0, 'count');
  check('·', 'sleep() vs raw setTimeout sleeps, 1e5: time', r['sleep-no-signal'].ms, r['raw-all'].ms, null);
  check('·', 'sleep() vs raw setTimeout sleeps, 1e5: peak RSS', r['sleep-no-signal'].rssMb, r['raw-all'].rssMb, null, 'MB');
}

// 6: the measurement engine's concurrent variant against raw Promise.all.
{
  log('asyncdemo gather --count 100000 --delay 100ms --variants gather --json…');
  const runs = interleave(['cli', 'raw-all'], (name) =>
    name === 'cli'
      ? JSON.parse(cli(['gather', '--count', '100000', '--delay', '100ms', '--variants', 'gather', '--json']).stdout).variants[0].ms.median
      : sample('raw-all', 1e5, 100).ms,
  );
  samples['cli gather 1e5 (ms)'] = runs.cli;
  check('6', 'gather demo, 1e5 tasks: measured time', median(runs.cli), median(runs['raw-all']), 1.3);
}

// 7 and 7b: start-up against `node -e 0`. --version and list take the fast path (no
// commander, no demo); gather --help and a one-task gather --json are real commands:
// commander, one demo, and (for the run) the measurement engine and the JSON report.
// Targets for those two (issue 16): ≤ 1.5× on Node 20, ≤ 2× from Node 22 on, whose own
// start-up is ~2.5× shorter (the same milliseconds of ours weigh more in the ratio).
{
  log('start-up: node -e 0, asyncdemo --version, list, gather --help, gather --count 1 --json…');
  const commands = {
    node: ['-e', '0'],
    version: [bin, '--version'],
    list: [bin, 'list'],
    help: [bin, 'gather', '--help'],
    json: [bin, 'gather', '--count', '1', '--delay', '1ms', '--json'],
  };
  const time = (argv) => {
    const t0 = performance.now();
    execFileSync(process.execPath, argv, { stdio: 'ignore' });
    return performance.now() - t0;
  };
  // Warms the file cache, and Node's compile cache where it has one (bin/asyncdemo.js).
  for (const argv of Object.values(commands)) time(argv);
  const names = Object.keys(commands);
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < STARTUP_RUNS; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length];
      runs[name].push(time(commands[name]));
    }
  }
  samples.startup = runs;
  const realLimit = nodeMajor >= 22 ? 2 : 1.5;
  check('7', 'start-up: asyncdemo --version', median(runs.version), median(runs.node), 1.3);
  check('7', 'start-up: asyncdemo list', median(runs.list), median(runs.node), 1.3);
  check('7b', 'start-up: asyncdemo gather --help', median(runs.help), median(runs.node), realLimit);
  check('7b', 'start-up: asyncdemo gather --count 1 --delay 1ms --json', median(runs.json), median(runs.node), realLimit);
}

// 8: a million tasks through the CLI, peak RSS against raw Promise.all's.
if (!quick) {
  log('asyncdemo gather --count 1000000 --quiet (peak RSS)…');
  const runs = interleave(['cli', 'raw-all'], (name) =>
    name === 'cli'
      ? cli(['gather', '--count', '1000000', '--delay', '100ms', '--variants', 'gather', '--quiet'], { rss: true }).rssMb
      : sample('raw-all', 1e6, 100).maxRssMb,
  );
  samples['cli gather 1e6 (peak RSS MB)'] = runs.cli;
  check('8', 'gather demo, 1e6 tasks: peak RSS', median(runs.cli), median(runs['raw-all']), 2, 'MB');
}

// 8b: the same million tasks with a report to write: --json into a pipe and --trace <file>,
// peak RSS against --quiet's in the same interleaved rounds (bench/output-rss.js).
if (!quick) rows.push(...outputRows({ reps, log, samples }));

// 11: the live view against --no-live, in a real terminal (bench/live.js): each seed
// demo's efficiency at scale 1 (seconds per sample, so at most 3 samples each), and
// the wall time of 100 000 tasks.
rows.push(...liveRows({ reps: Math.min(reps, 3), log, samples }));

const load1 = loadavg()[0];
const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus()[0]?.model?.trim() ?? 'cpu'} × ${availableParallelism()}`;
const fmt = (x, unit) => (x === null ? '—' : unit === 'count' ? String(x) : `${x.toFixed(1)} ${unit}`);
const lines = [
  `asyncdemo benchmarks — ${date}, Node ${process.version}, ${machine}, ${process.platform}`,
  `medians of ${reps} interleaved fresh-process samples (start-up: ${STARTUP_RUNS}); load average ${load0.toFixed(1)} → ${load1.toFixed(1)}; ${((performance.now() - started) / 1000).toFixed(0)} s`,
  '',
  '| # | case | ours | baseline | ratio | target | ok |',
  '|---|---|---:|---:|---:|---:|:-:|',
  ...rows.map((r) => {
    const relative = r.baseline !== null;
    const ratio = relative ? `${r.ratio.toFixed(r.targetText === undefined ? 2 : 3)}×` : '—';
    const target = r.targetText ?? (r.limit === null ? '—' : relative ? `≤ ${r.limit}×` : `≤ ${fmt(r.limit, r.unit)}`);
    const ok = r.ok === null ? '' : r.ok ? '✓' : '✗';
    return `| ${r.target} | ${r.what} | ${fmt(r.ours, r.unit)} | ${relative ? fmt(r.baseline, r.unit) : '—'} | ${ratio} | ${target} | ${ok} |`;
  }),
];
process.stdout.write(`${lines.join('\n')}\n`);
writeFileSync(
  join(root, 'bench', `results-node${nodeMajor}.json`),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, machine, platform: process.platform, loadavg: [load0, load1], quick, reps, rows, samples }, null, 2)}\n`,
);
const missed = rows.filter((r) => r.ok === false);
if (missed.length > 0) {
  process.stderr.write(`${missed.length} target(s) missed: ${missed.map((r) => `${r.target} (${r.what})`).join('; ')}\n`);
  process.exitCode = 1;
}
