import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { demoLoaders, isDemoName, loadDemo } from '../../src/demos/registry.js';
import { demos } from '../../src/demos/index.js';
import { ROOT, runBin } from '../helpers/spawn-bin.js';

/**
 * A preload that reports on fd 3 every module the process loads: ES modules through a
 * load hook (it runs on the hooks thread, which writes to the same fd), CommonJS ones
 * (ajv and jstat are required on demand) from require's cache at exit.
 */
const RECORD_LOADS = `data:text/javascript,${encodeURIComponent(`
import { register, createRequire } from 'node:module';
import { writeSync } from 'node:fs';
register('data:text/javascript,' + encodeURIComponent(\`
import { writeSync } from 'node:fs';
export async function load(url, context, next) {
  writeSync(3, url + String.fromCharCode(10));
  return next(url, context);
}\`));
const cache = createRequire(process.cwd() + '/').cache;
process.on('exit', () => { for (const file of Object.keys(cache)) writeSync(3, 'file://' + file + '\\n'); });
`)}`;

/**
 * Runs the CLI with the recording preload: the built bin (which runs the one-file bundle,
 * where what a module loads on demand cannot be seen from outside), or tsc's own
 * dist/cli/main.js, module per module, where it can. Resolves with the exit code and
 * every module URL loaded.
 */
function loadsOf(args: string[], via: 'bin' | 'modules'): Promise<{ code: number | null; stderr: string; urls: string[] }> {
  const entry =
    via === 'bin'
      ? ['bin/asyncdemo.js', ...args]
      : ['--input-type=module', '-e', `const { main } = await import('./dist/cli/main.js'); await main(${JSON.stringify(args)});`];
  const child = spawn(process.execPath, [`--import=${RECORD_LOADS}`, ...entry], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let fd3 = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  (child.stdio[3] as Readable).setEncoding('utf8').on('data', (s: string) => (fd3 += s));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, urls: fd3.split('\n').filter((line) => line !== '') }));
  });
}

/** The demos whose own module (tsc's dist/demos/<name>.js) is among `urls`. */
const demosIn = (urls: readonly string[]): string[] => demos.map((d) => d.name).filter((name) => urls.some((url) => url.endsWith(`/dist/demos/${name}.js`)));

const HEAVY = ['undici', 'piscina', 'ajv', 'jstat', 'tsx'];
const heavyIn = (urls: readonly string[]): string[] => HEAVY.filter((pkg) => urls.some((url) => url.includes(`/node_modules/${pkg}/`)));

const HELP = ['gather', '--help'];
const ONE_TASK = ['gather', '--count', '1', '--delay', '1ms', '--json'];

// Start-up rows (7b) of `npm run bench`: a command loads its own demo and what it
// needs, not every demo and every dependency.
describe('start-up: what a command loads', () => {
  for (const args of [HELP, ONE_TASK]) {
    it(`\`asyncdemo ${args.join(' ')}\` loads its demo alone, and none of undici, piscina, ajv, jstat or tsx`, async () => {
      const r = await loadsOf(args, 'modules');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(demosIn(r.urls)).toEqual(['gather']);
      expect(heavyIn(r.urls)).toEqual([]);
    });

    it(`the bin runs \`${args.join(' ')}\` from the build's bundle, which loads none of them either`, async () => {
      const r = await loadsOf(args, 'bin');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      // scripts/bundle-cli.js's one file, not tsc's module-per-file output.
      expect(r.urls.filter((url) => url.includes('/dist/'))).toEqual([expect.stringMatching(/\/dist\/bundle\/cli\/main\.js$/)]);
      expect(heavyIn(r.urls)).toEqual([]);
    });
  }

  it('`fetch-all --help` does not load undici (only a request does)', async () => {
    for (const via of ['modules', 'bin'] as const) {
      const r = await loadsOf(['fetch-all', '--help'], via);
      expect(r.code).toBe(0);
      expect(heavyIn(r.urls), via).toEqual([]);
    }
  });

  it('`--help` with no command still loads every demo, to list them', async () => {
    const r = await loadsOf(['--help'], 'modules');
    expect(r.code).toBe(0);
    expect(demosIn(r.urls)).toEqual(demos.map((d) => d.name));
  });

  it("runs when Node's compile cache cannot be written (its directory is not a directory)", async () => {
    // Node >= 22.1 uses os.tmpdir()/node-compile-cache; Node 20 has no compile cache.
    const r = await runBin(ONE_TASK, { TMPDIR: '/dev/null/nowhere', NODE_COMPILE_CACHE: '' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { demo: string }).demo).toBe('gather');
  });
});

describe('the demo registry', () => {
  it('loads each demo by its CLI name, the same object the full list holds, in the same order', async () => {
    expect(Object.keys(demoLoaders)).toEqual(demos.map((d) => d.name));
    for (const demo of demos) {
      expect(isDemoName(demo.name)).toBe(true);
      expect(await loadDemo(demo.name as keyof typeof demoLoaders)).toBe(demo);
    }
    expect(isDemoName('serve')).toBe(false);
    expect(isDemoName('toString')).toBe(false);
  });
});
