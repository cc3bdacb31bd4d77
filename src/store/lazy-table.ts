/**
 * A workspace table read on demand: both a Table (its `fields` decode a column, over every
 * segment, the first time it is read) and a TableSource (src/kql/scan.ts: `scan(request)` picks the
 * segments and row groups whose zone maps meet the request's time ranges; each column of the
 * answer is decoded on first read, from only those row groups).
 *
 * Reads are ranged reads of column chunks (segment.ts), each checked by its CRC; decoded chunks
 * are kept in a per-workspace LRU under a byte budget (CLOUDHOP_CACHE_MB, default 512), so the
 * queries of a detect replay over one workspace decode each chunk once while it fits.
 *
 * Segments written before layout 2 (one Arrow file each) are read whole, the first time one of
 * their columns is needed, and never skipped by time (their manifest entry has no zone maps).
 *
 * A reader holds the manifest it opened. A commit that replaces segments (compaction) keeps the
 * old files for one more generation (workspace.ts collectGarbage): a reader outliving two commits
 * finds them gone and fails with a DamagedTableError that says to open the workspace again.
 */
import { join } from 'node:path';
import type { ScalarType } from '../kql/data.js';
import { type Column, type Field, type Table, StringColumn } from '../kql/data.js';
import type { ColumnSchema } from '../kql/data.js';
import type { ScanRequest, ScanStats, TableSource, TimeRange } from '../kql/data.js';
import { concatColumns } from './concat.js';
import { checkpoint } from '../kql/data.js';
import { emptyColumn, isEmptyColumn } from './empty.js';
import { ChunkError, SegmentFile, decodeChunk, decodeDict, type ChunkRef, type ColumnMeta, type ColumnarLayout } from './segment.js';
import { columnText as asText } from './column-facts.js';

/** The manifest fields this module reads (workspace.ts owns the full type). */
export interface SegmentEntry {
  readonly file: string; readonly rows: number; readonly bytes: number; readonly minTime: number | null; readonly maxTime: number | null;
  readonly checksum?: string;
  readonly layout?: 2; readonly timeColumn?: string;
  readonly rowGroups?: ColumnarLayout['rowGroups'];
  readonly columns?: ColumnarLayout['columns'];
}
export interface LazyTableEntry { readonly segments: readonly SegmentEntry[]; readonly columns: readonly { readonly name: string; readonly type: ScalarType }[] }

/** Least-recently-used cache of decoded chunks, by approximate byte size. */
export class ChunkCache {
  private readonly map = new Map<string, { value: unknown; bytes: number }>();
  private used = 0;
  hits = 0; misses = 0;
  constructor(readonly budget: number) {}
  get<T>(key: string): T | undefined {
    const e = this.map.get(key);
    if (!e) { this.misses++; return undefined; }
    this.hits++;
    this.map.delete(key); this.map.set(key, e);
    return e.value as T;
  }
  set(key: string, value: unknown, bytes: number): void {
    if (bytes > this.budget) return;
    const old = this.map.get(key);
    if (old) { this.used -= old.bytes; this.map.delete(key); }
    this.map.set(key, { value, bytes }); this.used += bytes;
    for (const [k, e] of this.map) { if (this.used <= this.budget) break; this.map.delete(k); this.used -= e.bytes; }
  }
  get bytes(): number { return this.used; }
}

/** What the lazy tables of one opened workspace share: the directory, open files, the cache. */
export interface WorkspaceReaderHooks {
  /** Reads a pre-layout-2 (Arrow) segment whole; throws the table's DamagedTableError. */
  readonly readWhole: (table: string, seg: SegmentEntry) => Table;
  /** The table's DamagedTableError for a segment and a reason. */
  readonly damaged: (table: string, seg: SegmentEntry, reason: string) => Error;
  /** True when the workspace on disk is of a newer generation than the one opened. */
  readonly newer: () => boolean;
  /** Called with the error when a read of the table fails as damaged. */
  readonly onDamaged: (table: string, e: Error) => void;
}

export class WorkspaceReader {
  private readonly files = new Map<string, SegmentFile>();
  constructor(readonly dir: string, readonly cache: ChunkCache, readonly hooks: WorkspaceReaderHooks) {}
  file(seg: SegmentEntry): SegmentFile {
    let f = this.files.get(seg.file);
    if (!f) { f = new SegmentFile(join(this.dir, 'segments', seg.file), seg.bytes); this.files.set(seg.file, f); }
    return f;
  }
  close(): void { for (const f of this.files.values()) f.close(); this.files.clear(); }
}

const DAMAGED = Symbol('damaged');

