import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * Where the examples are, nearest first: `dist/examples/`, which the build copies next
 * to the compiled CLI (the package ships only dist/), then the checkout's `examples/`,
 * for `npm run dev` and the tests, which run this file from src/cli.
 */
const ROOTS: readonly URL[] = [new URL('../examples/', import.meta.url), new URL('../../examples/', import.meta.url)];

/** A file name in examples/: letters, digits and dashes, then `.ts`; never a path. */
const FILE = /^[a-z0-9][a-z0-9-]*\.ts$/;

/** An example read from disk, and the name to show it under. */
export interface ExampleSource {
  /** `examples/gather.ts`, as a reader of the repository knows it. */
  shown: string;
  code: string;
}

/**
 * Reads `file` (e.g. `gather.ts`) from the installed examples, so `explain` prints the
 * code that exists, not a copy of it. Throws an Error naming where it looked when the
 * file is missing (a build that did not copy the examples).
 *
 * @example
 * const { shown, code } = await readExample('gather.ts'); // shown: 'examples/gather.ts'
 */
export async function readExample(file: string, roots: readonly URL[] = ROOTS): Promise<ExampleSource> {
  if (!FILE.test(file)) throw new TypeError(`not an example file name: '${file}'`);
  for (const root of roots) {
    try {
      return { shown: `examples/${file}`, code: await readFile(new URL(file, root), 'utf8') };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  const looked = roots.map((root) => fileURLToPath(root)).join(', ');
  throw new Error(`examples/${file} is missing from this installation (looked in ${looked}); rebuild with npm run build`);
}
