/** The string family: strlen, substring, trim*, split, strcat*, replace*, extract*, indexof, countof … */
import type { DynamicValue, ScalarType, Value } from '../../data/types.js';
import { convertValue, dynamicToString, toStringValue } from '../../semantics/convert.js';
import { compileRegex, matchAll, replaceAll } from '../../regex/index.js';
import { compileStringPredicate } from '../../semantics/terms.js';
import { normalizeTypeName } from '../../data/types.js';
import type { ScalarImpl } from '../types.js';
import { arr, codePoints, def, int, str } from './util.js';

export function registerStrings(m: Map<string, ScalarImpl>): void {
  def(m, 'strlen', (a, t) => codePoints(str(a, t, 0)).length);
  def(m, 'string_size', (a, t) => Buffer.byteLength(str(a, t, 0), 'utf8'));
  def(m, 'substring', (a, t) => {
    const cs = codePoints(str(a, t, 0));
    let start = int(a, t, 1);
    if (start === null) return '';
    let len = a.length > 2 ? int(a, t, 2) : cs.length;
    if (len === null) len = cs.length;
    if (start < 0) { len += start; start = 0; }
    if (len <= 0 || start >= cs.length) return '';
    return cs.slice(start, start + len).join('');
  });
  def(m, 'tolower', (a, t) => str(a, t, 0).toLowerCase());
  def(m, 'toupper', (a, t) => str(a, t, 0).toUpperCase());
  const trimmer = (lead: boolean, trail: boolean): ScalarImpl => (a, t) => {
    const pat = str(a, t, 0), s = str(a, t, 1);
    if (pat === '') return s;
    let out = s;
    if (lead) { const r = compileRegex(`^(?:${pat})+`); if (!r.ok) return ''; const m = r.regex.exec(out); if (m) out = out.slice(0, m.index) + out.slice(m.index + m[0].length); }
    if (trail) { const r = compileRegex(`(?:${pat})+$`); if (!r.ok) return ''; const m = r.regex.exec(out); if (m) out = out.slice(0, m.index) + out.slice(m.index + m[0].length); }
    return out;
  };
  def(m, 'trim', trimmer(true, true));
  def(m, 'trim_start', trimmer(true, false));
  def(m, 'trim_end', trimmer(false, true));
  def(m, 'split', (a, t) => {
    const s = str(a, t, 0), d = str(a, t, 1);
    const parts = d === '' ? [s] : s.split(d);
    if (a.length > 2) {
      const i = int(a, t, 2);
      if (i === null || i < 0 || i >= parts.length) return [];
      return [parts[i]!];
    }
    return parts;
  });
  def(m, 'strcat', (a, t) => { let s = ''; for (let i = 0; i < a.length; i++) s += str(a, t, i); return s; });
  def(m, 'strcat_delim', (a, t) => {
    const d = str(a, t, 0);
    const parts: string[] = [];
    for (let i = 1; i < a.length; i++) parts.push(str(a, t, i));
    return parts.join(d);
  });
  def(m, 'strcat_array', (a, t) => {
    const xs = arr(a, 0);
    if (!xs) return '';
    return xs.map((x) => dynamicToString(x)).join(str(a, t, 1));
  });
  def(m, 'replace_string', (a, t) => {
    const s = str(a, t, 0), look = str(a, t, 1), rw = str(a, t, 2);
    return look === '' ? s : s.split(look).join(rw);
  });
  def(m, 'replace_strings', (a, t) => {
    const s = str(a, t, 0), looks = arr(a, 1), rws = arr(a, 2);
    if (!looks || !rws) return s;
    const ls = looks.map((x) => dynamicToString(x)), rs = rws.map((x) => dynamicToString(x));
    // One pass, left to right; at each position the first lookup (in list order) that matches wins.
    let out = '';
    for (let i = 0; i < s.length;) {
      let hit = -1;
      for (let k = 0; k < ls.length; k++) if (ls[k] !== '' && s.startsWith(ls[k]!, i)) { hit = k; break; }
      if (hit < 0) { out += s[i]; i++; } else { out += rs[hit] ?? ''; i += ls[hit]!.length; }
    }
    return out;
  });
  def(m, 'replace_regex', (a, t) => replaceRegex(str(a, t, 0), str(a, t, 1), str(a, t, 2)));
  def(m, 'replace', (a, t) => replaceRegex(str(a, t, 2), str(a, t, 0), str(a, t, 1)));
  def(m, 'extract', (a, t) => {
    const re = compileRegex(str(a, t, 0));
    const g = int(a, t, 1);
    const target = a.length > 3 && typeof a[3] === 'string' ? normalizeTypeName(a[3]) : undefined;
    const miss = target && target !== 'string' ? null : '';
    if (!re.ok || g === null || g < 0) return miss;
    const mt = re.regex.exec(str(a, t, 2));
    if (!mt) return miss;
    const v = mt[g];
    if (v === undefined) return miss;
    return target ? convertValue(v, 'string', target) : v;
  });
  def(m, 'extract_all', (a, t) => {
    const re = compileRegex(str(a, t, 0));
    if (!re.ok) return null;
    let groups: DynamicValue[] | undefined;
    let source: string;
    if (a.length >= 3) { groups = arr(a, 1); source = str(a, t, 2); } else source = str(a, t, 1);
    const nGroups = re.translation.groupNames.length;
    const out: DynamicValue[] = [];
    for (const mt of matchAll(re.regex, source)) {
      if (mt[0] === '' && mt.index === source.length && out.length > 0) break;
      if (groups) {
        const row = groups.map((gi) => {
          const v = typeof gi === 'number' ? mt[gi] : typeof gi === 'string' ? mt.groups?.[gi] : undefined;
          return v ?? '';
        });
        out.push(row.length === 1 ? row[0]! : row);
      } else if (nGroups === 0) out.push(mt[0]);
      else if (nGroups === 1) out.push(mt[1] ?? '');
      else out.push(mt.slice(1).map((x) => x ?? ''));
    }
    return out.length === 0 ? null : out;
  });
  def(m, 'extract_json', (a, t) => {
    const path = str(a, t, 0), src = str(a, t, 1);
    const target = a.length > 2 && typeof a[2] === 'string' ? normalizeTypeName(a[2]) : undefined;
    let doc: DynamicValue;
    try { doc = JSON.parse(src) as DynamicValue; } catch { return target && target !== 'string' ? null : ''; }
    const v = jsonPath(doc, path);
    if (v === undefined) return target && target !== 'string' ? null : '';
    if (!target || target === 'string') return typeof v === 'string' ? v : v === null ? '' : JSON.stringify(v);
    return convertValue(v as Value, 'dynamic', target);
  });
  def(m, 'indexof', (a, t) => indexOfImpl(a, t, false));
  def(m, 'indexof_regex', (a, t) => indexOfImpl(a, t, true));
  def(m, 'countof', (a, t) => {
    const s = str(a, t, 0), search = str(a, t, 1), kind = a.length > 2 ? str(a, t, 2) : 'normal';
    if (search === '') return 0;
    if (kind === 'regex') {
      const re = compileRegex(search);
      if (!re.ok) return null;
      let n = 0;
      for (const mt of matchAll(re.regex, s)) { if (mt[0] !== '') n++; }
      return n;
    }
    let n = 0, i = s.indexOf(search);
    while (i >= 0) { n++; i = s.indexOf(search, i + 1); }
    return n;
  });
  def(m, 'reverse', (a, t) => codePoints(str(a, t, 0)).reverse().join(''));
  def(m, 'strrep', (a, t) => {
    const s = str(a, t, 0), n = int(a, t, 1), d = a.length > 2 ? str(a, t, 2) : '';
    if (n === null || n <= 0) return '';
    if (n > 1024 || (s.length + d.length) * n > 1_048_576) return null;
    return new Array(n).fill(s).join(d);
  });
  def(m, 'translate', (a, t) => {
    const from = codePoints(str(a, t, 0)), to = codePoints(str(a, t, 1)), s = str(a, t, 2);
    const map = new Map<string, string>();
    from.forEach((c, i) => { if (!map.has(c)) map.set(c, to.length === 0 ? '' : (to[i] ?? to[to.length - 1]!)); });
    return codePoints(s).map((c) => map.get(c) ?? c).join('');
  });
  def(m, 'has_any_index', (a, t) => {
    const s = str(a, t, 0), xs = arr(a, 1);
    if (!xs) return -1;
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      if (compileStringPredicate('has', dynamicToString(v ?? null))(s)) return i;
    }
    return -1;
  });
  def(m, 'regex_quote', (a, t) => str(a, t, 0).replace(/[\\.+*?()|[\]{}^$#&\-~ \t\n\r\f\v]/g, (c) => {
    switch (c) { case '\t': return '\\t'; case '\n': return '\\n'; case '\r': return '\\r'; case '\f': return '\\f'; case '\v': return '\\v'; default: return '\\' + c; }
  }));
  def(m, 'unicode_codepoints_from_string', (a, t) => codePoints(str(a, t, 0)).map((c) => c.codePointAt(0)!));
  def(m, 'unicode_codepoints_to_string', (a) => {
    let s = '';
    const add = (v: unknown): boolean => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0x10ffff) return false;
      s += String.fromCodePoint(v); return true;
    };
    for (const v of a) {
      if (Array.isArray(v)) { for (const x of v) if (!add(x)) return null; }
      else if (!add(v)) return null;
    }
    return s;
  });
  def(m, 'tohex', (a, t) => {
    const v = int(a, t, 0);
    if (v === null) return '';
    // A negative value is written in two's complement of its own width: 64 bits for long, 32 for int
    // (tohex(toint(-256), 8) == 'ffffff00', tohex-function.md).
    let s = v >= 0 ? v.toString(16) : (BigInt.asUintN(t[0] === 'int' ? 32 : 64, BigInt(v))).toString(16);
    const min = a.length > 1 ? int(a, t, 1) : 0;
    if (min !== null && s.length < min) s = s.padStart(Math.min(min, 1024), '0');
    return s;
  });
  def(m, 'gettype', (a, t) => gettype(a[0] ?? null, t[0] ?? 'dynamic'));
}

