// Issue 17 item 5: the CLI's edges. In-process where the program decides; spawned for
// what is about the process (a stdout that cannot be written).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { renderList } from '../../src/cli/render/list.js';
import { renderNarrationLine, renderReportHeader, renderVariantHeading } from '../../src/cli/render/report.js';
import { createStyle } from '../../src/cli/style.js';
import { demos } from '../../src/demos/index.js';
import { ROOT } from '../helpers/spawn-bin.js';

async function cli(argv: string[], tty?: { columns: number }) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: tty !== undefined, columns: tty?.columns },
    stderr: { write: (s: string) => (stderr += s) },
    env: { NO_COLOR: '1' },
  });
  return { code, stdout, stderr };
}

const style = createStyle({ isTTY: false, env: { NO_COLOR: '1' }, color: false });

describe('the CLI at its edges', () => {
  it('`help nope`: an unknown command, exit 2 (was the full help, exit 0)', async () => {
    const r = await cli(['help', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^asyncdemo: error: unknown command 'nope'\n/);
    expect((await cli(['help', 'gather'])).stdout).toContain('Usage: asyncdemo gather [options]');
  });

  it('common options before the demo name belong to the demo: `--scale 0.01 gather` runs gather at 0.01', async () => {
    const r = await cli(['--scale', '0.01', '--runs=1', 'gather', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ demo: 'gather', params: { scale: 0.01, runs: 1 } });
    // An option the command does not take still says so.
    expect((await cli(['--scale', '0.1', 'list'])).stderr).toContain("unknown option '--scale'");
  });

  it('--delay × --scale past the longest timer: exit 2 before running (was a RangeError mid-run, exit 1)', async () => {
    for (const demo of ['gather', 'greet', 'countdown', 'cpu']) {
      const r = await cli([demo, '--delay', '2147483647ms', '--scale', '1000']);
      expect(r.code, demo).toBe(2);
      expect(r.stdout, demo).toBe('');
      expect(r.stderr, demo).toMatch(/^asyncdemo: error: --delay 2147483647ms × --scale 1000 asks for waits of 2147483647000 ms, but a timer waits at most 2147483647 ms/);
    }
    // The default delay counts too: gather's 1 s × 1000 is fine, and so is the largest --delay alone.
    expect((await cli(['gather', '--delay', '2147483647ms', '--scale', '0.0000001', '--json'])).code).toBe(0);
  });

  it('the settings line wraps at the width instead of cutting, and durations carry units', () => {
    const params = { scale: 0.1, delay: 1000, count: 3, runs: 1, warmup: 0, variants: ['sequential', 'gather'], delayMs: 100, timeoutMs: 2000, names: ['Alice', 'Bob', 'Charlie'] };
    const lines = renderReportHeader({ demo: { name: 'gather', title: 'asyncio.gather' }, params, width: 40 }, style);
    expect(lines.slice(1)).toEqual([
      '  scale=0.1  delay=1s×0.1=100ms  count=3',
      '  runs=1  warmup=0',
      '  variants=sequential,gather  timeout=2s',
    ]);
    // The names follow from count and are said as each task starts (the JSON keeps them).
    expect(lines.join('\n')).not.toContain('Charlie');
    expect(lines.slice(1).every((l) => l.length <= 40)).toBe(true);
  });

  it('the settings line says none for an unset choice and names each wait with its unit', () => {
    const params = { fail: null, calls: [{ name: 'call 1', ms: 1000 }, { name: 'call 2', ms: 3000 }], nsPerIteration: 2.435722827911383, rate: 0.5 };
    const lines = renderReportHeader({ demo: { name: 'timeout', title: 't' }, params, width: 80 }, style);
    expect(lines.slice(1)).toEqual(['  fail=none  calls=call 1:1s,call 2:3s  nsPerIteration=2.436  rate=0.5']);
  });

  it('the title and a variant heading wrap between words at a narrow width (a 60-column terminal cut them mid-word)', () => {
    const title = 'asyncio.gather: run the greetings concurrently, fail-fast or settling every outcome';
    const head = renderReportHeader({ demo: { name: 'gather', title }, params: {}, width: 60 }, style);
    expect(head).toEqual(['gather — asyncio.gather: run the greetings concurrently,', '  fail-fast or settling every outcome']);
    const heading = renderVariantHeading({ name: 'sequential', summary: 'await each greeting in turn: a failure stops the loop' }, style, 40).split('\n');
    expect(heading).toEqual(['sequential  await each greeting in turn:', '  a failure stops the loop']);
    const said = renderNarrationLine({ at: 130, text: 'gather started the 4 tasks at once, but one thread ran them in turn' }, style, 50).split('\n');
    expect(said).toEqual(['  +0.130s gather started the 4 tasks at once, but', '    one thread ran them in turn']);
    // Without a width (the JSON-free callers that print no frame), one line as before.
    expect(renderVariantHeading({ name: 'a', summary: 'b c' }, style)).toBe('a  b c');
  });

  it('`list` fits a terminal by wrapping between words; on a pipe every demo stays one whole line', async () => {
    const entries = demos.map((d) => ({ name: d.name, title: d.title, variantNames: d.variantNames }));
    const piped = renderList(entries, style).split('\n');
    expect(piped).toHaveLength(demos.length);
    const narrow = renderList(entries, style, 60).split('\n');
    expect(narrow.every((l) => l.length <= 60)).toBe(true);
    // Nothing lost: the same words, in the same order.
    const words = (lines: string[]): string => lines.join(' ').split(/\s+/).filter(Boolean).join(' ');
    expect(words(narrow)).toBe(words(piped));
    // Through the program, a TTY's width is used.
    const r = await cli(['list'], { columns: 60 });
    expect(r.stdout.split('\n').every((l) => l.length <= 60)).toBe(true);
  });

  it('grammar with one: "1 worker takes", "the one request"; users read "the tutorial", not "the seed"', async () => {
    const r = await cli(['fetch-all', '--scale', '0.01', '--count', '1', '--concurrency', '1', '--json']);
    const summaries = (JSON.parse(r.stdout) as { variants: { summary: string }[] }).variants.map((v) => v.summary).join('\n');
    expect(summaries).toContain('1 worker takes the next URL');
    expect(summaries).toContain('the one request with gather');
    expect(summaries).not.toMatch(/1 worker take |all 1 at once/);
    const help = (await cli(['gather', '--help'])).stdout + (await cli(['explain', 'race'])).stdout;
    expect(help).not.toMatch(/\bseed\b/i);
  });
});

describe('a stdout that cannot be written (spawned)', () => {
  it.runIf(existsSync('/dev/full'))('`gather > /dev/full`: exit 1 and the reason on stderr (was exit 1, silent)', async () => {
    const child = spawn('sh', ['-c', 'node bin/asyncdemo.js gather --scale 0.01 > /dev/full'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^asyncdemo: error: cannot write to stdout: .*ENOSPC/m);
  });
});
