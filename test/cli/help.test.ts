// Every command's help at the widths people use: a teacher's split screen (60), the
// default (80), a wide terminal (200). In-process, the terminal stood for by its width.
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { demos } from '../../src/demos/index.js';
import { sink } from '../helpers/sink.js';

const COMMANDS = [[], ...['list', 'explain', 'all', 'run', 'schema', 'compare', 'serve', ...demos.map((d) => d.name)].map((c) => [c])];

async function help(command: string[], columns: number | undefined, env: Record<string, string> = {}): Promise<string> {
  const stdout = sink(columns === undefined ? {} : { columns, isTTY: true });
  const stderr = sink();
  expect(await run([...command, '--help'], { stdout, stderr, env })).toBe(0);
  expect(stderr.text).toBe('');
  return stdout.text;
}

const overflowing = (text: string, width: number): string[] => text.split('\n').filter((l) => [...l].length > width);

describe('help at any width', () => {
  it.each([60, 80])('fits %i columns, for every command', async (width) => {
    for (const command of COMMANDS) {
      expect(overflowing(await help(command, width), width), `asyncdemo ${command.join(' ')} --help`).toEqual([]);
    }
  });

  it('never ends a line on a number whose unit starts the next (race at 80: "… 3" then "s of work")', async () => {
    const split: string[] = [];
    for (const width of [60, 80, 100]) {
      for (const command of COMMANDS) {
        const lines = (await help(command, width)).split('\n');
        for (const [i, line] of lines.entries()) {
          if (/\d$/.test(line) && /^\s*(ms|s|µs|×|%)\b/.test(lines[i + 1] ?? '')) split.push(`${width} ${command.join(' ')}: ${line.trim()} / ${lines[i + 1]!.trim()}`);
        }
      }
    }
    expect(split).toEqual([]);
  });

  it('is laid out at 100 columns at most on a 200-column terminal, and at 80 on a pipe', async () => {
    for (const command of COMMANDS) {
      const wide = await help(command, 200);
      expect(overflowing(wide, 100), `asyncdemo ${command.join(' ')} --help`).toEqual([]);
      expect(overflowing(await help(command, undefined), 80)).toEqual([]);
    }
    // Room is used: the top-level paragraph is not wrapped at 80 on a wide terminal.
    expect(await help([], 200)).toContain('A playground for async patterns: the same work run one after another and concurrently, with real\n');
  });

  it('at 60 and 80, gives the program\'s one long command term its own line instead of squeezing every description', async () => {
    const text = await help([], 60);
    expect(text).toContain('  compare [options] <before.json> <after.json>\n                            compare two --json reports: per\n');
    expect(text).toContain('  list [options]            list the demos, one line each\n');
    // At 80 compare's 44 columns left every demo's title 32, most on three or four lines.
    const at80 = await help([], 80);
    expect(at80).toContain('  compare [options] <before.json> <after.json>\n                            compare two --json reports: per variant\n');
    expect(at80).toContain("  greet [options]           async/await basics: greet() awaited in turn, or all\n                            called first and then awaited\n");
  });

  it('reads COLUMNS on a pipe, and lets it narrow a terminal but not widen it', async () => {
    expect(overflowing(await help(['compare'], undefined, { COLUMNS: '60' }), 60)).toEqual([]);
    expect(overflowing(await help(['compare'], 200, { COLUMNS: '60' }), 60)).toEqual([]);
    expect(overflowing(await help(['compare'], 60, { COLUMNS: '200' }), 60)).toEqual([]);
  });

  it("on a pipe whose stderr is a terminal (`--help | less`), is laid out at that terminal's width", async () => {
    const stdout = sink();
    expect(await run(['compare', '--help'], { stdout, stderr: sink({ columns: 60, isTTY: true }), env: {} })).toBe(0);
    expect(overflowing(stdout.text, 60)).toEqual([]);
    expect(overflowing(stdout.text, 59)).not.toEqual([]);
  });

  it('shown on stderr (no command given), fits the width of stderr', async () => {
    const stderr = sink({ columns: 60, isTTY: true });
    expect(await run([], { stdout: sink(), stderr, env: {} })).toBe(2);
    expect(stderr.text).toContain('Commands:');
    expect(overflowing(stderr.text, 60)).toEqual([]);
  });

  it("keeps serve's paths whole: each path and its help, wrapped under it", async () => {
    const text = await help(['serve'], 60);
    expect(text).toContain('  /fault/slow-headers/:s: answers after s seconds\n    (UND_ERR_HEADERS_TIMEOUT with a shorter --timeout)\n');
    expect(text).toContain('  /delay/:seconds (0 to 10; 250ms also works)\n');
  });
});
