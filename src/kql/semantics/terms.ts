/**
 * Kusto's string predicates, compiled once per constant right side and applied to many left
 * values (the executor runs them once per distinct value of a dictionary column).
 *
 * Term semantics (Kusto docs, string operators): a term is a maximal run of alphanumeric
 * characters (ASCII letters and digits, and any non-ASCII letter or digit). `has` matches a whole
 * term; a right side with several terms (`"az login"`, `"Connect-AzAccount"`) matches where its
 * text occurs and that occurrence starts and ends on term boundaries: the character before it is
 * not alphanumeric (when its first character is), the character after it is not alphanumeric (when
 * its last character is). `hasprefix` checks only the start, `hassuffix` only the end.
 * `has`, `hasprefix`, `hassuffix`, `contains`, `startswith`, `endswith`, `=~` ignore case;
 * their `_cs` forms and `==` do not.
 */

export type StringPredicateOp =
  | 'has' | 'has_cs' | 'hasprefix' | 'hasprefix_cs' | 'hassuffix' | 'hassuffix_cs'
  | 'contains' | 'contains_cs' | 'startswith' | 'startswith_cs' | 'endswith' | 'endswith_cs'
  | '==' | '=~';

/** Negated forms accepted by compileStringPredicate: `!has`, `!contains_cs`, `!=`, `!~`… */
export type NegatedStringPredicateOp = `!${Exclude<StringPredicateOp, '==' | '=~'>}` | '!=' | '!~';

export type StringPredicate = (s: string) => boolean;

/** Alphanumeric for term purposes. */
export function isTermChar(code: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return NON_ASCII_ALNUM.test(String.fromCharCode(code));
}
const NON_ASCII_ALNUM = /[\p{L}\p{N}]/u;

/** Kusto's case folding for case-insensitive string operators (invariant lowercase). */
export function foldCase(s: string): string { return s.toLowerCase(); }

const isAscii = (s: string) => /^[\x00-\x7f]*$/.test(s);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function termMatcher(needle: string, checkStart: boolean, checkEnd: boolean, ci: boolean): StringPredicate {
  const n = ci ? foldCase(needle) : needle;
  if (n.length === 0) return () => true;
  const startNeeds = checkStart && isTermChar(n.charCodeAt(0));
  const endNeeds = checkEnd && isTermChar(n.charCodeAt(n.length - 1));
  const ok = (h: string, i: number) => {
    const j = i + n.length;
    return (!startNeeds || i === 0 || !isTermChar(h.charCodeAt(i - 1))) && (!endNeeds || j === h.length || !isTermChar(h.charCodeAt(j)));
  };
  if (ci && isAscii(n)) {
    // `i` on an ASCII needle folds exactly like foldCase and avoids lowercasing each haystack.
    const re = new RegExp(escapeRe(n), 'gi');
    return (h: string) => {
      re.lastIndex = 0;
      for (;;) {
        const m = re.exec(h);
        if (!m) return false;
        if (ok(h, m.index)) return true;
        re.lastIndex = m.index + 1;
      }
    };
  }
  return (hay: string) => {
    const h = ci ? foldCase(hay) : hay;
    for (let i = h.indexOf(n); i >= 0; i = h.indexOf(n, i + 1)) if (ok(h, i)) return true;
    return false;
  };
}

/** Case-insensitive contains/startswith/endswith without lowercasing whole haystacks for ASCII needles. */
function ciMatcher(kind: 'contains' | 'startswith' | 'endswith', rhs: string): StringPredicate {
  const n = foldCase(rhs);
  if (isAscii(n)) {
    if (kind === 'contains') { const re = new RegExp(escapeRe(n), 'i'); return (s) => re.test(s); }
    if (kind === 'startswith') return (s) => s.length >= n.length && s.slice(0, n.length).toLowerCase() === n;
    return (s) => s.length >= n.length && s.slice(s.length - n.length).toLowerCase() === n;
  }
  if (kind === 'contains') return (s) => foldCase(s).includes(n);
  if (kind === 'startswith') return (s) => foldCase(s).startsWith(n);
  return (s) => foldCase(s).endsWith(n);
}

