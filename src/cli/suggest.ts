/**
 * The candidates closest to a mistyped `word`, for "Did you mean …?": an edit distance
 * (insert, delete, substitute, swap two neighbours) of at most a third of the word,
 * and at least 1; the nearest first, ties in the candidates' order.
 *
 * @example
 * similar('gahter', ['greet', 'gather', 'timeout']); // ['gather']
 */
export function similar(word: string, candidates: readonly string[]): string[] {
  const max = Math.max(1, Math.floor(word.length / 3));
  return candidates
    .map((candidate, index) => ({ candidate, index, d: distance(word.toLowerCase(), candidate.toLowerCase()) }))
    .filter((c) => c.d <= max)
    .sort((a, b) => a.d - b.d || a.index - b.index)
    .map((c) => c.candidate);
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits). */
function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}
