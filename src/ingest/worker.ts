/**
 * Worker thread of the parallel JSON-lines reader. It takes byte ranges of one file (each
 * starting at a line start) from the main thread one at a time, reads each with its own Loader,
 * and posts back the built tables, the counts and the quarantine entries (lines relative to the
 * range's first line). Several ranges per thread let a thread that runs faster take more of them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Loader, type LoadOptions } from './load.js';
import type { NameTables } from './route.js';
import { packTable } from './pack.js';

/** What every range of the file shares (workerData). */
export interface FileJob { file: string; names: NameTables; opts: Omit<LoadOptions, 'onProgress' | 'quarantineFile' | 'onFlush' | 'onSegments'> }
/** One range (a message); `{ close: true }` ends the thread. */
export interface RangeJob { start: number; end: number; range: number }

const job = workerData as FileJob;

async function run(r: RangeJob): Promise<void> {
  // With segmentDir, this thread writes its finished pieces as segments itself and reports only
  // their names: nothing large crosses threads, and each thread's memory is bounded by one piece.
  const onSegments = (list: unknown[], order: { seq: number }) => { parentPort!.postMessage({ range: r.range, segments: { list, seq: order.seq } }); };
  const loader = new Loader({ ...job.opts, quarantineFile: undefined, onSegments });
  loader.range = r.range;
  let last = 0;
  const result = await loader.loadRange(job.file, r.start, r.end, job.names, (bytes) => {
    if (bytes - last >= 8 << 20) { last = bytes; parentPort!.postMessage({ range: r.range, progress: bytes }); }
  });
  const transfer: ArrayBuffer[] = [];
  const parts = [...result.parts].map(([name, ts]) => [name, ts.map((t) => packTable(t, transfer))] as const);
  parentPort!.postMessage({ range: r.range, done: { ...result, parts } }, transfer);
}

// Ranges run one after another (a message that arrives during a run waits its turn).
let queue = Promise.resolve();
parentPort!.on('message', (m: RangeJob | { close: true }) => {
  if ('close' in m) { queue = queue.then(() => parentPort!.close()); return; }
  queue = queue.then(() => run(m));
});
