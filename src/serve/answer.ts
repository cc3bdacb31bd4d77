/**
 * One query request answered: the query run on one snapshot with the request's limits, shaped as
 * the API's response body (Kusto v1 / v2, Log Analytics) or its error body. Used on the event loop
 * (a fixed map of tables: tests, the `--engine adx|loganalytics` stand-in) and inside the query
 * pool's workers (query-worker.ts), which send the body text back: the rows are turned into JSON
 * where they were computed, so a 500,000-row answer crosses threads as one buffer, not as objects.
 */
import type { Diagnostic, ExecuteOptions, StoredFunction, WatchlistProvider } from '../kql/index.js';
import type { Table, TableSchema } from '../kql/data.js';
import { execute } from '../kql/index.js';
import { ReplayData } from '../detect/replay.js';
import type { TableSource } from '../kql/index.js';
import { v1Response, v2Response, kustoError, type PartialFailure } from './kusto-protocol.js';
import { laResponse, laError } from './la-protocol.js';
import { visualizationOf } from './render-info.js';

/** The tables one request sees, and the damaged tables its query asked for (named in the error). */
export interface Snapshot {
  readonly tables: ReadonlyMap<string, Table>;
  damagedTouched?(): readonly Error[];
  /** The workspace generation the tables belong to (per-generation caches key on it). */
  readonly generation?: object;
}

/** A query request, parsed and checked by the server (plain data: it crosses to a worker). */
export interface QueryJob {
  readonly api: 'v1' | 'v2' | 'la';
  readonly text: string;
  /** The v2 QueryCompletionInformation's ClientRequestId. */
  readonly requestId: string;
  /** now() in ticks (`query_now`). */
  readonly now?: number;
  /** A request's own time limit (`servertimeout`): only lowers the server's. */
  readonly timeoutMs?: number;
  /** Record cap (`truncationmaxrecords`, `notruncation`). */
  readonly maxRows?: number;
  /** Log Analytics `Prefer: include-render=true`: the query's render beside the tables. */
  readonly withRender?: boolean;
  /** Log Analytics `timespan`: [from, to) in ms since the epoch. */
  readonly timespan?: { readonly from: number; readonly to: number };
}

/** A response: status and JSON body text. */
export interface Answer { readonly status: number; readonly body: string }

/** What every query of a server shares: its tables' schemas, functions, and limits. */
export interface AnswerContext {
  readonly knownTables?: ReadonlyMap<string, TableSchema>;
  readonly functions?: readonly StoredFunction[];
  readonly watchlists?: WatchlistProvider;
  /** The server's per-query limits (default: the engine's, 4 minutes and 2 GiB). */
  readonly timeoutMs?: number;
  readonly maxMemoryBytes?: number;
}

/** Engine datetimes: 100 ns ticks since the Unix epoch (src/kql/data/convert.ts). */
const TICKS_PER_MS = 10_000;

/** The first error diagnostic as one line: `line:col: CODE message` (the function's name when it lies in one). */
export function diagnosticText(ds: readonly Diagnostic[]): { code: string; text: string; kind: 'syntax' | 'semantic' | 'runtime' } {
  const d = ds.find((x) => x.severity === 'error') ?? ds[0];
  if (!d) return { code: 'KQL000', text: 'query failed', kind: 'runtime' };
  const where = d.function ? `function ${d.function.name} ${d.function.part} ` : '';
  const n = Number(d.code.replace(/\D/g, ''));
  // The catalog's bands: KQL0xx syntax, KQL1xx-4xx binding, KQL5xx run time (limits).
  const kind = n < 100 ? 'syntax' : n < 500 ? 'semantic' : 'runtime';
  return { code: d.code, text: `${where}${d.line}:${d.col}: ${d.code} ${d.message}`, kind };
}

/**
 * Kusto's text for a truncated result, from the engine's truncation warning (src/kql/execute.ts):
 * which of the two limits cut it (records or bytes).
 */
