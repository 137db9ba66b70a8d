// What writing a million tasks' report costs in memory: peak RSS of the CLI with
// `--json` read through a pipe (as `| jq` or a CI step reads it) and with `--trace <file>`,
// each against the same run with `--quiet` (no report to write), samples interleaved in a
// rotating order, medians compared. Before the report was written a piece at a time
// (waiting for the pipe to drain) and straight from the measurement's spans, this row read
// 1.45–1.50× for `--json` and 2.8× for `--trace` on Node 20 and 24 (README, Performance).
// The bound is 1.3, not closer to 1: at this size `--quiet`'s own peak is bimodal (about
// 320 or 400 MB on Node 20, by when the collector runs during the measurement), and so is
// every mode's, so one unlucky draw of medians reads 1.25× with nothing changed.
//
//   node bench/output-rss.js [--reps <n>] [--count <n>]   (npm run bench runs it too, at 1e6)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'asyncdemo.js');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Runs `gather --count <count>` with `extra` as a user would (plain node, no colour), its
 * stdout a pipe this process reads to the end; returns its peak RSS in MB and its stdout.
 */
function run(count, extra, dir) {
  const rssFile = join(dir, 'rss');
  const args = ['--import', join(root, 'bench', 'rss-on-exit.js'), bin, 'gather', '--count', String(count), '--delay', '100ms', '--variants', 'gather', ...extra];
  const r = spawnSync(process.execPath, args, { env: { ...process.env, NO_COLOR: '1', ASYNCDEMO_BENCH_RSS_FILE: rssFile }, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`asyncdemo gather ${extra.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { rssMb: Number(readFileSync(rssFile, 'utf8')), stdout: r.stdout };
}

/**
 * Measures the rows; `log` reports progress, `samples` collects every sample by name.
 * Rows have bench/run.js's shape. Each `--json` document and trace file is checked for
 * its `count` tasks, so a writer that stopped early cannot look cheap.
 */
export function outputRows({ reps, log, samples, count = 1_000_000 }) {
  const dir = mkdtempSync(join(tmpdir(), 'asyncdemo-bench-output-'));
  const trace = join(dir, 'trace.json');
  const modes = {
    quiet: ['--quiet'],
    json: ['--json'],
    trace: ['--quiet', '--trace', trace],
  };
  const check = {
    quiet: () => {},
    json: (stdout) => {
      const spans = JSON.parse(stdout.toString('utf8')).variants[0].spans.length;
      if (spans !== count) throw new Error(`--json wrote ${spans} spans of ${count}`);
    },
    trace: () => {
      // One complete event a task, one thread name a lane (one lane a task here), plus two.
      const events = JSON.parse(readFileSync(trace, 'utf8')).traceEvents.length;
      if (events !== 2 * count + 2) throw new Error(`--trace wrote ${events} events, not ${2 * count + 2}`);
    },
  };
  const names = Object.keys(modes);
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  try {
    log(`asyncdemo gather --count ${count}: peak RSS with --quiet, --json into a pipe, --trace <file>…`);
    for (let i = 0; i < reps; i++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(i + k) % names.length];
        const r = run(count, modes[name], dir);
        check[name](r.stdout);
        runs[name].push(r.rssMb);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  samples[`cli gather ${count} output (peak RSS MB)`] = runs;
  const quiet = median(runs.quiet);
  const row = (what, mode, limit) => {
    const ours = median(runs[mode]);
    return { target: '8b', what, ours, baseline: quiet, ratio: ours / quiet, limit, ok: ours / quiet <= limit, unit: 'MB' };
  };
  const n = count === 1_000_000 ? '1e6' : String(count);
  return [
    row(`gather demo, ${n} tasks: peak RSS, --json into a pipe vs --quiet`, 'json', 1.3),
    row(`gather demo, ${n} tasks: peak RSS, --trace <file> vs --quiet`, 'trace', 1.3),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const option = (name, fallback) => {
    const at = process.argv.indexOf(name);
    return at >= 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const samples = {};
  const rows = outputRows({ reps: option('--reps', 3), count: option('--count', 1_000_000), log: (line) => process.stderr.write(`${line}\n`), samples });
  for (const r of rows) {
    process.stdout.write(`${r.ok ? '✓' : '✗'} ${r.what}: ${r.ours.toFixed(1)} vs ${r.baseline.toFixed(1)} MB → ${r.ratio.toFixed(2)}× (≤ ${r.limit}×)\n`);
  }
  process.stdout.write(`samples (MB): ${JSON.stringify(Object.values(samples)[0])}\n`);
}
