// Closed pipes: `asyncdemo all | head -1` and `asyncdemo list | head -1` end at once,
// quietly, without running the remaining demos. Spawned on the compiled dist/.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/spawn-bin.js';
import { pendingWork, spawnProbed } from './probe.js';

interface Piped {
  /** The CLI's exit code, as the shell saw it. */
  code: number;
  /** What `head -1` printed. */
  stdout: string;
  /** The CLI's stderr (head's stays empty). */
  stderr: string;
  ms: number;
}

/** Runs `asyncdemo <args> | head -1` through a real shell and reports the CLI's exit code on fd 3. */
function pipeToHead(args: string): Promise<Piped> {
  const started = performance.now();
  const child = spawn('sh', ['-c', `{ node bin/asyncdemo.js ${args}; echo $? >&3; } | head -1`], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let fd3 = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  (child.stdio[3] as Readable).setEncoding('utf8').on('data', (s: string) => (fd3 += s));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve({ code: Number(fd3.trim()), stdout, stderr, ms: performance.now() - started }));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'asyncdemo-pipes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The demos a Chrome Trace file holds (its process names are "<demo>: <variant>"). */
function tracedDemos(file: string): string[] {
  const trace = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: { name: string; args?: { name?: string } }[] };
  const names = trace.traceEvents.filter((e) => e.name === 'process_name').map((e) => e.args!.name!.split(':')[0]!);
  return [...new Set(names)];
}

describe.concurrent('closed pipes', () => {
  it('`asyncdemo list | head -1`: the first line, exit 0, nothing on stderr', async () => {
    const r = await pipeToHead('list');
    expect(r.stdout).toMatch(/^greet\s+\S/);
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('`asyncdemo all --scale 0.05 | head -1`: the first line, exit 0, nothing on stderr, well before `all` would end', async () => {
    const r = await pipeToHead('all --scale 0.05');
    expect(r.stdout).toMatch(/^greet — /);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The whole of `all` sleeps about 5 s at this scale; the reader leaving stops it at
    // greet's report, or at the latest at the next demo's (a closed pipe is only
    // noticed by a write, and head may still be reading the first one).
    expect(r.ms).toBeLessThan(4000);
  });

  it('`gather --count 200000 --json | head -1`: the reader leaves in the middle of a 20 MB report: exit 0, nothing on stderr', async () => {
    // The report is written a piece at a time, each after the last has drained: the
    // writer is waiting for 'drain' when head leaves, and must stop there, quietly.
    const r = await pipeToHead('gather --count 200000 --delay 1ms --variants gather --json');
    expect(r.stdout).toBe('{\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('a reader gone before the first report: `all` stops at that write; the next demo never starts', async () => {
    const trace = join(dir, 'all.trace.json');
    const { child, exit } = spawnProbed(['all', '--scale', '0.05', '--trace', trace]);
    // Our end of the pipe closes before the CLI writes anything: its first write fails.
    child.stdout!.destroy();
    const r = await exit;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.probe?.exitCalled).toBeNull();
    expect(pendingWork(r.probe!.active)).toEqual([]);
    // greet's title, written before it measures anything, met the closed pipe: greet
    // stopped there, and nothing after it started.
    expect(tracedDemos(trace)).toEqual([]);
  });
});
