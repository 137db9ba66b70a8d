/**
 * Watching a run, as a person does: in a real pseudo-terminal (the live timeline), on a
 * pipe (plain lines as they happen), and through Ctrl-C. Real time, so every bound is
 * loose: these hold on a machine busy with other work.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT, spawnBin } from '../helpers/spawn-bin.js';
import { runInTerminal, screen } from '../helpers/terminal.js';

// eslint-disable-next-line no-control-regex
const ESCAPE = /\x1b/;

describe('in a terminal', () => {
  it('gather --delay 1s: mid-run, the narration so far above a growing bar; at the end, the summary and no progress line', async () => {
    const term = runInTerminal(['gather', '--delay', '1s', '--runs', '2']);
    await term.waitFor('Starting to greet Bob');
    // Let a frame or two be drawn after the narration line.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const mid = screen(term.output());
    const heading = mid.findIndex((l) => l.startsWith('sequential  '));
    expect(heading).toBeGreaterThan(0);
    const below = mid.slice(heading + 1);
    expect(below.slice(0, 4).map((l) => l.replace(/^ {2}\+\d\.\d{3}s /, ''))).toEqual([
      'Starting to greet Alice',
      'Done greeting Alice',
      'Hello, Alice!',
      'Starting to greet Bob',
    ]);
    // Then the frame: Alice's bar settled, Bob's running, the status line; nothing else.
    const alice = below.find((l) => l.startsWith('  Alice '));
    const bob = below.find((l) => l.startsWith('  Bob '));
    expect(alice).toMatch(/│█+/);
    expect(bob).toMatch(/│ +━+$/);
    expect(below.some((l) => / · 1 running · 1 ok$/.test(l))).toBe(true);
    expect(mid.join('\n')).not.toContain('greet Charlie');

    const r = await term.exit;
    expect(r.code).toBe(0);
    const end = screen(r.stdout);
    const text = end.join('\n');
    expect(text).toContain('Summary');
    expect(text).toMatch(/gather ran \d\.\d\d ± \d\.\d\d× faster than sequential/);
    // The second round ticked the progress line; none of it is left on the screen.
    expect(r.stdout).toContain('gather: run 2/2');
    expect(text).not.toContain('run 2/2');
    // Each variant's last frame stays, drawn once: no leftover frames above it.
    expect(end.filter((l) => l.includes('done in '))).toHaveLength(2);
    expect(end.filter((l) => / running/.test(l))).toEqual([]);
    expect(end.filter((l) => l.startsWith('  Starting to greet Alice') || l.endsWith('Starting to greet Alice'))).toHaveLength(2);
  });

  it('Ctrl-C mid-frame: exit 130, the frame finished with the cancelled task, no progress line, the partial report', async () => {
    const term = runInTerminal(['gather', '--delay', '1s']);
    await term.waitFor('Starting to greet Bob');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pressed = Date.now();
    term.type('\x03');
    const r = await term.exit;
    expect(r.code).toBe(130);
    // The live view never holds the cancellation up.
    expect(Date.now() - pressed).toBeLessThan(3000);
    const end = screen(r.stdout);
    const text = end.join('\n');
    expect(text).toContain('Cancelling…');
    const bob = end.filter((l) => l.startsWith('  Bob '));
    // Bob's row in the live frame and in the final timeline: both cancelled, not running.
    expect(bob.length).toBeGreaterThanOrEqual(1);
    for (const row of bob) expect(row).toMatch(/│ +░*⊘$/);
    expect(text).toMatch(/interrupted at \+\d\.\d{3}s · 1 ok · 1 cancelled/);
    expect(end.filter((l) => / running/.test(l))).toEqual([]);
    expect(text).toContain('Interrupted: partial results');
    expect(text).not.toMatch(/gather: (run|warm-up) \d/);
  });

  it('Ctrl-C while the progress line ticks: the line is cleared, not left beside "Cancelling…"', async () => {
    const term = runInTerminal(['gather', '--scale', '0.3', '--runs', '3']);
    await term.waitFor('gather: run 2/3');
    term.type('\x03');
    const r = await term.exit;
    expect(r.code).toBe(130);
    const text = screen(r.stdout).join('\n');
    expect(text).toContain('Cancelling…');
    expect(text).not.toMatch(/gather: (run|warm-up) \d/);
    expect(text).toContain('Interrupted: partial results');
  });
});

describe('on a pipe', () => {
  it('lines arrive as they are said, plain text, no escape sequence', async () => {
    const started = performance.now();
    const { child, exit } = spawnBin(['gather', '--delay', '1s']);
    const arrivals: { at: number; line: string }[] = [];
    let partial = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const at = performance.now() - started;
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop()!;
      for (const line of lines) arrivals.push({ at, line });
    });
    const r = await exit;
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ESCAPE);
    const first = (word: string): number => arrivals.find((a) => a.line.includes(word))!.at;
    const t0 = arrivals[0]!.at;
    // Alice's first line comes with the title; Charlie's a good 2 s later (the
    // sequential variant starts him at +2 s); the numbers only at the end.
    expect(first('Alice') - t0).toBeLessThan(700);
    expect(first('greet Charlie') - first('Alice')).toBeGreaterThan(1800);
    expect(first('Summary') - first('Alice')).toBeGreaterThan(3500);
  });

  it('| head -3 ends long before the run would', async () => {
    const started = performance.now();
    const sh = spawn('sh', ['-c', `'${process.execPath}' bin/asyncdemo.js gather --delay 2 | head -3`], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    sh.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    const code = await new Promise<number | null>((resolve) => sh.on('close', resolve));
    const took = performance.now() - started;
    expect(code).toBe(0);
    expect(out.split('\n')).toHaveLength(4);
    expect(out).toMatch(/^gather — /);
    // The whole run is 8 s (three greetings of 2 s in turn, then all three at once); the
    // CLI learns that head is gone at its next write, when Alice is done at +2 s.
    expect(took).toBeLessThan(6000);
  });

  it('a reader that leaves mid-run (sed …q) ends the run at the next line, not at its end', async () => {
    // sed quits on Alice's "Done" line at +2 s; "Hello, Alice!" follows at once and finds
    // the pipe closed. (A pipe found closed by a variant's heading, the race head -3 can
    // land on, is covered on the fake clock in test/core/measure.test.ts.)
    const started = performance.now();
    const sh = spawn('sh', ['-c', `'${process.execPath}' bin/asyncdemo.js gather --delay 2 | sed '/Done greeting Alice/q'`], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    sh.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    const code = await new Promise<number | null>((resolve) => sh.on('close', resolve));
    const took = performance.now() - started;
    expect(code).toBe(0);
    expect(out).toMatch(/Done greeting Alice\n$/);
    expect(took).toBeGreaterThan(1900);
    expect(took).toBeLessThan(6000);
  });
});
