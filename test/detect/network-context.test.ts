import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execute } from '../../src/kql/index.js';
import { tableFromRows, type Table } from '../../src/kql/data/column.js';
import type { Value } from '../../src/kql/data/types.js';
import { parseIsoDatetime } from '../../src/kql/data/convert.js';
import { BUILTIN_TABLES } from '../../src/store/schemas/index.js';
import { loadPack, loadWatchlistDir, watchlistProvider } from '../../src/detect/index.js';
import { ROOT } from './cli.js';

// CloudhopNetworkContext (rules/T1021.007/functions/) over small tables, beside the rows it must
// return. The pack's shipped watchlists (CloudhopHostingAsns, CloudhopHostingRanges) are used as is.

const PACK = join(ROOT, 'rules', 'T1021.007');
const NOW = '2026-06-10T12:00:00Z';
const pack = loadPack([PACK]);
const watchlists = watchlistProvider(...pack.watchlistDirs.map((d) => loadWatchlistDir(d, [])));

function table(name: string, rows: Record<string, Value>[]): Table {
  const schema = BUILTIN_TABLES.get(name)!.columns;
  const t = (v: Value): Value => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? parseIsoDatetime(v) : v);
  return tableFromRows(name, schema, rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, t(v)]))));
}

const users = (n: number, from = 1): string[] => Array.from({ length: n }, (_, i) => `u${i + from}@corp.example`);
const signin = (ip: string, upn: string, time: string, extra: Record<string, Value> = {}): Record<string, Value> =>
  ({ TimeGenerated: time, IPAddress: ip, UserPrincipalName: upn, ResultType: '0', AutonomousSystemNumber: '', ...extra });

const SIGNINS = [
  // The office egress: 6 people on one day (17 people sign in to Entra: threshold max(5, ceil(2% of 17)) = 5).
  ...users(6).map((u) => signin('198.51.100.10', u, '2026-06-02T09:00:00Z')),
  // Another address of the same /24 seen once: org too (the network key is shared).
  signin('198.51.100.77', 'u1@corp.example', '2026-06-03T09:00:00Z'),
  // The company moves to new egress this morning: 6 people within hours, org on its first day.
  ...users(6, 7).map((u) => signin('203.0.113.20', u, '2026-06-10T08:30:00Z')),
  // A company proxy in AWS shared by 5 people on one day: org beats hosting.
  ...users(5, 1).map((u) => signin('52.0.10.10', u, '2026-06-04T10:00:00Z')),
  // A VPS found by its ASN (DigitalOcean, AS14061), one user.
  signin('192.0.2.50', 'u3@corp.example', '2026-06-09T22:00:00Z', { AutonomousSystemNumber: '14061' }),
  // Tor, flagged by Entra.
  signin('185.220.101.1', 'u4@corp.example', '2026-06-09T23:00:00Z', { NetworkLocationDetails: '[{"networkType":"anonymizedIPAddress","networkNames":[]}]' }),
  // A home connection.
  signin('81.2.69.142', 'u5@corp.example', '2026-06-08T19:00:00Z'),
  // A password spray from a hosting address: 8 failed sign-ins in a day do not make it org.
  ...users(8).map((u) => signin('5.42.203.9', u, '2026-06-07T03:00:00Z', { ResultType: '50126' })),
  // Older than the lookback: not seen.
  signin('100.64.9.9', 'u1@corp.example', '2026-05-01T09:00:00Z'),
];
const NONINTERACTIVE = [
  // IPv6 office network (/48), 5 people, through refresh-token sign-ins only.
  ...users(5, 13).map((u, i) => signin(`2001:db8:1:${i}::5`, u, '2026-06-05T11:00:00Z')),
  // Risk event anonymizedIPAddress on a non-interactive sign-in.
  signin('203.0.113.200', 'u2@corp.example', '2026-06-09T10:00:00Z', { RiskEventTypes_V2: '["anonymizedIPAddress"]' }),
];
const CLOUDTRAIL = [
  // An AWS API call from an address in a CloudhopHostingRanges block (52.16.0.0/14, AWS), no ASN in the log.
  { TimeGenerated: '2026-06-09T12:00:00Z', SourceIpAddress: '52.16.1.2', UserIdentityArn: 'arn:aws:sts::111122223333:assumed-role/Admin/u6@corp.example', ErrorCode: '' },
  // Service principals write a name where the address would be: not an address, not listed.
  { TimeGenerated: '2026-06-09T12:00:00Z', SourceIpAddress: 'ec2.amazonaws.com', UserIdentityArn: 'arn:aws:iam::111122223333:role/x', ErrorCode: '' },
];
const GCP = [
  { TimeGenerated: '2026-06-09T13:00:00Z', RequestMetadata: { callerIp: '81.2.69.150' }, PrincipalEmail: 'u7@corp.example', Status: {} },
  { TimeGenerated: '2026-06-09T13:00:00Z', RequestMetadata: { callerIp: 'private' }, PrincipalEmail: 'u7@corp.example', Status: {} },
];

