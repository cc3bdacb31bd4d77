/**
 * The executor's unit of data: named columns sharing one physical length, plus an optional
 * selection vector (physical row indices, ascending unless an operator reordered them) so `where`,
 * `take` and `sort` produce selections instead of copies.
 *
 * Invariant: every field's column has length `physLen`; logical rows are `sel` when present,
 * else 0..physLen-1.
 */
import type { ScalarType, Value } from '../data/types.js';
import { isNumericStorage } from '../data/types.js';
import { checkpoint, ROW_BLOCK } from '../governor.js';
import { BoolColumn, type Column, type Field, NumberColumn, ObjectColumn, StringColumn, type Table } from '../data/column.js';

export interface Batch {
  readonly fields: readonly Field[];
  readonly physLen: number;
  readonly sel?: Uint32Array;
}

export function rowCount(b: Batch): number { return b.sel ? b.sel.length : b.physLen; }

export function batchFromTable(t: Table): Batch { return { fields: t.fields, physLen: t.rowCount }; }

/** The physical row indices of a batch (allocates when there is no selection). */
export function rowIds(b: Batch): Uint32Array {
  if (b.sel) return b.sel;
  const ids = new Uint32Array(b.physLen);
  for (let i = 0; i < ids.length; i++) ids[i] = i;
  return ids;
}

/** A new column made of the rows `idx` of `c`. Dictionaries are shared, never copied. */
export function gather(c: Column, idx: Uint32Array): Column {
  const n = idx.length;
  // Blocks of GATHER_BLOCK rows with a governor checkpoint between them (no per-row test).
  switch (c.kind) {
    case 'number': {
      const d = new Float64Array(n);
      const src = c.data;
      for (let i0 = 0; i0 < n; i0 += GATHER_BLOCK) {
        for (let i = i0, e = Math.min(n, i0 + GATHER_BLOCK); i < e; i++) d[i] = src[idx[i]!]!;
        checkpoint();
      }
      let nulls: Uint8Array | undefined;
      if (c.nulls) {
        const sn = c.nulls; let any = false;
        const nn = new Uint8Array(n);
        for (let i = 0; i < n; i++) { const v = sn[idx[i]!]!; nn[i] = v; if (v) any = true; }
        if (any) nulls = nn;
      }
      if (c.big === undefined) return new NumberColumn(c.type, d, nulls);
      const big = new Map<number, bigint>();
      for (let i = 0; i < n; i++) { const b = c.big.get(idx[i]!); if (b !== undefined) big.set(i, b); }
      return new NumberColumn(c.type, d, nulls, big.size ? big : undefined);
    }
    case 'bool': {
      const d = new Uint8Array(n); const src = c.data;
      for (let i = 0; i < n; i++) d[i] = src[idx[i]!]!;
      return new BoolColumn(d);
    }
    case 'string': {
      const d = new Uint32Array(n); const src = c.codes;
      for (let i0 = 0; i0 < n; i0 += GATHER_BLOCK) {
        for (let i = i0, e = Math.min(n, i0 + GATHER_BLOCK); i < e; i++) d[i] = src[idx[i]!]!;
        checkpoint();
      }
      return new StringColumn(d, c.dict);
    }
    case 'object': {
      const d: Value[] = new Array(n); const src = c.data;
      for (let i0 = 0; i0 < n; i0 += ROW_BLOCK) {
        for (let i = i0, e = Math.min(n, i0 + ROW_BLOCK); i < e; i++) { const v = src[idx[i]!]; d[i] = v === undefined ? null : v; }
        checkpoint();
      }
      return new ObjectColumn(c.type, d);
    }
  }
}

/** Rows between two checkpoints in typed-array copies (~1 ms of work). */
const GATHER_BLOCK = 1 << 16;

/** Physical copy of the selected rows (no-op when there is no selection). */
export function compact(b: Batch): Batch {
  if (!b.sel) return b;
  const sel = b.sel;
  return { fields: b.fields.map((f) => ({ name: f.name, column: gather(f.column, sel) })), physLen: sel.length };
}

export function withSel(b: Batch, sel: Uint32Array): Batch { return { fields: b.fields, physLen: b.physLen, sel }; }

