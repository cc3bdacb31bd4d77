/**
 * Worker thread of the parallel JSON-lines reader: reads one byte range of a file (starting at a
 * line start) with its own Loader and posts back the built tables, the counts and the quarantine
 * entries (lines relative to the range's first line).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Loader, type LoadOptions } from './load.js';
import type { NameTables } from './route.js';
import { packTable } from './pack.js';

export interface RangeJob { file: string; start: number; end: number; names: NameTables; opts: Omit<LoadOptions, 'onProgress' | 'quarantineFile' | 'onFlush'>; range: number }

const job = workerData as RangeJob;
// With flushRows, pieces go to the parent as they are finished (it writes them), keeping memory bounded.
const onFlush = job.opts.flushRows ? (parts: Map<string, import('../kql/data/column.js').Table[]>, order: { seq: number }) => {
  const transfer: ArrayBuffer[] = [];
  const packed = [...parts].map(([name, ts]) => [name, ts.map((t) => packTable(t, transfer))] as const);
  parentPort!.postMessage({ flush: { parts: packed, seq: order.seq } }, transfer);
} : undefined;
const loader = new Loader({ ...job.opts, quarantineFile: undefined, onFlush });
loader.range = job.range;
let last = 0;
const result = await loader.loadRange(job.file, job.start, job.end, job.names, (bytes) => {
  if (bytes - last >= 8 << 20) { last = bytes; parentPort!.postMessage({ progress: bytes }); }
});
const transfer: ArrayBuffer[] = [];
const parts = [...result.parts].map(([name, ts]) => [name, ts.map((t) => packTable(t, transfer))] as const);
parentPort!.postMessage({ done: { ...result, parts } }, transfer);
