/**
 * The messages between the parallel JSON-lines reader (pool.ts, main thread) and its worker
 * threads (worker.ts). Only data crosses: callbacks stay on the main thread, and column buffers
 * cross as transferred ArrayBuffers (pack.ts).
 */
import type { LoadOptions, TableReport } from './types.js';
import type { NameTables } from './route.js';
import type { QuarantineEntry } from './quarantine.js';
import type { PackedTable } from './pack.js';
import type { WrittenSegment } from '../store/workspace.js';

/** What every range of the file shares (sent with each range: a thread reads ranges of many files). */
export interface FileJob {
  readonly file: string;
  readonly names: NameTables;
  readonly opts: Omit<LoadOptions, 'onProgress' | 'quarantineFile' | 'onFlush' | 'onSegments'>;
}

/** Main → worker: read bytes [start, end) of the job's file (a line start to a line start) as range number `range`. */
export interface RangeJob { readonly kind: 'range'; readonly job: FileJob; readonly start: number; readonly end: number; readonly range: number }
export type ToWorker = RangeJob;

/** What a worker built from one range. Quarantine lines are relative to the range's first line. */
export interface RangeResult {
  readonly parts: [string, PackedTable[]][];
  readonly stats: TableReport[];
  readonly quarantine: QuarantineEntry[];
  /** Line breaks in the range (the next range's lines are numbered after them). */
  readonly lines: number;
  readonly report: { readonly records: number; readonly quarantined: number; readonly tables: string[] };
  readonly warnings: string[];
}

/** Worker → main. */
export type FromWorker =
  | { readonly kind: 'progress'; readonly range: number; readonly bytes: number }
  | { readonly kind: 'segments'; readonly range: number; readonly seq: number; readonly list: WrittenSegment[] }
  | { readonly kind: 'done'; readonly range: number; readonly result: RangeResult }
  /** The range failed inside the worker (a bug, not bad input: bad input is quarantined). */
  | { readonly kind: 'failed'; readonly range: number; readonly message: string };
