/**
 * The query governor: a wall-clock deadline and a memory ceiling for the running query.
 *
 * Evaluation is synchronous and one query runs at a time per thread, so the state is module-level:
 * execute() opens it (beginQuery) and restores the previous one (endQuery). Every layer of the
 * engine reports to it without a context at hand:
 * - row loops call `checkpoint()` once per block of ROW_BLOCK rows (never per row);
 * - the regex layer calls `work(units)` with the length of each searched text, so one slow value
 *   cannot hide between row blocks;
 * - code that is about to build something large calls `reserve(bytes, what)` first (join output,
 *   mv-expand, range), and functions that return large values call `charge(bytes)`.
 * A query's memory is the larger of (a) the growth of the V8 heap in use plus external
 * (typed-array) memory since the query started, from v8.getHeapStatistics() (~0.3 µs), and (b) the
 * growth of the process's resident size over its floor (the lowest seen at a query's start, read
 * at most every 5 ms: ~9 µs a read), so that the process's peak stays near floor + ceiling even
 * when freed memory is not yet returned. The floor never rises: memory that stays resident
 * between queries (a detect replay's caches, pages V8 keeps) counts against later queries, which
 * is what keeps one process's peak under the first floor + the ceiling. Memory is measured at
 * each checkpoint and whenever CHARGE_STEP bytes were charged. Before a memory error a full GC
 * is forced (when it can be, at most twice a query) and V8's background frees are given up to
 * 50 ms, so garbage is not mistaken for live data. In a worker thread (`cloudhop serve`'s query
 * pool) the resident size is shared with the other threads, so only the thread's own heap and
 * external memory count. Independently of the ceiling, the query stops when the heap nears Node's own
 * limit (HEAP_GUARD of it), so the process never dies of a V8 out-of-memory abort.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import { D } from './diagnostics/catalog.js';

/** The limits of one query. */
export interface QueryLimits {
  /** Wall-clock time limit in ms. */
  readonly timeoutMs: number;
  /** Memory ceiling in bytes (growth of heap + external memory during the query). */
  readonly maxMemoryBytes: number;
  /**
   * A cancel cell (Int32Array over a SharedArrayBuffer, element 0): another thread sets it to
   * non-zero to stop the query (`cloudhop serve` when the client goes away: src/serve/query-pool.ts).
   * Read where the clock is read (row-block checkpoints, regex work steps); the query ends with KQL506.
   */
  readonly cancel?: Int32Array;
}

/** Kusto's servertimeout default is 4 minutes. */
export const DEFAULT_TIMEOUT_MS = 4 * 60 * 1000;
/**
 * 2 GiB: Kusto allows 5 GB per query per node on servers with far more memory; this fits Node's
 * default heap (~4.2 GB on a 64-bit machine with ≥ 16 GB) with room for the loaded tables.
 */
export const DEFAULT_MAX_MEMORY = 2 * 1024 ** 3;
/** Rows between two checkpoints in row loops. */
export const ROW_BLOCK = 1024;
/** Charged bytes between two heap measurements. */
const CHARGE_STEP = 16 * 1024 * 1024;
/** Fraction of Node's heap limit at which any query stops. */
const HEAP_GUARD = 0.85;
/** Growth after a forced GC before the next one may be forced. */
const GC_GROWTH = 64 * 1024 * 1024;
/** Resident memory above the floor at a query's start that makes it collect garbage first. */
const STALE_RSS = 128 * 1024 * 1024;
/** Least time between two reads of the process's resident memory. */
const RSS_EVERY_MS = 5;
/** Forced GCs per query. */
const MAX_GCS = 2;
/** Regex work units (characters searched) between two clock reads. */
const WORK_STEP = 1 << 13;

/** A limit was exceeded; execute() turns it into a diagnostic placed on the running operator. */
export class LimitError extends Error {
  constructor(readonly code: string, message: string) { super(message); }
}

interface State {
  deadline: number;
  timeoutMs: number;
  maxMemory: number;
  base: number;
  pending: number;
  lastUsed: number;
  workLeft: number;
  /** Usage right after the last forced GC: another one only after real growth (no GC thrash). */
  afterGc: number;
  /** Forced GCs so far: each costs ~1 s per GB of live objects, so a query gets few. */
  gcs: number;
  rssBase: number;
  rssAt: number;
  rssGrowth: number;
  cancel: Int32Array | undefined;
}

