// Links the compiled CLI (dist/cli/main.js and everything it imports) into a few files
// under dist/bundle/, which bin/asyncdemo.js runs. Why: Node's module loader spends
// about a millisecond per module resolving, reading and linking it, and a command
// loads 60 to 90 of ours plus commander's and chalk's; linked into one entry file and
// a handful of chunks, the same code starts in a fraction of that (start-up rows of
// `npm run bench`: see the README's Performance section for the figures).
//
// What stays as it was:
//   - tsc still compiles (this only links its output), and dist/core/ stays the
//     library's entry, module per module;
//   - every dynamic import() stays lazy: esbuild's code splitting puts what only a
//     dynamic import needs into its own chunk, loaded then and only then;
//   - undici, piscina, ajv, jstat and tsx are not bundled: they load on demand from
//     node_modules, as before;
//   - worker threads (the cpu demo's pool, the server's worker, an experiment's thread)
//     still start from their own files in dist/: each module's `import.meta.url` is
//     rewritten to the URL of its compiled file in dist/, so every path built from it
//     (a worker's file, examples/, package.json) points where it did.
// bin/asyncdemo.js runs the bundle only when it is newer than dist/cli/main.js (a bare
// `tsc` leaves it stale) and falls back to dist/cli/main.js otherwise.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const outdir = fileURLToPath(new URL('../dist/bundle/', import.meta.url));

/** Replaces `import.meta.url` in each module of ours by its compiled file's URL, found from the chunk it lands in. */
const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(dist)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'js' };
      // Chunks all sit in outdir, so one relative path serves whichever chunk the module lands in.
      const fromChunk = relative(outdir, args.path).split('\\').join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromChunk)}, import.meta.url).href`), loader: 'js' };
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
 * `import { x } from 'node:util'` makes Node build the builtin's whole ES module
 * namespace, which evaluates every lazy export of it: node:util alone then loads the
 * streams, worker_threads and more (~6 ms of CPU, ~15 ms of a Node 24 start-up, bench
 * row 7b), node:fs its promises API. In the bundle, each builtin a module of ours (or
 * chalk) imports is read from process.getBuiltinModule() instead, and each name used is
 * looked up when it is used.
 */
const builtinsOnUse = {
  name: 'builtins-on-use',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => (args.kind === 'import-statement' ? { path: args.path, namespace: 'node-builtin' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`,
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

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { 'cli/main': `${dist}cli/main.js` },
  outdir,
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: ['undici', 'piscina', 'ajv', 'jstat', 'tsx', 'tsx/*'],
  // commander is CommonJS and requires node's own modules: an ES module has no
  // `require` of its own, so each chunk gets one (esbuild renames ours around it).
  // (Through process.getBuiltinModule, for the reason given at builtinsOnUse.)
  banner: { js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);" },
  plugins: [ownImportMetaUrl, lazyChildProcess, builtinsOnUse, noChalkDetection],
  logLevel: 'warning',
});
