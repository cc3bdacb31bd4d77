/**
 * Segment layouts 2 and 3: one file per segment holding independent column chunks, each read alone
 * by a ranged read (`fs.readSync` at its offset) and checked by its own CRC-32. New segments are
 * layout 3; layout 2 (workspaces of manifest version 2) is still read.
 *
 *   file  = chunk*            (no header: where each chunk lies is in the manifest's SegmentInfo)
 *   chunk = the bytes of one column over one row group (ROW_GROUP rows, the last one shorter), or
 *           the dictionary of one string/guid/dynamic column of the segment
 *
 * A segment holds the rows of one day (UTC) of its table's time column (TimeGenerated, else
 * Timestamp), sorted by it; rows whose time is null go to a segment of their own. The manifest
 * records, per segment, its time range, per row group the time column's [min, max], and per
 * numeric column (long, int, real, datetime, timespan) its min/max over non-null values (a zone
 * map; null when every value is null). A scan asking for `T between (a .. b)` reads the segments
 * whose zone map of T meets [a, b] and, when T is the segment's sort column, only the row groups
 * that meet it (see lazy-table.ts).
 *
 * Chunk encodings (little-endian, every typed array 8-byte aligned inside the chunk):
 *   number  [enc u8 (0 float64, 1 int32), hasNulls u8, 6 × 0] [nulls: n bytes, padded to 8]? [values]
 *   bool    n bytes (0 false, 1 true, 2 null)
 *   codes   [width u8 (1, 2, 4), 7 × 0] [n codes]   (string, guid, dynamic: indices into the dictionary)
 *   dict    layout 3: binary (encodeDict below: entry ends, a null bitmap, the text; entries decoded
 *           as a scan asks for them); layout 2: a UTF-8 JSON array of strings ("" for the empty
 *           string), guids and dynamic values as JSON texts (null for null), parsed whole
 *   index   layout 3, string columns: the term index of the segment's dictionary (term-index.ts)
 *   present layout 3, string columns of 2+ row groups: per row group a bitmap over the dictionary of
 *           the codes its rows use (written when ≤ 4 KiB or ≤ 1/8 of the column's codes), so a
 *           scan skips a group that holds no candidate code without reading its codes
 * A column whose every value is null ("" for strings) has no chunks (`empty`); a number column
 * equal to an earlier one (TimeGenerated filled from Timestamp) names it (`same`) and has none.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import * as zlib from 'node:zlib';
import type { ScalarType, Value } from '../kql/data.js';
import { isNumericStorage } from '../kql/data.js';
import { type Column, type Table, NumberColumn, BoolColumn, StringColumn, ObjectColumn } from '../kql/data.js';
import { emptyColumn, isEmptyColumn } from './empty.js';
import { allEmpty, sameNumbers } from './column-facts.js';
import { buildTermIndex } from './term-index.js';

/** Rows per row group: the unit of a ranged read inside a segment. */
export const ROW_GROUP = 65_536;
/** The row-group size new segments get: ROW_GROUP, or CLOUDHOP_ROW_GROUP_ROWS (tests use small groups on small data). */
export function rowGroupRows(): number {
  const n = Number(process.env.CLOUDHOP_ROW_GROUP_ROWS);
  return Number.isInteger(n) && n >= 1 ? n : ROW_GROUP;
}

/** [offset, bytes, crc32] of a chunk in its segment file. */
export type ChunkRef = readonly [number, number, number];

export interface ColumnMeta {
  readonly name: string;
  readonly type: ScalarType;
  /** Zone map (numeric types): min/max of the non-null values; null when all are null. */
  readonly min?: number | null;
  readonly max?: number | null;
  /** Every value null ("" for strings): nothing stored. */
  readonly empty?: true;
  /** Equal to the earlier number column of this name: its chunks are read instead. */
  readonly same?: string;
  /** The dictionary chunk (string, guid, dynamic). */
  readonly dict?: ChunkRef;
  /** One chunk per row group. */
  readonly chunks?: readonly ChunkRef[];
  /** Layout 3, string columns: the term index of the segment's dictionary (term-index.ts). */
  readonly index?: ChunkRef;
  /** Layout 3, string columns of 2+ row groups: per row group, a bitmap of the dictionary codes its rows use. */
  readonly present?: ChunkRef;
}