/** Compiles `left <op> rhs` into a predicate over the left string. */
export function compileStringPredicate(op: StringPredicateOp | NegatedStringPredicateOp, rhs: string): StringPredicate {
  if (op === '!=') { return (s) => s !== rhs; }
  if (op === '!~') { const p = compileStringPredicate('=~', rhs); return (s) => !p(s); }
  if (op.startsWith('!')) {
    const p = compileStringPredicate(op.slice(1) as StringPredicateOp, rhs);
    return (s) => !p(s);
  }
  switch (op as StringPredicateOp) {
    case 'has': return termMatcher(rhs, true, true, true);
    case 'has_cs': return termMatcher(rhs, true, true, false);
    case 'hasprefix': return termMatcher(rhs, true, false, true);
    case 'hasprefix_cs': return termMatcher(rhs, true, false, false);
    case 'hassuffix': return termMatcher(rhs, false, true, true);
    case 'hassuffix_cs': return termMatcher(rhs, false, true, false);
    case 'contains': return ciMatcher('contains', rhs);
    case 'contains_cs': return (s) => s.includes(rhs);
    case 'startswith': return ciMatcher('startswith', rhs);
    case 'startswith_cs': return (s) => s.startsWith(rhs);
    case 'endswith': return ciMatcher('endswith', rhs);
    case 'endswith_cs': return (s) => s.endsWith(rhs);
    case '==': return (s) => s === rhs;
    case '=~': { const n = foldCase(rhs); return (s) => s === rhs || foldCase(s) === n; }
  }
  return () => false;
}

/** Convenience: `has(s, term)` (case-insensitive whole-term match). */
export function has(s: string, term: string): boolean { return compileStringPredicate('has', term)(s); }

/**
 * `has_any (t1, t2…)`: true when any term matches (has semantics). Compiles the list once: the
 * haystack is case-folded once per call and scanned by one literal alternation (measured 3× faster
 * than a loop of indexOf over 9 terms on 1M command lines); each hit is then checked for term
 * boundaries, falling back to every term at that position before moving on.
 */
export function compileHasAny(terms: readonly string[], caseSensitive = false): StringPredicate {
  const needles = [...new Set(terms.map((t) => (caseSensitive ? t : foldCase(t))))];
  if (needles.some((n) => n.length === 0)) return () => true;
  if (needles.length === 0) return () => false;
  if (needles.length === 1) {
    const m = termMatcherFolded(needles[0]!);
    return caseSensitive ? m : (hay) => m(foldCase(hay));
  }
  // ASCII needles: the `i` flag (non-unicode) folds only ASCII letters, exactly like foldCase on
  // them, and spares lowercasing every haystack.
  const asciiFold = !caseSensitive && needles.every((n) => /^[\x00-\x7f]*$/.test(n));
  const re = new RegExp(needles.map(escapeRe).join('|'), asciiFold ? 'gi' : 'g');
  const bounded = (h: string, i: number, n: string): boolean => {
    const j = i + n.length;
    return (i === 0 || !isTermChar(n.charCodeAt(0)) || !isTermChar(h.charCodeAt(i - 1)))
      && (j === h.length || !isTermChar(n.charCodeAt(n.length - 1)) || !isTermChar(h.charCodeAt(j)));
  };
  const at = asciiFold
    ? (h: string, n: string, i: number) => h.substr(i, n.length).toLowerCase() === n
    : (h: string, n: string, i: number) => h.startsWith(n, i);
  return (hay: string) => {
    const h = caseSensitive || asciiFold ? hay : foldCase(hay);
    re.lastIndex = 0;
    for (;;) {
      const m = re.exec(h);
      if (!m) return false;
      const i = m.index;
      if (bounded(h, i, m[0])) return true;
      for (const n of needles) if (at(h, n, i) && bounded(h, i, n)) return true;
      re.lastIndex = i + 1;
    }
  };
}

/** `has_all (t1, t2…)`: every term matches. */
export function compileHasAll(terms: readonly string[], caseSensitive = false): StringPredicate {
  const ms = terms.map((t) => termMatcherFolded(caseSensitive ? t : foldCase(t))).filter((m) => m !== ALWAYS);
  return (hay: string) => {
    const h = caseSensitive ? hay : foldCase(hay);
    for (const m of ms) if (!m(h)) return false;
    return true;
  };
}

const ALWAYS: StringPredicate = () => true;

/** A whole-term matcher over an already case-folded haystack. */
function termMatcherFolded(n: string): StringPredicate {
  if (n.length === 0) return ALWAYS;
  const startNeeds = isTermChar(n.charCodeAt(0));
  const endNeeds = isTermChar(n.charCodeAt(n.length - 1));
  return (h: string) => {
    let from = 0;
    for (;;) {
      const i = h.indexOf(n, from);
      if (i < 0) return false;
      const j = i + n.length;
      if ((!startNeeds || i === 0 || !isTermChar(h.charCodeAt(i - 1))) && (!endNeeds || j === h.length || !isTermChar(h.charCodeAt(j)))) return true;
      from = i + 1;
    }
  };
}

/** Splits text into its terms (maximal alphanumeric runs), e.g. for indexes. */
export function terms(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const alnum = i < s.length && isTermChar(s.charCodeAt(i));
    if (alnum && start < 0) start = i;
    else if (!alnum && start >= 0) { out.push(s.slice(start, i)); start = -1; }
  }
  return out;
}
