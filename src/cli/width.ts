/**
 * How wide the CLI draws: the terminal's width, narrowed by `COLUMNS` when the user sets
 * it (as `ls` and Python's `shutil.get_terminal_size` read it), and `COLUMNS` alone on a
 * pipe, where there is no terminal to ask. Renderers never read this: they take a width.
 */
import type { CliIO, OutStream } from './io.js';
import { wrapStyled } from './render/text.js';

/**
 * The width to draw at, from the terminal's own width (undefined on a pipe) and the
 * environment. `COLUMNS` (a whole number from 1 up) narrows a terminal, never widens it:
 * a terminal wraps a longer line itself, and the live view, which erases what it drew by
 * counting rows, would then erase the wrong ones. On a pipe `COLUMNS` is the width;
 * without it, undefined (each caller keeps its pipe default: 80 for help and reports,
 * whole lines for `list` and the summary table).
 *
 * @example
 * effectiveColumns(200, { COLUMNS: '60' }); // 60
 * effectiveColumns(60, { COLUMNS: '200' }); // 60
 * effectiveColumns(undefined, { COLUMNS: '60' }); // 60 (a pipe)
 * effectiveColumns(undefined, {}); // undefined
 */
export function effectiveColumns(terminal: number | undefined, env: Record<string, string | undefined>): number | undefined {
  const actual = terminal !== undefined && Number.isFinite(terminal) && terminal > 0 ? Math.floor(terminal) : undefined;
  const asked = parseColumns(env.COLUMNS);
  if (asked === undefined) return actual;
  return actual === undefined ? asked : Math.min(asked, actual);
}

/** `COLUMNS` as a width, or undefined when unset or not a whole number ≥ 1 (`COLUMNS=abc` is ignored, not an error). */
function parseColumns(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}

/**
 * `stream` as the CLI sees it: the same stream, every member forwarded to it (its writes,
 * TTY flag, rows, and whatever else it offers), but `columns` from
 * {@link effectiveColumns}, asked afresh at each read (a terminal's size follows a resize).
 *
 * @example
 * const stdout = sized(process.stdout, process.env);
 * stdout.columns; // 60 under COLUMNS=60, even on a pipe
 */
export function sized(stream: OutStream, env: Record<string, string | undefined>): OutStream {
  return overlay(stream, { columns: () => effectiveColumns(stream.columns, env) });
}

/**
 * `target` with some members computed anew (`get`, read at each access) and everything
 * else forwarded to it, methods bound to it: a member the stream gains later (a drain
 * hook, a flag) passes through without this file knowing of it.
 */
function overlay<T extends object>(target: T, get: Partial<Record<keyof T, () => unknown>>): T {
  return new Proxy(target, {
    get(t, prop) {
      const own = (get as Record<PropertyKey, (() => unknown) | undefined>)[prop];
      if (own !== undefined) return own();
      const value: unknown = Reflect.get(t, prop, t);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(t) : value;
    },
  });
}

/**
 * `stream` with every line it is given wrapped at words to its width, continuation lines
 * indented two, when it is a terminal: for stderr, whose failure lines name a URL, a
 * hint and what to do, and which a narrow terminal would otherwise cut mid-word. On a
 * pipe each message stays one line, for `grep` and logs. A write that moves the cursor
 * (the progress line's `\r`, an escape sequence) passes untouched: it draws, it does not say.
 *
 * @example
 * const stderr = wrappingLines(sized(process.stderr, process.env));
 * stderr.write('asyncdemo: fetch-all: 6 requests failed … is a server listening?\n');
 */
export function wrappingLines(stream: OutStream): OutStream {
  const write = (s: string): unknown => {
    const width = stream.isTTY === true ? stream.columns : undefined;
    // eslint-disable-next-line no-control-regex -- a carriage return or an escape is what it looks for
    if (width === undefined || /[\r\u001b]/.test(s)) return stream.write(s);
    return stream.write(s.split('\n').map((line) => wrapStyled(line, width).join('\n')).join('\n'));
  };
  return overlay(stream, { write: () => write });
}

/**
 * `io` with its streams as the CLI draws on them: widths from {@link effectiveColumns}
 * and stderr's lines wrapped ({@link wrappingLines}). Everything else is `io`'s own,
 * `stdin` read only when read (building process.stdin loads node:net or node:tty).
 *
 * @example
 * const code = await run(argv, terminalIO(io));
 */
export function terminalIO(io: CliIO): CliIO {
  const stdout = sized(io.stdout, io.env);
  const stderr = wrappingLines(sized(io.stderr, io.env));
  return {
    stdout,
    stderr,
    env: io.env,
    signal: io.signal,
    clock: io.clock,
    demos: io.demos,
    get stdin() {
      return io.stdin;
    },
  };
}