export interface RowGroupMeta { readonly rows: number; readonly min: number | null; readonly max: number | null }

/** What layout 2 adds to a segment's manifest entry. */
export interface ColumnarLayout {
  /** 2: JSON dictionaries, no term index (read, no longer written); 3: binary dictionaries, term indexes. */
  readonly layout: 2 | 3;
  /** The column the segment is sorted by (row-group zone maps are on it); absent: unsorted. */
  readonly timeColumn?: string;
  readonly rowGroups: readonly RowGroupMeta[];
  readonly columns: readonly ColumnMeta[];
}

const crc32 = (zlib as { crc32?: (b: Uint8Array) => number }).crc32;
/** CRC-32 of a chunk (0 where this Node lacks zlib.crc32, and then not checked). */
export function chunkCrc(b: Uint8Array): number { return crc32 ? crc32(b) >>> 0 : 0; }

const pad8 = (n: number): number => (n + 7) & ~7;

/** The time column a table is partitioned and sorted by: TimeGenerated, else Timestamp (datetime). */
export function timeColumnOf(t: Table): string | undefined {
  const f = t.fields.find((x) => x.name === 'TimeGenerated' && x.column.type === 'datetime') ?? t.fields.find((x) => x.name === 'Timestamp' && x.column.type === 'datetime');
  return f && !isEmptyColumn(f.column) ? f.name : undefined;
}

const DAY = 864_000_000_000; // ticks

/**
 * Splits a table into day partitions of its time column, each sorted by time (stable); rows with a
 * null time form a partition of their own (last). A table without a time column is one partition.
 */
export function partitionByDay(t: Table): { table: Table; timeColumn?: string }[] {
  const tc = timeColumnOf(t);
  if (!tc || t.rowCount === 0) return [{ table: t }];
  const col = t.fields.find((f) => f.name === tc)!.column as NumberColumn;
  const n = t.rowCount;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const d = col.data, nl = col.nulls;
  const key = (i: number): number => (nl && nl[i] === 1 ? Infinity : d[i]!);
  let sorted = true;
  for (let i = 1; i < n; i++) if (key(i - 1) > key(i)) { sorted = false; break; }
  const order = sorted ? idx : idx.sort((a, b) => { const x = key(a), y = key(b); return x < y ? -1 : x > y ? 1 : a - b; });
  const parts: { table: Table; timeColumn?: string }[] = [];
  let start = 0;
  while (start < n) {
    const k0 = key(order[start]!);
    const day = k0 === Infinity ? Infinity : Math.floor(k0 / DAY);
    let end = start + 1;
    while (end < n) { const k = key(order[end]!); const dd = k === Infinity ? Infinity : Math.floor(k / DAY); if (dd !== day) break; end++; }
    const rows = order.subarray(start, end);
    parts.push({ table: sorted && start === 0 && end === n ? t : takeRows(t, rows), ...(day === Infinity ? {} : { timeColumn: tc }) });
    start = end;
  }
  return parts;
}

/** The rows `idx` of a table (dictionaries shared). */
export function takeRows(t: Table, idx: Uint32Array): Table {
  return { name: t.name, rowCount: idx.length, fields: t.fields.map((f) => ({ name: f.name, column: gatherColumn(f.column, idx) })) };
}

