/**
 * Options that each work alone, combined the way a user combines them: every run here is
 * one a user met with a wrong answer or a wrong refusal. In-process, on the fake clock.
 */
import { existsSync, rmSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { run, type CliIO } from '../../src/cli/program.js';
import { columns } from '../../src/cli/render/text.js';
import { demos as registered } from '../../src/demos/index.js';
import type { JsonReport } from '../../src/cli/report-json.js';
import { gatherDemo } from '../../src/demos/gather.js';
import { limitDemo } from '../../src/demos/limit.js';
import { retryDemo } from '../../src/demos/retry.js';
import { taskgroupDemo } from '../../src/demos/taskgroup.js';
import type { Demo } from '../../src/demos/types.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { sink } from '../helpers/sink.js';

async function invoke(argv: string[], demos: readonly Demo[] = [limitDemo, taskgroupDemo]) {
  const clock = new FakeClock();
  const stdout = sink();
  const stderr = sink();
  const io: CliIO = { stdout, stderr, env: {}, clock, signal: new AbortController().signal, demos };
  const code = await clock.run(run(argv, io));
  expect(clock.pendingTimers).toBe(0);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const json = (text: string) => JSON.parse(text) as JsonReport;

describe('--variants with the options that change the variant names', () => {
  it('limit --count 6 --concurrency 3,6 --variants c=3 runs c=3 alone', async () => {
    const r = await invoke(['limit', '--count', '6', '--concurrency', '3,6', '--variants', 'c=3', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.variants.map((v) => [v.name, v.ms?.median])).toEqual([['c=3', 400]]);
    expect(report.params).toMatchObject({ count: 6, variants: ['c=3'], concurrency: [3, 6] });
  });

  it('limit --count 12 --variants c=12 picks the last point of the default sweep for 12 tasks', async () => {
    const r = await invoke(['limit', '--count', '12', '--variants', 'c=1,c=12', '--json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).variants.map((v) => [v.name, v.ms?.median])).toEqual([
      ['c=1', 2400],
      ['c=12', 200],
    ]);
  });

  it.each([
    [['--concurrency', '3,6', '--count', '6', '--variants', 'c=4'], "argument 'c=4' is invalid. Unknown 'c=4'. Allowed with these options: c=3, c=6."],
    // Once silently dropped: c=2 is a name of the default sweep, not of this one.
    [['--concurrency', '1,3', '--variants', 'c=1,c=2'], "argument 'c=1,c=2' is invalid. Unknown 'c=2'. Allowed with these options: c=1, c=3."],
    [['--count', '12', '--variants', 'c=16'], "argument 'c=16' is invalid. Unknown 'c=16'. Allowed with these options: c=1, c=2, c=4, c=8, c=12."],
  ])('limit %j refuses a name this run does not have, listing the ones it has', async (args, message) => {
    const r = await invoke(['limit', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`asyncdemo: error: option '--variants <a,b>' ${message}\nTry 'asyncdemo limit --help'.\n`);
  });

  it('taskgroup --variants gather asks for --fail, and runs with it', async () => {
    for (const names of ['gather', 'sequential,gather']) {
      const r = await invoke(['taskgroup', '--variants', names]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`Unknown 'gather'. Allowed with these options: sequential, taskgroup.`);
    }
    const help = await invoke(['taskgroup', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('--variants <a,b> only these variants, comma-separated (sequential, taskgroup; and gather, with --fail)');
    const r = await invoke(['taskgroup', '--fail', 'B', '--variants', 'gather', '--json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).variants.map((v) => v.name)).toEqual(['gather']);
  });

  it('limit --help says which names --variants takes', async () => {
    const r = await invoke(['limit', '--help']);
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('--variants <a,b> only these variants, comma-separated (c=<n> for each concurrency swept: c=1, c=2, c=4, c=8, c=16, c=20 by default)');
    expect(text).not.toContain('only knows the names of the default sweep');
  });

  it('a plan that leaves out a variant asked for is a usage error, never a silent skip', async () => {
    // A demo that declares no variantsFor but drops a variant: the plan's names are the last word.
    const shy: Demo = {
      ...limitDemo,
      name: 'shy',
      variantsFor: undefined,
      plan: async (params) => {
        const plan = await limitDemo.plan(params);
        return { ...plan, variants: plan.variants.slice(-1) };
      },
    };
    const r = await invoke(['shy', '--variants', 'c=1,c=20'], [shy]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option '--variants <a,b>' argument 'c=1,c=20' is invalid. Unknown 'c=1'. Allowed with these options: c=20.");
  });
});

describe('--trace with the stdout convention of --export-markdown', () => {
  it.each([['gather'], ['all']])("%s --trace - is refused, where it wrote a file named '-'", async (command) => {
    try {
      const r = await invoke([command, '--trace', '-', '--quiet'], [gatherDemo]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(
        "asyncdemo: error: option '--trace <file>' argument '-' is invalid. Must be a file to write, e.g. trace.json: '-' is not stdout here (stdout carries the report).",
      );
      expect(existsSync('-')).toBe(false);
    } finally {
      rmSync('-', { force: true });
    }
  });
});

describe('--runs with a report told from spans: the spans are the first run\'s', () => {
  const demos = [gatherDemo, retryDemo];

  it('gather --fail Bob --runs 3: the failure stories and the timeline say they show run 1 of 3', async () => {
    const full = await invoke(['gather', '--fail', 'Bob', '--runs', '3', '--scale', '0.1', '--no-color'], demos);
    expect(full.code).toBe(0);
    const summary = full.stdout.slice(full.stdout.indexOf('\nSummary'));
    expect(summary).toContain(
      [
        '  No speedup: a task failed, so the runs did not do the same work.',
        '    In run 1 of 3:',
        '      sequential stopped at Bob after 150.0 ms',
        '      gather stopped at 50.0 ms when Bob failed, while Alice and Charlie ran on',
      ].join('\n'),
    );
    expect(full.stdout).toMatch(/^Timeline \(run 1 of 3\) {2}0 … 150\.0 ms/m);

    const quiet = await invoke(['gather', '--fail', 'Bob', '--runs', '3', '--scale', '0.1', '--quiet'], demos);
    expect(quiet.stdout).toContain('No speedup: a task failed, so the runs did not do the same work.\nIn run 1 of 3:\n  sequential stopped at Bob');
  });

  it('says nothing of the kind for one run, nor for retry, whose story is in medians', async () => {
    const one = await invoke(['gather', '--fail', 'Bob', '--scale', '0.1', '--no-color'], demos);
    expect(one.stdout).not.toContain('run 1 of');
    expect(one.stdout).toMatch(/^Timeline {2}0 … 150\.0 ms/m);
    const retry = await invoke(['retry', '--runs', '2', '--quiet'], demos);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain('Not a speedup: more attempts buy more successes.');
    expect(retry.stdout).not.toContain('run 1 of');
  });
});

describe('a 60-column terminal', () => {
  it.each(registered.map((d) => [d.name] as const))('%s --help: every option wraps at words within the width', async (name) => {
    const stdout = sink({ columns: 60, isTTY: true });
    const io: CliIO = { stdout, stderr: sink(), env: {}, demos: registered };
    expect(await run([name, '--help'], io)).toBe(0);
    // Example commands are shown whole, to be copied: only they may be wider.
    const wide = stdout.text.split('\n').filter((line) => columns(line) > 60 && !line.startsWith('  $ '));
    expect(wide).toEqual([]);
  });

  // cpu and fetch-all run on real time and threads/sockets: the fake clock runs the rest.
  const fake = registered.filter((d) => d.name !== 'cpu' && d.name !== 'fetch-all');

  it.each(fake.map((d) => [d.name, d] as const))('%s: no line of the report is wider than the terminal', async (_name, demo) => {
    const clock = new FakeClock();
    const stdout = sink({ columns: 60, isTTY: true });
    const stderr = sink();
    const io: CliIO = { stdout, stderr, env: { TERM: 'xterm' }, clock, signal: new AbortController().signal, demos: [demo] };
    expect(await clock.run(run([demo.name, '--no-color', '--no-live'], io))).toBe(0);
    const wide = stripVTControlCharacters(stdout.text)
      .split('\n')
      .filter((line) => columns(line) > 60);
    expect(wide).toEqual([]);
  });
});
