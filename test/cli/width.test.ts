import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { effectiveColumns, sized, terminalIO, wrappingLines } from '../../src/cli/width.js';
import { glueUnits, wrap, wrapStyled } from '../../src/cli/render/text.js';
import { sink } from '../helpers/sink.js';

describe('effectiveColumns', () => {
  it("is the terminal's width, or COLUMNS on a pipe", () => {
    expect(effectiveColumns(60, {})).toBe(60);
    expect(effectiveColumns(200, {})).toBe(200);
    expect(effectiveColumns(undefined, {})).toBeUndefined();
    expect(effectiveColumns(undefined, { COLUMNS: '60' })).toBe(60);
  });

  it('lets COLUMNS narrow a terminal, never widen it (the live view counts the rows it drew)', () => {
    expect(effectiveColumns(200, { COLUMNS: '60' })).toBe(60);
    expect(effectiveColumns(60, { COLUMNS: '200' })).toBe(60);
  });

  it('ignores a COLUMNS that is not a width', () => {
    for (const bad of ['', 'abc', '0', '-5', '6.5']) expect(effectiveColumns(80, { COLUMNS: bad }), bad).toBe(80);
    expect(effectiveColumns(0, {})).toBeUndefined();
  });

  it('is read afresh by a sized stream, which follows a resize', () => {
    const terminal = { columns: 100, isTTY: true, rows: 30, write: () => true };
    const stream = sized(terminal, { COLUMNS: '80' });
    expect([stream.columns, stream.rows, stream.isTTY]).toEqual([80, 30, true]);
    terminal.columns = 60;
    expect(stream.columns).toBe(60);
  });
});

describe('wrapStyled', () => {
  const line = "asyncdemo: error: option '--count <n>' argument 'abc' is invalid. Must be an integer from 1 to 1000000.";

  it('wraps at words, continuation lines indented two, losing no word', () => {
    expect(wrapStyled(line, 60)).toEqual(["asyncdemo: error: option '--count <n>' argument 'abc' is", '  invalid. Must be an integer from 1 to 1000000.']);
    expect(wrapStyled(line, 80).every((l) => l.length <= 80)).toBe(true);
    expect(wrapStyled(line, 200)).toEqual([line]);
  });

  it("keeps an indented line's indent, and a word longer than the room whole", () => {
    expect(wrapStyled('  a b c', 4)).toEqual(['  a', '    b', '    c']);
    expect(wrapStyled('see http://127.0.0.1:1/a-very-long-path now', 20)).toEqual(['see', '  http://127.0.0.1:1/a-very-long-path', '  now']);
  });
});

describe('wrappingLines (stderr)', () => {
  const long = 'asyncdemo: ECONNREFUSED: 6 requests failed (sequential, concurrent, limited), e.g. GET http://127.0.0.1:1/x: connection refused\n';

  it('wraps each line to a terminal\'s width', () => {
    const out = sink({ columns: 60, isTTY: true });
    wrappingLines(out).write(long);
    expect(out.text.split('\n').every((l) => l.length <= 60)).toBe(true);
    expect(out.text.replace(/\n {2}/g, ' ')).toBe(long);
  });

  it('leaves a pipe one line per message, and a progress line (carriage return, escapes) untouched', () => {
    const pipe = sink();
    wrappingLines(pipe).write(long);
    expect(pipe.text).toBe(long);
    const tty = sink({ columns: 20, isTTY: true });
    const progress = '\r\u001b[2Kgather: run 2/3 · sequential…';
    wrappingLines(tty).write(progress);
    expect(tty.text).toBe(progress);
  });
});

describe('failure lines on stderr through the program', () => {
  const cases = [
    ['gather', '--count', 'abc'],
    ['gather', '--variants', 'nope,seq'],
    ['limit', '--concurrency', 'many'],
  ];

  it.each(cases)('%s %s %s: wrapped at 60 columns on a terminal, one line on a pipe', async (...argv) => {
    const tty = sink({ columns: 60, isTTY: true });
    expect(await run(argv, { stdout: sink(), stderr: tty, env: {} })).toBe(2);
    expect(tty.text.split('\n').filter((l) => l.length > 60)).toEqual([]);
    const pipe = sink();
    await run(argv, { stdout: sink(), stderr: pipe, env: {} });
    expect(pipe.text.split('\n')[0]!.length).toBeGreaterThan(60);
    expect(tty.text.replace(/\n {2}/g, ' ')).toBe(pipe.text);
  });

  it('forwards whatever else a stream offers (a drain hook, a flag), bound to the stream', () => {
    let drained = 0;
    const stream = {
      text: '',
      isTTY: true,
      columns: 60,
      writableNeedDrain: true,
      write(s: string) {
        this.text += s;
        return false;
      },
      once(event: string, listener: () => void) {
        if (event === 'drain' && this.writableNeedDrain) listener();
      },
    };
    const io = terminalIO({ stdout: stream, stderr: stream, env: {} });
    for (const out of [io.stdout, io.stderr] as (typeof stream)[]) {
      expect(out.writableNeedDrain).toBe(true);
      out.once('drain', () => drained++);
      expect(out.write('x\n')).toBe(false);
    }
    expect(drained).toBe(2);
    expect(stream.text).toBe('x\nx\n');
  });

  it('keeps stdin lazy: terminalIO reads it only when read', () => {
    let reads = 0;
    const io = terminalIO({
      stdout: sink(),
      stderr: sink(),
      env: {},
      get stdin() {
        reads++;
        return undefined;
      },
    });
    expect(reads).toBe(0);
    void io.stdin;
    expect(reads).toBe(1);
  });
});

describe('units stay on their number', () => {
  it('glueUnits joins a unit (and its punctuation) to the number before it, nothing else', () => {
    expect(glueUnits(['finished', 'at', '2.6', 'ms'])).toEqual(['finished', 'at', '2.6 ms']);
    expect(glueUnits(['took', '1.5', 's,', 'then', '3.00', '×'])).toEqual(['took', '1.5 s,', 'then', '3.00 ×']);
    expect(glueUnits(['ms', 'is', 'a', 'unit'])).toEqual(['ms', 'is', 'a', 'unit']);
    expect(glueUnits(['task', 's'])).toEqual(['task', 's']);
    expect(glueUnits(['noise,', '(p', '=', '0.43)'])).toEqual(['noise,', '(p = 0.43)']);
    expect(glueUnits(['2.00', '±', '0.05×', 'faster'])).toEqual(['2.00 ± 0.05×', 'faster']);
  });

  it('wrap and wrapStyled never end a line on a number whose unit starts the next', () => {
    const text = 'sequential: every task failed (2 tasks); it finished at 2.6 ms';
    expect(wrap(text, 58)).toEqual(['sequential: every task failed (2 tasks); it finished at', '2.6 ms']);
    expect(wrapStyled(`    ${text}`, 60)).toEqual(['    sequential: every task failed (2 tasks); it finished at', '      2.6 ms']);
  });
});