/** The rows `idx` of a column (dictionaries shared). */
export function gatherColumn(c: Column, idx: Uint32Array): Column {
  const n = idx.length;
  if (isEmptyColumn(c)) return emptyColumn(c.type, n);
  switch (c.kind) {
    case 'number': {
      const d = new Float64Array(n); let nulls: Uint8Array | undefined;
      for (let i = 0; i < n; i++) d[i] = c.data[idx[i]!]!;
      if (c.nulls) { nulls = new Uint8Array(n); for (let i = 0; i < n; i++) nulls[i] = c.nulls[idx[i]!]!; }
      return new NumberColumn(c.type, d, nulls);
    }
    case 'bool': { const d = new Uint8Array(n); for (let i = 0; i < n; i++) d[i] = c.data[idx[i]!]!; return new BoolColumn(d); }
    case 'string': { const d = new Uint32Array(n); for (let i = 0; i < n; i++) d[i] = c.codes[idx[i]!]!; return new StringColumn(d, c.dict); }
    case 'object': { const d: Value[] = new Array(n); for (let i = 0; i < n; i++) d[i] = c.get(idx[i]!); return new ObjectColumn(c.type, d); }
  }
}



function minMax(c: NumberColumn, from: number, to: number): { min: number | null; max: number | null } {
  let lo = Infinity, hi = -Infinity;
  const d = c.data, nl = c.nulls;
  for (let i = from; i < to; i++) { if (nl && nl[i] === 1) continue; const v = d[i]!; if (v < lo) lo = v; if (v > hi) hi = v; }
  return lo === Infinity ? { min: null, max: null } : { min: lo, max: hi };
}

function encodeNumbers(c: NumberColumn, from: number, to: number): Uint8Array {
  const n = to - from;
  const nl = c.nulls?.subarray(from, to);
  const hasNulls = nl !== undefined && nl.some((v) => v === 1);
  const d = c.data;
  let narrow = true;
  for (let i = from; i < to; i++) { const v = d[i]!; if ((!hasNulls || nl![i - from] !== 1) && ((v | 0) !== v || Object.is(v, -0))) { narrow = false; break; } }
  const nullBytes = hasNulls ? pad8(n) : 0;
  const out = new Uint8Array(8 + nullBytes + n * (narrow ? 4 : 8));
  out[0] = narrow ? 1 : 0; out[1] = hasNulls ? 1 : 0;
  if (hasNulls) out.set(nl!, 8);
  const at = 8 + nullBytes;
  if (narrow) { const v = new Int32Array(out.buffer, at, n); for (let i = 0; i < n; i++) v[i] = hasNulls && nl![i] === 1 ? 0 : d[from + i]!; }
  else new Float64Array(out.buffer, at, n).set(d.subarray(from, to));
  return out;
}

function decodeNumbers(type: ScalarType, b: Uint8Array, n: number): NumberColumn {
  const narrow = b[0] === 1, hasNulls = b[1] === 1;
  const at = 8 + (hasNulls ? pad8(n) : 0);
  if (at + n * (narrow ? 4 : 8) > b.length) throw new Error('number chunk shorter than its rows');
  const nulls = hasNulls ? b.slice(8, 8 + n) : undefined;
  let data: Float64Array;
  if (narrow) { const v = new Int32Array(b.buffer, b.byteOffset + at, n); data = new Float64Array(n); for (let i = 0; i < n; i++) data[i] = v[i]!; }
  else data = new Float64Array(b.buffer, b.byteOffset + at, n);
  return new NumberColumn(type, data, nulls);
}

function encodeCodes(codes: Uint32Array, from: number, to: number, dictSize: number): Uint8Array {
  const n = to - from;
  const width = dictSize <= 256 ? 1 : dictSize <= 65_536 ? 2 : 4;
  const out = new Uint8Array(8 + n * width);
  out[0] = width;
  const src = codes.subarray(from, to);
  if (width === 1) out.set(src, 8);
  else if (width === 2) new Uint16Array(out.buffer, 8, n).set(src);
  else new Uint32Array(out.buffer, 8, n).set(src);
  return out;
}

