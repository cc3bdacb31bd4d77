/** Dynamic (array and property bag) functions. */
import type { DynamicValue, Value } from '../../data/types.js';
import { dynamicToString, toDynamicElement } from '../../semantics/convert.js';
import { compareNonNull, dynamicEquals } from '../../semantics/operators.js';
import type { ScalarImpl } from '../types.js';
import { arr, def, dyn, int, isBag, str, valueKey } from './util.js';

function normIndex(i: number, len: number): number { return i < 0 ? i + len : i; }

/** Element order used by array_sort_*: numbers, then strings, then booleans, then others (by JSON text). */
function elementCompare(a: DynamicValue, b: DynamicValue): number {
  const rank = (v: DynamicValue) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : 3);
  const ra = rank(a), rb = rank(b);
  if (ra !== rb) return ra - rb;
  return compareNonNull(a as Value, b as Value);
}

function sortArrays(a: readonly Value[], desc: boolean): Value {
  const arrays: DynamicValue[][] = [];
  let nullsLast = true; // Kusto's default for both directions
  for (const v of a) {
    if (Array.isArray(v)) arrays.push(v as DynamicValue[]);
    else if (typeof v === 'boolean') nullsLast = v;
    else return null;
  }
  const first = arrays[0];
  if (!first) return null;
  const idx = first.map((_, i) => i);
  idx.sort((i, j) => {
    const x = first[i]!, y = first[j]!;
    if (x === null || y === null) {
      if (x === null && y === null) return i - j;
      return (x === null ? 1 : -1) * (nullsLast ? 1 : -1);
    }
    const c = elementCompare(x, y);
    return (desc ? -c : c) || i - j;
  });
  if (arrays.length === 1) return idx.map((i) => first[i]!);
  // Several arrays (array-sort-asc-function.md): a tuple, the first sorted and the others in the same
  // order; an array whose length differs from the first is null. At the top of an extend/project/print
  // item the tuple becomes one column per array (exec/tuple.ts); inside an expression it is an array
  // of arrays (`array_sort_asc(t, c)[1]`).
  return arrays.map((xs) => (xs.length === first.length ? idx.map((i) => xs[i]!) : null));
}

function distinctPush(out: DynamicValue[], seen: Set<string>, v: DynamicValue): void {
  const k = valueKey(v);
  if (!seen.has(k)) { seen.add(k); out.push(v); }
}

function pathKeys(key: string): string[] {
  if (!key.startsWith('$')) return [key];
  const out: string[] = [];
  const re = /\.([^.[\]]+)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < key.length) {
    const m = re.exec(key);
    if (!m) return [key];
    out.push(m[1] ?? m[2] ?? m[3]!);
  }
  return out;
}

