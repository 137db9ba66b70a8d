// Copies examples/*.ts into dist/examples/: the package ships only dist/, and
// `asyncdemo explain` prints these files (read next to the compiled CLI), not a copy.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';

const from = new URL('../examples/', import.meta.url);
const to = new URL('../dist/examples/', import.meta.url);
mkdirSync(to, { recursive: true });
for (const file of readdirSync(from)) {
  if (file.endsWith('.ts')) copyFileSync(new URL(file, from), new URL(file, to));
}
