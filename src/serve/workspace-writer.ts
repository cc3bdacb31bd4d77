/**
 * The one writer of a served workspace: every write (a Logs Ingestion batch, `.ingest inline`,
 * `.set-or-append`) goes through `run`, one at a time, and each is answered only after its commit
 * (src/store/workspace.ts: segments written and fsynced, then the manifest written to a temporary
 * file, fsynced and renamed, then the folder fsynced). A write killed at any moment leaves the last
 * committed generation: nothing of it is visible, the next write removes what it left behind.
 *
 * Two ways in:
 * - records (JSON lines) go through `ingestToWorkspace` (src/ingest/workspace-ingest.ts), the
 *   readers, type coercion and quarantine of `cloudhop ingest`;
 * - a typed table (`.ingest inline` parsed against the table's schema, a `.set-or-append` query
 *   result) is committed as it is (`commitTable`), under the same lock and atomic commit.
 *
 * Batch files are written under `DIR/serve/incoming/batch-<id>.jsonl` (the id is in quarantine
 * entries: `file:line` names the batch and the record, line = index + 1) and removed after their
 * commit; `clearIncoming` removes those a killed server left (never acknowledged).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from '../kql/data.js';
import { collectGarbage, commitWorkspace, discardUncommitted, emptyManifest, lockWorkspace, readManifest, type Manifest, type TableEntry } from '../store/workspace.js';

/** The folder of batch files not yet committed. */
export const incomingDir = (workspace: string): string => join(workspace, 'serve', 'incoming');

/** Removes batch files a killed server left (their batches were never answered). Returns how many. */
export function clearIncoming(workspace: string): number {
  let n = 0;
  let names: string[] = [];
  try { names = readdirSync(incomingDir(workspace)); } catch { return 0; }
  for (const f of names) if (/^batch-[0-9a-f-]+(\.[a-z]+)?\.jsonl$/.test(f)) { rmSync(join(incomingDir(workspace), f), { force: true }); n++; }
  return n;
}

/** Writes a batch file and flushes it to disk (its content must not be half there when read). */
export function writeBatchFile(workspace: string, name: string, text: string): string {
  const dir = incomingDir(workspace);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, text);
  const fd = openSync(file, 'r'); try { fsyncSync(fd); } finally { closeSync(fd); }
  return file;
}

export interface CommittedTable {
  readonly rows: number;
  readonly generation: number;
  /** Bytes of the segments this commit added to the table (after its compaction). */
  readonly bytes: number;
}

/**
 * Commits one typed table (appended to the workspace's table of that name, created when absent) in
 * one atomic step, holding the workspace lock.
 */
export function commitTable(workspace: string, name: string, t: Table): CommittedTable {
  const unlock = lockWorkspace(workspace);
  try {
    const prev = readManifest(workspace) ?? emptyManifest();
    collectGarbage(workspace, prev); // what a killed write left
    const next = commitWorkspace(workspace, prev, new Map([[name, [{ ...t, name }]]]), []);
    const before = new Set((prev.tables[name]?.segments ?? []).map((s) => s.file));
    const bytes = (next.tables[name]?.segments ?? []).filter((s) => !before.has(s.file)).reduce((a, s) => a + s.bytes, 0);
    return { rows: t.rowCount, generation: next.generation, bytes };
  } catch (e) {
    discardUncommitted(workspace);
    throw e;
  } finally {
    unlock();
  }
}

/** A table's columns as committed now (undefined: no such table in the workspace). */
export function committedColumns(workspace: string, name: string): TableEntry['columns'] | undefined {
  const m: Manifest | undefined = readManifest(workspace);
  return m?.tables[name]?.columns;
}

/** Serialises the writes of one server: each job starts after the previous one settled. */
export class WorkspaceWriter {
  private chain: Promise<unknown> = Promise.resolve();
  constructor(readonly dir: string) {}

  run<T>(job: () => Promise<T> | T): Promise<T> {
    const r = this.chain.then(job);
    this.chain = r.catch(() => undefined);
    return r;
  }

  /** Resolves when every write queued so far is committed or failed (SIGTERM drains). */
  drain(): Promise<void> { return this.chain.then(() => undefined); }
}
