/**
 * Our alert and incident records (DESIGN.md "Alert record", alert.ts) as rows of Sentinel's tables
 * `SecurityAlert` and `SecurityIncident` (columns: ../shared/schemas/la-tables.json, the same as
 * src/store/schemas KNOWN_TABLES), and back (a restarted `serve` regroups the alerts it persisted).
 *
 * Sentinel's conventions kept here:
 * - SecurityAlert: one row per alert; ProviderName `ASI Scheduled Alerts`, ProductName `Azure
 *   Sentinel`, Entities a JSON string of `{"$id", "Type", <Identifier>: value}` objects, Tactics
 *   comma-separated, Techniques / SubTechniques JSON arrays (T1021 / T1021.007), ExtendedProperties a
 *   JSON string of string values ("Analytic Rule Ids", "Analytic Rule Name", "Custom Details", ...).
 * - SecurityIncident: a new row on every change of an incident (same IncidentName and IncidentNumber,
 *   a new LastModifiedTime / TimeGenerated); the current state is the row with the latest
 *   LastModifiedTime (`SecurityIncident | summarize arg_max(LastModifiedTime, *) by IncidentNumber`).
 *   Entities are not in SecurityIncident (join SecurityAlert on AlertIds), as in Sentinel.
 */
import type { ColumnSchema, Table, Value } from '../kql/data.js';
import { formatDatetime, parseIsoDatetime, tableFromRows } from '../kql/data.js';
import { KNOWN_TABLES } from '../store/schemas/index.js';
import type { Alert, Incident } from './alert.js';
import { ENTITY_TYPES, identifierKey, type AlertEntity } from './entities.js';

export const ALERT_TABLE = 'SecurityAlert';
export const INCIDENT_TABLE = 'SecurityIncident';

export const alertColumns = (): readonly ColumnSchema[] => KNOWN_TABLES.get(ALERT_TABLE)!.columns;
export const incidentColumns = (): readonly ColumnSchema[] => KNOWN_TABLES.get(INCIDENT_TABLE)!.columns;

