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
import { ChunkError, Dict, SegmentFile, decodeChunk, decodeCodeChunk, gatherColumn, type ChunkRef, type ColumnMeta, type ColumnarLayout } from './segment.js';
import { columnText as asText } from './column-facts.js';
import { openTermIndex, TermIndexFormatError, type TermIndex } from './term-index.js';

/** The manifest fields this module reads (workspace.ts owns the full type). */
export interface SegmentEntry {
  readonly file: string; readonly rows: number; readonly bytes: number; readonly minTime: number | null; readonly maxTime: number | null;
  readonly checksum?: string;
  readonly layout?: 2 | 3; readonly timeColumn?: string;
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

/**
 * A part of the answer: a segment, and for layout 2+ the row groups of it that are read, each whole
 * or (narrowed by the term index) only the rows `sel` (ascending, relative to the group).
 */
interface Part { readonly seg: SegmentEntry; readonly groups: readonly GroupRead[]; readonly rows: number }
interface GroupRead { readonly g: number; readonly rows: number; readonly sel?: Uint32Array }

/** CLOUDHOP_TERM_INDEX=0 turns the term index off (scans read what the time ranges keep): for measuring. */
export function termIndexEnabled(): boolean { return process.env.CLOUDHOP_TERM_INDEX !== '0'; }

/** A group whose candidate rows are more than this share of its rows is read whole (a gather would cost more than it saves). */
const NARROW_MAX_SHARE = 0.75;

/** Statistics a scan fills in as it reads (ScanStats, mutable). */
type MutableStats = { -readonly [K in keyof ScanStats]-?: ScanStats[K] & {} };

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
    const stats: MutableStats = {
      segmentsTotal: this.entry.segments.length, segmentsRead: 0,
      rowsTotal: this.rowCount, rowsReturned: 0, bytesRead: 0, indexUsed: false,
      rowGroupsTotal: 0, rowGroupsRead: 0, indexRowGroupsSkipped: 0, indexRowsSkipped: 0, indexSegmentsSkipped: 0,
    };
    const filters = termIndexEnabled() ? (request.terms ?? []).filter((f) => this.entry.columns.some((c) => c.name === f.column && c.type === 'string')) : [];
    try {
      for (const seg of this.entry.segments) {
        const nGroups = seg.rowGroups?.length ?? 1;
        stats.rowGroupsTotal += nGroups;
        if (!seg.layout) { parts.push({ seg, groups: [{ g: 0, rows: seg.rows }], rows: seg.rows }); continue; }
        const sel = selectRowGroups(seg, request.time);
        if (!sel) continue;
        let groups: GroupRead[] = [];
        for (let g = sel[0]; g < sel[1]; g++) groups.push({ g, rows: seg.rowGroups![g]!.rows });
        if (request.time?.length) groups = this.timeCut(seg, groups, request.time, stats, cache);
        if (filters.length && seg.layout === 3) {
          const before = groups.reduce((n, x) => n + x.rows, 0), beforeGroups = groups.length;
          groups = this.narrow(seg, groups, filters, stats, cache);
          stats.indexRowGroupsSkipped += beforeGroups - groups.length;
          stats.indexRowsSkipped += before - groups.reduce((n, x) => n + (x.sel?.length ?? x.rows), 0);
          if (groups.length === 0) { stats.indexSegmentsSkipped++; continue; }
        }
        parts.push({ seg, groups, rows: groups.reduce((n, x) => n + (x.sel?.length ?? x.rows), 0) });
      }
    } catch (e) {
      if ((e as { [DAMAGED]?: boolean })[DAMAGED]) this.reader.hooks.onDamaged(this.name, e as Error);
      throw e;
    }
    stats.segmentsRead = parts.length;
    stats.rowGroupsRead = parts.reduce((n, p) => n + p.groups.length, 0);
    stats.rowsReturned = parts.reduce((a, p) => a + p.rows, 0);
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

