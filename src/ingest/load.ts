/**
 * Loading log exports into tables: the Loader reads input files one at a time (the reader is
 * decided by sniff.ts; JSON lines stream through lines.ts, large ones on worker threads through
 * pool.ts; JSON documents and CSV through document.ts and csv-file.ts) and builds the tables once.
 * This module is the ingest's public entry: the types, listInputFiles, the report formatting and
 * openWorkspace are re-exported here for callers.
 */
import { isUtf8 } from 'node:buffer';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Table } from '../kql/data.js';
import { KNOWN_TABLES } from '../store/schemas/index.js';
import { TableBuilder } from './table-builder.js';
import { Quarantine, type QuarantineEntry, excerpt } from './quarantine.js';
import { openSource, type ByteSource } from './source.js';
import { sniffEncoding, decodeUtf16, decodeUtf32, decodeText } from './encoding.js';
import { nativeAvailable } from './native.js';
import { ENVELOPE_KEYS } from './json-scan.js';
import type { CoerceContext } from './coerce.js';
import { routeRecord, tablesFromPath, type NameTables } from './route.js';
import { unifyPieces, mergePieces } from './merge.js';
import { unpackTable } from './pack.js';
import { streamJsonLines, type LineSink, type NativeLines } from './lines.js';
import { readWholeText, streamDocument } from './document.js';
import { readCsvText, streamCsv } from './csv-file.js';
import { cutAtLines, readRanges } from './pool.js';
import { modeOfText, ext, countNewlines, lineOfFirstHighByte, lineOf, conciseJsonError } from './sniff.js';
import type { FileJob } from './protocol.js';
import type { FileCtx, FileReport, LoadOptions, LoadReport, LoadResult, RecordSink, ResumePoint, TableReport } from './types.js';

export type { InputFormat, LoadOptions, FlushOrder, Progress, TableReport, FileReport, ResumePoint, LoadReport, LoadResult, QuarantineEntry } from './types.js';
import { listInputFiles } from './files.js';
export { listInputFiles };
export { formatReport, formatFiles } from './report.js';

/**
 * Reads files into tables, one file at a time; `finish()` builds the tables. Used by loadTables
 * (--data) and by the workspace ingest (which reads file by file).
 */
export class Loader implements LineSink, RecordSink {
  private readonly builders = new Map<string, TableBuilder>();
  /** Finished pieces of each table, in input order (builders are sealed into parts before a parallel file). */
  private readonly parts = new Map<string, Table[]>();
  private readonly stats = new Map<string, TableReport>();
  readonly quarantine: Quarantine;
  readonly files: FileReport[] = [];
  readonly warnings: string[] = [];
  readonly maxRecordBytes: number;
  readonly maxDepth: number;
  private rows = 0;
  /** Rows in open builders (not yet sealed into parts or flushed). */
  private pending = 0;
  private flushSeq = 0;
  /** Rows a column allocates at its first value (a worker's estimate for its range), 0: grow as needed. */
  private capacity = 0;
  /** Set by a worker: the byte range it reads (orders its flushes). */
  range = 0;
  private filesDone = 0;
  filesTotal = 0;

  constructor(readonly opts: LoadOptions = {}) {
    this.quarantine = new Quarantine(opts.quarantineFile);
    this.maxRecordBytes = opts.maxRecordBytes ?? 8 * 1024 * 1024;
    this.maxDepth = opts.maxDepth ?? 100;
  }

  private stat(table: string): TableReport {
    let s = this.stats.get(table);
    if (!s) { s = { table, read: 0, ingested: 0, quarantined: 0, known: KNOWN_TABLES.has(table) }; this.stats.set(table, s); }
    return s;
  }

  builder(table: string): TableBuilder {
    let b = this.builders.get(table);
    if (!b) {
      b = new TableBuilder(table, KNOWN_TABLES.get(table), { maxDepth: this.maxDepth, capacity: this.capacity });
      this.builders.set(table, b);
    }
    return b;
  }

  reject(f: FileCtx, line: number, reason: string, text: string | undefined, table = f.lastTable): void {
    const s = this.stat(table);
    s.read++; s.quarantined++;
    f.report.records++; f.report.quarantined++;
    this.quarantine.add({ kind: 'record', file: f.file, line, table, reason, text: excerpt(text) });
  }

  fileProblem(f: FileCtx, line: number, reason: string): void {
    this.quarantine.add({ kind: 'file', file: f.file, line, reason });
    this.warnings.push(`${f.file}:${line}: ${reason}`);
  }

