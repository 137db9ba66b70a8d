// `npm run bench`: every performance target of the project, each measured against its
// baseline in the same run (absolute times on a shared machine drift; ratios do not).
// Each sample runs in a fresh process so its time and peak RSS are its own; samples of
// a case and its baseline are interleaved, and the median of each is compared.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'asyncdemo.js');
const casesJs = join(root, 'bench', 'cases.js');
const quick = process.argv.includes('--quick');
const reps = quick ? 1 : 3;
const sizes = quick ? [1e3, 1e4, 1e5] : [1e3, 1e4, 1e5, 1e6];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function sample(name, n, delayMs = 100) {
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', casesJs, name, String(n), String(delayMs)], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop());
}

/** Interleaves `reps` samples of each case and returns the per-case medians of ms and RSS. */
function compare(names, n, delayMs) {
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < reps; i++) for (const name of names) runs[name].push(sample(name, n, delayMs));
  return Object.fromEntries(
    names.map((name) => [
      name,
      { ms: median(runs[name].map((r) => r.ms)), rssMb: median(runs[name].map((r) => r.maxRssMb)), last: runs[name].at(-1) },
    ]),
  );
}

function cli(args, { rssFile } = {}) {
  const env = { ...process.env, NO_COLOR: '1' };
  const nodeArgs = ['--max-old-space-size=8192'];
  if (rssFile) {
    env.ASYNCDEMO_BENCH_RSS_FILE = rssFile;
    nodeArgs.push('--import', join(root, 'bench', 'rss-on-exit.js'));
  }
  const t0 = performance.now();
  const result = spawnSync(process.execPath, [...nodeArgs, bin, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 30 });
  const wallMs = performance.now() - t0;
  if (result.status !== 0) throw new Error(`asyncdemo ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { stdout: result.stdout, wallMs, rssMb: rssFile ? Number(readFileSync(rssFile, 'utf8')) : undefined };
}

const rows = [];
function check(target, what, ours, baseline, limit, unit = 'ms') {
  const ratio = ours / baseline;
  rows.push({ target, what, ours, baseline, ratio, limit, ok: ratio <= limit, unit });
}
function checkAbsolute(target, what, value, limit, unit) {
  rows.push({ target, what, ours: value, baseline: null, ratio: value, limit, ok: value <= limit, unit });
}

const log = (line) => process.stderr.write(`${line}\n`);

// 1 and 3: taskGroup and gather against raw Promise.all, time and memory.
for (const n of sizes) {
  log(`taskGroup / gather / Promise.all of ${n} sleeps…`);
  const r = compare(['raw-all', 'task-group', 'gather'], n, 100);
  check('1', `taskGroup, ${n} children: time`, r['task-group'].ms, r['raw-all'].ms, 1.5);
  check('1', `taskGroup, ${n} children: peak RSS`, r['task-group'].rssMb, r['raw-all'].rssMb, 1.5, 'MB');
  check('3', `gather of ${n} sleeps: time`, r.gather.ms, r['raw-all'].ms, 1.2);
}

// 2: one failure among 100 000 pending sleepers.
{
  log('taskGroup of 100 000 sleepers, one fails…');
  const r = sample('task-group-fail', 1e5, 100);
  if (r.outcome !== 'AggregateError') throw new Error(`task-group-fail: expected AggregateError, got ${r.outcome}`);
  checkAbsolute('2', 'taskGroup 1e5, one fails: rejects after the failure', r.rejectedAfterFailureMs, 100, 'ms');
  checkAbsolute('2', 'taskGroup 1e5, one fails: timers + listeners left', r.timersLeft + r.listenersLeft, 0, 'count');
}

// 4: limit(100) against p-limit used directly.
{
  log('limit(100) over 100 000 no-op tasks…');
  const r = compare(['p-limit', 'limit'], 1e5);
  check('4', 'limit(100), 1e5 no-op tasks: time', r.limit.ms, r['p-limit'].ms, 1.2);
}

// 5: timeout() around each of 100 000 sleeps that finish in time.
{
  log('timeout() around 100 000 sleeps…');
  const r = compare(['raw-all', 'timeout'], 1e5, 100);
  check('5', 'timeout() around 1e5 sleeps: time', r.timeout.ms, r['raw-all'].ms, 1.5);
  checkAbsolute('5', 'timeout() around 1e5 sleeps: timers left', r.timeout.last.timersLeft, 0, 'count');
}

// Acceptance: sleeps sharing one signal scale linearly.
{
  log('100 000 sleeps on one shared signal…');
  const r = compare(['sleep-no-signal', 'sleep-shared-signal'], 1e5, 100);
  check('A', '1e5 sleeps on one signal vs none: time', r['sleep-shared-signal'].ms, r['sleep-no-signal'].ms, 1.5);
  checkAbsolute('A', '1e5 sleeps on one signal: listeners left', r['sleep-shared-signal'].last.listenersLeft, 0, 'count');
}

// 6: the measurement engine's concurrent variant against raw Promise.all.
{
  log('asyncdemo gather --count 100000 --delay 100ms…');
  const ours = [];
  const raw = [];
  for (let i = 0; i < reps; i++) {
    const report = JSON.parse(cli(['gather', '--count', '100000', '--delay', '100ms', '--variants', 'gather', '--json']).stdout);
    ours.push(report.variants[0].ms.median);
    raw.push(sample('raw-all', 1e5, 100).ms);
  }
  check('6', 'gather demo, 1e5 tasks: measured time', median(ours), median(raw), 1.3);
}

// 7: start-up against `node -e 0`.
{
  log('start-up: node -e 0, asyncdemo --version, asyncdemo list…');
  const time = (args) => {
    const t0 = performance.now();
    execFileSync(process.execPath, args, { stdio: 'ignore' });
    return performance.now() - t0;
  };
  const runs = { node: [], version: [], list: [] };
  for (let i = 0; i < 10; i++) {
    runs.node.push(time(['-e', '0']));
    runs.version.push(time([bin, '--version']));
    runs.list.push(time([bin, 'list']));
  }
  check('7', 'start-up: asyncdemo --version', median(runs.version), median(runs.node), 1.3);
  check('7', 'start-up: asyncdemo list', median(runs.list), median(runs.node), 1.3);
}

// 8: a million tasks through the CLI, peak RSS against raw Promise.all's.
if (!quick) {
  log('asyncdemo gather --count 1000000 --quiet (peak RSS)…');
  const dir = mkdtempSync(join(tmpdir(), 'asyncdemo-bench-'));
  const ours = cli(['gather', '--count', '1000000', '--delay', '100ms', '--variants', 'gather', '--quiet'], {
    rssFile: join(dir, 'rss'),
  });
  const raw = sample('raw-all', 1e6, 100);
  check('8', 'gather demo, 1e6 tasks: peak RSS', ours.rssMb, raw.maxRssMb, 2, 'MB');
}

const fmt = (x, unit) => (x === null ? '—' : unit === 'count' ? String(x) : `${x.toFixed(1)} ${unit}`);
const lines = [
  `asyncdemo benchmarks — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}`,
  '',
  '| # | case | ours | baseline | ratio | target | ok |',
  '|---|---|---:|---:|---:|---:|:-:|',
  ...rows.map((r) => {
    const relative = r.baseline !== null;
    const ratio = relative ? `${r.ratio.toFixed(2)}×` : '—';
    const target = relative ? `≤ ${r.limit}×` : `≤ ${fmt(r.limit, r.unit)}`;
    return `| ${r.target} | ${r.what} | ${fmt(r.ours, r.unit)} | ${relative ? fmt(r.baseline, r.unit) : '—'} | ${ratio} | ${target} | ${r.ok ? '✓' : '✗'} |`;
  }),
];
process.stdout.write(`${lines.join('\n')}\n`);
writeFileSync(
  join(root, 'bench', 'results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: availableParallelism(), quick, rows }, null, 2)}\n`,
);
const missed = rows.filter((r) => !r.ok);
if (missed.length > 0) {
  process.stderr.write(`${missed.length} target(s) missed\n`);
  process.exitCode = 1;
}
