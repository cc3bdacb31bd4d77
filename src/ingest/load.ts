import { isUtf8 } from 'node:buffer';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createReadStream, openSync, readSync, closeSync, readdirSync, statSync, lstatSync, type Stats } from 'node:fs';
import { join, extname } from 'node:path';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Table } from '../kql/data/column.js';
import { BUILTIN_TABLES, KNOWN_TABLES } from '../store/schemas/index.js';
import { TableBuilder } from './table-builder.js';
import { Quarantine, type QuarantineEntry, excerpt } from './quarantine.js';
import { openSource, type ByteSource } from './source.js';
import { sniffEncoding, decodeUtf16, decodeUtf32, decodeUtf8, decodeText, type Encoding } from './encoding.js';
import { nativeAvailable } from './native.js';
import { scanDocument, ENVELOPE_KEYS } from './json-scan.js';
import { parseCsv, isCsvError, sniffDelimiter, type CsvRecord, type CsvOptions } from './csv.js';
import { dateOrderOf, looksLikeLocaleDatetime, type CoerceContext, type DateOrder } from './coerce.js';
import { routeRecord, tablesFromPath, tableFromFields, knownTable, type NameTables } from './route.js';
import { isEntraSigninCsv, entraSigninTable, mapEntraSigninRow } from './formats/entra-csv.js';
import { concatTables, unifyDictionaries } from '../store/concat.js';
import { emptyColumn, isEmptyColumn } from '../store/empty.js';
import { unpackTable, type PackedTable } from './pack.js';
import type { FileJob, RangeJob } from './worker.js';
import type { CsvResume, WrittenSegment } from '../store/workspace.js';

export type { QuarantineEntry } from './quarantine.js';

/** Input readers a caller can force instead of detection by content. */
export type InputFormat = 'auto' | 'jsonl' | 'json' | 'csv';

export interface LoadOptions {
  /** Force a reader (default: detected from content). */
  readonly format?: InputFormat;
  /** Put every record in this table, whatever the file names say. */
  readonly table?: string;
  /** Append each quarantine entry to this JSONL file. */
  readonly quarantineFile?: string;
  /** A record (JSON line, element, CSV record) longer than this many bytes is quarantined. Default 8 MiB. */
  readonly maxRecordBytes?: number;
  /** JSON nested deeper than this is quarantined. Default 100. */
  readonly maxDepth?: number;
  /**
   * A JSON document or CSV file is read as one text; one larger than this many bytes (decompressed)
   * is reported as a file problem instead. Default: what one JavaScript string can hold (~512 MiB).
   */
  readonly maxDocumentBytes?: number;
  /** Called as input is read (per MiB of a file and at each file's end). */
  readonly onProgress?: (p: Progress) => void;
  /** Worker threads for large JSON-lines files (default: the machine's parallelism; 1 = none). */
  readonly threads?: number;
  /** A JSON-lines file at least this large is read by worker threads in parallel (default 64 MiB). */
  readonly parallelMinBytes?: number;
  /**
   * Use the native JSON-lines reader when it is built (default true): it takes the plain lines of
   * a known table's file, JavaScript the others; the rows are the same either way.
   */
  readonly native?: boolean;
  /** Size of the byte ranges the threads take one at a time (default 32 MiB; at most 4 per thread). */
  readonly parallelRangeBytes?: number;
  /**
   * With onFlush: when the rows held in memory reach this many, the finished pieces are handed to
   * onFlush and dropped, so memory stays bounded by one piece (the workspace writes them as segments).
   */
  readonly flushRows?: number;
  /** Receives finished pieces (in input order: `seq` increases; `range` orders a parallel file's workers). */
  readonly onFlush?: (parts: Map<string, Table[]>, order: FlushOrder) => void | Promise<void>;
  /**
   * With flushRows: each thread writes its finished pieces itself as workspace segments into this
   * folder (src/store/workspace.ts) and reports them to onSegments; nothing large crosses threads.
   */
  readonly segmentDir?: string;
  readonly onSegments?: (segments: WrittenSegment[], order: FlushOrder) => void;
}

/** Where flushed pieces sit in input order: file index, byte-range index (parallel reads), sequence. */
export interface FlushOrder { readonly file: number; readonly range: number; readonly seq: number }

export interface Progress { readonly file: string; readonly fileBytes: number; readonly fileSize: number; readonly rows: number; readonly filesDone: number; readonly filesTotal: number }

/** Per table: records seen, ingested and quarantined (read = ingested + quarantined). */
export interface TableReport { readonly table: string; read: number; ingested: number; quarantined: number; readonly known: boolean }

/**
 * Per input file. `records` counts the records read this time (stored or quarantined), `skipped`
 * the records an earlier ingest already took from this content (the workspace ingest fills it), so
 * read = records + skipped = stored + quarantined + skipped, with stored = records - quarantined.
 */
export interface FileReport {
  readonly file: string; format: string; gzip: boolean; records: number; quarantined: number; readonly tables: Set<string>;
  skipped: number;
  /** Why nothing (or only part) was read: a copy, an unchanged file, the new part of an appended file. */
  note?: string;
  /**
   * Where reading can resume once the file grows (plain JSON lines; UTF-8 CSV read to a line break):
   * the byte offset after the last record read whole, the line number there, the records read
   * before it, and for CSV what its new part is read with.
   */
  resume?: { offset: number; line: number; records: number; csv?: CsvResume };
}

/**
 * Where a file's earlier part ends (byte offset, line number at it): reading resumes there. A CSV
 * file's new part is read under its recorded header, delimiter and day/month order.
 */
export interface ResumePoint { readonly offset: number; readonly line: number; readonly csv?: CsvResume }

export interface LoadReport {
  readonly tables: TableReport[];
  readonly files: FileReport[];
  /** Entries kept in memory (every entry also goes to quarantineFile when given). */
  readonly quarantine: QuarantineEntry[];
  readonly quarantined: number;
  readonly warnings: string[];
}

export interface LoadResult { readonly tables: Map<string, Table>; readonly report: LoadReport }

const DIR_FILE_RE = /\.(jsonl|ndjson|json|csv|tsv|txt|log)(\.gz)?$|\.gz$/i;

/**
 * Expands --data paths into files (folders recursively, data files only, sorted), each with the
 * folder it came from. Each real file is listed once and each folder walked once (by device and
 * inode), so a symbolic-link cycle (`self -> .`) ends; FIFOs, devices and sockets are never opened
 * (reading one would block or never end). Every file or folder left out is said in `notices`.
 */
