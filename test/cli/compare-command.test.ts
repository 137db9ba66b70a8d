import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, type CliIO } from '../../src/cli/program.js';
import type { JsonComparison } from '../../src/cli/compare.js';
import type { JsonReport } from '../../src/cli/report-json.js';
import type { RunContext } from '../../src/core/measure.js';
import { sleep } from '../../src/core/sleep.js';
import type { Demo } from '../../src/demos/types.js';
import { withoutDocumentChecks } from '../helpers/documents.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { sink } from '../helpers/sink.js';
import { report } from './compare-fixtures.js';

const nap = (ctx: RunContext, ms: number) => sleep(ms, { signal: ctx.signal, clock: ctx.clock });

/** Two naps of `--delay` ms (100 by default) on the fake clock, in turn or at once; counts its plans. */
function napDemo(name: string, plans: { count: number }): Demo {
  return {
    name,
    title: 'naps',
    description: 'Two naps.',
    examples: [],
    variantNames: ['sequential', 'concurrent'],
    delay: { defaultMs: 100, help: 'each nap' },
    count: { default: 2, max: 2, help: 'naps' },
    plan(params) {
      plans.count++;
      const ms = params.delayMs * params.scale;
      return {
        headline: 'concurrent',
        params: {},
        variants: [
          { name: 'sequential', summary: 'in turn', plannedMs: 2 * ms, run: async (ctx) => { await ctx.task('a', () => nap(ctx, ms)); await ctx.task('b', () => nap(ctx, ms)); } },
          { name: 'concurrent', summary: 'at once', plannedMs: ms, run: async (ctx) => { await Promise.all([ctx.task('a', () => nap(ctx, ms)), ctx.task('b', () => nap(ctx, ms))]); } },
        ],
      };
    },
  };
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  plans: number;
}

async function invoke(argv: string[], env: Record<string, string | undefined> = {}): Promise<Result> {
  const plans = { count: 0 };
  const clock = new FakeClock();
  const stdout = sink();
  const stderr = sink();
  const io: CliIO = { stdout, stderr, env, clock, demos: [napDemo('nap', plans), napDemo('doze', plans)] };
  const code = await clock.run(run(argv, io));
  return { code, stdout: stdout.text, stderr: stderr.text, plans: plans.count };
}

