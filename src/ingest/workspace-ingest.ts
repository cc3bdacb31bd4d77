import { createHash } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, openSync, realpathSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Loader, listInputFiles, type FileReport, type LoadOptions, type LoadReport } from './load.js';
import { collectGarbage, commitWorkspace, discardUncommitted, emptyManifest, journalQuarantine, lockWorkspace, readManifest, type CsvResume, type Manifest, type SourceEntry, type WrittenSegment } from '../store/workspace.js';
import type { FlushOrder } from './load.js';

export interface IngestOptions extends Omit<LoadOptions, 'quarantineFile' | 'onFlush' | 'segmentDir' | 'onSegments'> {
  /** Called before each file is read (after hashing). */
  readonly onFile?: (file: string, index: number, total: number, skipped: boolean) => void;
  /** Test hook: called after the segments are written, before the manifest (kill tests). */
  readonly beforeCommit?: () => void;
  /** Read every input in full, even one whose content the workspace already holds. */
  readonly force?: boolean;
  /**
   * Remember each input in the manifest's `sources` (default true: a later ingest skips or resumes
   * it). False for inputs that are not files a user keeps (a served Logs Ingestion batch): the
   * manifest does not grow by one entry per batch.
   */
  readonly recordSources?: boolean;
}

export interface IngestResult {
  readonly manifest: Manifest;
  readonly report: LoadReport;
  /** Inputs whose content was already in the workspace (or repeated in this run). */
  readonly skipped: readonly { file: string; sha256: string; previous: string }[];
  /** Inputs that grew since they were ingested: only their new part was read. */
  readonly resumed: readonly { file: string; offset: number; line: number }[];
  readonly quarantineFile?: string;
  /** False when there was nothing new: the workspace was left untouched. */
  readonly committed: boolean;
}

/**
 * Rows held in memory before they are written as segments (shared by the threads): each thread's
 * range of a large file is about FLUSH_ROWS / threads rows and becomes one segment. 400,000 (was
 * 200,000): larger segments are kept as they are by the commit instead of merged (see load.ts
 * parallelLines), for a higher peak memory (docs/PERFORMANCE.md, Scale).
 */
export const FLUSH_ROWS = 400_000;

export function sha256File(path: string): Promise<string> {
  return hashFile(path).then((h) => h.sha256);
}

/**
 * SHA-256 of a file, and of its first `n` bytes for each n of `prefixAt`, in one read. With
 * `prefixesOnly`, reading stops at the largest n (`sha256` is then of those bytes only).
 */
function hashFile(path: string, prefixAt: readonly number[] = [], prefixesOnly = false): Promise<{ sha256: string; prefixes: Map<number, string>; size: number }> {
  const at = [...new Set(prefixAt)].sort((a, b) => a - b);
  return new Promise((res, rej) => {
    const h = createHash('sha256');
    const prefixes = new Map<number, string>();
    let size = 0, k = 0;
    const end = prefixesOnly && at.length > 0 ? at[at.length - 1]! - 1 : undefined;
    createReadStream(path, { highWaterMark: 1 << 20, end }).on('data', (b) => {
      let buf = b as Buffer;
      while (k < at.length && size + buf.length >= at[k]!) {
        const cut = at[k]! - size;
        h.update(buf.subarray(0, cut));
        prefixes.set(at[k]!, h.copy().digest('hex'));
        buf = buf.subarray(cut); size += cut; k++;
      }
      h.update(buf);
      size += buf.length;
    }).on('error', rej).on('end', () => res({ sha256: h.digest('hex'), prefixes, size }));
  });
}

/** Remembered resume points checked against each new input's first bytes (the latest first). */
const MAX_PREFIX_CANDIDATES = 256;

/** Other files' resume points (with records: two files may share a header and nothing else) a file of `size` bytes could begin with, the latest first. */
function resumeCandidates(prev: Manifest, last: SourceEntry | undefined, size: number): SourceEntry[] {
  return Object.values(prev.sources).filter((e) => e !== last && e.resume !== undefined && e.resume.records > 0 && e.resume.offset <= size)
    .sort((a, b) => b.generation - a.generation).slice(0, MAX_PREFIX_CANDIDATES);
}

/** SHA-256 of bytes [0, n) of a file. */
async function hashPrefix(path: string, n: number): Promise<string> {
  const h = createHash('sha256');
  if (n > 0) for await (const b of createReadStream(path, { start: 0, end: n - 1, highWaterMark: 1 << 20 })) h.update(b as Buffer);
  return h.digest('hex');
}

