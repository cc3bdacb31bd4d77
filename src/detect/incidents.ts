import type { Rule, IncidentConfiguration } from './rule.js';
import { type Alert, type Incident, stableGuid, maxSeverity } from './alert.js';
import { entityKey, ENTITY_TYPES, type AlertEntity } from './entities.js';
import { HOUR, formatDuration } from './duration.js';
import { parseIsoDatetime } from '../kql/data.js';

/** Sentinel starts a new incident (same details) once one holds this many alerts. */
export const MAX_ALERTS_PER_INCIDENT = 150;

/** Where the grouping explanation lives (printed by `detect` and `demo`). */
export const GROUPING_DOC = 'docs/rules-format.md §3 "Incidents"';

type Grouping = IncidentConfiguration['grouping'];

/**
 * cloudhop's grouping when a rule's YAML has no `incidentConfiguration.groupingConfiguration`:
 * alerts of the rule with the same entities within Sentinel's default 5-hour lookback share an
 * incident (Sentinel itself would open one incident per alert). A rule that writes its own
 * groupingConfiguration (including `enabled: false`) is taken at its word.
 */
export const DEFAULT_GROUPING: Grouping = {
  enabled: true, reopenClosedIncident: false, lookbackDuration: 5 * HOUR, matchingMethod: 'AllEntities',
  groupByEntities: [], groupByAlertDetails: [], groupByCustomDetails: [],
};

/** True when the rule's YAML says how to group (incidentConfiguration.groupingConfiguration is present). */
export function ruleSaysGrouping(rule: Pick<Rule, 'source'>): boolean {
  const ic = rule.source?.incidentConfiguration;
  if (!ic || typeof ic !== 'object' || Array.isArray(ic)) return false;
  const g = (ic as Record<string, unknown>).groupingConfiguration;
  return g !== undefined && g !== null;
}

/** The grouping a replay applies to the rule: its own, else DEFAULT_GROUPING. */
export function effectiveGrouping(rule: Pick<Rule, 'source' | 'incident'>): Grouping {
  return ruleSaysGrouping(rule) ? rule.incident.grouping : DEFAULT_GROUPING;
}

/**
 * Groups each rule's alerts into incidents as Sentinel does (incidentConfiguration): grouping is per
 * rule; an alert joins the open incident whose FIRST alert is within lookbackDuration before it and
 * whose grouping key matches (AnyAlert: always; AllEntities: the same entity set; Selected: the same
 * entities of the selected types, alert details and custom details). Otherwise it opens a new one.
 * A rule that says nothing gets DEFAULT_GROUPING. An incident holding MAX_ALERTS_PER_INCIDENT alerts
 * is full: the next matching alert opens a new incident (as Sentinel does).
 * `reopenClosedIncident` has no effect: a replay never closes an incident.
 * Sets alert.incidentId (null when the rule creates no incidents). Alerts must be in time order.
 */
export function groupIncidents(alerts: Alert[], rulesById: ReadonlyMap<string, Rule>): Incident[] {
  const incidents: Incident[] = [];
  const open = new Map<string, Map<string, { inc: Incident; first: number }>>();
  const groupings = new Map<string, Grouping>();
  for (const a of alerts) {
    const rule = rulesById.get(a.ruleId);
    if (!rule || !rule.incident.createIncident) { a.incidentId = null; continue; }
    let g = groupings.get(rule.id);
    if (!g) { g = effectiveGrouping(rule); groupings.set(rule.id, g); }
    let target: Incident | undefined;
    if (g.enabled) {
      const t = parseIsoDatetime(a.timeGenerated) ?? 0;
      const key = groupingKey(a, g);
      let byKey = open.get(rule.id);
      if (!byKey) { byKey = new Map(); open.set(rule.id, byKey); }
      const cur = byKey.get(key);
      if (cur && t - cur.first <= g.lookbackDuration && cur.inc.alertIds.length < MAX_ALERTS_PER_INCIDENT) {
        target = cur.inc;
        addAlert(target, a);
      } else {
        target = newIncident(a);
        byKey.set(key, { inc: target, first: t });
        incidents.push(target);
      }
    } else {
      target = newIncident(a);
      incidents.push(target);
    }
    a.incidentId = target.incidentId;
  }
  return incidents;
}

