import { readFileSync } from 'node:fs';

/**
 * asyncdemo's version from package.json, read as text (importing the JSON would pull in
 * a loader, and the fast path for `--version` must stay small), or undefined when the
 * file cannot be read or has no version.
 *
 * @example
 * readVersion(); // '0.1.0'
 */
export function readVersion(): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}
