/** An output stream for an in-process run: it keeps what is written, in `text`. */
export interface Sink {
  text: string;
  columns?: number;
  isTTY?: boolean;
  write(s: string): boolean;
}

/**
 * A stream that keeps what is written: stdout or stderr for `run(argv, io)` in a test.
 * `columns` and `isTTY` describe the terminal it stands for (none by default: a pipe).
 *
 * @example
 * const stdout = sink();
 * await run(['list'], { stdout, stderr: sink(), env: {} });
 * expect(stdout.text).toContain('gather');
 */
export function sink(terminal: { columns?: number; isTTY?: boolean } = {}): Sink {
  return {
    text: '',
    ...terminal,
    write(s: string) {
      this.text += s;
      return true;
    },
  };
}
