/**
 * The ingest's types: options, progress, the report (per table, per file), resume points, and the
 * per-file reading state the readers share (FileCtx, internal).
 */
import type { Table } from '../kql/data.js';
import type { QuarantineEntry } from './quarantine.js';
import type { Encoding } from './encoding.js';
import type { NameTables } from './route.js';
import type { CsvResume, WrittenSegment } from '../store/workspace.js';
import type { TableBuilder } from './table-builder.js';

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
   * A file in UTF-16 or UTF-32 is decoded as one text; one larger than this many bytes is reported
   * as a file problem instead. Default: what one JavaScript string can hold (~512 MiB). (UTF-8 JSON
   * documents and CSV stream, whatever their size.)
   */
  readonly maxDocumentBytes?: number;
  /**
   * A UTF-8 JSON document or CSV file up to this many bytes (decompressed) is read as one text;
   * a larger one is streamed (memory: one record, or one window of CSV text). Default 64 MiB.
   */
  readonly streamAboveBytes?: number;
  /** @internal Characters of CSV text parsed at a time when streaming (default 32 MiB; tests make it small). */
  readonly streamWindowChars?: number;
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

/** @internal What the readers of one file share. */
export interface FileCtx {
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

/** @internal What the readers of records (document.ts, csv-file.ts) need from the Loader. */
export interface RecordSink {
  readonly opts: LoadOptions;
  readonly maxRecordBytes: number;
  readonly warnings: string[];
  /** The builder of a table (made on first use). */
  builder(table: string): TableBuilder;
  /** One record stored into `table` (counted per table and per file). */
  accept(f: FileCtx, table: string): void;
  /** One record not stored: a quarantine entry. */
  reject(f: FileCtx, line: number, reason: string, text: string | undefined, table?: string): void;
  /** A problem of the whole file (a quarantine entry of kind 'file' and a warning). */
  fileProblem(f: FileCtx, line: number, reason: string): void;
  /** One line of JSON lines, as text. */
  onLine(f: FileCtx, s: string, line: number, last: boolean): void;
  /** A parsed JSON value: a record, an array of records, or an envelope of records. */
  onValue(f: FileCtx, v: unknown, line: number, text: string | undefined): void;
  /** One record (a parsed JSON object, else it is quarantined). */
  onRecord(f: FileCtx, v: unknown, line: number, text: string | undefined): void;
  /** Hands finished pieces on when enough rows are held (bounded memory). */
  maybeFlush(): Promise<void>;
  /** The native reader of this file's table (JSON records written on one line), when there is one. */
  nativeReader(f: FileCtx): NativeLines | undefined;
}

/** @internal The native reader of one file's table: reads lines into the table's columns and counts them. */
export interface NativeLines {
  scan(block: Buffer, start: number, end: number): { next: number; lines: number; rows: number; stopped: boolean };
}
