/**
 * The workbench's incident routes (issue 18 item 5), over the workspace's `SecurityIncident` and
 * `SecurityAlert` tables (incident-rows.ts: Sentinel's columns; an incident change is a new row).
 * Everything is read with KQL from the request's snapshot, so what the queue shows is what a query
 * through the Kusto or Log Analytics API shows.
 *
 *   GET   /workbench/api/incidents?status=&severity=&owner=&q=&sort=&limit=
 *         the queue: the latest row per IncidentNumber; filters (status/severity: comma lists;
 *         owner: exact, or `unassigned`; q: text in the title), sort `-number` (default), `number`,
 *         `severity`, `-severity`, `created`, `-created`, `modified`, `-modified`, `status`, `owner`;
 *         limit (default 500, at most 5,000; `total` says how many matched)
 *   GET   /workbench/api/incidents/:number
 *         one incident: its latest row, its history (every row), its alerts (SecurityAlert rows with
 *         entities, evidence rows, the rule's query and window), the union of their entities
 *   PATCH /workbench/api/incidents/:number   {status?, owner?, comment?, classification?}
 *         appends the changed row (committed to the workspace before the answer) → the new state
 *   GET   /workbench/api/entities/neighbours?type=&value=&from=&to=
 *         entities seen with the given one in the workspace's tables (neighbours.ts)
 *
 * Errors: 400 (bad number, status, body), 404 (no such incident, or no SecurityIncident table),
 * 503 (a PATCH on a server without a workspace to write to), as `{error: {code, message}}`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Table } from '../kql/data.js';
import { execute } from '../kql/index.js';
import { wireValue } from './wire-values.js';
import { checkChange } from './incident-rows.js';
import { appendIncidentChange, incidentJson, IncidentChangeError } from './incident-log.js';
import type { IncidentChange as LogChange } from '../detect/sentinel-tables.js';
import type { WorkspaceWriter } from './workspace-writer.js';
import { neighbours, ENTITY_KINDS, type EntityKind } from './neighbours.js';

export interface IncidentsOptions {
  readonly snapshot: () => Promise<{ tables: ReadonlyMap<string, Table> }>;
  /**
   * The workspace's writer: a change is appended through the incident log shared with continuous
   * detection (incident-log.ts: appendIncidentChange), committed before the answer. Absent: read only.
   */
  readonly writer?: WorkspaceWriter;
  /** The clock of change rows, ms (tests). */
  readonly now?: () => number;
}

type Row = Record<string, unknown>;

/** Rows of a query as objects (wire values of the Kusto flavour: ISO datetimes, dynamic as JSON values). */
export function queryObjects(tables: ReadonlyMap<string, Table>, q: string): Row[] {
  const r = execute(q, { tables });
  if (!r.ok) throw new Error(`${q}: ${r.diagnostics[0]?.code} ${r.diagnostics[0]?.message}`);
  const cols = r.result.columns;
  return r.result.rows.map((row) => Object.fromEntries(row.map((v, j) => [cols[j]!.name, wireValue(v, cols[j]!.type, 'kusto')])));
}

const SEV_RANK: Record<string, number> = { Informational: 0, Low: 1, Medium: 2, High: 3 };
const SORTS: Record<string, (a: Row, b: Row) => number> = {
  number: (a, b) => Number(a.IncidentNumber) - Number(b.IncidentNumber),
  severity: (a, b) => (SEV_RANK[String(a.Severity)] ?? -1) - (SEV_RANK[String(b.Severity)] ?? -1),
  created: (a, b) => String(a.CreatedTime).localeCompare(String(b.CreatedTime)),
  modified: (a, b) => String(a.LastModifiedTime).localeCompare(String(b.LastModifiedTime)),
  status: (a, b) => String(a.Status).localeCompare(String(b.Status)),
  owner: (a, b) => ownerOf(a).localeCompare(ownerOf(b)),
};
export const MAX_LIMIT = 5000;

function ownerOf(r: Row): string {
  const o = r.Owner as { assignedTo?: string | null } | null;
  return o?.assignedTo ?? '';
}

/** The latest row of each incident (arg_max of LastModifiedTime; equal times: the later row wins by TimeGenerated). */
function latestRows(tables: ReadonlyMap<string, Table>, where = ''): Row[] {
  if (!tables.has('SecurityIncident')) return [];
  return queryObjects(tables, `SecurityIncident${where} | summarize arg_max(LastModifiedTime, *) by IncidentNumber`);
}

function sendError(reply: FastifyReply, status: number, code: string, message: string): Promise<void> {
  return reply.code(status).send({ error: { code, message } }) as unknown as Promise<void>;
}

function parseNumber(s: string): number | undefined {
  return /^\d{1,9}$/.test(s) ? Number(s) : undefined;
}

