import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFromRows, type Table } from '../../src/kql/data/column.js';
import { parseIsoDatetime } from '../../src/kql/data/convert.js';
import { BUILTIN_TABLES } from '../../src/store/schemas/index.js';
import { loadRuleText, runDetections, type Rule } from '../../src/detect/index.js';

// Alert record details: overrides (severity/tactics columns, dynamic properties), the 150-alert cap
// of AlertPerResult, incidents off, custom details of a multi-row alert.
const T = (s: string): number => parseIsoDatetime(s)!;

function signins(n: number): Map<string, Table> {
  const rows = Array.from({ length: n }, (_, i) => ({
    TimeGenerated: T('2024-06-01T10:00:00Z') + i * 10_000_000, UserPrincipalName: `u${i}@contoso.com`, IPAddress: `192.0.2.${i % 250}`,
    ResultType: '0', RiskLevelDuringSignIn: i % 2 ? 'high' : 'low', Location: i % 3 ? 'RO' : 'FR',
  }));
  return new Map([['SigninLogs', tableFromRows('SigninLogs', BUILTIN_TABLES.get('SigninLogs')!.columns, rows)]]);
}

function rule(lines: string[], query = 'SigninLogs | extend Sev = iff(RiskLevelDuringSignIn == "high", "High", "Low"), Tac = "InitialAccess,CredentialAccess", Score = 87 | project TimeGenerated, UserPrincipalName, IPAddress, Location, Sev, Tac, Score'): Rule {
  const text = ['id: 5c2e0d4b-0000-4000-8000-000000000001', 'name: overrides', 'description: d', 'severity: Medium',
    'requiredDataConnectors: [{connectorId: AzureActiveDirectory, dataTypes: [SigninLogs]}]',
    'queryFrequency: 1h', 'queryPeriod: 1h', 'triggerOperator: gt', 'triggerThreshold: 0', 'tactics: [LateralMovement]', 'relevantTechniques: [T1021.007]',
    `query: '${query.replace(/'/g, "''")}'`,
    'entityMappings:', '  - entityType: Account', '    fieldMappings:', '      - identifier: FullName', '        columnName: UserPrincipalName', ...lines].join('\n');
  const r = loadRuleText('r.yaml', text);
  assert.ok(r.rule, JSON.stringify(r.problems));
  return r.rule;
}

test('severity/tactics columns, dynamic properties and display-name templates per alert', async () => {
  const out = await runDetections({
    tables: signins(4), from: '2024-06-01T10:00:00Z', to: '2024-06-01T11:00:00Z',
    rules: [rule(['eventGroupingSettings: {aggregationKind: AlertPerResult}', 'alertDetailsOverride:', '  alertDisplayNameFormat: "Sign-in by {{UserPrincipalName}} from {{Location}}"',
      '  alertSeverityColumnName: Sev', '  alertTacticsColumnName: Tac', '  alertDynamicProperties:', '    - {alertProperty: ConfidenceScore, value: Score}'])],
  });
  assert.deepEqual(out.alerts.map((a) => [a.title, a.severity]), [
    ['Sign-in by u0@contoso.com from FR', 'Low'], ['Sign-in by u1@contoso.com from RO', 'High'],
    ['Sign-in by u2@contoso.com from RO', 'Low'], ['Sign-in by u3@contoso.com from FR', 'High'],
  ]);
  assert.deepEqual(out.alerts[0]!.tactics, ['InitialAccess', 'CredentialAccess']);
  assert.equal(out.alerts[0]!.confidence, 87);
  assert.deepEqual(out.alerts[0]!.properties, { ConfidenceScore: 87 });
});

test('AlertPerResult: at most 150 alerts per run, the 150th carries the remaining rows', async () => {
  const out = await runDetections({ tables: signins(200), from: '2024-06-01T10:00:00Z', to: '2024-06-01T11:00:00Z',
    rules: [rule(['eventGroupingSettings: {aggregationKind: AlertPerResult}'], 'SigninLogs | project TimeGenerated, UserPrincipalName')] });
  assert.equal(out.alerts.length, 150);
  assert.equal(out.alerts[149]!.evidence.length, 51);
  assert.equal(out.alerts[149]!.entities.length, 51);
  assert.equal(out.alerts[0]!.evidence.length, 1);
});

test('SingleAlert: custom details collect distinct values; createIncident false leaves incidentId null', async () => {
  const out = await runDetections({ tables: signins(6), from: '2024-06-01T10:00:00Z', to: '2024-06-01T11:00:00Z',
    rules: [rule(['customDetails: {Country: Location, Risk: Sev}', 'incidentConfiguration: {createIncident: false}'])] });
  assert.equal(out.alerts.length, 1);
  assert.deepEqual(out.alerts[0]!.customDetails, { Country: ['FR', 'RO'], Risk: ['Low', 'High'] });
  assert.equal(out.alerts[0]!.incidentId, null);
  assert.equal(out.incidents.length, 0);
  assert.equal(out.alerts[0]!.entities.length, 6);
  assert.equal(out.alerts[0]!.startTime, '2024-06-01T10:00:00.0000000Z');
  assert.equal(out.alerts[0]!.endTime, '2024-06-01T10:00:05.0000000Z');
});