/** Typed output of evalColumn: values go straight into the column's storage (no boxed array). */
export class ColumnSink {
  private readonly num?: Float64Array;
  private nulls?: Uint8Array;
  private readonly bools?: Uint8Array;
  private readonly codes?: Uint32Array;
  private readonly dict: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly objs?: Value[];
  private big?: Map<number, bigint>;
  constructor(readonly type: ScalarType, readonly n: number) {
    if (isNumericStorage(type)) this.num = new Float64Array(n);
    else if (type === 'bool') this.bools = new Uint8Array(n);
    else if (type === 'string') this.codes = new Uint32Array(n);
    else this.objs = new Array<Value>(n);
  }
  /** Dictionary code of a string (string sinks only). */
  code(v: Value): number {
    const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    let k = this.index.get(s);
    if (k === undefined) { k = this.dict.length; this.dict.push(s); this.index.set(s, k); }
    return k;
  }
  setCode(i: number, k: number): void { this.codes![i] = k; }
  set(i: number, v: Value): void {
    if (this.num) {
      if (typeof v === 'number') this.num[i] = v;
      else if (typeof v === 'bigint') { this.num[i] = Number(v); (this.big ??= new Map()).set(i, v); }
      else if (typeof v === 'boolean') this.num[i] = v ? 1 : 0;
      else (this.nulls ??= new Uint8Array(this.n))[i] = 1;
    } else if (this.bools) this.bools[i] = v === null || v === undefined ? 2 : v ? 1 : 0;
    else if (this.codes) this.codes[i] = this.code(v);
    else this.objs![i] = v === undefined ? null : v;
  }
  finish(): Column {
    if (this.num) return new NumberColumn(this.type, this.num, this.nulls, this.big);
    if (this.bools) return new BoolColumn(this.bools);
    if (this.codes) return new StringColumn(this.codes, this.dict);
    return new ObjectColumn(this.type, this.objs!);
  }
}

/** Builds a column of `type` from boxed values (already in that type's boxed form). */
export function columnFromValues(type: ScalarType, values: ArrayLike<Value>): Column {
  const n = values.length;
  const sink = new ColumnSink(type, n);
  for (let i0 = 0; i0 < n; i0 += ROW_BLOCK) {
    for (let i = i0, e = Math.min(n, i0 + ROW_BLOCK); i < e; i++) sink.set(i, values[i] ?? null);
    checkpoint();
  }
  return sink.finish();
}

export function constColumn(type: ScalarType, v: Value, n: number): Column {
  if (type === 'string') return new StringColumn(new Uint32Array(n), [v === null ? '' : String(v)]);
  const vals = new Array<Value>(n).fill(v);
  return columnFromValues(type, vals);
}

export function emptyBatch(schema: readonly { name: string; type: ScalarType }[]): Batch {
  return { fields: schema.map((c) => ({ name: c.name, column: columnFromValues(c.type, []) })), physLen: 0 };
}

export function batchToTable(name: string, b: Batch): Table {
  const c = compact(b);
  return { name, fields: c.fields, rowCount: c.physLen };
}

/** Boxed rows of a batch in logical order. */
export function batchRows(b: Batch): Value[][] {
  const ids = rowIds(b);
  const cols = b.fields.map((f) => f.column);
  const out: Value[][] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const r = ids[i]!; const row: Value[] = new Array(cols.length);
    for (let j = 0; j < cols.length; j++) row[j] = cols[j]!.get(r);
    out[i] = row;
  }
  return out;
}

