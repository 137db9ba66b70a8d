import { describe, expect, it } from 'vitest';
import { MAX_HELP_WIDTH, helpWidth, reflowHelpText, termColumnWidth, wrapCommand, wrapUsage } from '../../../src/cli/render/help.js';

const widest = (text: string): number => Math.max(...text.split('\n').map((l) => [...l].length));

describe('helpWidth', () => {
  it('is the terminal width up to 100, and 80 on a pipe', () => {
    expect(helpWidth(60)).toBe(60);
    expect(helpWidth(80)).toBe(80);
    expect(helpWidth(200)).toBe(MAX_HELP_WIDTH);
    expect(helpWidth(undefined)).toBe(80);
  });
});

describe('termColumnWidth', () => {
  // The program's commands: `list [options]` … `compare [options] <before.json> <after.json>`.
  const terms = [14, 24, 20, 44];

  it('is the longest term where that takes at most 40% of the width and leaves the descriptions 20 columns', () => {
    expect(termColumnWidth(terms, 200)).toBe(44);
    expect(termColumnWidth([14, 24, 20, 30], 80)).toBe(30);
  });

  it('at 80 and 100, a term past 40% of the width goes on its own line: one long term does not narrow every description', () => {
    // At 80 compare's 44 left the 13 demos' titles 32 columns, most of them on 3 or 4 lines.
    expect(termColumnWidth(terms, 80)).toBe(24);
    expect(termColumnWidth(terms, 100)).toBe(24);
  });

  it('at 60, is the longest term that leaves 20: the longer one goes on its own line', () => {
    expect(termColumnWidth(terms, 60)).toBe(24);
    expect(60 - 4 - termColumnWidth(terms, 60)).toBeGreaterThanOrEqual(20);
  });
});

describe('wrapUsage', () => {
  const help = 'Usage: asyncdemo compare [options] <before.json> <after.json>\n\nCompares two reports.';

  it('wraps the usage line at words, under the command, and nothing else', () => {
    expect(wrapUsage(help, 40)).toBe('Usage: asyncdemo compare [options]\n       <before.json> <after.json>\n\nCompares two reports.');
  });

  it('leaves a usage line that fits (80, 200) as it is', () => {
    expect(wrapUsage(help, 80)).toBe(help);
    expect(wrapUsage(help, 200)).toBe(help);
  });
});

describe('wrapCommand', () => {
  const long = 'asyncdemo fetch-all --url http://127.0.0.1:8080/delay/0 --count 20000 --variants limited --concurrency 100';

  it('leaves a command that fits on one line', () => {
    expect(wrapCommand('asyncdemo gather --scale 0.1', 60)).toEqual(['  $ asyncdemo gather --scale 0.1']);
    expect(wrapCommand(long, 200)).toEqual([`  $ ${long}`]);
  });

  it('breaks before options, never between an option and its value, with a shell continuation', () => {
    const lines = wrapCommand(long, 60);
    expect(lines).toEqual([
      '  $ asyncdemo fetch-all \\',
      '      --url http://127.0.0.1:8080/delay/0 --count 20000 \\',
      '      --variants limited --concurrency 100',
    ]);
    expect(lines.every((l) => l.length <= 60)).toBe(true);
    // Pasted into a shell, the lines are the same command.
    expect(lines.map((l) => l.replace(/^ {2}\$ | +/, '').replace(/ \\$/, '')).join(' ').replace(/ +/g, ' ').trim()).toBe(long);
  });

  it('breaks before a pipe or a redirection, which keep what follows them', () => {
    expect(wrapCommand(`asyncdemo compare a.json b.json --max-regression 10 --export-markdown - >> "$GITHUB_STEP_SUMMARY"`, 60)).toEqual([
      '  $ asyncdemo compare a.json b.json --max-regression 10 \\',
      '      --export-markdown - >> "$GITHUB_STEP_SUMMARY"',
    ]);
    expect(wrapCommand(`asyncdemo all --scale 0.05 --json | jq '.reports[].speedups[0]'`, 60)).toEqual([
      '  $ asyncdemo all --scale 0.05 --json \\',
      "      | jq '.reports[].speedups[0]'",
    ]);
  });
});

describe('reflowHelpText', () => {
  const text = [
    '',
    'Paths:',
    '  /get',
    '  /fault/slow-headers/:s: answers after s seconds (UND_ERR_HEADERS_TIMEOUT with a shorter --timeout)',
    '',
    'Examples:',
    '  $ asyncdemo serve --port 8080',
    '',
    'Exit codes: 0 ok, 1 failure, 2 usage error, 3 below --min-speedup or beyond --max-regression, 130 interrupted (Ctrl-C), 143 terminated.',
    '',
  ].join('\n');

  it('fits every line in 60 and 80 columns, losing no word', () => {
    for (const width of [60, 80]) {
      const out = reflowHelpText(text, width);
      expect(widest(out), `at ${width}`).toBeLessThanOrEqual(width);
      expect(out.split(/\s+/).filter(Boolean)).toEqual(text.split(/\s+/).filter(Boolean));
    }
  });

  it('keeps headings, blank lines and short lines; wraps a long indented line with a hanging indent', () => {
    expect(reflowHelpText(text, 60).split('\n')).toEqual([
      '',
      'Paths:',
      '  /get',
      '  /fault/slow-headers/:s: answers after s seconds',
      '    (UND_ERR_HEADERS_TIMEOUT with a shorter --timeout)',
      '',
      'Examples:',
      '  $ asyncdemo serve --port 8080',
      '',
      'Exit codes: 0 ok, 1 failure, 2 usage error, 3 below',
      '--min-speedup or beyond --max-regression, 130 interrupted',
      '(Ctrl-C), 143 terminated.',
      '',
    ]);
  });

  it('is the text itself where everything fits (200), and keeps a paragraph written in lines that fit', () => {
    expect(reflowHelpText(text, 200)).toBe(text);
    const paragraph = '\nThe file: each function is a task.\nIt receives a signal.\n';
    expect(reflowHelpText(paragraph, 60)).toBe(paragraph);
  });
});