export function truncationFailure(warnings: readonly string[]): PartialFailure | undefined {
  for (const w of warnings) {
    const m = /^result truncated to (\d+) of (\d+) rows \(Kusto limits: (\d+) records \/ (\d+) bytes/.exec(w);
    if (!m) continue;
    const [kept, maxRecords, maxBytes] = [Number(m[1]), Number(m[3]), Number(m[4])];
    const what = kept >= maxRecords ? `${maxRecords} records` : `${maxBytes} bytes`;
    const tag = kept >= maxRecords ? `max #records=${maxRecords}` : `max #size=${maxBytes}`;
    return {
      code: 'E_QUERY_RESULT_SET_TOO_LARGE',
      message: `Query execution has exceeded the allowed limits (80DA0003): The results of this query exceed the set limit of ${what}, so not all records were returned (E_QUERY_RESULT_SET_TOO_LARGE, 0x80DA0003, ${tag}). See https://aka.ms/kustoquerylimits for more information and possible solutions.`,
    };
  }
  return undefined;
}

/** Time windows of a snapshot's tables (Log Analytics `timespan`), kept per workspace generation. */
const windows = new WeakMap<object, ReplayData>();

/**
 * Runs `job` on `snap` and shapes the answer. `cancel`: the cell another thread sets to stop the
 * query (governor.ts; KQL506). Never throws for a query's own failure.
 */
export function answerQuery(job: QueryJob, snap: Snapshot, cx: AnswerContext, cancel?: Int32Array): Answer {
  let tables: ReadonlyMap<string, Table | TableSource> = snap.tables;
  if (job.api === 'la' && job.timespan) {
    const key = snap.generation ?? snap.tables;
    let data = windows.get(key);
    if (!data) { data = new ReplayData(snap.tables); windows.set(key, data); }
    tables = data.windowMap(job.timespan.from * TICKS_PER_MS, job.timespan.to * TICKS_PER_MS);
  }
  const t = [cx.timeoutMs, job.timeoutMs].filter((x): x is number => x !== undefined);
  const options: ExecuteOptions = {
    tables,
    ...(cx.knownTables ? { knownTables: cx.knownTables } : {}), ...(cx.functions ? { functions: cx.functions } : {}), ...(cx.watchlists ? { watchlists: cx.watchlists } : {}),
    ...(t.length ? { timeoutMs: Math.min(...t) } : {}), ...(cx.maxMemoryBytes !== undefined ? { maxMemoryBytes: cx.maxMemoryBytes } : {}),
    ...(job.now !== undefined ? { now: job.now } : {}), ...(job.maxRows !== undefined ? { maxRows: job.maxRows } : {}), ...(cancel ? { cancel } : {}),
  };
  const r = execute(job.text, options);
  // A damaged workspace table the query asked for: said as the error (the query cannot be answered whole).
  const damaged = snap.damagedTouched?.()[0];
  if (job.api === 'la') {
    if (damaged) return { status: 400, body: JSON.stringify(laError('BadArgumentError', 'The request had some invalid properties', { code: 'QueryExecutionError', message: damaged.message })) };
    if (!r.ok) {
      const d = diagnosticText(r.diagnostics);
      return { status: 400, body: JSON.stringify(laError('BadArgumentError', 'The request had some invalid properties', { code: d.kind === 'syntax' ? 'SyntaxError' : d.kind === 'semantic' ? 'SemanticError' : 'QueryExecutionError', message: d.text })) };
    }
    const out = laResponse(r.result, truncationFailure(r.result.warnings));
    return { status: 200, body: JSON.stringify(job.withRender ? { ...(out as object), render: visualizationOf(job.text) } : out) };
  }
  if (damaged) return { status: 400, body: JSON.stringify(kustoError('General_BadRequest', 'Request is invalid and cannot be executed.', `Query execution failed: ${damaged.message}`, 'runtime')) };
  if (!r.ok) {
    const d = diagnosticText(r.diagnostics);
    const prefix = d.kind === 'syntax' ? 'Syntax error' : d.kind === 'semantic' ? 'Semantic error' : 'Query execution has exceeded the allowed limits or failed';
    return { status: 400, body: JSON.stringify(kustoError(d.kind === 'runtime' ? 'LimitsExceeded' : 'General_BadRequest', 'Request is invalid and cannot be executed.', `${prefix}: ${d.text}`, d.kind)) };
  }
  const partial = truncationFailure(r.result.warnings);
  return { status: 200, body: JSON.stringify(job.api === 'v2' ? v2Response(r.result, job.requestId, partial, visualizationOf(job.text)) : v1Response(r.result, job.requestId, partial)) };
}

/** A failure found outside the engine (the pool's own limits, a worker lost): the API's error body. */
export function failureAnswer(api: QueryJob['api'], status: number, code: string, message: string): Answer {
  if (api === 'la') return { status, body: JSON.stringify(laError(status >= 500 ? 'InternalServerError' : 'BadArgumentError', 'The request had some invalid properties', { code: 'QueryExecutionError', message: `${code} ${message}` })) };
  return { status, body: JSON.stringify(kustoError(status >= 500 ? 'InternalServiceError' : 'LimitsExceeded', status >= 500 ? 'Internal service error.' : 'Request is invalid and cannot be executed.', `Query execution has exceeded the allowed limits or failed: ${code} ${message}`, status >= 500 ? 'request' : 'runtime')) };
}
