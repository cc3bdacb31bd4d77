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
    // Rank only the dictionary entries these rows use (a filtered selection often uses a few of a
    // large dictionary): sort them once, not the rows' strings.
    const used = new Uint8Array(c.dict.length);
    let nUsed = 0;
    for (let i = 0; i < n; i++) { const code = c.codes[rows[i]!]!; if (used[code] === 0) { used[code] = 1; nUsed++; } }
    const codesUsed: number[] = new Array(nUsed);
    for (let code = 0, j = 0; code < used.length; code++) if (used[code] === 1) codesUsed[j++] = code;
    const order = codesUsed.sort((a, b) => { const x = c.dict[a]!, y = c.dict[b]!; return x < y ? -1 : x > y ? 1 : 0; });
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

/**
 * Positions 0..n-1 ordered by one numeric key, stably, by LSD radix sort over the key's bits
 * (16 bits a pass, passes where every key has the same digit skipped): no comparator calls, which
 * is what `sort by TimeGenerated` over many rows spends its time on. Null positions (p.nulls) go
 * first or last in input order.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0, LO = 1 - HI;

function radixOrder(p: Prepared, n: number): Uint32Array {
  const num = p.num!, nulls = p.nulls;
  const f64 = new Float64Array(1), u32 = new Uint32Array(f64.buffer);
  let m = 0;
  for (let i = 0; i < n; i++) if (!nulls || nulls[i] !== 1) m++;
  // Sortable unsigned keys: sign bit flipped for positives, every bit for negatives; all flipped for desc.
  const hi = new Uint32Array(m), lo = new Uint32Array(m);
  let pos = new Uint32Array(m);
  const nullPos = new Uint32Array(n - m);
  const flip = p.dir < 0 ? 0xffffffff : 0;
  for (let i = 0, j = 0, k = 0; i < n; i++) {
    if (nulls && nulls[i] === 1) { nullPos[k++] = i; continue; }
    f64[0] = num[i]! + 0; // -0 sorts with 0
    let h = u32[HI]!, l = u32[LO]!;
    if (h & 0x80000000) { h = ~h; l = ~l; } else h ^= 0x80000000;
    hi[j] = (h ^ flip) >>> 0; lo[j] = (l ^ flip) >>> 0; pos[j] = j; j++;
  }
  let tmp = new Uint32Array(m);
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? lo : hi, shift = (pass & 1) * 16;
    count.fill(0);
    for (let j = 0; j < m; j++) count[(word[pos[j]!]! >>> shift) & 0xffff]!++;
    let only = false;
    for (let d = 0; d < 65536; d++) { if (count[d] === m) { only = true; break; } if (count[d] !== 0) break; }
    if (only || m === 0) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) { const c = count[d]!; count[d] = sum; sum += c; }
    for (let j = 0; j < m; j++) { const q = pos[j]!; tmp[count[(word[q]! >>> shift) & 0xffff]!++] = q; }
    const t = pos; pos = tmp; tmp = t;
  }
  // pos holds indices into hi/lo (0..m-1) in order; map them back to row positions.
  const order = new Uint32Array(n);
  const rowOf = new Uint32Array(m);
  for (let i = 0, j = 0; i < n; i++) if (!nulls || nulls[i] !== 1) rowOf[j++] = i;
  let o = 0;
  if (p.nullsFirst) for (let k = 0; k < nullPos.length; k++) order[o++] = nullPos[k]!;
  for (let j = 0; j < m; j++) order[o++] = rowOf[pos[j]!]!;
  if (!p.nullsFirst) for (let k = 0; k < nullPos.length; k++) order[o++] = nullPos[k]!;
  return order;
}

/** Sorted permutation of `rows` (physical ids). Stable: ties keep input order. */
export function sortRows(rows: Uint32Array, keys: readonly SortKey[]): Uint32Array {
  const n = rows.length;
  if (n <= 1 || keys.length === 0) return rows;
  if (keys.length === 1 && n >= 256 && keys[0]!.column.kind !== 'object') {
    const p = prepare(keys[0]!, rows);
    if (p.num) {
      const order = radixOrder(p, n);
      const out = new Uint32Array(n);
      for (let i = 0; i < n; i++) out[i] = rows[order[i]!]!;
      return out;
    }
  }
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