const EXPECTED = [
  // IPAddress, NetworkKey, Asn, Provider, NetworkKind, OrgUsers, PeakDailyUsers
  ['185.220.101.1', '185.220.101.0/24', '', '', 'anonymizer', 1, 1],
  ['192.0.2.50', '192.0.2.0/24', '14061', 'DigitalOcean', 'hosting', 1, 1],
  ['198.51.100.10', '198.51.100.0/24', '', '', 'org', 6, 6],
  ['198.51.100.77', '198.51.100.0/24', '', '', 'org', 6, 6],
  ['2001:db8:1:0::5', '2001:0db8:0001:0000:0000:0000:0000:0000/48', '', '', 'org', 5, 5],
  ['2001:db8:1:1::5', '2001:0db8:0001:0000:0000:0000:0000:0000/48', '', '', 'org', 5, 5],
  ['2001:db8:1:2::5', '2001:0db8:0001:0000:0000:0000:0000:0000/48', '', '', 'org', 5, 5],
  ['2001:db8:1:3::5', '2001:0db8:0001:0000:0000:0000:0000:0000/48', '', '', 'org', 5, 5],
  ['2001:db8:1:4::5', '2001:0db8:0001:0000:0000:0000:0000:0000/48', '', '', 'org', 5, 5],
  ['203.0.113.20', '203.0.113.0/24', '', '', 'org', 7, 6],
  ['203.0.113.200', '203.0.113.0/24', '', '', 'anonymizer', 7, 6],
  ['5.42.203.9', '5.42.203.0/24', '393406', 'DigitalOcean', 'hosting', 0, 0],
  ['52.0.10.10', '52.0.10.0/24', '16509', 'Amazon Web Services', 'org', 5, 5],
  ['52.16.1.2', '52.16.1.0/24', '16509', 'Amazon Web Services', 'hosting', 1, 1],
  ['81.2.69.142', '81.2.69.0/24', '', '', 'other', 2, 1],
  ['81.2.69.150', '81.2.69.0/24', '', '', 'other', 2, 1],
];

test('CloudhopNetworkContext: org learned from shared use (same-day egress change, IPv6 /48, proxy in a cloud), hosting by ASN and by range, anonymizer, other', () => {
  const fn = pack.functions.find((f) => f.name === 'CloudhopNetworkContext');
  assert.ok(fn, 'the pack ships CloudhopNetworkContext');
  assert.deepEqual(pack.problems.filter((p) => p.file.includes('functions')), []);
  const tables = new Map<string, Table>([
    ['SigninLogs', table('SigninLogs', SIGNINS)], ['AADNonInteractiveUserSignInLogs', table('AADNonInteractiveUserSignInLogs', NONINTERACTIVE)],
    ['AWSCloudTrail', table('AWSCloudTrail', CLOUDTRAIL)], ['GCPAuditLogs', table('GCPAuditLogs', GCP)],
  ]);
  const r = execute('CloudhopNetworkContext() | order by IPAddress asc', { tables, now: new Date(NOW), watchlists, functions: pack.functions });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.diagnostics));
  assert.deepEqual(r.result.columns.map((c) => `${c.name}:${c.type}`),
    ['IPAddress:string', 'NetworkKey:string', 'Asn:string', 'Provider:string', 'NetworkKind:string', 'OrgUsers:long', 'PeakDailyUsers:long', 'FirstSeen:datetime', 'LastSeen:datetime']);
  assert.deepEqual(r.result.rows.map((row) => row.slice(0, 7)), EXPECTED);
});

test('CloudhopNetworkContext: a missing source table is no error (union isfuzzy with an empty datatable leg); parameters override the defaults', () => {
  const tables = new Map<string, Table>([['SigninLogs', table('SigninLogs', SIGNINS)]]);
  const run = (q: string) => {
    const r = execute(q, { tables, now: new Date(NOW), watchlists, functions: pack.functions });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.diagnostics));
    return r.result.rows;
  };
  // Default: the office /24 (6 users on a day) is org.
  assert.deepEqual(run("CloudhopNetworkContext() | where IPAddress == '198.51.100.10' | project NetworkKind"), [['org']]);
  // min_org_users = 7: no network reaches it.
  assert.deepEqual(run("CloudhopNetworkContext(14d, 7) | where NetworkKind == 'org' | count"), [[0]]);
  // lookback = 1d: only the last day's rows (the new egress is org on its first day).
  assert.deepEqual(run('CloudhopNetworkContext(lookback = 1d) | project IPAddress, NetworkKind | order by IPAddress asc'),
    [['185.220.101.1', 'anonymizer'], ['192.0.2.50', 'hosting'], ['203.0.113.20', 'org']]);
});

test('CloudhopNetworkContext in a rule: lookup on IPAddress keeps sign-ins from networks that are not the organisation\'s', () => {
  const tables = new Map<string, Table>([['SigninLogs', table('SigninLogs', SIGNINS)]]);
  const q = `SigninLogs
| where TimeGenerated > ago(2d) and ResultType == "0"
| lookup kind=leftouter (CloudhopNetworkContext()) on IPAddress
| where NetworkKind != "org"
| project IPAddress, NetworkKind
| order by IPAddress asc`;
  const r = execute(q, { tables, now: new Date(NOW), watchlists, functions: pack.functions });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.diagnostics));
  assert.deepEqual(r.result.rows, [['185.220.101.1', 'anonymizer'], ['192.0.2.50', 'hosting'], ['81.2.69.142', 'other']]);
});
