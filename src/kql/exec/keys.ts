/**
 * Value ordering and hashing keys shared by sort, summarize, distinct and join.
 *
 * Group/join keys: values of one column become dense ids (a dictionary column's codes are remapped
 * once, numbers go through one Map), several key columns combine ids arithmetically — no per-row
 * string building on the common paths.
 */
import { checkpoint, ROW_BLOCK } from '../governor.js';
import type { Value } from '../data/types.js';
import type { Column } from '../data/column.js';

/** A canonical hash key for one boxed value (equal values ⇔ equal keys, across columns of one type). */
export function valueKey(v: Value): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') return '\u0002' + stableJson(v);
  if (typeof v === 'bigint') return '\u0003' + String(v); // an exact long beyond 2^53 (never equal to a number: types.ts)
  return v;
}

export function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return '[' + v.map(stableJson).join(',') + ']';
  const o = v as Record<string, unknown>;
  return '{' + Object.keys(o).map((k) => JSON.stringify(k) + ':' + stableJson(o[k])).join(',') + '}';
}

/**
 * Dense ids for the rows `rows` of column c: ids[k] in 0..card-1; equal values get equal ids.
 * Null gets its own id. Returns also one representative physical row per id.
 */
export function denseIds(c: Column, rows: Uint32Array): { ids: Uint32Array; card: number } {
  const n = rows.length;
  const ids = new Uint32Array(n);
  let card = 0;
  if (c.kind === 'string') {
    // Remap codes; the dictionary may hold duplicates only if built that way — normalize by string.
    const map = new Int32Array(c.dict.length).fill(-1);
    const byStr = new Map<string, number>();
    const codes = c.codes;
    for (let k = 0; k < n; k++) {
      const code = codes[rows[k]!]!;
      let id = map[code]!;
      if (id < 0) {
        const s = c.dict[code]!;
        const e = byStr.get(s);
        if (e === undefined) { id = card++; byStr.set(s, id); } else id = e;
        map[code] = id;
      }
      ids[k] = id;
    }
    return { ids, card };
  }
  if (c.kind === 'bool') {
    const map = new Int32Array(3).fill(-1);
    for (let k = 0; k < n; k++) { const v = c.data[rows[k]!]!; let id = map[v]!; if (id < 0) { id = card++; map[v] = id; } ids[k] = id; }
    return { ids, card };
  }
  if (c.kind === 'number') {
    // Open addressing over the float64 bits (faster than a Map<number, number> on 1M rows).
    const d = c.data, nulls = c.nulls;
    let cap = 1024;
    let keys = new Float64Array(cap), vals = new Int32Array(cap).fill(-1);
    const f64 = new Float64Array(1), u32 = new Uint32Array(f64.buffer);
    const slot = (v: number, mask: number): number => { f64[0] = v; let h = (u32[0]! ^ Math.imul(u32[1]!, 0x9e3779b1)) >>> 0; h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b) >>> 0; h ^= h >>> 13; return h & mask; };
    let nullId = -1;
    for (let k = 0; k < n; k++) {
      const r = rows[k]!;
      if (nulls && nulls[r] === 1) { if (nullId < 0) nullId = card++; ids[k] = nullId; continue; }
      let v = d[r]!;
      if (v === 0) v = 0; // -0 and 0 group together
      if (v !== v) v = NaN;
      let mask = cap - 1;
      let i = slot(v, mask);
      for (;;) {
        const id = vals[i]!;
        if (id < 0) {
          const nid = card++; vals[i] = nid; keys[i] = v; ids[k] = nid;
          if ((card - (nullId >= 0 ? 1 : 0)) * 2 > cap) {
            // Grow and rehash.
            const ok = keys, ov = vals; cap *= 2; mask = cap - 1;
            keys = new Float64Array(cap); vals = new Int32Array(cap).fill(-1);
            for (let j = 0; j < ok.length; j++) { const x = ov[j]!; if (x < 0) continue; let p = slot(ok[j]!, mask); while (vals[p]! >= 0) p = (p + 1) & mask; vals[p] = x; keys[p] = ok[j]!; }
          }
          break;
        }
        const kv = keys[i]!;
        if (kv === v || (kv !== kv && v !== v)) { ids[k] = id; break; }
        i = (i + 1) & mask;
      }
    }
    return { ids, card };
  }
  const m = new Map<unknown, number>();
  for (let k0 = 0; k0 < n; k0 += ROW_BLOCK) {
    for (let k = k0, e = Math.min(n, k0 + ROW_BLOCK); k < e; k++) {
      const key = valueKey(c.get(rows[k]!));
      let id = m.get(key);
      if (id === undefined) { id = card++; m.set(key, id); }
      ids[k] = id;
    }
    checkpoint();
  }
  return { ids, card };
}