/** Concatenates columns of one type (used by union, mv-expand…). */
export function concatColumns(type: ScalarType, parts: readonly { column: Column | undefined; ids: Uint32Array | null; n: number }[]): Column {
  const total = parts.reduce((a, p) => a + p.n, 0);
  if (type === 'string') {
    // One dictionary among the parts (the others lack the column, or share it): keep it, with ""
    // for the missing rows; codes are copied, no string is hashed.
    const dicts = new Set<readonly string[]>();
    for (const p of parts) if (p.n > 0 && p.column) { if (p.column.kind !== 'string') { dicts.clear(); dicts.add([]); dicts.add([]); break; } dicts.add(p.column.dict); }
    if (dicts.size === 1) {
      const base = [...dicts][0]!;
      let empty = base.indexOf('');
      const dict = empty < 0 && parts.some((p) => p.n > 0 && !p.column) ? [...base, ''] : base;
      if (empty < 0) empty = dict.length - 1;
      const codes = new Uint32Array(total); let o = 0;
      for (const p of parts) {
        const c = p.column;
        if (!c || c.kind !== 'string') { codes.fill(empty, o, o + p.n); o += p.n; continue; }
        const src = c.codes, ids = p.ids;
        if (ids) for (let i = 0; i < p.n; i++) codes[o++] = src[ids[i]!]!;
        else { codes.set(src.subarray(0, p.n), o); o += p.n; }
      }
      return new StringColumn(codes, dict);
    }
    // Merge dictionaries: remap codes of each part into one dictionary.
    const dict: string[] = []; const index = new Map<string, number>();
    const codes = new Uint32Array(total); let o = 0;
    let emptyCode = -1;
    for (const p of parts) {
      const c = p.column;
      if (!c || c.kind !== 'string') {
        if (c) { for (let i = 0; i < p.n; i++) { const v = c.get(p.ids ? p.ids[i]! : i); const s = v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v); let k = index.get(s); if (k === undefined) { k = dict.length; dict.push(s); index.set(s, k); } codes[o++] = k; } continue; }
        if (emptyCode < 0) { const k = index.get(''); if (k !== undefined) emptyCode = k; else { emptyCode = dict.length; dict.push(''); index.set('', emptyCode); } }
        for (let i = 0; i < p.n; i++) codes[o++] = emptyCode;
        continue;
      }
      const map = new Int32Array(c.dict.length).fill(-1);
      const src = c.codes;
      for (let i = 0; i < p.n; i++) {
        const code = src[p.ids ? p.ids[i]! : i]!;
        let k = map[code]!;
        if (k < 0) { const s = c.dict[code]!; let e = index.get(s); if (e === undefined) { e = dict.length; dict.push(s); index.set(s, e); } k = e; map[code] = k; }
        codes[o++] = k;
      }
    }
    return new StringColumn(codes, dict);
  }
  const vals: Value[] = new Array(total); let o = 0;
  for (const p of parts) {
    const c = p.column;
    for (let i0 = 0; i0 < p.n; i0 += ROW_BLOCK) {
      for (let i = i0, e = Math.min(p.n, i0 + ROW_BLOCK); i < e; i++) vals[o++] = c ? c.get(p.ids ? p.ids[i]! : i) : null;
      checkpoint();
    }
  }
  return columnFromValues(type, vals);
}

/** Gathers rows by index where -1 means "no row" (a null; "" for strings) — outer joins. */
export function gatherOpt(c: Column, idx: Int32Array): Column {
  const n = idx.length;
  let anyMissing = false;
  for (let i = 0; i < n; i++) if (idx[i]! < 0) { anyMissing = true; break; }
  // No -1: the ids reinterpret as unsigned without a copy (Uint32Array.from iterates: ~0.1 s per million).
  if (!anyMissing) return gather(c, new Uint32Array(idx.buffer, idx.byteOffset, idx.length));
  if (c.kind === 'string') {
    let empty = c.dict.indexOf('');
    const dict = empty < 0 ? [...c.dict, ''] : c.dict;
    if (empty < 0) empty = dict.length - 1;
    const codes = new Uint32Array(n);
    for (let i = 0; i < n; i++) { const r = idx[i]!; codes[i] = r < 0 ? empty : c.codes[r]!; }
    return new StringColumn(codes, dict);
  }
  const vals: Value[] = new Array(n);
  for (let i = 0; i < n; i++) { const r = idx[i]!; vals[i] = r < 0 ? null : c.get(r); }
  return columnFromValues(c.type, vals);
}

/** Estimated bytes per row of a copy of the batch's columns (gather): numbers 8 (+1 null flag), bools 1, dictionary codes 4, object references 8. */
export function batchRowBytes(b: Batch): number {
  let n = 0;
  for (const f of b.fields) n += columnRowBytes(f.column);
  return n;
}

export function columnRowBytes(c: Column): number {
  switch (c.kind) {
    case 'number': return c.nulls ? 9 : 8;
    case 'bool': return 1;
    case 'string': return 4;
    case 'object': return 8;
  }
}
