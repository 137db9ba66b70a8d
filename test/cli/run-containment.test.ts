// Issue 17 item 2: `asyncdemo run` contains the code it runs. The user's functions run on
// a thread of their own; what they get wrong is reported by name, never a raw dump, a
// silent exit 13 or a process that never ends. (Spawned checks: test/hardening/interrupts.test.ts.)
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InterruptError } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { sourceOrder } from '../../src/demos/experiment/source-order.js';

// Outside any package.json with "type": "module": tsx compiles .ts and .js as CommonJS here.
const dir = mkdtempSync(join(tmpdir(), 'asyncdemo-contain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(ext: string, text: string): string {
  const path = join(dir, `exp${++n}${ext}`);
  writeFileSync(path, text);
  return path;
}

async function runCli(argv: string[], signal?: AbortSignal) {
  let stdout = '';
  let stderr = '';
  const code = await run(['run', ...argv], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    signal,
  });
  return { code, stdout, stderr };
}

interface Report {
  interrupted?: boolean;
  params: { functions: string[] };
  variants: { name: string; spans: { task: string; outcome: string; error?: string }[]; error?: { message: string } }[];
}

describe('run contains the code it runs', () => {
  it('a function that never settles: exit 1, naming it (was exit 13, silent)', async () => {
    const path = file('.ts', 'export async function fine() {}\nexport async function forever() { await new Promise(() => {}); }\n');
    const r = await runCli([path, '--variants', 'sequential', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as Report;
    expect(doc.variants[0]!.spans.map((s) => [s.task, s.outcome])).toEqual([
      ['fine', 'ok'],
      ['forever', 'error'],
    ]);
    expect(r.stderr).toMatch(/^asyncdemo: exp\d+\.ts: variant 'sequential' failed: Error: forever\(\) never settled: .+\n$/);
  });

  it('a promise rejected inside a function and never awaited: that function fails, one line (was an 8 KB dump)', async () => {
    const path = file('.ts', "export async function leaky() { void Promise.reject(new Error('boom')); }\nexport async function ok() {}\n");
    const r = await runCli([path, '--variants', 'sequential']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^asyncdemo: exp\d+\.ts: variant 'sequential' failed: Error: boom \(rejected in leaky\(\) with nobody awaiting it\)\n$/);
  });

  it('a rejection after its function returned still fails the run, naming the function', async () => {
    const path = file(
      '.ts',
      "export async function late() { setTimeout(() => { void Promise.reject(new Error('later')); }, 10); }\n" +
        'export async function slow() { await new Promise((r) => setTimeout(r, 300)); }\n',
    );
    const r = await runCli([path, '--variants', 'sequential']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('late() left a promise that rejected after it returned, with nobody awaiting it: Error: later\n');
  });

  it('a setInterval left running: the run ends after the report, naming it', async () => {
    const path = file('.ts', 'export async function tick() { setInterval(() => {}, 1000); }\nexport async function calm() {}\n');
    const r = await runCli([path, '--variants', 'sequential,concurrent']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sequential');
    expect(r.stderr).toMatch(
      /^asyncdemo: exp\d+\.ts: tick\(\) left a timer \(setInterval or setTimeout\) running after it returned; it was stopped when the run ended\n$/,
    );
  });

  it('after Ctrl-C the sequential loop starts no further function, even when one swallows the abort', async () => {
    const marker = join(dir, 'first-started');
    const second = join(dir, 'second-ran');
    const path = file(
      '.ts',
      "import { writeFileSync } from 'node:fs';\n" +
        `export async function first(signal: AbortSignal) {\n  writeFileSync(${JSON.stringify(marker)}, '');\n` +
        '  await new Promise<void>((resolve) => {\n' +
        '    const timer = setTimeout(resolve, 10_000);\n' +
        "    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); });\n" +
        '  });\n}\n' +
        `export async function second() { writeFileSync(${JSON.stringify(second)}, ''); }\n`,
    );
    const controller = new AbortController();
    const done = runCli([path, '--variants', 'sequential', '--json'], controller.signal);
    while (!existsSync(marker)) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(new InterruptError('SIGINT'));
    const r = await done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(130);
    expect((JSON.parse(r.stdout) as Report).variants[0]!.spans.map((s) => s.task)).toEqual(['first']);
    expect(existsSync(second)).toBe(false);
  });

  it('runs the functions in source order, not alphabetically', async () => {
    const path = file('.ts', 'export async function zebra() {}\nexport const mango = async () => {};\nexport async function apple() {}\n');
    const r = await runCli([path, '--variants', 'sequential', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Report;
    expect(doc.params.functions).toEqual(['zebra', 'mango', 'apple']);
    expect(doc.variants[0]!.spans.map((s) => s.task)).toEqual(['zebra', 'mango', 'apple']);
  });

  it('`export default { async b(){}, async a(){} }` in a .ts or .js outside an ESM package loads, in its own order', async () => {
    for (const ext of ['.ts', '.js']) {
      const path = file(ext, 'export default { async b() { return 1; }, async a() { return 2; } };\n');
      const r = await runCli([path, '--variants', 'sequential', '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as Report).params.functions).toEqual(['b', 'a']);
    }
  });
});

describe('sourceOrder', () => {
  it('places declarations, export lists and CommonJS assignments by position; keeps the rest in order after them', () => {
    const source = [
      'export { c, d as dee };',
      'export async function* gen() {}',
      'exports.cjs = 1;',
      'export const b = 1;',
    ].join('\n');
    expect(sourceOrder(['b', 'c', 'cjs', 'dee', 'gen', 'unknown', 'other'], source)).toEqual(['c', 'dee', 'gen', 'cjs', 'b', 'unknown', 'other']);
  });
});