  /**
   * Inside a segment sorted by a range's column, the row groups the range only partly covers keep
   * only the rows in it (a binary search over the group's sorted times): a one-hour window reads a
   * few thousand rows of its 65,536-row group, not all of them.
   */
  private timeCut(seg: SegmentEntry, groups: GroupRead[], time: readonly TimeRange[], stats: MutableStats, cache: boolean): GroupRead[] {
    for (const r of time) {
      let cm = metaOf(seg, r.column);
      if (cm?.same !== undefined) cm = metaOf(seg, cm.same);
      if (!cm || cm.name !== seg.timeColumn || !cm.chunks || !seg.rowGroups) continue;
      const out: GroupRead[] = [];
      for (const gr of groups) {
        const z = seg.rowGroups[gr.g]!;
        if (z.min !== null && z.max !== null && (r.min === null || z.min >= r.min) && (r.max === null || z.max <= r.max)) { out.push(gr); continue; }
        const key = `${seg.file}\u0000${cm.name}\u0000${gr.g}`;
        let c = this.reader.cache.get<Column>(key);
        if (!c) {
          const ref = cm.chunks[gr.g];
          if (!ref) throw mark(this.reader.hooks.damaged(this.name, seg, `column ${cm.name} has no chunk for row group ${gr.g}`));
          stats.bytesRead += ref[1];
          const b = this.readRef(seg, cm.name, ref, `row group ${gr.g}`);
          const meta = cm;
          c = this.guard(seg, `column ${cm.name} row group ${gr.g}`, () => decodeChunk(meta.type, b, gr.rows, undefined));
          if (cache) this.reader.cache.set(key, c, columnBytes(c));
        }
        if (c.kind !== 'number' || c.nulls?.some((x) => x === 1)) { out.push(gr); continue; } // not a sorted time column after all
        const d = c.data;
        const lowerBound = (x: number, strict: boolean): number => {
          let lo = 0, hi = d.length;
          while (lo < hi) { const mid = (lo + hi) >>> 1; if (strict ? d[mid]! <= x : d[mid]! < x) lo = mid + 1; else hi = mid; }
          return lo;
        };
        const a = r.min === null ? 0 : lowerBound(r.min, false), b = r.max === null ? d.length : lowerBound(r.max, true);
        if (b <= a) continue;
        if (b - a > gr.rows * NARROW_MAX_SHARE && !gr.sel) { out.push(gr); continue; }
        let sel: Uint32Array;
        if (gr.sel) sel = gr.sel.filter((i) => i >= a && i < b);
        else { sel = new Uint32Array(b - a); for (let i = 0; i < sel.length; i++) sel[i] = a + i; }
        if (sel.length) out.push({ g: gr.g, rows: gr.rows, sel });
      }
      groups = out;
    }
    return groups;
  }