  /** One record (already parsed JSON) of a JSON source. */
  onRecord(f: FileCtx, v: unknown, line: number, text: string | undefined): void {
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
  onValue(f: FileCtx, v: unknown, line: number, text: string | undefined): void {
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

  onLine(f: FileCtx, s: string, line: number, last: boolean): void {
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
      report.format = 'csv';
      f.byteEnd = from.offset;
      await streamCsv(this, f, Buffer.alloc(0), countBytes(it, (n) => { f.byteEnd! += n; }), from, this.opts.streamWindowChars);
      return this.endFile(f, src, size, progress);
    }
    if (from && !src.gzip) {
      // The new part of an appended JSON-lines file: lines numbered on from the earlier part.
      report.format = 'jsonl';
      await streamJsonLines(this, f, Buffer.alloc(0), it, progress, from);
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

    // Text in UTF-16/32 is decoded whole: past one string's capacity it cannot be, and says so.
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
      readWholeText(this, f, text, forced ?? modeOfText(text, true, ext(file)), valid);
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
        await streamJsonLines(this, f, body, done ? null : it, progress, { offset: bom, line: 1 });
      } else if (mode === 'empty') {
        report.format = 'empty';
      } else {
        // A JSON document or CSV: read as one text up to streamAboveBytes (decompressed), streamed beyond.
        const limit = this.opts.streamAboveBytes ?? STREAM_ABOVE_BYTES;
        const parts: Buffer[] = [body];
        let len = body.length;
        while (!done && len <= limit) {
          const r = await it.next();
          if (r.done) { done = true; break; }
          parts.push(r.value); len += r.value.length;
        }
        const all = parts.length === 1 ? body : Buffer.concat(parts);
        if (done && len <= limit) {
          const { text, valid, legacy } = decodeText(all);
          if (legacy) { f.legacy = 1; f.firstLegacy = lineOfFirstHighByte(all); }
          f.byteEnd = bom + all.length;
          readWholeText(this, f, text, mode, valid);
        } else if (mode === 'csv') {
          report.format = 'csv';
          f.byteEnd = bom + len; // grows as the stream goes: set again at its end
          const counting = countBytes(it, (n) => { f.byteEnd! += n; });
          await streamCsv(this, f, all, done ? null : counting, undefined, this.opts.streamWindowChars);
        } else {
          await streamDocument(this, f, all, done ? null : it, progress);
        }
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
  badBytesLine(f: FileCtx, bytes: Uint8Array, line: number, last: boolean): void {
    const d = decodeText(bytes, true);
    if (!d.valid) { this.reject(f, line, 'invalid UTF-8 bytes (beside valid UTF-8 multi-byte text: damaged, not a legacy encoding)', d.text); return; }
    if (d.legacy) { if (f.legacy++ === 0) f.firstLegacy = line; }
    this.onLine(f, d.text, line, last);
  }


  /** One record stored into `table`: counted per table and per file. */
  accept(f: FileCtx, table: string): void {
    const s = this.stat(table);
    s.read++; s.ingested++;
    f.report.records++; f.report.tables.add(table);
    this.rows++; this.pending++;
  }

  /** The native reader of this file's table (a known table, the addon built and enabled), or undefined. */
  nativeReader(f: FileCtx): NativeLines | undefined {
    const name = this.opts.native !== false && nativeAvailable() ? (this.opts.table ?? f.names.known) : undefined;
    // (A known table has a schema, so its builder has a native plan once the addon is there; the
    // builder itself is made at the first scan: a file with no record makes no table.)
    if (name === undefined || !KNOWN_TABLES.has(name)) return undefined;
    return {
      scan: (block, start, end) => {
        const fresh = !this.builders.has(name);
        const b = this.builder(name); // anew after each flush
        const r = b.native(this.maxRecordBytes)!.scan(block, start, end);
        if (r.rows > 0) { b.appendNative(r.rows, block); this.countNative(f, name, r.rows); }
        else if (fresh) this.builders.delete(name); // no row: no table (as the JavaScript reader)
        return r;
      },
    };
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
    this.capacity = estimateRows(file, start, end, this.opts.flushRows);
    const gen = async function* () {
      if (end <= start) return;
      for await (const c of createReadStream(file, { start, end: end - 1, highWaterMark: 4 << 20 })) { bytes += (c as Buffer).length; onBytes(bytes); yield c as Buffer; }
    };
    await streamJsonLines(this, f, Buffer.alloc(0), gen(), () => {});
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
    for (const [name, ps] of this.parts) if (ps.length > 1) this.parts.set(name, unifyPieces(ps));
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
   * A large JSON-lines file read by worker threads (pool.ts): cut at line breaks into a few ranges
   * per thread, taken from a queue; the results are merged here in file order.
   */
  private async parallelLines(f: FileCtx, size: number, threads: number, progress: (bytes: number) => void): Promise<void> {
    // Writing a workspace (segmentDir), each range is about one flush of a thread's rows, so it
    // becomes one segment of that many rows (per day it spans) that the commit keeps as it is;
    // smaller ranges would leave many small segments for the commit to decode, merge and encode
    // again (measured: a third of the ingest's CPU at 1 M rows a day). Otherwise ranges of
    // parallelRangeBytes, at most 4 per thread.
    const perThread = this.opts.segmentDir && this.opts.flushRows && this.opts.parallelRangeBytes === undefined ? Math.ceil(this.opts.flushRows / threads) : 0;
    const pieces = perThread > 0
      ? Math.max(threads, Math.ceil(estimateRows(f.file, 0, size) / perThread))
      : Math.max(threads, Math.min(threads * 4, Math.ceil(size / Math.max(1, this.opts.parallelRangeBytes ?? 32 << 20))));
    const cuts = cutAtLines(f.file, size, pieces);
    if (this.opts.onFlush || this.opts.segmentDir) { this.range = -1; await this.maybeFlush(true); this.range = 0; } else this.seal();
    // Only data crosses to the workers (callbacks stay here).
    const o = this.opts;
    const job: FileJob = {
      file: f.file, names: f.names,
      opts: { format: o.format, table: o.table, maxRecordBytes: o.maxRecordBytes, maxDepth: o.maxDepth, native: o.native, threads: 1, flushRows: o.segmentDir && o.flushRows ? Math.ceil(o.flushRows / threads) : undefined, segmentDir: o.segmentDir },
    };
    const fileIndex = this.filesDone;
    const done = new Array<number>(cuts.length - 1).fill(0);
    const results = await readRanges(job, cuts, threads, {
      onProgress: (range, bytes) => { done[range] = bytes; progress(done.reduce((a, b) => a + b, 0)); },
      onSegments: (range, seq, list) => this.opts.onSegments?.(list, { file: fileIndex, range, seq }),
    });
    let lineBase = 0;
    for (const r of results) {
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

  /** The tables as the pieces they were read in (for writers that store pieces), and the report. */
  finishParts(): { parts: Map<string, Table[]>; report: LoadReport } {
    this.seal();
    for (const [name, ps] of this.parts) if (ps.length > 1) this.parts.set(name, unifyPieces(ps));
    this.quarantine.flush();
    return { parts: this.parts, report: this.report() };
  }

  /** Builds the tables (the loader is spent afterwards) and the report. */
  finish(): LoadResult {
    const { parts, report } = this.finishParts();
    const tables = new Map<string, Table>();
    for (const [name, ps] of parts) tables.set(name, mergePieces(name, ps));
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
/** A JSON document or CSV larger than this (decompressed) is streamed; a smaller one is read as one text. */
const STREAM_ABOVE_BYTES = 64 << 20;

/**
 * Rows in bytes [start, end) of a JSON-lines file, estimated from the line breaks in its first
 * 256 KiB (a little over, so that columns are allocated once and never regrown); at most maxRows.
 */
function estimateRows(file: string, start: number, end: number, maxRows = Infinity): number {
  const n = Math.min(256 << 10, end - start);
  if (n <= 0) return 0;
  const buf = Buffer.alloc(n);
  const fd = openSync(file, 'r');
  let got = 0;
  try { got = readSync(fd, buf, 0, n, start); } finally { closeSync(fd); }
  let lines = 0;
  for (let i = buf.indexOf(10, 0); i >= 0 && i < got; i = buf.indexOf(10, i + 1)) lines++;
  if (lines === 0 || got === 0) return 0;
  return Math.min(maxRows, Math.ceil(((end - start) * lines) / got * 1.03) + 64);
}

/** The chunks of `it`, each counted by `count` as it passes. */
async function* countBytes(it: AsyncIterable<Buffer>, count: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const c of it) { count(c.length); yield c; }
}
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

function looksLikeRecord(o: Record<string, unknown>): boolean {
  // An object with an array under `value` is an envelope unless it also carries a record's time.
  return 'TimeGenerated' in o || 'Timestamp' in o || 'createdDateTime' in o || 'eventTime' in o;
}


async function drain(first: Buffer, it: AsyncGenerator<Buffer>, done: boolean): Promise<Buffer> {
  if (done) return first;
  const parts = [first];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
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

