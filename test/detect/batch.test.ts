import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFromRows, type Table } from '../../src/kql/data/column.js';
import { parseIsoDatetime } from '../../src/kql/data/convert.js';
import { BUILTIN_TABLES } from '../../src/store/schemas/index.js';
import { loadRuleText, loadEngine, runDetections, ReplayData, type Rule } from '../../src/detect/index.js';
import { planBatch } from '../../src/detect/batch.js';

// Window batching (src/detect/batch.ts) must give exactly the alerts of one query per window.

const T = (s: string): number => parseIsoDatetime(s)!;
const USERS = ['alice@contoso.com', 'bob@contoso.com', 'carol@fabrikam.com'];
function tables(): Map<string, Table> {
  const rows = Array.from({ length: 400 }, (_, i) => ({
    TimeGenerated: T('2024-06-01T00:00:00Z') + i * 9 * 60 * 10_000_000 + (i % 7) * 10_000_000, // every 9 min over 2.5 days
    UserPrincipalName: USERS[i % 3]!, IPAddress: `192.0.2.${i % 11}`, ResultType: i % 5 === 0 ? '50126' : '0',
    Location: ['US', 'RO', 'FR'][(i * 7) % 3]!, AppDisplayName: i % 4 === 0 ? 'Azure Portal' : 'Microsoft Azure CLI',
    DeviceDetail: { operatingSystem: i % 2 ? 'Windows' : 'Linux', tags: ['a', `t${i % 3}`] },
  }));
  return new Map([['SigninLogs', tableFromRows('SigninLogs', BUILTIN_TABLES.get('SigninLogs')!.columns, rows)]]);
}

function rule(query: string, freq = '1h', period = freq, extra: string[] = []): Rule {
  const text = ['id: 4b1d0c2e-0000-4000-8000-000000000001', 'name: batch', 'description: d', 'severity: Low',
    'requiredDataConnectors:', '  - connectorId: AzureActiveDirectory', '    dataTypes: [SigninLogs]',
    `queryFrequency: ${freq}`, `queryPeriod: ${period}`, 'triggerOperator: gt', 'triggerThreshold: 0', 'query: |', ...query.split('\n').map((l) => '  ' + l),
    'entityMappings:', '  - entityType: Account', '    fieldMappings:', '      - identifier: FullName', '        columnName: UserPrincipalName', ...extra].join('\n');
  const r = loadRuleText('batch.yaml', text.replace(/columnName: UserPrincipalName/, query.includes('UserPrincipalName') ? 'columnName: UserPrincipalName' : 'columnName: IPAddress'));
  assert.ok(r.rule, JSON.stringify(r.problems));
  return r.rule;
}

const BATCHABLE = [
  'SigninLogs | where ResultType == "0" and Location == "RO" | project TimeGenerated, UserPrincipalName, IPAddress',
  'SigninLogs | where ResultType != "0" | summarize Failures = count(), First = min(TimeGenerated) by UserPrincipalName | where Failures >= 1',
  'let apps = dynamic(["Azure Portal"]);\nSigninLogs | where AppDisplayName in (apps) | extend Os = tostring(DeviceDetail.operatingSystem) | summarize n = dcount(IPAddress), Ips = make_set(IPAddress) by UserPrincipalName, Os | sort by UserPrincipalName asc',
  'SigninLogs | mv-expand Tag = DeviceDetail.tags | extend Tag = tostring(Tag) | where Tag == "t1" | project TimeGenerated, UserPrincipalName, Tag',
  'SigninLogs | parse UserPrincipalName with Name "@" Domain | project-away DeviceDetail | summarize count() by Domain | project Domain, count_',
  'SigninLogs | where ResultType == "0" | project-keep TimeGenerated, UserPrincipalName, Location | project-rename Country = Location',
  'SigninLogs | where ResultType != "0" | project IPAddress, Failed = UserPrincipalName | join kind=inner (SigninLogs | where ResultType == "0" | project IPAddress, OkUser = UserPrincipalName) on IPAddress | summarize Pairs = count() by IPAddress, OkUser',
  'SigninLogs | where Location == "RO" | join kind=leftanti (SigninLogs | where Location == "FR") on UserPrincipalName | project TimeGenerated, UserPrincipalName, IPAddress',
  'SigninLogs | where ResultType == "0" | project IPAddress, UserPrincipalName | join kind=leftouter (SigninLogs | where ResultType != "0" | project SourceIp = IPAddress, Bad = UserPrincipalName) on $left.IPAddress == $right.SourceIp | summarize Bad = countif(isnotempty(Bad)) by UserPrincipalName',
];
const NOT_BATCHABLE: [string, string, string][] = [
  ['SigninLogs | where TimeGenerated > ago(30m) | project TimeGenerated, UserPrincipalName', '1h', '1h'],
  ['SigninLogs | summarize count()', '1h', '1h'],
  ['SigninLogs | take 3 | project UserPrincipalName', '1h', '1h'],
  ['SigninLogs | join kind=fullouter (SigninLogs | where ResultType != "0") on IPAddress | project UserPrincipalName', '1h', '1h'],
  ['SigninLogs | join kind=inner (SigninLogs | summarize count() by IPAddress) on IPAddress | project UserPrincipalName', '1h', '1h'],
  ['SigninLogs | project TimeGenerated, UserPrincipalName', '1h', '3h'],
  ['SigninLogs | project-away Device* | project UserPrincipalName', '1h', '1h'],
  ['SigninLogs | where UserPrincipalName in ((SigninLogs | where ResultType != "0" | project UserPrincipalName)) | project UserPrincipalName', '1h', '1h'],
  ['SigninLogs | project UserPrincipalName', '7h', '7h'],
];

