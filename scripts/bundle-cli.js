// Links the compiled CLI (dist/cli/main.js and everything it imports) into one file,
// dist/bundle/cli/main.js, which bin/asyncdemo.js runs. Why: Node's module loader spends
// about a millisecond per module resolving, reading and linking it, and a command loaded
// 60 to 90 of ours plus commander's and chalk's (bench row 7b; the README's Performance
// section has the figures).
//
// One file, not esbuild's code splitting: split, the dynamic imports became 20-30 chunk
// files per command, and in one run of 21 interleaved samples each (load ~7, 2 cores)
// one file started faster: gather --help 2.38× vs 2.56× `node -e 0` on Node 24, 1.52× vs
// 1.71× on Node 20; a one-task gather --json 2.59× vs 2.83×, 1.58× vs 1.95×.
//
// What stays as it was:
//   - tsc still compiles (this only links its output), and dist/core/ stays the
//     library's entry, module per module;
//   - every dynamic import() stays lazy: in one file, esbuild wraps a module reached only
//     through import() in a function run on that import (V8 compiles a function's body
//     only when it first runs);
//   - undici, piscina, ajv, jstat and tsx are not bundled: they load from node_modules
//     when first used, as before (packagesOnUse below);
//   - worker threads (the cpu demo's pool, the server's worker, an experiment's thread)
//     still start from their own files in dist/: each module's `import.meta.url` is
//     rewritten to the URL of its compiled file in dist/, so every path built from it
//     (a worker's file, examples/, package.json) points where it did.
// bin/asyncdemo.js runs the bundle only when it is at least as new as dist/cli/main.js (a
// bare `tsc` leaves it stale) and falls back to dist/cli/main.js otherwise.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const outdir = fileURLToPath(new URL('../dist/bundle/', import.meta.url));
const outfile = join(outdir, 'cli', 'main.js');

/**
 * Two rewrites of each module of ours:
 *   - `import.meta.url` becomes its compiled file's URL, relative to the bundle's;
 *   - `import { a, b as c } from 'node:x'` becomes `const { a, b: c } =
 *     process.getBuiltinModule('node:x')`. An ES import of a builtin makes Node build its
 *     whole module namespace, and esbuild's interop copies every property of it, either
 *     way evaluating each lazy export: node:util alone then loads the streams,
 *     worker_threads and more (~6 ms of CPU on Node 24, bench row 7b). Read by name, only
 *     the names used are evaluated.
 */
const ownModules = {
  name: 'own-modules',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(dist)) return undefined;
      let source = await readFile(args.path, 'utf8');
      source = source.replace(/^import \{([^}]*)\} from '(node:[a-z_/]+)';$/gm, (_, names, id) => {
        const fields = names.split(',').map((n) => n.trim()).filter((n) => n !== '').map((n) => n.replace(/^(\S+) as (\S+)$/, '$1: $2'));
        return `const { ${fields.join(', ')} } = process.getBuiltinModule(${JSON.stringify(id)});`;
      });
      const fromBundle = relative(dirname(outfile), args.path).split('\\').join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

/**
 * commander requires node:child_process when it loads, for executable subcommands
 * (asyncdemo has none); child_process pulls in net, dgram and the streams, ~10 ms of a
 * Node 24 start-up that is ~40 ms in all (bench row 7b). In the bundle, commander gets a
 * stand-in that loads the real module on first use instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${'/'}node_modules${'/'}commander${'/'}`) || args.importer.includes('\\node_modules\\commander\\')
        ? { path: 'child_process', namespace: 'lazy-builtin' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

/**
 * chalk works out the terminal's colour support when it loads (reading node:tty and the
 * environment) for its global instance, which asyncdemo never uses: src/cli/style.ts
 * decides the level itself and builds `new Chalk({ level })`. In the bundle that
 * detection is replaced by "none" for the unused global, and node:tty stays unloaded.
 */
const noChalkDetection = {
  name: 'no-chalk-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, () => ({ path: 'supports-color', namespace: 'no-chalk-detection' }));
    b.onLoad({ filter: /.*/, namespace: 'no-chalk-detection' }, () => ({ contents: 'export default { stdout: false, stderr: false };', loader: 'js' }));
  },
};

/**
 * In one file, a package imported by a module that loads on demand (undici by fetch-all's
 * HTTP client, piscina by the cpu demo's pool) would become an import at the top of the
 * bundle, loaded by every command (undici alone took 60-130 ms). Each is required instead
 * where that module initialises, i.e. when the demo runs.
 */
const packagesOnUse = {
  name: 'packages-on-use',
  setup(b) {
    b.onResolve({ filter: /^(undici|piscina)$/ }, (args) => (args.kind === 'import-statement' ? { path: args.path, namespace: 'package-on-use' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'package-on-use' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${dist}cli/main.js`],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: ['undici', 'piscina', 'ajv', 'jstat', 'tsx', 'tsx/*'],
  // commander is CommonJS and requires node's own modules: an ES module has no
  // `require` of its own, so the bundle gets one (esbuild renames ours around it).
  // (Through process.getBuiltinModule, for the reason given at ownModules.)
  banner: { js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);" },
  plugins: [ownModules, lazyChildProcess, noChalkDetection, packagesOnUse],
  // Whitespace only (names and syntax stay as written, so stack traces still read): Node
  // reads, hashes (for its compile cache) and scans the whole file at every start
  // (582 KB -> 400 KB). Bench row 7b, 2026-12-02, 21-30 interleaved samples at load 3-5,
  // the same build with and without it: on Node 24 a one-task `gather --json` 2.04x ->
  // 1.88x `node -e 0` in wall time (CPU 85.7 -> 84.3 ms) and `gather --help` 1.74x ->
  // 1.68x (CPU 76.7 -> 69.7 ms); on Node 20 no difference above the noise (CPU 148 vs
  // 150 ms for the run, 143 vs 145 for --help). A first measurement at load 6-7 had
  // shown a gain on Node 20 too; it did not hold.
  minifyWhitespace: true,
  logLevel: 'warning',
});
