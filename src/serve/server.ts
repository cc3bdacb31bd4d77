/**
 * A loopback Kusto / Log Analytics query service over our engine: the seed of `cloudhop serve`
 * (issue 17), used today as the endpoint of `--engine adx|loganalytics` in tests.
 *
 *   POST /v1/rest/query, /v2/rest/query   Kusto REST API: body {db, csl, properties}; the client
 *                                         request property `query_now` sets now() (as in Kusto);
 *                                         `servertimeout` lowers the time limit
 *   GET  /v1/rest/auth/metadata           404, so Kusto clients fall back to the public cloud's login
 *                                         settings (as for a proxy without that endpoint)
 *   POST /v1/workspaces/{id}/query        Log Analytics query API: body {query, timespan}; the
 *                                         timespan restricts every table to [start, end) of its time
 *                                         column (TimeGenerated, or Timestamp), as the service does
 *
 * Every request needs `Authorization: Bearer <token>` (401 otherwise, in each API's error shape).
 * The service's tables, stored functions and watchlists are given by the caller (a workspace or
 * --data, and a rule pack's functions/ and watchlists/). Official clients send bearer tokens only
 * over https (@azure/core-rest-pipeline refuses http), so `tls` is the normal mode; plain http is
 * for clients that allow it.
 */
import { createServer as createHttp, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Diagnostic, StoredFunction, WatchlistProvider } from '../kql/api.js';
import type { Table } from '../kql/data/column.js';
import type { TableSource } from '../kql/scan.js';
import { execute } from '../kql/execute.js';
import { parseIsoDatetime } from '../kql/data/convert.js';
import { ReplayData } from '../detect/replay.js';
import { v1Response, v2Response, kustoError } from './kusto-protocol.js';
import { laResponse, laError, parseTimespan } from './la-protocol.js';

export interface ServeOptions {
  readonly tables: ReadonlyMap<string, Table>;
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
}

export interface RunningServer {
  /** `https://127.0.0.1:PORT` (no trailing slash). */
  readonly url: string;
  close(): Promise<void>;
}

const TICKS_PER_MS = 10_000;
const EPOCH_TICKS = 621_355_968_000_000_000;

