/**
 * Alerts and incidents as the rows Microsoft Sentinel writes to its `SecurityAlert` and
 * `SecurityIncident` tables (the columns of src/store/schemas/catalog.ts), so that the workspace
 * holds them and any query (KQL, the Kusto and Log Analytics APIs, the workbench) sees them.
 *
 * These are the rows `cloudhop demo --serve` writes for its replay; continuous detection writes the
 * same tables through src/detect/sentinel-tables.ts and src/serve/incident-log.ts (which also takes
 * a person's changes: appendIncidentChange). The rows here add, in SecurityAlert.ExtendedProperties,
 * the rule's "Query" and cloudhop's "Evidence" (the incident page's query link and evidence rows).
 *
 * As in Sentinel, an incident is a series of rows: every change (status, owner, a comment) is a new
 * row with the same IncidentNumber and a later LastModifiedTime, carrying the whole incident as of
 * that change. The current state is `SecurityIncident | summarize arg_max(LastModifiedTime, *) by
 * IncidentNumber`.
 *
 * cloudhop keeps in SecurityAlert.ExtendedProperties what Sentinel keeps there ("Query", "Query
 * Start Time UTC", "Query End Time UTC", "Analytic Rule Ids", "Analytic Rule Name", custom details)
 * and one key of its own, "Evidence": the alert's first EVIDENCE_ROWS result rows (Sentinel links
 * to the query instead).
 */
import type { Alert, Incident } from '../detect/alert.js';
import type { Rule } from '../detect/rule.js';
import type { AlertEntity } from '../detect/entities.js';

/** Evidence rows kept in an alert's ExtendedProperties (the rest: run the rule's query on its window). */
export const EVIDENCE_ROWS = 50;
/** Incident statuses and close classifications as Sentinel's API takes them. */
export const STATUSES = ['New', 'Active', 'Closed'] as const;
export const CLASSIFICATIONS = ['Undetermined', 'TruePositive', 'BenignPositive', 'FalsePositive'] as const;
export type IncidentStatus = typeof STATUSES[number];

export interface IncidentComment { message: string; createdTimeUtc: string; author: string }
export interface IncidentOwner { objectId: string | null; email: string | null; assignedTo: string | null; userPrincipalName: string | null }

/** One SecurityIncident row (the columns cloudhop fills; the others stay empty). */
export interface IncidentRow {
  TimeGenerated: string; IncidentName: string; IncidentNumber: number; Title: string; Description: string;
  Severity: string; Status: string; Classification: string; ClassificationComment: string; ClassificationReason: string;
  Owner: IncidentOwner; ProviderName: string; ProviderIncidentId: string;
  FirstActivityTime: string; LastActivityTime: string; FirstModifiedTime: string; LastModifiedTime: string;
  CreatedTime: string; ClosedTime: string | null; AlertIds: string[]; BookmarkIds: string[]; Comments: IncidentComment[];
  Labels: unknown[]; Tasks: unknown[]; RelatedAnalyticRuleIds: string[]; AdditionalData: Record<string, unknown>;
  ModifiedBy: string; SourceSystem: string; Type: 'SecurityIncident'; IncidentUrl: string;
}

/** Sentinel's entity JSON: `$id`, `Type`, identifiers in PascalCase. */
export function sentinelEntities(es: readonly AlertEntity[]): Record<string, unknown>[] {
  return es.map((e, i) => {
    const o: Record<string, unknown> = { $id: String(i + 2) };
    for (const [k, v] of Object.entries(e)) o[k === 'type' ? 'Type' : k[0]!.toUpperCase() + k.slice(1)] = v;
    return o;
  });
}

const TICKS_PER_MS = 10_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** A SecurityAlert row for an alert of `rule` (rule may be absent: then no query is kept). */
export function alertRow(a: Alert, rule: Rule | undefined): Record<string, unknown> {
  const end = Date.parse(a.timeGenerated);
  const start = rule ? end - rule.queryPeriod / TICKS_PER_MS : Date.parse(a.startTime);
  const ext: Record<string, unknown> = {
    'Analytic Rule Ids': JSON.stringify([a.ruleId]), 'Analytic Rule Name': a.ruleName,
    ...(rule ? { Query: rule.query, 'Query Period': `${rule.queryPeriod / TICKS_PER_MS / 1000}s`, 'Query Start Time UTC': iso(start), 'Query End Time UTC': iso(end) } : {}),
    'Search Query Results Overall Count': String(a.evidence.length),
    'Custom Details': JSON.stringify(a.customDetails),
    Evidence: a.evidence.slice(0, EVIDENCE_ROWS),
    ...(a.evidence.length > EVIDENCE_ROWS ? { 'Evidence Note': `first ${EVIDENCE_ROWS} of ${a.evidence.length} rows` } : {}),
  };
  return {
    TimeGenerated: a.timeGenerated, SystemAlertId: a.alertId, AlertName: a.title, DisplayName: a.title,
    AlertSeverity: a.severity, Description: a.description, ProviderName: 'ASI Scheduled Alerts', ProductName: 'Azure Sentinel',
    ProductComponentName: 'Scheduled Alerts', VendorName: 'Microsoft', AlertType: `cloudhop_${a.ruleId}`, Status: 'New',
    StartTime: a.startTime, EndTime: a.endTime, ProcessingEndTime: a.timeGenerated,
    ConfidenceLevel: a.confidence === null ? '' : String(a.confidence), IsIncident: false,
    Entities: JSON.stringify(sentinelEntities(a.entities)), ExtendedProperties: JSON.stringify(ext),
    Tactics: a.tactics.join(','), Techniques: JSON.stringify(a.techniques), CompromisedEntity: '', RemediationSteps: '',
    Type: 'SecurityAlert',
  };
}