/** The incident's alerts with entities, evidence and the rule's query window, from SecurityAlert. */
function alertsOf(tables: ReadonlyMap<string, Table>, ids: readonly string[]): Row[] {
  if (!tables.has('SecurityAlert') || !ids.length) return [];
  const list = ids.map(kqlString).join(', ');
  const rows = queryObjects(tables, `SecurityAlert | where SystemAlertId in (${list}) | summarize arg_max(TimeGenerated, *) by SystemAlertId | order by StartTime asc`);
  return rows.map((r) => {
    const ext = parseJson(r.ExtendedProperties) as Record<string, unknown> | null;
    return {
      id: r.SystemAlertId, name: r.AlertName, severity: r.AlertSeverity, description: r.Description,
      timeGenerated: r.TimeGenerated, startTime: r.StartTime, endTime: r.EndTime, ruleId: r.AlertType,
      ruleName: ext?.['Analytic Rule Name'] ?? null, tactics: String(r.Tactics ?? '').split(',').filter(Boolean),
      techniques: parseJson(r.Techniques) ?? [], entities: parseJson(r.Entities) ?? [],
      query: ext?.Query ?? null, queryFrom: ext?.['Query Start Time UTC'] ?? null, queryTo: ext?.['Query End Time UTC'] ?? null,
      evidence: Array.isArray(ext?.Evidence) ? ext.Evidence : [], evidenceNote: ext?.['Evidence Note'] ?? null,
    };
  });
}

function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return v ?? null;
  try { return JSON.parse(v); } catch { return null; }
}

