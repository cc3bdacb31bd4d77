/**
 * KQL lexer: text → tokens with exact spans. Hand-written, one pass, never throws.
 *
 * Words are not classified as keywords here: KQL keywords are contextual (a column may be called
 * `count` or `kind`), so the parser decides. The lexer does join what Kusto treats as one token:
 * hyphenated operator names (`project-away`, `mv-expand`…), negated string operators (`!has`,
 * `!in~`…), `in~`, `$left`/`$right`, and the bodies of literal-introducing words (`datetime(…)`,
 * `time(…)`, `guid(…)`, `int(null)`…) whose contents are not KQL tokens.
 */

export type TokenKind =
  | 'ident'      // identifier or keyword (text is the word)
  | 'bracketed'  // ['name'] / ["name"] (value is the name)
  | 'string'     // any string literal form (value is the decoded text)
  | 'long'       // integer literal
  | 'real'       // floating literal
  | 'timespan'   // 1d, 1.5h, 100ms… (value is ticks)
  | 'typed'      // datetime(...), guid(...), int(...)… (text is the whole literal; inner is the body)
  | 'punct'      // operators and punctuation
  | 'error'      // a bad character or unterminated literal
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Source text of the token exactly as written. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Decoded value for strings/numbers/timespans/bracketed names. */
  readonly value?: string | number;
  /** For `typed`: the type word, lowercased, and the text between the parentheses. */
  readonly typeWord?: string;
  readonly inner?: string;
  /** For strings: obfuscated (h'…'). */
  readonly obfuscated?: boolean;
  /** For `error` tokens: what went wrong. For a `string` with a bad escape: the message. */
  readonly error?: string;
  /** For a `string` with a bad escape: offset of the backslash. */
  readonly errorAt?: number;
  /** True when whitespace or a comment precedes this token. */
  readonly spaceBefore: boolean;
}

const HYPHENATED = new Set([
  'project-away', 'project-keep', 'project-rename', 'project-reorder', 'project-smart',
  'mv-expand', 'mv-apply', 'parse-where', 'parse-kv', 'top-nested', 'top-hitters',
  'sample-distinct', 'execute-and-cache', 'assert-schema', 'make-series', 'make-graph',
  'graph-match', 'graph-merge', 'graph-to-table', 'graph-shortest-paths', 'graph-mark-components',
  'granny-asc', 'granny-desc', 'project-by-names', 'macro-expand',
]);

/** Proper prefixes of hyphenated keywords (`execute-and` of `execute-and-cache`). */
const HYPHEN_PREFIXES: ReadonlySet<string> = new Set([...HYPHENATED].flatMap((h) => {
  const parts = h.split('-');
  return parts.slice(1, -1).map((_, i) => parts.slice(0, i + 2).join('-'));
}));

/** Words after `!` that form a negated operator token. */
const NEGATABLE = new Set([
  'has', 'has_cs', 'hasprefix', 'hasprefix_cs', 'hassuffix', 'hassuffix_cs', 'contains',
  'contains_cs', 'startswith', 'startswith_cs', 'endswith', 'endswith_cs', 'in', 'between',
  'has_any', 'has_all',
]);

/** Words that introduce a literal whose parenthesized body is raw text. */
const TYPED_WORDS = new Set([
  'datetime', 'date', 'timespan', 'time', 'guid', 'uniqueid', 'int', 'int32', 'long', 'int64',
  'real', 'double', 'float', 'decimal', 'bool', 'boolean',
]);

/** Timespan unit suffixes → ticks per unit. */
export const TIMESPAN_UNITS: Readonly<Record<string, number>> = {
  d: 864e9, day: 864e9, days: 864e9,
  h: 36e9, hr: 36e9, hrs: 36e9, hour: 36e9, hours: 36e9,
  m: 6e8, min: 6e8, minute: 6e8, minutes: 6e8,
  s: 1e7, sec: 1e7, second: 1e7, seconds: 1e7,
  ms: 1e4, milli: 1e4, millis: 1e4, millisecond: 1e4, milliseconds: 1e4,
  microsecond: 10, microseconds: 10, tick: 1, ticks: 1,
};

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z_])/;

