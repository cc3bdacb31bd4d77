/**
 * The Kusto / Log Analytics query service over our engine (fastify): the server of `cloudhop serve`
 * (issue 17) and the loopback endpoint of `--engine adx|loganalytics` in tests.
 *
 *   POST /v1/rest/query, /v2/rest/query   Kusto REST API: body {db, csl, properties}. Client request
 *                                         properties: `query_now` sets now(); `servertimeout` lowers
 *                                         the time limit; `truncationmaxrecords` / `notruncation`
 *                                         set the record cap (`set notruncation;` in the query too)
 *   POST /v1/rest/mgmt                    management commands (mgmt.ts), answered in the v1 shape
 *   GET  /v1/rest/auth/metadata           404, so Kusto clients fall back to the public cloud's login
 *                                         settings (as for a proxy without that endpoint)
 *   POST /v1/workspaces/{id}/query        Log Analytics query API: body {query, timespan}; the
 *                                         timespan restricts every table to [start, end) of its time
 *                                         column (TimeGenerated, or Timestamp), as the service does
 *
 * Every request needs `Authorization: Bearer <token>` (401 otherwise, in each API's error shape,
 * checked before the body is read). Bodies over `maxBodyBytes` get 413; a body that is not a JSON
 * object, 400 in the API's error shape. Result truncation (500,000 records / 64 MB unless lifted) is
 * a partial failure beside the rows, with Kusto's E_QUERY_RESULT_SET_TOO_LARGE text (v2: in
 * QueryCompletionInformation and DataSetCompletion; v1: a QueryStatus row of severity Error).
 *
 * The tables are a fixed map, or a function giving each request one snapshot (a workspace kept open
 * between requests and reopened when a commit changes it: workspace-source.ts). With a query pool
 * (query-pool.ts, `cloudhop serve`), queries run in worker threads that each keep the workspace
 * open: the event loop stays free for management commands and ingestion, and a client that
 * disconnects stops its query (KQL506). Without one, queries run on the event loop one at a time and
 * a gone client's answer is dropped. Each query is bounded by the server's time limit (a request's
 * `servertimeout` may lower it) and memory ceiling (answer.ts shapes every outcome).
 *
 * Official clients send bearer tokens only over https (@azure/core-rest-pipeline refuses http), so
 * `tls` is the normal mode; plain http is for loopback clients that allow it.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ExecuteOptions, StoredFunction, WatchlistProvider } from '../kql/index.js';
import type { ColumnSchema, ScalarType, Table, TableSchema } from '../kql/data.js';
import { execute } from '../kql/index.js';
import { parseIsoDatetime } from '../kql/data.js';
import { schemaOf } from '../kql/data.js';
import { isTableSource, type TableSource } from '../kql/index.js';
import { v1Table, kustoError } from './kusto-protocol.js';
import { answerQuery, diagnosticText, type AnswerContext, type QueryJob, type Snapshot } from './answer.js';
import type { QueryPool } from './query-pool.js';
import { laResponse, laError, parseTimespan } from './la-protocol.js';
import { runMgmt } from './mgmt.js';
import { batchLines, ingestBatch, ingestionError, routeStream, type DcrRules, type IngestionOutcome, type RunTransform } from './ingestion.js';
import { fitToTable, inlineTable, parseMgmtWrite, type MgmtWrite } from './ingest-inline.js';
import { commitTable, committedColumns, type WorkspaceWriter } from './workspace-writer.js';
import { registerWorkbench, isWorkbenchAsset } from './workbench.js';
import { registerIncidents } from './incidents-api.js';
import { registerRulePack } from './rulepack.js';
import { visualizationOf } from './render-info.js';

export type { Snapshot } from './answer.js';
export { diagnosticText, truncationFailure } from './answer.js';

export interface ServeOptions {
  /** The served tables: a fixed map, or one snapshot per request (a workspace: workspace-source.ts). */
  readonly tables: ReadonlyMap<string, Table> | (() => Promise<Snapshot>);
  /** Tables that exist without rows (the Log Analytics / Defender schemas), as for `cloudhop query`. */
  readonly knownTables?: ReadonlyMap<string, TableSchema>;
  readonly functions?: readonly StoredFunction[];
  readonly watchlists?: WatchlistProvider;
  /** The bearer token every request must carry. */
  readonly token: string;
  readonly host?: string;
  /** 0 (default): a free port. */
  readonly port?: number;
  /** PEM certificate and key: serve https (the official clients' requirement for bearer tokens). */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** Largest request body (default 16 MiB): a larger one gets 413. */
  readonly maxBodyBytes?: number;
  /** Per-query limits (defaults: the engine's, 4 minutes and 2 GiB); a request may only lower the time. */
  readonly timeoutMs?: number;
  readonly maxMemoryBytes?: number;
  /**
   * Worker threads that run the queries (query-pool.ts: the workspace open in each, the event loop
   * free, a query stopped when its client goes away). Absent: queries run on the event loop one at
   * a time (a fixed map of tables: tests, the `--engine` stand-in). The caller closes it.
   */
  readonly queryPool?: QueryPool;
  /** The database name `.show` commands answer with (default `cloudhop`). */
  readonly database?: string;
  readonly version?: string;
  /**
   * The workspace's writer (workspace-writer.ts): the Logs Ingestion API (ingestion.ts) and the
   * data-writing management commands (.ingest inline, .set/.append/.set-or-append) commit through
   * it, one write at a time, each answered after its commit. Absent: ingestion answers 404 and
   * those commands 400 (a read-only server).
   */
  readonly writer?: WorkspaceWriter;
  /** The stream → table mapping file (`serve --dcr FILE`); absent: `Custom-<Table>` → `<Table>`. */
  readonly dcr?: DcrRules;
  /** Serve the web workbench at `/` (workbench.ts; issue 18). */
  readonly workbench?: boolean;
  /** The workbench's rule pack page data (`DIR/serve/rulepack.json`, rulepack.ts). */
  readonly rulePackFile?: string;
  /**
   * More routes (behind the same bearer check), e.g. continuous detection's (detection.ts), and what
   * closing waits for before the writer drains (a detection tick in progress).
   */
  readonly routes?: (app: FastifyInstance) => void;
  readonly beforeClose?: () => Promise<void>;
}