const idle = (): State => ({ cancel: undefined, deadline: Infinity, timeoutMs: Infinity, maxMemory: Infinity, base: 0, pending: 0, lastUsed: 0, workLeft: WORK_STEP, afterGc: -Infinity, gcs: 0, rssBase: 0, rssAt: 0, rssGrowth: 0 });
let st: State = idle();

let gc: (() => void) | undefined;
/** The heap in use after the last GC forced at a query's start. */
let liveAtStart = 0;
try {
  v8.setFlagsFromString('--expose-gc');
  gc = vm.runInNewContext('gc') as () => void;
} catch { gc = undefined; }

function heapInUse(): { used: number; heap: number; limit: number } {
  const h = v8.getHeapStatistics() as v8.HeapInfo & { external_memory?: number };
  return { used: h.used_heap_size + (h.external_memory ?? 0), heap: h.used_heap_size, limit: h.heap_size_limit };
}

/**
 * The lowest resident size seen at a query's start. Measuring RSS growth from it (not from the
 * current size, which may still hold an earlier query's freed pages) keeps the process's peak
 * under that floor + the ceiling, however many queries one process runs.
 */
let rssFloor = Infinity;
function rssFloorNow(): number {
  rssFloor = Math.min(rssFloor, process.memoryUsage.rss());
  return rssFloor;
}

/** Opens a query's limits; returns the previous state for endQuery (queries may nest: toscalar, detect plans). */
export function beginQuery(limits: QueryLimits): unknown {
  const started = Date.now(); // the time limit counts the garbage collection below
  const prev = st;
  let m = heapInUse();
  // Garbage left by earlier queries would count against nothing but still fill memory: collect it
  // when it dominates the heap (a GC costs in proportion to live data, so this is cheap then).
  // (Thresholds relative to the ceiling: a detect replay runs thousands of small queries, which
  // must not each pay a full GC.)
  const stale = Math.max(STALE_RSS, limits.maxMemoryBytes / 4);
  if (gc && prev.deadline === Infinity && (m.heap > 1.5 * liveAtStart + stale || process.memoryUsage.rss() > rssFloor + stale)) {
    gc();
    settle();
    m = heapInUse();
    liveAtStart = m.heap;
  }
  st = {
    deadline: started + limits.timeoutMs, timeoutMs: limits.timeoutMs, maxMemory: limits.maxMemoryBytes,
    cancel: limits.cancel ?? prev.cancel,
    base: m.used, pending: 0, lastUsed: 0, workLeft: WORK_STEP, afterGc: -Infinity, gcs: 0, rssBase: rssFloorNow(), rssAt: 0, rssGrowth: 0,
  };
  return prev;
}

export function endQuery(prev: unknown): void { st = prev as State; }

/** Lowers the running query's limits (Kusto request properties `set servertimeout`, `set max_memory_consumption_per_query_per_node`); never raises them. */
export function lowerLimits(l: Partial<QueryLimits>): void {
  if (l.timeoutMs !== undefined && l.timeoutMs < st.timeoutMs) { st.deadline -= st.timeoutMs - l.timeoutMs; st.timeoutMs = l.timeoutMs; }
  if (l.maxMemoryBytes !== undefined && l.maxMemoryBytes < st.maxMemory) st.maxMemory = l.maxMemoryBytes;
}

function cancelled(): never {
  throw new LimitError(D.queryCancelled.code, D.queryCancelled.message());
}

function timeout(): never {
  if (process.env.CLOUDHOP_GOVERNOR_DEBUG) process.stderr.write(`[governor] timeout noticed ${Date.now() - st.deadline} ms late at ${new Error().stack?.split('\n').slice(2, 6).join(' <- ')}\n`);
  throw new LimitError(D.queryTimeout.code, D.queryTimeout.message(formatMs(st.timeoutMs)));
}

/** Checks time and memory; row loops call it once per ROW_BLOCK rows. */
export function checkpoint(): void {
  if (st.deadline === Infinity) return;
  if (st.cancel && Atomics.load(st.cancel, 0) !== 0) cancelled();
  if (Date.now() > st.deadline) timeout();
  measure(0, undefined);
}

/** Regex and other per-value work: `units` ≈ characters processed; reads the clock every WORK_STEP units. */
export function work(units: number): void {
  st.workLeft -= units + 64; // + a per-search cost: V8 may backtrack 50,000 steps before its linear fallback
  if (st.workLeft < 0) {
    st.workLeft = WORK_STEP;
    if (st.cancel && Atomics.load(st.cancel, 0) !== 0) cancelled();
    if (Date.now() > st.deadline) timeout();
  }
}

