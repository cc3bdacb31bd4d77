import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Loader, listInputFiles, type LoadOptions, type LoadReport } from './load.js';
import { collectGarbage, commitWorkspace, discardUncommitted, emptyManifest, lockWorkspace, readManifest, type Manifest, type SourceEntry, type WrittenSegment } from '../store/workspace.js';
import type { FlushOrder } from './load.js';

export interface IngestOptions extends Omit<LoadOptions, 'quarantineFile' | 'onFlush' | 'segmentDir' | 'onSegments'> {
  /** Called before each file is read (after hashing). */
  readonly onFile?: (file: string, index: number, total: number, skipped: boolean) => void;
  /** Test hook: called after the segments are written, before the manifest (kill tests). */
  readonly beforeCommit?: () => void;
}

export interface IngestResult {
  readonly manifest: Manifest;
  readonly report: LoadReport;
  /** Inputs whose content was already in the workspace (or repeated in this run). */
  readonly skipped: readonly { file: string; sha256: string; previous: string }[];
  readonly quarantineFile?: string;
  /** False when there was nothing new: the workspace was left untouched. */
  readonly committed: boolean;
}

export function sha256File(path: string): Promise<string> {
  return new Promise((res, rej) => {
    const h = createHash('sha256');
    createReadStream(path, { highWaterMark: 1 << 20 }).on('data', (b) => h.update(b)).on('error', rej).on('end', () => res(h.digest('hex')));
  });
}

/**
 * `cloudhop ingest`: reads the inputs not yet in the workspace (by content hash) and commits them
 * as new segments in one atomic step. Holds the workspace lock throughout.
 */
export async function ingestToWorkspace(paths: readonly string[], dir: string, opts: IngestOptions = {}): Promise<IngestResult> {
  const unlock = lockWorkspace(dir);
  try {
    const prev = readManifest(dir) ?? emptyManifest();
    collectGarbage(dir, prev);
    const gen = prev.generation + 1;
    const qdir = join(dir, 'quarantine');
    mkdirSync(qdir, { recursive: true });
    const quarantineFile = join(qdir, `${gen}.jsonl`);
    rmSync(quarantineFile, { force: true }); // left by a killed run of the same generation
    // Pieces of large inputs are written as segments as soon as they are finished (memory stays
    // bounded by one piece per thread); the manifest names them, in input order, at the commit.
    const written: { order: FlushOrder; seg: WrittenSegment }[] = [];
    const onSegments = (segs: WrittenSegment[], order: FlushOrder) => { for (const seg of segs) written.push({ order, seg }); };
    const loader = new Loader({ ...opts, quarantineFile, flushRows: opts.flushRows ?? 200_000, segmentDir: dir, onSegments });
    const { files, missing } = listInputFiles(paths);
    for (const m of missing) loader.warnings.push(`${m}: no such file or folder`);
    loader.filesTotal = files.length;
    const skipped: { file: string; sha256: string; previous: string }[] = [];
    const seen = new Map<string, string>();
    const sources: SourceEntry[] = [];
    for (let i = 0; i < files.length; i++) {
      const { file, root } = files[i]!;
      const sha = await sha256File(file);
      const before = prev.sources[sha]?.path ?? seen.get(sha);
      opts.onFile?.(file, i, files.length, before !== undefined);
      if (before !== undefined) { skipped.push({ file, sha256: sha, previous: before }); loader.filesTotal--; continue; }
      seen.set(sha, resolve(file));
      const r = await loader.loadFile(file, root);
      sources.push({ path: resolve(file), size: statSync(file).size, sha256: sha, generation: gen, records: r.records, quarantined: r.quarantined, tables: [...r.tables] });
    }
    const { parts, report } = loader.finishParts();
    if (sources.length === 0) { rmSync(quarantineFile, { force: true }); return { manifest: prev, report, skipped, committed: false }; }
    opts.beforeCommit?.();
    written.sort((a, b) => a.order.file - b.order.file || a.order.range - b.order.range || a.order.seq - b.order.seq);
    const manifest = commitWorkspace(dir, prev, parts, sources, written.map((w) => w.seg));
    if (report.quarantined === 0) rmSync(quarantineFile, { force: true });
    return { manifest, report, skipped, quarantineFile: report.quarantined > 0 ? quarantineFile : undefined, committed: true };
  } catch (e) {
    discardUncommitted(dir); // a failed ingest (disk full…) leaves the last committed state, no orphan files
    throw e;
  } finally {
    unlock();
  }
}
