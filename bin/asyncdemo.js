#!/usr/bin/env node
// Tiny shim: the CLI runs compiled JavaScript from dist/ so start-up stays fast.
// `--version` and `list` are answered without loading commander, chalk or the demos.
import { runFast } from '../dist/cli/fast.js';

if (!runFast(process.argv.slice(2))) {
  const { main } = await import('../dist/cli/main.js');
  await main();
}
