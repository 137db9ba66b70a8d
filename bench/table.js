// `node bench/table.js [results-a.json results-b.json …]`: the runs of `npm run bench`
// under different Node versions side by side, one column each, as the README's
// Performance section shows them. By default it reads bench/results-node20.json and
// bench/results-node24.json (written by `npm run bench` and `npm run bench -- --node …`).
// Each cell is the row's ratio to its baseline (or its value, for an absolute target),
// then ✓ or ✗ against that run's own target.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = fileURLToPath(new URL('.', import.meta.url));
const given = process.argv.slice(2);
const files = given.length > 0 ? given : ['results-node20.json', 'results-node24.json'].map((f) => join(bench, f)).filter((f) => existsSync(f));
if (files.length === 0) throw new Error('no results: run `npm run bench` (and `npm run bench -- --node <path>`) first');
const runs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));

const fmt = (x, unit) => (unit === 'count' ? String(x) : `${x.toFixed(unit === 'ms' && x >= 100 ? 0 : 1)} ${unit}`);
const cell = (r) => {
  if (r === undefined) return '—';
  const mark = r.ok === null ? '' : r.ok ? ' ✓' : ' ✗';
  if (r.ratio !== null) return `${r.ratio.toFixed(r.targetText === undefined ? 2 : 3)}×${mark}`;
  if (r.ours === null) return '—';
  return `${fmt(r.ours, r.unit)}${mark}`;
};
const target = (r) => r.targetText ?? (r.limit === null ? '—' : r.ratio !== null || r.baseline !== null ? `≤ ${r.limit}×` : `≤ ${fmt(r.limit, r.unit)}`);

// Rows in the order of the first run, then any row only a later run has.
const keys = [];
for (const run of runs) for (const r of run.rows) if (!keys.includes(`${r.target}\u0000${r.what}`)) keys.push(`${r.target}\u0000${r.what}`);
const lines = [
  `| # | case | ${runs.map((run) => `Node ${run.node.replace(/^v/, '')}`).join(' | ')} | target |`,
  `|---|---|${runs.map(() => '---:').join('|')}|---:|`,
];
for (const key of keys) {
  const [id, what] = key.split('\u0000');
  const found = runs.map((run) => run.rows.find((r) => r.target === id && r.what === what));
  const targets = [...new Set(found.filter((r) => r !== undefined).map(target))];
  lines.push(`| ${id} | ${what} | ${found.map(cell).join(' | ')} | ${targets.join(' / ')} |`);
}
const about = runs.map(
  (run) =>
    `Node ${run.node}: ${run.date.slice(0, 16).replace('T', ' ')} UTC, ${run.machine}, load average ${run.loadavg.map((x) => x.toFixed(1)).join(' → ')}, ${run.reps} samples a case${run.quick ? ' (--quick)' : ''}`,
);
process.stdout.write(`${about.join('\n')}\n\n${lines.join('\n')}\n`);