export function listInputFiles(paths: readonly string[]): { files: { file: string; root?: string }[]; missing: string[]; notices: string[] } {
  const files: { file: string; root?: string }[] = [];
  const missing: string[] = [];
  const notices: string[] = [];
  const seen = new Map<string, string>(); // dev:ino → first path
  const id = (st: Stats) => `${st.dev}:${st.ino}`;
  const once = (p: string, st: Stats, what: string): boolean => {
    const first = seen.get(id(st));
    if (first === undefined) { seen.set(id(st), p); return true; }
    notices.push(`${p}: ${what} already read as ${first}${isLink(p) ? ' (symbolic link)' : ''}; skipped`);
    return false;
  };
  const special = (p: string, st: Stats): boolean => {
    if (st.isFile() || st.isDirectory()) return false;
    const kind = st.isFIFO() ? 'a FIFO (named pipe)' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : st.isSocket() ? 'a socket' : 'not a regular file';
    notices.push(`${p}: ${kind}, not read; skipped`);
    return true;
  };
  const walk = (dir: string, root: string) => {
    let names: string[];
    try { names = readdirSync(dir).sort(); } catch (e) { notices.push(`${dir}: cannot list (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); skipped`); return; }
    for (const name of names) {
      if (name.startsWith('.') || name.startsWith('_')) continue; // hidden files, _quarantine, _manifest
      const p = join(dir, name);
      let st; try { st = statSync(p); } catch { notices.push(`${p}: a broken symbolic link or unreadable entry; skipped`); continue; }
      if (st.isDirectory()) { if (once(p, st, 'a folder')) walk(p, root); }
      else if (DIR_FILE_RE.test(name) && !special(p, st) && once(p, st, 'the same file')) files.push({ file: p, root });
    }
  };
  for (const p of paths) {
    let st; try { st = statSync(p); } catch { missing.push(p); continue; }
    if (st.isDirectory()) { if (once(p, st, 'a folder')) walk(p, p); }
    else if (!special(p, st) && once(p, st, 'the same file')) files.push({ file: p });
  }
  return { files, missing, notices };
}

function isLink(p: string): boolean { try { return lstatSync(p).isSymbolicLink(); } catch { return false; } }

interface FileCtx {
  readonly file: string;
  readonly names: NameTables;
  readonly report: FileReport;
  /** Table of the last routed record: where a record we cannot route (broken JSON) is counted. */
  lastTable: string;
  /** Lines read so far (a file-level problem is placed after them). */
  lines: number;
  /** The file's encoding (named in reasons for undecodable text). */
  encoding: Encoding;
  /** Lines (or whole texts) read as Windows-1252, and the first one's line. */
  legacy: number;
  firstLegacy: number;
  /** Byte offset of the end of the text read whole (where a CSV file resumes). */
  byteEnd?: number;
}

/**
 * Reads files into tables, one file at a time; `finish()` builds the tables. Used by loadTables
 * (--data) and by the workspace ingest (which reads file by file).
 */
export class Loader {
  private readonly builders = new Map<string, TableBuilder>();
  /** Finished pieces of each table, in input order (builders are sealed into parts before a parallel file). */
  private readonly parts = new Map<string, Table[]>();
  private readonly stats = new Map<string, TableReport>();
  readonly quarantine: Quarantine;
  readonly files: FileReport[] = [];
  readonly warnings: string[] = [];
  private readonly maxRecordBytes: number;
  private readonly maxDepth: number;
  private rows = 0;
  /** Rows in open builders (not yet sealed into parts or flushed). */
  private pending = 0;
  private flushSeq = 0;
  /** Set by a worker: the byte range it reads (orders its flushes). */
  range = 0;
  private filesDone = 0;
  filesTotal = 0;

  constructor(private readonly opts: LoadOptions = {}) {
    this.quarantine = new Quarantine(opts.quarantineFile);
    this.maxRecordBytes = opts.maxRecordBytes ?? 8 * 1024 * 1024;
    this.maxDepth = opts.maxDepth ?? 100;
  }

  private stat(table: string): TableReport {
    let s = this.stats.get(table);
    if (!s) { s = { table, read: 0, ingested: 0, quarantined: 0, known: KNOWN_TABLES.has(table) }; this.stats.set(table, s); }
    return s;
  }

  private builder(table: string): TableBuilder {
    let b = this.builders.get(table);
    if (!b) {
      b = new TableBuilder(table, KNOWN_TABLES.get(table), { maxDepth: this.maxDepth });
      this.builders.set(table, b);
    }
    return b;
  }

  private reject(f: FileCtx, line: number, reason: string, text: string | undefined, table = f.lastTable): void {
    const s = this.stat(table);
    s.read++; s.quarantined++;
    f.report.records++; f.report.quarantined++;
    this.quarantine.add({ kind: 'record', file: f.file, line, table, reason, text: excerpt(text) });
  }

  private fileProblem(f: FileCtx, line: number, reason: string): void {
    this.quarantine.add({ kind: 'file', file: f.file, line, reason });
    this.warnings.push(`${f.file}:${line}: ${reason}`);
  }