export function registerDynamic(m: Map<string, ScalarImpl>): void {
  const pack: ScalarImpl = (a, t) => {
    const o: Record<string, DynamicValue> = {};
    for (let i = 0; i + 1 < a.length; i += 2) o[str(a, t, i)] = dyn(a, t, i + 1);
    return o;
  };
  def(m, 'pack', pack);
  def(m, 'pack_dictionary', pack);
  def(m, 'pack_array', (a, t) => a.map((_, i) => dyn(a, t, i)));
  def(m, 'bag_keys', (a) => (isBag(a[0]) ? Object.keys(a[0]) : null));
  def(m, 'bag_merge', (a) => {
    const o: Record<string, DynamicValue> = {};
    for (const b of a) {
      if (!isBag(b)) continue;
      for (const [k, v] of Object.entries(b)) if (!(k in o)) o[k] = v;
    }
    return o;
  });
  def(m, 'bag_remove_keys', (a) => {
    if (!isBag(a[0])) return null;
    const keys = arr(a, 1);
    if (!keys) return a[0];
    const o = structuredClone(a[0]) as Record<string, DynamicValue>;
    for (const k of keys) {
      if (typeof k !== 'string') continue;
      const path = pathKeys(k);
      let cur: DynamicValue = o;
      for (let i = 0; i < path.length - 1 && isBag(cur); i++) cur = (cur as Record<string, DynamicValue>)[path[i]!] ?? null;
      if (isBag(cur)) delete (cur as Record<string, DynamicValue>)[path[path.length - 1]!];
    }
    return o;
  });
  def(m, 'bag_has_key', (a, t) => {
    if (!isBag(a[0])) return null;
    let cur: DynamicValue = a[0];
    for (const k of pathKeys(str(a, t, 1))) {
      if (!isBag(cur) || !Object.prototype.hasOwnProperty.call(cur, k)) return false;
      cur = (cur as Record<string, DynamicValue>)[k]!;
    }
    return true;
  });
  def(m, 'bag_set_key', (a, t) => {
    if (!isBag(a[0])) return null;
    const o = structuredClone(a[0]) as Record<string, DynamicValue>;
    const path = pathKeys(str(a, t, 1));
    let cur: Record<string, DynamicValue> = o;
    for (let i = 0; i < path.length - 1; i++) {
      const next = cur[path[i]!];
      if (!isBag(next)) cur[path[i]!] = {};
      cur = cur[path[i]!] as Record<string, DynamicValue>;
    }
    cur[path[path.length - 1]!] = dyn(a, t, 2);
    return o;
  });
  def(m, 'bag_zip', (a) => {
    const ks = arr(a, 0), vs = arr(a, 1);
    if (!ks || !vs) return null;
    const o: Record<string, DynamicValue> = {};
    ks.forEach((k, i) => { if (typeof k === 'string') o[k] = vs[i] ?? null; });
    return o;
  });
  def(m, 'array_length', (a) => (Array.isArray(a[0]) ? a[0].length : null));
  def(m, 'array_concat', (a) => {
    const out: DynamicValue[] = [];
    for (const x of a) { if (!Array.isArray(x)) return null; out.push(...(x as DynamicValue[])); }
    return out;
  });
  def(m, 'array_slice', (a, t) => {
    const xs = arr(a, 0);
    const s0 = int(a, t, 1), e0 = int(a, t, 2);
    if (!xs || s0 === null || e0 === null) return null;
    const s = Math.max(0, normIndex(s0, xs.length)), e = Math.min(xs.length - 1, normIndex(e0, xs.length));
    return e < s ? [] : xs.slice(s, e + 1);
  });
  def(m, 'array_index_of', (a, t) => {
    const xs = arr(a, 0);
    if (!xs) return null;
    const v = dyn(a, t, 1);
    let start = a.length > 2 ? int(a, t, 2) : 0;
    const len = a.length > 3 ? int(a, t, 3) : -1;
    const occ = a.length > 4 ? int(a, t, 4) : 1;
    if (start === null || len === null || occ === null || occ < 1) return null;
    start = normIndex(start, xs.length);
    if (start < 0 || start >= xs.length) return start >= xs.length ? -1 : null;
    const end = len < 0 ? xs.length : Math.min(xs.length, start + len);
    let n = 0;
    for (let i = start; i < end; i++) {
      if (xs[i] === v || dynamicEquals(xs[i]!, v) || (typeof v === 'string' && typeof xs[i] !== 'string' && dynamicToString(xs[i]!) === v && xs[i] !== null)) {
        if (++n === occ) return i;
      }
    }
    return -1;
  });
  def(m, 'array_sort_asc', (a) => sortArrays(a, false));
  def(m, 'array_sort_desc', (a) => sortArrays(a, true));
  def(m, 'array_sum', (a) => {
    const xs = arr(a, 0);
    if (!xs) return null;
    let s = 0;
    for (const x of xs) { if (typeof x !== 'number') return null; s += x; }
    return s;
  });
  def(m, 'array_reverse', (a) => (Array.isArray(a[0]) ? [...(a[0] as DynamicValue[])].reverse() : null));
  const rotate = (dir: 1 | -1): ScalarImpl => (a, t) => {
    const xs = arr(a, 0), n0 = int(a, t, 1);
    if (!xs || n0 === null) return null;
    if (xs.length === 0) return [];
    const n = ((dir * n0) % xs.length + xs.length) % xs.length; // left rotation amount
    return [...xs.slice(n), ...xs.slice(0, n)];
  };
  def(m, 'array_rotate_left', rotate(1));
  def(m, 'array_rotate_right', rotate(-1));
  const shift = (dir: 1 | -1): ScalarImpl => (a, t) => {
    const xs = arr(a, 0), n0 = int(a, t, 1);
    if (!xs || n0 === null) return null;
    const fill = a.length > 2 ? dyn(a, t, 2) : null;
    const n = dir * n0, len = xs.length;
    const out: DynamicValue[] = new Array(len);
    for (let i = 0; i < len; i++) {
      const j = i + n;
      out[i] = j >= 0 && j < len ? xs[j]! : fill;
    }
    return out;
  };
  def(m, 'array_shift_left', shift(1));
  def(m, 'array_shift_right', shift(-1));
  def(m, 'array_split', (a) => {
    const xs = arr(a, 0);
    if (!xs) return null;
    const raw = a[1];
    const idx = (Array.isArray(raw) ? raw : [raw]).filter((x): x is number => typeof x === 'number')
      .map((i) => Math.max(0, Math.min(xs.length, normIndex(i, xs.length)))).sort((x, y) => x - y);
    const out: DynamicValue[] = [];
    let prev = 0;
    for (const i of idx) { out.push(xs.slice(prev, i)); prev = i; }
    out.push(xs.slice(prev));
    return out;
  });
  def(m, 'array_iff', (a, t) => {
    const cs = arr(a, 0);
    if (!cs) return null;
    const pick = (k: number, i: number): DynamicValue => {
      const v = a[k];
      return Array.isArray(v) ? ((v as DynamicValue[])[i] ?? null) : dyn(a, t, k);
    };
    // array-iff-function.md: a number is true when not 0; any other non-boolean condition (null,
    // string, datetime text, array…) gives null at its index.
    return cs.map((c, i) => {
      const b = typeof c === 'boolean' ? c : typeof c === 'number' ? c !== 0 : null;
      return b === null ? null : pick(b ? 1 : 2, i);
    });
  });
  def(m, 'set_union', (a) => {
    const out: DynamicValue[] = [], seen = new Set<string>();
    for (const x of a) { if (!Array.isArray(x)) return null; for (const v of x as DynamicValue[]) distinctPush(out, seen, v); }
    return out;
  });
  def(m, 'set_intersect', (a) => {
    if (!a.every((x) => Array.isArray(x))) return null;
    const sets = a.slice(1).map((x) => new Set((x as DynamicValue[]).map(valueKey)));
    const out: DynamicValue[] = [], seen = new Set<string>();
    for (const v of a[0] as DynamicValue[]) if (sets.every((s) => s.has(valueKey(v)))) distinctPush(out, seen, v);
    return out;
  });
  def(m, 'set_difference', (a) => {
    if (!a.every((x) => Array.isArray(x))) return null;
    const others = new Set<string>();
    for (const x of a.slice(1)) for (const v of x as DynamicValue[]) others.add(valueKey(v));
    const out: DynamicValue[] = [], seen = new Set<string>();
    for (const v of a[0] as DynamicValue[]) if (!others.has(valueKey(v))) distinctPush(out, seen, v);
    return out;
  });
  def(m, 'set_has_element', (a, t) => {
    const xs = arr(a, 0);
    if (!xs) return null;
    const k = valueKey(dyn(a, t, 1));
    return xs.some((x) => valueKey(x) === k);
  });
  def(m, 'set_equals', (a) => {
    const x = arr(a, 0), y = arr(a, 1);
    if (!x || !y) return null;
    const sx = new Set(x.map(valueKey)), sy = new Set(y.map(valueKey));
    return sx.size === sy.size && [...sx].every((k) => sy.has(k));
  });
  def(m, 'treepath', (a) => {
    const v = a[0];
    if (v === null || typeof v !== 'object') return [];
    const out: string[] = [];
    const walk = (node: DynamicValue, path: string): void => {
      if (Array.isArray(node)) { out.push(`${path}[0]`); for (const x of node) if (x !== null && typeof x === 'object') walk(x, `${path}[0]`); return; }
      if (node === null || typeof node !== 'object') return;
      for (const [k, x] of Object.entries(node)) { const p = `${path}['${k}']`; out.push(p); if (x !== null && typeof x === 'object') walk(x, p); }
    };
    walk(v as DynamicValue, '$');
    return [...new Set(out)];
  });
  def(m, 'jaccard_index', (a) => {
    const x = arr(a, 0), y = arr(a, 1);
    if (!x || !y) return null;
    const sx = new Set(x.map(valueKey)), sy = new Set(y.map(valueKey));
    const union = new Set([...sx, ...sy]);
    if (union.size === 0) return null;
    let inter = 0;
    for (const k of sx) if (sy.has(k)) inter++;
    return inter / union.size;
  });
  def(m, 'range', (a, t) => {
    const s0 = a[0], e0 = a[1];
    if (typeof s0 !== 'number' || typeof e0 !== 'number') return null;
    const step = a.length > 2 ? a[2] : t[0] === 'datetime' || t[0] === 'timespan' ? null : 1;
    if (typeof step !== 'number' || step === 0) return null;
    const n = Math.floor((e0 - s0) / step) + 1;
    if (n <= 0) return [];
    if (n > 1_048_576) return null;
    const out: DynamicValue[] = [];
    for (let i = 0; i < n; i++) out.push(toDynamicElement(s0 + i * step, t[0] ?? 'long'));
    return out;
  });
  def(m, 'dcount_hll', (a) => {
    const v = a[0];
    const keys = isBag(v) ? v.hll_exact : undefined;
    return Array.isArray(keys) ? keys.length : null;
  });
  def(m, 'zip', (a) => {
    const xs = a.map((x) => (Array.isArray(x) ? (x as DynamicValue[]) : undefined));
    if (xs.some((x) => !x)) return null;
    const n = Math.max(0, ...xs.map((x) => x!.length));
    const out: DynamicValue[] = [];
    for (let i = 0; i < n; i++) out.push(xs.map((x) => x![i] ?? null));
    return out;
  });
}
