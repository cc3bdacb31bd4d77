/**
 * RE2 syntax → JavaScript RegExp source, faithfully, written for V8's linear-time fallback engine.
 *
 * That engine (enabled in index.ts) handles only patterns without the `i`/`u` flags, lookaround and
 * backreferences, so the output avoids them: case-insensitivity is expanded into character classes
 * (`a` → `[aA]`), `.` becomes `[^\n]` (or `[\s\S]` under `s`), RE2's ASCII `\s` becomes `[\t\n\f\r ]`,
 * `\pL`/`\p{Greek}` become explicit BMP ranges. Lookaround and backreferences are rejected, as RE2
 * rejects them. Strings are matched as UTF-16 (supplementary characters count as two units; `.`
 * then matches half of one — documented in README.md).
 */

export class RegexSyntaxError extends Error {
  constructor(message: string, readonly offset: number) { super(message); }
}

export interface Translation {
  readonly source: string;
  readonly flags: string; // '' or 'm'
  readonly groupNames: readonly (string | undefined)[]; // index i = group i+1
}

interface Flags { i: boolean; m: boolean; s: boolean; U: boolean }

type Ranges = Array<[number, number]>; // inclusive code-unit ranges (BMP)

const ASCII_CLASSES: Record<string, Ranges> = {
  alnum: [[48, 57], [65, 90], [97, 122]],
  alpha: [[65, 90], [97, 122]],
  ascii: [[0, 127]],
  blank: [[9, 9], [32, 32]],
  cntrl: [[0, 31], [127, 127]],
  digit: [[48, 57]],
  graph: [[33, 126]],
  lower: [[97, 122]],
  print: [[32, 126]],
  punct: [[33, 47], [58, 64], [91, 96], [123, 126]],
  space: [[9, 13], [32, 32]],
  upper: [[65, 90]],
  word: [[48, 57], [65, 90], [95, 95], [97, 122]],
  xdigit: [[48, 57], [65, 70], [97, 102]],
};
const PERL: Record<string, Ranges> = {
  d: [[48, 57]],
  s: [[9, 10], [12, 13], [32, 32]],
  w: [[48, 57], [65, 90], [95, 95], [97, 122]],
};

const GENERAL_CATEGORIES = new Set([
  'L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Ps', 'Pe',
  'Pi', 'Pf', 'Po', 'S', 'Sm', 'Sc', 'Sk', 'So', 'Z', 'Zs', 'Zl', 'Zp', 'C', 'Cc', 'Cf', 'Cs', 'Co', 'Cn',
]);

const propCache = new Map<string, Ranges>();

/** BMP ranges of a Unicode property (general category or script), computed once with a `u` regex. */
function unicodeProperty(name: string, offset: number): Ranges {
  const hit = propCache.get(name);
  if (hit) return hit;
  let re: RegExp;
  if (name === 'Any') { const r: Ranges = [[0, 0xffff]]; propCache.set(name, r); return r; }
  try {
    re = new RegExp(GENERAL_CATEGORIES.has(name) ? `^\\p{${name}}$` : `^\\p{Script=${name}}$`, 'u');
  } catch {
    throw new RegexSyntaxError(`invalid character class range: \\p{${name}}`, offset);
  }
  const out: Ranges = [];
  let start = -1;
  for (let c = 0; c <= 0x10000; c++) {
    const inSet = c < 0x10000 && !(c >= 0xd800 && c <= 0xdfff) && re.test(String.fromCharCode(c));
    if (inSet && start < 0) start = c;
    else if (!inSet && start >= 0) { out.push([start, c - 1]); start = -1; }
  }
  propCache.set(name, out);
  return out;
}

function complement(r: Ranges): Ranges {
  const sorted = normalize(r);
  const out: Ranges = [];
  let next = 0;
  for (const [a, b] of sorted) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= 0xffff) out.push([next, 0xffff]);
  return out;
}

