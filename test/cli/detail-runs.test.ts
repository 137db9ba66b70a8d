/**
 * A demo's details (a race's winner, a queue's sparkline, HTTP latencies, …) come from
 * the first timed run only, as the spans do: under `--runs 3` they stand beneath a
 * median and a range, so the report says which run they show, and with one run it says
 * nothing of the kind. limit's sweep is drawn across the runs instead, in medians, and
 * says so. Every kind of detail with a renderer, run through the CLI in-process: on the
 * fake clock, except cpu (real work on real threads) and fetch-all (real requests to the
 * embedded server), which run tiny on the system clock.
 */
import { describe, expect, it } from 'vitest';
import { run, type CliIO } from '../../src/cli/program.js';
import { detailRenderers, type DetailContext } from '../../src/cli/render/details.js';
import { renderSweepDetail } from '../../src/cli/render/sweep.js';
import { summarize } from '../../src/core/stats.js';
import type { SweepDetail } from '../../src/demos/limit.js';
import type { JsonReport } from '../../src/cli/report-json.js';
import { demos } from '../../src/demos/index.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { sink } from '../helpers/sink.js';
import { plain } from './render/fixtures.js';

async function invoke(argv: string[], realTime: boolean) {
  const stdout = sink({ columns: 60 });
  const stderr = sink();
  const io: CliIO = { stdout, stderr, env: {}, signal: new AbortController().signal, demos };
  if (realTime) return { code: await run(argv, io), stdout: stdout.text, stderr: stderr.text };
  const clock = new FakeClock();
  const code = await clock.run(run(argv, { ...io, clock }));
  expect(clock.pendingTimers).toBe(0);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * Each detail kind, the demo run that draws it, the variant it stands under, and a
 * piece of its first line (so the test knows the label sits right above the detail).
 */
const KINDS = [
  { key: 'race', argv: ['race', '--scale', '0.1'], variant: 'race', first: 'Winner: mirror 2 at', real: false },
  { key: 'queue', argv: ['queue', '--scale', '0.1'], variant: 'workers', first: 'Queue length over', real: false },
  { key: 'retry', argv: ['retry', '--scale', '0.1'], variant: 'retry', first: '5 of 5 calls succeeded', real: false },
  { key: 'completion', argv: ['as-completed', '--scale', '0.1'], variant: 'as-completed', first: 'First result handled at', real: false },
  { key: 'cpu', argv: ['cpu', '--count', '2', '--work', '5ms', '--variants', 'sequential,workers'], variant: 'workers', first: 'Event loop:', real: true },
  { key: 'http', argv: ['fetch-all', '--scale', '0.01', '--count', '2', '--variants', 'sequential,concurrent'], variant: 'concurrent', first: 'HTTP: 2 requests', real: true },
] as const;

/** The lines of one variant's block in the report: from its name to the blank line after it. */
function block(report: string, variant: string): string[] {
  const lines = report.split('\n');
  // Its last heading is the results block (the first is where its narration streamed).
  const at = lines.lastIndexOf(variant);
  expect(at, `no block for ${variant} in:\n${report}`).toBeGreaterThan(-1);
  const end = lines.indexOf('', at);
  return lines.slice(at, end === -1 ? undefined : end);
}

describe('details under --runs: which run they show', () => {
  it('covers every detail kind that has a renderer', () => {
    expect([...KINDS.map((k) => k.key), 'sweep'].sort()).toEqual(Object.keys(detailRenderers).sort());
  });

  it.each(KINDS)('$key: with --runs 3, "In run 1 of 3:" stands above the detail, which is indented under it', async ({ argv, variant, first, real }) => {
    const r = await invoke([...argv, '--runs', '3', '--no-color', '--no-timeline'], real);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('asyncdemo:'))).toEqual([]);
    const lines = block(r.stdout, variant);
    expect(lines.some((l) => l.startsWith('  Time (median ± σ): ')), lines.join('\n')).toBe(true);
    const label = lines.indexOf('  In run 1 of 3:');
    expect(label, lines.join('\n')).toBeGreaterThan(-1);
    expect(lines[label + 1]).toMatch(new RegExp(`^ {4}${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    // Everything after the label is the detail, indented beneath it.
    for (const line of lines.slice(label + 1)) expect(line, lines.join('\n')).toMatch(/^ {4}/);
    for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(60);
  });

  it.each(KINDS)('$key: with one run, the detail stands as it always did, with no run named', async ({ argv, variant, first, real }) => {
    const r = await invoke([...argv, '--no-color', '--no-timeline'], real);
    expect(r.stdout).not.toContain('run 1 of');
    const lines = block(r.stdout, variant);
    expect(lines.some((l) => l.startsWith(`  ${first}`))).toBe(true);
  });

  it('sweep: with --runs 3, the chart is of medians and says so, with no run named; with one run, as it was', async () => {
    const three = await invoke(['limit', '--scale', '0.1', '--count', '4', '--runs', '3', '--no-color', '--no-timeline'], false);
    expect(three.stdout).not.toContain('run 1 of 3:');
    const lines = block(three.stdout, 'c=4');
    // At 60 columns the title wraps at a word.
    expect(lines.join('\n')).toContain('  Time against concurrency (● median of 3 runs, ○ ideal');
    expect(lines.at(-1)).toMatch(/ medians over the ideal waits$/);
    const one = await invoke(['limit', '--scale', '0.1', '--count', '4', '--no-color', '--no-timeline'], false);
    expect(block(one.stdout, 'c=4').join('\n')).toContain('  Time against concurrency (● measured, ○ ideal');
    expect(block(one.stdout, 'c=4').at(-1)).toMatch(/%\s+over the ideal waits$/);
  });
});

describe('the sweep chart across runs', () => {
  // The first run's points: c=1 slow (a cold first run), c=2 on time.
  const detail: SweepDetail = {
    n: 4,
    taskMs: 100,
    concurrency: 2,
    sweep: [1, 2],
    points: [
      { concurrency: 1, ms: 800, idealMs: 400 },
      { concurrency: 2, ms: 200, idealMs: 200 },
    ],
  };
  const times: Record<string, number[]> = { 'c=1': [800, 400, 400], 'c=2': [200, 200, 200] };
  const context = (runs: number, known = times): DetailContext => ({ runs, stats: (name) => (known[name] === undefined ? undefined : summarize(known[name])) });

  it('draws each point at its variant\'s median, not the first run\'s time, and names the statistic', () => {
    const lines = renderSweepDetail(detail, plain, 78, context(3));
    expect(lines[0]).toBe('Time against concurrency (● median of 3 runs, ○ ideal ⌈n/c⌉ × 100.0 ms, n = 4)');
    // The axis tops at the slowest median, 400 ms, where c=1's 800 ms first run would be.
    expect(lines[1]).toMatch(/^ {2}400\.0 ms ┤/);
    expect(lines.at(-1)).toMatch(/ 0% +0% medians over the ideal waits$/);
  });

  it('with one run, or no context, the first run\'s points as measured', () => {
    const one = { 'c=1': [800], 'c=2': [200] };
    for (const lines of [renderSweepDetail(detail, plain, 78, context(1, one)), renderSweepDetail(detail, plain, 78)]) {
      expect(lines[0]).toBe('Time against concurrency (● measured, ○ ideal ⌈n/c⌉ × 100.0 ms, n = 4)');
      expect(lines[1]).toMatch(/^ {2}800\.0 ms ┤/);
      expect(lines.at(-1)).toMatch(/\+100% +0% over the ideal waits$/);
    }
  });

  // The demo's point is when its tasks were done, a hair before the variant's Time ends:
  // the row under the axis is the Planned line's figure, so it is drawn from the Time.
  it('with one run, each point is its variant\'s Time, as the Planned line compares it', () => {
    const lines = renderSweepDetail(detail, plain, 78, context(1, { 'c=1': [880], 'c=2': [230] }));
    expect(lines[0]).toBe('Time against concurrency (● measured, ○ ideal ⌈n/c⌉ × 100.0 ms, n = 4)');
    expect(lines[1]).toMatch(/^ {2}880\.0 ms ┤/);
    expect(lines.at(-1)).toMatch(/\+120% +\+15% over the ideal waits$/);
  });

  it('an interruption that left variants with different numbers of runs: the range of counts is named', () => {
    const lines = renderSweepDetail(detail, plain, 78, context(3, { 'c=1': [800, 400], 'c=2': [200] }));
    expect(lines[0]).toContain('● median of 1–2 runs');
  });

  it('a variant without times (not expected): the first run\'s points, and the title says they are', () => {
    const lines = renderSweepDetail(detail, plain, 78, context(3, { 'c=2': [200, 200, 200] }));
    expect(lines[0]).toContain('● measured in run 1 of 3');
    expect(lines[1]).toMatch(/^ {2}800\.0 ms ┤/);
  });
});

describe('details in --json under --runs', () => {
  it('race --runs 3 --json: the details are the first run\'s, as the schema says; ms covers every run', async () => {
    const r = await invoke(['race', '--scale', '0.1', '--runs', '3', '--json'], false);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    const race = report.variants.find((v) => v.name === 'race')!;
    expect(race.ms?.samples).toHaveLength(3);
    // The spans' end is the same run's: the detail's "all stopped" is the last span's end.
    const detail = race.details!.race as { allStoppedMs: number };
    expect(detail.allStoppedMs).toBe(Math.max(...race.spans.map((s) => s.end)));
  });

  it('the report schema says narration and details are the first timed run\'s', async () => {
    const r = await invoke(['schema', 'report'], false);
    const schema = JSON.parse(r.stdout) as { definitions: { variant: { properties: Record<string, { description?: string }> } } };
    const { spans, narration, details } = schema.definitions.variant.properties;
    expect(spans!.description).toContain('the first timed run');
    expect(narration!.description).toContain('the first timed run');
    expect(details!.description).toContain('the first timed run');
  });
});
