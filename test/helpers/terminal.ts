import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT, type Exit } from './spawn-bin.js';

/**
 * The screen a terminal would show for `output`, for the subset of escape sequences the
 * CLI writes: SGR colours (dropped), cursor up (`ESC[nA`), clear to the end of the
 * screen (`ESC[J`), clear the line (`ESC[2K`), carriage return and newline. Enough to
 * tell what a person sees after frames were drawn over one another.
 *
 * @example
 * screen('a\nb\n\x1b[1A\r\x1b[Jc\n'); // ['a', 'c', '']
 */
export function screen(output: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  const put = (text: string): void => {
    const line = lines[row]!.padEnd(col, ' ');
    lines[row] = line.slice(0, col) + text + line.slice(col + text.length);
    col += text.length;
  };
  // eslint-disable-next-line no-control-regex
  const tokens = output.match(/\x1b\[[0-9;?]*[A-Za-z]|\r|\n|[^\x1b\r\n]+|\x1b/g) ?? [];
  for (const token of tokens) {
    if (token === '\r') col = 0;
    else if (token === '\n') {
      row++;
      if (row === lines.length) lines.push('');
    } else if (token.startsWith('\x1b[')) {
      const n = Number(token.slice(2, -1)) || 1;
      const op = token.at(-1);
      if (op === 'A') row = Math.max(0, row - n);
      else if (op === 'J') {
        lines[row] = lines[row]!.slice(0, col);
        lines.length = row + 1;
      } else if (op === 'K') lines[row] = token === '\x1b[2K' ? '' : lines[row]!.slice(0, col);
    } else if (token !== '\x1b') put(token);
  }
  return lines;
}

/** A CLI run in a pseudo-terminal: what it wrote so far, the screen, and how it ended. */
export interface InTerminal {
  child: ChildProcess;
  /** Everything written to the terminal so far (stdout and stderr together, as a terminal has them). */
  output(): string;
  /** Resolves once the output contains `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** Types into the terminal (`\x03` is Ctrl-C). */
  type(keys: string): void;
  exit: Promise<Exit>;
}

/**
 * Runs `node bin/asyncdemo.js …args` in a real pseudo-terminal of `cols`×`rows`, made by
 * util-linux `script` (`-e` passes the exit code through; `exec` makes the CLI the
 * terminal's foreground process, so Ctrl-C reaches it as it would from a shell).
 */
export function runInTerminal(args: string[], { cols = 100, rows = 40, env = {} }: { cols?: number; rows?: number; env?: Record<string, string> } = {}): InTerminal {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const command = `stty cols ${cols} rows ${rows}; exec '${process.execPath}' bin/asyncdemo.js ${quoted}`;
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, TERM: 'xterm-256color', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    out += s;
    for (const check of waiters) check();
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
  const exit = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err }));
  });
  return {
    child,
    output: () => out,
    waitFor: (text, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${JSON.stringify(text)} in the terminal after ${timeoutMs} ms; it shows:\n${screen(out).join('\n')}`));
        }, timeoutMs);
        const check = (): void => {
          if (!out.includes(text)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
    type: (keys) => void child.stdin.write(keys),
    exit,
  };
}