/** A KQL string literal of any text (escapes quotes, backslashes and line breaks). */
export function kqlString(s: string): string {
  return '"' + s.replace(/[\\"\r\n\t\u0000-\u001f]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\r': '\\r', '\n': '\\n', '\t': '\\t' } as Record<string, string>)[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '"';
}

/** Entities of the alerts, deduplicated by type and identifiers. */
function entitiesOf(alerts: readonly Row[]): Row[] {
  const seen = new Map<string, Row>();
  for (const a of alerts) {
    for (const e of (a.entities as Row[]) ?? []) {
      if (typeof e !== 'object' || e === null) continue;
      const { $id: _id, ...rest } = e;
      const key = JSON.stringify(Object.entries(rest).sort(([x], [y]) => x.localeCompare(y)));
      const prev = seen.get(key);
      if (prev) (prev.alerts as string[]).push(String(a.id));
      else seen.set(key, { ...rest, alerts: [String(a.id)] });
    }
  }
  return [...seen.values()];
}

export function registerIncidents(app: FastifyInstance, o: IncidentsOptions): void {
  const now = o.now ?? Date.now;
  app.get('/workbench/api/incidents', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const sortKey = q.sort ?? '-number';
    const cmp = SORTS[sortKey.replace(/^-/, '')];
    if (!cmp) return sendError(reply, 400, 'BadRequest', `sort must be one of ${Object.keys(SORTS).flatMap((k) => [k, '-' + k]).join(', ')}`);
    const limit = q.limit === undefined ? 500 : parseNumber(q.limit);
    if (limit === undefined || limit < 1 || limit > MAX_LIMIT) return sendError(reply, 400, 'BadRequest', `limit must be a count from 1 to ${MAX_LIMIT}`);
    const list = (s: string | undefined): string[] | undefined => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);
    const statuses = list(q.status), severities = list(q.severity);
    const snap = await o.snapshot();
    let rows = latestRows(snap.tables);
    const all = rows.length;
    if (statuses) rows = rows.filter((r) => statuses.includes(String(r.Status)));
    if (severities) rows = rows.filter((r) => severities.includes(String(r.Severity)));
    if (q.owner !== undefined && q.owner !== '') rows = rows.filter((r) => (q.owner === 'unassigned' ? ownerOf(r) === '' : ownerOf(r) === q.owner));
    if (q.q) { const needle = q.q.toLowerCase(); rows = rows.filter((r) => String(r.Title).toLowerCase().includes(needle)); }
    const dir = sortKey.startsWith('-') ? -1 : 1;
    rows.sort((a, b) => dir * cmp(a, b) || Number(b.IncidentNumber) - Number(a.IncidentNumber));
    const counts = { status: countBy(rows, (r) => String(r.Status)), severity: countBy(rows, (r) => String(r.Severity)) };
    const owners = [...new Set(latestRows(snap.tables).map(ownerOf).filter(Boolean))].sort();
    await reply.code(200).send({
      total: rows.length, all, limit, counts, owners,
      incidents: rows.slice(0, limit).map((r) => ({
        number: r.IncidentNumber, id: r.IncidentName, title: r.Title, severity: r.Severity, status: r.Status,
        owner: ownerOf(r) || null, classification: r.Classification || null, created: r.CreatedTime, modified: r.LastModifiedTime,
        firstActivity: r.FirstActivityTime, lastActivity: r.LastActivityTime,
        alerts: Array.isArray(r.AlertIds) ? r.AlertIds.length : 0, comments: Array.isArray(r.Comments) ? r.Comments.length : 0,
        ruleIds: r.RelatedAnalyticRuleIds ?? [],
      })),
    });
  });

  app.get('/workbench/api/incidents/:number', async (req, reply) => {
    const raw = (req.params as { number: string }).number;
    const n = parseNumber(raw);
    if (n === undefined) return sendError(reply, 400, 'BadRequest', `not an incident number: '${raw.slice(0, 40)}'`);
    const snap = await o.snapshot();
    if (!snap.tables.has('SecurityIncident')) return sendError(reply, 404, 'NotFound', 'this workspace has no SecurityIncident table (no detection has written incidents)');
    const history = queryObjects(snap.tables, `SecurityIncident | where IncidentNumber == ${n} | order by LastModifiedTime asc, TimeGenerated asc`);
    if (!history.length) return sendError(reply, 404, 'NotFound', `no incident number ${n}`);
    const latest = latestRows(snap.tables, ` | where IncidentNumber == ${n}`)[0]!;
    const alerts = alertsOf(snap.tables, Array.isArray(latest.AlertIds) ? latest.AlertIds.map(String) : []);
    await reply.code(200).send({ incident: latest, history, alerts, entities: entitiesOf(alerts) });
  });

  // Changes are read-modify-write: one at a time, so two PATCHes cannot both build on the same row.
  let chain: Promise<unknown> = Promise.resolve();
  app.patch('/workbench/api/incidents/:number', async (req, reply) => {
    const raw = (req.params as { number: string }).number;
    const n = parseNumber(raw);
    if (n === undefined) return sendError(reply, 400, 'BadRequest', `not an incident number: '${raw.slice(0, 40)}'`);
    let body: unknown;
    try { body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : String(req.body ?? '')); } catch (e) { return sendError(reply, 400, 'BadRequest', `the body is not JSON: ${(e as Error).message}`); }
    const change = checkChange(body);
    if (typeof change === 'string') return sendError(reply, 400, 'BadRequest', change);
    const writer = o.writer;
    if (!writer) return sendError(reply, 503, 'ReadOnly', 'this server has no workspace to write to: incident changes are not taken');
    const run = chain.then(async () => {
      const snap = await o.snapshot();
      const latest = latestRows(snap.tables, ` | where IncidentNumber == ${n}`)[0];
      if (!latest) return undefined;
      // Strictly after the previous change (the latest row is the one with the greatest time).
      const t = Math.max(now(), Date.parse(String(latest.LastModifiedTime)) + 1);
      const c: LogChange = {
        incidentName: String(latest.IncidentName), author: change.author ?? 'workbench',
        ...(change.status !== undefined ? { status: change.status as LogChange['status'] } : {}),
        ...(change.owner !== undefined ? { owner: change.owner } : {}),
        ...(change.comment !== undefined ? { comment: change.comment } : {}),
        ...(change.classificationComment !== undefined ? { classificationComment: change.classificationComment } : {}),
        // Closing needs a classification (Sentinel's rule): Undetermined unless one is given.
        ...(change.classification !== undefined ? { classification: change.classification as LogChange['classification'] } : change.status === 'Closed' ? { classification: 'Undetermined' as const } : {}),
      };
      return incidentJson(await appendIncidentChange(writer, c, t * 10_000));
    });
    chain = run.catch(() => undefined);
    let next: Record<string, unknown> | undefined;
    try { next = await run; } catch (e) {
      if (e instanceof IncidentChangeError) return sendError(reply, e.status, e.status === 404 ? 'NotFound' : 'BadRequest', e.message);
      return sendError(reply, 500, 'CommitFailed', `the change was not committed: ${(e as Error).message}`);
    }
    if (!next) return sendError(reply, 404, 'NotFound', `no incident number ${n}`);
    await reply.code(200).send({ incident: next });
  });

  app.get('/workbench/api/entities/neighbours', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const kind = q.type as EntityKind | undefined;
    if (!kind || !ENTITY_KINDS.includes(kind)) return sendError(reply, 400, 'BadRequest', `type must be one of ${ENTITY_KINDS.join(', ')}`);
    if (!q.value || q.value.length > 1024) return sendError(reply, 400, 'BadRequest', 'value must be a non-empty text of at most 1024 characters');
    const span: { from?: number; to?: number } = {};
    for (const k of ['from', 'to'] as const) {
      if (q[k] === undefined || q[k] === '') continue;
      const t = Date.parse(q[k]!);
      if (!Number.isFinite(t)) return sendError(reply, 400, 'BadRequest', `${k} must be an ISO 8601 datetime`);
      span[k] = t;
    }
    const snap = await o.snapshot();
    await reply.code(200).send(neighbours(snap.tables, kind, q.value, span));
  });
}

function countBy(rows: readonly Row[], f: (r: Row) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[f(r)] = (out[f(r)] ?? 0) + 1;
  return out;
}
