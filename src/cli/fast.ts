/**
 * `asyncdemo --version` and `asyncdemo list` without commander, chalk or a single demo
 * module: loading those takes longer than Node itself takes to start, and these two
 * commands need none of them. The version comes from package.json, the list from
 * dist/demos/manifest.json, which the build writes from the demo registry (so adding a
 * demo is still one file plus one line in src/demos/registry.ts). Anything else, or a
 * missing or stale manifest, goes to the full program, which prints the same text.
 */
import { readFileSync, statSync } from 'node:fs';
import type { ChalkInstance } from 'chalk';
import { colorLevel } from './color-level.js';
import { renderList, type ListEntry } from './render/list.js';
import type { Style } from './style.js';
import { readVersion } from './version.js';
import { effectiveColumns } from './width.js';

/**
 * Where the fast path writes, what decides its colours, and where the demo list comes from.
 *
 * @example
 * const io: FastIO = { stdout: process.stdout, env: process.env };
 */
export interface FastIO {
  stdout: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
  /** The demos to list; the build's manifest by default (undefined: fall through to the program). */
  manifest?: () => ListEntry[] | undefined;
}

/**
 * Answers `argv` if it is exactly `--version`, `-V`, `list` or `list --no-color`, and
 * returns true; returns false (having written nothing) for anything else.
 *
 * @example
 * // bin/asyncdemo.js
 * if (!runFast(process.argv.slice(2))) await (await import('../dist/cli/main.js')).main();
 */
export function runFast(argv: readonly string[], io: FastIO = processIO()): boolean {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    const version = readVersion();
    if (version === undefined) return false;
    io.stdout.write(`${version}\n`);
    return true;
  }
  if (argv[0] === 'list' && (argv.length === 1 || (argv.length === 2 && argv[1] === '--no-color'))) {
    const entries = (io.manifest ?? readManifest)();
    if (entries === undefined) return false;
    const level = colorLevel({ isTTY: io.stdout.isTTY === true, env: io.env, color: argv.length === 1 });
    const text = renderList(entries, sgrStyle(level > 0, io.env.TERM !== 'dumb'), io.stdout.isTTY === true ? io.stdout.columns : undefined);
    if (text !== '') io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return true;
  }
  return false;
}

/** The real streams, lazily: a command that falls through to main() gets them untouched. */
function processIO(): FastIO {
  return {
    stdout: {
      get isTTY() {
        return process.stdout.isTTY === true;
      },
      get columns() {
        // As the full program reads it: COLUMNS may narrow the terminal.
        return effectiveColumns(process.stdout.columns, process.env);
      },
      write(s: string) {
        // As main() does: a reader that went away (`asyncdemo list | head -1`) ends the
        // run quietly, where an unhandled EPIPE would print a stack trace.
        process.stdout.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'EPIPE') return;
          process.stderr.write(`asyncdemo: error: cannot write to stdout: ${err.message}\n`);
          process.exitCode = 1;
        });
        return process.stdout.write(s);
      },
    },
    env: process.env,
  };
}

/** The manifest's entries, or undefined when it is missing, unreadable or older than the registry it was built from. */
function readManifest(): ListEntry[] | undefined {
  try {
    const manifest = new URL('../demos/manifest.json', import.meta.url);
    if (statSync(manifest).mtimeMs < statSync(new URL('../demos/registry.js', import.meta.url)).mtimeMs) return undefined;
    const entries = JSON.parse(readFileSync(manifest, 'utf8')) as unknown;
    return Array.isArray(entries) ? (entries as ListEntry[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The two styles renderList uses, as chalk writes them at any colour level (bold and dim
 * are the same SGR codes at 16, 256 and truecolor); identity when colour is off.
 */
function sgrStyle(color: boolean, unicode: boolean): Style {
  const plain = (s: string): string => s;
  const c = color
    ? { bold: (s: string) => `\u001B[1m${s}\u001B[22m`, dim: (s: string) => `\u001B[2m${s}\u001B[22m` }
    : { bold: plain, dim: plain };
  // renderList reads nothing else of chalk; the test against the full program guards that.
  return { c: c as unknown as ChalkInstance, unicode };
}