function decodeCodes(b: Uint8Array, n: number): Uint32Array {
  const width = b[0]!;
  if (width !== 1 && width !== 2 && width !== 4) throw new Error(`codes chunk of unknown width ${width}`);
  if (8 + n * width > b.length) throw new Error('codes chunk shorter than its rows');
  if (width === 4) return new Uint32Array(b.buffer, b.byteOffset + 8, n);
  const src = width === 1 ? b.subarray(8, 8 + n) : new Uint16Array(b.buffer, b.byteOffset + 8, n);
  const out = new Uint32Array(n); out.set(src); return out;
}

/**
 * A string column's dictionary cut to the entries its rows use (a day partition shares the
 * dictionary of the whole ingest piece it came from), codes renumbered to match.
 */
function usedDict(c: StringColumn): { dict: readonly string[]; codes: Uint32Array } {
  const n = c.length, d = c.dict;
  const remap = new Int32Array(d.length).fill(-1);
  let used = 0;
  for (let i = 0; i < n; i++) { const k = c.codes[i]!; if (remap[k] === -1) remap[k] = used++; }
  if (used === d.length) { let same = true; for (let k = 0; k < d.length; k++) if (remap[k] !== k) { same = false; break; } if (same) return { dict: d, codes: c.codes }; }
  const dict: string[] = new Array(used);
  for (let k = 0; k < d.length; k++) if (remap[k]! >= 0) dict[remap[k]!] = d[k]!;
  const codes = new Uint32Array(n);
  for (let i = 0; i < n; i++) codes[i] = remap[c.codes[i]!]!;
  return { dict, codes };
}

/** Dictionary-encodes an object column (guid, dynamic) as JSON texts. */
function objectDict(c: ObjectColumn): { dict: (string | null)[]; codes: Uint32Array } {
  const index = new Map<string | null, number>();
  const dict: (string | null)[] = [];
  const codes = new Uint32Array(c.length);
  // Rows often share one parsed object (the ingest and the reader share them per distinct text): its code is found by identity, stringified once.
  const byObject = new Map<object, number>();
  for (let i = 0; i < c.length; i++) {
    const v = c.get(i);
    const o = v !== null && typeof v === 'object' ? v : undefined;
    if (o !== undefined) { const k = byObject.get(o); if (k !== undefined) { codes[i] = k; continue; } }
    const s = v === null ? null : c.type === 'dynamic' ? JSON.stringify(v) : String(v);
    let k = index.get(s);
    if (k === undefined) { k = dict.length; dict.push(s); index.set(s, k); }
    if (o !== undefined) byObject.set(o, k);
    codes[i] = k;
  }
  return { dict, codes };
}

