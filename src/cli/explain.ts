import { Option, type Command } from 'commander';
import { pythonMap } from '../demos/explain/python-map.js';
import type { Demo } from '../demos/types.js';
import { ExitCode } from './exit-codes.js';
import { readExample } from './examples.js';
import type { CliIO } from './io.js';
import { renderExplain, renderPythonMap } from './render/explain.js';
import { oneLine } from './render/text.js';
import { createStyle } from './style.js';
import { similar } from './suggest.js';
import { addHelpAfter } from './help.js';

/**
 * Adds `asyncdemo explain [demo]` to `program`: with a demo, its walkthrough (the
 * pattern, the TypeScript read from examples/, the tutorial's Python, the pitfalls);
 * without one, the Python → TypeScript map. An unknown demo is a usage error (exit 2)
 * with the nearest names; a missing examples/ file is a failure (exit 1).
 *
 * @example
 * addExplainCommand(program, io, demos);
 * // asyncdemo explain taskgroup
 */
export function addExplainCommand(program: Command, io: CliIO, demos: readonly Demo[]): Command {
  const cmd = program
    .command('explain')
    .argument('[demo]', 'the demo to explain (leave out for the Python → TypeScript map)')
    .summary("a demo's pattern, its TypeScript and the tutorial's Python, and the pitfalls")
    .description(
      "Explains a demo: what the pattern is and when to use it, the TypeScript it is built on (from examples/), the tutorial's " +
        'Python asyncio code for the same thing, and the pitfalls. With no demo, prints the Python → TypeScript map.',
    )
    .addOption(new Option('--no-color', 'no colour, whatever the terminal supports'))
    .showHelpAfterError("Try 'asyncdemo explain --help'.");
  addHelpAfter(cmd, '\nExamples:\n  $ asyncdemo explain\n  $ asyncdemo explain taskgroup\n');
  cmd.action(async (name: string | undefined, opts: { color: boolean }) => {
    const style = createStyle({ isTTY: io.stdout.isTTY === true, env: io.env, color: opts.color });
    const width = io.stdout.columns ?? 80;
    if (name === undefined) {
      const explained = demos.filter((d) => d.explain !== undefined).map((d) => d.name);
      io.stdout.write(`${renderPythonMap(pythonMap, explained, style, width)}\n`);
      return;
    }
    const demo = demos.find((d) => d.name === name);
    if (demo === undefined) {
      const names = demos.map((d) => d.name);
      const near = similar(name, names);
      const hint = near.length > 0 ? `Did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : `The demos: ${names.join(', ')}.`;
      return cmd.error(`error: unknown demo '${oneLine(name)}'. ${hint}`, { exitCode: ExitCode.usage, code: 'asyncdemo.usage' });
    }
    const example = demo.explain === undefined ? undefined : await readExample(demo.explain.example);
    const text = renderExplain(
      { name: demo.name, title: demo.title, description: demo.description, explain: demo.explain, example },
      style,
      width,
    );
    io.stdout.write(`${text}\n`);
  });
  return cmd;
}