/** The first SecurityIncident row of an incident (its creation), numbered `n`. */
export function incidentRow(inc: Incident, n: number, description = ''): IncidentRow {
  return {
    TimeGenerated: inc.createdTime, IncidentName: inc.incidentId, IncidentNumber: n, Title: inc.title, Description: description,
    Severity: inc.severity, Status: inc.status, Classification: '', ClassificationComment: '', ClassificationReason: '',
    Owner: { objectId: null, email: null, assignedTo: null, userPrincipalName: null },
    ProviderName: 'Azure Sentinel', ProviderIncidentId: String(n),
    FirstActivityTime: inc.firstEventTime, LastActivityTime: inc.lastEventTime,
    FirstModifiedTime: inc.createdTime, LastModifiedTime: inc.createdTime, CreatedTime: inc.createdTime, ClosedTime: null,
    AlertIds: [...inc.alertIds], BookmarkIds: [], Comments: [], Labels: [], Tasks: [], RelatedAnalyticRuleIds: [inc.ruleId],
    AdditionalData: { alertsCount: inc.alertIds.length, bookmarksCount: 0, commentsCount: 0, alertProductNames: ['Azure Sentinel'], tactics: inc.tactics, techniques: inc.techniques },
    ModifiedBy: 'cloudhop detection', SourceSystem: 'Azure', Type: 'SecurityIncident', IncidentUrl: '',
  };
}

/** A change asked for through the API. */
export interface IncidentChange { status?: string; owner?: string | null; comment?: string; classification?: string; classificationComment?: string; author?: string }

/** Longest comment and owner text taken (Sentinel's comment limit is 30,000 characters). */
export const MAX_COMMENT = 30_000;
export const MAX_OWNER = 256;

/** Checks a change; the message says what is wrong (for a 400). */
export function checkChange(c: unknown): IncidentChange | string {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return 'the body must be a JSON object {status?, owner?, comment?, classification?}';
  const o = c as Record<string, unknown>;
  const known = new Set(['status', 'owner', 'comment', 'classification', 'classificationComment', 'author']);
  const extra = Object.keys(o).filter((k) => !known.has(k));
  if (extra.length) return `unknown field '${extra[0]}' (status, owner, comment, classification, classificationComment)`;
  if (o.status !== undefined && !(STATUSES as readonly unknown[]).includes(o.status)) return `status must be one of ${STATUSES.join(', ')} (got ${JSON.stringify(o.status)?.slice(0, 60)})`;
  if (o.classification !== undefined && !(CLASSIFICATIONS as readonly unknown[]).includes(o.classification)) return `classification must be one of ${CLASSIFICATIONS.join(', ')}`;
  if (o.owner !== undefined && o.owner !== null && (typeof o.owner !== 'string' || o.owner.length > MAX_OWNER)) return `owner must be a text of at most ${MAX_OWNER} characters, or null to unassign`;
  if (o.comment !== undefined && (typeof o.comment !== 'string' || o.comment.trim() === '' || o.comment.length > MAX_COMMENT)) return `comment must be a non-empty text of at most ${MAX_COMMENT} characters`;
  if (o.classificationComment !== undefined && (typeof o.classificationComment !== 'string' || o.classificationComment.length > MAX_COMMENT)) return 'classificationComment must be a text';
  if (o.author !== undefined && (typeof o.author !== 'string' || o.author.length > MAX_OWNER)) return 'author must be a text';
  if (o.status === undefined && o.owner === undefined && o.comment === undefined && o.classification === undefined) return 'nothing to change: give status, owner, comment or classification';
  return o as IncidentChange;
}

/** Rows of a detection result: one SecurityAlert per alert, one SecurityIncident (creation) per incident, numbered from `firstNumber`. */
export function detectionRows(alerts: readonly Alert[], incidents: readonly Incident[], rules: ReadonlyMap<string, Rule>, firstNumber = 1): { alerts: Record<string, unknown>[]; incidents: IncidentRow[] } {
  const ordered = [...incidents].sort((x, y) => (x.createdTime < y.createdTime ? -1 : x.createdTime > y.createdTime ? 1 : x.incidentId < y.incidentId ? -1 : 1));
  return {
    alerts: alerts.map((a) => alertRow(a, rules.get(a.ruleId))),
    incidents: ordered.map((inc, i) => incidentRow(inc, firstNumber + i, rules.get(inc.ruleId)?.description ?? '')),
  };
}