/** A part of the answer: a segment, and for layout 2 the row groups [g0, g1) of it. */
interface Part { readonly seg: SegmentEntry; readonly g0: number; readonly g1: number; readonly rows: number }

function overlaps(lo: number | null | undefined, hi: number | null | undefined, r: TimeRange): boolean {
  if (lo === null || lo === undefined || hi === null || hi === undefined) return false; // every value null: no row satisfies a range
  if (r.min !== null && hi < r.min) return false;
  if (r.max !== null && lo > r.max) return false;
  return true;
}

function metaOf(seg: SegmentEntry, name: string): ColumnMeta | undefined { return seg.columns?.find((c) => c.name === name); }

/** The row groups of a layout-2 segment a request needs ([g0, g1)); undefined: none. */
export function selectRowGroups(seg: SegmentEntry, time: readonly TimeRange[] | undefined): [number, number] | undefined {
  const n = seg.rowGroups?.length ?? 1;
  if (!seg.layout || !time?.length) return [0, n];
  let g0 = 0, g1 = n;
  for (const r of time) {
    const cm = metaOf(seg, r.column);
    if (!cm || cm.empty) return undefined; // the column is null in every row of this segment
    if ((cm.min !== undefined || cm.max !== undefined) && !overlaps(cm.min, cm.max, r)) return undefined;
    const sortedBy = seg.timeColumn === r.column || (cm.same !== undefined && cm.same === seg.timeColumn);
    if (sortedBy && seg.rowGroups) {
      let a = -1, b = -1;
      for (let g = 0; g < seg.rowGroups.length; g++) if (overlaps(seg.rowGroups[g]!.min, seg.rowGroups[g]!.max, r)) { if (a < 0) a = g; b = g + 1; }
      if (a < 0) return undefined;
      g0 = Math.max(g0, a); g1 = Math.min(g1, b);
      if (g0 >= g1) return undefined;
    }
  }
  return [g0, g1];
}


/** A column of another type as text (a column whose type differs between segments is a string column). */
function toStringColumn(c: Column): Column {
  const idx = new Map<string, number>(); const dict: string[] = []; const codes = new Uint32Array(c.length);
  for (let i = 0; i < c.length; i++) { const s = asText(c, i); let k = idx.get(s); if (k === undefined) { k = dict.length; dict.push(s); idx.set(s, k); } codes[i] = k; }
  return new StringColumn(codes, dict);
}

function columnBytes(c: Column): number {
  switch (c.kind) {
    case 'number': return c.length * 8 + (c.nulls ? c.length : 0);
    case 'bool': return c.length;
    case 'string': return c.length * 4;
    case 'object': return c.length * 16;
  }
}

export class LazyWorkspaceTable implements Table, TableSource {
  readonly kind = 'source' as const;
  readonly name: string;
  private entry: LazyTableEntry;
  private all?: Table;
  lastScan?: ScanStats;

  constructor(private readonly reader: WorkspaceReader, name: string, entry: LazyTableEntry) {
    this.name = name; this.entry = entry;
  }

  get rowCount(): number { return this.entry.segments.reduce((a, s) => a + s.rows, 0); }
  get schema(): readonly ColumnSchema[] { return this.entry.columns.map((c) => ({ name: c.name, type: c.type })); }
  /** The whole table (every segment); each column decoded on first read. */
  get fields(): readonly Field[] { return (this.all ??= this.scanParts({}, false)).fields; }
  /** The manifest's segments (for explain and the tests). */
  get segments(): readonly SegmentEntry[] { return this.entry.segments; }

  scan(request: ScanRequest): Table { return this.scanParts(request, true); }

  /**
   * `cache`: keep decoded chunks in the workspace's LRU. The whole table (`fields`) holds its
   * columns itself, so its reads bypass the cache (no second copy of a table read whole).
   */
  private scanParts(request: ScanRequest, cache: boolean): Table {
    const parts: Part[] = [];
    for (const seg of this.entry.segments) {
      if (!seg.layout) { parts.push({ seg, g0: 0, g1: 1, rows: seg.rows }); continue; }
      const sel = selectRowGroups(seg, request.time);
      if (!sel) continue;
      const [g0, g1] = sel;
      let rows = 0;
      for (let g = g0; g < g1; g++) rows += seg.rowGroups![g]!.rows;
      parts.push({ seg, g0, g1, rows });
    }
    const stats = {
      segmentsTotal: this.entry.segments.length, segmentsRead: parts.length,
      rowsTotal: this.rowCount, rowsReturned: parts.reduce((a, p) => a + p.rows, 0), bytesRead: 0, indexUsed: false,
    };
    this.lastScan = stats;
    const rowCount = stats.rowsReturned;
    const fields: Field[] = this.entry.columns.map(({ name, type }) => {
      let column: Column | undefined;
      return Object.defineProperty({ name }, 'column', {
        enumerable: true,
        get: () => (column ??= this.readColumn(name, type, parts, stats, cache)),
      }) as Field;
    });
    return { name: this.name, rowCount, fields };
  }

