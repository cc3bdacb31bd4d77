import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFromRows, type Table } from '../../src/kql/data/column.js';
import { parseIsoDatetime } from '../../src/kql/data/convert.js';
import { BUILTIN_TABLES } from '../../src/store/schemas/index.js';
import { loadRuleText, runDetections, type Rule } from '../../src/detect/index.js';

// Acceptance 2: replay semantics as Sentinel schedules rules (docs/rules-format.md §3).

const T = (s: string): number => parseIsoDatetime(s)!;

function signins(rows: { t: string; user: string; ip?: string }[]): Map<string, Table> {
  const schema = BUILTIN_TABLES.get('SigninLogs')!.columns;
  return new Map([['SigninLogs', tableFromRows('SigninLogs', schema, rows.map((r) => ({
    TimeGenerated: T(r.t), UserPrincipalName: r.user, IPAddress: r.ip ?? '192.0.2.1', ResultType: '0', AppDisplayName: 'Azure Portal',
  })))]]);
}

function rule(extra: Record<string, string>, body: string[] = []): Rule {
  const fields: Record<string, string> = {
    id: '3f0e1d2c-0000-4000-8000-000000000001', name: 'Portal sign-in', description: 'test rule', severity: 'Medium',
    queryFrequency: '1h', queryPeriod: '1h', triggerOperator: 'gt', triggerThreshold: '0', ...extra,
  };
  const text = [
    ...Object.entries(fields).map(([k, v]) => `${k}: ${v}`),
    'requiredDataConnectors:', '  - connectorId: AzureActiveDirectory', '    dataTypes: [SigninLogs]',
    'query: |', '  SigninLogs', '  | where ResultType == "0"', '  | project TimeGenerated, UserPrincipalName, IPAddress',
    'entityMappings:', '  - entityType: Account', '    fieldMappings:', '      - identifier: FullName', '        columnName: UserPrincipalName',
    ...body,
  ].join('\n');
  const r = loadRuleText('rule.yaml', text);
  assert.ok(r.rule, JSON.stringify(r.problems));
  return r.rule;
}

const times = (alerts: { timeGenerated: string }[]): string[] => alerts.map((a) => a.timeGenerated.slice(11, 16));

test('a row at the edge of two windows alerts once', async () => {
  // Runs at 10:00 ([09:00,10:00)) and 11:00 ([10:00,11:00)): the 10:00:00 row is in the second only.
  const out = await runDetections({
    tables: signins([{ t: '2024-06-01T10:00:00Z', user: 'alice@contoso.com' }]),
    rules: [rule({ eventGroupingSettings: '{aggregationKind: AlertPerResult}' })],
    from: '2024-06-01T09:00:00Z', to: '2024-06-01T12:00:00Z',
  });
  assert.deepEqual(out.perRuleStats[0]!.errors, []);
  assert.equal(out.alerts.length, 1);
  assert.equal(out.alerts[0]!.timeGenerated, '2024-06-01T11:00:00.0000000Z');
  assert.equal(out.alerts[0]!.evidence.length, 1);
  assert.equal(out.alerts[0]!.evidence[0]!.TimeGenerated, '2024-06-01T10:00:00.0000000Z');
  assert.equal(out.alerts[0]!.startTime, '2024-06-01T10:00:00.0000000Z');
});

test('queryPeriod longer than queryFrequency does not duplicate alerts', async () => {
  // Period 3h, frequency 1h: the 10:30 row is seen by the runs at 11:00, 12:00 and 13:00.
  const out = await runDetections({
    tables: signins([{ t: '2024-06-01T10:30:00Z', user: 'alice@contoso.com' }, { t: '2024-06-01T12:15:00Z', user: 'bob@contoso.com' }]),
    rules: [rule({ queryPeriod: '3h' })],
    from: '2024-06-01T10:00:00Z', to: '2024-06-01T16:00:00Z',
  });
  assert.deepEqual(times(out.alerts), ['11:00', '13:00']);
  assert.deepEqual(out.alerts.map((a) => a.evidence.map((e) => e.UserPrincipalName)), [['alice@contoso.com'], ['bob@contoso.com']]);
  assert.equal(out.perRuleStats[0]!.dedupedRuns, 3); // 12:00 (alice again), 14:00 and 15:00 (bob again)
});