function gettype(v: Value, t: ScalarType): string {
  if (t !== 'dynamic') return t === 'decimal' ? 'decimal' : t === 'real' ? 'real' : t;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'real';
  if (typeof v === 'string') return 'string';
  return Array.isArray(v) ? 'array' : 'dictionary';
}

/** Kusto rewrite strings: `\0` whole match, `\1`…`\9` groups; `$` is literal. */
export function replaceRegex(source: string, pattern: string, rewrite: string): string {
  const re = compileRegex(pattern);
  if (!re.ok) return source;
  return replaceAll(re.regex, source, (mt) => rewrite.replace(/\\(\d)/g, (_, d: string) => mt[+d] ?? ''));
}

function indexOfImpl(a: readonly Value[], t: readonly ScalarType[], regex: boolean): Value {
  const s = toStringValue(a[0] ?? null, t[0] ?? 'string');
  const look = str(a, t, 1);
  let start = a.length > 2 ? int(a, t, 2) : 0;
  const length = a.length > 3 ? int(a, t, 3) : -1;
  const occurrence = a.length > 4 ? int(a, t, 4) : 1;
  if (start === null || length === null || occurrence === null || occurrence <= 0 || length < -1) return null;
  if (start < 0) {
    if (regex) return null;
    start = Math.max(0, s.length + start);
  }
  if (start > s.length) return -1;
  // The documented examples fit a search region of length + 1 characters from start
  // (indexof("abcdefgabcdefg", "cde", 1, 10, 2) == 9, indexof("abcdefg", "cde", 1, 2) == -1).
  const end = length === -1 ? s.length : Math.min(s.length, start + length + (regex ? 0 : 1));
  const region = s.slice(0, end);
  if (regex) {
    const re = compileRegex(look);
    if (!re.ok) return null;
    let n = 0;
    for (const mt of matchAll(re.regex, region, start)) if (++n === occurrence) return mt.index;
    return -1;
  }
  let from = start, n = 0;
  for (;;) {
    const i = region.indexOf(look, from);
    if (i < 0) return -1;
    if (++n === occurrence) return i;
    from = i + 1;
  }
}

/** A JSONPath subset: `$`, `.key`, `['key']`, `["key"]`, `[n]`. undefined when absent. */
export function jsonPath(doc: DynamicValue, path: string): DynamicValue | undefined {
  const p = path.trim();
  if (!p.startsWith('$')) return undefined;
  let cur: DynamicValue | undefined = doc;
  const re = /\.([A-Za-z_$][\w$-]*)|\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*(-?\d+)\s*\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < p.length) {
    const mt = re.exec(p);
    if (!mt) return undefined;
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    if (mt[4] !== undefined) {
      if (!Array.isArray(cur)) return undefined;
      let i = +mt[4];
      if (i < 0) i += cur.length;
      cur = cur[i];
    } else {
      if (Array.isArray(cur)) return undefined;
      const key = mt[1] ?? mt[2] ?? mt[3]!;
      cur = Object.prototype.hasOwnProperty.call(cur, key) ? (cur as Record<string, DynamicValue>)[key] : undefined;
    }
  }
  return cur;
}