function normalize(r: Ranges): Ranges {
  const s = [...r].sort((x, y) => x[0] - y[0]);
  const out: Ranges = [];
  for (const [a, b] of s) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Adds the other case of letters in the ranges (ASCII exactly; other ranges up to 2,000 units by enumeration). */
function addCaseVariants(r: Ranges): Ranges {
  const out: Ranges = [...r];
  for (const [a, b] of r) {
    const lo = Math.max(a, 65), hi = Math.min(b, 90);
    if (lo <= hi) out.push([lo + 32, hi + 32]);
    const lo2 = Math.max(a, 97), hi2 = Math.min(b, 122);
    if (lo2 <= hi2) out.push([lo2 - 32, hi2 - 32]);
    if (b >= 128 && b - a <= 2000) {
      for (let c = Math.max(a, 128); c <= b; c++) {
        for (const v of caseVariants(c)) if (v !== c) out.push([v, v]);
      }
    }
  }
  return normalize(out);
}

function caseVariants(c: number): number[] {
  const ch = String.fromCharCode(c);
  const res = new Set<number>([c]);
  for (const x of [ch.toLowerCase(), ch.toUpperCase()]) if (x.length === 1) res.add(x.charCodeAt(0));
  // K (Kelvin) / ſ style folds are outside RE2's simple folding we emulate; keep simple.
  return [...res];
}

function hex4(c: number): string { return '\\u' + c.toString(16).padStart(4, '0'); }

function classItem(c: number): string {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return String.fromCharCode(c);
  return hex4(c);
}

function rangesToClass(r: Ranges, negate = false): string {
  const n = normalize(r);
  if (n.length === 0) return negate ? '[\\s\\S]' : '[^\\s\\S]';
  let s = '[' + (negate ? '^' : '');
  for (const [a, b] of n) s += a === b ? classItem(a) : b === a + 1 ? classItem(a) + classItem(b) : `${classItem(a)}-${classItem(b)}`;
  return s + ']';
}

/** One literal code unit as JS source (case-expanded under i). */
function literal(c: number, f: Flags): string {
  if (f.i) {
    const vs = caseVariants(c);
    if (vs.length > 1) return rangesToClass(vs.map((v) => [v, v]));
  }
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 32) return String.fromCharCode(c);
  if (c < 0x10000) return hex4(c);
  const s = String.fromCodePoint(c);
  return hex4(s.charCodeAt(0)) + hex4(s.charCodeAt(1));
}

const MAX_REPEAT = 1000;

