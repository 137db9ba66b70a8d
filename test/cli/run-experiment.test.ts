// `asyncdemo run` in-process, on real time: the user's functions use real timers.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InterruptError } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { sink } from '../helpers/sink.js';

const fixtures = fileURLToPath(new URL('../fixtures/experiment/', import.meta.url));
const twoNaps = join(fixtures, 'two-naps.ts');
const dir = mkdtempSync(join(tmpdir(), 'asyncdemo-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(ext: string, text: string): string {
  const path = join(dir, `exp${++n}${ext}`);
  writeFileSync(path, text);
  return path;
}

async function runCli(argv: string[], signal?: AbortSignal) {
  const stdout = sink();
  const stderr = sink();
  const code = await run(['run', ...argv], { stdout, stderr, env: {}, signal });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

interface Report {
  schema: string;
  demo: string;
  params: Record<string, unknown>;
  variants: { name: string; spans: { task: string; outcome: string }[]; error?: { name: string; message: string } }[];
  speedups: { variant: string; baseline: string; value: number; ideal: number }[];
}

describe('asyncdemo run <file>', () => {
  it('two exported 300 ms functions: a JSON report, concurrent ≥ 1.5× faster than sequential', async () => {
    // Medians of three runs, after a warm-up: a busy machine's late timers hit one run, not the result.
    const r = await runCli([twoNaps, '--json', '--runs', '3', '--warmup', '1']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as Report;
    expect(doc.schema).toBe('asyncdemo.report/1');
    expect(doc.demo).toBe('two-naps.ts');
    expect(doc.params).toEqual({ runs: 3, warmup: 1, variants: ['sequential', 'concurrent', 'limited'], concurrency: 2, file: twoNaps, functions: ['first', 'second'] });
    expect(doc.variants.map((v) => [v.name, v.spans.map((s) => s.task)])).toEqual([
      ['sequential', ['first', 'second']],
      ['concurrent', ['first', 'second']],
      ['limited', ['first', 'second']],
    ]);
    const headline = doc.speedups[0]!;
    expect(headline).toMatchObject({ variant: 'concurrent', baseline: 'sequential' });
    // 1.5 tells concurrent (ideal 2) from sequential (1) with 100 ms to spare on a busy machine.
    expect(headline.value).toBeGreaterThanOrEqual(1.5);
    // The ideal comes from the sequential spans: two equal naps give about 2.
    expect(headline.ideal).toBeGreaterThan(1.6);
    expect(headline.ideal).toBeLessThanOrEqual(2.1);
  });

  it('a JavaScript default object, --concurrency 1, --variants, --trace and the human report', async () => {
    const trace = join(dir, 'run-trace.json');
    const r = await runCli([join(fixtures, 'default-object.js'), '--concurrency', '1', '--variants', 'concurrent,limited', '--no-color', '--trace', trace, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^concurrent {2}\d/m);
    expect(r.stdout).toMatch(/^limited {5}\d/m);
    const events = (JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: { ph: string; name: string; args?: { name?: string } }[] }).traceEvents;
    expect(events.filter((e) => e.ph === 'X').map((e) => e.name)).toEqual(['zebra', 'apple', 'zebra', 'apple']);
    expect(events.filter((e) => e.name === 'process_name').map((e) => e.args?.name)).toEqual(['default-object.js: concurrent', 'default-object.js: limited']);
  });

  it('the full report names the file and its functions, and leaves out the workload options', async () => {
    const r = await runCli([twoNaps, '--no-color', '--no-timeline']);
    expect(r.code).toBe(0);
    // The title wraps at words to the width (80 here): rejoin its lines.
    expect(r.stdout.split('\n\n')[0]!.split('\n').filter((l) => !/^ {2}\S+=/.test(l)).join('').replace(/ {2,}/g, ' ')).toBe(`two-naps.ts — your functions, from ${twoNaps}: first, second`);
    expect(r.stdout).not.toMatch(/scale=|delay=|count=/);
    expect(r.stdout).toContain('concurrent ran');
  });

  it('a file that does not exist, or exports nothing runnable: exit 2, one line and a hint', async () => {
    const missing = await runCli([join(dir, 'nope.ts')]);
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr: `asyncdemo: error: cannot find '${join(dir, 'nope.ts')}' (ENOENT): check the path.\nTry 'asyncdemo run --help'.\n`,
    });
    const empty = file('.ts', 'export const answer = 42;\n');
    const nothing = await runCli([empty]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr.split('\n')[0]).toBe(
      `asyncdemo: error: '${empty}' exports no functions to run: export async functions (export async function fetchUser(signal) { … }) or a default object of them.`,
    );
  });

  it('a file that does not load: exit 1 and one line, no stack trace', async () => {
    const broken = file('.ts', 'export async function a( {\n');
    const r = await runCli([broken]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^asyncdemo: error: cannot load '${broken}': ${broken}:\\d+:\\d+: [^\\n]+\\n$`));
  });

  it('a function that throws: exit 1 after the report, one line naming the function', async () => {
    const thrower = file(
      '.ts',
      "export async function ok(): Promise<void> {}\nexport async function broken(): Promise<void> { throw new RangeError('no quota'); }\n",
    );
    const r = await runCli([thrower, '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as Report;
    expect(doc.variants.map((v) => v.error)).toEqual([
      { name: 'RangeError', message: 'no quota (thrown by broken())' },
      { name: 'RangeError', message: 'no quota (thrown by broken())' },
      { name: 'RangeError', message: 'no quota (thrown by broken())' },
    ]);
    const name = thrower.split('/').pop()!;
    expect(r.stderr).toBe(
      `asyncdemo: ${name}: variants 'sequential', 'concurrent' and 'limited' failed: RangeError: no quota (thrown by broken())\n`,
    );

    // Different failures keep their own lines.
    const flaky = file('.ts', "let calls = 0;\nexport async function f(): Promise<void> { throw new Error(`call ${++calls}`); }\n");
    const lines = (await runCli([flaky, '--variants', 'sequential,concurrent'])).stderr.split('\n').filter(Boolean);
    expect(lines.map((l) => l.replace(/^asyncdemo: \S+: /, ''))).toEqual([
      "variant 'sequential' failed: Error: call 1 (thrown by f())",
      "variant 'concurrent' failed: Error: call 2 (thrown by f())",
    ]);
  });

  it('Ctrl-C aborts the signal the functions got: exit 130, the partial report', async () => {
    // The function says when it has started (loading it on its thread takes a while).
    const marker = `${dir}/slow-started`;
    const slow = file(
      '.ts',
      `import { writeFileSync } from 'node:fs';\nimport { setTimeout as delay } from 'node:timers/promises';\n` +
        `export const slow = (signal: AbortSignal) => { writeFileSync(${JSON.stringify(marker)}, ''); return delay(10_000, undefined, { signal }); };\n`,
    );
    const controller = new AbortController();
    const started = Date.now();
    const done = runCli([slow, '--json'], controller.signal);
    while (!existsSync(marker)) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(new InterruptError('SIGINT'));
    const r = await done;
    expect(r.code).toBe(130);
    expect(Date.now() - started).toBeLessThan(5000);
    const doc = JSON.parse(r.stdout) as Report & { interrupted: boolean };
    expect(doc.interrupted).toBe(true);
    expect(doc.variants[0]!.spans).toMatchObject([{ task: 'slow', outcome: 'cancelled' }]);
  });

  it('usage: --scale is not an option of run; --help documents the file, the ideal and the exit codes', async () => {
    const scale = await runCli([twoNaps, '--scale', '0.1']);
    expect(scale.code).toBe(2);
    expect(scale.stderr).toContain("unknown option '--scale'");
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: asyncdemo run [options] <file>');
    expect(help.stdout).toMatch(/ideal speedup comes from the sequential\s+run's spans/);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('--concurrency <n> functions running at once in the limited variant (default: 2)');
    expect(help.stdout).toContain('Exit codes: 0 ok; 1 the file does not load');
    expect(help.stdout).toContain('--trace <file>');
  });
});
