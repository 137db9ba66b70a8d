#!/usr/bin/env node
// Tiny shim: the CLI runs compiled JavaScript from dist/ so start-up stays fast.
import { main } from '../dist/cli/main.js';

await main();