const PUNCT3 = ['--', '..', '!~', '=~', '==', '!=', '<>', '<=', '>=', '=>', '->', '<|', '|>'];

/** Identifiers are ASCII letters, digits and `_` (Kusto rejects other characters outside quotes). */
function isIdStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean { return c >= 48 && c <= 57; }

/** Tokenizes `text`. The last token is always `eof`. */
/**
 * Whitespace beyond ASCII that pasted queries carry (web pages, chat, Word): Unicode space
 * separators (NBSP, en/em spaces, narrow NBSP, ideographic space…), line/paragraph separators,
 * NEL, and the invisible zero-width space, word joiner and BOM. Microsoft's parser takes them as
 * whitespace between tokens; inside string literals they stay as written.
 */
function isUnicodeSpace(c: number): boolean {
  return c === 0xa0 || c === 0x85 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029
    || c === 0x202f || c === 0x205f || c === 0x2060 || c === 0x3000 || c === 0xfeff;
}

export function lex(text: string): Token[] {
  const toks: Token[] = [];
  const n = text.length;
  let i = 0;
  let space = false;
  const push = (t: Omit<Token, 'spaceBefore'>): void => {
    (t as unknown as { spaceBefore: boolean }).spaceBefore = space;
    toks.push(t as Token);
    space = false;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    // trivia
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff || c === 0xa0 || c === 12 || c === 11 || (c > 0x7f && isUnicodeSpace(c))) { i++; space = true; continue; }
    if (c === 47 && text.charCodeAt(i + 1) === 47) { // //
      while (i < n && text.charCodeAt(i) !== 10) i++;
      space = true;
      continue;
    }
    const start = i;
    // multi-line string ```…``` or ~~~…~~~
    if ((c === 96 || c === 126) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) {
      const fence = text.slice(i, i + 3);
      const close = text.indexOf(fence, i + 3);
      if (close < 0) {
        push({ kind: 'error', text: text.slice(start), start, end: n, error: 'unterminated multi-line string' });
        i = n;
      } else {
        i = close + 3;
        push({ kind: 'string', text: text.slice(start, i), start, end: i, value: text.slice(start + 3, close) });
      }
      continue;
    }
    // strings, possibly prefixed with h/H (obfuscated) and/or @ (verbatim)
    {
      let j = i;
      let obf = false;
      let verbatim = false;
      if ((c === 104 || c === 72) && (text[j + 1] === "'" || text[j + 1] === '"' || (text[j + 1] === '@' && (text[j + 2] === "'" || text[j + 2] === '"')))) { obf = true; j++; }
      if (text[j] === '@' && (text[j + 1] === "'" || text[j + 1] === '"')) { verbatim = true; j++; }
      const q = text[j];
      if (q === "'" || q === '"') {
        const r = readString(text, j, verbatim);
        i = r.end;
        if (r.error) push({ kind: 'error', text: text.slice(start, i), start, end: i, error: r.error });
        else push({ kind: 'string', text: text.slice(start, i), start, end: i, value: r.value, obfuscated: obf || undefined, ...(r.badEscape !== undefined ? { error: `invalid escape '${text.slice(r.badEscape, r.badEscape + 2)}'`, errorAt: r.badEscape } : {}) });
        continue;
      }
    }
    // bracketed identifiers ['x'] ["x"]
    if (c === 91) {
      let j = i + 1;
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
      let verbatim = false;
      if (text[j] === '@' && (text[j + 1] === "'" || text[j + 1] === '"')) { verbatim = true; j++; }
      if (text[j] === "'" || text[j] === '"') {
        const r = readString(text, j, verbatim);
        let k = r.end;
        while (k < n && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
        if (!r.error && text[k] === ']') {
          // `[ 'a', 'b' ]` (a list) differs from `['a']` (a name): only a single string then `]` is a name.
          // Ambiguity: `d['k']` indexing. The parser treats `bracketed` after an expression as index.
          i = k + 1;
          push({ kind: 'bracketed', text: text.slice(start, i), start, end: i, value: r.value });
          continue;
        }
      }
    }
    // a raw guid (ad67d136-c1db-…): not a literal in Kusto, which asks for guid(...)
    if (isIdPart(c) && (i === 0 || !isIdPart(text.charCodeAt(i - 1)))) {
      const g = GUID_RE.exec(text.slice(i, i + 37));
      if (g) {
        const end = i + 36;
        push({ kind: 'error', text: text.slice(i, end), start, end, error: 'raw guid' });
        i = end;
        continue;
      }
    }
    // numbers and timespans
    if (isDigit(c)) {
      let j = i;
      let isReal = false;
      if (c === 48 && (text[j + 1] === 'x' || text[j + 1] === 'X')) {
        j += 2;
        while (j < n && /[0-9a-fA-F]/.test(text[j]!)) j++;
        if (j === start + 2 || (j < n && isIdPart(text.charCodeAt(j)))) {
          // `0xzz…` is not a number: like Kusto, read the whole run as a (digit-led) identifier.
          while (j < n && isIdPart(text.charCodeAt(j))) j++;
          push({ kind: 'ident', text: text.slice(start, j), start, end: j });
        } else {
          push({ kind: 'long', text: text.slice(start, j), start, end: j, value: parseInt(text.slice(start + 2, j), 16) });
        }
        i = j;
        continue;
      }
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      if (text[j] === '.' && isDigit(text.charCodeAt(j + 1))) {
        isReal = true; j++;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
      } else if (text[j] === '.' && text[j + 1] !== '.' && !isIdStart(text.charCodeAt(j + 1))) {
        // `1.` is a real
        isReal = true; j++;
      }
      if ((text[j] === 'e' || text[j] === 'E') && (isDigit(text.charCodeAt(j + 1)) || ((text[j + 1] === '+' || text[j + 1] === '-') && isDigit(text.charCodeAt(j + 2))))) {
        isReal = true; j += 2;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
      }
      const numText = text.slice(start, j);
      // unit suffix → timespan
      if (j < n && isIdStart(text.charCodeAt(j))) {
        let k = j;
        while (k < n && isIdPart(text.charCodeAt(k))) k++;
        const unit = text.slice(j, k).toLowerCase();
        const per = TIMESPAN_UNITS[unit];
        if (per !== undefined) {
          push({ kind: 'timespan', text: text.slice(start, k), start, end: k, value: Math.round(Number(numText) * per) });
        } else if (!isReal) {
          // Kusto accepts identifiers that begin with digits, e.g. `5h_MovingAvg`.
          push({ kind: 'ident', text: text.slice(start, k), start, end: k });
        } else {
          // `72.0with`: the number ends where the letters begin.
          push({ kind: 'real', text: numText, start, end: j, value: Number(numText) });
          i = j;
          continue;
        }
        i = k;
        continue;
      }
      push({ kind: isReal ? 'real' : 'long', text: numText, start, end: j, value: Number(numText) });
      i = j;
      continue;
    }
    // identifiers, $left/$right
    if (isIdStart(c) || (c === 36 && isIdStart(text.charCodeAt(i + 1)))) {
      let j = i + 1;
      while (j < n && isIdPart(text.charCodeAt(j))) j++;
      let word = text.slice(start, j);
      // hyphenated keywords: project-away, mv-expand, execute-and-cache…
      while (text[j] === '-' && isIdStart(text.charCodeAt(j + 1))) {
        let k = j + 1;
        while (k < n && isIdPart(text.charCodeAt(k))) k++;
        const cand = (word + text.slice(j, k)).toLowerCase();
        if (HYPHENATED.has(cand) || HYPHEN_PREFIXES.has(cand)) {
          if (HYPHENATED.has(cand) || text[k] === '-') { word = text.slice(start, k); j = k; continue; }
        }
        break;
      }
      if (!HYPHENATED.has(word.toLowerCase()) && word.includes('-')) {
        // A partial hyphen chain (e.g. `execute-and`) is not a keyword: back off to the first word.
        j = start + word.indexOf('-');
        word = text.slice(start, j);
      }
      // `in~`
      if (word === 'in' && text[j] === '~') { j++; word = 'in~'; }
      // typed literals: datetime( … ) etc. Body is raw text up to the matching ')'.
      const lw = word.toLowerCase();
      if (TYPED_WORDS.has(lw)) {
        let k = j;
        while (k < n && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
        if (text[k] === '(') {
          const close = text.indexOf(')', k + 1);
          const body = close < 0 ? '' : text.slice(k + 1, close);
          // The body runs to the first ')' (as in Kusto); a body with a line break is left to the
          // parser, which reports a malformed literal.
          if (close >= 0 && !/\n/.test(body)) {
            i = close + 1;
            push({ kind: 'typed', text: text.slice(start, i), start, end: i, typeWord: lw, inner: body });
            continue;
          }
        }
      }
      push({ kind: 'ident', text: word, start, end: j });
      i = j;
      continue;
    }
    // negated operators: !has, !contains_cs, !in, !in~, !between …
    if (c === 33 && isIdStart(text.charCodeAt(i + 1))) {
      let j = i + 1;
      while (j < n && isIdPart(text.charCodeAt(j))) j++;
      const w = text.slice(i + 1, j);
      if (NEGATABLE.has(w.toLowerCase())) {
        if (w === 'in' && text[j] === '~') j++;
        push({ kind: 'punct', text: text.slice(start, j), start, end: j });
        i = j;
        continue;
      }
    }
    // punctuation
    const two = text.slice(i, i + 2);
    if (PUNCT3.includes(two)) {
      push({ kind: 'punct', text: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if ('|()[]{},;:.=<>+-*/%!?~@#&^$'.includes(text[i]!)) {
      push({ kind: 'punct', text: text[i]!, start, end: i + 1 });
      i++;
      continue;
    }
    // anything else: one bad character (a whole surrogate pair counts as one)
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    push({ kind: 'error', text: text.slice(i, i + len), start, end: i + len, error: `unexpected character '${text.slice(i, i + len)}'` });
    i += len;
  }
  toks.push({ kind: 'eof', text: '', start: n, end: n, spaceBefore: space });
  return toks;
}

/** Reads a quoted string starting at the quote `text[q]`. Returns the decoded value and the end offset. */
function readString(text: string, q: number, verbatim: boolean): { value: string; end: number; error?: string; badEscape?: number } {
  let badEscape: number | undefined;
  const quote = text[q]!;
  const n = text.length;
  let i = q + 1;
  let out = '';
  while (i < n) {
    const ch = text[i]!;
    if (ch === '\n' && !verbatim) return { value: out, end: i, error: 'unterminated string literal' };
    if (ch === quote) {
      if (verbatim && text[i + 1] === quote) { out += quote; i += 2; continue; }
      return { value: out, end: i + 1, badEscape };
    }
    if (ch === '\\' && !verbatim) {
      const e = text[i + 1];
      if (e === undefined) break;
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'a': out += '\x07'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'v': out += '\v'; break;
        case 'u': {
          const hex = text.slice(i + 2, i + 6);
          if (/^[0-9a-fA-F]{4}$/.test(hex)) { out += String.fromCharCode(parseInt(hex, 16)); i += 6; continue; }
          badEscape ??= i;
          out += 'u';
          break;
        }
        case 'U': {
          const hex = text.slice(i + 2, i + 10);
          if (/^[0-9a-fA-F]{8}$/.test(hex)) { out += String.fromCodePoint(Math.min(0x10ffff, parseInt(hex, 16))); i += 10; continue; }
          badEscape ??= i;
          out += 'U';
          break;
        }
        case 'x': {
          const hex = text.slice(i + 2, i + 4);
          if (/^[0-9a-fA-F]{2}$/.test(hex)) { out += String.fromCharCode(parseInt(hex, 16)); i += 4; continue; }
          badEscape ??= i;
          out += 'x';
          break;
        }
        case '\\': case "'": case '"': out += e; break;
        default: {
          const oct = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4));
          if (oct) { out += String.fromCharCode(parseInt(oct[0], 8)); i += 1 + oct[0].length; continue; }
          // Kusto rejects unknown escapes such as \e; keep the character and report.
          badEscape ??= i;
          out += e;
        }
      }
      i += 2;
      continue;
    }
    out += ch;
    i++;
  }
  return { value: out, end: n, error: 'unterminated string literal' };
}