class HttpError extends Error { constructor(readonly status: number, message: string) { super(message); } }

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > max) { reject(new HttpError(413, `request body over ${max} bytes`)); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

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

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const max = o.maxBodyBytes ?? 16 * 1024 * 1024;
  const data = new ReplayData(o.tables);
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/\/+$/, '');
    const la = /^\/v1\/workspaces\/([^/]+)\/query$/.exec(path);
    const kusto = /^\/v([12])\/rest\/(query|mgmt)$/.exec(path);
    const authError = (): void => {
      if (la) send(res, 401, laError('AuthorizationRequiredError', 'Valid authentication was not provided'));
      else send(res, 401, kustoError('Unauthorized', 'Unauthorized', 'Unauthorized: the bearer token is missing or not valid for this service', 'request'));
    };
    if (req.method === 'GET' && path === '/v1/rest/auth/metadata') { send(res, 404, kustoError('NotFound', 'not served', 'not served', 'request')); return; }
    if (!la && !kusto) { send(res, 404, { error: { code: 'NotFound', message: `no such endpoint: ${req.method} ${path}` } }); return; }
    if (req.method !== 'POST') { send(res, 405, { error: { code: 'MethodNotAllowed', message: `${req.method} ${path}: use POST` } }); return; }
    if (req.headers.authorization !== `Bearer ${o.token}`) { authError(); return; }
    let body: Record<string, unknown>;
    try {
      const text = await readBody(req, max);
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new HttpError(400, 'the body is not a JSON object');
      body = parsed as Record<string, unknown>;
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 400;
      const msg = e instanceof HttpError ? e.message : `the body is not JSON: ${(e as Error).message}`;
      send(res, status, la ? laError('BadArgumentError', msg) : kustoError('BadRequest', msg, msg, 'request'));
      return;
    }
    if (kusto) {
      const csl = body.csl;
      if (typeof csl !== 'string') { send(res, 400, kustoError('BadRequest', 'the body has no "csl" (query text)', 'missing csl', 'request')); return; }
      if (kusto[2] === 'mgmt' || csl.trimStart().startsWith('.')) { send(res, 400, kustoError('BadRequest_NotSupported', 'management commands are not served by this endpoint yet', csl.slice(0, 80), 'request')); return; }
      const props = parseProperties(body.properties);
      const options = (props?.Options ?? {}) as Record<string, unknown>;
      let now: number | undefined;
      if (typeof options.query_now === 'string') {
        const t = parseIsoDatetime(options.query_now);
        if (t === null) { send(res, 400, kustoError('BadRequest', `query_now: not a datetime: '${options.query_now}'`, 'query_now', 'request')); return; }
        now = t;
      }
      const timeoutMs = servertimeoutMs(options.servertimeout);
      const r = execute(csl, { tables: o.tables, ...(now !== undefined ? { now } : {}), ...(o.functions ? { functions: o.functions } : {}), ...(o.watchlists ? { watchlists: o.watchlists } : {}), ...(timeoutMs ? { timeoutMs } : {}) });
      if (!r.ok) {
        const d = diagnosticText(r.diagnostics);
        const prefix = d.kind === 'syntax' ? 'Syntax error' : d.kind === 'semantic' ? 'Semantic error' : 'Query execution has exceeded the allowed limits or failed';
        send(res, 400, kustoError(d.kind === 'runtime' ? 'LimitsExceeded' : 'General_BadRequest', 'Request is invalid and cannot be executed.', `${prefix}: ${d.text}`, d.kind));
        return;
      }
      send(res, 200, kusto[1] === '2' ? v2Response(r.result, String(req.headers['x-ms-client-request-id'] ?? randomUUID())) : v1Response(r.result));
      return;
    }
    const query = body.query;
    if (typeof query !== 'string') { send(res, 400, laError('BadArgumentError', 'The request had some invalid properties', { code: 'QueryValidationError', message: 'the body has no "query"' })); return; }
    let tables: ReadonlyMap<string, Table | TableSource> = o.tables;
    if (typeof body.timespan === 'string' && body.timespan !== '') {
      const span = parseTimespan(body.timespan, Date.now());
      if (typeof span === 'string') { send(res, 400, laError('BadArgumentError', span)); return; }
      tables = data.windowMap(span.from * TICKS_PER_MS + EPOCH_TICKS, span.to * TICKS_PER_MS + EPOCH_TICKS);
    }
    const r = execute(query, { tables, ...(o.functions ? { functions: o.functions } : {}), ...(o.watchlists ? { watchlists: o.watchlists } : {}) });
    if (!r.ok) {
      const d = diagnosticText(r.diagnostics);
      send(res, 400, laError('BadArgumentError', 'The request had some invalid properties', { code: d.kind === 'syntax' ? 'SyntaxError' : d.kind === 'semantic' ? 'SemanticError' : 'QueryExecutionError', message: d.text }));
      return;
    }
    send(res, 200, laResponse(r.result));
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handler(req, res).catch((e: unknown) => {
      // A bug of ours: say it in the API's shape; the server keeps serving.
      if (!res.headersSent) send(res, 500, { error: { code: 'InternalServiceError', message: (e as Error).message } });
      else res.destroy();
    });
  };
  const server: Server = o.tls ? createHttps({ cert: o.tls.cert, key: o.tls.key }, listener) : createHttp(listener);
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(o.port ?? 0, host, () => resolve()); });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${o.tls ? 'https' : 'http'}://${host}:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

/** Kusto's `properties`: an object, or (older clients) a JSON text. */
function parseProperties(p: unknown): Record<string, unknown> | undefined {
  if (typeof p === 'string') { try { return JSON.parse(p) as Record<string, unknown>; } catch { return undefined; } }
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
