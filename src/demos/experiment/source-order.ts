/**
 * Where each exported name is declared in `source`, for running a file's functions in
 * the order they are written (an ES module's namespace lists its names alphabetically).
 * A light scan, not a parser: `export function a`, `export async function* a`,
 * `export const a =`, `export { a, b as c }`, `exports.a =`. Names it cannot place keep
 * their given order after the placed ones.
 *
 * @example
 * sourceOrder(['alpha', 'zed'], 'export async function zed() {}\nexport const alpha = async () => 1;');
 * // ['zed', 'alpha']
 */
export function sourceOrder(names: readonly string[], source: string): string[] {
  const at = new Map<string, number>();
  const place = (name: string, index: number): void => {
    if (!at.has(name)) at.set(name, index);
  };
  const declarations =
    /\bexport\s+(?:declare\s+)?(?:async\s+)?(?:function\s*\*?|const|let|var|class)\s*([A-Za-z_$][\w$]*)|\bexports\.([A-Za-z_$][\w$]*)\s*=/g;
  for (const m of source.matchAll(declarations)) place((m[1] ?? m[2])!, m.index);
  for (const m of source.matchAll(/\bexport\s*(?:type\s*)?\{([^}]*)\}/g)) {
    let offset = m.index + m[0].indexOf('{');
    for (const part of m[1]!.split(',')) {
      const words = part.trim().split(/\s+as\s+/);
      const exported = (words[1] ?? words[0] ?? '').trim();
      if (exported !== '') place(exported, offset);
      offset += part.length + 1;
    }
  }
  const placed = names.filter((n) => at.has(n)).sort((a, b) => at.get(a)! - at.get(b)!);
  return [...placed, ...names.filter((n) => !at.has(n))];
}
