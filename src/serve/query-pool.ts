/**
 * The query pool of `cloudhop serve`: queries run in worker threads (query-worker.ts), so the event
 * loop keeps answering (health, management commands, ingestion) while a long query runs, and
 * queries run side by side up to the pool's size (default os.availableParallelism(); `serve
 * --query-workers N`). Each worker keeps the workspace open warm; a job waits in a FIFO queue for a
 * free worker.
 *
 * Results: the worker turns the rows into the response's JSON and transfers the bytes (one buffer,
 * no per-row structured clone).
 *
 * Stopping a job (`run(job, signal)`, the signal aborted when the client disconnects): a queued job
 * leaves the queue; a running one has its worker's cancel cell set (a SharedArrayBuffer the engine's
 * governor reads at every row-block checkpoint: KQL506), and when the worker has not come back
 * within `cancelGraceMs` (a step that does not reach a checkpoint) it is terminated and replaced.
 * The same hard stop bounds a job that runs `hardStopMs` past its time limit. A worker that dies
 * (out of its heap) answers its job with an error in the API's shape and is replaced.
 */
import { Worker } from 'node:worker_threads';
import v8 from 'node:v8';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { failureAnswer, type QueryJob } from './answer.js';
import { DEFAULT_TIMEOUT_MS } from '../kql/data.js';

export interface QueryPoolOptions {
  readonly workspace: string;
  /** Worker threads (default os.availableParallelism()). */
  readonly size?: number;
  readonly functionsDirs?: readonly string[];
  /** The server's per-query limits (the engine's defaults otherwise). */
  readonly timeoutMs?: number;
  readonly maxMemoryBytes?: number;
  /** How long a cancelled job may take to notice before its worker is terminated (default 2 s). */
  readonly cancelGraceMs?: number;
  /** How long past its time limit a job may run before its worker is terminated (default 10 s). */
  readonly hardStopMs?: number;
}

export interface PoolAnswer { readonly status: number; readonly body: Buffer; readonly cancelled?: boolean }

interface Pending { readonly id: number; readonly job: QueryJob; readonly resolve: (a: PoolAnswer) => void; readonly signal: AbortSignal | undefined }

interface Slot {
  worker: Worker;
  readonly cancel: Int32Array;
  ready: boolean;
  running: (Pending & { timer?: NodeJS.Timeout; cancelled?: boolean }) | undefined;
}

/**
 * The worker module: built JavaScript (dist/serve/query-worker.js, beside this module once built).
 * Run from the TypeScript source (tests), this module finds the built worker in dist/, as the
 * ingest pool does (src/ingest/pool.ts: Node 20 does not apply --import loaders to worker threads):
 * such a test needs `npm run build` first, and says so without it.
 */
function workerUrl(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./query-worker.js', import.meta.url);
  const built = new URL('../../dist/serve/query-worker.js', import.meta.url);
  if (!existsSync(built)) throw new Error(`the query pool's worker threads run built JavaScript, and ${fileURLToPath(built)} is missing: run \`npm run build\``);
  return built;
}

const toBuffer = (u8: Uint8Array): Buffer => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
const answerBuffer = (a: { status: number; body: string }, cancelled = false): PoolAnswer => ({ status: a.status, body: Buffer.from(a.body), ...(cancelled ? { cancelled } : {}) });

