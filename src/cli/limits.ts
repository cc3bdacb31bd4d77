/**
 * The per-query limits options shared by `query` and `detect`: `--timeout DUR` and
 * `--max-memory SIZE` (the engine's governor, src/kql/governor.ts, enforces them).
 *
 * Node's own heap limit must stay above the memory ceiling, or V8 would abort the process before
 * the governor stops the query. When a larger ceiling is asked for than the current heap allows,
 * the command re-runs itself once in a child Node with a larger `--max-old-space-size`
 * (NODE_OPTIONS cannot carry it for an already running process).
 */
import v8 from 'node:v8';
import { spawnSync } from 'node:child_process';
import { DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT_MS, parseDuration, parseSize } from '../kql/data.js';

export const LIMIT_OPTIONS = {
  timeout: { type: 'string' },
  'max-memory': { type: 'string' },
} as const;

export const LIMITS_USAGE = `  --timeout DUR      per-query time limit: 30s, 2m, 1h, 500ms (default 4m, Kusto's servertimeout)
  --max-memory SIZE  per-query memory ceiling: 512MB, 4GB (default 2GB)`;

export interface Limits { readonly timeoutMs: number; readonly maxMemoryBytes: number }

/** Reads the options; a string is a usage error. */
export function limitsFrom(values: { timeout?: string | undefined; 'max-memory'?: string | undefined }): Limits | string {
  let timeoutMs = DEFAULT_TIMEOUT_MS, maxMemoryBytes = DEFAULT_MAX_MEMORY;
  if (values.timeout !== undefined) {
    const t = parseDuration(values.timeout);
    if (t === undefined) return `--timeout: not a duration: '${values.timeout}' (e.g. 30s, 2m, 500ms)`;
    timeoutMs = t;
  }
  if (values['max-memory'] !== undefined) {
    const m = parseSize(values['max-memory']);
    if (m === undefined) return `--max-memory: not a size: '${values['max-memory']}' (e.g. 512MB, 4GB)`;
    if (m < 16 * 1024 * 1024) return `--max-memory: at least 16MB`;
    maxMemoryBytes = m;
  }
  return { timeoutMs, maxMemoryBytes };
}

/** Room kept on the heap besides the ceiling: loaded tables, results, the engine itself. */
const HEADROOM = 1536 * 1024 * 1024;

/**
 * When the heap limit is too small for a ceiling the user asked for (--max-memory), re-runs this
 * command in a child Node with a heap large enough and returns its exit status; undefined when no
 * re-run is needed. The default ceiling never re-runs (a child Node costs ~0.3 s on every query):
 * with Node's default heap (~4 GB on a machine of 16 GB or more) it leaves ~2 GB besides it, and a
 * query that would still exhaust the heap ends with KQL503 naming Node's limit, never a crash.
 */
export function rerunWithHeapFor(maxMemoryBytes: number, explicit = true): number | undefined {
  const limit = v8.getHeapStatistics().heap_size_limit;
  if (!explicit || maxMemoryBytes + HEADROOM <= limit * 0.85 || process.env.CLOUDHOP_HEAP_RERUN) return undefined;
  const mb = Math.ceil((maxMemoryBytes + HEADROOM) / 0.85 / (1024 * 1024));
  const r = spawnSync(process.execPath, [...process.execArgv, `--max-old-space-size=${mb}`, ...process.argv.slice(1)], {
    stdio: 'inherit', env: { ...process.env, CLOUDHOP_HEAP_RERUN: '1' },
  });
  return r.status ?? 1;
}
