import { describe, expect, it } from 'vitest';
import { InterruptError } from '../../src/cli/exit-codes.js';
import { run, type CliIO } from '../../src/cli/program.js';
import { FakeClock, flush } from '../helpers/fake-clock.js';

/** A stream that keeps what is written, each write apart, shaped like a terminal or a pipe. */
function sink(tty: boolean) {
  return {
    writes: [] as string[],
    get text(): string {
      return this.writes.join('');
    },
    write(s: string) {
      this.writes.push(s);
      return true;
    },
    isTTY: tty,
    columns: tty ? 100 : undefined,
    rows: tty ? 40 : undefined,
  };
}

function setup({ tty }: { tty: boolean }) {
  const clock = new FakeClock();
  const stdout = sink(tty);
  const stderr = sink(tty);
  const controller = new AbortController();
  const io: CliIO = { stdout, stderr, env: {}, clock, signal: controller.signal };
  return { clock, stdout, stderr, controller, io };
}

/* eslint-disable no-control-regex -- these tests are about escape sequences */
const ESCAPE = /\x1b/;
/** A redraw: up over the frame it replaces, to the line start, clear to the end of the screen. */
const ERASE = /\x1b\[\d+A\r\x1b\[J/;
/* eslint-enable no-control-regex */

describe('narration as it happens', () => {
  it('on a pipe: each line is written when it is said, under its heading, in plain text', async () => {
    const { clock, stdout, stderr, io } = setup({ tty: false });
    const done = run(['gather', '--delay', '1s'], io);
    await clock.advanceTo(500);
    expect(stdout.text).toContain('gather — ');
    expect(stdout.text).toContain('\nsequential  await each greeting in turn');
    expect(stdout.text).toContain('  +0.000s Starting to greet Alice\n');
    expect(stdout.text).not.toContain('Done greeting Alice');
    await clock.advanceTo(1500);
    expect(stdout.text).toContain('  +1.000s Done greeting Alice\n');
    expect(stdout.text).toContain('  +1.000s Starting to greet Bob\n');
    expect(stdout.text).not.toContain('greet Charlie');
    // The numbers only come at the end.
    expect(stdout.text).not.toContain('Time');
    expect(await clock.run(done)).toBe(0);
    const text = stdout.text;
    // Every narration line once, the stats after the last variant's narration.
    expect(text.match(/Starting to greet Alice/g)).toHaveLength(2);
    expect(text.indexOf('Summary')).toBeGreaterThan(text.lastIndexOf('Hello, Charlie!'));
    expect(text.indexOf('\n  Time')).toBeGreaterThan(text.lastIndexOf('Hello, Charlie!'));
    expect(text).not.toMatch(ESCAPE);
    expect(stderr.text).toBe('');
  });

  it('past 20 lines, the rest are counted when the variant ends, and its last line is shown', async () => {
    const { clock, stdout, io } = setup({ tty: false });
    // 13 items through one worker: 13 takes, 8 waits for room, and two closing lines.
    const done = run(['queue', '--variants', 'one-worker', '--count', '13'], io);
    await clock.advanceTo(2000);
    const early = stdout.text;
    expect(early).toContain('  +0.100s the worker takes item 1 (0 left in the queue)\n');
    expect(early).toContain('queue full (3 of 3): the producer waits to put item 6\n');
    expect(early).not.toContain('more line');
    expect(await clock.run(done)).toBe(0);
    const narration = stdout.text.split('\none-worker  ')[1]!.split('\n\n')[0]!.split('\n').slice(1);
    expect(narration).toHaveLength(20 + 2);
    expect(narration.slice(-2)).toEqual(['  … 2 more lines', '  +5.300s all 13 items processed at +5.30s']);
  });

  it('--json and --quiet write only at the end, as before', async () => {
    for (const flag of ['--json', '--quiet']) {
      const { clock, stdout, io } = setup({ tty: true });
      const done = run(['gather', '--delay', '1s', flag], io);
      await clock.advanceTo(3500);
      expect(stdout.text).toBe('');
      expect(await clock.run(done)).toBe(0);
      expect(stdout.text).not.toBe('');
      if (flag === '--json') {
        const doc = JSON.parse(stdout.text) as { variants: { narration?: unknown[]; spans: unknown[] }[] };
        expect(doc.variants[0]!.spans).toHaveLength(3);
      }
    }
  });
});

describe('the live timeline on a terminal', () => {
  it('grows beneath the narration and stays as the final picture of each variant', async () => {
    const { clock, stdout, stderr, io } = setup({ tty: true });
    const done = run(['gather', '--delay', '1s', '--no-color'], io);
    await clock.advanceTo(1700);
    const mid = stdout.text;
    expect(mid).toContain('Starting to greet Bob');
    expect(mid).toContain('━');
    expect(mid.lastIndexOf('━')).toBeGreaterThan(mid.lastIndexOf('Starting to greet Bob'));
    expect(await clock.run(done)).toBe(0);
    // Each redraw moves up over exactly the frame it replaces and clears below it.
    const text = stdout.text;
    expect(text).toMatch(ERASE);
    expect(text).toContain('  done in 3.000 s · 3 ok\n');
    expect(text).toContain('  done in 1.000 s · 3 ok\n');
    expect(text.indexOf('Summary')).toBeGreaterThan(text.lastIndexOf('done in 1.000 s'));
    // No progress line for a round that is shown live.
    expect(stderr.text).toBe('');
  });

  it('--no-live: the same narration as it happens, no frame and no cursor movement', async () => {
    const { clock, stdout, io } = setup({ tty: true });
    const done = run(['gather', '--delay', '1s', '--no-color', '--no-live'], io);
    await clock.advanceTo(1500);
    expect(stdout.text).toContain('  +1.000s Starting to greet Bob\n');
    expect(await clock.run(done)).toBe(0);
    expect(stdout.text).not.toMatch(ESCAPE);
    expect(stdout.text).not.toContain('━');
  });

  it('TERM=dumb: a terminal that cannot move its cursor gets the narration as it happens, no frame, no progress line', async () => {
    const { clock, stdout, stderr, io } = setup({ tty: true });
    io.env = { TERM: 'dumb' };
    const done = run(['gather', '--delay', '1s', '--runs', '2'], io);
    await clock.advanceTo(1500);
    expect(stdout.text).toContain('  +1.000s Starting to greet Bob\n');
    expect(await clock.run(done)).toBe(0);
    // Cursor-up and clear-line codes would be printed as text there, frame after frame.
    expect(stdout.text).not.toMatch(ESCAPE);
    expect(stderr.text).not.toMatch(ESCAPE);
    expect(stdout.text).not.toContain(' running');
    // The final timeline is still drawn, in ASCII.
    expect(stdout.text).toMatch(/\n {2}Alice +\|#+/);
  });

  it('an interruption erases the frame before the "Cancelling" message, then draws it with the cancelled task', async () => {
    const { clock, stdout, controller, io } = setup({ tty: true });
    const done = run(['gather', '--delay', '1s', '--no-color'], io);
    await clock.advanceTo(1500);
    const before = stdout.writes.length;
    controller.abort(new InterruptError('SIGINT'));
    // Synchronously, within abort(): the frame is gone before anyone writes below it.
    expect(stdout.writes.length).toBe(before + 1);
    expect(stdout.writes.at(-1)).toMatch(ERASE);
    expect(stdout.writes.at(-1)!.replace(ERASE, '')).toBe('');
    await flush();
    expect(await clock.run(done)).toBe(130);
    const after = stdout.writes.slice(before + 1).join('');
    expect(after).toContain('░⊘');
    expect(after).toContain('interrupted at +1.500s · 1 ok · 1 cancelled');
    expect(after).toContain('Interrupted: partial results');
    // The final frame is drawn afresh, never by moving over what came after the erase.
    expect(after.split('Interrupted: partial results')[0]).not.toMatch(ERASE);
  });
});