/** Serialises a partition (already sorted by `timeColumn`) into chunks; returns the file bytes and its layout. */
export function encodeSegment(t: Table, timeColumn: string | undefined): { bytes: Buffer; layout: ColumnarLayout } {
  const n = t.rowCount;
  const bounds: number[] = [];
  const size = rowGroupRows();
  for (let s = 0; s < n; s += size) bounds.push(s);
  if (bounds.length === 0) bounds.push(0);
  const groups = bounds.map((s) => [s, Math.min(n, s + size)] as const);
  const pieces: Uint8Array[] = [];
  let offset = 0;
  const put = (b: Uint8Array): ChunkRef => {
    const ref: ChunkRef = [offset, b.length, chunkCrc(b)];
    pieces.push(b);
    const padded = pad8(b.length);
    if (padded > b.length) pieces.push(new Uint8Array(padded - b.length));
    offset += padded;
    return ref;
  };
  const columns: ColumnMeta[] = [];
  const written: { name: string; column: Column }[] = [];
  for (const f of t.fields) {
    const c = f.column;
    const base = { name: f.name, type: c.type };
    if (n > 0 && allEmpty(c)) { columns.push({ ...base, ...(c.kind === 'number' ? { min: null, max: null } : {}), empty: true }); written.push(f); continue; }
    if (c.kind === 'number') {
      const same = written.find((w) => sameNumbers(w.column, c));
      const zm = minMax(c, 0, n);
      written.push(f);
      if (same) { columns.push({ ...base, ...zm, same: same.name }); continue; }
      columns.push({ ...base, ...zm, chunks: groups.map(([a, b]) => put(encodeNumbers(c, a, b))) });
      continue;
    }
    written.push(f);
    if (c.kind === 'bool') { columns.push({ ...base, chunks: groups.map(([a, b]) => put(c.data.slice(a, b))) }); continue; }
    const { dict, codes } = c.kind === 'string' ? usedDict(c) : objectDict(c);
    const dictRef = put(encodeDict(dict, put));
    const chunks = groups.map(([a, b]) => put(encodeCodes(codes, a, b, dict.length)));
    if (c.kind !== 'string') { columns.push({ ...base, dict: dictRef, chunks }); continue; }
    // The term index of the segment's dictionary, and which codes each row group uses (when that
    // costs at most an eighth of the codes, or 4 KiB: the bitmaps grow with dictionary × row groups).
    const index = put(buildTermIndex({ dict: dict as string[], codes }));
    const codeBytes = chunks.reduce((a, r) => a + r[1], 0);
    const present = groups.length > 1 && groups.length * ((dict.length + 7) >> 3) <= Math.max(4096, codeBytes / 8) ? put(presenceBitmaps(codes, groups, dict.length)) : undefined;
    columns.push({ ...base, dict: dictRef, chunks, index, ...(present ? { present } : {}) });
  }
  const tcol = timeColumn ? t.fields.find((f) => f.name === timeColumn)?.column : undefined;
  const rowGroups: RowGroupMeta[] = groups.map(([a, b]) => ({ rows: b - a, ...(tcol && tcol.kind === 'number' ? minMax(tcol, a, b) : { min: null, max: null }) }));
  return { bytes: Buffer.concat(pieces, offset), layout: { layout: 3, ...(timeColumn ? { timeColumn } : {}), rowGroups, columns } };
}

/** A chunk that does not check out (size, CRC, structure): the caller names the table and file. */
export class ChunkError extends Error {}

/** An open segment file: ranged reads of chunks, each checked against its CRC. */
export class SegmentFile {
  private fd: number | undefined;
  bytesRead = 0;
  constructor(readonly path: string, readonly size: number) {}

  read(ref: ChunkRef, what: string): Uint8Array {
    const [off, len, crc] = ref;
    if (off + len > this.size) throw new ChunkError(`${what}: chunk at ${off}+${len} is past the file's ${this.size} bytes`);
    this.fd ??= openSync(this.path, 'r');
    const buf = new Uint8Array(new ArrayBuffer(pad8(len)), 0, len);
    let got = 0;
    while (got < len) { const k = readSync(this.fd, buf, got, len - got, off + got); if (k === 0) break; got += k; }
    this.bytesRead += got;
    if (got !== len) throw new ChunkError(`${what}: ${got} of ${len} bytes at offset ${off} (truncated or overwritten)`);
    if (crc32 && crc !== 0 && chunkCrc(buf) !== crc) throw new ChunkError(`checksum mismatch (crc32: the file changed after it was written; ${what}, the chunk at offset ${off})`);
    return buf;
  }

  close(): void { if (this.fd !== undefined) { try { closeSync(this.fd); } catch { /* closed */ } this.fd = undefined; } }
}

