/**
 * Worker thread of the parallel JSON-lines reader: reads one byte range of a file (starting at a
 * line start) with its own Loader and posts back the built tables, the counts and the quarantine
 * entries (lines relative to the range's first line).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Loader, type LoadOptions } from './load.js';
import type { NameTables } from './route.js';
import { packTable } from './pack.js';

export interface RangeJob { file: string; start: number; end: number; names: NameTables; opts: Omit<LoadOptions, 'onProgress' | 'quarantineFile' | 'onFlush' | 'onSegments'>; range: number }

const job = workerData as RangeJob;
// With segmentDir, this thread writes its finished pieces as segments itself and reports only
// their names: nothing large crosses threads, and each thread's memory is bounded by one piece.
const onSegments = (list: unknown[], order: { seq: number }) => { parentPort!.postMessage({ segments: { list, seq: order.seq } }); };
const loader = new Loader({ ...job.opts, quarantineFile: undefined, onSegments });
loader.range = job.range;
let last = 0;
const result = await loader.loadRange(job.file, job.start, job.end, job.names, (bytes) => {
  if (bytes - last >= 8 << 20) { last = bytes; parentPort!.postMessage({ progress: bytes }); }
});
const transfer: ArrayBuffer[] = [];
const parts = [...result.parts].map(([name, ts]) => [name, ts.map((t) => packTable(t, transfer))] as const);
parentPort!.postMessage({ done: { ...result, parts } }, transfer);
