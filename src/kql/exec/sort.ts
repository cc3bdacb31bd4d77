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

/** A comparator over positions 0..n-1 of `rows` for the prepared keys (ties: input order). */
function comparator(ps: Prepared[]): (a: number, b: number) => number {
  if (ps.length === 1 && ps[0]!.num && !ps[0]!.nulls) {
    // One numeric key without nulls: the common `sort by Timestamp`.
    const k = ps[0]!.num, dir = ps[0]!.dir;
    return (a, b) => { const x = k[a]!, y = k[b]!; return x < y ? -dir : x > y ? dir : a - b; };
  }
  return (a: number, b: number): number => {
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
}

/** Sorted permutation of `rows` (physical ids). Stable: ties keep input order. */
export function sortRows(rows: Uint32Array, keys: readonly SortKey[]): Uint32Array {
  const n = rows.length;
  if (n <= 1 || keys.length === 0) return rows;
  const cmp = comparator(keys.map((k) => prepare(k, rows)));
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort(cmp);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = rows[idx[i]!]!;
  return out;
}

/**
 * The first k rows of the sorted order, without sorting everything: a bounded max-heap over
 * positions (O(n log k)); same order and tie-breaking as sortRows.
 */
export function topRows(rows: Uint32Array, keys: readonly SortKey[], k: number): Uint32Array {
  const n = rows.length;
  if (k <= 0) return new Uint32Array(0);
  if (k * 8 >= n || keys.length === 0) return sortRows(rows, keys).slice(0, Math.min(k, n));
  const cmp = comparator(keys.map((key) => prepare(key, rows)));
  const heap = new Uint32Array(k); let size = 0;
  const up = (i: number): void => { while (i > 0) { const p = (i - 1) >> 1; if (cmp(heap[i]!, heap[p]!) <= 0) break; const t = heap[i]!; heap[i] = heap[p]!; heap[p] = t; i = p; } };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1, r = l + 1; let m = i;
      if (l < size && cmp(heap[l]!, heap[m]!) > 0) m = l;
      if (r < size && cmp(heap[r]!, heap[m]!) > 0) m = r;
      if (m === i) return;
      const t = heap[i]!; heap[i] = heap[m]!; heap[m] = t; i = m;
    }
  };
  for (let i = 0; i < n; i++) {
    if (size < k) { heap[size++] = i; up(size - 1); continue; }
    if (cmp(i, heap[0]!) < 0) { heap[0] = i; down(0); }
  }
  const best = Array.from(heap.subarray(0, size)).sort(cmp);
  return Uint32Array.from(best, (i) => rows[i]!);
}