/** The latest ingest of the file at this real path (older manifests name only the resolved path). */
function lastIngestOf(prev: Manifest, real: string, path: string): SourceEntry | undefined {
  let best: SourceEntry | undefined;
  for (const e of Object.values(prev.sources)) {
    if ((e.realpath ?? e.path) !== real && e.path !== path) continue;
    if (!best || e.generation > best.generation || (e.generation === best.generation && (e.resume?.offset ?? 0) > (best.resume?.offset ?? 0))) best = e;
  }
  return best;
}

/** A new quarantine file of this generation: `<gen>.jsonl`, or `<gen>-2.jsonl`… when that name is taken (never overwritten). */
function newQuarantineFile(dir: string, qdir: string, gen: number): string {
  for (let k = 1; ; k++) {
    const name = k === 1 ? `${gen}.jsonl` : `${gen}-${k}.jsonl`;
    const p = join(qdir, name);
    try { closeSync(openSync(p, 'wx')); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; continue; }
    journalQuarantine(dir, name);
    return p;
  }
}

/**
 * `cloudhop ingest`: reads the inputs not yet in the workspace and commits them as new segments in
 * one atomic step. Holds the workspace lock throughout. What the workspace remembers of each input
 * (content hash, real path, and for plain JSON lines where reading can resume) makes a second run
 * store nothing new: an unchanged file or a copy of one (same content hash) is skipped, a file that
 * grew by appends is read from where the last ingest stopped, a file rewritten otherwise is read in
 * full with a warning. `force` reads everything in full.
 */
