import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync, unlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { writeFileAtomic } from './atomic-write.js';
import type { ScalarType } from '../kql/data.js';
import type { Table, NumberColumn } from '../kql/data.js';
import { tableFromArrow } from './arrow.js';
import { encodeSegment, partitionByDay, type ColumnarLayout } from './segment.js';
import { ChunkCache, LazyWorkspaceTable, WorkspaceReader } from './lazy-table.js';

/**
 * The local workspace: tables stored as Arrow IPC segments plus a manifest that names them.
 *
 * DIR/manifest.json           the committed state (the only file a reader trusts)
 * DIR/segments/<T>.<id>.seg   layout 2 (segment.ts): the rows of one day of table T sorted by its
 *                             time column, as column chunks read one by one (ranged reads, a
 *                             CRC-32 each); the manifest holds their places and zone maps
 * DIR/segments/<T>.<id>.arrow layout 1 (workspaces written before manifest version 2): one Arrow
 *                             record batch of table T, read whole; still read, never written
 * DIR/quarantine/<gen>.jsonl  the quarantine entries of ingest generation <gen>
 * DIR/.lock                   held by a running ingest (pid)
 * DIR/segments.journal        names of the segments an ingest wrote and has not yet committed
 *
 * Atomicity: segments are written to temporary names, fsynced and renamed, and segments/ is
 * fsynced; the manifest is written last the same way, then DIR is fsynced. A reader sees the last manifest and only the segments it names, so an
 * ingest killed at any moment leaves the previous state; files it left behind are removed by the
 * next ingest.
 *
 * Opening (openWorkspace) reads the manifest and stats the segment files, nothing else: each table
 * is a LazyWorkspaceTable (lazy-table.ts) that reads the chunks a query needs when it needs them.
 *
 * Integrity: a layout-1 segment's checksum (CRC-32, or SHA-256 on a Node without zlib.crc32) covers
 * the file, checked when it is read; a layout-2 segment has a CRC-32 per column chunk, checked when
 * that chunk is read. A segment whose size differs from the manifest's is found at opening (the
 * table is left out); a damaged chunk when a query reads it. Either makes its table unreadable
 * (DamagedTableError, naming the table, the file and its time range); the other tables stay readable.
 *
 * Ownership: the workspace deletes only files it wrote. A segment's name goes to the journal before
 * the segment is written; garbage collection removes a journalled segment (and its temporary files)
 * that the committed manifest does not name, and a segment a commit replaced (named by the previous
 * manifest, not the new one). A commit journals the files its predecessor retired before writing its
 * manifest, so a commit killed before removing them leaves them to the next write's collection.
 * Any other file under DIR, segments/ included, is left alone.
 *
 * Readers and compaction: a commit that replaces segments (merging the small segments of a day)
 * lists the replaced files in the new manifest's `retired` and leaves them on disk; the next commit
 * removes them. So a reader that opened generation g reads its files until generation g+2 is
 * committed; one that outlives two commits gets a DamagedTableError saying the segment was removed
 * and must reopen the workspace (each CLI command opens it once per run).
 */

export const MANIFEST = 'manifest.json';
export { DEFAULT_WORKSPACE } from './defaults.js';

export interface SegmentInfo {
  readonly file: string; readonly rows: number; readonly bytes: number; readonly minTime: number | null; readonly maxTime: number | null;
  /**
   * Checksum of the segment file as written, `crc32:<8 hex>` (or `sha256:<hex>` where Node lacks
   * zlib.crc32); absent in workspaces written before checksums (their size is still checked).
   * CRC-32 catches truncation and flipped bits (accidental damage) at ~2× SHA-256's speed.
   */
  readonly checksum?: string;
  /** Layout 2 or 3 (segment.ts): chunk places, row groups and zone maps (3: binary dictionaries, term indexes); absent for a layout-1 (Arrow) segment. */
  readonly layout?: 2 | 3;
  readonly timeColumn?: ColumnarLayout['timeColumn'];
  readonly rowGroups?: ColumnarLayout['rowGroups'];
  readonly columns?: ColumnarLayout['columns'];
}
export interface TableEntry { readonly segments: SegmentInfo[]; readonly columns: { readonly name: string; readonly type: ScalarType }[] }
export interface SourceEntry {
  readonly path: string; readonly size: number; readonly sha256: string; readonly generation: number;
  readonly records: number; readonly quarantined: number; readonly tables: readonly string[];
  /** The file's real path (links resolved): an input at the same real path is the same file, maybe grown. */
  readonly realpath?: string;
  /** Records of the whole content (earlier parts of an appended file included); `records` when absent. */
  readonly recordsTotal?: number;
  /**
   * Where reading resumes when the file grows (plain JSON lines): byte offset after the last record
   * read whole, the line number there, the records before it, and the SHA-256 of bytes [0, offset)
   * (a grown file whose first bytes still hash to it was appended to, not rewritten).
   */
  readonly resume?: { readonly offset: number; readonly line: number; readonly records: number; readonly sha256: string; readonly csv?: CsvResume };
}
/** What reading the rest of a CSV file needs: its header line (as written), delimiter and day/month order. */
export interface CsvResume {
  readonly header: string; readonly delimiter: string;
  /** Set once the file's values proved it (a field above 12); else each part decides from its own values. */
  readonly dateOrder?: 'mdy' | 'dmy';
}