/** Translates an RE2 pattern; throws RegexSyntaxError with the offset of the problem. */
export function translateRe2(pattern: string): Translation {
  const p = pattern;
  let pos = 0;
  const groupNames: (string | undefined)[] = [];
  let usesMultiline = false;
  let usesNonMultilineAnchor = false;

  // Pass 1 is the translation itself; `m` handling needs to know whether any (?m) appears at all.
  const anyM = /\(\?[a-zA-Z]*m[a-zA-Z]*[):]/.test(p);

  function err(msg: string, at = pos): never { throw new RegexSyntaxError(msg, at); }

  function parseAlternation(f0: Flags, depth: number): string {
    // RE2: a flag set by (?i) holds to the end of the enclosing group, across `|` (so one copy per group).
    const f: Flags = { ...f0 };
    let out = parseSequence(f, depth);
    while (pos < p.length && p[pos] === '|') {
      pos++;
      out += '|' + parseSequence(f, depth);
    }
    return out;
  }

  /** A sequence; inline flag changes `(?i)` apply to the rest of the enclosing group. */
  function parseSequence(f: Flags, depth: number): string {
    let out = '';
    let lastAtomStart = -1; // index in out of the last quantifiable atom
    while (pos < p.length) {
      const ch = p[pos]!;
      if (ch === '|') break;
      if (ch === ')') { if (depth === 0) err('unexpected )'); break; }
      const atomStart = out.length;
      if (ch === '(') {
        const g = parseGroup(f, depth);
        if (g === null) { lastAtomStart = -1; continue; } // flag setting
        out += g;
      } else if (ch === '[') {
        out += parseClass(f);
      } else if (ch === '.') {
        pos++; out += f.s ? '[\\s\\S]' : '[^\\n]';
      } else if (ch === '^') {
        pos++;
        if (f.m) { out += '^'; usesMultiline = true; }
        else if (anyM) { out += '(?<![\\s\\S])'; usesNonMultilineAnchor = true; }
        else out += '^';
        lastAtomStart = -1; continue;
      } else if (ch === '$') {
        pos++;
        if (f.m) { out += '$'; usesMultiline = true; }
        else if (anyM) { out += '(?![\\s\\S])'; usesNonMultilineAnchor = true; }
        else out += '$';
        lastAtomStart = -1; continue;
      } else if (ch === '\\' && p[pos + 1] === 'Q') {
        // \Q…\E is a run of literals: a following quantifier applies to the last one only
        const end = p.indexOf('\\E', pos + 2);
        const lit = Array.from(end < 0 ? p.slice(pos + 2) : p.slice(pos + 2, end));
        pos = end < 0 ? p.length : end + 2;
        if (lit.length === 0) { lastAtomStart = -1; continue; }
        for (let k = 0; k < lit.length - 1; k++) out += literal(lit[k]!.codePointAt(0)!, f);
        const lastStart = out.length;
        out += literal(lit[lit.length - 1]!.codePointAt(0)!, f);
        // fall through to the quantifier loop with the last literal as the atom
        const q = quantify(out, lastStart, f);
        out = q;
        lastAtomStart = lastStart;
        continue;
      } else if (ch === '\\') {
        const e = parseEscape(f, false);
        if (e.anchor) { out += e.text; lastAtomStart = -1; continue; }
        out += e.text;
      } else if (ch === '*' || ch === '+' || ch === '?') {
        err(`missing argument to repetition operator: ${ch}`);
      } else if (ch === '{' && /^\{\d+(,\d*)?\}/.test(p.slice(pos))) {
        err('missing argument to repetition operator: {');
      } else {
        const cp = p.codePointAt(pos)!;
        pos += cp > 0xffff ? 2 : 1;
        out += literal(cp, f);
      }
      out = quantify(out, atomStart, f);
      lastAtomStart = atomStart;
    }
    void lastAtomStart;
    return out;
  }

  /** Applies any quantifiers at pos to the atom that starts at atomStart in out. */
  function quantify(out0: string, atomStart: number, f: Flags): string {
    let out = out0;
    let quantified = false;
    for (;;) {
      const q = p[pos];
      let qs: string | undefined;
      if (q === '*' || q === '+' || q === '?') { qs = q; pos++; }
      else if (q === '{') {
        const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(p.slice(pos));
        if (!m) break; // a literal '{' (RE2 treats a non-repetition brace as a literal)
        const lo = +m[1]!, hi = m[3] ? +m[3] : undefined;
        if (lo > MAX_REPEAT || (hi !== undefined && hi > MAX_REPEAT)) err('bad repetition operator: count over 1000');
        if (hi !== undefined && hi < lo) err(`bad repetition operator: ${m[0]}`);
        qs = m[0]; pos += m[0].length;
      } else break;
      if (quantified) err(`bad repetition operator: ${qs}`);
      let lazy = false;
      if (p[pos] === '?') { lazy = true; pos++; }
      if (f.U) lazy = !lazy;
      const atom = out.slice(atomStart);
      out = out.slice(0, atomStart) + wrapAtom(atom) + qs + (lazy ? '?' : '');
      quantified = true;
      if (p[pos] === '*' || p[pos] === '+' || p[pos] === '?') err(`bad repetition operator: ${qs}${p[pos]}`);
    }
    return out;
  }

  function wrapAtom(atom: string): string {
    // single escaped unit, class, or group: quantifiable as is
    if (/^(?:\\u[0-9a-f]{4}|\\[dDwWsSbB]|[A-Za-z0-9_ ]|\[(?:[^\]\\]|\\.)*\])$/.test(atom)) return atom;
    if (atom.startsWith('(') && matchingParenEnd(atom) === atom.length - 1) return atom;
    return `(?:${atom})`;
  }

  function matchingParenEnd(s: string): number {
    let d = 0, inClass = false;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === '\\') { i++; continue; }
      if (inClass) { if (c === ']') inClass = false; continue; }
      if (c === '[') inClass = true;
      else if (c === '(') d++;
      else if (c === ')') { d--; if (d === 0) return i; }
    }
    return -1;
  }

  /** Returns the group's JS source, or null for a bare flag group `(?i)` (which updates f in place). */
  function parseGroup(f: Flags, depth: number): string | null {
    const start = pos;
    pos++; // (
    if (p[pos] === '?') {
      pos++;
      if (p[pos] === 'P' && p[pos + 1] === '<' || p[pos] === '<' && p[pos + 1] !== '=' && p[pos + 1] !== '!') {
        if (p[pos] === 'P') pos++;
        pos++; // <
        const m = /^([A-Za-z_][A-Za-z0-9_]*)>/.exec(p.slice(pos));
        if (!m) err('invalid named capture group', start);
        if (groupNames.includes(m[1]!)) err(`duplicate capture group name: ${m[1]}`, start);
        pos += m[0].length;
        groupNames.push(m[1]!);
        const inner = parseAlternation(f, depth + 1);
        if (p[pos] !== ')') err('missing closing )', start);
        pos++;
        return `(?<${m[1]}>${inner})`;
      }
      if (p[pos] === '=' || p[pos] === '!' || (p[pos] === '<' && (p[pos + 1] === '=' || p[pos + 1] === '!'))) {
        err('invalid or unsupported Perl syntax: lookaround (?=, (?!, (?<=, (?<! is not supported by RE2', start);
      }
      // flags: (?flags) or (?flags:re)
      const m = /^([imsU]*)(?:-([imsU]*))?([:)])/.exec(p.slice(pos));
      if (!m) err('invalid or unsupported Perl syntax: (?' + (p[pos] ?? ''), start);
      if (m[1] === '' && m[2] === '' && m[3] === ')') err('missing flags in (?)', start);
      pos += m[0].length;
      const nf: Flags = { ...f };
      for (const c of m[1]!) nf[c as keyof Flags] = true;
      for (const c of m[2] ?? '') nf[c as keyof Flags] = false;
      if (m[3] === ')') { Object.assign(f, nf); return null; }
      const inner = parseAlternation(nf, depth + 1);
      if (p[pos] !== ')') err('missing closing )', start);
      pos++;
      return `(?:${inner})`;
    }
    groupNames.push(undefined);
    const inner = parseAlternation(f, depth + 1);
    if (p[pos] !== ')') err('missing closing )', start);
    pos++;
    return `(${inner})`;
  }

  interface Esc { text: string; anchor?: boolean; ranges?: Ranges; cp?: number }

  /** Parses an escape at pos (p[pos] === '\\'). In a class, returns ranges or a code point. */
  function parseEscape(f: Flags, inClass: boolean): Esc {
    const start = pos;
    pos++;
    if (pos >= p.length) err('trailing backslash at end of expression', start);
    const c = p[pos]!;
    pos++;
    const single = (cp: number): Esc => ({ text: literal(cp, f), cp });
    switch (c) {
      case 'd': case 's': case 'w': return { text: rangesToClass(PERL[c]!), ranges: PERL[c]! };
      case 'D': case 'S': case 'W': { const r = complement(PERL[c.toLowerCase()]!); return { text: rangesToClass(r), ranges: r }; }
      case 'b': if (inClass) err('invalid escape sequence: \\b in class', start); return { text: '\\b', anchor: true };
      case 'B': if (inClass) err('invalid escape sequence: \\B in class', start); return { text: '\\B', anchor: true };
      case 'A': if (inClass) err('invalid escape sequence: \\A', start); return { text: anyM ? '(?<![\\s\\S])' : '^', anchor: true };
      case 'z': if (inClass) err('invalid escape sequence: \\z', start); if (anyM) usesNonMultilineAnchor = true; return { text: anyM ? '(?![\\s\\S])' : '$', anchor: true };
      case 'Z': err('invalid escape sequence: \\Z (RE2 has no \\Z; use \\z or $)', start);
      case 'C': return { text: '[\\s\\S]', ranges: [[0, 0xffff]] };
      case 'n': return single(10);
      case 't': return single(9);
      case 'r': return single(13);
      case 'f': return single(12);
      case 'v': return single(11);
      case 'a': return single(7);
      case 'x': {
        let m = /^\{([0-9a-fA-F]{1,6})\}/.exec(p.slice(pos));
        if (m) { pos += m[0].length; const cp = parseInt(m[1]!, 16); if (cp > 0x10ffff) err('invalid escape sequence: \\x{…} out of range', start); return single(cp); }
        m = /^[0-9a-fA-F]{2}/.exec(p.slice(pos));
        if (!m) err('invalid escape sequence: \\x', start);
        pos += 2;
        return single(parseInt(m[0], 16));
      }
      case 'p': case 'P': {
        let name: string;
        if (p[pos] === '{') {
          const end = p.indexOf('}', pos);
          if (end < 0) err('invalid character class range: \\p{', start);
          name = p.slice(pos + 1, end);
          pos = end + 1;
        } else { name = p[pos] ?? ''; pos++; }
        let neg = c === 'P';
        if (name.startsWith('^')) { neg = !neg; name = name.slice(1); }
        let r = unicodeProperty(name, start);
        if (f.i) r = addCaseVariants(r);
        if (neg) r = complement(r);
        return { text: rangesToClass(r), ranges: r };
      }
      case 'Q': {
        const end = p.indexOf('\\E', pos);
        const lit = end < 0 ? p.slice(pos) : p.slice(pos, end);
        pos = end < 0 ? p.length : end + 2;
        if (inClass) err('\\Q…\\E inside a character class is not supported', start);
        let text = '';
        for (const ch of lit) text += literal(ch.codePointAt(0)!, f);
        return { text: lit.length > 1 ? `(?:${text})` : text };
      }
      case 'E': return { text: '' }; // stray \E is ignored by RE2
      default: {
        if (c >= '1' && c <= '9') err('invalid escape sequence: backreferences (\\' + c + ') are not supported by RE2', start);
        if (c === '0') {
          const m = /^[0-7]{0,2}/.exec(p.slice(pos))!;
          pos += m[0].length;
          return single(parseInt('0' + m[0], 8));
        }
        if (/[A-Za-z0-9]/.test(c)) err(`invalid escape sequence: \\${c}`, start);
        // escaped punctuation: the literal character
        return single(c.codePointAt(0)!);
      }
    }
  }

  function parseClass(f: Flags): string {
    const start = pos;
    pos++; // [
    let negate = false;
    if (p[pos] === '^') { negate = true; pos++; }
    const ranges: Ranges = [];
    let first = true;
    while (pos < p.length && (p[pos] !== ']' || first)) {
      first = false;
      // POSIX class
      if (p[pos] === '[' && p[pos + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(pos));
        if (m) {
          const r0 = ASCII_CLASSES[m[2]!];
          if (!r0) err(`invalid character class range: [:${m[2]}:]`, pos);
          pos += m[0].length;
          const r = m[1] ? complement(r0) : r0;
          ranges.push(...r);
          continue;
        }
      }
      let lo: number;
      if (p[pos] === '\\') {
        const e = parseEscape({ ...f, i: false }, true);
        if (e.ranges) { ranges.push(...e.ranges); continue; }
        lo = e.cp!;
      } else {
        lo = p.codePointAt(pos)!;
        pos += lo > 0xffff ? 2 : 1;
      }
      if (p[pos] === '-' && p[pos + 1] !== ']' && pos + 1 < p.length) {
        pos++;
        let hi: number;
        if (p[pos] === '\\') {
          const e = parseEscape({ ...f, i: false }, true);
          if (e.cp === undefined) err('invalid character class range', pos);
          hi = e.cp;
        } else { hi = p.codePointAt(pos)!; pos += hi > 0xffff ? 2 : 1; }
        if (hi < lo) err(`invalid character class range: ${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)}`, start);
        ranges.push([lo, Math.min(hi, 0xffff)]);
      } else if (lo <= 0xffff) {
        ranges.push([lo, lo]);
      } else {
        // a supplementary character in a class: not representable without the u flag
        err('supplementary characters in a character class are not supported', start);
      }
    }
    if (pos >= p.length) err('missing closing ]', start);
    pos++; // ]
    let r = f.i ? addCaseVariants(ranges) : ranges;
    if (negate) r = complement(r);
    return rangesToClass(r);
  }

  const source = parseAlternation({ i: false, m: false, s: false, U: false }, 0);
  if (pos < p.length) err('unexpected )');
  void usesNonMultilineAnchor;
  return { source, flags: usesMultiline ? 'm' : '', groupNames };
}
