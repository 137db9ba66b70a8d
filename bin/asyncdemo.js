#!/usr/bin/env node
// Tiny shim: the CLI runs compiled JavaScript from dist/ so start-up stays fast.
// `--version` and `list` are answered without loading commander, chalk or the demos.
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

const { runFast } = await import('../dist/cli/fast.js');
if (runFast(process.argv.slice(2))) {
  early.stop();
  const first = early.received[0];
  if (first !== undefined) process.exitCode = first === 'SIGTERM' ? 143 : 130;
} else {
  const { main } = await import('../dist/cli/main.js');
  await main(process.argv.slice(2), { early });
}