const dir = mkdtempSync(join(tmpdir(), 'asyncdemo-compare-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** A baseline written by the CLI itself: `nap --json` at `delay`. */
async function baseline(name: string, args: string[]): Promise<string> {
  const r = await invoke(['nap', '--json', '--runs', '3', ...args]);
  expect(r.code).toBe(0);
  return file(name, r.stdout);
}

/** The usage error's first line; the second is the hint. */
function usageLine(r: Result): string {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines.length).toBeLessThanOrEqual(2);
  return lines[0]!;
}

describe('asyncdemo compare', () => {
  const before = file('before.json', JSON.stringify(report('gather', { sequential: [300, 302, 301], gather: [100, 101, 102] })));
  const after = file('after.json', JSON.stringify(report('gather', { sequential: [600, 604, 602], gather: [100, 102, 101] })));

  it('prints each variant before and after, the change in words, significance and the headline', async () => {
    const r = await invoke(['compare', before, after, '--no-color']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const row = (name: string) => r.stdout.split('\n').find((l) => l.trimStart().startsWith(name))!;
    expect(row('sequential')).toMatch(/301\.0 ms\s+602\.0 ms\s+2\.00× slower\s+significant, p < 0\.001/);
    expect(row('gather')).toMatch(/101\.0 ms\s+101\.0 ms\s+same\s+within noise, p = 1/);
    expect(r.stdout).toContain('headline: gather vs sequential 2.98× → 5.96×, rose 100.0%');
    expect(r.stdout).toContain('same environment: asyncdemo 0.1.0, node v20.19.0, linux x64, 2 CPUs, Test CPU');
  });

  it('says "faster" for a ratio below 1', async () => {
    const r = await invoke(['compare', after, before, '--no-color']);
    expect(r.stdout).toMatch(/sequential\s+602\.0 ms\s+301\.0 ms\s+2\.00× faster/);
  });

  it('--json prints one asyncdemo.comparison/1 document', async () => {
    const r = await invoke(['compare', before, after, '--json']);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as JsonComparison;
    expect(c.schema).toBe('asyncdemo.comparison/1');
    expect(c.demos[0]!.variants[0]!.ratio).toBeCloseTo(2, 12);
  });

  it('--max-regression exits 3 with one stderr line naming what regressed', async () => {
    const r = await invoke(['compare', before, after, '--max-regression', '25', '--no-color']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('asyncdemo: regressed beyond --max-regression 25%: gather sequential +100.0% (p < 0.001)\n');
    expect(r.stdout).toContain('regressed beyond 25%');
    expect((await invoke(['compare', before, after, '--max-regression', '150'])).code).toBe(0);
  });

  it('--export-markdown - prints a markdown table instead of the text', async () => {
    const r = await invoke(['compare', before, after, '--export-markdown', '-']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^### asyncdemo compare: `.*before\.json` → `.*after\.json`\n/);
    expect(r.stdout).toContain('| Variant | Before | After | Change | Significance |\n|:---|---:|---:|---:|:---|\n');
    expect(r.stdout).toContain('| `sequential` | 301.0 ms | 602.0 ms | 2.00× slower | significant, p < 0.001 |');
    expect(r.stdout).not.toContain('same environment');
  });

  it('says why a headline is not a speedup from each side\'s own reason, never a reason neither side gave', async () => {
    // compare r1.json r2.json of race said "a variant failed or did different work".
    const notSpeedup = (reason: 'failed' | 'first-answer' | 'reliability') => (doc: JsonReport): JsonReport => ({ ...doc, speedups: doc.speedups.map((s) => ({ ...s, valid: false, reason })) });
    const race = (samples: Record<string, number[]>) => notSpeedup('first-answer')(report('race', samples));
    const r1 = file('race1.json', JSON.stringify(race({ 'promise-race': [300, 301, 302], race: [100, 101, 102] })));
    const r2 = file('race2.json', JSON.stringify(race({ 'promise-race': [301, 302, 303], race: [101, 101, 102] })));
    const raced = await invoke(['compare', r1, r2, '--no-color']);
    // A long line wraps at 80 columns, its rest indented: joined back here.
    expect(raced.stdout.replace(/\n {4}/g, ' ')).toMatch(/headline: race vs promise-race .*\(not a speedup on either side: both race for a first answer; not gated\)$/m);
    expect(raced.stdout).not.toMatch(/failed|different work/);
    const failed = file('failed.json', JSON.stringify(notSpeedup('failed')(report('gather', { sequential: [150, 151, 152], gather: [50, 51, 52] }))));
    const oneSide = await invoke(['compare', before, failed, '--no-color']);
    expect(oneSide.stdout.replace(/\n {4}/g, ' ')).toMatch(/headline: gather vs sequential .*\(not a speedup after: a task failed; not gated\)$/m);
    const md = await invoke(['compare', failed, before, '--export-markdown', '-']);
    expect(md.stdout).toContain('(not a speedup before: a task failed; not gated)');
    const json = JSON.parse((await invoke(['compare', before, failed, '--json'])).stdout) as JsonComparison;
    expect(json.demos[0]!.headline).toMatchObject({ valid: false, reasonAfter: 'failed' });
    expect(json.demos[0]!.headline).not.toHaveProperty('reasonBefore');
  });

  it('an interrupted run on one side is said, and its unmeasured variants are not "not in this run"', async () => {
    // compare all.json with an all --json stopped by Ctrl-C in taskgroup: nothing said it
    // was partial, and taskgroup's unmeasured variants read as left out of the run.
    const stopped = report('gather', { sequential: [301, 302, 303] }, { interrupted: true });
    stopped.variants.push({ ...stopped.variants[0]!, name: 'gather', ms: null });
    const partial = file('partial.json', JSON.stringify(stopped));
    const r = await invoke(['compare', before, partial, '--no-color']);
    expect(r.stdout).toContain('  interrupted: the after run was stopped early (Ctrl-C): partial results\n');
    expect(r.stdout).toMatch(/^ {2}gather .*not measured after: interrupted$/m);
    expect(r.stdout).not.toContain('not in this run');
    const json = JSON.parse((await invoke(['compare', before, partial, '--json'])).stdout) as JsonComparison;
    expect(json.demos[0]).toMatchObject({ interruptedAfter: true });
    expect(json.demos[0]).not.toHaveProperty('interruptedBefore');
    expect((await invoke(['compare', partial, before, '--export-markdown', '-'])).stdout).toContain('**Interrupted:** the before run was stopped early: partial results.');
    // Uninterrupted on both sides: no such line.
    expect((await invoke(['compare', before, after, '--no-color'])).stdout).not.toContain('interrupted');
  });

  it('a headline change it cannot test says so, as the variants\' rows do', async () => {
    const once = file('once.json', JSON.stringify(report('gather', { sequential: [600], gather: [101] })));
    const r = await invoke(['compare', before, once, '--no-color']);
    expect(r.stdout.replace(/\n {4}(?=test)/g, ' ')).toMatch(/headline: gather vs sequential 2\.98× → 5\.94×, rose 99\.\d% \(too few runs to test: need 3 a side\)$/m);
  });

  it('refuses, with exit 2 and one line, what it cannot compare', async () => {
    const greet = file('greet.json', JSON.stringify(report('greet', { sequential: [300], eager: [100] })));
    expect(usageLine(await invoke(['compare', before, join(dir, 'missing.json')]))).toBe(`asyncdemo: error: cannot read ${join(dir, 'missing.json')}: no such file.`);
    expect(usageLine(await invoke(['compare', before, file('text.json', 'hello')]))).toMatch(/text\.json is not JSON, so not an asyncdemo report/);
    expect(usageLine(await invoke(['compare', before, file('other.json', '{"results": []}')]))).toMatch(/other\.json is not an asyncdemo report: it has no "schema": "asyncdemo\.report\/1"/);
    expect(usageLine(await invoke(['compare', before, file('v2.json', '{"schema": "asyncdemo.report/2"}')]))).toMatch(
      /v2\.json is an asyncdemo\.report\/2 document, written by a newer asyncdemo; this one \(\d+\.\d+\.\d+\) reads asyncdemo\.report\/1\.$/,
    );
    expect(usageLine(await invoke(['compare', before, greet]))).toMatch(/before\.json is a report of gather and .*greet\.json is a report of greet: no demo in common/);
    const c = file('c.json', (await invoke(['compare', before, after, '--json'])).stdout);
    expect(usageLine(await invoke(['compare', c, after]))).toMatch(/c\.json is an asyncdemo\.comparison\/1 document, not a report or summary/);
    // Claims to be a report but is not one: the schema says what is wrong.
    const broken = report('gather', { sequential: [300] }) as unknown as Record<string, unknown>;
    delete broken.variants;
    const bad = file('broken.json', JSON.stringify(broken));
    const r = await withoutDocumentChecks(() => invoke(['compare', before, bad]));
    expect(usageLine(r)).toMatch(/broken\.json is not a valid asyncdemo\.report\/1 document: the document must have required property 'variants'\.$/);
  });
});

describe('--baseline and --max-regression on a demo', () => {
  it('prints the comparison under the report, and exits 0 when nothing regressed', async () => {
    const base = await baseline('nap-100.json', []);
    const r = await invoke(['nap', '--runs', '3', '--baseline', base, '--max-regression', '25', '--no-color']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Summary[\s\S]*Compared with .*nap-100\.json\n/);
    expect(r.stdout).toMatch(/sequential\s+200\.0 ms\s+200\.0 ms\s+same/);
    expect(r.stdout).toContain('no regression beyond 25%');
  });

  it('exits 3 with one stderr line when a median rose beyond the limit; the comparison is in the JSON', async () => {
    const base = await baseline('nap-100b.json', []);
    const r = await invoke(['nap', '--runs', '3', '--delay', '200ms', '--baseline', base, '--max-regression', '25', '--json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^asyncdemo: regressed beyond --max-regression 25% against .*nap-100b\.json: nap sequential \+100\.0% \(p < 0\.001\), nap concurrent \+100\.0% \(p < 0\.001\)\n$/);
    const doc = JSON.parse(r.stdout) as JsonReport;
    expect(doc.comparison?.before.file).toBe(base);
    expect(doc.comparison?.after.file).toBe('this run');
    expect(doc.comparison?.demos[0]!.params).toEqual([{ name: 'delay', before: 100, after: 200 }]);
    expect(doc.comparison?.regressions.map((x) => x.name)).toEqual(['sequential', 'concurrent']);
    // Without --max-regression the comparison is shown, and nothing fails.
    expect((await invoke(['nap', '--runs', '3', '--delay', '200ms', '--baseline', base])).code).toBe(0);
  });

  it('refuses bad input with exit 2 and one line, before anything runs', async () => {
    const base = await baseline('nap-base.json', []);
    const missing = await invoke(['nap', '--baseline', join(dir, 'nope.json')]);
    expect(usageLine(missing)).toBe(`asyncdemo: error: option '--baseline <report.json>' argument '${join(dir, 'nope.json')}' is invalid. Cannot read ${join(dir, 'nope.json')}: no such file.`);
    expect(missing.plans).toBe(0);
    const other = await invoke(['doze', '--baseline', base]);
    expect(usageLine(other)).toMatch(/is invalid\. The baseline .*nap-base\.json is a report of nap, not of doze: nothing to compare with\.$/);
    expect(other.plans).toBe(0);
    const alone = await invoke(['nap', '--max-regression', '10']);
    expect(usageLine(alone)).toBe("asyncdemo: error: option '--max-regression <percent>' needs --baseline <report.json> to compare with.");
    expect(alone.plans).toBe(0);
    const negative = await invoke(['nap', '--baseline', base, '--max-regression', '-5']);
    expect(usageLine(negative)).toMatch(/option '--max-regression <percent>' argument '-5' is invalid/);
    expect(negative.plans).toBe(0);
    const both = await invoke(['nap', '--json', '--export-markdown', '-']);
    expect(usageLine(both)).toMatch(/'--json' and '--export-markdown -' both write to stdout/);
    expect(both.plans).toBe(0);
  });
});

describe('--export-markdown', () => {
  it('writes a hyperfine-style table and the headline; - puts it on stdout instead of the report', async () => {
    const target = join(dir, 'r.md');
    const r = await invoke(['nap', '--runs', '3', '--export-markdown', target]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Summary'); // the report is still printed
    const md = readFileSync(target, 'utf8');
    // A busy machine adds its caveat as a quote after the headline: the real load shows through.
    const [table, ...warnings] = md.split('\n\n> ');
    for (const w of warnings) expect(w).toMatch(/^Warning: [^\n]+\n$/);
    expect(`${table!.trimEnd()}\n`).toBe(
      [
        '### nap',
        '',
        '<sub>scale=1  delay=100ms  count=2  runs=3  warmup=0  variants=sequential,concurrent</sub>',
        '',
        '| Variant | Median [ms] | ± σ [ms] | Min … Max [ms] | Relative |',
        '|:---|---:|---:|---:|---:|',
        '| `sequential` | 200.0 | 0.0 | 200.0 … 200.0 | 2.00 ± 0.00 |',
        '| `concurrent` | 100.0 | 0.0 | 100.0 … 100.0 | 1.00 |',
        '',
        'concurrent ran 2.00 ± 0.00× faster than sequential (ideal 2.00×, efficiency 100.0%)',
        '',
      ].join('\n'),
    );
    const stdout = await invoke(['nap', '--runs', '3', '--export-markdown', '-']);
    expect(stdout.stdout).toBe(md);
  });

  it('calls one run a time, not a median, with no empty spread or one-value range', async () => {
    const r = await invoke(['nap', '--export-markdown', '-']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      ['| Variant | Time [ms] | Relative |', '|:---|---:|---:|', '| `sequential` | 200.0 | 2.00 |', '| `concurrent` | 100.0 | 1.00 |', '', 'concurrent ran 2.00× faster'].join('\n'),
    );
    expect(r.stdout).not.toContain('Median');
  });

  it('replaces a file, as hyperfine does, but appends to $GITHUB_STEP_SUMMARY', async () => {
    const target = file('replaced.md', 'old content\n');
    await invoke(['nap', '--export-markdown', target]);
    expect(readFileSync(target, 'utf8')).toMatch(/^### nap\n/);
    const summary = file('summary.md', '# Benchmarks\n');
    await invoke(['nap', '--export-markdown', summary], { GITHUB_STEP_SUMMARY: summary });
    await invoke(['doze', '--export-markdown', summary], { GITHUB_STEP_SUMMARY: summary });
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# Benchmarks\n### nap\n')).toBe(true);
    expect(text).toContain('\n### doze\n');
  });

  it('all: one section per demo; with --baseline each report carries its comparison', async () => {
    const sum = await invoke(['all', '--json', '--runs', '3']);
    const base = file('all.json', sum.stdout);
    const target = join(dir, 'all.md');
    const r = await invoke(['all', '--runs', '3', '--baseline', base, '--max-regression', '10', '--export-markdown', target, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { reports: JsonReport[] };
    expect(doc.reports.map((x) => x.comparison?.demos[0]!.demo)).toEqual(['nap', 'doze']);
    const md = readFileSync(target, 'utf8');
    expect(md.match(/^### /gm)).toHaveLength(2);
    expect(md).toContain('#### Compared with `');
    expect(md).toContain('No regression beyond 10%.');
    const alien = file('alien.json', JSON.stringify(report('gather', { sequential: [300], gather: [100] })));
    const refused = await invoke(['all', '--baseline', alien]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/has no report of any demo that all runs/);
    expect(refused.plans).toBe(0);
  });
});
