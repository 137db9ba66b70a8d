// Writes dist/demos/manifest.json: each demo's name, title and variants, so that
// `asyncdemo list` answers without loading the demos (dist/cli/fast.js). The registry in
// src/demos/registry.ts stays the only list to edit.
import { writeFileSync } from 'node:fs';

const { demos } = await import('../dist/demos/index.js');
const entries = demos.map(({ name, title, variantNames }) => ({ name, title, variantNames }));
writeFileSync(new URL('../dist/demos/manifest.json', import.meta.url), `${JSON.stringify(entries, null, 1)}\n`);