/** Incident statuses and closing classifications Sentinel accepts. */
export const INCIDENT_STATUSES = ['New', 'Active', 'Closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const CLASSIFICATIONS = ['Undetermined', 'TruePositive', 'BenignPositive', 'FalsePositive'] as const;

/** A SecurityIncident row (Sentinel's column names; datetimes as ticks, dynamic as JSON values). */
export type IncidentRow = Record<string, Value>;

const ticks = (iso: string): number | null => parseIsoDatetime(iso);

/** Sentinel's entity object: `$id`, `Type` (its record type, e.g. `account`), identifiers in Sentinel's spelling. */
function sentinelEntity(e: AlertEntity, i: number): Record<string, string> {
  const info = Object.values(ENTITY_TYPES).find((x) => x.recordType === e.type);
  const back = new Map((info?.identifiers ?? []).map((id) => [identifierKey(id), id] as const));
  const out: Record<string, string> = { $id: String(i + 2) };
  for (const [k, v] of Object.entries(e)) if (k !== 'type') out[back.get(k) ?? k[0]!.toUpperCase() + k.slice(1)] = v;
  out.Type = e.type;
  return out;
}

function ourEntity(o: Record<string, unknown>): AlertEntity | undefined {
  if (typeof o.Type !== 'string') return undefined;
  const e: Record<string, string> = { type: o.Type };
  for (const [k, v] of Object.entries(o)) if (k !== '$id' && k !== 'Type' && typeof v === 'string') e[identifierKey(k)] = v;
  return e as AlertEntity;
}

/** The entity Sentinel names as compromised: the first account, else the first host. */
function compromised(es: readonly AlertEntity[]): string {
  const a = es.find((e) => e.type === 'account');
  if (a) return a.upnSuffix && a.name ? `${a.name}@${a.upnSuffix}` : a.name ?? a.aadUserId ?? a.sid ?? '';
  const h = es.find((e) => e.type === 'host');
  return h ? (h.dnsDomain && h.hostName ? `${h.hostName}.${h.dnsDomain}` : h.hostName ?? h.netBiosName ?? '') : '';
}

export interface AlertRowContext {
  /** When the alert was written (ticks): ProcessingEndTime. */
  readonly processed: number;
  /** Rows of the run's result (Search Query Results Overall Count). */
  readonly resultCount?: number;
  /** The rule's query window (ticks). */
  readonly window?: { readonly from: number; readonly to: number };
}

/** One SecurityAlert row for an alert. */
export function alertRow(a: Alert, ctx: AlertRowContext): Record<string, Value> {
  const base = a.techniques.filter((t) => !t.includes('.'));
  const subs = a.techniques.filter((t) => t.includes('.'));
  for (const s of subs) { const b = s.slice(0, s.indexOf('.')); if (!base.includes(b)) base.push(b); }
  const ext: Record<string, string> = {
    'Analytic Rule Ids': JSON.stringify([a.ruleId]),
    'Analytic Rule Name': a.ruleName,
    'Alert generation status': 'Full alert created',
    'ProcessedBySentinel': 'True',
    'Relevant Techniques': a.techniques.join(','),
  };
  if (Object.keys(a.customDetails).length) ext['Custom Details'] = JSON.stringify(a.customDetails);
  if (ctx.window) { ext['Query Start Time UTC'] = formatDatetime(ctx.window.from); ext['Query End Time UTC'] = formatDatetime(ctx.window.to); }
  if (ctx.resultCount !== undefined) ext['Search Query Results Overall Count'] = String(ctx.resultCount);
  if (a.incidentId) ext['Incident Id'] = a.incidentId;
  for (const [k, v] of Object.entries(a.properties ?? {})) if (!(k in ext)) ext[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return {
    TimeGenerated: ticks(a.timeGenerated), AlertName: a.title, DisplayName: a.title, AlertSeverity: a.severity,
    Description: a.description, ProviderName: 'ASI Scheduled Alerts', VendorName: 'Microsoft', ProductName: 'Azure Sentinel',
    ProductComponentName: 'Scheduled Alerts', AlertType: `cloudhop_${a.ruleId}`, SystemAlertId: a.alertId, VendorOriginalId: a.alertId,
    StartTime: ticks(a.startTime), EndTime: ticks(a.endTime), ProcessingEndTime: ctx.processed, Status: 'New', IsIncident: false,
    ConfidenceLevel: typeof a.confidence === 'string' ? a.confidence : null, ConfidenceScore: typeof a.confidence === 'number' ? a.confidence : null,
    CompromisedEntity: compromised(a.entities), Entities: JSON.stringify(a.entities.map(sentinelEntity)),
    ExtendedProperties: JSON.stringify(ext), Tactics: a.tactics.join(','), Techniques: JSON.stringify(base), SubTechniques: JSON.stringify(subs),
    Type: ALERT_TABLE,
  };
}

export function alertTable(rows: Iterable<Record<string, Value>>): Table { return tableFromRows(ALERT_TABLE, alertColumns(), rows); }
export function incidentTable(rows: Iterable<IncidentRow>): Table { return tableFromRows(INCIDENT_TABLE, incidentColumns(), rows); }

const parseJson = (s: Value | undefined): unknown => { if (typeof s !== 'string' || s === '') return undefined; try { return JSON.parse(s) as unknown; } catch { return undefined; } };
const iso = (v: Value): string => (typeof v === 'number' ? formatDatetime(v) : '');

/**
 * An alert record read back from a SecurityAlert row this module wrote (undefined for a row it did
 * not: no "Analytic Rule Ids"). Evidence is not persisted (Sentinel keeps query results out of
 * SecurityAlert too): it comes back empty.
 */
export function alertFromRow(r: Record<string, Value>): Alert | undefined {
  const ext = parseJson(r.ExtendedProperties) as Record<string, string> | undefined;
  const ids = parseJson(ext?.['Analytic Rule Ids']);
  if (!Array.isArray(ids) || typeof ids[0] !== 'string' || typeof r.SystemAlertId !== 'string') return undefined;
  const ents = parseJson(r.Entities);
  const known = new Set(['Analytic Rule Ids', 'Analytic Rule Name', 'Alert generation status', 'ProcessedBySentinel', 'Relevant Techniques', 'Custom Details', 'Query Start Time UTC', 'Query End Time UTC', 'Search Query Results Overall Count', 'Incident Id']);
  const props = Object.entries(ext ?? {}).filter(([k]) => !known.has(k));
  const a: Alert = {
    alertId: r.SystemAlertId, ruleId: ids[0], ruleName: ext?.['Analytic Rule Name'] ?? '', severity: String(r.AlertSeverity ?? ''),
    confidence: typeof r.ConfidenceScore === 'number' ? r.ConfidenceScore : typeof r.ConfidenceLevel === 'string' && r.ConfidenceLevel !== '' ? r.ConfidenceLevel : null,
    tactics: typeof r.Tactics === 'string' && r.Tactics !== '' ? r.Tactics.split(',') : [],
    techniques: ext?.['Relevant Techniques'] ? ext['Relevant Techniques'].split(',') : [],
    timeGenerated: iso(r.TimeGenerated), startTime: iso(r.StartTime), endTime: iso(r.EndTime),
    title: String(r.AlertName ?? ''), description: String(r.Description ?? ''),
    entities: Array.isArray(ents) ? ents.map((e) => ourEntity(e as Record<string, unknown>)).filter((e): e is AlertEntity => e !== undefined) : [],
    customDetails: (parseJson(ext?.['Custom Details']) as Record<string, unknown> | undefined) ?? {}, evidence: [],
    incidentId: ext?.['Incident Id'] ?? null,
  };
  if (props.length) a.properties = Object.fromEntries(props);
  return a;
}

/** The rows of a table as objects keyed by column name. */
export function tableRows(t: Table): Record<string, Value>[] {
  const out: Record<string, Value>[] = [];
  for (let i = 0; i < t.rowCount; i++) {
    const r: Record<string, Value> = {};
    for (const f of t.fields) r[f.name] = f.column.get(i) as Value;
    out.push(r);
  }
  return out;
}

/** The current state of each incident: its row with the latest LastModifiedTime (later rows win ties), by IncidentName. */
export function latestIncidentRows(rows: Iterable<IncidentRow>): Map<string, IncidentRow> {
  const out = new Map<string, IncidentRow>();
  for (const r of rows) {
    const k = String(r.IncidentName ?? '');
    const cur = out.get(k);
    if (!cur || Number(r.LastModifiedTime ?? 0) >= Number(cur.LastModifiedTime ?? 0)) out.set(k, r);
  }
  return out;
}

/**
 * The SecurityIncident row of an incident the detection runtime made or grew: `prev` is its
 * current row (undefined: a new incident, numbered `number`). What a person set (status, owner,
 * classification, comments, labels) is kept from `prev`.
 */
export function incidentRow(inc: Incident, description: string, number: number, now: number, prev?: IncidentRow): IncidentRow {
  const additional = (prev?.AdditionalData ?? {}) as Record<string, Value>;
  return {
    TimeGenerated: now, LastModifiedTime: now, FirstModifiedTime: prev?.FirstModifiedTime ?? now,
    CreatedTime: prev?.CreatedTime ?? ticks(inc.createdTime), IncidentName: inc.incidentId, IncidentNumber: number,
    ProviderIncidentId: String(number), ProviderName: 'Azure Sentinel', Title: inc.title, Description: prev?.Description ?? description as Value,
    Severity: inc.severity, Status: prev?.Status ?? inc.status, Classification: prev?.Classification ?? null,
    ClassificationReason: prev?.ClassificationReason ?? null, ClassificationComment: prev?.ClassificationComment ?? null,
    ClosedTime: prev?.ClosedTime ?? null, Owner: prev?.Owner ?? { objectId: null, email: null, assignedTo: null, userPrincipalName: null },
    Comments: prev?.Comments ?? [], Labels: prev?.Labels ?? [], BookmarkIds: prev?.BookmarkIds ?? [], Tasks: prev?.Tasks ?? [],
    AlertIds: [...inc.alertIds], RelatedAnalyticRuleIds: [inc.ruleId],
    FirstActivityTime: ticks(inc.firstEventTime), LastActivityTime: ticks(inc.lastEventTime),
    AdditionalData: { ...additional, alertsCount: inc.alertIds.length, bookmarksCount: 0, commentsCount: Array.isArray(prev?.Comments) ? prev.Comments.length : 0, alertProductNames: ['Azure Sentinel'], tactics: [...inc.tactics], techniques: [...inc.techniques] },
    ModifiedBy: prev ? 'Alert updated' : 'Incident created from alert rule', IncidentUrl: `cloudhop:incident/${inc.incidentId}`,
    SourceSystem: 'Azure', TenantId: '', Type: INCIDENT_TABLE,
  };
}

/** A change a person makes to an incident (the workbench's queue, Sentinel's incident page). */
export interface IncidentChange {
  /** IncidentName (the incident's GUID, `incidentId` of the alert record). */
  readonly incidentName: string;
  readonly status?: IncidentStatus;
  /** Owner: a name or UPN (assignedTo / userPrincipalName), or null to unassign. */
  readonly owner?: string | null;
  /** A comment appended to Comments. */
  readonly comment?: string;
  readonly severity?: 'Informational' | 'Low' | 'Medium' | 'High';
  /** With status Closed: Sentinel's classification (required by Sentinel to close), reason and comment. */
  readonly classification?: (typeof CLASSIFICATIONS)[number];
  readonly classificationReason?: string;
  readonly classificationComment?: string;
  readonly labels?: readonly string[];
  /** Who made the change (ModifiedBy; a comment's author). */
  readonly author?: string;
}

/** Checks a change against Sentinel's rules; returns what is wrong (undefined: it can be applied). */
export function checkIncidentChange(c: IncidentChange): string | undefined {
  if (c.status !== undefined && !INCIDENT_STATUSES.includes(c.status)) return `status: '${String(c.status)}' is not one of ${INCIDENT_STATUSES.join(', ')}`;
  if (c.classification !== undefined && !CLASSIFICATIONS.includes(c.classification)) return `classification: '${String(c.classification)}' is not one of ${CLASSIFICATIONS.join(', ')}`;
  if (c.status === 'Closed' && c.classification === undefined) return 'closing an incident needs a classification (as Sentinel asks)';
  if (c.severity !== undefined && !['Informational', 'Low', 'Medium', 'High'].includes(c.severity)) return `severity: '${String(c.severity)}' is not Informational, Low, Medium or High`;
  if (c.comment !== undefined && (typeof c.comment !== 'string' || c.comment.length > 30_000)) return 'comment: a text of at most 30,000 characters (Sentinel\'s limit)';
  return undefined;
}

/** The row after a person's change: `prev` with the change applied, modified at `now`. */
export function applyIncidentChange(prev: IncidentRow, c: IncidentChange, now: number): IncidentRow {
  const r: IncidentRow = { ...prev, TimeGenerated: now, LastModifiedTime: now, ModifiedBy: c.author ?? 'cloudhop' };
  if (c.status !== undefined) {
    r.Status = c.status;
    if (c.status === 'Closed') r.ClosedTime = now;
    else { r.ClosedTime = null; r.Classification = null; r.ClassificationReason = null; r.ClassificationComment = null; }
  }
  if (c.classification !== undefined) r.Classification = c.classification;
  if (c.classificationReason !== undefined) r.ClassificationReason = c.classificationReason;
  if (c.classificationComment !== undefined) r.ClassificationComment = c.classificationComment;
  if (c.severity !== undefined) r.Severity = c.severity;
  if (c.owner !== undefined) r.Owner = { objectId: null, email: c.owner?.includes('@') ? c.owner : null, assignedTo: c.owner, userPrincipalName: c.owner?.includes('@') ? c.owner : null };
  if (c.labels !== undefined) r.Labels = c.labels.map((l) => ({ labelName: l, labelType: 'User' }));
  const comments = Array.isArray(prev.Comments) ? [...prev.Comments] : [];
  if (c.comment !== undefined) comments.push({ message: c.comment, createdTimeUtc: formatDatetime(now), author: { name: c.author ?? 'cloudhop' } });
  r.Comments = comments;
  r.AdditionalData = { ...((prev.AdditionalData ?? {}) as Record<string, Value>), commentsCount: comments.length };
  return r;
}