export class QueryPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers replaced so far (a cancel not noticed in time, a hard stop, a worker lost). */
  replaced = 0;
  /** Running jobs stopped by their cancel cell (the engine noticed it: KQL506), the worker kept. */
  cancelStops = 0;

  private constructor(private readonly o: QueryPoolOptions) {}

  /** Starts the workers; resolves when each has opened the workspace (rejects when one cannot). */
  static async start(o: QueryPoolOptions): Promise<QueryPool> {
    const pool = new QueryPool(o);
    const n = Math.max(1, o.size ?? availableParallelism());
    try {
      await Promise.all(Array.from({ length: n }, () => pool.spawn()));
    } catch (e) { await pool.close(); throw e; }
    return pool;
  }

  get size(): number { return this.slots.length; }
  /** Jobs running and waiting. */
  get load(): { running: number; queued: number } { return { running: this.slots.filter((s) => s.running).length, queued: this.queue.length }; }

  private spawn(replacing?: Slot): Promise<void> {
    const cancel = replacing?.cancel ?? new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(cancel, 0, 0);
    const heapMb = Math.ceil(v8.getHeapStatistics().heap_size_limit / (1024 * 1024));
    const worker = new Worker(workerUrl(), {
      workerData: { workspace: this.o.workspace, functionsDirs: this.o.functionsDirs ?? [], timeoutMs: this.o.timeoutMs, maxMemoryBytes: this.o.maxMemoryBytes, cancel },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    const slot: Slot = replacing ?? { worker, cancel, ready: false, running: undefined };
    slot.worker = worker; slot.ready = false; slot.running = undefined;
    if (!replacing) this.slots.push(slot);
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (m: { type?: string; message?: string; id?: number; status?: number; body?: Uint8Array }) => {
        if (m.type === 'ready') { slot.ready = true; resolve(); this.dispatch(); return; }
        if (m.type === 'failed') { reject(new Error(`a query worker cannot start: ${m.message}`)); void worker.terminate(); return; }
        const job = slot.running;
        if (!job || job.id !== m.id) return;
        if (job.cancelled && m.status === 400 && Buffer.from(m.body!.buffer, m.body!.byteOffset, m.body!.byteLength).includes('KQL506')) this.cancelStops++;
        this.finish(slot, { status: m.status!, body: toBuffer(m.body!), ...(job.cancelled ? { cancelled: true } : {}) });
      });
      worker.on('error', (e: Error & { code?: string }) => {
        if (!slot.ready) { reject(e); return; }
        const job = slot.running;
        if (job) {
          const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
          const msg = oom
            ? `The query exhausted its worker's heap (${heapMb} MB) and was stopped; narrow it with where/take or summarize earlier.`
            : `The query's worker failed: ${e.message}`;
          this.finish(slot, answerBuffer(failureAnswer(job.job.api, oom ? 400 : 500, oom ? 'KQL503' : 'KQL599', msg)));
        }
        this.replace(slot);
      });
      worker.on('exit', () => {
        if (this.closed || slot.worker !== worker || !slot.ready) return;
        // An exit not asked for (error already handled replaces too: then slot.worker is the new one).
        const job = slot.running;
        if (job) this.finish(slot, answerBuffer(failureAnswer(job.job.api, 500, 'KQL599', 'The query\'s worker stopped unexpectedly.')));
        this.replace(slot);
      });
    });
  }

  private replace(slot: Slot): void {
    if (this.closed) return;
    this.replaced++;
    const old = slot.worker;
    slot.running = undefined;
    this.spawn(slot).catch((e: unknown) => { process.stderr.write(`cloudhop serve: ${(e as Error).message}\n`); });
    void old.terminate();
  }

  private finish(slot: Slot, a: PoolAnswer): void {
    const job = slot.running;
    if (!job) return;
    if (job.timer) clearTimeout(job.timer);
    slot.running = undefined;
    job.resolve(a);
    this.dispatch();
  }

  /** Runs `job` on a free worker (after the jobs queued before it). `signal`: the client went away. */
  run(job: QueryJob, signal?: AbortSignal): Promise<PoolAnswer> {
    if (this.closed) return Promise.resolve(answerBuffer(failureAnswer(job.api, 503, 'KQL599', 'the server is stopping')));
    return new Promise<PoolAnswer>((resolve) => {
      const p: Pending = { id: this.nextId++, job, resolve, signal };
      if (signal?.aborted) { resolve(answerBuffer(failureAnswer(job.api, 400, 'KQL506', 'The query was cancelled before it started.'), true)); return; }
      signal?.addEventListener('abort', () => this.abort(p), { once: true });
      this.queue.push(p);
      this.dispatch();
    });
  }

  private abort(p: Pending): void {
    const q = this.queue.indexOf(p);
    if (q >= 0) { this.queue.splice(q, 1); p.resolve(answerBuffer(failureAnswer(p.job.api, 400, 'KQL506', 'The query was cancelled before it started.'), true)); return; }
    const slot = this.slots.find((s) => s.running?.id === p.id);
    if (!slot || !slot.running) return;
    slot.running.cancelled = true;
    Atomics.store(slot.cancel, 0, 1);
    if (slot.running.timer) clearTimeout(slot.running.timer);
    slot.running.timer = setTimeout(() => {
      // Not noticed in time: the worker is replaced (its warm workspace with it).
      this.finish(slot, answerBuffer(failureAnswer(p.job.api, 400, 'KQL506', 'The query was cancelled (its worker was stopped).'), true));
      this.replace(slot);
    }, this.o.cancelGraceMs ?? 2000);
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!this.queue.length) return;
      if (!slot.ready || slot.running) continue;
      const p = this.queue.shift()!;
      Atomics.store(slot.cancel, 0, 0);
      const limit = Math.min(this.o.timeoutMs ?? DEFAULT_TIMEOUT_MS, p.job.timeoutMs ?? Infinity);
      const timer = setTimeout(() => {
        const ms = limit + (this.o.hardStopMs ?? 10_000);
        this.finish(slot, answerBuffer(failureAnswer(p.job.api, 400, 'KQL502', `The query timed out: it ran past its time limit of ${limit} ms and did not stop within ${ms - limit} ms more, so its worker was stopped.`)));
        this.replace(slot);
      }, limit + (this.o.hardStopMs ?? 10_000));
      timer.unref();
      slot.running = { ...p, timer };
      slot.worker.postMessage({ id: p.id, job: p.job });
    }
  }

  /** Stops the workers; queued and running jobs are answered 503. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.resolve(answerBuffer(failureAnswer(p.job.api, 503, 'KQL599', 'the server is stopping')));
    await Promise.all(this.slots.map(async (s) => {
      const job = s.running;
      if (job) { if (job.timer) clearTimeout(job.timer); s.running = undefined; job.resolve(answerBuffer(failureAnswer(job.job.api, 503, 'KQL599', 'the server is stopping'))); }
      await s.worker.terminate();
    }));
  }
}