function newIncident(a: Alert): Incident {
  return {
    incidentId: stableGuid('incident', a.alertId), title: a.title, ruleId: a.ruleId, ruleName: a.ruleName,
    severity: a.severity, status: 'New', createdTime: a.timeGenerated, firstAlertTime: a.timeGenerated,
    lastAlertTime: a.timeGenerated, firstEventTime: a.startTime, lastEventTime: a.endTime,
    alertIds: [a.alertId], entities: [...a.entities], tactics: [...a.tactics], techniques: [...a.techniques],
  };
}

function addAlert(inc: Incident, a: Alert): void {
  inc.alertIds.push(a.alertId);
  inc.lastAlertTime = a.timeGenerated;
  if (a.startTime < inc.firstEventTime) inc.firstEventTime = a.startTime;
  if (a.endTime > inc.lastEventTime) inc.lastEventTime = a.endTime;
  inc.severity = maxSeverity(inc.severity, a.severity);
  const have = new Set(inc.entities.map(entityKey));
  for (const e of a.entities) if (!have.has(entityKey(e))) { inc.entities.push(e); have.add(entityKey(e)); }
  for (const t of a.tactics) if (!inc.tactics.includes(t)) inc.tactics.push(t);
  for (const t of a.techniques) if (!inc.techniques.includes(t)) inc.techniques.push(t);
}

function entitySetKey(es: readonly AlertEntity[]): string {
  return [...new Set(es.map(entityKey))].sort().join('\n');
}

function groupingKey(a: Alert, g: Grouping): string {
  if (g.matchingMethod === 'AnyAlert') return '*';
  if (g.matchingMethod === 'AllEntities') return entitySetKey(a.entities);
  const parts: string[] = [];
  for (const et of g.groupByEntities) {
    const rt = ENTITY_TYPES[et]?.recordType ?? et.toLowerCase();
    parts.push(`${et}:` + entitySetKey(a.entities.filter((e) => e.type === rt)));
  }
  for (const d of g.groupByAlertDetails) parts.push(`${d}:` + (d === 'Severity' ? a.severity : a.title));
  for (const k of g.groupByCustomDetails) parts.push(`cd.${k}:` + JSON.stringify(a.customDetails[k] ?? null));
  return parts.join('\u0001');
}

/** How one rule groups, in words: "by Account within 5h", "by all entities within 5h (default)", "off". */
export function describeGrouping(rule: Pick<Rule, 'source' | 'incident'>): string {
  if (!rule.incident.createIncident) return 'no incidents (createIncident: false)';
  const g = effectiveGrouping(rule);
  if (!g.enabled) return 'one incident per alert (grouping disabled)';
  const by = g.matchingMethod === 'AnyAlert' ? 'any alert'
    : g.matchingMethod === 'AllEntities' ? 'matching entities'
      : [...g.groupByEntities, ...g.groupByAlertDetails, ...g.groupByCustomDetails.map((k) => `customDetails.${k}`)].join(' + ');
  return `by ${by} within ${formatDuration(g.lookbackDuration)}${ruleSaysGrouping(rule) ? '' : ' (default)'}`;
}

/**
 * One line for `detect` and `demo`: "397 alerts → 148 incidents (grouped per rule: 1 rule by
 * matching entities within 5h (default), 13 by Account within 5h; see docs/…)". Rules that raised
 * no alert are left out.
 */
export function groupingSummary(alerts: readonly Alert[], incidents: readonly Incident[], rules: readonly Rule[]): string {
  const ran = new Set(alerts.map((a) => a.ruleId));
  const kinds = new Map<string, number>();
  for (const r of rules) if (ran.has(r.id)) { const d = describeGrouping(r); kinds.set(d, (kinds.get(d) ?? 0) + 1); }
  const n = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
  const how = [...kinds].sort((x, y) => y[1] - x[1]).map(([d, k], i) => `${i === 0 ? n(k, 'rule') : k} ${d}`).join(', ');
  const full = incidents.filter((i) => i.alertIds.length >= MAX_ALERTS_PER_INCIDENT).length;
  const cap = full ? `; ${n(full, 'incident')} reached ${MAX_ALERTS_PER_INCIDENT} alerts, later alerts opened new ones` : '';
  return `${n(alerts.length, 'alert')} → ${n(incidents.length, 'incident')}${how ? ` (grouped per rule: ${how}${cap}; see ${GROUPING_DOC})` : ''}`;
}
