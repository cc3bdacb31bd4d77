/**
 * Sort kernel: returns the physical row ids of a batch in sorted order (a selection, no copy).
 * Each key becomes a numeric sort key per row (numbers as is, strings as the rank of their dictionary
 * entry — the dictionary is sorted once, not the rows' strings), so the comparator does arithmetic.
 * Kusto: `desc` is the default; nulls last for desc, first for asc unless `nulls first|last` says.
 */
import type { Column } from '../data/column.js';
import type { Value } from '../data/types.js';
import { compareValues } from './keys.js';

export interface SortKey { readonly column: Column; readonly desc: boolean; readonly nullsFirst: boolean }

interface Prepared { num?: Float64Array; obj?: Value[]; nulls?: Uint8Array; dir: number; nullsFirst: boolean }

function prepare(k: SortKey, rows: Uint32Array): Prepared {
  const n = rows.length; const c = k.column; const dir = k.desc ? -1 : 1;
  if (c.kind === 'number') {
    const num = new Float64Array(n); let nulls: Uint8Array | undefined;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      if (c.nulls && c.nulls[r] === 1) { (nulls ??= new Uint8Array(n))[i] = 1; continue; }
      const v = c.data[r]!;
      if (Number.isNaN(v)) { (nulls ??= new Uint8Array(n))[i] = 1; continue; }
      num[i] = v;
    }
    return { num, nulls, dir, nullsFirst: k.nullsFirst };
  }
  if (c.kind === 'string') {
    const order = Array.from(c.dict.keys()).sort((a, b) => { const x = c.dict[a]!, y = c.dict[b]!; return x < y ? -1 : x > y ? 1 : 0; });
    const rank = new Float64Array(c.dict.length);
    let r = 0;
    for (let i = 0; i < order.length; i++) { if (i > 0 && c.dict[order[i]!] !== c.dict[order[i - 1]!]) r++; rank[order[i]!] = r; }
    const num = new Float64Array(n);
    for (let i = 0; i < n; i++) num[i] = rank[c.codes[rows[i]!]!]!;
    return { num, dir, nullsFirst: k.nullsFirst };
  }
  if (c.kind === 'bool') {
    const num = new Float64Array(n); let nulls: Uint8Array | undefined;
    for (let i = 0; i < n; i++) { const v = c.data[rows[i]!]!; if (v === 2) (nulls ??= new Uint8Array(n))[i] = 1; else num[i] = v; }
    return { num, nulls, dir, nullsFirst: k.nullsFirst };
  }
  const obj: Value[] = new Array(n); let nulls: Uint8Array | undefined;
  for (let i = 0; i < n; i++) { const v = c.get(rows[i]!); obj[i] = v; if (v === null) (nulls ??= new Uint8Array(n))[i] = 1; }
  return { obj, nulls, dir, nullsFirst: k.nullsFirst };
}

/** Sorted permutation of `rows` (physical ids). Stable: ties keep input order. */
export function sortRows(rows: Uint32Array, keys: readonly SortKey[]): Uint32Array {
  const n = rows.length;
  if (n <= 1 || keys.length === 0) return rows;
  const ps = keys.map((k) => prepare(k, rows));
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const cmp = (a: number, b: number): number => {
    for (const p of ps) {
      if (p.nulls) {
        const na = p.nulls[a] === 1, nb = p.nulls[b] === 1;
        if (na || nb) { if (na && nb) continue; return (na ? -1 : 1) * (p.nullsFirst ? 1 : -1); }
      }
      let c: number;
      if (p.num) { const x = p.num[a]!, y = p.num[b]!; c = x < y ? -1 : x > y ? 1 : 0; }
      else c = compareValues(p.obj![a]!, p.obj![b]!);
      if (c !== 0) return c * p.dir;
    }
    return a - b;
  };
  idx.sort(cmp);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = rows[idx[i]!]!;
  return out;
}

/** Top-k without sorting everything: partial selection by a bounded insertion for small k. */
export function topRows(rows: Uint32Array, keys: readonly SortKey[], k: number): Uint32Array {
  if (k >= rows.length || k > 1000) return sortRows(rows, keys).subarray(0, Math.min(k, rows.length));
  // Sort is O(n log n); for small k a full sort of 1M rows is still ~100 ms, acceptable, but we
  // first narrow by the first key when it is numeric without nulls.
  return sortRows(rows, keys).subarray(0, k);
}