  /**
   * The row groups (and rows in them) of a layout-3 segment that may satisfy every term filter:
   * a filter on a column the segment holds no text in (empty) keeps nothing; one the index answers
   * drops the groups whose presence bitmap holds no candidate code, then the rows whose code is not
   * a candidate. A filter the index cannot answer (no index, another type here, a hazard term, an
   * index this build cannot read) keeps everything: the executor runs the predicate anyway.
   */
  private narrow(seg: SegmentEntry, groups: GroupRead[], filters: NonNullable<ScanRequest['terms']>, stats: MutableStats, cache: boolean): GroupRead[] {
    for (const f of filters) {
      if (groups.length === 0) break;
      const cm = metaOf(seg, f.column);
      if (!cm || cm.empty) { stats.indexUsed = true; return []; } // every value "" here: no terms, no match
      if (cm.type !== 'string' || !cm.index || !cm.chunks || !cm.dict) continue;
      const index = this.termIndexOf(seg, cm, stats, cache);
      if (!index) continue;
      const mask = index.candidateMask(f.anyOf);
      if (!mask) continue;
      stats.indexUsed = true;
      let cands = 0;
      for (let k = 0; k < mask.length; k++) cands += mask[k]!;
      if (cands === 0) return [];
      if (cands === mask.length) continue; // every value of the segment is a candidate: the filter keeps every row
      /** Groups every code of which is a candidate (their presence bitmap says so): kept whole, no pass over their codes. */
      let whole: Set<number> | undefined;
      if (cm.present) {
        const bits = this.chunkOf(seg, cm.name, cm.present, 'present', 'row-group code bitmaps', stats, cache);
        const stride = (index.dictSize + 7) >> 3;
        if (bits.length < seg.rowGroups!.length * stride) throw mark(this.reader.hooks.damaged(this.name, seg, `column ${cm.name} row-group code bitmaps: ${bits.length} bytes, ${seg.rowGroups!.length * stride} expected`));
        const list = new Uint32Array(cands);
        for (let k = 0, j = 0; k < mask.length; k++) if (mask[k] === 1) list[j++] = k;
        groups = groups.filter(({ g }) => {
          const o = g * stride;
          for (let i = 0; i < list.length; i++) { const k = list[i]!; if ((bits[o + (k >> 3)]! >> (k & 7)) & 1) return true; }
          return false;
        });
        // Most codes candidates (`ResultType == "0"` on sign-ins): look for a group holding none of the others.
        if (cands * 2 >= mask.length) {
          const packed = new Uint8Array(stride);
          for (let k = 0; k < mask.length; k++) if (mask[k] === 1) packed[k >> 3]! |= 1 << (k & 7);
          for (const { g } of groups) {
            const o = g * stride;
            let all = true;
            for (let b = 0; b < stride; b++) if ((bits[o + b]! & ~packed[b]!) !== 0) { all = false; break; }
            if (all) (whole ??= new Set()).add(g);
          }
        }
      }
      const dictSize = index.dictSize;
      const next: GroupRead[] = [];
      for (const gr of groups) {
        if (whole?.has(gr.g)) { next.push(gr); continue; }
        const codes = this.codesOf(seg, cm, gr.g, dictSize, stats, cache);
        let out: Uint32Array;
        if (gr.sel) {
          out = new Uint32Array(gr.sel.length);
          let k = 0;
          for (let i = 0; i < gr.sel.length; i++) { const r = gr.sel[i]!; out[k] = r; k += mask[codes[r]!]!; }
          out = out.subarray(0, k);
        } else {
          out = new Uint32Array(codes.length + 1);
          let k = 0;
          for (let r = 0; r < codes.length; r++) { out[k] = r; k += mask[codes[r]!]!; }
          out = out.slice(0, k);
        }
        if (out.length === 0) continue;
        next.push(!gr.sel && out.length > gr.rows * NARROW_MAX_SHARE ? gr : { g: gr.g, rows: gr.rows, sel: out });
      }
      groups = next;
    }
    return groups;
  }

  private termIndexOf(seg: SegmentEntry, cm: ColumnMeta, stats: MutableStats, cache: boolean): TermIndex | undefined {
    const key = `${seg.file}\u0000${cm.name}\u0000index`;
    let ix = this.reader.cache.get<TermIndex | null>(key);
    if (ix === undefined) {
      const b = this.chunkOf(seg, cm.name, cm.index!, undefined, 'term index', stats, false);
      try { ix = openTermIndex(b); } catch (e) { if (!(e instanceof TermIndexFormatError)) throw e; ix = null; } // unreadable: scan instead
      if (cache) this.reader.cache.set(key, ix, b.length);
    } else stats.bytesRead += cm.index![1];
    return ix ?? undefined;
  }

  /** A chunk's bytes, from the cache (key suffix `cacheAs`) or the file. */
  private chunkOf(seg: SegmentEntry, column: string, ref: ChunkRef, cacheAs: string | undefined, what: string, stats: MutableStats, cache: boolean): Uint8Array {
    stats.bytesRead += ref[1];
    const key = cacheAs === undefined ? undefined : `${seg.file}\u0000${column}\u0000${cacheAs}`;
    if (key) { const hit = this.reader.cache.get<Uint8Array>(key); if (hit) return hit; }
    const b = this.readRef(seg, column, ref, what);
    if (key && cache) this.reader.cache.set(key, b, b.length);
    return b;
  }