export interface Manifest {
  readonly format: 'cloudhop-workspace';
  /**
   * 1: Arrow segments only; 2: layout-2 segments may be present; 3: layout-3 segments (binary
   * dictionaries, term indexes) may be present. A build refuses a version it does not know, so a
   * build before layout 3 refuses a version-3 workspace instead of misreading its dictionaries.
   */
  readonly version: 1 | 2 | 3;
  readonly generation: number;
  /** Segment files this commit replaced: kept for readers of the previous generation, removed by the next commit. */
  readonly retired?: readonly string[];
  readonly updated: string;
  readonly tables: Record<string, TableEntry>;
  /** Ingested inputs by content hash (re-ingesting one is a no-op). */
  readonly sources: Record<string, SourceEntry>;
}

export class WorkspaceError extends Error { override name = 'WorkspaceError'; }

/** A table whose segment is damaged (checksum, size or Arrow structure): the table cannot be read. */
export class DamagedTableError extends WorkspaceError {
  override name = 'DamagedTableError';
  constructor(readonly table: string, readonly file: string, readonly from: number | null, readonly to: number | null, reason: string) {
    super(`table ${table} is damaged: segment ${file} (${describeRange(from, to)}): ${reason}; re-ingest its sources into a new workspace`);
  }
}

function describeRange(from: number | null, to: number | null): string {
  const iso = (t: number): string => new Date(Math.floor(t / 10_000)).toISOString().replace('.000Z', 'Z');
  return from === null || to === null ? 'no time range' : `rows from ${iso(from)} to ${iso(to)}`;
}

export function emptyManifest(): Manifest {
  return { format: 'cloudhop-workspace', version: 3, generation: 0, updated: new Date(0).toISOString(), tables: {}, sources: {} };
}

/** The committed manifest, or undefined when DIR holds no workspace. Throws WorkspaceError on a damaged one. */
export function readManifest(dir: string): Manifest | undefined {
  const p = join(dir, MANIFEST);
  if (!existsSync(p)) return undefined;
  let m: Manifest;
  try { m = JSON.parse(readFileSync(p, 'utf8')) as Manifest; } catch (e) { throw new WorkspaceError(`${p}: not a workspace manifest (${(e as Error).message})`); }
  if (m.format !== 'cloudhop-workspace' || (m.version !== 1 && m.version !== 2 && m.version !== 3)) throw new WorkspaceError(`${p}: unknown workspace format`);
  return m;
}

/** Reads one segment, checking its size and checksum; throws DamagedTableError when it does not match. */
function readSegment(dir: string, name: string, s: SegmentInfo, dicts: Map<string, string[]>): Table {
  const p = join(dir, 'segments', s.file);
  const damaged = (reason: string): DamagedTableError => new DamagedTableError(name, p, s.minTime, s.maxTime, reason);
  let bytes: Buffer;
  try { bytes = readFileSync(p); } catch (e) { throw damaged(`cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`); }
  if (bytes.length !== s.bytes) throw damaged(`${bytes.length} bytes, the manifest says ${s.bytes} (truncated or overwritten)`);
  if (s.checksum !== undefined && !checksumMatches(bytes, s.checksum)) throw damaged(`checksum mismatch (${s.checksum.split(':')[0]}: the file changed after it was written)`);
  let t: Table;
  try { t = tableFromArrow(bytes, name, dicts); } catch (e) { throw damaged(`not a readable Arrow file (${(e as Error).message})`); }
  if (t.rowCount !== s.rows) throw damaged(`${t.rowCount} rows, the manifest says ${s.rows}`);
  return t;
}