/** Decodes a layout-2 (JSON) dictionary chunk: strings for a string column, parsed values for guid/dynamic. */
export function decodeJsonDict(type: ScalarType, b: Uint8Array): string[] | Value[] {
  const arr = JSON.parse(Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8')) as (string | null)[];
  if (!Array.isArray(arr)) throw new Error('dictionary chunk is not an array');
  if (type === 'string') return arr.map((s) => s ?? '');
  if (type === 'dynamic') return arr.map((s) => (s === null ? null : JSON.parse(s) as Value));
  return arr;
}

// ───────────── binary dictionaries (layout 3) ─────────────
//
// The dictionary chunk (in the manifest) holds where every entry ends and where its text lies; the
// text itself lies in blocks of about DICT_BLOCK bytes (whole entries each; a longer entry alone),
// written before the chunk, each with its own CRC-32 in the chunk:
//   0  u32 count, u8 flags (1: has nulls, 2: text is UTF-16LE, else UTF-8), 3 × 0, u32 blocks, 4 × 0
//  16  u32 end[count]     end of entry k in the whole text, in UTF-16 units (k = text[end[k-1], end[k]))
//      nulls              ceil(count / 8) bytes, bit k = entry k is null (flag 1 only); then padded to 8
//      block[blocks]      u32 first entry, u32 bytes, u32 crc32, 4 × 0, f64 file offset
// UTF-16LE when an entry holds a lone surrogate (UTF-8 cannot carry it; JSON could, as \uD800).
// A scan narrowed by the term index reads and decodes only the blocks of the entries its rows use
// (the profile of the 30-day hunt: decoding whole dictionaries was 60 % of its time); a whole read
// takes the contiguous text in one read and checks each block.

const DICT_HEADER = 16;
/** Target text bytes of one dictionary block. */
const DICT_BLOCK = 4096;
const BLOCK_REC = 24;

/** Writes a dictionary's text blocks (`put`, in file order) and returns its chunk. */
function encodeDict(dict: readonly (string | null)[], put: (b: Uint8Array) => ChunkRef): Uint8Array {
  const n = dict.length;
  let hasNulls = false, wide = false;
  const ends = new Uint32Array(n);
  let len = 0;
  for (let k = 0; k < n; k++) {
    const v = dict[k];
    if (v === null || v === undefined) { hasNulls = true; ends[k] = len; continue; }
    if (!wide && !(v as string & { isWellFormed(): boolean }).isWellFormed()) wide = true;
    len += v.length; ends[k] = len;
  }
  const blocks: { first: number; ref: ChunkRef }[] = [];
  let first = 0, bytes = 0;
  const flush = (end: number): void => {
    if (end === first) return;
    const text = Buffer.from(dict.slice(first, end).map((v) => v ?? '').join(''), wide ? 'utf16le' : 'utf8');
    blocks.push({ first, ref: put(text) });
    first = end; bytes = 0;
  };
  for (let k = 0; k < n; k++) {
    const v = dict[k];
    bytes += v ? v.length : 0;
    if (bytes >= DICT_BLOCK) flush(k + 1);
  }
  flush(n);
  const nullBytes = hasNulls ? (n + 7) >> 3 : 0;
  const blockAt = pad8(DICT_HEADER + 4 * n + nullBytes);
  const out = new Uint8Array(blockAt + BLOCK_REC * blocks.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, n, true); out[4] = (hasNulls ? 1 : 0) | (wide ? 2 : 0); dv.setUint32(8, blocks.length, true);
  new Uint32Array(out.buffer, DICT_HEADER, n).set(ends);
  if (hasNulls) for (let k = 0; k < n; k++) if (dict[k] === null || dict[k] === undefined) out[DICT_HEADER + 4 * n + (k >> 3)]! |= 1 << (k & 7);
  blocks.forEach(({ first: f, ref }, i) => {
    const o = blockAt + BLOCK_REC * i;
    dv.setUint32(o, f, true); dv.setUint32(o + 4, ref[1], true); dv.setUint32(o + 8, ref[2], true); dv.setFloat64(o + 16, ref[0], true);
  });
  return out;
}

/** Reads bytes of the segment file: a chunk checked by its CRC (crc 0: not checked here). */
export type ReadRef = (ref: ChunkRef, what: string) => Uint8Array;

/**
 * A dictionary chunk opened for reading: `count` entries, each decoded on first `get` (layout 3:
 * only its text block is read) or all at once (layout 2, JSON). guid values are their text;
 * dynamic values are parsed.
 */
export class Dict {
  readonly count: number;
  /** Decoded entries: a Map while few are asked for (a narrowed scan), an array once all are. */
  private readonly memo = new Map<number, unknown>();
  private all?: unknown[];
  private readonly texts: (string | undefined)[] = [];
  /** Bytes read for text blocks (for the scan's statistics). */
  textBytes = 0;
  private constructor(private readonly type: ScalarType, private readonly ends: Uint32Array | undefined, private readonly nulls: Uint8Array | undefined,
    private readonly wide: boolean, private readonly firsts: Uint32Array, private readonly refs: ChunkRef[], private readonly read: ReadRef | undefined, decoded?: unknown[]) {
    this.count = decoded ? decoded.length : ends!.length;
    if (decoded) this.all = decoded;
  }

  /** Opens a chunk of a segment of layout `layout`; throws on bytes that do not form a dictionary. `read` reads its text blocks (layout 3). */
  static open(type: ScalarType, b: Uint8Array, layout: 2 | 3, read?: ReadRef): Dict {
    if (layout === 2) return new Dict(type, undefined, undefined, false, new Uint32Array(0), [], undefined, decodeJsonDict(type, b) as unknown[]);
    if (b.length < DICT_HEADER) throw new Error('dictionary chunk shorter than its header');
    if (b.byteOffset % 8 !== 0) throw new Error('dictionary chunk not aligned');
    const dv = new DataView(b.buffer, b.byteOffset, b.length);
    const n = dv.getUint32(0, true), flags = b[4]!, nBlocks = dv.getUint32(8, true);
    const nullBytes = flags & 1 ? (n + 7) >> 3 : 0;
    const blockAt = pad8(DICT_HEADER + 4 * n + nullBytes);
    if (blockAt + BLOCK_REC * nBlocks !== b.length) throw new Error(`dictionary chunk of ${b.length} bytes, its header says ${blockAt + BLOCK_REC * nBlocks}`);
    const ends = new Uint32Array(b.buffer, b.byteOffset + DICT_HEADER, n);
    const nulls = flags & 1 ? b.subarray(DICT_HEADER + 4 * n, DICT_HEADER + 4 * n + nullBytes) : undefined;
    const firsts = new Uint32Array(nBlocks);
    const refs: ChunkRef[] = [];
    for (let i = 0; i < nBlocks; i++) {
      const o = blockAt + BLOCK_REC * i;
      firsts[i] = dv.getUint32(o, true);
      if (firsts[i]! >= n || (i > 0 && firsts[i]! <= firsts[i - 1]!) || (i === 0 && firsts[0] !== 0)) throw new Error(`dictionary block ${i} starts at entry ${firsts[i]}`);
      refs.push([dv.getFloat64(o + 16, true), dv.getUint32(o + 4, true), dv.getUint32(o + 8, true)]);
    }
    if (n > 0 && nBlocks === 0 && ends[n - 1] !== 0) throw new Error('dictionary text without blocks');
    return new Dict(type, ends, nulls, (flags & 2) !== 0, firsts, refs, read);
  }

  /** The block holding entry k. */
  private blockOf(k: number): number {
    let lo = 0, hi = this.firsts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (this.firsts[mid]! <= k) lo = mid; else hi = mid - 1; }
    return lo;
  }

  private decodeBlock(i: number, bytes: Uint8Array): string {
    const ends = this.ends!, f = this.firsts[i]!, next = i + 1 < this.firsts.length ? this.firsts[i + 1]! : ends.length;
    const units = ends[next - 1]! - (f === 0 ? 0 : ends[f - 1]!);
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const t = this.wide ? buf.toString('utf16le') : buf.length === units ? buf.toString('latin1') : buf.toString('utf8');
    if (t.length !== units) throw new Error(`dictionary block ${i}: ${t.length} UTF-16 units of text, its entries hold ${units}`);
    this.textBytes += bytes.length;
    return t;
  }

  private text(i: number): string {
    const t = this.texts[i];
    if (t !== undefined) return t;
    return (this.texts[i] = this.decodeBlock(i, this.read!(this.refs[i]!, `dictionary block ${i}`)));
  }

  /** Entry k: a string ('' for a null of a string column), a guid's text or a parsed dynamic value (null for null). */
  get(k: number): unknown {
    if (this.all) return this.all[k];
    const m = this.memo.get(k);
    if (m !== undefined) return m;
    let v: unknown;
    if (this.nulls && (this.nulls[k >> 3]! >> (k & 7)) & 1) v = this.type === 'string' ? '' : null;
    else {
      const ends = this.ends!;
      const start = k === 0 ? 0 : ends[k - 1]!, end = ends[k]!;
      if (end < start) throw new Error(`dictionary entry ${k} ends before it starts`);
      if (end === start) v = '';
      else {
        const i = this.blockOf(k), f = this.firsts[i]!;
        const base = f === 0 ? 0 : ends[f - 1]!;
        v = this.text(i).slice(start - base, end - base);
      }
      if (this.type === 'dynamic') v = JSON.parse(v as string) as Value;
    }
    this.memo.set(k, v);
    return v;
  }

  /** Every entry (the text read in one read when no block is read yet). */
  values(): unknown[] {
    if (this.all) return this.all;
    if (this.refs.length > 1 && this.texts.length === 0) {
      const first = this.refs[0]!, last = this.refs[this.refs.length - 1]!;
      const whole = this.read!([first[0], last[0] + last[1] - first[0], 0], 'dictionary text');
      this.refs.forEach((r, i) => {
        const part = whole.subarray(r[0] - first[0], r[0] - first[0] + r[1]);
        if (r[2] !== 0 && chunkCrc(part) !== r[2]) throw new ChunkError(`checksum mismatch (crc32: the file changed after it was written; dictionary block ${i}, at offset ${r[0]})`);
        this.texts[i] = this.decodeBlock(i, part);
      });
    }
    const out = new Array<unknown>(this.count);
    for (let k = 0; k < this.count; k++) out[k] = this.get(k);
    this.memo.clear();
    return (this.all = out);
  }

  /** Approximate bytes held (for the chunk cache). */
  get bytes(): number { return (this.ends?.length ?? 0) * 4 + this.textBytes * 2 + (this.all ? this.count * 8 : this.memo.size * 40); }
}

