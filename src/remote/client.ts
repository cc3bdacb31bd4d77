/**
 * One query on a remote engine through the official clients: Azure Data Explorer through
 * azure-kusto-data (`KustoClient.execute`, v2 endpoint), Log Analytics through @azure/monitor-query
 * (`LogsQueryClient.queryWorkspace`). Results come back as the engine's QueryResult columns and
 * boxed rows; failures as a kind (unreachable, auth, query, other) and a one-line message.
 *
 * Both clients are asked for the response text as the service wrote it (Kusto: the `raw`
 * request property; Log Analytics: the `onResponse` callback), and values are converted here
 * (values.ts), so datetimes keep their 100 ns ticks instead of going through JS Date.
 */
import type { TokenCredential } from '@azure/identity';
import type { QueryResult } from '../kql/index.js';
import type { Value } from '../kql/data.js';
import { formatDatetime } from '../kql/data.js';
import { fromWire, scalarType } from './values.js';

export type EngineKind = 'adx' | 'loganalytics';

export interface RemoteTarget {
  readonly kind: EngineKind;
  /** adx: the cluster URL; loganalytics: the API endpoint (default https://api.loganalytics.io). */
  readonly endpoint: string;
  /** adx: the database. */
  readonly database?: string;
  /** loganalytics: the workspace id (a GUID). */
  readonly workspaceId?: string;
  readonly credential: TokenCredential;
  /** Server timeout per query, ms. */
  readonly timeoutMs?: number;
}

export interface RemoteQuery {
  readonly text: string;
  /** now() for the query (ticks): Kusto's `query_now` request property. */
  readonly now?: number;
  /** Log Analytics' timespan (ticks, [from, to]). */
  readonly timespan?: { readonly from: number; readonly to: number };
}

export type RemoteFailureKind = 'unreachable' | 'auth' | 'query' | 'other';
export type RemoteOutcome =
  | { readonly ok: true; readonly result: Pick<QueryResult, 'columns' | 'rows' | 'warnings'> }
  | { readonly ok: false; readonly kind: RemoteFailureKind; readonly message: string };

export const DEFAULT_LOGANALYTICS_ENDPOINT = 'https://api.loganalytics.io';

/** A connection to one remote engine, reused across queries. */
export interface RemoteConnection {
  query(q: RemoteQuery): Promise<RemoteOutcome>;
  close(): void;
  /** The target as the user named it, for messages. */
  readonly describe: string;
}

