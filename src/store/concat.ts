import type { ScalarType, Value } from '../kql/data/types.js';
import { isNumericStorage } from '../kql/data/types.js';
import { type Column, type Table, type Field, NumberColumn, BoolColumn, StringColumn, ObjectColumn } from '../kql/data/column.js';
import { formatDatetime, formatTimespan } from '../kql/data/convert.js';

function nullColumn(type: ScalarType, n: number): Column {
  if (isNumericStorage(type)) return new NumberColumn(type, new Float64Array(n), new Uint8Array(n).fill(1));
  if (type === 'bool') return new BoolColumn(new Uint8Array(n).fill(2));
  if (type === 'string') return new StringColumn(new Uint32Array(n), ['']);
  return new ObjectColumn(type, new Array<Value>(n).fill(null));
}

function asText(c: Column, i: number): string {
  const v = c.get(i);
  if (v === null) return '';
  if (c.type === 'datetime') return formatDatetime(v as number);
  if (c.type === 'timespan') return formatTimespan(v as number);
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Concatenates columns of one type (a type mismatch must be resolved before). */
export function concatColumns(type: ScalarType, parts: readonly Column[]): Column {
  if (parts.length === 1) return parts[0]!;
  const n = parts.reduce((a, c) => a + c.length, 0);
  if (isNumericStorage(type)) {
    const data = new Float64Array(n);
    let nulls: Uint8Array | undefined, o = 0;
    for (const c of parts as NumberColumn[]) {
      data.set(c.data, o);
      if (c.nulls) { nulls ??= new Uint8Array(n); nulls.set(c.nulls, o); }
      o += c.length;
    }
    return new NumberColumn(type, data, nulls);
  }
  if (type === 'bool') {
    const data = new Uint8Array(n); let o = 0;
    for (const c of parts as BoolColumn[]) { data.set(c.data, o); o += c.length; }
    return new BoolColumn(data);
  }
  if (type === 'string') {
    const codes = new Uint32Array(n);
    const dict: string[] = [];
    const index = new Map<string, number>();
    let o = 0;
    for (const c of parts as StringColumn[]) {
      const remap = new Uint32Array(c.dict.length);
      c.dict.forEach((s, k) => { let m = index.get(s); if (m === undefined) { m = dict.length; dict.push(s); index.set(s, m); } remap[k] = m; });
      for (let i = 0; i < c.length; i++) codes[o + i] = remap[c.codes[i]!]!;
      o += c.length;
    }
    return new StringColumn(codes, dict);
  }
  const data: Value[] = [];
  for (const c of parts as ObjectColumn[]) for (let i = 0; i < c.length; i++) data.push(c.get(i));
  return new ObjectColumn(type, data);
}

/**
 * Concatenates tables of one name: the union of their columns in order of first appearance; a
 * column missing from a part is null there; a column whose type differs between parts becomes a
 * string column (values as text) so that nothing is lost.
 */
export function concatTables(name: string, parts: readonly Table[]): Table {
  if (parts.length === 1) return parts[0]!;
  const order: string[] = [];
  const types = new Map<string, ScalarType | 'mixed'>();
  for (const t of parts) for (const f of t.fields) {
    const prev = types.get(f.name);
    if (prev === undefined) { order.push(f.name); types.set(f.name, f.column.type); }
    else if (prev !== f.column.type) types.set(f.name, 'mixed');
  }
  const rowCount = parts.reduce((a, t) => a + t.rowCount, 0);
  const fields: Field[] = order.map((fname) => {
    const tt = types.get(fname)!;
    const type: ScalarType = tt === 'mixed' ? 'string' : tt;
    const cols = parts.map((t) => {
      const f = t.fields.find((x) => x.name === fname);
      if (!f) return nullColumn(type, t.rowCount);
      if (f.column.type === type) return f.column;
      const texts: string[] = []; for (let i = 0; i < f.column.length; i++) texts.push(asText(f.column, i));
      const idx = new Map<string, number>(); const dict: string[] = []; const codes = new Uint32Array(texts.length);
      texts.forEach((s, i) => { let c = idx.get(s); if (c === undefined) { c = dict.length; dict.push(s); idx.set(s, c); } codes[i] = c; });
      return new StringColumn(codes, dict);
    });
    return { name: fname, column: concatColumns(type, cols) };
  });
  return { name, rowCount, fields };
}
