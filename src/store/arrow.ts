import { createRequire } from 'node:module';
import type {
  Dictionary, Field as AField, Float64, Int32, Null, RecordBatch, Schema, Struct, Table as ATable, Uint16, Uint32, Uint8, Utf8, Type,
  Data, DataType, Vector,
} from 'apache-arrow';

/**
 * apache-arrow (~150 modules) is loaded on first use, synchronously (its CommonJS build), so that
 * importing this module costs nothing: only a workspace with layout-1 segments, or the in-memory
 * round trip, reads Arrow. This module is the only one that uses apache-arrow.
 */
type ArrowLib = typeof import('apache-arrow');
let lib: ArrowLib | undefined;
const A: ArrowLib = new Proxy({} as ArrowLib, { get: (_t, k) => (lib ??= createRequire(import.meta.url)('apache-arrow') as ArrowLib)[k as keyof ArrowLib] });
import type { ScalarType, Value } from '../kql/data.js';
import { isScalarType } from '../kql/data.js';
import { type Column, type Table, type Field, NumberColumn, BoolColumn, StringColumn, ObjectColumn } from '../kql/data.js';
import { emptyColumn, isEmptyColumn } from './empty.js';
import { allEmpty, sameNumbers } from './column-facts.js';
export { emptyColumn, isEmptyColumn } from './empty.js';

/**
 * Tables ⇄ Arrow IPC (file format), built from and read into our column buffers directly (no
 * per-value Arrow builders: DESIGN.md measured 5–9 s for 2 M strings that way).
 * - numeric types (long, real, datetime ticks, timespan ticks…) → Float64 + validity bitmap
 * - bool → Uint8 (0/1, null as validity)
 * - string → Dictionary<Utf8, Uint32>: our codes and dictionary as they are
 * - guid, dynamic → Utf8 (dynamic as JSON text), null as validity
 * Each field carries its Kusto type in metadata `kql.type`, so a reader restores it exactly.
 */

