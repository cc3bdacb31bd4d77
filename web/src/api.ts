/**
 * The workbench's API client: every call carries `Authorization: Bearer <token>` and goes to this
 * page's own origin (relative URLs; the CSP's connect-src 'self' forbids anything else).
 *
 *   query(csl, {from, to})  Kusto REST v2 (`POST /v2/rest/query`), the protocol official clients use;
 *                           with a time window, the Log Analytics query API (`POST
 *                           /v1/workspaces/workbench/query` with `timespan`, `Prefer: include-render=true`),
 *                           which restricts every table to the window as the service does
 *   schema()                `GET /workbench/api/schema`: tables, columns, row counts, time ranges, functions
 *   check(query)            `POST /workbench/api/check`: our `check`'s diagnostics (offsets, line:col)
 *   mgmt(csl)               `POST /v1/rest/mgmt`
 * A 401 clears the kept token and raises Unauthorized (the app asks again).
 */
import { token, forgetToken } from './auth.js';

export interface Column { readonly name: string; readonly type: string }
/** Kusto's render properties as the service reports them (Visualization in @ExtendedProperties). */
export interface Visualization {
  readonly Visualization: string | null;
  readonly Title?: string | null;
  readonly XColumn?: string | null;
  readonly Series?: string | null;
  readonly YColumns?: string | null;
  readonly AnomalyColumns?: string | null;
  readonly XTitle?: string | null;
  readonly YTitle?: string | null;
  readonly XAxis?: string | null;
  readonly YAxis?: string | null;
  readonly Legend?: string | null;
  readonly YSplit?: string | null;
  readonly Accumulate?: boolean | null;
  readonly Kind?: string | null;
  readonly Ymin?: number | string | null;
  readonly Ymax?: number | string | null;
}
export interface QueryAnswer {
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly unknown[])[];
  readonly visualization: Visualization | null;
  /** The service's partial-failure text (result truncation), or null. */
  readonly truncated: string | null;
  readonly elapsedMs: number;
}
export interface SchemaTable {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly rows: number | null;
  readonly timeColumn: string | null;
  readonly from: string | null;
  readonly to: string | null;
}
export interface SchemaFunction { readonly name: string; readonly parameters: string; readonly body: string; readonly docstring?: string }
export interface Schema { readonly database: string; readonly tables: readonly SchemaTable[]; readonly functions: readonly SchemaFunction[] }
export interface CheckDiagnostic {
  readonly code: string; readonly severity: 'error' | 'warning' | 'info';
  readonly message: string; readonly start: number; readonly length: number; readonly line: number; readonly col: number;
}

export class Unauthorized extends Error {}
export class ApiError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

