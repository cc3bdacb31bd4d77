/**
 * Term keys: the case-free form in which a term index stores Kusto terms (semantics/terms.ts) and
 * in which a term filter looks them up. An index built on these keys answers with a SUPERSET of the
 * rows every engine path accepts, because the engine has three case-insensitive comparisons and the
 * key must not separate what any of them joins:
 * - terms.ts lower-cases whole strings (`toLowerCase`: İ → i + U+0307, final Σ → ς);
 * - the `i` regex of terms.ts on ASCII needles (ASCII case only);
 * - exec/term-regex.ts uses `iu` regexes (Unicode simple case folding: ſ ≡ s, K (Kelvin) ≡ k,
 *   ΐ ≡ ΐ, ﬅ ≡ ﬆ, U+0345 ≡ ι) with code-point boundaries.
 *
 * The key of a term maps each UTF-16 unit c to lower(upper(lower(c))) when each step is one unit,
 * plus the three simple-folding pairs that case mapping does not join (ΐ, ΰ, ﬅ). Terms never
 * hold surrogates (terms.ts tests code units, and a lone surrogate is not a letter), so astral
 * letters are term separators on both sides. A test checks every pair of BMP units that any
 * comparison joins against this key and against the term-character test.
 *
 * Two characters cannot be keyed safely: İ (U+0130, lower-cases to two units, which splits a term
 * into "i" and the rest) and U+0345 (a combining mark, so a term separator, that folds to the
 * letter ι). A value holding either is not indexed (always a candidate); a needle holding either
 * does not narrow (see hasKeyHazard).
 */
import { isTermChar } from './terms.js';

const HAZARD = 0xffff;
const ASCII = /^[\x00-\x7f]*$/;
let table: Uint16Array | undefined;
/** 1 where a BMP unit is a term character (isTermChar, precomputed). */
let termUnits: Uint8Array | undefined;

/** The per-unit key table for the BMP (built on first use, ~5 ms). HAZARD marks the unsafe units. */
function keyTable(): Uint16Array {
  if (table) return table;
  const t = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c < 128) { t[c] = c >= 65 && c <= 90 ? c + 32 : c; continue; }
    if (c >= 0xd800 && c < 0xe000) { t[c] = c; continue; }
    const ch = String.fromCharCode(c);
    const l = ch.toLowerCase();
    if (l.length !== 1) { t[c] = HAZARD; continue; }
    const u = l.toUpperCase();
    const l2 = u.length === 1 ? u.toLowerCase() : l;
    const k = l2.length === 1 ? l2 : l;
    t[c] = k.charCodeAt(0);
  }
  // Simple case folding joins these, case mapping does not (CaseFolding.txt, status S).
  for (const [a, b] of [[0x1fd3, 0x390], [0x1fe3, 0x3b0], [0xfb05, 0xfb06]] as const) t[a] = t[b]!;
  // A unit whose key (or whose fold) differs in being a term character cannot be keyed.
  for (let c = 128; c < 0x10000; c++) {
    const k = t[c]!;
    if (k !== HAZARD && isTermChar(k) !== isTermChar(c)) t[c] = HAZARD;
    const ch = String.fromCharCode(c);
    const u = ch.toUpperCase();
    if (u.length === 1 && isTermChar(u.charCodeAt(0)) !== isTermChar(c)) t[c] = HAZARD;
  }
  const tu = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) tu[c] = isTermChar(c) ? 1 : 0;
  termUnits = tu;
  table = t;
  return t;
}

/** True when `s` holds a character whose case folding can move a term boundary (İ, U+0345). */
export function hasKeyHazard(s: string): boolean {
  if (ASCII.test(s)) return false;
  const t = keyTable();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 && t[c] === HAZARD) return true;
  }
  return false;
}

/** The key of one term (a maximal alphanumeric run, any case). */
export function termKey(term: string): string {
  let ascii = true;
  for (let i = 0; i < term.length; i++) if (term.charCodeAt(i) >= 128) { ascii = false; break; }
  if (ascii) return term.toLowerCase();
  const t = keyTable();
  let out = '';
  for (let i = 0; i < term.length; i++) out += String.fromCharCode(t[term.charCodeAt(i)]!);
  return out;
}

/**
 * Calls `emit` with the key of each term of a value, in order (a term that occurs twice is emitted
 * twice). Returns false, emitting nothing, when the value holds a hazard character (then it must
 * always be a candidate).
 */
export function forEachTermKey(value: string, emit: (key: string) => void): boolean {
  if (ASCII.test(value)) {
    // The common case: one lower-casing of the whole value, terms sliced from it.
    const low = value.toLowerCase();
    let start = -1;
    for (let i = 0; i <= low.length; i++) {
      const c = i < low.length ? low.charCodeAt(i) : 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) { if (start < 0) start = i; }
      else if (start >= 0) { emit(low.slice(start, i)); start = -1; }
    }
    return true;
  }
  const t = keyTable(), tu = termUnits!;
  for (let i = 0; i < value.length; i++) { const c = value.charCodeAt(i); if (c >= 128 && t[c] === HAZARD) return false; }
  let start = -1, ascii = true;
  const n = value.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? value.charCodeAt(i) : 32;
    let alnum: boolean;
    if (c < 128) alnum = (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    else { alnum = tu[c] === 1; if (alnum) ascii = false; }
    if (alnum) { if (start < 0) start = i; }
    else if (start >= 0) {
      const s = value.slice(start, i);
      emit(ascii ? s.toLowerCase() : termKey(s));
      start = -1; ascii = true;
    }
  }
  return true;
}

/** The distinct term keys of a value, in order of first appearance, or undefined when it holds a hazard character. */
export function termKeysOf(value: string): Set<string> | undefined {
  const out = new Set<string>();
  return forEachTermKey(value, (k) => { out.add(k); }) ? out : undefined;
}