/** Per row group, a bitmap over the dictionary: bit k of group g = some row of g has code k. */
function presenceBitmaps(codes: Uint32Array, groups: readonly (readonly [number, number])[], dictSize: number): Uint8Array {
  const stride = (dictSize + 7) >> 3;
  const out = new Uint8Array(groups.length * stride);
  groups.forEach(([a, b], g) => { const o = g * stride; for (let i = a; i < b; i++) { const k = codes[i]!; out[o + (k >> 3)]! |= 1 << (k & 7); } });
  return out;
}

/** Decodes one row-group chunk of a column (`dict` for string/guid/dynamic). */
export function decodeChunk(type: ScalarType, b: Uint8Array, rows: number, dict: Dict | undefined): Column {
  if (isNumericStorage(type)) return decodeNumbers(type, b, rows);
  if (type === 'bool') { if (b.length < rows) throw new Error('bool chunk shorter than its rows'); return new BoolColumn(b.subarray(0, rows)); }
  const codes = decodeCodeChunk(b, rows, dict?.count ?? 0);
  if (type === 'string') return new StringColumn(codes, (dict?.values() ?? []) as string[]);
  const vals: Value[] = new Array(rows);
  for (let i = 0; i < rows; i++) vals[i] = dict!.get(codes[i]!) as Value;
  return new ObjectColumn(type, vals);
}

/** The dictionary codes of one row-group chunk of a string/guid/dynamic column, each checked against the dictionary's size. */
export function decodeCodeChunk(b: Uint8Array, rows: number, dictSize: number): Uint32Array {
  const codes = decodeCodes(b, rows);
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= dictSize) throw new Error(`code ${codes[i]} past the dictionary's ${dictSize} entries`);
  return codes;
}

/** An empty column of a layout-2 column with no chunks. */
export function emptyOf(type: ScalarType, rows: number): Column { return emptyColumn(type, rows); }