const crc32 = (zlib as { crc32?: (b: Uint8Array) => number }).crc32;

/** True when `b` has checksum `c`; a checksum this Node cannot compute (crc32 before 20.15) is not checked. */
function checksumMatches(b: Uint8Array, c: string): boolean {
  const [alg, hex] = c.split(':');
  if (alg === 'crc32') return crc32 ? crc32(b).toString(16).padStart(8, '0') === hex : true;
  if (alg === 'sha256') return createHash('sha256').update(b).digest('hex') === hex;
  return true;
}

/** Decoded chunks kept per opened workspace (CLOUDHOP_CACHE_MB, default 512 MiB). */
function cacheBudget(): number {
  const mb = Number(process.env.CLOUDHOP_CACHE_MB);
  return (Number.isFinite(mb) && mb >= 0 ? mb : 512) * 1024 * 1024;
}

/** A reader of one workspace directory, its manifest as opened, and the tables' shared chunk cache. */
function makeReader(dir: string, opened: Manifest, onDamaged: (table: string, e: Error) => void): WorkspaceReader {
  return new WorkspaceReader(dir, new ChunkCache(cacheBudget()), {
    readWhole: (table, seg) => readSegment(dir, table, seg, new Map()),
    damaged: (table, seg, reason) => new DamagedTableError(table, join(dir, 'segments', seg.file), seg.minTime, seg.maxTime, reason),
    newer: () => { try { return (readManifest(dir)?.generation ?? 0) > opened.generation; } catch { return false; } },
    onDamaged,
  });
}

/** Reads one table of a workspace (all its segments, every column). Throws DamagedTableError on a damaged segment. */
export function readWorkspaceTable(dir: string, name: string, entry: TableEntry): Table {
  const t = new LazyWorkspaceTable(makeReader(dir, emptyManifest(), () => undefined), name, entry);
  const fields = t.fields.map((f) => ({ name: f.name, column: f.column }));
  return { name, rowCount: t.rowCount, fields };
}

/**
 * The readable tables of a workspace: a Map by name (the same as loadTables gives for --data) that
 * also lists the damaged tables and remembers whether a query asked for one (`get` of a damaged
 * name returns undefined and records it in `touched`; a table found damaged while a query reads
 * it is added to both).
 */
export class WorkspaceTables extends Map<string, Table> {
  readonly damaged = new Map<string, DamagedTableError>();
  readonly touched = new Set<string>();
  /** The manifest as opened. */
  manifest?: Manifest;
  override get(name: string): Table | undefined {
    if (this.damaged.has(name) && !super.has(name)) this.touched.add(name);
    return super.get(name);
  }
}

/**
 * The tables of a workspace by name, read lazily (LazyWorkspaceTable: a Table and a TableSource).
 * Opening reads the manifest and stats the segment files: a table whose file is missing or of
 * another size is left out and listed in `damaged`.
 */
export async function openWorkspace(dir: string): Promise<WorkspaceTables> { return openWorkspaceSync(dir); }