test('batch plans: eligible shapes are rewritten, others are not', async () => {
  const engine = await loadEngine();
  const hasTime = () => true;
  for (const q of BATCHABLE) assert.ok(planBatch(rule(q), engine, hasTime), q);
  for (const [q, f, p] of NOT_BATCHABLE) assert.equal(planBatch(rule(q, f, p), engine, hasTime), undefined, q);
});

for (const [i, q] of BATCHABLE.entries()) {
  test(`batched replay equals per-window replay (${i + 1}): ${q.split('\n').pop()!.slice(0, 70)}`, async () => {
    const engine = await loadEngine();
    const data = new ReplayData(tables());
    let total = 0;
    for (const [f, agg] of [['1h', 'SingleAlert'], ['30m', 'AlertPerResult'], ['1d', 'AlertPerResult']] as const) {
      const r = rule(q, f, f, ['eventGroupingSettings:', `  aggregationKind: ${agg}`, 'suppressionEnabled: true', 'suppressionDuration: 2h']);
      const span = { from: '2024-06-01T00:00:00Z', to: '2024-06-03T12:00:00Z' };
      const a = await runDetections({ tables: data.tables, data, engine, rules: [r], ...span });
      const b = await runDetections({ tables: data.tables, data, engine, rules: [r], ...span, batchWindows: false });
      assert.equal(a.perRuleStats[0]!.batched, true);
      assert.equal(b.perRuleStats[0]!.batched, false);
      assert.deepEqual(b.perRuleStats[0]!.errors, []);
      total += b.alerts.length;
      assert.deepEqual(a.alerts, b.alerts, `${f} ${agg}`);
      assert.deepEqual(a.incidents, b.incidents);
      assert.equal(a.perRuleStats[0]!.suppressedRuns, b.perRuleStats[0]!.suppressedRuns);
    }
    assert.ok(total > 0, 'the case raises alerts');
  });
}

test('a rule calling a stored function runs window by window (the function body is not row-local as far as the plan can see)', async () => {
  const engine = await loadEngine();
  const hasTime = (n: string): boolean => n === 'SigninLogs';
  const q = 'SigninLogs | where ResultType == "0" | extend Tag = Label(IPAddress) | project TimeGenerated, UserPrincipalName, Tag';
  const plain = rule(q);
  assert.ok(planBatch(plain, engine, hasTime), 'without functions, Label(...) is only an unknown call the plan does not judge');
  const fn = { name: 'Label', parameters: 'ip:string', body: 'strcat(ip, "/", tostring(now()))' } as unknown as NonNullable<Rule['functions']>[number];
  assert.equal(planBatch({ ...plain, functions: [fn] }, engine, hasTime), undefined);
});