  /** One record (already parsed JSON) of a JSON source. */
  private onRecord(f: FileCtx, v: unknown, line: number, text: string | undefined): void {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      this.reject(f, line, `record is ${Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`}, not a JSON object`, text);
      return;
    }
    const routed = routeRecord(v as Record<string, unknown>, f.names, this.opts.table);
    f.lastTable = routed.table;
    if (f.report.format === 'json' || f.report.format === 'jsonl') f.report.format = `${f.report.format}:${routed.format}`;
    const b = this.builder(routed.table);
    const reason = b.add(routed.row, JSON_CTX, false, true);
    if (reason !== null) { this.reject(f, line, reason, text ?? safeStringify(v), routed.table); return; }
    const s = this.stat(routed.table);
    s.read++; s.ingested++;
    f.report.records++; f.report.tables.add(routed.table);
    this.rows++; this.pending++;
  }

  /** Bookkeeping of rows the native reader added to `table` (what onRecord does for each record). */
  private countNative(f: FileCtx, table: string, rows: number): void {
    const s = this.stat(table);
    s.read += rows; s.ingested += rows;
    f.report.records += rows; f.report.tables.add(table);
    if (f.report.format === 'jsonl') f.report.format = 'jsonl:records';
    f.lastTable = table;
    this.rows += rows; this.pending += rows;
  }

  /** A parsed JSON value: a record, an array of records, or an envelope of records. */
  private onValue(f: FileCtx, v: unknown, line: number, text: string | undefined): void {
    if (Array.isArray(v)) { for (const e of v) this.onRecord(f, e, line, undefined); return; }
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const k of ENVELOPE_LIST) {
        const a = o[k];
        if (a !== undefined && Array.isArray(a) && !looksLikeRecord(o)) { for (const e of a) this.onRecord(f, e, line, undefined); return; }
      }
    }
    this.onRecord(f, v, line, text);
  }

  private onLine(f: FileCtx, s: string, line: number, last: boolean): void {
    if (s.length > 0 && s.charCodeAt(s.length - 1) === 13) s = s.slice(0, -1);
    if (s.length === 0 || (s.length < 8 && s.trim() === '')) return;
    if (s.length > this.maxRecordBytes) { this.reject(f, line, `record of ${s.length} characters exceeds the limit of ${this.maxRecordBytes} bytes`, s.slice(0, 100)); return; }
    let v: unknown;
    try { v = JSON.parse(s); } catch (e) {
      if (s.trim() === '') return;
      const msg = conciseJsonError(e);
      this.reject(f, line, last ? `incomplete last line (file ends mid-record?): ${msg}` : `invalid JSON: ${msg}`, s);
      return;
    }
    // A line without `[` holds no array, so it cannot be an envelope or a list of records.
    if (v !== null && typeof v === 'object' && s.indexOf('[') < 0) this.onRecord(f, v, line, s);
    else this.onValue(f, v, line, s);
  }

  /**
   * Reads one file. Never throws on bad content: problems become quarantine entries. `from`: read
   * only the part after this point (a grown JSON-lines or CSV file whose earlier part is stored;
   * one thread reads it).
   */
  async loadFile(file: string, root?: string, from?: ResumePoint): Promise<FileReport> {
    const names = tablesFromPath(file, root);
    const report: FileReport = { file, format: 'empty', gzip: false, records: 0, quarantined: 0, tables: new Set(), skipped: 0 };
    this.files.push(report);
    const f: FileCtx = { file, names, report, lastTable: this.opts.table ?? names.known ?? names.fallback, lines: 0, encoding: 'utf-8', legacy: 0, firstLegacy: 0 };
    let size = 0;
    try { size = statSync(file).size; } catch (e) { this.fileProblem(f, 0, `cannot read: ${(e as Error).message}`); return report; }
    let src: ByteSource;
    try { src = openSource(file, size, from?.offset ?? 0); } catch (e) { this.fileProblem(f, 0, `cannot read: ${(e as Error).message}`); return report; }
    report.gzip = src.gzip;
    const it = src.chunks();
    const progress = (bytes?: number) => this.opts.onProgress?.({ file, fileBytes: bytes ?? src.bytesRead, fileSize: size, rows: this.rows, filesDone: this.filesDone, filesTotal: this.filesTotal });
    if (from && !src.gzip && from.csv) {
      // The new part of a grown CSV file, under the header it was read with.
      const part = await drain(Buffer.alloc(0), it, false);
      const { text, valid, legacy } = decodeText(part);
      if (legacy) { f.legacy = 1; f.firstLegacy = from.line - 1 + lineOfFirstHighByte(part); }
      f.byteEnd = from.offset + part.length;
      f.lines = from.line - 1 + lineOf(text, text.length);
      report.format = 'csv';
      this.processCsv(f, from.csv.header + text, valid, from);
      return this.endFile(f, src, size, progress);
    }
    if (from && !src.gzip) {
      // The new part of an appended JSON-lines file: lines numbered on from the earlier part.
      report.format = 'jsonl';
      await this.streamLines(f, Buffer.alloc(0), it, progress, from);
      return this.endFile(f, src, size, progress);
    }
    // Read a head to decide the reader: enough lines that one broken line cannot decide it.
    const head: Buffer[] = [];
    let headLen = 0, done = false;
    while (headLen < 1024 * 1024) {
      const r = await it.next();
      if (r.done) { done = true; break; }
      head.push(r.value); headLen += r.value.length;
      if (headLen >= 4096 && countNewlines(head, 64)) break;
    }
    const headBuf = Buffer.concat(head);
    const { encoding, bom, binary } = sniffEncoding(headBuf);
    f.encoding = encoding;
    if (binary) {
      await it.return(undefined);
      this.fileProblem(f, 1, `not read: ${binary}`);
      return this.endFile(f, src, size, progress);
    }
    const forced = this.opts.format && this.opts.format !== 'auto' ? this.opts.format : undefined;

    // JSON documents and CSV are read whole: past one string's capacity they cannot be, and say so.
    const maxDoc = this.opts.maxDocumentBytes ?? MAX_DOCUMENT_BYTES;
    const tooLarge = (bytes: number, chars: number): boolean => {
      if (chars <= maxDoc) return false;
      this.fileProblem(f, 1, `file too large to read as one ${ext(file) === '.csv' ? 'CSV' : 'JSON document'} (${bytes} bytes; the limit is ${maxDoc}): split it, or export it as JSON lines, which stream`);
      return true;
    };
    if (encoding !== 'utf-8') {
      const all = await drain(headBuf, it, done);
      const wide = encoding === 'utf-32le' || encoding === 'utf-32be';
      if (tooLarge(all.length, all.length / (wide ? 4 : 2))) { this.filesDone++; return report; }
      const { text, valid } = wide ? decodeUtf32(all.subarray(bom), encoding) : decodeUtf16(all.subarray(bom), encoding);
      this.warnings.push(`${file}: read as ${encoding.toUpperCase()}${bom ? '' : ' (no byte-order mark; detected from its NUL bytes)'}`);
      this.processText(f, text, forced ?? modeOfText(text, true, ext(file)), valid);
    } else {
      const body = headBuf.subarray(bom);
      const mode = forced ?? modeOfText(body.toString('utf8'), done, ext(file));
      const threads = Math.max(1, Math.floor(this.opts.threads ?? availableParallelism()));
      if (mode === 'jsonl' && !src.gzip && bom === 0 && threads > 1 && size >= (this.opts.parallelMinBytes ?? 64 << 20)) {
        report.format = 'jsonl';
        await it.return(undefined);
        await this.parallelLines(f, size, threads, progress);
      } else if (mode === 'jsonl') {
        report.format = 'jsonl';
        await this.streamLines(f, body, done ? null : it, progress, { offset: bom, line: 1 });
      } else if (mode === 'empty') {
        report.format = 'empty';
      } else {
        const all = await drain(body, it, done);
        if (tooLarge(all.length, all.length)) { this.filesDone++; return report; }
        const { text, valid, legacy } = decodeText(all);
        if (legacy) { f.legacy = 1; f.firstLegacy = lineOfFirstHighByte(all); }
        f.byteEnd = bom + all.length;
        this.processText(f, text, mode, valid);
      }
    }
    return this.endFile(f, src, size, progress);
  }

  private endFile(f: FileCtx, src: ByteSource, size: number, progress: (bytes?: number) => void): FileReport {
    if (src.error) this.fileProblem(f, Math.max(1, f.lines), src.error);
    if (src.gzip) f.report.resume = undefined; // offsets of decompressed bytes: not a place in the file
    if (f.legacy > 0) this.warnings.push(`${f.file}:${f.firstLegacy}: not UTF-8 (invalid bytes, and no UTF-8 multi-byte sequence beside them): ${f.report.format.startsWith('jsonl') ? `${f.legacy} line(s)` : 'the file'} read as Windows-1252 (Latin-1)`);
    this.filesDone++;
    progress(size);
    this.quarantine.flush();
    return f.report;
  }

  /** Text of one line's bytes that are not valid UTF-8: Windows-1252 when it has no UTF-8 sequence, else damaged (quarantined). */
  private badBytesLine(f: FileCtx, bytes: Uint8Array, line: number, last: boolean): void {
    const d = decodeText(bytes, true);
    if (!d.valid) { this.reject(f, line, 'invalid UTF-8 bytes (beside valid UTF-8 multi-byte text: damaged, not a legacy encoding)', d.text); return; }
    if (d.legacy) { if (f.legacy++ === 0) f.firstLegacy = line; }
    this.onLine(f, d.text, line, last);
  }

  /**
   * JSON lines, streamed: memory holds one chunk and the columns, not the file. `at`: the byte
   * offset of `first` in the file and its line number; the file report gets where reading can
   * resume (after the last record read whole).
   */
  private async streamLines(f: FileCtx, first: Buffer, rest: AsyncGenerator<Buffer> | null, progress: () => void, at: ResumePoint = { offset: 0, line: 1 }): Promise<void> {
    let carry: Buffer = first;
    let line = at.line;
    let skipping = -1; // line number of an oversized line being skipped
    let skipped = 0;
    // Bytes and records up to the last line read whole.
    let consumed = 0, lineAt = line, recordsAt = f.report.records;
    const mark = (bytes: number) => { consumed += bytes; lineAt = line; recordsAt = f.report.records; };
    // A known table's file: the native reader takes the plain lines, JavaScript the others.
    const nativeTable = this.opts.native !== false && nativeAvailable() ? (this.opts.table ?? f.names.known) : undefined;
    const native = nativeTable !== undefined && BUILTIN_TABLES.has(nativeTable) ? nativeTable : undefined;
    const handleBlock = (block: Buffer) => {
      if (native !== undefined) {
        const b = this.builder(native); // anew after each flush
        const nt = b.native(this.maxRecordBytes);
        if (nt) {
          let pos = 0;
          while (pos < block.length) {
            const r = nt.scan(block, pos, block.length);
            if (r.rows > 0) { b.appendNative(r.rows); this.countNative(f, native, r.rows); }
            line += r.lines;
            if (r.stopped) {
              let nl = block.indexOf(10, r.next);
              if (nl < 0) nl = block.length;
              const bytes = block.subarray(r.next, nl);
              if (isUtf8(bytes)) this.onLine(f, bytes.toString('utf8'), line, false);
              else this.badBytesLine(f, bytes, line, false);
              line++;
              pos = nl + 1;
            } else {
              if (r.next === pos && r.rows === 0) break;
              pos = r.next;
            }
          }
          return;
        }
      }
      const { text, valid } = decodeUtf8(block);
      if (valid) {
        let start = 0;
        for (;;) {
          const nl = text.indexOf('\n', start);
          if (nl < 0) break;
          this.onLine(f, text.slice(start, nl), line++, false);
          start = nl + 1;
        }
      } else {
        let start = 0;
        for (;;) {
          const nl = block.indexOf(10, start);
          if (nl < 0) break;
          const d = decodeUtf8(block.subarray(start, nl));
          if (d.valid) this.onLine(f, d.text, line, false);
          else this.badBytesLine(f, block.subarray(start, nl), line, false);
          line++;
          start = nl + 1;
        }
      }
    };
    const step = (buf: Buffer): Buffer => {
      if (skipping >= 0) {
        const nl = buf.indexOf(10);
        if (nl < 0) { skipped += buf.length; return Buffer.alloc(0); }
        skipped += nl;
        this.reject(f, skipping, `record of ${skipped} bytes exceeds the limit of ${this.maxRecordBytes} bytes`, undefined);
        skipping = -1; line++;
        mark(skipped + 1);
        buf = buf.subarray(nl + 1);
      }
      const last = buf.lastIndexOf(10);
      if (last < 0) {
        if (buf.length > this.maxRecordBytes) { skipping = line; skipped = buf.length; return Buffer.alloc(0); }
        return buf;
      }
      handleBlock(buf.subarray(0, last + 1));
      mark(last + 1);
      const tail = buf.subarray(last + 1);
      if (tail.length > this.maxRecordBytes) { skipping = line; skipped = tail.length; return Buffer.alloc(0); }
      return tail;
    };
    const resumeHere = () => { f.report.resume = { offset: at.offset + consumed, line: lineAt, records: recordsAt }; };
    carry = step(carry);
    let sinceProgress = 0;
    if (rest) {
      for await (const chunk of rest) {
        carry = step(carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk);
        await this.maybeFlush();
        sinceProgress += chunk.length;
        if (sinceProgress >= 1 << 20) { sinceProgress = 0; progress(); }
      }
    }
    if (skipping >= 0) { this.reject(f, skipping, `record of ${skipped} bytes exceeds the limit of ${this.maxRecordBytes} bytes`, undefined); resumeHere(); return; }
    f.lines = line;
    if (carry.length > 0) {
      // A last line without its line break: read now; resumed after only when it was stored (a
      // half-written line is read again, whole, once the writer finishes it).
      const q = f.report.quarantined;
      if (isUtf8(carry)) this.onLine(f, carry.toString('utf8'), line, true);
      else this.badBytesLine(f, carry, line, true);
      if (f.report.quarantined === q) { line++; mark(carry.length); }
    }
    resumeHere();
  }

  /**
   * Worker side of the parallel reader: the JSON lines of bytes [start, end) of a file, which start
   * at a line start. Lines are numbered from 1 within the range; `lines` is the count of line breaks.
   */
  async loadRange(file: string, start: number, end: number, names: NameTables, onBytes: (b: number) => void):
    Promise<{ parts: Map<string, Table[]>; stats: TableReport[]; quarantine: QuarantineEntry[]; lines: number; report: Omit<FileReport, 'tables'> & { tables: string[] }; warnings: string[] }> {
    const report: FileReport = { file, format: 'jsonl', gzip: false, records: 0, quarantined: 0, tables: new Set(), skipped: 0 };
    const f: FileCtx = { file, names, report, lastTable: this.opts.table ?? names.known ?? names.fallback, lines: 0, encoding: 'utf-8', legacy: 0, firstLegacy: 0 };
    let bytes = 0;
    const gen = async function* () {
      if (end <= start) return;
      for await (const c of createReadStream(file, { start, end: end - 1, highWaterMark: 1 << 20 })) { bytes += (c as Buffer).length; onBytes(bytes); yield c as Buffer; }
    };
    await this.streamLines(f, Buffer.alloc(0), gen(), () => {});
    if (f.legacy > 0) this.warnings.push(`${file}: not UTF-8 (invalid bytes, and no UTF-8 multi-byte sequence beside them): ${f.legacy} line(s) read as Windows-1252 (Latin-1)`);
    if (this.opts.segmentDir) { this.seq1e9(); await this.maybeFlush(true); }
    this.seal();
    return { parts: this.parts, stats: [...this.stats.values()], quarantine: this.quarantine.entries, lines: f.lines - 1, report: { ...report, tables: [...report.tables] }, warnings: this.warnings };
  }

  /** The last flush of a worker's range sorts after its others. */
  private seq1e9(): void { this.flushSeq = Math.max(this.flushSeq, 1e9); }

  /** Hands the pieces to onFlush once the rows in memory reach flushRows. */
  async maybeFlush(force = false): Promise<void> {
    const o = this.opts;
    if (!(o.onFlush || o.segmentDir) || (!force && this.pending < (o.flushRows ?? Infinity))) return;
    this.seal();
    for (const [name, ps] of this.parts) if (ps.length > 1) this.parts.set(name, unifyDictionaries(ps));
    const parts = new Map(this.parts);
    this.parts.clear();
    if (parts.size === 0) return;
    const order = { file: this.filesDone, range: this.range, seq: this.flushSeq++ };
    if (o.segmentDir) {
      const { writePieces } = await import('../store/workspace.js'); // Arrow is loaded only by writers
      o.onSegments?.(writePieces(o.segmentDir, parts), order);
      parts.clear();
      collectNow();
    }
    else await o.onFlush!(parts, order);
  }

  /** Finishes the open builders into parts, so that rows read later (by workers) keep input order. */
  private seal(): void {
    this.pending = 0;
    for (const [name, b] of this.builders) {
      const t = b.finish(JSON_CTX);
      let p = this.parts.get(name);
      if (!p) { p = []; this.parts.set(name, p); }
      if (t.rowCount > 0 || p.length === 0) p.push(t);
    }
    this.builders.clear();
  }

  /**
   * A large JSON-lines file read by worker threads: the file is cut at line breaks into a few
   * ranges per thread, and each thread takes the next range when it finishes one, so a thread
   * slowed by the machine does not hold up the others. Results are merged in file order.
   */
  private async parallelLines(f: FileCtx, size: number, threads: number, progress: (bytes: number) => void): Promise<void> {
    const pieces = Math.max(threads, Math.min(threads * 4, Math.ceil(size / Math.max(1, this.opts.parallelRangeBytes ?? 32 << 20))));
    const cuts = [0];
    const fd = openSync(f.file, 'r');
    try {
      const buf = Buffer.alloc(1 << 16);
      for (let k = 1; k < pieces; k++) {
        let pos = Math.max(cuts[cuts.length - 1]!, Math.floor((size * k) / pieces));
        let found = -1;
        while (pos < size && found < 0) {
          const n = readSync(fd, buf, 0, buf.length, pos);
          if (n <= 0) break;
          const i = buf.subarray(0, n).indexOf(10);
          if (i >= 0) found = pos + i + 1; else pos += n;
        }
        if (found < 0 || found >= size) break;
        if (found > cuts[cuts.length - 1]!) cuts.push(found);
      }
    } finally { closeSync(fd); }
    cuts.push(size);
    if (this.opts.onFlush || this.opts.segmentDir) { this.range = -1; await this.maybeFlush(true); this.range = 0; } else this.seal();
    // Under a TypeScript runner (tests, tsx) the worker is the .ts source and needs the runner too.
    const fromSource = import.meta.url.endsWith('.ts');
    const url = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url);
    const spec: string | URL = fromSource
      ? `import(${JSON.stringify(new URL('../../node_modules/tsx/dist/esm/api/index.mjs', import.meta.url).href)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`
      : url;
    // Only data crosses to the workers (callbacks stay here).
    const o = this.opts;
    const rest = { format: o.format, table: o.table, maxRecordBytes: o.maxRecordBytes, maxDepth: o.maxDepth, native: o.native, threads: 1, flushRows: o.segmentDir && o.flushRows ? Math.ceil(o.flushRows / threads) : undefined, segmentDir: o.segmentDir };
    const fileIndex = this.filesDone;
    const ranges = cuts.length - 1;
    const done = new Array<number>(ranges).fill(0);
    type Result = { parts: [string, PackedTable[]][]; stats: TableReport[]; quarantine: QuarantineEntry[]; lines: number; report: { records: number; quarantined: number; tables: string[] }; warnings: string[] };
    const results = new Array<Result>(ranges);
    await new Promise<void>((res, rej) => {
      let next = 0, finished = 0, failed = false;
      const workers: Worker[] = [];
      const fail = (e: unknown): void => { if (failed) return; failed = true; for (const w of workers) void w.terminate(); rej(e); };
      const busy = new Set<Worker>();
      const feed = (w: Worker): void => {
        if (next < ranges) { const k = next++; const job: RangeJob = { start: cuts[k]!, end: cuts[k + 1]!, range: k }; busy.add(w); w.postMessage(job); }
        else w.postMessage({ close: true });
      };
      for (let t = 0; t < Math.min(threads, ranges); t++) {
        const fileJob: FileJob = { file: f.file, names: f.names, opts: rest };
        const w = new Worker(spec, { workerData: fileJob, eval: fromSource });
        workers.push(w);
        w.on('message', (m: { range: number; progress?: number; done?: Result; segments?: { list: WrittenSegment[]; seq: number } }) => {
          if (m.progress !== undefined) { done[m.range] = m.progress; progress(done.reduce((a, b) => a + b, 0)); }
          if (m.segments) this.opts.onSegments?.(m.segments.list, { file: fileIndex, range: m.range, seq: m.segments.seq });
          if (m.done) {
            busy.delete(w);
            results[m.range] = m.done;
            done[m.range] = cuts[m.range + 1]! - cuts[m.range]!;
            if (++finished === ranges) res(); else feed(w);
            if (finished === ranges) for (const x of workers) x.postMessage({ close: true });
          }
        });
        w.on('error', fail);
        // A thread that ends with a range still unanswered would leave the read waiting forever.
        w.on('exit', (code) => { if (code !== 0 || busy.has(w)) fail(new Error(`ingest worker exited with ${code}${busy.has(w) ? ' before finishing its range' : ''}`)); });
        feed(w);
      }
    });
    let lineBase = 0;
    for (const [k, r] of results.entries()) {
      for (const [name, packed] of r.parts) {
        let p = this.parts.get(name);
        if (!p) { p = []; this.parts.set(name, p); }
        for (const pt of packed) { const t = unpackTable(pt); if (t.rowCount > 0 || p.length === 0) p.push(t); }
      }
      for (const s of r.stats) { const m = this.stat(s.table); m.read += s.read; m.ingested += s.ingested; m.quarantined += s.quarantined; this.rows += s.ingested; }
      for (const e of r.quarantine) this.quarantine.add({ ...e, line: e.line + lineBase });
      f.report.records += r.report.records; f.report.quarantined += r.report.quarantined;
      for (const t of r.report.tables) f.report.tables.add(t);
      this.warnings.push(...r.warnings);
      lineBase += r.lines;
    }
    f.lines = lineBase + 1;
    // Resumable after the whole file only when it ends with a line break (no half-written line).
    const last = openSync(f.file, 'r');
    try { const b = Buffer.alloc(1); if (size > 0 && readSync(last, b, 0, 1, size - 1) === 1 && b[0] === 10) f.report.resume = { offset: size, line: f.lines, records: f.report.records }; }
    finally { closeSync(last); }
  }

  /** Whole-text readers: JSON documents, CSV, and any file in UTF-16. */
  private processText(f: FileCtx, text: string, mode: string, valid: boolean): void {
    let start = 0;
    while (start < text.length && (text.charCodeAt(start) <= 32 || text.charCodeAt(start) === 0xfeff)) start++;
    if (start >= text.length) { f.report.format = 'empty'; return; }
    f.lines = lineOf(text, text.length);
    if (mode === 'csv') { f.report.format = 'csv'; this.processCsv(f, text, valid); return; }
    if (mode === 'jsonl') {
      f.report.format = 'jsonl';
      const lines = text.split('\n');
      const endsWithNl = text.endsWith('\n');
      for (let i = 0; i < lines.length; i++) {
        const s = lines[i]!;
        if (!valid && s.includes('\uFFFD')) { this.reject(f, i + 1, invalidText(f), s); continue; }
        this.onLine(f, s, i + 1, i === lines.length - 1 && !endsWithNl);
      }
      return;
    }
    f.report.format = 'json';
    const c = text.charCodeAt(start);
    if (c !== 91 && c !== 123) { this.reject(f, lineOf(text, start), 'not JSON: expected [ or { at the start of the document', text.slice(start, start + 100)); return; }
    const startLine = lineOf(text, start);
    const scan = scanDocument(text, start, startLine);
    if (scan.arrayStart < 0) {
      // A single object (a record, or an envelope without a records array).
      const body = text.slice(start);
      if (body.length > this.maxRecordBytes) { this.reject(f, startLine, `record of ${body.length} characters exceeds the limit of ${this.maxRecordBytes} bytes`, body.slice(0, 100)); return; }
      let v: unknown;
      try { v = JSON.parse(body); } catch (e) {
        // Not one document, but lines that are each a record (the first ones broken): JSON lines.
        const shape = lineShape(text, start, true);
        if (shape.records >= 1 && shape.starts >= 2) {
          this.warnings.push(`${f.file}: not one JSON document (${conciseJsonError(e)}), but lines that are records: read as JSON lines`);
          this.processText(f, text, 'jsonl', valid);
          return;
        }
        this.reject(f, errorLine(e, body, startLine), `${scan.truncated ? 'incomplete document (file ends mid-record?)' : 'invalid JSON'}: ${conciseJsonError(e)}`, body);
        return;
      }
      this.onValue(f, v, startLine, body.length < 2000 ? body : undefined);
      return;
    }
    const n = scan.elements.length;
    for (let k = 0; k < n; k++) {
      const el = scan.elements[k]!;
      const s = text.slice(el.start, el.end);
      if (s.length > this.maxRecordBytes) { this.reject(f, el.line, `record of ${s.length} characters exceeds the limit of ${this.maxRecordBytes} bytes`, s.slice(0, 100)); continue; }
      if (!valid && s.includes('\uFFFD')) { this.reject(f, el.line, invalidText(f), s); continue; }
      let v: unknown;
      try { v = JSON.parse(s); } catch (e) {
        const lastOne = k === n - 1 && scan.truncated;
        this.reject(f, errorLine(e, s, el.line), `${lastOne ? 'incomplete record at end of file (truncated?)' : 'invalid JSON'}: ${conciseJsonError(e)}`, s);
        continue;
      }
      this.onValue(f, v, el.line, undefined);
    }
    if (scan.truncated) {
      const lastEl = scan.elements[n - 1];
      // The incomplete last element was quarantined above; a document cut between records is reported here.
      if (!lastEl || isCompleteJson(text.slice(lastEl.start, lastEl.end))) this.fileProblem(f, lineOf(text, text.length), 'document ends before its closing bracket (truncated file); the records before it were read');
    }
  }

  /** A CSV text; `from`: it is a resumed file's header followed by its new part. */
  private processCsv(f: FileCtx, text: string, valid: boolean, from?: ResumePoint): void {
    const delimiter = from?.csv?.delimiter ?? (/\.tsv(\.gz)?$/i.test(f.file) ? '\t' : sniffDelimiter(text));
    const records: CsvRecord[] = [];
    let header: string[] | undefined, headerLine = 1, headerText = '';
    // The record-size limit holds for CSV records as for JSON ones; once the header is read, a
    // record spanning lines with another field count is an unbalanced quote, confined to its line.
    const csvOpts: CsvOptions = { maxRecordChars: this.maxRecordBytes, firstLine: from ? from.line - 1 : 1 };
    for (const r of parseCsv(text, delimiter, csvOpts)) {
      if (isCsvError(r)) { this.reject(f, r.line, `CSV: ${r.reason}`, r.text); continue; }
      if (!header) { header = r.cells.map((h) => h.trim()); headerLine = r.line; headerText = text.slice(r.start, r.end); csvOpts.fields = header.length; continue; }
      records.push(r);
    }
    if (!header) return;
    // A header naming a column twice: neither field may override the other (see TableBuilder.add).
    const byName = new Map<string, number[]>(), byLower = new Map<string, string[]>();
    header.forEach((h, i) => {
      const base = h.replace(/\s*\[UTC\]$/, '');
      byName.set(h, [...(byName.get(h) ?? []), i]);
      const l = base.toLowerCase(), names = byLower.get(l) ?? [];
      if (!names.includes(h)) names.push(h);
      byLower.set(l, names);
    });
    // (A resumed file's header problems were said when its first part was read.)
    if (!from) for (const [h, idx] of byName) if (idx.length > 1) this.warnings.push(`${f.file}:${headerLine}: the header names column ${JSON.stringify(h)} ${idx.length} times (fields ${idx.map((i) => i + 1).join(', ')}): a record whose values there differ is quarantined`);
    if (!from) for (const names of byLower.values()) if (names.length > 1) this.warnings.push(`${f.file}:${headerLine}: header fields ${names.map((n) => JSON.stringify(n)).join(' and ')} name the same column but for case or a [UTC] suffix: in a known table they are one column, and a record whose values there differ is quarantined`);
    // Fold X_dynamic / X_string pairs (old Log Analytics exports) into X.
    const lowerSet = new Set(header.map((h) => h.toLowerCase()));
    const fields: { name: string; idx: number; alt: number; dups?: number[] }[] = [];
    const used = new Set<number>();
    header.forEach((h, i) => {
      if (used.has(i)) return;
      const m = /^(.*)_(dynamic|string)$/i.exec(h);
      if (m && lowerSet.has(`${m[1]!.toLowerCase()}_${m[2]!.toLowerCase() === 'dynamic' ? 'string' : 'dynamic'}`)) {
        const other = header!.findIndex((x, j) => j !== i && x.toLowerCase() === `${m[1]!.toLowerCase()}_${m[2]!.toLowerCase() === 'dynamic' ? 'string' : 'dynamic'}`);
        const dyn = m[2]!.toLowerCase() === 'dynamic' ? i : other, str = dyn === i ? other : i;
        used.add(other);
        fields.push({ name: m[1]!, idx: dyn, alt: str });
      } else {
        const same = byName.get(h)!;
        if (same[0] !== i) return; // a repeated name: read with its first field
        fields.push({ name: h, idx: i, alt: -1, dups: same.length > 1 ? same.slice(1) : undefined });
      }
    });
    const headerNames = fields.map((x) => x.name);
    // The table: forced, the file's name, the rows' Type column, the header's columns, the file's name again.
    const typeIdx = header.findIndex((h) => h === 'Type');
    const entra = isEntraSigninCsv(headerNames);
    const fileTable = entra ? this.opts.table ?? entraSigninTable(f.file)
      : this.opts.table ?? f.names.known ?? (typeIdx < 0 ? tableFromFields(headerNames) ?? f.names.fallback : undefined);
    if (entra) f.report.format = 'csv:entra-signins';
    // Day-first or month-first, from every locale datetime in the file.
    const dateCols = fields.filter((x) => records.slice(0, 50).some((r) => looksLikeLocaleDatetime(r.cells[x.idx] ?? '')) || /\[UTC\]$/.test(x.name));
    const samples = function* () { for (const r of records) for (const x of dateCols) { const v = r.cells[x.idx]; if (v) yield v; } };
    const { order, conflict, proven } = from?.csv?.dateOrder ? { order: from.csv.dateOrder, conflict: false, proven: true } : dateOrderOf(samples());
    if (conflict) this.warnings.push(`${f.file}: datetimes are both day-first and month-first; read as ${order}`);
    const ctx: CoerceContext = { dateOrder: order as DateOrder };
    const timeSourced = new Map<string, boolean>();
    for (const r of records) {
      const cells = r.cells;
      if (cells.length !== header.length && !(cells.length === header.length + 1 && cells[cells.length - 1] === '')) {
        this.reject(f, r.line, `CSV: expected ${header.length} fields, found ${cells.length}`, cells.join(delimiter));
        continue;
      }
      if (!valid && cells.some((c) => c.includes('\uFFFD'))) { this.reject(f, r.line, invalidText(f), cells.join(delimiter)); continue; }
      let rec: Record<string, unknown> = {};
      let conflict: string | undefined;
      for (const x of fields) {
        let v = cells[x.idx]!;
        if (x.alt >= 0 && (v === '' || v === undefined)) v = cells[x.alt]!;
        if (x.dups) for (const d of x.dups) {
          const w = cells[d] ?? '';
          if (w === '' || w === v) continue;
          if (v === '') v = w; else conflict ??= `CSV: fields ${x.idx + 1} and ${d + 1} both name column ${JSON.stringify(x.name)}, with different values`;
        }
        rec[x.name] = v;
      }
      if (conflict) { this.reject(f, r.line, conflict, cells.join(delimiter)); continue; }
      if (entra) rec = mapEntraSigninRow(rec, fileTable!);
      let table = fileTable;
      if (table === undefined) {
        const t = cells[typeIdx]!.trim();
        table = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(t) ? knownTable(t) ?? t : tableFromFields(headerNames) ?? f.names.fallback;
      }
      f.lastTable = table;
      const b = this.builder(table);
      let requireTime = timeSourced.get(table);
      if (requireTime === undefined) {
        requireTime = entra || hasTimeSource(b, headerNames);
        if (!requireTime && b.known && b.timeColumn) this.warnings.push(`${f.file}: no time column for ${table}; ${b.timeColumn} left empty`);
        timeSourced.set(table, requireTime);
      }
      const reason = b.add(rec, ctx, true, requireTime);
      if (reason !== null) { this.reject(f, r.line, reason, cells.join(delimiter), table); continue; }
      const s = this.stat(table);
      s.read++; s.ingested++;
      f.report.records++; f.report.tables.add(table);
      this.rows++; this.pending++;
    }
    // Resumable when read to a line break (a last line without one may be half-written): rows
    // appended later are read under the same header, delimiter and day/month order.
    if (f.byteEnd !== undefined && f.encoding === 'utf-8' && text.endsWith('\n')) {
      const csv: CsvResume = {
        header: from?.csv?.header ?? (headerText.endsWith('\n') ? headerText : headerText + '\n'), delimiter,
        ...(proven ? { dateOrder: order as DateOrder } : {}),
      };
      f.report.resume = { offset: f.byteEnd, line: f.lines, records: f.report.records, csv };
    }
  }

  /** The tables as the pieces they were read in (for writers that store pieces), and the report. */
  finishParts(): { parts: Map<string, Table[]>; report: LoadReport } {
    this.seal();
    for (const [name, ps] of this.parts) if (ps.length > 1) this.parts.set(name, unifyDictionaries(ps));
    this.quarantine.flush();
    return { parts: this.parts, report: this.report() };
  }

  /** Builds the tables (the loader is spent afterwards) and the report. */
  finish(): LoadResult {
    const { parts, report } = this.finishParts();
    const tables = new Map<string, Table>();
    for (const [name, ps] of parts) tables.set(name, concatTables(name, ps, isEmptyColumn, emptyColumn));
    return { tables, report };
  }

  private report(): LoadReport {
    return {
      tables: [...this.stats.values()].sort((a, b) => a.table.localeCompare(b.table)),
      files: this.files,
      quarantine: this.quarantine.entries,
      quarantined: this.quarantine.count,
      warnings: this.warnings,
    };
  }
}

const JSON_CTX: CoerceContext = { dateOrder: 'mdy' };
/** V8's longest string (2^29 - 24 characters). */
const MAX_DOCUMENT_BYTES = 0x1fffffe8;
const ENVELOPE_LIST = [...ENVELOPE_KEYS];

/**
 * Loads --data PATHs (files or folders) into tables by name. See src/ingest/README.md for the
 * contract: readers, table naming, typing, quarantine. Never throws on bad input.
 */
export async function loadTables(paths: readonly string[], opts: LoadOptions = {}): Promise<LoadResult> {
  const loader = new Loader(opts);
  const { files, missing, notices } = listInputFiles(paths);
  for (const m of missing) loader.warnings.push(`${m}: no such file or folder`);
  loader.warnings.push(...notices);
  loader.filesTotal = files.length;
  for (const { file, root } of files) await loader.loadFile(file, root);
  return loader.finish();
}

/** One line per table: `Table: read N, ingested N, quarantined N`, then a total (with the records skipped as already ingested). */
export function formatReport(r: LoadReport): string {
  const lines = r.tables.map((t) => `${t.table}: read ${t.read}, ingested ${t.ingested}, quarantined ${t.quarantined}${t.known ? '' : ' (schema inferred)'}`);
  const read = r.tables.reduce((a, t) => a + t.read, 0), ing = r.tables.reduce((a, t) => a + t.ingested, 0);
  const skipped = r.files.reduce((a, f) => a + f.skipped, 0);
  lines.push(`total: ${r.files.length} file(s), read ${read + skipped}, ingested ${ing}, quarantined ${r.quarantined - r.quarantine.filter((e) => e.kind === 'file').length}${skipped > 0 ? `, skipped ${skipped} (already ingested)` : ''}`);
  return lines.join('\n');
}

/** One line per input file: `file: read N = stored N + quarantined N + skipped N` and why, when part of it was not read. */
export function formatFiles(r: LoadReport, name: (file: string) => string = (f) => f): string {
  return r.files.map((f) => `${name(f.file)}: read ${f.records + f.skipped} = stored ${f.records - f.quarantined} + quarantined ${f.quarantined} + skipped ${f.skipped}${f.note ? ` (${f.note})` : ''}`).join('\n');
}

// ---- helpers ----

let gcFn: (() => void) | undefined | null = null;
/**
 * A full garbage collection after a piece is written: the piece's column buffers live outside the
 * JS heap, and V8 otherwise lets hundreds of MB of them wait for a collection the (small) heap
 * never asks for. Measured on a 2 GB ingest with two threads: see docs/PERFORMANCE.md.
 */
function collectNow(): void {
  if (gcFn === null) {
    try { setFlagsFromString('--expose-gc'); gcFn = runInNewContext('gc') as () => void; } catch { gcFn = undefined; }
  }
  gcFn?.();
}

function hasTimeSource(b: TableBuilder, names: readonly string[]): boolean {
  if (!b.known || !b.timeColumn) return true;
  const set = new Set(names.map((n) => n.replace(/\s*\[UTC\]$/, '').toLowerCase()));
  return ['timegenerated', 'timestamp', 'createddatetime', 'activitydatetime', 'eventtime', 'timecreated'].some((n) => set.has(n));
}

function looksLikeRecord(o: Record<string, unknown>): boolean {
  // An object with an array under `value` is an envelope unless it also carries a record's time.
  return 'TimeGenerated' in o || 'Timestamp' in o || 'createdDateTime' in o || 'eventTime' in o;
}

function ext(file: string): string { return extname(file.replace(/\.gz$/i, '')).toLowerCase(); }

function countNewlines(bufs: Buffer[], want: number): boolean {
  let n = 0;
  for (const b of bufs) { let i = -1; while ((i = b.indexOf(10, i + 1)) >= 0) if (++n >= want) return true; }
  return false;
}

async function drain(first: Buffer, it: AsyncGenerator<Buffer>, done: boolean): Promise<Buffer> {
  if (done) return first;
  const parts = [first];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

/**
 * The reader for a text (a file's head, or all of it when `complete`): JSON lines, one JSON
 * document, CSV, or nothing. Decided from the structure of many lines, so that broken lines
 * cannot flip it: a text starting with `[` is a document (unless its first line is a whole array
 * and lines that are records follow); one starting with `{` is JSON lines when
 * its first line is a whole JSON value, or when two or more lines are each a whole object (`{"…}`
 * at the start of the line), unless the whole text is one JSON value; any other text is JSON
 * lines when most of its lines are whole objects, else CSV (JSON-lines extensions: JSON lines).
 */
function modeOfText(t: string, complete: boolean, extension: string): 'jsonl' | 'json' | 'csv' | 'empty' {
  let i = 0;
  while (i < t.length && (t.charCodeAt(i) <= 32 || t.charCodeAt(i) === 0xfeff)) i++;
  if (i >= t.length) return 'empty';
  const c = t.charCodeAt(i);
  const shape = lineShape(t, i, complete);
  // `[` starts a document, unless its first line is a whole array and record lines follow it.
  if (c === 0x5b) return shape.first && shape.records >= 1 ? 'jsonl' : 'json';
  if (c === 0x7b) {
    if (shape.first) return 'jsonl';
    if (shape.records >= 2 && !(complete && isCompleteJson(t.slice(i)))) return 'jsonl';
    return 'json';
  }
  if (shape.records >= 2 && shape.records * 2 >= shape.lines) return 'jsonl';
  return extension === '.json' || extension === '.jsonl' || extension === '.ndjson' ? 'jsonl' : 'csv';
}

/**
 * The first 256 non-empty lines from `start`: whether the first is a whole JSON value, how many
 * are whole JSON objects written on one line (`{"…}`), and how many there are. An incomplete
 * last line (the head of a longer file) is left out.
 */
function lineShape(t: string, start: number, complete: boolean): { first: boolean; records: number; starts: number; lines: number } {
  let first: boolean | undefined, records = 0, starts = 0, lines = 0;
  let pos = start;
  while (pos < t.length && lines < 256) {
    let nl = t.indexOf('\n', pos);
    if (nl < 0) { if (!complete) break; nl = t.length; }
    let l = t.slice(pos, nl);
    pos = nl + 1;
    if (l.endsWith('\r')) l = l.slice(0, -1);
    if (l.trim() === '') continue;
    lines++;
    if (first === undefined) first = isCompleteJson(l);
    if (l.startsWith('{"')) { starts++; if (l.trimEnd().endsWith('}') && isCompleteJson(l)) records++; }
  }
  return { first: first ?? false, records, starts, lines };
}

/** Line (1-based) of the first byte above 0x7F. */
function lineOfFirstHighByte(b: Uint8Array): number {
  let line = 1;
  for (let i = 0; i < b.length; i++) { const c = b[i]!; if (c === 10) line++; else if (c >= 0x80) return line; }
  return line;
}

function invalidText(f: FileCtx): string {
  return f.encoding === 'utf-8' ? 'invalid UTF-8 bytes (beside valid UTF-8 multi-byte text: damaged, not a legacy encoding)' : `invalid ${f.encoding.toUpperCase()} text (a lone surrogate, a code point outside Unicode, or a cut last character)`;
}

function isCompleteJson(s: string): boolean { try { JSON.parse(s); return true; } catch { return false; } }

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** V8's JSON.parse messages name a position; turn it into the source line. */
function errorLine(e: unknown, s: string, baseLine: number): number {
  const m = /position (\d+)/.exec(String((e as Error).message));
  if (!m) return baseLine;
  return baseLine + lineOf(s, +m[1]!) - 1;
}

function conciseJsonError(e: unknown): string {
  const m = String((e as Error).message ?? e);
  return m.length > 160 ? m.slice(0, 157) + '...' : m;
}

function safeStringify(v: unknown): string | undefined { try { return JSON.stringify(v); } catch { return undefined; } }

export { DEFAULT_WORKSPACE } from '../store/defaults.js';

/**
 * The tables of a workspace written by `cloudhop ingest` (src/store/workspace.ts), as the same
 * Map loadTables gives. Loaded lazily: the Arrow library is only needed when a workspace is read.
 */
export async function openWorkspace(dir: string): Promise<import('../store/workspace.js').WorkspaceTables> {
  const ws = await import('../store/workspace.js');
  return ws.openWorkspace(dir);
}
