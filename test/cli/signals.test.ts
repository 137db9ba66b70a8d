// Spawns the real bin on the compiled dist/ and interrupts it, as a user's Ctrl-C would.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { delay, spawnBin } from '../helpers/spawn-bin.js';

// greet's sequential variant would take 3 × 10 s: only an interruption ends it early.
const LONG_RUN = ['greet', '--delay', '10s'];

async function interrupt(args: string[], signal: 'SIGINT' | 'SIGTERM') {
  const { child, exit, ready } = spawnBin(args, { watchSigint: true });
  await ready;
  await delay(500);
  const sentAt = Date.now();
  child.kill(signal);
  const r = await exit;
  return { ...r, ms: Date.now() - sentAt };
}

describe('signals', () => {
  it('SIGINT cancels the run: "Cancelling…" on stderr, the partial report on stdout, exit 130 at once', async () => {
    const r = await interrupt(LONG_RUN, 'SIGINT');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(2000);
    expect(r.stderr).toContain('Cancelling… (press Ctrl-C again to force)');
    expect(r.stdout).toContain('sequential');
    expect(r.stdout).toMatch(/interrupted/i);
  });

  it('SIGINT with --json: stdout is one report with "interrupted": true and the cancelled task', async () => {
    const r = await interrupt([...LONG_RUN, '--json'], 'SIGINT');
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(2000);
    const doc = JSON.parse(r.stdout) as { schema: string; interrupted: boolean; variants: { spans: { outcome: string }[] }[] };
    expect(doc.schema).toBe('asyncdemo.report/1');
    expect(doc.interrupted).toBe(true);
    expect(doc.variants[0]!.spans.map((s) => s.outcome)).toEqual(['cancelled']);
  });

  it('SIGTERM cancels the same way and exits 143', async () => {
    const r = await interrupt([...LONG_RUN, '--json'], 'SIGTERM');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(143);
    expect(r.ms).toBeLessThan(2000);
    expect((JSON.parse(r.stdout) as { interrupted: boolean }).interrupted).toBe(true);
  });

  it('SIGINT stops `all` at once too, with the summary of what finished', async () => {
    const r = await interrupt(['all', '--delay', '10s', '--json'], 'SIGINT');
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(2000);
    const doc = JSON.parse(r.stdout) as { schema: string; interrupted: boolean; reports: { demo: string }[] };
    expect(doc.schema).toBe('asyncdemo.summary/1');
    expect(doc.interrupted).toBe(true);
    expect(doc.reports.map((rep) => rep.demo)).toEqual(['greet']);
  });
});

describe('main() in-process', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('removes its SIGINT and SIGTERM listeners when done, and sets process.exitCode', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    await main(['--version']);
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
    expect(process.exitCode).toBe(0);
    expect(write).toHaveBeenCalledWith(expect.stringMatching(/^\d+\.\d+\.\d+\n$/));
  });

  it('sets exit code 2 for a usage error', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await main(['nope']);
    expect(process.exitCode).toBe(2);
  });
});