/** Records `bytes` just allocated (a function's large result, an accumulator's growth). */
export function charge(bytes: number, what?: string): void {
  st.pending += bytes;
  if (st.pending >= CHARGE_STEP || st.lastUsed + st.pending > st.maxMemory) {
    if (Date.now() > st.deadline) timeout();
    // A large value is counted as still to come: a string built by concatenation is not yet
    // flat in memory, and a conservative count errs on the side of stopping.
    measure(bytes >= CHARGE_STEP ? bytes : 0, what);
  }
}

/** Checks that `bytes` more would still fit, before allocating them. */
export function reserve(bytes: number, what: string): void {
  if (st.deadline === Infinity) return;
  measure(bytes, what);
}

/**
 * The query's memory: heap + external growth, or the process's resident memory growth when that is
 * larger (freed but not yet returned pages, allocator fragmentation). RSS costs ~9 µs to read, so
 * it is read at most every RSS_EVERY_MS; in between its last growth is reused.
 */
/**
 * Lets V8's background threads free what a GC released (array buffers' memory returns to the
 * system some milliseconds later; measured: 640 MB → 126 MB RSS within 10 ms): waits in 10 ms
 * steps, at most 50 ms, while the resident size keeps falling.
 */
function settle(): void {
  let last = process.memoryUsage.rss();
  for (let i = 0; i < 5; i++) {
    Atomics.wait(napCell, 0, 0, 10);
    const now = process.memoryUsage.rss();
    if (now > last - 4 * 1024 * 1024) return;
    last = now;
  }
}
const napCell = new Int32Array(new SharedArrayBuffer(4));

function queryMemory(m: { used: number }): number {
  // In a worker thread the resident size is the whole process's (other threads' queries too):
  // only this thread's heap and external memory are the query's (src/serve/query-pool.ts).
  if (!isMainThread) return m.used - st.base;
  const now = Date.now();
  if (now - st.rssAt >= RSS_EVERY_MS) { st.rssAt = now; st.rssGrowth = process.memoryUsage.rss() - st.rssBase; }
  return Math.max(m.used - st.base, st.rssGrowth);
}

function measure(extra: number, what: string | undefined): void {
  let m = heapInUse();
  let used = queryMemory(m);
  const over = (): boolean => used + extra > st.maxMemory || m.heap + extra > m.limit * HEAP_GUARD;
  // A forced GC takes ~1 s per GB of heap: not when it would run past the deadline anyway.
  if (over() && gc && used > st.afterGc + GC_GROWTH && st.gcs < MAX_GCS && st.deadline - Date.now() > m.heap / 1e6) {
    gc(); st.gcs++;
    settle();
    st.rssAt = 0;
    m = heapInUse(); used = queryMemory(m); st.afterGc = used;
    if (Date.now() > st.deadline) timeout();
  }
  st.pending = 0;
  st.lastUsed = used;
  if (used + extra > st.maxMemory) {
    throw new LimitError(D.memoryLimit.code, D.memoryLimit.message(formatBytes(st.maxMemory), formatBytes(Math.max(0, used)), what, extra));
  }
  if (m.heap + extra > m.limit * HEAP_GUARD) {
    throw new LimitError(D.memoryLimit.code, D.heapLimit.message(formatBytes(m.limit), what, extra));
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 === 0 ? 0 : 1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(n % 1024 ** 2 === 0 ? 0 : 1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} bytes`;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Parses a size such as `512MB`, `2GB`, `1.5g`, `1048576` (bytes); undefined when invalid. */
export function parseSize(s: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(s);
  if (!m) return undefined;
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const v = Math.round(parseFloat(m[1]!) * mult);
  return v > 0 ? v : undefined;
}

/** Parses a duration such as `5s`, `2m`, `1h`, `500ms`, `00:04:00` (Kusto timespan text); undefined when invalid. */
export function parseDuration(s: string): number | undefined {
  const t = s.trim();
  let m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)?$/i.exec(t);
  if (m) {
    const unit = (m[2] ?? 's').toLowerCase();
    const mult = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' || unit === 'min' ? 60_000 : unit === 'h' ? 3_600_000 : 86_400_000;
    const v = Math.round(parseFloat(m[1]!) * mult);
    return v > 0 ? v : undefined;
  }
  m = /^(\d+):(\d\d):(\d\d(?:\.\d+)?)$/.exec(t);
  if (m) { const v = Math.round(((+m[1]! * 60 + +m[2]!) * 60 + parseFloat(m[3]!)) * 1000); return v > 0 ? v : undefined; }
  return undefined;
}
