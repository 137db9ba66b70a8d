#!/usr/bin/env node
// Tiny shim: the CLI runs compiled JavaScript from dist/ so start-up stays fast: the
// bundle of it when the build made one (see cliEntry below), with Node's compile cache
// where Node has one. `--version` and `list` are answered without loading commander,
// chalk or the demos.
//
// Ctrl-C and SIGTERM are caught first thing, before any module loads: loading the CLI
// takes a good part of a second on a slow machine, and a signal in that window would
// otherwise kill the process outright (with --json, leaving stdout empty). The signals
// are kept here until main() takes over and treats them as if they came just then; a
// second one while still loading exits at once, as it would later.
const early = {
  received: /** @type {('SIGINT' | 'SIGTERM')[]} */ ([]),
  stop() {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  },
};
function hold(/** @type {'SIGINT' | 'SIGTERM'} */ name) {
  early.received.push(name);
  if (early.received.length > 1) process.exit(name === 'SIGTERM' ? 143 : 130);
}
function onSigint() {
  hold('SIGINT');
}
function onSigterm() {
  hold('SIGTERM');
}
process.on('SIGINT', onSigint);
process.on('SIGTERM', onSigterm);

// Node >= 22.1 can keep V8's compiled code of every module it loads on disk and reuse it
// next time (in os.tmpdir()/node-compile-cache, or where NODE_COMPILE_CACHE says; off with
// NODE_DISABLE_COMPILE_CACHE=1). Bench row 7b: on Node 24 it took `gather --help` from
// 2.39× to 2.10× `node -e 0` (21 interleaved samples, bundled CLI, a busy machine). It
// never throws: an unwritable directory only means no cache (a status, not an error).
// Node 20 has no such API and runs as before.
try {
  process.getBuiltinModule('node:module').enableCompileCache?.();
} catch {
  // An optimisation only: whatever went wrong, the CLI runs without it.
}

const argv = process.argv.slice(2);
// Only these can take the fast path (dist/cli/fast.js says exactly which): any other
// command skips loading it.
const mayBeFast = argv[0] === '--version' || argv[0] === '-V' || argv[0] === 'list';
if (mayBeFast && (await import('../dist/cli/fast.js')).runFast(argv)) {
  early.stop();
  const first = early.received[0];
  if (first !== undefined) process.exitCode = first === 'SIGTERM' ? 143 : 130;
} else {
  const { main } = await import(cliEntry());
  await main(argv, { early });
}

/**
 * The CLI linked into a few files by scripts/bundle-cli.js (dist/bundle/cli/main.js:
 * loading ~90 modules one by one took most of a command's start-up), or tsc's own
 * dist/cli/main.js when the bundle is missing or older than it (a bare `tsc` after a
 * build leaves the bundle stale; it must never run old code).
 */
function cliEntry() {
  const { statSync } = process.getBuiltinModule('node:fs');
  const bundled = new URL('../dist/bundle/cli/main.js', import.meta.url);
  const compiled = new URL('../dist/cli/main.js', import.meta.url);
  try {
    if (statSync(bundled).mtimeMs >= statSync(compiled).mtimeMs) return bundled.href;
  } catch {
    // No bundle: tsc's output it is.
  }
  return compiled.href;
}