  private readRef(seg: SegmentEntry, name: string, ref: ChunkRef, part: string): Uint8Array {
    const file = this.reader.file(seg);
    try { return file.read(ref, `column ${name} ${part}`); } catch (e) {
      if (e instanceof ChunkError) throw mark(this.reader.hooks.damaged(this.name, seg, e.message));
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && this.reader.hooks.newer()) throw mark(this.reader.hooks.damaged(this.name, seg, 'removed by a later commit (the workspace was compacted twice since this reader opened it): open the workspace again'));
      throw mark(this.reader.hooks.damaged(this.name, seg, `cannot be read (${code ?? (e as Error).message})`));
    }
  }

  /** The dictionary of a string/guid/dynamic column of a segment (entries decoded as they are asked for). */
  private dictOf(seg: SegmentEntry, cm: ColumnMeta, stats: MutableStats, cache: boolean): Dict {
    stats.bytesRead += cm.dict![1];
    const key = `${seg.file}\u0000${cm.name}\u0000dict`;
    let dict = this.reader.cache.get<Dict>(key);
    if (!dict) {
      const b = this.readRef(seg, cm.name, cm.dict!, 'dictionary');
      const read = (ref: ChunkRef, what: string): Uint8Array => this.readRef(seg, cm.name, ref, what);
      dict = this.guard(seg, `column ${cm.name} dictionary`, () => Dict.open(cm.type, b, seg.layout === 3 ? 3 : 2, read));
      if (cache) this.reader.cache.set(key, dict, dict.bytes);
    }
    return dict;
  }

  /** Runs f; an error not yet marked as the table's damage becomes a DamagedTableError about `what`. */
  private guard<T>(seg: SegmentEntry, what: string, f: () => T): T {
    try { return f(); } catch (e) {
      if ((e as { [DAMAGED]?: boolean })[DAMAGED]) throw e;
      throw mark(this.reader.hooks.damaged(this.name, seg, `${what}: ${(e as Error).message}`));
    }
  }

  /** Updates a dictionary's size in the cache after entries were decoded. */
  private recount(seg: SegmentEntry, cm: ColumnMeta, dict: Dict, cache: boolean): void {
    if (cache) this.reader.cache.set(`${seg.file}\u0000${cm.name}\u0000dict`, dict, dict.bytes);
  }

  /** The codes of one row group of a string column (checked against the dictionary's size). */
  private codesOf(seg: SegmentEntry, cm: ColumnMeta, g: number, dictSize: number, stats: MutableStats, cache: boolean): Uint32Array {
    const ref = cm.chunks![g];
    if (!ref) throw mark(this.reader.hooks.damaged(this.name, seg, `column ${cm.name} has no chunk for row group ${g}`));
    stats.bytesRead += ref[1];
    const key = `${seg.file}\u0000${cm.name}\u0000codes${g}`;
    let codes = this.reader.cache.get<Uint32Array>(key);
    if (!codes) {
      checkpoint();
      const b = this.readRef(seg, cm.name, ref, `row group ${g}`);
      try { codes = decodeCodeChunk(b, seg.rowGroups![g]!.rows, dictSize); } catch (e) { throw mark(this.reader.hooks.damaged(this.name, seg, `column ${cm.name} row group ${g}: ${(e as Error).message}`)); }
      if (cache) this.reader.cache.set(key, codes, codes.byteLength);
    }
    return codes;
  }

  private readColumn(name: string, type: ScalarType, parts: readonly Part[], stats: MutableStats, cache: boolean): Column {
    try {
      const cols = parts.map((p) => this.partColumn(p, name, type, stats, cache));
      if (cols.length === 0) return emptyColumn(type, 0);
      return concatColumns(type, cols, isEmptyColumn, emptyColumn);
    } catch (e) {
      if ((e as { [DAMAGED]?: boolean })[DAMAGED]) this.reader.hooks.onDamaged(this.name, e as Error);
      throw e;
    }
  }

  private partColumn(p: Part, name: string, type: ScalarType, stats: MutableStats, cache: boolean): Column {
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
    let src = name; // the column whose chunks are read (and cached): `same` names another
    if (cm.same !== undefined) { const other = metaOf(seg, cm.same); if (other) { cm = { ...other, name: cm.name }; src = other.name; } }
    if (!cm.chunks) return emptyColumn(type, p.rows);
    const dict = cm.dict ? this.dictOf(seg, cm, stats, cache) : undefined;
    const text0 = dict?.textBytes ?? 0;
    let col: Column;
    if (cm.type === 'string' && dict) col = this.stringPart(seg, cm, p, dict, stats, cache);
    else {
      const pieces: Column[] = [];
      for (const gr of p.groups) {
        checkpoint(); // a query's reads count against its time and memory limits (KQL502/KQL503)
        const g = gr.g;
        const ck = `${seg.file}\u0000${src}\u0000${g}`;
        stats.bytesRead += cm.chunks[g]?.[1] ?? 0; // read from disk, or decoded before and taken from the cache
        let c = this.reader.cache.get<Column>(ck);
        if (!c) {
          const ref = cm.chunks[g];
          if (!ref) throw mark(this.reader.hooks.damaged(this.name, seg, `column ${name} has no chunk for row group ${g}`));
          const b = this.readRef(seg, name, ref, `row group ${g}`);
          c = this.guard(seg, `column ${name} row group ${g}`, () => decodeChunk(cm!.type, b, gr.rows, dict));
          if (cache) this.reader.cache.set(ck, c, columnBytes(c));
        }
        pieces.push(gr.sel ? gatherColumn(c, gr.sel) : c);
      }
      col = pieces.length === 1 ? pieces[0]! : concatColumns(cm.type, pieces, isEmptyColumn, emptyColumn);
      if (dict) this.recount(seg, cm, dict, cache);
    }
    if (dict) stats.bytesRead += dict.textBytes - text0; // dictionary text blocks read for this column
    return col.type === type ? col : toStringColumn(col);
  }

  /**
   * A string column over a part's groups. Whole groups share the segment's dictionary (decoded
   * whole, once); when the index narrowed some group, the part gets a dictionary of only the
   * entries its rows use, and only those are decoded.
   */
  private stringPart(seg: SegmentEntry, cm: ColumnMeta, p: Part, dict: Dict, stats: MutableStats, cache: boolean): Column {
    const narrowed = p.groups.some((gr) => gr.sel);
    if (!narrowed) {
      const values = this.guard(seg, `column ${cm.name} dictionary`, () => dict.values() as string[]);
      this.recount(seg, cm, dict, cache);
      const pieces = p.groups.map((gr) => new StringColumn(this.codesOf(seg, cm, gr.g, dict.count, stats, cache), values));
      return pieces.length === 1 ? pieces[0]! : concatColumns('string', pieces, isEmptyColumn, emptyColumn);
    }
    // Old code → new code: an array over the dictionary, or a Map when the part keeps few rows of a large one.
    const few = p.rows * 8 < dict.count;
    const remap = few ? undefined : new Int32Array(dict.count).fill(-1);
    const remapMap = few ? new Map<number, number>() : undefined;
    const out: string[] = [];
    const codes = new Uint32Array(p.rows);
    let n = 0;
    this.guard(seg, `column ${cm.name} dictionary`, () => {
      for (const gr of p.groups) {
        const src = this.codesOf(seg, cm, gr.g, dict.count, stats, cache);
        const m = gr.sel?.length ?? gr.rows;
        for (let i = 0; i < m; i++) {
          const old = src[gr.sel ? gr.sel[i]! : i]!;
          let k = remap ? remap[old]! : remapMap!.get(old) ?? -1;
          if (k < 0) {
            k = out.length; out.push(dict.get(old) as string);
            if (remap) remap[old] = k; else remapMap!.set(old, k);
          }
          codes[n++] = k;
        }
      }
    });
    this.recount(seg, cm, dict, cache);
    return new StringColumn(codes, out);
  }
}

function mark(e: Error): Error { (e as { [DAMAGED]?: boolean })[DAMAGED] = true; return e; }