export interface RunningServer {
  /** `https://127.0.0.1:PORT` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}


type Api = 'kusto' | 'la';
/** The Azure Monitor APIs (Logs query, Logs Ingestion) answer errors in Azure's shape; the rest in Kusto's. */
const apiOf = (url: string): Api => (url.startsWith('/v1/workspaces/') || url.startsWith('/dataCollectionRules/') ? 'la' : 'kusto');

/** An error in the API's own shape. */
function errorBody(api: Api, status: number, message: string): unknown {
  if (api === 'la') {
    const code = status === 401 ? 'AuthorizationRequiredError' : status === 404 ? 'PathNotFoundError' : status === 413 ? 'RequestEntityTooLarge' : status >= 500 ? 'InternalServerError' : 'BadArgumentError';
    return laError(code, message);
  }
  const code = status === 401 ? 'Unauthorized' : status === 404 ? 'NotFound' : status === 405 ? 'MethodNotAllowed' : status === 413 ? 'RequestEntityTooLarge' : status >= 500 ? 'InternalServiceError' : 'BadRequest';
  return kustoError(code, status >= 500 ? 'Internal service error.' : 'Request is invalid and cannot be executed.', message, 'request');
}

function tokenMatches(header: string | undefined, token: string): boolean {
  if (!header) return false;
  const want = Buffer.from(`Bearer ${token}`), got = Buffer.from(header);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** The body as a JSON object, or a message saying why not. */
function jsonObject(body: unknown): Record<string, unknown> | string {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
  if (text.trim() === '') return 'the request has no body (a JSON object is expected)';
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch (e) { return `the body is not JSON: ${(e as Error).message}`; }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'the body is not a JSON object';
  return parsed as Record<string, unknown>;
}

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const max = o.maxBodyBytes ?? 16 * 1024 * 1024;
  const snapshot: () => Promise<Snapshot> = typeof o.tables === 'function' ? o.tables : ((t) => async () => ({ tables: t }))(o.tables);
  const database = o.database ?? 'cloudhop';
  const version = o.version ?? '0.1.0';

  const app = (o.tls
    ? Fastify({ https: { cert: o.tls.cert, key: o.tls.key }, bodyLimit: max, logger: false, forceCloseConnections: true, routerOptions: { ignoreTrailingSlash: true } })
    : Fastify({ bodyLimit: max, logger: false, forceCloseConnections: true, routerOptions: { ignoreTrailingSlash: true } })) as unknown as FastifyInstance;

  // Every body is read as bytes and parsed by the route, so that a bad one gets the API's error shape.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'GET' && req.url.startsWith('/v1/rest/auth/metadata')) return;
    if (o.workbench && req.method === 'GET' && isWorkbenchAsset(req.url)) return;
    if (!tokenMatches(req.headers.authorization, o.token)) {
      const api = apiOf(req.url);
      const msg = api === 'la' ? 'Valid authentication was not provided' : 'Unauthorized: the bearer token is missing or not valid for this service';
      await reply.code(401).header('www-authenticate', 'Bearer').send(errorBody(api, 401, msg));
    }
  });
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    const msg = status === 413 ? `request body over ${max} bytes` : status >= 500 ? `internal error: ${err.message}` : err.message;
    void reply.code(status).send(errorBody(apiOf(req.url), status, msg));
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send(errorBody(apiOf(req.url), 404, `no such endpoint: ${req.method} ${req.url.split('?')[0]}`));
  });

  const limits = (lowerTimeoutMs?: number): Pick<ExecuteOptions, 'timeoutMs' | 'maxMemoryBytes'> => {
    const t = [o.timeoutMs, lowerTimeoutMs].filter((x): x is number => x !== undefined);
    return { ...(t.length ? { timeoutMs: Math.min(...t) } : {}), ...(o.maxMemoryBytes !== undefined ? { maxMemoryBytes: o.maxMemoryBytes } : {}) };
  };
  const common = { ...(o.knownTables ? { knownTables: o.knownTables } : {}), ...(o.functions ? { functions: o.functions } : {}), ...(o.watchlists ? { watchlists: o.watchlists } : {}) };
  /** A damaged workspace table the query asked for: said as the error (the query cannot be answered whole). */
  const damagedError = (snap: Snapshot): Error | undefined => snap.damagedTouched?.()[0];

  const cx: AnswerContext = { ...common, ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}), ...(o.maxMemoryBytes !== undefined ? { maxMemoryBytes: o.maxMemoryBytes } : {}) };
  /**
   * Runs a query request: in the pool (a worker; the query stopped when the client disconnects
   * before its answer is sent), or here on the event loop.
   */
  const runJob = async (req: FastifyRequest, reply: FastifyReply, job: QueryJob): Promise<void> => {
    let status: number, body: string | Buffer;
    if (o.queryPool) {
      const gone = new AbortController();
      const onClose = (): void => { if (!reply.raw.writableFinished) gone.abort(); };
      reply.raw.once('close', onClose);
      const a = await o.queryPool.run(job, gone.signal);
      reply.raw.off('close', onClose);
      if (a.cancelled) return; // nobody to answer
      ({ status, body } = a);
    } else {
      ({ status, body } = answerQuery(job, await snapshot(), cx));
    }
    await reply.code(status).header('content-type', 'application/json; charset=utf-8').send(body);
  };

  const kustoQuery = async (req: FastifyRequest, reply: FastifyReply, v: '1' | '2'): Promise<void> => {
    const body = jsonObject(req.body);
    if (typeof body === 'string') { await reply.code(400).send(errorBody('kusto', 400, body)); return; }
    const csl = body.csl;
    if (typeof csl !== 'string') { await reply.code(400).send(errorBody('kusto', 400, 'the body has no "csl" (query text)')); return; }
    if (csl.trimStart().startsWith('.')) { await reply.code(400).send(errorBody('kusto', 400, 'management commands go to /v1/rest/mgmt')); return; }
    const props = parseProperties(body.properties);
    const options = (props?.Options ?? props?.options ?? {}) as Record<string, unknown>;
    let now: number | undefined;
    if (typeof options.query_now === 'string') {
      const t = parseIsoDatetime(options.query_now);
      if (t === null) { await reply.code(400).send(errorBody('kusto', 400, `query_now: not a datetime: '${options.query_now}'`)); return; }
      now = t;
    }
    const timeout = servertimeoutMs(options.servertimeout);
    if (options.servertimeout !== undefined && timeout === undefined) { await reply.code(400).send(errorBody('kusto', 400, `servertimeout: not a timespan: '${String(options.servertimeout)}' (e.g. 00:04:00)`)); return; }
    let maxRows: number | undefined;
    if (options.notruncation === true) maxRows = Number.MAX_SAFE_INTEGER;
    else if (options.truncationmaxrecords !== undefined) {
      const n = Number(options.truncationmaxrecords);
      if (!Number.isInteger(n) || n < 0) { await reply.code(400).send(errorBody('kusto', 400, `truncationmaxrecords: not a count: '${String(options.truncationmaxrecords)}'`)); return; }
      maxRows = n;
    }
    await runJob(req, reply, { api: v === '2' ? 'v2' : 'v1', text: csl, requestId: String(req.headers['x-ms-client-request-id'] ?? randomUUID()),
      ...(now !== undefined ? { now } : {}), ...(timeout !== undefined ? { timeoutMs: timeout } : {}), ...(maxRows !== undefined ? { maxRows } : {}) });
  };

  app.post('/v1/rest/query', (req, reply) => kustoQuery(req, reply, '1'));
  app.post('/v2/rest/query', (req, reply) => kustoQuery(req, reply, '2'));
  app.post('/v1/rest/mgmt', async (req, reply) => {
    const body = jsonObject(req.body);
    if (typeof body === 'string') { await reply.code(400).send(errorBody('kusto', 400, body)); return; }
    if (typeof body.csl !== 'string') { await reply.code(400).send(errorBody('kusto', 400, 'the body has no "csl" (command text)')); return; }
    const write = parseMgmtWrite(body.csl);
    if (write) {
      if ('error' in write) { await reply.code(400).send(kustoError('General_BadRequest', 'Request is invalid and cannot be executed.', `Syntax error: ${write.error}`, 'syntax')); return; }
      const r = await mgmtWrite(write);
      if (typeof r === 'string') { await reply.code(400).send(kustoError('General_BadRequest', 'Request is invalid and cannot be executed.', r, 'semantic')); return; }
      await reply.code(200).send(v1Table(r.columns, r.rows));
      return;
    }
    const snap = await snapshot();
    const names = [...snap.tables.keys()].sort();
    // A workspace table's schema comes from its manifest (no segment is read).
    const tables = names.map((name) => { const t = snap.tables.get(name)!; return { name, columns: isTableSource(t as Table | TableSource) ? [...(t as unknown as TableSource).schema] : schemaOf(t) }; });
    const r = runMgmt(body.csl, { database: typeof body.db === 'string' && body.db !== '' ? body.db : database, tables, version });
    if (!r.ok) {
      const prefix = r.kind === 'syntax' ? 'Syntax error' : r.kind === 'semantic' ? 'Semantic error' : 'Request is not supported';
      await reply.code(400).send(kustoError(r.kind === 'request' ? 'BadRequest_NotSupported' : 'General_BadRequest', 'Request is invalid and cannot be executed.', `${prefix}: ${r.message}`, r.kind));
      return;
    }
    await reply.code(200).send(v1Table(r.table.columns, r.table.rows));
  });
  app.get('/v1/rest/auth/metadata', async (_req, reply) => { await reply.code(404).send(errorBody('kusto', 404, 'not served: use the public cloud defaults')); });

  app.post('/v1/workspaces/:id/query', async (req, reply) => {
    const body = jsonObject(req.body);
    if (typeof body === 'string') { await reply.code(400).send(laError('BadArgumentError', 'The request had some invalid properties', { code: 'InvalidBody', message: body })); return; }
    const query = body.query;
    if (typeof query !== 'string') { await reply.code(400).send(laError('BadArgumentError', 'The request had some invalid properties', { code: 'QueryValidationError', message: 'the body has no "query"' })); return; }
    let timespan: { from: number; to: number } | undefined;
    if (body.timespan !== undefined && body.timespan !== null && body.timespan !== '') {
      if (typeof body.timespan !== 'string') { await reply.code(400).send(laError('BadArgumentError', 'timespan: an ISO 8601 interval text is expected')); return; }
      const span = parseTimespan(body.timespan, Date.now());
      if (typeof span === 'string') { await reply.code(400).send(laError('BadArgumentError', span)); return; }
      timespan = span;
    }
    await runJob(req, reply, { api: 'la', text: query, requestId: String(req.headers['x-ms-client-request-id'] ?? randomUUID()), ...(timespan ? { timespan } : {}),
      // `Prefer: include-render=true` (as the service takes it): the query's render beside the tables.
      ...(/\binclude-render=true\b/i.test(String(req.headers.prefer ?? '')) ? { withRender: true } : {}) });
  });

  // Logs Ingestion API: one write at a time (the writer's chain), each answered after its commit.
  const runTransform: RunTransform = (kql, source) => {
    const r = execute(kql, { tables: new Map([['source', source]]), ...common, ...limits(), maxRows: Number.MAX_SAFE_INTEGER });
    return r.ok ? r.result : diagnosticText(r.diagnostics).text;
  };
  const sendIngestion = async (reply: FastifyReply, out: IngestionOutcome): Promise<void> => {
    const code = (out.body as { error?: { code?: string } } | undefined)?.error?.code;
    if (code) void reply.header('x-ms-error-code', code);
    if (out.status === 204) await reply.code(204).send(); else await reply.code(out.status).send(out.body);
  };
  app.post('/dataCollectionRules/:id/streams/:stream', async (req, reply) => {
    const writer = o.writer;
    if (!writer) { await sendIngestion(reply, { status: 404, body: ingestionError('NotFound', 'this server does not take ingestion') }); return; }
    const { id, stream } = req.params as { id: string; stream: string };
    const route = routeStream(id, stream, o.dcr);
    if ('status' in route) { await sendIngestion(reply, route); return; }
    const batch = batchLines(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req.headers['content-encoding'], max);
    if (!('lines' in batch)) { await sendIngestion(reply, batch); return; }
    let out: IngestionOutcome;
    try { out = await writer.run(() => ingestBatch(writer.dir, route, batch.lines, runTransform)); } catch (e) {
      // Nothing was committed (the commit is atomic): the client may send the batch again.
      await reply.code(500).header('x-ms-error-code', 'IngestionFailed').send(ingestionError('IngestionFailed', `the batch was not committed: ${(e as Error).message}`)); return;
    }
    await sendIngestion(reply, out);
  });

  /** .ingest inline / .set / .append / .set-or-append: a result table in Kusto's shape, or the error text. */
  const mgmtWrite = async (w: MgmtWrite): Promise<{ columns: { name: string; type: ScalarType }[]; rows: unknown[][] } | string> => {
    const writer = o.writer;
    if (!writer) return `Request is not supported: this server serves a fixed set of tables (no workspace to write to)`;
    const known = (t: string): readonly ColumnSchema[] | undefined => o.knownTables?.get(t)?.columns;
    if (w.kind === 'ingest-inline') {
      return writer.run(() => {
        const schema = committedColumns(writer.dir, w.table) ?? known(w.table);
        if (!schema) return `Semantic error: table '${w.table}' was not found: .ingest inline needs an existing table (create it with .set-or-append T <| datatable(…)[…])`;
        const t = inlineTable(w.table, schema, w.format, w.data, w.ignoreFirstRecord, w.dataLine);
        if (typeof t === 'string') return `Ingestion failed (nothing was written): ${t}`;
        commitTable(writer.dir, w.table, t);
        return { columns: [{ name: 'ExtentId', type: 'guid' }], rows: [[randomUUID()]] };
      });
    }
    // The query runs on the snapshot of now; its result is committed in the writer's turn.
    const snap = await snapshot();
    const r = execute(w.query, { tables: snap.tables, ...common, ...limits(), maxRows: Number.MAX_SAFE_INTEGER });
    const damaged = damagedError(snap);
    if (damaged) return `Query execution failed: ${damaged.message}`;
    if (!r.ok) { const d = diagnosticText(r.diagnostics); return `${d.kind === 'syntax' ? 'Syntax error' : d.kind === 'semantic' ? 'Semantic error' : 'Query execution failed'}: ${d.text} (in the query after '<|')`; }
    return writer.run(() => {
      const inWorkspace = committedColumns(writer.dir, w.table);
      if (w.verb === '.set' && inWorkspace) return `Semantic error: .set: table '${w.table}' already exists (.append or .set-or-append add to it)`;
      const target = inWorkspace ?? known(w.table);
      if (w.verb === '.append' && !target) return `Semantic error: .append: table '${w.table}' was not found (.set-or-append creates it)`;
      const t = fitToTable(r.result.table, target, w.table, w.extendSchema);
      if (typeof t === 'string') return `Semantic error: ${w.verb}: ${t}`;
      const c = commitTable(writer.dir, w.table, t);
      return extentResult(c.rows, c.bytes);
    });
  };

  // A known path with another method: 405 in the API's shape (not a 404 that hides the endpoint).
  for (const url of ['/v1/rest/query', '/v2/rest/query', '/v1/rest/mgmt', '/v1/workspaces/:id/query']) {
    app.route({ method: ['GET', 'PUT', 'DELETE', 'PATCH'], url, handler: async (req, reply) => { await reply.code(405).send(errorBody(apiOf(req.url), 405, `${req.method} ${req.url.split('?')[0]}: use POST`)); } });
  }

  o.routes?.(app);
  if (o.workbench) {
    registerWorkbench(app, { snapshot, database, ...(o.knownTables ? { knownTables: o.knownTables } : {}), ...(o.functions ? { functions: o.functions } : {}) });
    // Incident changes: through the workspace's incident log (shared with continuous detection).
    registerIncidents(app, { snapshot, ...(o.writer ? { writer: o.writer } : {}) });
    registerRulePack(app, { snapshot, ...(o.rulePackFile ? { file: o.rulePackFile } : {}) });
  }

  const host = o.host ?? '127.0.0.1';
  await app.listen({ host, port: o.port ?? 0 });
  const port = (app.server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  // Closing waits for the ingestion batch in flight to be committed and answered (SIGTERM drains).
  return { url: `${o.tls ? 'https' : 'http'}://${shown}:${port}`, port, close: async () => { await o.beforeClose?.(); await o.writer?.drain(); await app.close(); } };
}

