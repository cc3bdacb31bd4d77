// Alerts and incidents persisted as Sentinel's SecurityAlert / SecurityIncident tables
// (src/detect/sentinel-tables.ts, src/serve/incident-log.ts): the rows beside the record they come
// from, an incident change appended as a new row of the same incident, and everything read back by
// a new log (a restarted server) and by KQL over the reopened workspace.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertRow, alertFromRow, incidentRow } from '../../src/detect/sentinel-tables.ts';
import { groupIncidents } from '../../src/detect/incidents.ts';
import { IncidentLog, IncidentChangeError, appendIncidentChange } from '../../src/serve/incident-log.ts';
import { WorkspaceWriter } from '../../src/serve/workspace-writer.ts';
import { openWorkspace } from '../../src/store/workspace.ts';
import { execute } from '../../src/kql/index.ts';
import { parseIsoDatetime, formatDatetime } from '../../src/kql/data.ts';
import type { Alert } from '../../src/detect/alert.ts';
import type { Rule } from '../../src/detect/rule.ts';

const dir = mkdtempSync(join(tmpdir(), 'cloudhop-incidents-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T = (iso: string): number => parseIsoDatetime(iso)!;

function alert(id: string, at: string, user: string): Alert {
  return {
    alertId: id, ruleId: 'rule-1', ruleName: 'Token replay', severity: 'High', confidence: 'High', tactics: ['LateralMovement'],
    techniques: ['T1021', 'T1021.007'], timeGenerated: at, startTime: at, endTime: at, title: `Token replay by ${user}`,
    description: 'A token minted on-prem used from a cloud IP.', entities: [{ type: 'account', name: user, upnSuffix: 'contoso.com' }, { type: 'ip', address: '203.0.113.9' }],
    customDetails: { App: 'Azure Portal' }, evidence: [{ x: 1 }], incidentId: null,
  };
}

// Grouping needs only these fields of a rule.
const rule = { id: 'rule-1', source: undefined, incident: { createIncident: true, grouping: {} } } as unknown as Rule;

test('alertRow: Sentinel columns beside the alert record, and back', () => {
  const a = alert('a-1', '2024-05-01T10:00:00.0000000Z', 'ana');
  const r = alertRow(a, { processed: T('2024-05-01T10:05:00Z'), resultCount: 3, window: { from: T('2024-05-01T09:00:00Z'), to: T('2024-05-01T10:00:00Z') } });
  assert.equal(r.SystemAlertId, 'a-1');
  assert.equal(r.AlertName, 'Token replay by ana');
  assert.equal(r.ProviderName, 'ASI Scheduled Alerts');
  assert.equal(r.ProductName, 'Azure Sentinel');
  assert.equal(r.Tactics, 'LateralMovement');
  assert.equal(r.Techniques, '["T1021"]');
  assert.equal(r.SubTechniques, '["T1021.007"]');
  assert.equal(r.CompromisedEntity, 'ana@contoso.com');
  assert.deepEqual(JSON.parse(r.Entities as string), [{ $id: '2', Name: 'ana', UPNSuffix: 'contoso.com', Type: 'account' }, { $id: '3', Address: '203.0.113.9', Type: 'ip' }]);
  const ext = JSON.parse(r.ExtendedProperties as string) as Record<string, string>;
  assert.equal(ext['Analytic Rule Ids'], '["rule-1"]');
  assert.equal(ext['Search Query Results Overall Count'], '3');
  assert.equal(ext['Query Start Time UTC'], '2024-05-01T09:00:00.0000000Z');
  assert.equal(r.TimeGenerated, T('2024-05-01T10:00:00Z'));
  // Read back: the record without its evidence (not persisted, as in Sentinel).
  assert.deepEqual(alertFromRow(r), { ...a, evidence: [] });
  assert.equal(alertFromRow({ ...r, ExtendedProperties: '{}' }), undefined);
});

test('persisted: incidents grow by new rows, a change keeps the number, a restart reads it all back', async () => {
  const writer = new WorkspaceWriter(dir);
  const log = new IncidentLog(writer);
  const a1 = alert('a-1', '2024-05-01T10:00:00.0000000Z', 'ana');
  const a2 = alert('a-2', '2024-05-01T11:00:00.0000000Z', 'ana');
  const b1 = alert('b-1', '2024-05-01T11:00:00.0000000Z', 'bob');
  const byId = new Map([[rule.id, rule]]);
  const desc = new Map([['a-1', a1.description], ['b-1', b1.description]]);

  const inc1 = groupIncidents([a1], byId);
  const r1 = await log.record([{ alert: a1, ctx: { processed: T('2024-05-01T10:00:00Z') } }], inc1, desc, T('2024-05-01T10:00:01Z'));
  assert.equal(r1.created.length, 1);
  assert.equal(r1.created[0]!.IncidentNumber, 1);
  const name = String(r1.created[0]!.IncidentName);
  assert.equal(name, inc1[0]!.incidentId);

  // A person takes it; then the detection adds an alert to it and opens one for bob.
  await assert.rejects(appendIncidentChange(writer, { incidentName: name, status: 'Closed' }), (e: unknown) => e instanceof IncidentChangeError && e.status === 400);
  await assert.rejects(appendIncidentChange(writer, { incidentName: 'nope', status: 'Active' }), (e: unknown) => e instanceof IncidentChangeError && e.status === 404);
  const ch = await log.change({ incidentName: name, status: 'Active', owner: 'eve@contoso.com', comment: 'looking', author: 'eve' }, T('2024-05-01T10:30:00Z'));
  assert.equal(ch.Status, 'Active');
  const all = [a1, a2, b1].map((a) => ({ ...a }));
  const inc2 = groupIncidents(all, byId);
  const r2 = await log.record(all.slice(1).map((alert) => ({ alert, ctx: { processed: T('2024-05-01T11:00:00Z') } })), inc2, desc, T('2024-05-01T11:00:01Z'));
  assert.deepEqual(r2.created.map((r) => [r.IncidentNumber, r.Title]), [[2, 'Token replay by bob']]);
  assert.deepEqual(r2.updated.map((r) => [r.IncidentNumber, r.Status, r.AlertIds, (r.Owner as { assignedTo: string }).assignedTo]), [[1, 'Active', ['a-1', 'a-2'], 'eve@contoso.com']]);
  // Recording the same grouping again appends nothing.
  const r3 = await log.record([], inc2, desc, T('2024-05-01T11:00:02Z'));
  assert.deepEqual([r3.created.length, r3.updated.length], [0, 0]);

  // KQL over the reopened workspace: Sentinel's "current state" query.
  const ws = await openWorkspace(dir);
  const q = (text: string): unknown[][] => { const o = execute(text, { tables: ws }); assert.ok(o.ok, JSON.stringify(!o.ok && o.diagnostics)); return o.result.rows as unknown[][]; };
  assert.deepEqual(q('SecurityIncident | summarize arg_max(LastModifiedTime, *) by IncidentNumber | project IncidentNumber, Status, n = array_length(AlertIds), c = array_length(Comments) | order by IncidentNumber asc'),
    [[1, 'Active', 2, 1], [2, 'New', 1, 0]]);
  assert.deepEqual(q('SecurityIncident | where IncidentNumber == 1 | order by LastModifiedTime asc | project ModifiedBy'), [['Incident created from alert rule'], ['eve'], ['Alert updated']]);
  assert.deepEqual(q('SecurityAlert | order by SystemAlertId asc | project SystemAlertId, AlertSeverity'), [['a-1', 'High'], ['a-2', 'High'], ['b-1', 'High']]);

  // A new log (a restarted server) sees the same incidents and alerts.
  const again = new IncidentLog(new WorkspaceWriter(dir));
  const back = await again.persistedAlerts();
  assert.deepEqual(back.map((a) => a.alertId), ['a-1', 'a-2', 'b-1']);
  assert.deepEqual(groupIncidents(back.map((a) => ({ ...a, incidentId: null })), byId).map((i) => i.incidentId), inc2.map((i) => i.incidentId));
  const cur = await again.incidents();
  assert.deepEqual(cur.map((r) => [r.IncidentNumber, r.Status, formatDatetime(Number(r.LastModifiedTime))]), [[2, 'New', '2024-05-01T11:00:01.0000000Z'], [1, 'Active', '2024-05-01T11:00:01.0000000Z']]);
  const closed = await again.change({ incidentName: name, status: 'Closed', classification: 'TruePositive', classificationComment: 'confirmed' }, T('2024-05-01T12:00:00Z'));
  assert.deepEqual([closed.Status, closed.Classification, formatDatetime(Number(closed.ClosedTime)), closed.IncidentNumber], ['Closed', 'TruePositive', '2024-05-01T12:00:00.0000000Z', 1]);
  assert.equal(incidentRow(inc2[0]!, 'd', 1, 5, closed).Status, 'Closed');
});
