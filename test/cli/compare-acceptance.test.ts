import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/cli/report-json.js';
import { spawnBin } from '../helpers/spawn-bin.js';

// Issue 13's acceptance, on the built CLI: an experiment whose two functions each wait
// EXP_MS, gated against a baseline. 100 ms rather than 50, and a 60% gate rather than
// the acceptance's 25% (which failed once here at load ~5 on 2 cores), keep a loaded
// machine's noise well away from the gate, while twice as slow (+100%) stays beyond it.
const EXPERIMENT = `
const wait = (signal: AbortSignal) => new Promise<void>((resolve, reject) => {
  const timer = setTimeout(resolve, Number(process.env.EXP_MS));
  signal.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason as Error); }, { once: true });
});
export const first = (signal: AbortSignal) => wait(signal);
export const second = (signal: AbortSignal) => wait(signal);
`;

describe('compare and --baseline on `run` (spawned)', () => {
  it('same speed passes --max-regression 60, twice as slow exits 3, and compare shows the 2×', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asyncdemo-accept-'));
    const exp = join(dir, 'exp.ts');
    writeFileSync(exp, EXPERIMENT);
    const base = join(dir, 'base.json');
    const slow = join(dir, 'slow.json');

    const first = await spawnBin(['run', exp, '--runs', '3', '--json'], { env: { EXP_MS: '100' } }).exit;
    expect(first.code).toBe(0);
    writeFileSync(base, first.stdout);

    const same = await spawnBin(['run', exp, '--runs', '3', '--baseline', base, '--max-regression', '60'], { env: { EXP_MS: '100' } }).exit;
    expect(same.stderr).toBe('');
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('Compared with');

    const slower = await spawnBin(['run', exp, '--runs', '3', '--baseline', base, '--max-regression', '60', '--json'], { env: { EXP_MS: '200' } }).exit;
    expect(slower.code).toBe(3);
    expect(slower.stderr).toMatch(/^asyncdemo: regressed beyond --max-regression 60% against .*base\.json: exp\.ts sequential \+\d+\.\d% \(p [<=] [\d.]+\)/);
    expect(slower.stderr.split('\n')).toHaveLength(2); // one line and its newline
    writeFileSync(slow, slower.stdout);
    expect((JSON.parse(slower.stdout) as JsonReport).comparison?.regressions.length).toBeGreaterThan(0);

    const c = await spawnBin(['compare', base, slow, '--no-color']).exit;
    expect(c.code).toBe(0);
    const ratio = Number(/sequential\s+\S+ ms\s+\S+ ms\s+(\d\.\d\d)× slower/.exec(c.stdout)?.[1]);
    expect(ratio).toBeGreaterThan(1.6);
    expect(ratio).toBeLessThan(2.4);
  }, 60_000);

  it('--export-markdown writes a markdown table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asyncdemo-accept-'));
    const exp = join(dir, 'exp.ts');
    writeFileSync(exp, EXPERIMENT);
    const md = join(dir, 'r.md');
    const r = await spawnBin(['run', exp, '--export-markdown', md], { env: { EXP_MS: '20' } }).exit;
    expect(r.code).toBe(0);
    expect(existsSync(md)).toBe(true);
    const lines = readFileSync(md, 'utf8').split('\n');
    expect(lines[0]).toBe('### exp.ts');
    // One run (run's default): a time, never called a median, with no spread or range.
    expect(lines).toContain('| Variant | Time [ms] | Relative |');
    expect(lines.filter((l) => /^\| `(sequential|concurrent|limited)` \| \d+\.\d \|/.test(l))).toHaveLength(3);
    expect(lines.some((l) => / ran \d+\.\d\d× (faster|slower) than sequential/.test(l))).toBe(true);
  }, 30_000);
});