/** A stable id per dictionary array, written in field metadata so that a reader decodes a shared dictionary once. */
const dictIds = new WeakMap<readonly string[], string>();
function dictId(d: readonly string[]): string {
  let id = dictIds.get(d);
  if (!id) { id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}-${d.length}`; dictIds.set(d, id); }
  return id;
}

function bitmapFrom(isNull: (i: number) => boolean, n: number): { bitmap: Uint8Array | undefined; nullCount: number } {
  let nullCount = 0;
  const bm = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) { if (isNull(i)) nullCount++; else bm[i >> 3]! |= 1 << (i & 7); }
  return nullCount === 0 ? { bitmap: undefined, nullCount: 0 } : { bitmap: bm, nullCount };
}

function utf8Data(strings: readonly (string | null)[]): Data<Utf8> {
  const n = strings.length;
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) { const s = strings[i]; total += s ? Buffer.byteLength(s, 'utf8') : 0; offsets[i + 1] = total; }
  if (total > 0x7fffffff) throw new Error('string column over 2 GiB');
  const bytes = Buffer.allocUnsafe(total);
  for (let i = 0; i < n; i++) { const s = strings[i]; if (s) bytes.write(s, offsets[i]!, 'utf8'); }
  const { bitmap, nullCount } = bitmapFrom((i) => strings[i] === null, n);
  return A.makeData({ type: new A.Utf8(), length: n, nullCount, nullBitmap: bitmap, valueOffsets: offsets, data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) });
}


function columnData(c: Column): { data: Data; type: DataType } {
  const n = c.length;
  if (n > 0 && allEmpty(c)) { const type = new A.Null(); return { type, data: A.makeData({ type, length: n, nullCount: n }) }; }
  switch (c.kind) {
    case 'number': {
      const nulls = c.nulls;
      const { bitmap, nullCount } = nulls ? bitmapFrom((i) => nulls[i] === 1, n) : { bitmap: undefined, nullCount: 0 };
      // Ids and counts (every value a 32-bit integer, no -0) are stored as Int32: half the bytes
      // to read back; the reader widens them to float64 again.
      const d = c.data;
      let narrow = true;
      for (let i = 0; i < n; i++) { const v = d[i]!; if ((nulls === undefined || nulls[i] !== 1) && ((v | 0) !== v || Object.is(v, -0))) { narrow = false; break; } }
      if (narrow) {
        const type = new A.Int32();
        const ints = new Int32Array(n);
        for (let i = 0; i < n; i++) ints[i] = nulls !== undefined && nulls[i] === 1 ? 0 : d[i]!;
        return { type, data: A.makeData({ type, length: n, nullCount, nullBitmap: bitmap, data: ints }) };
      }
      const type = new A.Float64();
      return { type, data: A.makeData({ type, length: n, nullCount, nullBitmap: bitmap, data: c.data }) };
    }
    case 'bool': {
      const d = c.data;
      const { bitmap, nullCount } = bitmapFrom((i) => d[i] === 2, n);
      const vals = nullCount === 0 ? d : d.map((v) => (v === 2 ? 0 : v));
      const type = new A.Uint8();
      return { type, data: A.makeData({ type, length: n, nullCount, nullBitmap: bitmap, data: vals }) };
    }
    case 'string': {
      // Indices as narrow as the dictionary allows (most log columns have few distinct values).
      const dict = utf8Data(c.dict);
      const len = c.dict.length;
      if (len <= 256) {
        const type = new A.Dictionary(new A.Utf8(), new A.Uint8());
        return { type, data: A.makeData({ type, length: n, nullCount: 0, data: Uint8Array.from(c.codes), dictionary: vectorOf(dict) }) };
      }
      if (len <= 65536) {
        const type = new A.Dictionary(new A.Utf8(), new A.Uint16());
        return { type, data: A.makeData({ type, length: n, nullCount: 0, data: Uint16Array.from(c.codes), dictionary: vectorOf(dict) }) };
      }
      const type = new A.Dictionary(new A.Utf8(), new A.Uint32());
      return { type, data: A.makeData({ type, length: n, nullCount: 0, data: c.codes, dictionary: vectorOf(dict) }) };
    }
    case 'object': {
      const texts = c.data.map((v) => (v === null || v === undefined ? null : c.type === 'dynamic' ? JSON.stringify(v) : String(v)));
      const data = utf8Data(texts);
      return { type: data.type, data };
    }
  }
}

function vectorOf<T extends DataType>(d: Data<T>): Vector<T> { return A.makeVector(d) as Vector<T>; }

/** Serialises a table to Arrow IPC file bytes (one record batch). */

export function tableToArrow(t: Table): Uint8Array {
  const fields: AField[] = [];
  const children: Data[] = [];
  const written: Field[] = [];
  for (const f of t.fields) {
    // A column equal to an earlier one of its type (TimeGenerated filled from Timestamp) is written
    // as a reference to it (an empty Arrow column naming the other): nothing to read twice.
    const same = f.column.kind === 'number' && !isEmptyColumn(f.column) ? written.find((w) => sameNumbers(w.column, f.column)) : undefined;
    written.push(f);
    if (same) {
      const type = new A.Null();
      fields.push(new A.Field(f.name, type, true, new Map([['kql.type', f.column.type], ['kql.same', same.name]])));
      children.push(A.makeData({ type, length: t.rowCount, nullCount: t.rowCount }));
      continue;
    }
    const { data, type } = columnData(f.column);
    const meta = new Map<string, string>([['kql.type', f.column.type]]);
    if (f.column.kind === 'string') meta.set('kql.dict', dictId(f.column.dict));
    fields.push(new A.Field(f.name, type, true, meta));
    children.push(data);
  }
  const schema = new A.Schema(fields, new Map([['kql.table', t.name]]));
  const structData = A.makeData({ type: new A.Struct(fields), length: t.rowCount, nullCount: 0, children });
  const batch = new A.RecordBatch(schema, structData);
  return A.tableToIPC(new A.Table(schema, [batch]), 'file');
}

function isValid(bitmap: Uint8Array | null | undefined, offset: number, i: number): boolean {
  if (!bitmap || bitmap.length === 0) return true;
  const j = offset + i;
  return ((bitmap[j >> 3]! >> (j & 7)) & 1) === 1;
}

function decodeUtf8Column(d: Data<Utf8>): (string | null)[] {
  const n = d.length;
  const out: (string | null)[] = new Array(n);
  const buf = Buffer.from(d.values.buffer, d.values.byteOffset, d.values.byteLength);
  const o = d.valueOffsets;
  for (let i = 0; i < n; i++) {
    if (d.nullCount > 0 && !isValid(d.nullBitmap, d.offset, i)) { out[i] = null; continue; }
    const s = o[i]!, e = o[i + 1]!;
    out[i] = e === s ? '' : buf.toString('utf8', s, e);
  }
  return out;
}

/** Arrow validity bitmap (bit i set = valid) → our null bytes (1 = null), eight rows a step. */
function nullsFromBitmap(bitmap: Uint8Array, offset: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  if ((offset & 7) === 0) {
    const base = offset >> 3, full = n >> 3;
    for (let b = 0; b < full; b++) {
      const v = bitmap[base + b]!;
      if (v === 0xff) continue;
      const o = b << 3;
      if (v === 0) { out.fill(1, o, o + 8); continue; }
      for (let k = 0; k < 8; k++) if (((v >> k) & 1) === 0) out[o + k] = 1;
    }
    for (let i = full << 3; i < n; i++) if (!isValid(bitmap, offset, i)) out[i] = 1;
    return out;
  }
  for (let i = 0; i < n; i++) if (!isValid(bitmap, offset, i)) out[i] = 1;
  return out;
}

/**
 * Parses a dynamic column's JSON texts. Rows with the same text share one parsed value (values
 * are immutable in the engine; functions that change a bag copy it first): a sign-in table's
 * LocationDetails or DeviceDetail repeat a few hundred objects over a million rows, and one object
 * each keeps the heap — and every garbage collection's walk over it — small. Mostly distinct
 * texts (checked on the first 4,096 rows) are parsed one by one, without the lookup.
 */
function parseDynamics(texts: readonly (string | null)[]): Value[] {
  const n = texts.length;
  const out: Value[] = new Array(n);
  const seen = new Map<string, Value>();
  let share = true;
  for (let i = 0; i < n; i++) {
    const s = texts[i];
    if (s === null || s === undefined) { out[i] = null; continue; }
    if (!share) { out[i] = JSON.parse(s) as Value; continue; }
    let v = seen.get(s);
    if (v === undefined) { v = JSON.parse(s) as Value; seen.set(s, v); }
    out[i] = v;
    if (i === 4095 && seen.size > 2048) { share = false; seen.clear(); }
  }
  return out;
}

function columnFrom(type: ScalarType, chunks: readonly Data[], dictKey: string | undefined, dicts: Map<string, string[]> | undefined): Column {
  if (chunks.length !== 1) throw new Error(`expected one record batch, found ${chunks.length}`);
  const d = chunks[0]!;
  const n = d.length;
  if (d.typeId === A.Type.Null) return emptyColumn(type, n);
  if (type === 'string') {
    const raw = d.values as Uint8Array | Uint16Array | Uint32Array;
    const codes = raw instanceof Uint32Array ? raw : Uint32Array.from(raw.subarray(0, n));
    let dict = dictKey !== undefined ? dicts?.get(dictKey) : undefined;
    if (!dict) {
      const dictData = (d.dictionary as Vector<Utf8>).data[0]!;
      dict = decodeUtf8Column(dictData).map((s) => s ?? '');
      if (dictKey !== undefined) dicts?.set(dictKey, dict);
    }
    return new StringColumn(codes.length === n ? codes : codes.subarray(0, n), dict);
  }
  if (type === 'bool') {
    const vals = d.values as Uint8Array;
    if (d.nullCount === 0) return new BoolColumn(vals.subarray(0, n));
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = isValid(d.nullBitmap, d.offset, i) ? vals[i]! : 2;
    return new BoolColumn(out);
  }
  if (type === 'guid' || type === 'dynamic') {
    const texts = decodeUtf8Column(d as Data<Utf8>);
    const vals: Value[] = type === 'guid' ? texts : parseDynamics(texts);
    return new ObjectColumn(type, vals);
  }
  const nulls = d.nullCount > 0 && d.nullBitmap ? nullsFromBitmap(d.nullBitmap, d.offset, n) : undefined;
  if (d.typeId === A.Type.Int) {
    // Written narrow (columnData): widened back; a null's slot stays 0, as in float64 columns.
    const ints = d.values as Int32Array;
    const f64 = new Float64Array(n);
    for (let i = 0; i < n; i++) f64[i] = ints[i]!;
    return new NumberColumn(type, f64, nulls);
  }
  const f64 = d.values as Float64Array;
  return new NumberColumn(type, f64.subarray(0, n), nulls);
}

/**
 * Reads Arrow IPC bytes written by tableToArrow (or any file whose fields carry `kql.type`).
 * `dicts`: dictionaries already decoded by id (segments of one table share them), filled as read.
 */
export function tableFromArrow(bytes: Uint8Array, name?: string, dicts?: Map<string, string[]>): Table {
  const at = A.tableFromIPC(bytes);
  const fields: Field[] = [];
  for (const f of at.schema.fields) {
    const kt = f.metadata.get('kql.type') ?? 'string';
    const type: ScalarType = isScalarType(kt) ? kt : 'string';
    const vec = at.getChild(f.name)!;
    const same = f.metadata.get('kql.same');
    if (same !== undefined) {
      const other = fields.find((x) => x.name === same);
      if (other) { fields.push(Object.defineProperty({ name: f.name }, 'column', { enumerable: true, get: () => other.column }) as Field); continue; }
    }
    const key = f.metadata.get('kql.dict');
    // Decoded on first use: a query reads a few of a log table's columns (the engine prunes the
    // others), so reopening a workspace pays only for those.
    let column: Column | undefined;
    const dictKey = key === undefined ? undefined : `${f.name}\u0000${key}`;
    fields.push(Object.defineProperty({ name: f.name }, 'column', { enumerable: true, get: () => (column ??= columnFrom(type, vec.data, dictKey, dicts)) }) as Field);
  }
  return { name: name ?? at.schema.metadata.get('kql.table') ?? 'Table', rowCount: at.numRows, fields };
}
