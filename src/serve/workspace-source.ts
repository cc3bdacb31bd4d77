/**
 * A workspace kept open between requests (the point of `cloudhop serve`: warm queries). Opening
 * reads only the manifest (src/store/workspace.ts); decoded column chunks stay in the opened
 * workspace's cache across requests. Before each request the manifest's identity (mtime, size) is
 * checked: when a commit (`cloudhop ingest` in another process) has replaced it, the workspace is
 * opened again and later requests see the new generation; a request keeps the snapshot it started
 * with. The new generation takes over the decoded-chunk cache (segments it shares with the last one
 * stay warm: a server ingesting every 200 ms would otherwise decode every column again per query)
 * and the last one's segment files are closed. A damaged table is left out of the map and named in the error of a query that asks for it.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from '../kql/data.js';
import { openWorkspace, MANIFEST, type WorkspaceTables } from '../store/workspace.js';
import type { Snapshot } from './answer.js';

/** The map one request sees: the workspace's tables, recording asks for a damaged one. */
class RequestTables extends Map<string, Table> {
  readonly touched = new Set<string>();
  constructor(private readonly ws: WorkspaceTables) { super(ws); }
  override get(name: string): Table | undefined {
    if (!super.has(name) && this.ws.damaged.has(name)) this.touched.add(name);
    return super.get(name);
  }
}

export class WorkspaceSource {
  private ws: WorkspaceTables | undefined;
  private stamp = '';
  private opening: Promise<WorkspaceTables> | undefined;
  /** How many times the workspace was opened (1 + the commits seen). */
  opens = 0;

  constructor(readonly dir: string) {}

  private manifestStamp(): string {
    try { const s = statSync(join(this.dir, MANIFEST)); return `${s.mtimeMs}:${s.size}:${s.ino}`; } catch { return ''; }
  }

  /** The workspace as of now (opened again when its manifest changed). */
  async current(): Promise<WorkspaceTables> {
    const stamp = this.manifestStamp();
    if (this.ws && stamp === this.stamp) return this.ws;
    if (!this.opening) {
      // The new generation keeps the decoded chunks of the segments it shares with the last one;
      // the last one's files are closed (a request runs to its end before the next snapshot is
      // taken on a thread, so nothing reads through them any more).
      const prev = this.ws;
      this.opening = openWorkspace(this.dir, prev?.reader ? { cache: prev.reader.cache } : {}).then((ws) => { prev?.close(); this.ws = ws; this.stamp = stamp; this.opens++; return ws; })
        .finally(() => { this.opening = undefined; });
    }
    return this.opening;
  }

  /** One request's snapshot. */
  async snapshot(): Promise<Snapshot> {
    const ws = await this.current();
    const tables = new RequestTables(ws);
    // (A table found damaged while a query reads it ends that query with KQL505 in the engine.)
    return { tables, generation: ws, damagedTouched: () => [...tables.touched].map((n) => ws.damaged.get(n)!) };
  }
}