export async function connect(t: RemoteTarget): Promise<RemoteConnection> {
  return t.kind === 'adx' ? connectKusto(t) : connectLogAnalytics(t);
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED']);

function errorCode(e: unknown): string | undefined {
  let x = e as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined;
  for (let i = 0; x && i < 5; i++) {
    if (typeof x.code === 'string' && UNREACHABLE.has(x.code)) return x.code;
    if (Array.isArray(x.errors) && x.errors.length) { const c = errorCode(x.errors[0]); if (c) return c; }
    x = x.cause as typeof x;
  }
  // Some client errors keep only the message (azure-kusto-data's cloud-info lookup).
  const m = /\b(E[A-Z]{4,}|[A-Z_]*CERT[A-Z_]*|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\b/.exec((e as Error)?.message ?? '');
  if (m && UNREACHABLE.has(m[1]!)) return m[1];
  return /self[- ]signed certificate|unable to verify the first certificate/i.test((e as Error)?.message ?? '') ? 'SELF_SIGNED_CERT_IN_CHAIN' : undefined;
}

function failure(e: unknown, where: string, status: number | undefined, serviceMessage: string | undefined): RemoteOutcome {
  const code = errorCode(e);
  if (code) return { ok: false, kind: 'unreachable', message: `cannot reach ${where}: ${code}${/CERT|SIGNATURE/.test(code) ? ' (the endpoint\'s TLS certificate is not trusted: NODE_EXTRA_CA_CERTS=FILE trusts a private one)' : ''}` };
  if (status === 401 || status === 403) return { ok: false, kind: 'auth', message: `${where} refused the credentials (HTTP ${status})${serviceMessage ? `: ${serviceMessage}` : ''}` };
  if (status !== undefined && status >= 400 && status < 500 && serviceMessage) return { ok: false, kind: 'query', message: serviceMessage };
  const m = (e as Error)?.message ?? String(e);
  if (/CredentialUnavailable|AuthenticationRequired|authenticat/i.test((e as Error)?.name ?? '') || /credential|authenticat|az login/i.test(m)) {
    return { ok: false, kind: 'auth', message: `no credential for ${where}: ${m.split('\n')[0]} (set CLOUDHOP_REMOTE_TOKEN, or sign in with 'az login', or set AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET)` };
  }
  return { ok: false, kind: 'other', message: `${where}: ${status !== undefined ? `HTTP ${status}: ` : ''}${serviceMessage ?? m.split('\n')[0]}` };
}

function rowsFrom(columns: { name: string; type: string }[], rows: unknown[][], flavour: 'kusto' | 'loganalytics'): Pick<QueryResult, 'columns' | 'rows' | 'warnings'> {
  const cols = columns.map((c) => ({ name: c.name, type: scalarType(c.type) }));
  return { columns: cols, rows: rows.map((r) => cols.map((c, j) => fromWire(r[j], c.type, flavour)) as Value[]), warnings: [] };
}

async function connectKusto(t: RemoteTarget): Promise<RemoteConnection> {
  const { Client, KustoConnectionStringBuilder, ClientRequestProperties } = await import('azure-kusto-data');
  const client = new Client(KustoConnectionStringBuilder.withTokenCredential(t.endpoint, t.credential));
  const where = `the Kusto cluster ${t.endpoint}`;
  return {
    describe: `${t.endpoint} (database ${t.database})`,
    close: () => client.close(),
    async query(q) {
      const props = new ClientRequestProperties();
      if (q.now !== undefined) props.setOption('query_now', formatDatetime(q.now));
      if (t.timeoutMs) props.setTimeout(t.timeoutMs);
      (props as unknown as { raw: boolean }).raw = true;
      let frames: unknown;
      try { frames = await client.execute(t.database ?? null, q.text, props); } catch (e) {
        const resp = (e as { response?: { status?: number; data?: unknown } }).response;
        const err = (resp?.data as { error?: { '@message'?: string; message?: string } } | undefined)?.error;
        return failure(e, where, resp?.status, err ? err['@message'] ?? err.message : undefined);
      }
      if (!Array.isArray(frames)) return { ok: false, kind: 'other', message: `${where}: not a Kusto v2 response` };
      type Frame = { FrameType?: string; TableKind?: string; Columns?: { ColumnName: string; ColumnType: string }[]; Rows?: unknown[][]; HasErrors?: boolean; OneApiErrors?: { error?: { '@message'?: string; message?: string } }[] };
      const fs = frames as Frame[];
      const done = fs.find((f) => f.FrameType === 'DataSetCompletion');
      if (done?.HasErrors) {
        const e = done.OneApiErrors?.[0]?.error;
        return { ok: false, kind: 'query', message: e?.['@message'] ?? e?.message ?? 'the query failed' };
      }
      const primary = fs.find((f) => f.FrameType === 'DataTable' && f.TableKind === 'PrimaryResult');
      if (!primary?.Columns) return { ok: false, kind: 'other', message: `${where}: the response has no PrimaryResult table` };
      // Rows may carry in-table error objects (ErrorReportingPlacement InData): a failed query.
      const rows = primary.Rows ?? [];
      const bad = rows.find((r) => !Array.isArray(r));
      if (bad) return { ok: false, kind: 'query', message: JSON.stringify(bad).slice(0, 500) };
      return { ok: true, result: rowsFrom(primary.Columns.map((c) => ({ name: c.ColumnName, type: c.ColumnType })), rows, 'kusto') };
    },
  };
}

async function connectLogAnalytics(t: RemoteTarget): Promise<RemoteConnection> {
  const { LogsQueryClient } = await import('@azure/monitor-query');
  const client = new LogsQueryClient(t.credential, { endpoint: t.endpoint, retryOptions: { maxRetries: 1 } });
  const where = `the Log Analytics API at ${t.endpoint}`;
  // Engine datetimes are 100 ns ticks since the Unix epoch (src/kql/data/convert.ts).
  const dateOf = (ticks: number): Date => new Date(Math.floor(ticks / 10_000));
  return {
    describe: `${t.endpoint} (workspace ${t.workspaceId})`,
    close: () => undefined,
    async query(q) {
      let body: string | undefined;
      // No timespan: the query's own filters decide (the API then sends none).
      const span = (q.timespan ? { startTime: dateOf(q.timespan.from), endTime: new Date(dateOf(q.timespan.to).getTime() + 1) } : undefined) as unknown as { duration: string };
      try {
        await client.queryWorkspace(t.workspaceId!, q.text, span, {
          ...(t.timeoutMs ? { serverTimeoutInSeconds: Math.ceil(t.timeoutMs / 1000) } : {}),
          onResponse: (r) => { body = r.bodyAsText ?? undefined; },
        });
      } catch (e) {
        const status = (e as { statusCode?: number }).statusCode;
        let msg: string | undefined;
        try {
          const err = (JSON.parse(body ?? (e as { response?: { bodyAsText?: string } }).response?.bodyAsText ?? '') as { error?: { message?: string; innererror?: { message?: string } } }).error;
          msg = err?.innererror?.message ?? err?.message;
        } catch { msg = status !== undefined ? (e as Error).message : undefined; }
        return failure(e, where, status, msg);
      }
      let parsed: { tables?: { columns: { name: string; type: string }[]; rows: unknown[][] }[]; error?: { message?: string } };
      try { parsed = JSON.parse(body ?? '') as typeof parsed; } catch { return { ok: false, kind: 'other', message: `${where}: the response is not JSON` }; }
      if (parsed.error) return { ok: false, kind: 'query', message: parsed.error.message ?? 'partial failure' };
      const table = parsed.tables?.[0];
      if (!table) return { ok: false, kind: 'other', message: `${where}: the response has no table` };
      return { ok: true, result: rowsFrom(table.columns, table.rows, 'loganalytics') };
    },
  };
}
