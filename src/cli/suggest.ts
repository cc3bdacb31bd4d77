/**
 * "Did you mean" for unknown commands and options: the candidates nearest by edit distance
 * (Damerau–Levenshtein, optimal string alignment: a swap of two neighbours counts 1), within
 * max(1, ⌊length/3⌋) edits, or the candidates the word is a prefix of.
 */

/** Edits (insert, delete, substitute, swap neighbours) between a and b, case-insensitive. */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase(); b = b.toLowerCase();
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidates to `word` (best first, at most 3), or [] when none is close. */
export function suggest(word: string, candidates: readonly string[]): string[] {
  const limit = Math.max(1, Math.floor(word.length / 3));
  const scored = candidates.map((c) => ({ c, d: editDistance(word, c) })).filter((x) => x.d <= limit);
  if (!scored.length && word.length >= 2) {
    const lw = word.toLowerCase();
    return candidates.filter((c) => c.toLowerCase().startsWith(lw)).slice(0, 3);
  }
  return scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c)).slice(0, 3).map((x) => x.c);
}

/** ` (did you mean X?)` / ` (did you mean X or Y?)`, or '' when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[], show: (c: string) => string = (c) => c): string {
  const s = suggest(word, candidates).map(show);
  if (!s.length) return '';
  return ` (did you mean ${s.length === 1 ? s[0] : `${s.slice(0, -1).join(', ')} or ${s[s.length - 1]}`}?)`;
}
