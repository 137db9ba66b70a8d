import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run, type CliIO } from '../../src/cli/program.js';
import { similar } from '../../src/cli/suggest.js';
import { wrap } from '../../src/cli/render/text.js';
import { demos } from '../../src/demos/index.js';
import type { Demo } from '../../src/demos/types.js';
import { sink } from '../helpers/sink.js';

async function explain(argv: string[], options: { demos?: readonly Demo[]; env?: Record<string, string>; columns?: number } = {}) {
  const stdout = sink({ columns: options.columns });
  const stderr = sink();
  const io: CliIO = { stdout, stderr, env: options.env ?? {}, demos: options.demos };
  const code = await run(['explain', ...argv], io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const example = (file: string): string => readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8');

/** Every non-blank line of `code`, as explain indents it. */
const codeLines = (code: string): string[] =>
  code
    .replace(/\s+$/, '')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `    ${line}`);

describe('asyncdemo explain <demo>', () => {
  it('every registered demo has a walkthrough whose example exists', () => {
    for (const demo of demos) {
      expect(demo.explain, demo.name).toBeDefined();
      expect(() => example(demo.explain!.example), demo.name).not.toThrow();
      expect(demo.explain!.pitfalls.length, demo.name).toBeGreaterThan(1);
    }
  });

  it.each(demos.map((d) => [d.name, d] as const))('%s: prints the TypeScript from examples/ and the Python, whole', async (name, demo) => {
    const r = await explain([name]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    // Each block appears whole and in order: the example file as it is on disk, then the Python.
    const ts = codeLines(example(demo.explain!.example));
    const py = codeLines(demo.explain!.python);
    const at = (block: string[]) => lines.findIndex((_, i) => block.every((line, k) => lines.slice(i).filter((l) => l !== '')[k] === line));
    expect(at(ts)).toBeGreaterThan(0);
    expect(at(py)).toBeGreaterThan(at(ts));
    for (const heading of ['What it is', 'When to use it', 'TypeScript', 'Python', 'Pitfalls']) expect(r.stdout).toContain(`\n${heading}`);
    expect(r.stdout).toContain(`examples/${demo.explain!.example}`);
    expect(r.stdout.startsWith(`${name} — `)).toBe(true);
    expect(r.stdout.endsWith(`\nTry it\n  $ asyncdemo ${name}\n  $ npx tsx examples/${demo.explain!.example}\n`)).toBe(true);
  });

  it('taskgroup: the seed\'s TaskGroup Python and the taskGroup TypeScript, and the pitfalls', async () => {
    const r = await explain(['taskgroup']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('    async with asyncio.TaskGroup() as tg:');
    expect(r.stdout).toContain('        task1 = tg.create_task(process_item("A", 2))');
    expect(r.stdout).toContain('const [task1, task2, task3] = await taskGroup(async (tg) => {');
    expect(r.stdout).toMatch(/• Cancellation is cooperative/);
  });

  it("says where the Python comes from: the seed, or not (race is not in the seed)", async () => {
    expect((await explain(['gather'])).stdout).toContain("\nPython — the tutorial's asyncio\n");
    expect((await explain(['race'])).stdout).toContain('\nPython — asyncio, not from the tutorial\n');
  });

  it('gather: names the two pitfalls the issue asks for', async () => {
    const r = await explain(['gather']);
    expect(r.stdout).toContain('gather does not cancel its siblings');
    const greet = await explain(['greet']);
    expect(greet.stdout).toContain('A promise starts when it is created');
  });

  it('wraps prose to the terminal, never code', async () => {
    const r = await explain(['taskgroup'], { columns: 50 });
    const prose = r.stdout.split('\n').filter((line) => /^ {2}\S/.test(line));
    expect(prose.length).toBeGreaterThan(5);
    for (const line of prose) expect(line.length).toBeLessThanOrEqual(50);
    expect(r.stdout).toContain("    const [task1, task2, task3] = await taskGroup(async (tg) => {\n");
  });

  it('colour only when asked for: plain when piped, ANSI with FORCE_COLOR, none with --no-color', async () => {
    expect((await explain(['gather'])).stdout).not.toContain('\u001b[');
    expect((await explain(['gather'], { env: { FORCE_COLOR: '1' } })).stdout).toContain('\u001b[1m');
    expect((await explain(['gather', '--no-color'], { env: { FORCE_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });

  it('an unknown demo exits 2 with the nearest name, nothing on stdout', async () => {
    const r = await explain(['taskgrup']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("asyncdemo: error: unknown demo 'taskgrup'. Did you mean 'taskgroup'?\nTry 'asyncdemo explain --help'.\n");
  });

  it('a name nothing like a demo lists the demos instead', async () => {
    const r = await explain(['zzzzzz']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`The demos: ${demos.map((d) => d.name).join(', ')}.`);
  });

  it('a demo without a walkthrough shows its description; a missing example file is a failure (exit 1)', async () => {
    const bare: Demo = { ...demos[0]!, name: 'bare', description: 'Only a description here.', explain: undefined };
    const r = await explain(['bare'], { demos: [bare] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Only a description here.');
    expect(r.stdout).toContain('No walkthrough for bare yet.');

    const lost: Demo = { ...demos[0]!, name: 'lost', explain: { ...demos[0]!.explain!, example: 'no-such-example.ts' } };
    const missing = await explain(['lost'], { demos: [lost] });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^asyncdemo: error: examples\/no-such-example\.ts is missing from this installation \(looked in .*\); rebuild with npm run build\n$/);
  });
});

describe('asyncdemo explain (the Python → TypeScript map)', () => {
  it('maps every asyncio idiom the issue names to its TypeScript, and lists the demos', async () => {
    const r = await explain([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const pairs: [string, RegExp][] = [
      ['asyncio.gather(a(), b())', /gather\(\[a\(\), b\(\)\]\) · Promise\.all/],
      ['asyncio.create_task(f())', /const task = f\(\)[^]*calling an async function starts it/],
      ['async with asyncio.TaskGroup() as tg:', /taskGroup\(/],
      ['async with asyncio.timeout(2):', /timeout\(2000, [^]*AbortSignal\.timeout\(2000\)/],
      ['async with resource as r:', /await using r = /],
      ['async for x in agen():', /for await \(const x of agen\(\)\)/],
      ['aiohttp.ClientSession().get(url)', /undici/],
      ['multiprocessing / ProcessPoolExecutor', /worker threads/],
    ];
    for (const [python, typescript] of pairs) {
      const at = r.stdout.indexOf(python);
      expect(at, python).toBeGreaterThan(0);
      // The TypeScript follows its Python before the next entry starts.
      expect(r.stdout.slice(at, at + 300), python).toMatch(typescript);
    }
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(`asyncdemo explain <demo> shows one pattern in both languages: ${demos.map((d) => d.name).join(', ')}.`);
  });

  it('two columns on a wide terminal, one under the other on a narrow one', async () => {
    const wide = await explain([], { columns: 140 });
    expect(wide.stdout).toMatch(/\n {2}asyncio\.gather\(a\(\), b\(\)\) +gather\(\[a\(\), b\(\)\]\)/);
    const narrow = await explain([], { columns: 60 });
    expect(narrow.stdout).toMatch(/\n {2}asyncio\.gather\(a\(\), b\(\)\)\n {4}→ gather\(\[a\(\), b\(\)\]\)/);
  });
});

describe('explain at 60 columns', () => {
  it('the map fits: alternatives that do not fit together go one a line', async () => {
    const narrow = (await explain([], { columns: 60 })).stdout;
    expect(narrow.split('\n').filter((l) => [...l].length > 60)).toEqual([]);
    expect(narrow).toContain('\n    → gather([…], { settle: true })\n      · Promise.allSettled([…])\n');
    // Where they fit, one line, as before.
    expect((await explain([], { columns: 80 })).stdout).toContain('\n    → gather([…], { settle: true }) · Promise.allSettled([…])\n');
  });

  it("a demo's title wraps at words; its code stays as written, to copy", async () => {
    const r = await explain(['fetch-all'], { columns: 60 });
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['fetch-all — HTTP requests one after another vs all at once', '  vs bounded, with undici']);
    const prose = r.stdout.split('\n').filter((l) => !l.startsWith('    '));
    expect(prose.filter((l) => [...l].length > 60)).toEqual([]);
    expect((await explain(['fetch-all'], { columns: 200 })).stdout.split('\n')[0]).toBe('fetch-all — HTTP requests one after another vs all at once vs bounded, with undici');
  });
});

describe('similar', () => {
  it('finds typos, swaps and near misses, nearest first, and nothing for a stranger', () => {
    const names = ['greet', 'gather', 'taskgroup', 'timeout', 'race', 'retry'];
    expect(similar('gahter', names)).toEqual(['gather']);
    expect(similar('taskgrup', names)).toEqual(['taskgroup']);
    expect(similar('RACE', names)).toEqual(['race']);
    expect(similar('rase', names)).toEqual(['race']);
    expect(similar('xyz', names)).toEqual([]);
  });
});

describe('wrap', () => {
  it('breaks at spaces within the width, a long word alone on its line', () => {
    expect(wrap('what the pattern is and when to use it', 16)).toEqual(['what the pattern', 'is and when to', 'use it']);
    expect(wrap('a supercalifragilistic b', 5)).toEqual(['a', 'supercalifragilistic', 'b']);
    expect(wrap('  spaced \n out  ', 80)).toEqual(['spaced out']);
    expect(wrap('', 10)).toEqual([]);
  });
});
