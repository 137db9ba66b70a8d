import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ExperimentLoadError, loadExperiment, type LoadedExperiment, type LoadOptions } from '../../src/cli/load-experiment.js';
import { UsageError } from '../../src/demos/types.js';

const fixtures = fileURLToPath(new URL('../fixtures/experiment/', import.meta.url));
// Files that must not live in the repository (they do not compile, or would not lint), written per run.
const dir = mkdtempSync(join(tmpdir(), 'asyncdemo-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(ext: string, text: string): string {
  const path = join(dir, `f${++n}${ext}`);
  writeFileSync(path, text);
  return path;
}

// Each experiment runs on a thread of its own: every test closes what it loaded.
const open: LoadedExperiment[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});
async function load(path: string, options?: LoadOptions): Promise<LoadedExperiment['tasks']> {
  const experiment = await loadExperiment(path, options);
  open.push(experiment);
  return experiment.tasks;
}

async function failure(path: string): Promise<Error> {
  const err: unknown = await load(path).then(
    () => new Error('loaded'),
    (e: unknown) => e,
  );
  return err as Error;
}

describe('loadExperiment', () => {
  it('TypeScript: the named function exports, through tsx, skipping what is not a function', async () => {
    const tasks = await load(join(fixtures, 'two-naps.ts'));
    expect(tasks.map((t) => t.name)).toEqual(['first', 'second']);
    const signal = new AbortController().signal;
    expect(await tasks[0]!.fn(signal)).toBe('first');
  });

  it('a path relative to the working directory', async () => {
    const tasks = await load('experiment/two-naps.ts', { cwd: join(fixtures, '..') });
    expect(tasks.map((t) => t.name)).toEqual(['first', 'second']);
  });

  it('JavaScript with a default object: its functions in its own order, called as methods', async () => {
    const tasks = await load(join(fixtures, 'default-object.js'));
    expect(tasks.map((t) => t.name)).toEqual(['zebra', 'apple']);
    // `this` is the object: a detached call would read undefined.
    expect(await tasks[0]!.fn(new AbortController().signal)).toBe(50);
  });

  it('CommonJS, .mjs and a default function; classes are not tasks', async () => {
    const cjs = file('.cjs', 'module.exports = { a: async () => 1, b: async () => 2, k: 3 };');
    expect((await load(cjs)).map((t) => t.name)).toEqual(['a', 'b']);
    const mjs = file('.mjs', 'export default async function () { return 1; }\nexport class Nope {}\n');
    expect((await load(mjs)).map((t) => t.name)).toEqual(['default']);
    const mts = file('.mts', 'export async function only(signal: AbortSignal): Promise<boolean> { return signal.aborted; }\n');
    const [only] = await load(mts);
    expect(await only!.fn(AbortSignal.abort())).toBe(true);
  });

  it('a file that does not exist, a directory, another kind of file: UsageError (exit 2)', async () => {
    const missing = await failure(join(dir, 'nope.ts'));
    expect(missing).toBeInstanceOf(UsageError);
    expect(missing.message).toBe(`cannot find '${join(dir, 'nope.ts')}' (ENOENT): check the path.`);

    const folder = join(dir, 'folder.ts');
    mkdirSync(folder);
    expect((await failure(folder)).message).toBe(`'${folder}' is not a file: give a .ts or .js file that exports async functions.`);

    const text = file('.txt', 'export async function a() {}');
    const other = await failure(text);
    expect(other).toBeInstanceOf(UsageError);
    expect(other.message).toMatch(/is neither TypeScript nor JavaScript: give a \.ts, \.mts, \.cts, \.js, \.mjs or \.cjs file\.$/);
  });

  it('exports nothing runnable: UsageError saying what to export', async () => {
    for (const path of [file('.ts', 'export const a = 1;\nexport default { b: 2 };\n'), file('.mjs', 'export class A {}\n')]) {
      const err = await failure(path);
      expect(err).toBeInstanceOf(UsageError);
      expect(err.message).toBe(
        `'${path}' exports no functions to run: export async functions (export async function fetchUser(signal) { … }) or a default object of them.`,
      );
    }
  });

  it('a syntax error: ExperimentLoadError, one line with the place', async () => {
    const ts = file('.ts', 'export async function a( {\n  await 1\n');
    const err = await failure(ts);
    expect(err).toBeInstanceOf(ExperimentLoadError);
    expect(err.message).toMatch(new RegExp(`^cannot load '${ts}': ${ts}:2:\\d+: .+$`));
    expect(err.message).not.toContain('\n');

    const js = file('.js', 'export async function a() {\n  return }}\n');
    const jsErr = await failure(js);
    expect(jsErr).toBeInstanceOf(ExperimentLoadError);
    expect(jsErr.message).toMatch(new RegExp(`^cannot load '${js}': ${js}:2:\\d+: .+$`));

    // An ES module Node parses itself: its SyntaxError has no place to give.
    const mjs = file('.mjs', 'export async function a() {\n  return }}\n');
    expect((await failure(mjs)).message).toBe(`cannot load '${mjs}': SyntaxError: Unexpected token '}'`);
  });

  it('a throw at top level or a missing import: ExperimentLoadError with the error', async () => {
    const thrower = file('.mjs', "throw new RangeError('no config');\n");
    expect((await failure(thrower)).message).toBe(`cannot load '${thrower}': RangeError: no config`);
    const importer = file('.ts', "import { x } from './does-not-exist.js';\nexport const f = async () => x;\n");
    const err = await failure(importer);
    expect(err).toBeInstanceOf(ExperimentLoadError);
    expect(err.message).toMatch(/^cannot load '.*': Error: Cannot find module/);
  });
});
