import type { ScalarType, Value } from '../kql/data.js';
import { isNumericStorage } from '../kql/data.js';
import { type Column, type Table, type Field, NumberColumn, BoolColumn, StringColumn, ObjectColumn } from '../kql/data.js';
import { EMPTY_DICT } from './empty.js';
import { columnText as asText } from './column-facts.js';


function nullColumn(type: ScalarType, n: number): Column {
  if (isNumericStorage(type)) return new NumberColumn(type, new Float64Array(n), new Uint8Array(n).fill(1));
  if (type === 'bool') return new BoolColumn(new Uint8Array(n).fill(2));
  if (type === 'string') return new StringColumn(new Uint32Array(n), EMPTY_DICT);
  return new ObjectColumn(type, new Array<Value>(n).fill(null));
}


/** Concatenates columns of one type (a type mismatch must be resolved before). */
export function concatColumns(type: ScalarType, parts: readonly Column[], isEmpty?: (c: Column) => boolean, emptyOf?: (type: ScalarType, n: number) => Column): Column {
  if (parts.length === 1) return parts[0]!;
  const n = parts.reduce((a, c) => a + c.length, 0);
  if (isEmpty && parts.every(isEmpty)) return emptyOf ? emptyOf(type, n) : nullColumn(type, n);
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
    const first = (parts[0] as StringColumn).dict;
    if (parts.every((c) => (c as StringColumn).dict === first)) {
      // One shared dictionary (unifyDictionaries, or segments written from it): codes are copied as they are.
      let o = 0;
      for (const c of parts as StringColumn[]) { codes.set(c.codes, o); o += c.length; }
      return new StringColumn(codes, first);
    }
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
export function concatTables(name: string, parts: readonly Table[], isEmpty?: (c: Column) => boolean, emptyOf?: (type: ScalarType, n: number) => Column): Table {
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
    return { name: fname, column: concatColumns(type, cols, isEmpty, emptyOf) };
  });
  return { name, rowCount, fields };
}

/**
 * Gives the string columns of the same name in several tables one shared dictionary: the first
 * table's, extended; the other tables' codes are rewritten in place (their Uint32Arrays are
 * reused, nothing of the row size is allocated). Concatenating them afterwards is a plain copy,
 * and their Arrow segments carry the same dictionary, which a reader decodes once.
 */
export function unifyDictionaries(parts: readonly Table[]): Table[] {
  if (parts.length < 2) return [...parts];
  const names = new Set<string>();
  for (const t of parts) for (const f of t.fields) if (f.column.kind === 'string') names.add(f.name);
  const unified = new Map<string, string[]>();
  const rewritten = new Map<StringColumn, Uint32Array>();
  for (const name of names) {
    let dict: string[] | undefined;
    let index: Map<string, number> | undefined;
    for (const t of parts) {
      const f = t.fields.find((x) => x.name === name);
      if (!f || f.column.kind !== 'string') continue;
      const c = f.column;
      if (!dict) { dict = [...c.dict]; continue; }
      if (c.dict === dict) continue;
      if (!index) { index = new Map(); dict.forEach((s, k) => { if (!index!.has(s)) index!.set(s, k); }); }
      const remap = new Uint32Array(c.dict.length);
      let identity = true;
      c.dict.forEach((s, k) => {
        let m = index!.get(s);
        if (m === undefined) { m = dict!.length; dict!.push(s); index!.set(s, m); }
        remap[k] = m;
        if (m !== k) identity = false;
      });
      if (!identity) {
        // Rewritten in place, except an empty column's codes, which are shared (store/empty.ts).
        const codes = c.dict === EMPTY_DICT ? new Uint32Array(c.codes.length) : c.codes;
        const src = c.codes;
        for (let i = 0; i < codes.length; i++) codes[i] = remap[src[i]!]!;
        if (codes !== src) rewritten.set(c, codes);
      }
    }
    if (dict) unified.set(name, dict);
  }
  return parts.map((t) => ({
    name: t.name, rowCount: t.rowCount,
    fields: t.fields.map((f) => {
      const d = unified.get(f.name);
      return d && f.column.kind === 'string' ? { name: f.name, column: new StringColumn(rewritten.get(f.column) ?? f.column.codes, d) } : f;
    }),
  }));
}