export async function ingestToWorkspace(paths: readonly string[], dir: string, opts: IngestOptions = {}): Promise<IngestResult> {
  const unlock = lockWorkspace(dir);
  try {
    const prev = readManifest(dir) ?? emptyManifest();
    collectGarbage(dir, prev);
    const gen = prev.generation + 1;
    const qdir = join(dir, 'quarantine');
    mkdirSync(qdir, { recursive: true });
    const quarantineFile = newQuarantineFile(dir, qdir, gen);
    // Pieces of large inputs are written as segments as soon as they are finished (memory stays
    // bounded by one piece per thread); the manifest names them, in input order, at the commit.
    const written: { order: FlushOrder; seg: WrittenSegment }[] = [];
    const onSegments = (segs: WrittenSegment[], order: FlushOrder) => { for (const seg of segs) written.push({ order, seg }); };
    const loader = new Loader({ ...opts, quarantineFile, flushRows: opts.flushRows ?? FLUSH_ROWS, segmentDir: dir, onSegments });
    const { files, missing, notices } = listInputFiles(paths);
    for (const m of missing) loader.warnings.push(`${m}: no such file or folder`);
    loader.warnings.push(...notices);
    loader.filesTotal = files.length;
    const skipped: { file: string; sha256: string; previous: string }[] = [];
    const resumed: { file: string; offset: number; line: number }[] = [];
    const seen = new Map<string, SourceEntry>();
    const sources: SourceEntry[] = [];
    // One read for the hash (and the file's own resume point); other files' resume points are
    // checked only for content not already known, in a second read of the prefix they need. The
    // next file is hashed while this one is read (the threads parse; this thread would wait).
    const prepare = (i: number) => {
      const { file } = files[i]!;
      let real: string;
      try { real = realpathSync(file); } catch { real = resolve(file); }
      const last = opts.force ? undefined : lastIngestOf(prev, real, resolve(file));
      let size = 0;
      try { size = statSync(file).size; } catch { /* reported by hashFile */ }
      const own = !opts.force && last?.resume && last.resume.offset <= size ? [last] : [];
      const hashing = hashFile(file, own.map((c) => c.resume!.offset)).then((h) => ({ h }), (e: unknown) => ({ e: e as Error }));
      return { real, last, own, hashing };
    };
    let ahead: ReturnType<typeof prepare> | undefined;
    for (let i = 0; i < files.length; i++) {
      const { file, root } = files[i]!;
      const { real, last, own, hashing } = ahead ?? prepare(i);
      ahead = undefined;
      const got = await hashing;
      if ('e' in got) { loader.warnings.push(`${file}: cannot read (${got.e.message}); skipped`); loader.filesTotal--; continue; }
      const hashed: { sha256: string; prefixes: Map<number, string>; size: number } = got.h;
      const sha = hashed.sha256;
      const before = opts.force ? undefined : prev.sources[sha] ?? seen.get(sha);
      opts.onFile?.(file, i, files.length, before !== undefined);
      if (before !== undefined) {
        // Unchanged, or a copy of content already read: its records are counted as skipped.
        const same = (before.realpath ?? before.path) === real;
        skipped.push({ file, sha256: sha, previous: before.path });
        skippedReport(loader, file, before.recordsTotal ?? before.records,
          same ? `unchanged since generation ${before.generation}; skipped` : `same content as ${before.path} (generation ${before.generation}): a copy; skipped`);
        loader.filesTotal--;
        continue;
      }
      // Grown since it was read (the same file appended to, or a copy of an ingested file that
      // grew, e.g. a rotated log): its first bytes are content already read, resumed after.
      let from: { offset: number; line: number; csv?: CsvResume } | undefined;
      let earlier = 0;
      let base = own.find((c) => hashed.prefixes.get(c.resume!.offset) === c.resume!.sha256);
      if (!base && !opts.force) {
        const others = resumeCandidates(prev, last, hashed.size);
        if (others.length > 0) {
          const pre = await hashFile(file, others.map((c) => c.resume!.offset), true).catch(() => undefined);
          base = others.find((c) => pre?.prefixes.get(c.resume!.offset) === c.resume!.sha256);
        }
      }
      if (base) {
        const r0 = base.resume!;
        from = { offset: r0.offset, line: r0.line, ...(r0.csv ? { csv: r0.csv } : {}) };
        earlier = r0.records;
      }
      if (last && (!base || base !== last) && !opts.force) {
        const r0 = last.resume;
        const why = !r0 ? 'not a plain JSON-lines or CSV file read to a line break, which can resume'
          : hashed.size < r0.offset ? `now ${hashed.size} bytes, shorter than the ${r0.offset} read before: truncated or rotated?`
          : `its first ${r0.offset} bytes differ`;
        loader.warnings.push(`${file}: changed since generation ${last.generation}, and not by appending (${why}): ${from ? 'read from where the content it begins with ended' : 'read again in full'}; the rows stored from the earlier version stay`);
      }
      if (opts.force) loader.warnings.push(`${file}: read in full (--force)${prev.sources[sha] ? `; its content was already ingested in generation ${prev.sources[sha]!.generation}, so its rows are now stored twice` : ''}`);
      if (i + 1 < files.length) ahead = prepare(i + 1);
      const r = await loader.loadFile(file, root, from);
      r.skipped = earlier;
      if (from) {
        const same = (base!.realpath ?? base!.path) === real;
        r.note = `${same ? `grown since generation ${base!.generation}` : `begins with the content of ${base!.path} (generation ${base!.generation})`}: read from line ${from.line} (byte ${from.offset}); the ${earlier} record(s) before it were ingested then`;
        resumed.push({ file, offset: from.offset, line: from.line });
      }
      // Where a later ingest can resume: after the last record read whole.
      let resume: SourceEntry['resume'];
      if (r.resume) {
        const upTo = r.resume.offset;
        resume = { offset: upTo, line: r.resume.line, records: earlier + r.resume.records, sha256: upTo === hashed.size ? sha : hashed.prefixes.get(upTo) ?? await hashPrefix(file, upTo), ...(r.resume.csv ? { csv: r.resume.csv } : {}) };
      }
      const entry: SourceEntry = {
        path: resolve(file), realpath: real, size: statSync(file).size, sha256: sha, generation: gen, records: r.records, quarantined: r.quarantined,
        tables: [...r.tables], recordsTotal: earlier + r.records, ...(resume ? { resume } : {}),
      };
      seen.set(sha, entry);
      sources.push(entry);
    }
    const { parts, report } = loader.finishParts();
    if (sources.length === 0) { collectGarbage(dir, prev); return { manifest: prev, report, skipped, resumed, committed: false }; } // removes this run's (empty) quarantine file
    opts.beforeCommit?.();
    written.sort((a, b) => a.order.file - b.order.file || a.order.range - b.order.range || a.order.seq - b.order.seq);
    const manifest = commitWorkspace(dir, prev, parts, opts.recordSources === false ? [] : sources, written.map((w) => w.seg));
    if (report.quarantined === 0) rmSync(quarantineFile, { force: true });
    return { manifest, report, skipped, resumed, quarantineFile: report.quarantined > 0 ? quarantineFile : undefined, committed: true };
  } catch (e) {
    discardUncommitted(dir); // a failed ingest (disk full…) leaves the last committed state, no orphan files
    throw e;
  } finally {
    unlock();
  }
}

/** A file not read again: its report says so and counts its earlier records as skipped. */
function skippedReport(loader: Loader, file: string, records: number, note: string): void {
  const r: FileReport = { file, format: 'skipped', gzip: false, records: 0, quarantined: 0, tables: new Set(), skipped: records, note };
  loader.files.push(r);
}