/**
 * Dense ids for a number column whose values are multiples of `step` plus a common offset (the
 * output of `bin(x, step)`): id = (value - min) / step, no hashing. Undefined when the span is
 * large next to the rows, or the step is too fine for the values' floating-point spacing (then
 * distinct values could share an id): the caller hashes instead. Null gets the last id.
 */
export function denseIdsStepped(c: Column, rows: Uint32Array, step: number): { ids: Uint32Array; card: number } | undefined {
  if (c.kind !== 'number' || !(step > 0)) return undefined;
  const d = c.data, nulls = c.nulls, n = rows.length;
  let min = Infinity, max = -Infinity;
  for (let k = 0; k < n; k++) {
    const r = rows[k]!;
    if (nulls && nulls[r] === 1) continue;
    const v = d[r]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return undefined;
  if (!Number.isFinite(min) || !Number.isFinite(max)) return undefined;
  const spacing = Math.max(Math.abs(min), Math.abs(max)) * Number.EPSILON;
  if (step < 1024 * spacing) return undefined;
  const span = Math.round((max - min) / step);
  if (!(span < Math.max(1 << 22, 4 * n))) return undefined;
  const nullId = span + 1;
  const ids = new Uint32Array(n);
  let anyNull = false;
  for (let k = 0; k < n; k++) {
    const r = rows[k]!;
    if (nulls && nulls[r] === 1) { ids[k] = nullId; anyNull = true; continue; }
    ids[k] = Math.round((d[r]! - min) / step);
  }
  return { ids, card: span + 1 + (anyNull ? 1 : 0) };
}

/** Combines per-column dense ids into one dense id per row (0..groups-1, in first-seen order). */
export function combineIds(parts: readonly { ids: Uint32Array; card: number }[], n: number): { ids: Uint32Array; groups: number; firstRow: Uint32Array } {
  if (parts.length === 0) {
    return { ids: new Uint32Array(n), groups: n > 0 ? 1 : 0, firstRow: n > 0 ? Uint32Array.of(0) : new Uint32Array(0) };
  }
  let cur = parts[0]!.ids, card = parts[0]!.card;
  for (let p = 1; p < parts.length; p++) {
    const next = parts[p]!;
    const out = new Uint32Array(n);
    // A dense lookup table only while it stays small next to the input (at most 4M slots or 4 slots
    // a row): two high-cardinality keys would otherwise ask for gigabytes. Beyond that, a hash map.
    if (card * next.card <= Math.max(1 << 22, 4 * n)) {
      const m = new Int32Array(Math.max(1, card * next.card)).fill(-1);
      let c = 0;
      for (let k = 0; k < n; k++) { const key = cur[k]! * next.card + next.ids[k]!; let id = m[key]!; if (id < 0) { id = c++; m[key] = id; } out[k] = id; }
      card = c;
    } else {
      const m = new Map<number, number>(); let c = 0;
      for (let k = 0; k < n; k++) { const key = cur[k]! * next.card + next.ids[k]!; let id = m.get(key); if (id === undefined) { id = c++; m.set(key, id); } out[k] = id; }
      card = c;
    }
    cur = out;
  }
  // Renumber in first-seen order and record the first row of each group.
  const remap = new Int32Array(card).fill(-1);
  const ids = new Uint32Array(n); const first: number[] = []; let g = 0;
  for (let k = 0; k < n; k++) { const id = cur[k]!; let r = remap[id]!; if (r < 0) { r = g++; remap[id] = r; first.push(k); } ids[k] = r; }
  return { ids, groups: g, firstRow: Uint32Array.from(first) };
}

/** Kusto's ordering of two non-null boxed values of one type. */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
    if (Number.isNaN(b)) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  const sa = typeof a === 'string' ? a : stableJson(a), sb = typeof b === 'string' ? b : stableJson(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function isNullish(v: Value): boolean { return v === null || v === undefined; }
