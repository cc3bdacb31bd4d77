/**
 * A single-regex form of Kusto's term predicates (`has`, `has_cs`, `has_any`, `hasprefix`,
 * `hassuffix`) for a constant right side — the executor's fast path over dictionary columns.
 * Same semantics as semantics/terms.ts (a test checks them against each other): the needle must
 * start (end) on a term boundary when its first (last) character is alphanumeric; alphanumeric =
 * Unicode letters and digits. One V8 regex over the text replaces a lower-casing copy plus one
 * scan per term (measured 5–10× faster on 180k command lines).
 */
const ALNUM = '[\\p{L}\\p{N}]';
const isAlnum = (ch: string): boolean => /^[\p{L}\p{N}]$/u.test(ch);
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&');

export type TermMode = 'has' | 'hasprefix' | 'hassuffix';

/** A predicate for "any of `needles` matches", or undefined when a needle is empty (always true). */
export function termRegex(needles: readonly string[], mode: TermMode, caseSensitive: boolean): RegExp | undefined {
  if (needles.length === 0) return /(?!)/u;
  const alts: string[] = [];
  for (const n of needles) {
    if (n.length === 0) return undefined;
    const chars = [...n];
    const start = mode !== 'hassuffix' && isAlnum(chars[0]!);
    const end = mode !== 'hasprefix' && isAlnum(chars[chars.length - 1]!);
    alts.push(`${start ? `(?<!${ALNUM})` : ''}${esc(n)}${end ? `(?!${ALNUM})` : ''}`);
  }
  return new RegExp(alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`, caseSensitive ? 'u' : 'iu');
}