async function call(path: string, init: RequestInit & { prefer?: string } = {}): Promise<unknown> {
  const t = token();
  if (!t) throw new Unauthorized('no token');
  const headers: Record<string, string> = { authorization: `Bearer ${t}`, accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.prefer) headers.prefer = init.prefer;
  const r = await fetch(path, { ...init, headers, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
  if (r.status === 401) { forgetToken(); throw new Unauthorized('the token was refused'); }
  const text = await r.text();
  let body: unknown;
  try { body = text === '' ? null : JSON.parse(text); } catch { throw new ApiError(r.status, `HTTP ${r.status}: not JSON: ${text.slice(0, 200)}`); }
  if (!r.ok) throw new ApiError(r.status, errorText(body) ?? `HTTP ${r.status}`);
  return body;
}

/** The message of a Kusto (OneApiErrors) or Azure Monitor error body. */
function errorText(body: unknown): string | null {
  const e = (body as { error?: Record<string, unknown> } | null)?.error;
  if (!e) return null;
  if (typeof e['@message'] === 'string') return e['@message'];
  const inner = (e.innererror ?? e.details) as { message?: string } | { message?: string }[] | undefined;
  const innerMsg = Array.isArray(inner) ? inner[0]?.message : inner?.message;
  return innerMsg ?? (typeof e.message === 'string' ? e.message : null);
}

interface Frame { FrameType: string; TableKind?: string; Columns?: { ColumnName: string; ColumnType: string }[]; Rows?: unknown[][]; HasErrors?: boolean; OneApiErrors?: unknown[] }

export async function query(csl: string, o: { from?: string; to?: string; signal?: AbortSignal } = {}): Promise<QueryAnswer> {
  const t0 = performance.now();
  if (o.from || o.to) {
    const timespan = `${o.from ?? '1601-01-01T00:00:00Z'}/${o.to ?? new Date().toISOString()}`;
    const body = await call('/v1/workspaces/workbench/query', { method: 'POST', body: JSON.stringify({ query: csl, timespan }), prefer: 'include-render=true', ...(o.signal ? { signal: o.signal } : {}) }) as {
      tables: { columns: Column[]; rows: unknown[][] }[]; render?: Visualization | null; error?: unknown;
    };
    const t = body.tables[0] ?? { columns: [], rows: [] };
    return { columns: t.columns, rows: t.rows, visualization: body.render ?? null, truncated: body.error ? errorText(body) : null, elapsedMs: performance.now() - t0 };
  }
  const frames = await call('/v2/rest/query', { method: 'POST', body: JSON.stringify({ db: 'cloudhop', csl, properties: { Options: { servertimeout: '00:04:00' } } }), ...(o.signal ? { signal: o.signal } : {}) }) as Frame[];
  const primary = frames.find((f) => f.TableKind === 'PrimaryResult');
  const props = frames.find((f) => f.TableKind === 'QueryProperties');
  let visualization: Visualization | null = null;
  for (const row of props?.Rows ?? []) {
    if (row[1] !== 'Visualization') continue;
    const v = typeof row[2] === 'string' ? JSON.parse(row[2]) as Visualization : row[2] as Visualization;
    visualization = v && v.Visualization ? v : null;
  }
  const done = frames.find((f) => f.FrameType === 'DataSetCompletion');
  const err = done?.HasErrors ? errorText(done.OneApiErrors?.[0]) : null;
  return {
    columns: (primary?.Columns ?? []).map((c) => ({ name: c.ColumnName, type: c.ColumnType })),
    rows: primary?.Rows ?? [], visualization, truncated: err, elapsedMs: performance.now() - t0,
  };
}

export async function schema(): Promise<Schema> { return await call('/workbench/api/schema') as Schema; }
export async function check(q: string, signal?: AbortSignal): Promise<CheckDiagnostic[]> {
  const r = await call('/workbench/api/check', { method: 'POST', body: JSON.stringify({ query: q }), ...(signal ? { signal } : {}) }) as { diagnostics: CheckDiagnostic[] };
  return r.diagnostics;
}
export async function mgmt(csl: string): Promise<unknown> { return call('/v1/rest/mgmt', { method: 'POST', body: JSON.stringify({ db: 'cloudhop', csl }) }); }

// ---- Incidents and the rule pack (src/serve/incidents-api.ts, rulepack.ts) ----

export interface IncidentSummary {
  readonly number: number; readonly id: string; readonly title: string; readonly severity: string; readonly status: string;
  readonly owner: string | null; readonly classification: string | null; readonly created: string; readonly modified: string;
  readonly firstActivity: string; readonly lastActivity: string; readonly alerts: number; readonly comments: number; readonly ruleIds: readonly string[];
}
export interface IncidentList {
  readonly total: number; readonly all: number; readonly limit: number; readonly owners: readonly string[];
  readonly counts: { readonly status: Record<string, number>; readonly severity: Record<string, number> };
  readonly incidents: readonly IncidentSummary[];
}
export interface IncidentComment { readonly message: string; readonly createdTimeUtc: string; readonly author: string | { readonly name?: string; readonly email?: string } | null }
/** A SecurityIncident row (Sentinel's columns). */
export interface IncidentRow {
  readonly IncidentNumber: number; readonly IncidentName: string; readonly Title: string; readonly Description: string; readonly Severity: string;
  readonly Status: string; readonly Classification: string; readonly Owner: { readonly assignedTo: string | null } | null;
  readonly Comments: readonly IncidentComment[] | null; readonly FirstActivityTime: string; readonly LastActivityTime: string;
  readonly CreatedTime: string; readonly LastModifiedTime: string; readonly ModifiedBy: string; readonly AlertIds: readonly string[];
}
export interface IncidentAlert {
  readonly id: string; readonly name: string; readonly severity: string; readonly description: string;
  readonly timeGenerated: string; readonly startTime: string; readonly endTime: string; readonly ruleId: string; readonly ruleName: string | null;
  readonly tactics: readonly string[]; readonly techniques: readonly string[]; readonly entities: readonly Record<string, unknown>[];
  readonly query: string | null; readonly queryFrom: string | null; readonly queryTo: string | null;
  readonly evidence: readonly Record<string, unknown>[]; readonly evidenceNote: string | null;
}
export interface IncidentDetail {
  readonly incident: IncidentRow; readonly history: readonly IncidentRow[]; readonly alerts: readonly IncidentAlert[];
  readonly entities: readonly (Record<string, unknown> & { Type: string; alerts: string[] })[];
}
export interface IncidentChange { status?: string; owner?: string | null; comment?: string; classification?: string }
export interface Neighbour { readonly type: string; readonly value: string; readonly table: string; readonly column: string; readonly via: string; readonly rows: number }
export interface NeighbourAnswer { readonly neighbours: readonly Neighbour[]; readonly limited: boolean; readonly note: string; readonly searched: readonly string[] }
export interface RulePackRule {
  readonly id: string; readonly name: string; readonly kind: string; readonly severity: string; readonly enabled: boolean;
  readonly frequency: string; readonly period: string; readonly tactics: readonly string[]; readonly techniques: readonly string[]; readonly file: string;
  readonly lastRun: string | null; readonly runs: number; readonly errors: number; readonly firstError: string | null;
  readonly alerts: number; readonly lastAlert: string | null;
  readonly tests: { readonly pass: number; readonly fail: number; readonly cases: readonly { name: string; pass: boolean; failures: readonly string[] }[] } | null;
}
export interface RulePack {
  readonly rules: readonly RulePackRule[]; readonly generated: string | null; readonly note: string;
  readonly coverage: { readonly scenarios: readonly { name: string; kind: string; detected: boolean }[]; readonly matrix: Record<string, Record<string, number>> } | null;
  readonly otherAlertingRules: readonly { id: string; alerts: number; lastAlert: string }[];
}

const qs = (p: Record<string, string | undefined>): string => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== undefined && v !== '') s.set(k, v);
  const t = s.toString();
  return t ? `?${t}` : '';
};
export async function incidents(p: Record<string, string | undefined>): Promise<IncidentList> { return await call(`/workbench/api/incidents${qs(p)}`) as IncidentList; }
export async function incident(n: number): Promise<IncidentDetail> { return await call(`/workbench/api/incidents/${n}`) as IncidentDetail; }
export async function changeIncident(n: number, c: IncidentChange): Promise<{ incident: IncidentRow }> {
  return await call(`/workbench/api/incidents/${n}`, { method: 'PATCH', body: JSON.stringify(c) }) as { incident: IncidentRow };
}
export async function neighbours(type: string, value: string, from?: string, to?: string): Promise<NeighbourAnswer> {
  return await call(`/workbench/api/entities/neighbours${qs({ type, value, from, to })}`) as NeighbourAnswer;
}
export async function rulePack(): Promise<RulePack> { return await call('/workbench/api/rules') as RulePack; }
