/**
 * The worker pool of the parallel JSON-lines reader: a large file is cut at line breaks into a few
 * ranges per thread, and each thread takes the next range when it finishes one, so a thread
 * slowed by the machine does not hold up the others. The results come back indexed by range
 * (file order); the caller merges them (load.ts).
 *
 * Worker threads run built JavaScript (dist/ingest/worker.js; see workerUrl).
 */
import { openSync, readSync, closeSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileJob, FromWorker, RangeJob, RangeResult, ToWorker } from './protocol.js';
import type { WrittenSegment } from '../store/workspace.js';

/** Byte offsets [0, …, size] that cut the file into about `pieces` ranges, each starting at a line start. */
export function cutAtLines(file: string, size: number, pieces: number): number[] {
  const cuts = [0];
  const fd = openSync(file, 'r');
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
  return cuts;
}

export interface PoolEvents {
  /** Bytes read so far in range `range`. */
  readonly onProgress?: (range: number, bytes: number) => void;
  /** Segments a worker wrote (with segmentDir), in its order `seq` within the range. */
  readonly onSegments?: (range: number, seq: number, list: WrittenSegment[]) => void;
}

/**
 * The worker module: built JavaScript (dist/ingest/worker.js, next to this module once built).
 * Run from the TypeScript source (tests under a runner), this module finds the built worker in
 * dist/: Node 20 does not apply the process's --import loaders to worker threads, and production
 * code does not name a TypeScript runner. So a test of the parallel reader needs `npm run build`
 * first (npm test does it); without it the read fails with an error that says so.
 */
function workerUrl(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./worker.js', import.meta.url);
  const built = new URL('../../dist/ingest/worker.js', import.meta.url);
  if (!existsSync(built)) throw new Error(`the parallel reader's worker thread runs built JavaScript, and ${fileURLToPath(built)} is missing: run \`npm run build\` (or read with threads: 1)`);
  return built;
}

/**
 * Threads kept between files: starting one costs ~100 ms of CPU (its modules load), which a
 * workspace ingest of many day files paid twice per file. An idle thread is unref'd, so it never
 * keeps the process alive; one that fails is terminated, not kept.
 */
const idle: Worker[] = [];

function takeWorker(url: URL): Worker {
  const w = idle.pop();
  if (w) { w.removeAllListeners('error'); w.ref(); return w; }
  const fresh = new Worker(url);
  // An idle thread that ends (it should not) leaves the pool.
  fresh.on('exit', () => { const i = idle.indexOf(fresh); if (i >= 0) idle.splice(i, 1); });
  return fresh;
}

function giveBack(w: Worker): void {
  w.removeAllListeners('message');
  w.removeAllListeners('error');
  w.on('error', () => { void w.terminate(); });
  w.unref();
  idle.push(w);
}

/**
 * Reads ranges [cuts[k], cuts[k+1]) on up to `threads` worker threads; resolves with one result
 * per range, in range order. A worker that fails or exits with a range unanswered rejects (and
 * the other threads are stopped).
 */
export function readRanges(job: FileJob, cuts: readonly number[], threads: number, events: PoolEvents = {}): Promise<RangeResult[]> {
  const ranges = cuts.length - 1;
  const results = new Array<RangeResult>(ranges);
  return new Promise<RangeResult[]>((res, rej) => {
    let next = 0, finished = 0, failed = false;
    const workers: Worker[] = [];
    const busy = new Set<Worker>();
    const exits = new Map<Worker, (code: number) => void>();
    const release = (): void => { for (const [w, f] of exits) w.off('exit', f); exits.clear(); };
    const fail = (e: unknown): void => { if (failed) return; failed = true; release(); for (const w of workers) void w.terminate(); rej(e); };
    const send = (w: Worker, m: ToWorker): void => w.postMessage(m);
    const feed = (w: Worker): void => {
      if (next < ranges) { const k = next++; const r: RangeJob = { kind: 'range', job, start: cuts[k]!, end: cuts[k + 1]!, range: k }; busy.add(w); send(w, r); }
    };
    if (ranges === 0) { res(results); return; }
    let url: URL;
    try { url = workerUrl(); } catch (e) { rej(e); return; }
    for (let t = 0; t < Math.min(threads, ranges); t++) {
      const w = takeWorker(url);
      workers.push(w);
      w.on('message', (m: FromWorker) => {
        switch (m.kind) {
          case 'progress': events.onProgress?.(m.range, m.bytes); break;
          case 'segments': events.onSegments?.(m.range, m.seq, m.list); break;
          case 'failed': fail(new Error(`ingest worker failed on bytes ${cuts[m.range]}-${cuts[m.range + 1]} of ${job.file}: ${m.message}`)); break;
          case 'done':
            busy.delete(w);
            results[m.range] = m.result;
            if (++finished === ranges) { release(); for (const x of workers) giveBack(x); res(results); }
            else feed(w);
            break;
        }
      });
      w.on('error', fail);
      // A thread that ends with a range still unanswered would leave the read waiting forever.
      const onExit = (code: number): void => fail(new Error(`ingest worker exited with ${code}${busy.has(w) ? ' before finishing its range' : ''}`));
      exits.set(w, onExit);
      w.on('exit', onExit);
      feed(w);
    }
  });
}
