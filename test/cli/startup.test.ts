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

/** Runs the built bin with the recording preload; resolves with its exit code and every module URL it loaded. */
function loadsOf(args: string[]): Promise<{ code: number | null; stderr: string; urls: string[] }> {
  const child = spawn(process.execPath, [`--import=${RECORD_LOADS}`, 'bin/asyncdemo.js', ...args], {
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

/** The demos (other than `except`) whose own module is among `urls`: tsc's dist/demos/<name>.js or the bundle's <name>-<hash>.js chunk. */
function otherDemosIn(urls: readonly string[], except: string): string[] {
  return demos
    .map((d) => d.name)
    .filter((name) => name !== except)
    .filter((name) => urls.some((url) => url.endsWith(`/dist/demos/${name}.js`) || new RegExp(`/dist/bundle/${name}-[A-Z0-9]+\\.js$`).test(url)));
}

const HEAVY = ['undici', 'piscina', 'ajv', 'jstat', 'tsx'];
const heavyIn = (urls: readonly string[]): string[] => HEAVY.filter((pkg) => urls.some((url) => url.includes(`/node_modules/${pkg}/`)));

// Start-up rows (7b) of `npm run bench`: a command loads its own demo and what it
// needs, not every demo and every dependency.
describe('start-up: what a command loads', () => {
  for (const args of [
    ['gather', '--help'],
    ['gather', '--count', '1', '--delay', '1ms', '--json'],
  ]) {
    it(`\`asyncdemo ${args.join(' ')}\` runs the bundle and loads no other demo, nor undici, piscina, ajv, jstat or tsx`, async () => {
      const r = await loadsOf(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      // The build's bundle runs (scripts/bundle-cli.js), not tsc's module-per-file output.
      expect(r.urls.some((url) => url.endsWith('/dist/bundle/cli/main.js'))).toBe(true);
      expect(r.urls.some((url) => url.endsWith('/dist/cli/main.js'))).toBe(false);
      // The demo itself is among them (else the checks below prove nothing).
      expect(r.urls.some((url) => /\/dist\/bundle\/gather-[A-Z0-9]+\.js$/.test(url))).toBe(true);
      expect(otherDemosIn(r.urls, 'gather')).toEqual([]);
      expect(heavyIn(r.urls)).toEqual([]);
    });
  }

  it('`fetch-all --help` does not load undici (only a request does)', async () => {
    const r = await loadsOf(['fetch-all', '--help']);
    expect(r.code).toBe(0);
    expect(otherDemosIn(r.urls, 'fetch-all')).toEqual([]);
    expect(heavyIn(r.urls)).toEqual([]);
  });

  it('`--help` with no command still loads every demo, to list them', async () => {
    const r = await loadsOf(['--help']);
    expect(r.code).toBe(0);
    expect(otherDemosIn(r.urls, 'gather').length).toBe(demos.length - 1);
  });

  it("runs when Node's compile cache cannot be written (its directory is not a directory)", async () => {
    // Node >= 22.1 uses os.tmpdir()/node-compile-cache; Node 20 has no compile cache.
    const r = await runBin(['gather', '--count', '1', '--delay', '1ms', '--json'], { TMPDIR: '/dev/null/nowhere', NODE_COMPILE_CACHE: '' });
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
