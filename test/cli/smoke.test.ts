// Spawns the real bin on the compiled dist/ (`npm test` builds it first).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demos } from '../../src/demos/index.js';
import { ROOT, runBin, spawnBin } from '../helpers/spawn-bin.js';

const version = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version;

describe('the asyncdemo bin', () => {
  it('--help: usage and examples on stdout, exit 0', async () => {
    const r = await runBin(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: asyncdemo /);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toMatch(/list\s/);
    expect(r.stdout).toMatch(/all\s/);
    expect(r.stdout).toMatch(/serve\s/);
  });

  it("--version prints package.json's version", async () => {
    const r = await runBin(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });

  it('an unknown command exits 2 with one error line and a hint, nothing on stdout', async () => {
    const r = await runBin(['nope']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^asyncdemo: error: unknown command 'nope'\n/);
    expect(r.stderr).toContain("Try 'asyncdemo --help'.");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('list names every demo in the registry, exit 0', async () => {
    const r = await runBin(['list']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const demo of demos) expect(r.stdout).toContain(demo.name);
  });

  it('a stdout closed after the first chunk (`| head -1`) ends the run at once, exit 0, nothing on stderr', async () => {
    // `all` would run for a while; closing its stdout must stop it at the next write.
    const args = demos.length > 0 ? ['all', '--scale', '0.05'] : ['list'];
    const { child, exit } = spawnBin(args);
    const started = Date.now();
    let closedAt = 0;
    child.stdout!.once('data', () => {
      closedAt = Date.now();
      child.stdout!.destroy();
    });
    const r = await exit;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.signal).toBeNull();
    if (closedAt > 0) expect(Date.now() - closedAt).toBeLessThan(5000);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
