/**
 * Wildcard patterns (`like`'s `%` and `_`, `search`'s `*`) matched in O(text × pattern) time,
 * never by a backtracking RegExp: `x like "%a%a%a%a%a%a%b"` compiled to a JS regex backtracks
 * polynomially (degree = the number of `%`) and did not end in 10 minutes on 1,000 characters,
 * inside one uninterruptible RegExp call.
 *
 * The classic greedy matcher: on a mismatch after a `%`, retry one character further from the
 * last `%` only (earlier ones never need revisiting). Text and pattern are compared as UTF-16
 * code units (as the RegExp did: `_` is one unit); case folding is JS's simple one (the `i` flag's
 * per-unit upper-case mapping).
 */
import { work } from '../governor.js';

export type WildcardMatcher = (s: string) => boolean;

/** Compiles a pattern; `many` and `one` are its wildcard characters (`one` may be absent). */
export function wildcardMatcher(pattern: string, many: string, one: string | undefined, ignoreCase: boolean, anchored = true): WildcardMatcher {
  const MANY = -1, ONE = -2;
  const manyCode = many.charCodeAt(0), oneCode = one === undefined ? NaN : one.charCodeAt(0);
  let p: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    p.push(c === manyCode ? MANY : c === oneCode ? ONE : ignoreCase ? fold(c) : c);
  }
  // An unanchored search (`search "a*b"`) is the anchored one between two `*`s.
  if (!anchored) p = [MANY, ...p, MANY];
  return (s: string): boolean => {
    work(s.length * Math.max(1, p.length >> 3));
    let i = 0, j = 0, star = -1, mark = 0;
    const n = s.length, m = p.length;
    while (i < n) {
      const pc = j < m ? p[j]! : NaN;
      if (pc === MANY) { star = j++; mark = i; continue; }
      const c = ignoreCase ? fold(s.charCodeAt(i)) : s.charCodeAt(i);
      if (pc === ONE || pc === c) { i++; j++; continue; }
      if (star < 0) return false;
      j = star + 1;
      i = ++mark;
    }
    while (j < m && p[j] === MANY) j++;
    return j === m;
  };
}

const foldCache = new Map<number, number>();

/** The `i` flag's simple case mapping of one code unit (upper case when it is one unit). */
function fold(c: number): number {
  if (c < 128) return c >= 97 && c <= 122 ? c - 32 : c;
  let f = foldCache.get(c);
  if (f === undefined) {
    const u = String.fromCharCode(c).toUpperCase();
    f = u.length === 1 && u.charCodeAt(0) >= 128 ? u.charCodeAt(0) : c; // as RegExp: never folds into ASCII
    foldCache.set(c, f);
  }
  return f;
}
