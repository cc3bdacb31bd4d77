import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * One rejected input. `kind: 'record'` is a record that was not ingested (counted as quarantined);
 * `kind: 'file'` is a problem with the file as a whole (truncated gzip, unreadable file) that is
 * reported next to the records it cost.
 */
export interface QuarantineEntry {
  readonly kind: 'record' | 'file';
  readonly file: string;
  /** 1-based line of the record's start in the (decompressed) file. */
  readonly line: number;
  readonly table?: string;
  readonly reason: string;
  /** The start of the record's text (at most 300 characters). */
  readonly text?: string;
}

export const EXCERPT_CHARS = 300;

export function excerpt(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  return s.length > EXCERPT_CHARS ? s.slice(0, EXCERPT_CHARS) + '…' : s;
}

/** Collects entries in memory (up to `keep`) and appends every one to a JSONL file when a path is given. */
export class Quarantine {
  readonly entries: QuarantineEntry[] = [];
  count = 0;
  private buffer: string[] = [];
  constructor(private readonly path?: string, private readonly keep = 100_000) {
    if (path) mkdirSync(dirname(path), { recursive: true });
  }
  add(e: QuarantineEntry): void {
    this.count++;
    if (this.entries.length < this.keep) this.entries.push(e);
    if (this.path) { this.buffer.push(JSON.stringify(e)); if (this.buffer.length >= 1000) this.flush(); }
  }
  flush(): void {
    if (this.path && this.buffer.length > 0) { appendFileSync(this.path, this.buffer.join('\n') + '\n'); this.buffer = []; }
  }
}

/** `file:line: reason` as users read it. */
export function formatEntry(e: QuarantineEntry): string { return `${e.file}:${e.line}: ${e.table ? `${e.table}: ` : ''}${e.reason}`; }