/** openWorkspace without the promise (it reads nothing asynchronously). */
export function openWorkspaceSync(dir: string): WorkspaceTables {
  const m = readManifest(dir);
  if (!m) throw new WorkspaceError(`${dir}: no workspace here (run 'cloudhop ingest PATH --workspace ${dir}')`);
  const out = new WorkspaceTables();
  out.manifest = m;
  const reader = makeReader(dir, m, (table, e) => {
    if (e instanceof DamagedTableError && !out.damaged.has(table)) out.damaged.set(table, e);
    out.touched.add(table);
  });
  for (const [name, entry] of Object.entries(m.tables)) {
    let bad: DamagedTableError | undefined;
    for (const s of entry.segments) {
      const p = join(dir, 'segments', s.file);
      let size: number;
      try { size = statSync(p).size; } catch (e) { bad = new DamagedTableError(name, p, s.minTime, s.maxTime, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`); break; }
      if (size !== s.bytes) { bad = new DamagedTableError(name, p, s.minTime, s.maxTime, `${size} bytes, the manifest says ${s.bytes} (truncated or overwritten)`); break; }
    }
    if (bad) out.damaged.set(name, bad);
    else out.set(name, new LazyWorkspaceTable(reader, name, entry));
  }
  return out;
}

function fsyncDir(dir: string): void {
  try { const fd = openSync(dir, 'r'); try { fsyncSync(fd); } finally { closeSync(fd); } } catch { /* not supported on this platform */ }
}

export { writeFileAtomic };

function timeRange(t: Table): { minTime: number | null; maxTime: number | null } {
  const f = t.fields.find((x) => x.name === 'TimeGenerated' && x.column.type === 'datetime') ?? t.fields.find((x) => x.name === 'Timestamp' && x.column.type === 'datetime');
  if (!f) return { minTime: null, maxTime: null };
  const c = f.column as NumberColumn;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < c.length; i++) { if (c.nulls && c.nulls[i] === 1) continue; const v = c.data[i]!; if (v < lo) lo = v; if (v > hi) hi = v; }
  return lo === Infinity ? { minTime: null, maxTime: null } : { minTime: lo, maxTime: hi };
}

function safeName(s: string): string { return s.replace(/[^A-Za-z0-9_-]/g, '_'); }

export const JOURNAL = 'segments.journal';

/** Notes a segment's name before it is written: it is then the workspace's to remove (collectGarbage). */
function journal(dir: string, file: string): void { appendFileSync(join(dir, JOURNAL), file + '\n'); }

/**
 * Notes a quarantine file an ingest created (`quarantine/<name>`): kept once that ingest commits,
 * removed by the next ingest's collectGarbage when it was killed before.
 */
export function journalQuarantine(dir: string, name: string): void { appendFileSync(join(dir, JOURNAL), `quarantine/${name}\n`); }

/**
 * Writes one partition (rows of one day, sorted by `timeColumn`; see segment.ts partitionByDay) as
 * a new layout-2 segment, not yet referenced by any manifest.
 */
function writePartition(dir: string, t: Table, timeColumn: string | undefined): SegmentInfo {
  const segDir = join(dir, 'segments');
  mkdirSync(segDir, { recursive: true });
  const file = `${safeName(t.name)}.${Date.now().toString(36)}${randomBytes(4).toString('hex')}.seg`;
  journal(dir, file);
  const { bytes, layout } = encodeSegment(t, timeColumn);
  writeFileAtomic(join(segDir, file), bytes);
  return { file, rows: t.rowCount, bytes: bytes.length, ...timeRange(t), ...layout };
}

/** Writes one table as new segments, one per day of its time column (not yet referenced by any manifest). */
export function writeSegments(dir: string, t: Table): SegmentInfo[] {
  return partitionByDay(t).map((p) => writePartition(dir, p.table, p.timeColumn));
}

/** Writes finished pieces as segments (not yet in a manifest); empty pieces are skipped. */
export function writePieces(dir: string, parts: ReadonlyMap<string, readonly Table[]>): WrittenSegment[] {
  const out: WrittenSegment[] = [];
  for (const [table, ts] of parts) for (const t of ts) {
    if (t.rowCount === 0) continue;
    const columns = t.fields.map((f) => ({ name: f.name, type: f.column.type }));
    for (const info of writeSegments(dir, t)) out.push({ table, info, columns });
  }
  return out;
}

/** Most segments a table keeps per day before a commit merges them (kept for compatibility: a commit merges every day of 2+ segments). */
export const MAX_SEGMENTS = 8;
/** The most rows a merge holds in memory: a day of more rows keeps its segments. */
export const MERGE_MAX_ROWS = 2_000_000;
/** A segment of this many rows is not merged with others of its day (see compact). */
export const KEEP_ROWS = 100_000;

const DAY = 864_000_000_000;

/** The compaction group of a segment: its day, 'none' (no time, or null times), or 'v1' (a layout-1 segment). */
function dayKey(s: SegmentInfo): string {
  if (!s.layout) return 'v1';
  if (!s.timeColumn || s.minTime === null) return 'none';
  return String(Math.floor(s.minTime / DAY));
}

/**
 * Compaction at commit: the small segments (under KEEP_ROWS rows) of one day (and those without
 * a time) are merged into one when there are several and they hold at most MERGE_MAX_ROWS rows
 * together; larger segments are kept as they are; layout-1 segments
 * (an older workspace) are rewritten as day segments under the same limit. The replaced files
 * stay for the readers of the previous generation (see collectGarbage).
 */
function compact(dir: string, name: string, segments: readonly SegmentInfo[], columns: TableEntry['columns']): SegmentInfo[] {
  const groups = new Map<string, SegmentInfo[]>();
  for (const s of segments) { const k = dayKey(s); let g = groups.get(k); if (!g) { g = []; groups.set(k, g); } g.push(s); }
  const out: SegmentInfo[] = [];
  for (const [key, g0] of groups) {
    // A segment of KEEP_ROWS rows or more stays as it is (a large ingest writes its ranges as such
    // segments: merging them would decode and encode every row again); the smaller ones of the
    // day are merged.
    const g = key === 'v1' ? g0 : g0.filter((s) => s.rows < KEEP_ROWS);
    if (key !== 'v1') out.push(...g0.filter((s) => s.rows >= KEEP_ROWS));
    const rows = g.reduce((a, s) => a + s.rows, 0);
    if ((g.length < 2 && key !== 'v1') || rows > MERGE_MAX_ROWS) { out.push(...g); continue; }
    out.push(...writeSegments(dir, readWorkspaceTable(dir, name, { segments: g, columns })));
  }
  // Day order (null times last): a whole-table read gives the rows in time order.
  return out.sort((a, b) => (a.minTime ?? Infinity) - (b.minTime ?? Infinity));
}

/** A segment written before the commit (a piece flushed during a large ingest), not yet in any manifest. */
export interface WrittenSegment { readonly table: string; readonly info: SegmentInfo; readonly columns: TableEntry['columns'] }

/**
 * Commits new tables (appended to the workspace's) and their sources: writes each piece as a
 * segment, then the manifest; then removes files no manifest names. `prev` is the manifest the
 * ingest started from. A table with more than MAX_SEGMENTS segments is merged into one.
 */
export function commitWorkspace(dir: string, prev: Manifest, added: ReadonlyMap<string, readonly Table[]>, sources: readonly SourceEntry[], prewritten: readonly WrittenSegment[] = []): Manifest {
  mkdirSync(join(dir, 'segments'), { recursive: true });
  const tables: Record<string, TableEntry> = { ...prev.tables };
  const names = new Set([...prewritten.map((w) => w.table), ...added.keys()]);
  for (const name of names) {
    const pieces = added.get(name) ?? [];
    const old = tables[name];
    let segments = [...(old?.segments ?? [])];
    let columns: TableEntry['columns'] = old?.columns ?? [];
    for (const w of prewritten) {
      if (w.table !== name || (w.info.rows === 0 && segments.length > 0)) continue;
      segments.push(w.info);
      columns = mergeColumns(columns, w.columns);
    }
    for (const t of pieces) {
      if (t.rowCount === 0 && (segments.length > 0 || pieces.length > 1)) continue;
      segments.push(...writeSegments(dir, t));
      columns = mergeColumns(columns, t.fields.map((f) => ({ name: f.name, type: f.column.type })));
    }
    segments = compact(dir, name, segments, columns);
    tables[name] = { segments, columns };
  }
  const srcs: Record<string, SourceEntry> = { ...prev.sources };
  for (const s of sources) srcs[s.sha256] = s;
  const named = new Set<string>();
  for (const e of Object.values(tables)) for (const s of e.segments) named.add(s.file);
  const retired: string[] = [];
  for (const e of Object.values(prev.tables)) for (const s of e.segments) if (!named.has(s.file)) retired.push(s.file);
  const next: Manifest = { format: 'cloudhop-workspace', version: 3, generation: prev.generation + 1, updated: new Date().toISOString(), ...(retired.length ? { retired } : {}), tables, sources: srcs };
  // The files the previous commit retired are removed by this one (collectGarbage below); they go
  // to the journal first, so that a commit killed between its manifest and that removal leaves
  // them to the next write's collectGarbage instead of on disk for ever (found by
  // test/serve/durability.test.ts). Before this commit lands they stay: `prev.retired` keeps them.
  for (const f of prev.retired ?? []) journal(dir, f);
  // The segments' names (renamed into segments/) reach the disk before the manifest that names
  // them: after a power loss the manifest never names a segment whose rename was lost.
  fsyncDir(join(dir, 'segments'));
  writeFileAtomic(join(dir, MANIFEST), JSON.stringify(next, null, 1));
  fsyncDir(dir);
  collectGarbage(dir, next, prev);
  return next;
}

function mergeColumns(a: TableEntry['columns'], b: TableEntry['columns']): TableEntry['columns'] {
  const out = a.map((c) => ({ ...c }));
  for (const c of b) {
    const x = out.find((o) => o.name === c.name);
    if (!x) out.push({ ...c }); else if (x.type !== c.type) x.type = 'string';
  }
  return out;
}

/**
 * Removes the segment files this workspace wrote that manifest `m` does not name: those in the
 * journal (written by this or a killed ingest) and those of `superseded` (the manifest a commit
 * replaced: segments merged away), with their temporary files; then empties the journal. Files the
 * workspace did not write are never touched, wherever they are.
 */
export function collectGarbage(dir: string, m: Manifest, superseded?: Manifest): void {
  const keep = new Set<string>(m.retired ?? []);
  for (const e of Object.values(m.tables)) for (const s of e.segments) keep.add(s.file);
  const ours = new Set<string>();
  const jp = join(dir, JOURNAL);
  const journalled = existsSync(jp) ? readFileSync(jp, 'utf8').split('\n') : [];
  for (const l of journalled) if (l !== '' && !l.includes('/') && !l.includes('\\')) ours.add(l);
  // Quarantine files (`<generation>[-k].jsonl`) of an ingest whose generation never committed.
  if (!superseded) for (const l of journalled) {
    const q = /^quarantine\/((\d+)(?:-\d+)?\.jsonl)$/.exec(l);
    if (q && Number(q[2]) > m.generation) { try { unlinkSync(join(dir, 'quarantine', q[1]!)); } catch { /* gone */ } }
  }
  // Segments the previous commit retired (kept one generation for its readers), and the superseded
  // manifest's segments: removed unless `m` still names them or retires them now.
  for (const f of superseded?.retired ?? []) ours.add(f);
  for (const e of Object.values(superseded?.tables ?? {})) for (const s of e.segments) ours.add(s.file);
  const segDir = join(dir, 'segments');
  if (existsSync(segDir)) {
    for (const f of readdirSync(segDir)) {
      const tmp = f.indexOf('.tmp-');
      const base = tmp >= 0 ? f.slice(0, tmp) : f;
      if (ours.has(base) && (tmp >= 0 || !keep.has(f))) { try { unlinkSync(join(segDir, f)); } catch { /* gone */ } }
    }
  }
  for (const f of existsSync(dir) ? readdirSync(dir) : []) if (f.startsWith(`${MANIFEST}.tmp-`)) { try { unlinkSync(join(dir, f)); } catch { /* gone */ } }
  try { unlinkSync(jp); } catch { /* none */ }
}

/**
 * Undoes an ingest that failed before its commit (disk full, a read error): removes the files it
 * wrote (segments, temporary files, its quarantine file) so the workspace is as the last commit
 * left it. Best effort: a file that cannot be removed is removed by the next ingest.
 */
export function discardUncommitted(dir: string): void {
  let m: Manifest;
  try { m = readManifest(dir) ?? emptyManifest(); } catch { return; }
  collectGarbage(dir, m); // journalled segments and quarantine files of the uncommitted generation
}

/** Takes the workspace's writer lock; a lock whose process is gone is taken over. */
export function lockWorkspace(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(p, 'wx');
      writeSync(fd, String(process.pid)); closeSync(fd);
      return () => { try { rmSync(p); } catch { /* gone */ } };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let pid = NaN;
      try { pid = Number(readFileSync(p, 'utf8').trim()); } catch { /* unreadable: stale */ }
      let alive = false;
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) { try { process.kill(pid, 0); alive = true; } catch (k) { alive = (k as NodeJS.ErrnoException).code === 'EPERM'; } }
      if (alive) throw new WorkspaceError(`${dir}: another ingest (pid ${pid}) is writing this workspace`);
      try { unlinkSync(p); } catch { /* raced */ }
    }
  }
  throw new WorkspaceError(`${dir}: cannot take the workspace lock`);
}

export function workspaceSize(dir: string, m: Manifest): number {
  let n = 0;
  for (const e of Object.values(m.tables)) for (const s of e.segments) { try { n += statSync(join(dir, 'segments', s.file)).size; } catch { /* missing */ } }
  return n;
}
