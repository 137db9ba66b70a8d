const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * A horizontal bar `fraction` of `width` cells long, drawn to the eighth of a cell with
 * block glyphs, or rounded to whole `#` cells in ASCII. A positive fraction always shows
 * at least a sliver, so a very fast variant is never invisible next to a slow one.
 *
 * @example
 * bar(0.5, 10, true);  // '█████'
 * bar(0.33, 10, true); // '███▎'
 * bar(0.33, 10, false); // '###'
 */
export function bar(fraction: number, width: number, unicode: boolean): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  if (unicode) {
    const eighths = Math.max(f > 0 ? 1 : 0, Math.round(f * width * 8));
    return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
  }
  return '#'.repeat(Math.max(f > 0 ? 1 : 0, Math.round(f * width)));
}