test('suppression of 1h silences the rule for an hour after an alert', async () => {
  // A sign-in every 10 minutes from 10:00 to 11:50; the rule runs every 15 minutes.
  const rows = Array.from({ length: 12 }, (_, i) => ({ t: `2024-06-01T${String(10 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}:00Z`, user: 'alice@contoso.com' }));
  const span = { from: '2024-06-01T10:00:00Z', to: '2024-06-01T12:30:00Z' };
  const plain = await runDetections({ tables: signins(rows), rules: [rule({ queryFrequency: '15m', queryPeriod: '15m' })], ...span });
  assert.deepEqual(times(plain.alerts), ['10:15', '10:30', '10:45', '11:00', '11:15', '11:30', '11:45', '12:00']);
  const suppressed = await runDetections({
    tables: signins(rows), rules: [rule({ queryFrequency: '15m', queryPeriod: '15m', suppressionEnabled: 'true', suppressionDuration: '1h' })], ...span,
  });
  assert.deepEqual(times(suppressed.alerts), ['10:15', '11:15']);
  assert.equal(suppressed.perRuleStats[0]!.suppressedRuns, 6); // 10:30 … 11:00 and 11:30 … 12:00
});

test('incident grouping by account within 5 h merges the expected alerts', async () => {
  const grouping = [
    'incidentConfiguration:', '  createIncident: true', '  groupingConfiguration:', '    enabled: true', '    lookbackDuration: 5h',
    '    matchingMethod: Selected', '    groupByEntities: [Account]',
  ];
  const out = await runDetections({
    tables: signins([
      { t: '2024-06-01T09:30:00Z', user: 'alice@contoso.com', ip: '192.0.2.1' },
      { t: '2024-06-01T09:40:00Z', user: 'bob@contoso.com', ip: '192.0.2.2' },
      { t: '2024-06-01T12:30:00Z', user: 'alice@contoso.com', ip: '192.0.2.3' },
      { t: '2024-06-01T15:30:00Z', user: 'alice@contoso.com', ip: '192.0.2.4' },
      { t: '2024-06-01T13:30:00Z', user: 'bob@contoso.com', ip: '192.0.2.2' },
    ]),
    rules: [rule({ eventGroupingSettings: '{aggregationKind: AlertPerResult}' }, grouping)],
    from: '2024-06-01T09:00:00Z', to: '2024-06-01T17:00:00Z',
  });
  assert.equal(out.alerts.length, 5);
  const byIncident = new Map<string, string[]>();
  for (const a of out.alerts) byIncident.set(a.incidentId!, [...(byIncident.get(a.incidentId!) ?? []), `${a.evidence[0]!.UserPrincipalName} ${a.timeGenerated.slice(11, 16)}`]);
  assert.deepEqual([...byIncident.values()].sort(), [
    ['alice@contoso.com 10:00', 'alice@contoso.com 13:00'], // 3 h apart: one incident
    ['alice@contoso.com 16:00'], // 6 h after that incident's first alert: a new one
    ['bob@contoso.com 10:00', 'bob@contoso.com 14:00'],
  ]);
  assert.equal(out.incidents.length, 3);
  const first = out.incidents.find((i) => i.alertIds.length === 2 && i.entities.some((e) => e.name === 'alice'))!;
  assert.equal(first.firstAlertTime, '2024-06-01T10:00:00.0000000Z');
  assert.equal(first.lastAlertTime, '2024-06-01T13:00:00.0000000Z');
});

test('trigger threshold and single-alert grouping: one alert per run carrying all its rows', async () => {
  const rows = [{ t: '2024-06-01T10:05:00Z', user: 'a@x.com' }, { t: '2024-06-01T10:10:00Z', user: 'b@x.com' }, { t: '2024-06-01T11:05:00Z', user: 'c@x.com' }];
  const out = await runDetections({ tables: signins(rows), rules: [rule({ triggerThreshold: '1' })], from: '2024-06-01T10:00:00Z', to: '2024-06-01T12:00:00Z' });
  assert.equal(out.alerts.length, 1); // the 12:00 run has 1 row, not more than 1
  assert.equal(out.alerts[0]!.evidence.length, 2);
  assert.deepEqual(out.alerts[0]!.entities.map((e) => e.name).sort(), ['a', 'b']);
  const lt = await runDetections({ tables: signins(rows), rules: [rule({ triggerOperator: 'lt', triggerThreshold: '1' })], from: '2024-06-01T10:00:00Z', to: '2024-06-01T14:00:00Z' });
  assert.deepEqual(times(lt.alerts), ['13:00', '14:00']); // absence alerts: no sign-in in the window
});