  private readColumn(name: string, type: ScalarType, parts: readonly Part[], stats: { bytesRead: number }, cache: boolean): Column {
    try {
      const cols = parts.map((p) => this.partColumn(p, name, type, stats, cache));
      if (cols.length === 0) return emptyColumn(type, 0);
      return concatColumns(type, cols, isEmptyColumn, emptyColumn);
    } catch (e) {
      if ((e as { [DAMAGED]?: boolean })[DAMAGED]) this.reader.hooks.onDamaged(this.name, e as Error);
      throw e;
    }
  }

  private partColumn(p: Part, name: string, type: ScalarType, stats: { bytesRead: number }, cache: boolean): Column {
    const seg = p.seg;
    if (!seg.layout) {
      const key = `${seg.file}`;
      let t = this.reader.cache.get<Table>(key);
      if (!t) {
        try { t = this.reader.hooks.readWhole(this.name, seg); } catch (e) { throw mark(e as Error); }
        if (cache) this.reader.cache.set(key, t, seg.bytes);
      }
      stats.bytesRead += seg.bytes;
      const f = t.fields.find((x) => x.name === name);
      if (!f) return emptyColumn(type, seg.rows);
      return f.column.type === type ? f.column : toStringColumn(f.column);
    }
    let cm = metaOf(seg, name);
    if (!cm || cm.empty) return emptyColumn(type, p.rows);
    if (cm.same !== undefined) { const other = metaOf(seg, cm.same); if (other) cm = { ...other, name: cm.name }; }
    if (!cm.chunks) return emptyColumn(type, p.rows);
    const file = this.reader.file(seg);
    const what = (ref: ChunkRef, part: string): Uint8Array => {
      try { return file.read(ref, `column ${name} ${part}`); } catch (e) {
        if (e instanceof ChunkError) throw mark(this.reader.hooks.damaged(this.name, seg, e.message));
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' && this.reader.hooks.newer()) throw mark(this.reader.hooks.damaged(this.name, seg, 'removed by a later commit (the workspace was compacted twice since this reader opened it): open the workspace again'));
        throw mark(this.reader.hooks.damaged(this.name, seg, `cannot be read (${code ?? (e as Error).message})`));
      }
    };
    const srcName = cm.name === name ? name : cm.name;
    let dict: readonly unknown[] | undefined;
    if (cm.dict) {
      stats.bytesRead += cm.dict[1];
      const dk = `${seg.file}\u0000${srcName}\u0000dict`;
      dict = this.reader.cache.get<unknown[]>(dk);
      if (!dict) {
        const b = what(cm.dict, 'dictionary');
        try { dict = decodeDict(cm.type, b); } catch (e) { throw mark(this.reader.hooks.damaged(this.name, seg, `column ${name} dictionary: ${(e as Error).message}`)); }
        if (cache) this.reader.cache.set(dk, dict, b.length * 2);
      }
    }
    const pieces: Column[] = [];
    for (let g = p.g0; g < p.g1; g++) {
      checkpoint(); // a query's reads count against its time and memory limits (KQL502/KQL503)
      const rows = seg.rowGroups![g]!.rows;
      const ck = `${seg.file}\u0000${srcName}\u0000${g}`;
      stats.bytesRead += cm.chunks[g]?.[1] ?? 0; // read from disk, or decoded before and taken from the cache
      let c = this.reader.cache.get<Column>(ck);
      if (!c) {
        const ref = cm.chunks[g];
        if (!ref) throw mark(this.reader.hooks.damaged(this.name, seg, `column ${name} has no chunk for row group ${g}`));
        const b = what(ref, `row group ${g}`);
        try { c = decodeChunk(cm.type, b, rows, dict); } catch (e) { throw mark(this.reader.hooks.damaged(this.name, seg, `column ${name} row group ${g}: ${(e as Error).message}`)); }
        if (cache) this.reader.cache.set(ck, c, columnBytes(c));
      }
      pieces.push(c);
    }
    const col = pieces.length === 1 ? pieces[0]! : concatColumns(cm.type, pieces, isEmptyColumn, emptyColumn);
    return col.type === type ? col : toStringColumn(col);
  }
}

function mark(e: Error): Error { (e as { [DAMAGED]?: boolean })[DAMAGED] = true; return e; }
