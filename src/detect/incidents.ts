import type { Rule } from './rule.js';
import { type Alert, type Incident, stableGuid, maxSeverity } from './alert.js';
import { entityKey, ENTITY_TYPES, type AlertEntity } from './entities.js';
import { parseIsoDatetime } from '../kql/data/convert.js';

/**
 * Groups each rule's alerts into incidents as Sentinel does (incidentConfiguration): grouping is per
 * rule; an alert joins the open incident whose FIRST alert is within lookbackDuration before it and
 * whose grouping key matches (AnyAlert: always; AllEntities: the same entity set; Selected: the same
 * entities of the selected types, alert details and custom details). Otherwise it opens a new one.
 * Sets alert.incidentId (null when the rule creates no incidents). Alerts must be in time order.
 */
export function groupIncidents(alerts: Alert[], rulesById: ReadonlyMap<string, Rule>): Incident[] {
  const incidents: Incident[] = [];
  const open = new Map<string, { inc: Incident; first: number; key: string }[]>();
  for (const a of alerts) {
    const rule = rulesById.get(a.ruleId);
    if (!rule || !rule.incident.createIncident) { a.incidentId = null; continue; }
    const g = rule.incident.grouping;
    const t = parseIsoDatetime(a.timeGenerated) ?? 0;
    let target: Incident | undefined;
    const key = groupingKey(a, rule);
    if (g.enabled) {
      const list = open.get(rule.id) ?? [];
      open.set(rule.id, list);
      // Keep only incidents still inside their window.
      for (let i = list.length - 1; i >= 0; i--) if (t - list[i]!.first > g.lookbackDuration) list.splice(i, 1);
      target = list.find((x) => x.key === key)?.inc;
      if (!target) {
        target = newIncident(a);
        list.push({ inc: target, first: t, key });
        incidents.push(target);
      } else addAlert(target, a);
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
    lastAlertTime: a.timeGenerated, alertIds: [a.alertId], entities: [...a.entities], tactics: [...a.tactics], techniques: [...a.techniques],
  };
}

function addAlert(inc: Incident, a: Alert): void {
  inc.alertIds.push(a.alertId);
  inc.lastAlertTime = a.timeGenerated;
  inc.severity = maxSeverity(inc.severity, a.severity);
  const have = new Set(inc.entities.map(entityKey));
  for (const e of a.entities) if (!have.has(entityKey(e))) { inc.entities.push(e); have.add(entityKey(e)); }
  for (const t of a.tactics) if (!inc.tactics.includes(t)) inc.tactics.push(t);
  for (const t of a.techniques) if (!inc.techniques.includes(t)) inc.techniques.push(t);
}

function entitySetKey(es: readonly AlertEntity[]): string {
  return [...new Set(es.map(entityKey))].sort().join('\n');
}

function groupingKey(a: Alert, rule: Rule): string {
  const g = rule.incident.grouping;
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
