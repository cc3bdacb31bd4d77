/**
 * Worker thread of the parallel JSON-lines reader (pool.ts). It takes byte ranges of files (each
 * starting at a line start) one at a time, reads each with its own Loader, and posts back the
 * built tables, the counts and the quarantine entries (lines relative to the range's first line).
 * The pool keeps it between files; it ends when the process does (or the pool terminates it).
 * Messages: protocol.ts.
 */
import { parentPort } from 'node:worker_threads';
import { Loader } from './load.js';
import { packTable } from './pack.js';
import type { FromWorker, RangeJob, ToWorker } from './protocol.js';
import type { WrittenSegment } from '../store/workspace.js';

const post = (m: FromWorker, transfer: ArrayBuffer[] = []): void => parentPort!.postMessage(m, transfer);

async function run(r: RangeJob): Promise<void> {
  const job = r.job;
  // With segmentDir, this thread writes its finished pieces as segments itself and reports only
  // their names: nothing large crosses threads, and each thread's memory is bounded by one piece.
  const onSegments = (list: WrittenSegment[], order: { seq: number }) => post({ kind: 'segments', range: r.range, seq: order.seq, list });
  const loader = new Loader({ ...job.opts, quarantineFile: undefined, onSegments });
  loader.range = r.range;
  let last = 0;
  const result = await loader.loadRange(job.file, r.start, r.end, job.names, (bytes) => {
    if (bytes - last >= 8 << 20) { last = bytes; post({ kind: 'progress', range: r.range, bytes }); }
  });
  const transfer: ArrayBuffer[] = [];
  const parts = [...result.parts].map(([name, ts]) => [name, ts.map((t) => packTable(t, transfer))] as [string, ReturnType<typeof packTable>[]]);
  post({ kind: 'done', range: r.range, result: { parts, stats: result.stats, quarantine: result.quarantine, lines: result.lines, report: { records: result.report.records, quarantined: result.report.quarantined, tables: result.report.tables }, warnings: result.warnings } }, transfer);
}

// Ranges run one after another (a message that arrives during a run waits its turn).
let queue = Promise.resolve();
parentPort!.on('message', (m: ToWorker) => {
  queue = queue.then(() => run(m)).catch((e: unknown) => post({ kind: 'failed', range: m.range, message: (e as Error)?.stack ?? String(e) }));
});