/** Kusto's `properties`: an object, or (older clients) a JSON text. */
function parseProperties(p: unknown): Record<string, unknown> | undefined {
  if (typeof p === 'string') { try { const v: unknown = JSON.parse(p); return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined; } catch { return undefined; } }
  return typeof p === 'object' && p !== null ? (p as Record<string, unknown>) : undefined;
}

/** `servertimeout` as clients send it: ms as a number, or a timespan text `00:04:00`. */
function servertimeoutMs(v: unknown): number | undefined {
  if (typeof v === 'number' && v > 0) return v;
  if (typeof v === 'string') {
    const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(v);
    if (m) return (((Number(m[1] ?? 0) * 24 + Number(m[2])) * 60 + Number(m[3])) * 60 + Number(m[4])) * 1000;
  }
  return undefined;
}

/**
 * The answer of a data-writing command, in Kusto's columns (one row: the workspace commits one
 * generation per command). OriginalSize and IndexSize are not measured here: null.
 */
function extentResult(rows: number, bytes: number): { columns: { name: string; type: ScalarType }[]; rows: unknown[][] } {
  return {
    columns: [{ name: 'ExtentId', type: 'guid' }, { name: 'OriginalSize', type: 'real' }, { name: 'ExtentSize', type: 'real' }, { name: 'CompressedSize', type: 'real' }, { name: 'IndexSize', type: 'real' }, { name: 'RowCount', type: 'long' }],
    rows: [[randomUUID(), null, bytes, bytes, null, rows]],
  };
}
