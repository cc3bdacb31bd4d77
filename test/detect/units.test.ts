import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDuration, toIsoDuration, HOUR, MINUTE, DAY } from '../../src/detect/duration.js';
import { makeEntity, entityKey } from '../../src/detect/entities.js';
import { TimeSlicedTable } from '../../src/detect/timeslice.js';
import { loadWatchlistDir, watchlistProvider, watchlistAliases } from '../../src/detect/watchlists.js';
import { loadRuleText } from '../../src/detect/loader.js';
import { scheduleRuns } from '../../src/detect/replay.js';
import { groupIncidents } from '../../src/detect/incidents.js';
import type { Alert } from '../../src/detect/alert.js';
import { tableFromRows } from '../../src/kql/data/column.js';
import { parseIsoDatetime } from '../../src/kql/data/convert.js';

const T = (s: string): number => parseIsoDatetime(s)!;

test('durations: Sentinel short forms, ISO 8601 and Kusto text', () => {
  assert.equal(parseDuration('5m'), 5 * MINUTE);
  assert.equal(parseDuration('1h'), HOUR);
  assert.equal(parseDuration('14d'), 14 * DAY);
  assert.equal(parseDuration('PT1H30M'), 90 * MINUTE);
  assert.equal(parseDuration('P1D'), DAY);
  assert.equal(parseDuration('1.00:00:00'), DAY);
  assert.equal(parseDuration('1hour'), undefined);
  assert.equal(parseDuration('PT'), undefined);
  assert.equal(toIsoDuration(5 * MINUTE), 'PT5M');
  assert.equal(toIsoDuration(HOUR), 'PT1H');
  assert.equal(toIsoDuration(14 * DAY), 'P14D');
  assert.equal(toIsoDuration(DAY + 2 * HOUR), 'P1DT2H');
});

test('entities: FullName split like Sentinel, empty identifiers dropped', () => {
  assert.deepEqual(makeEntity('Account', new Map([['FullName', 'alice@contoso.com']])), { type: 'account', name: 'alice', upnSuffix: 'contoso.com' });
  assert.deepEqual(makeEntity('Account', new Map([['FullName', 'CONTOSO\\alice']])), { type: 'account', ntDomain: 'CONTOSO', name: 'alice' });
  assert.deepEqual(makeEntity('Host', new Map([['FullName', 'ws1.corp.contoso.com']])), { type: 'host', hostName: 'ws1', dnsDomain: 'corp.contoso.com' });
  assert.deepEqual(makeEntity('IP', new Map([['Address', '']])), undefined);
  assert.deepEqual(makeEntity('CloudApplication', new Map([['AppId', '04b07795-8ddb-461a-bbee-02f9e1bf7b46'], ['Name', 'Microsoft Azure CLI']])),
    { type: 'cloud-application', appId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', name: 'Microsoft Azure CLI' });
  assert.equal(entityKey({ type: 'ip', address: 'A' }), entityKey({ type: 'ip', address: 'a' }));
});

test('time slices: a window is a contiguous range of the time-sorted table', () => {
  const rows = ['2024-06-01T10:30:00Z', '2024-06-01T09:00:00Z', null, '2024-06-01T10:00:00Z', '2024-06-01T11:00:00Z']
    .map((t, i) => ({ TimeGenerated: t === null ? null : T(t), N: i }));
  const t = tableFromRows('X', [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'N', type: 'long' }], rows);
  const s = new TimeSlicedTable(t, 'TimeGenerated');
  const w = s.window(T('2024-06-01T10:00:00Z'), T('2024-06-01T11:00:00Z'));
  const ns = Array.from({ length: w.rowCount }, (_, i) => w.fields[1]!.column.get(i));
  assert.deepEqual(ns, [3, 0]); // [10:00, 11:00): the row at 11:00 belongs to the next window
  assert.equal(s.count(T('2024-06-01T00:00:00Z'), T('2024-06-02T00:00:00Z')), 4); // the null-time row is in no window
  assert.equal(s.minTime, T('2024-06-01T09:00:00Z'));
});

test('schedule: epoch-aligned runs from the first after `from` to the first at or after `to`', () => {
  const runs = scheduleRuns(HOUR, T('2024-06-01T09:30:00Z'), T('2024-06-01T12:00:00Z'));
  assert.deepEqual(runs, ['10:00', '11:00', '12:00'].map((h) => T(`2024-06-01T${h}:00Z`)));
});

test('watchlists: CSV columns as strings plus SearchKey (sidecar, SearchKey column, or first column) and WatchlistItem', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wl-'));
  writeFileSync(join(dir, 'Admins.csv'), 'Upn,Reason\nalice@contoso.com,"PAW, tier 0"\n');
  writeFileSync(join(dir, 'Admins.searchkey'), 'Upn\n');
  writeFileSync(join(dir, 'Hosts.csv'), 'Host,Owner\nbuild01,ci\n');
  const problems: never[] = [];
  const wl = loadWatchlistDir(dir, problems);
  const a = wl.get('admins')!;
  assert.deepEqual(a.table.fields.map((f) => f.name), ['Upn', 'Reason', 'SearchKey', 'WatchlistItem']);
  assert.equal(a.table.fields[2]!.column.get(0), 'alice@contoso.com');
  assert.deepEqual(a.table.fields[3]!.column.get(0), { Upn: 'alice@contoso.com', Reason: 'PAW, tier 0' });
  assert.equal(a.table.fields[1]!.column.get(0), 'PAW, tier 0');
  assert.equal(wl.get('hosts')!.searchKey, 'Host');
  assert.equal(problems.length, 0);
});

test('loader: a good rule loads with its defaults; problems point at file:line:col', () => {
  const text = [
    'id: 11111111-2222-4333-8444-555555555555', 'name: x', 'description: d', 'severity: High',
    'requiredDataConnectors: []', 'queryFrequency: 1h', 'queryPeriod: 2h', 'triggerOperator: gt', 'triggerThreshold: 0',
    'tactics: [LateralMovement]', 'relevantTechniques: [T1021.007]', 'query: SigninLogs', 'cloudhop:', '  confidence: high', '  colour: red',
  ].join('\n');
  const r = loadRuleText('r.yaml', text);
  assert.ok(r.rule);
  assert.equal(r.rule.queryPeriod, 2 * HOUR);
  assert.equal(r.rule.incident.grouping.lookbackDuration, 5 * HOUR);
  assert.equal(r.rule.aggregationKind, 'SingleAlert');
  assert.deepEqual(r.problems.map((p) => `${p.line}:${p.col} ${p.severity} ${p.code}`), ['15:3 warning RULE071']);
  const bad = loadRuleText('r.yaml', text.replace('queryPeriod: 2h', 'queryPeriod: 15d'));
  assert.equal(bad.rule, undefined);
  assert.deepEqual(bad.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}:${p.line}:${p.col} ${p.code}`), ['r.yaml:7:14 RULE011']);
});

function alert(id: string, time: string, user: string, ruleId = 'r1'): Alert {
  return {
    alertId: id, ruleId, ruleName: 'R', severity: 'Medium', confidence: null, tactics: [], techniques: [], timeGenerated: time, startTime: time, endTime: time,
    title: 'R', description: '', entities: [{ type: 'account', name: user }, { type: 'ip', address: `10.0.0.${id.length}` }], customDetails: {}, evidence: [], incidentId: null,
  };
}

test('incidents: Selected grouping by Account within the lookback of the first alert', () => {
  const text = (method: string) => [
    'id: 11111111-2222-4333-8444-555555555555', 'name: x', 'description: d', 'severity: High', 'requiredDataConnectors: []',
    'queryFrequency: 1h', 'queryPeriod: 1h', 'triggerOperator: gt', 'triggerThreshold: 0', 'query: SigninLogs',
    'incidentConfiguration:', '  createIncident: true', '  groupingConfiguration:', '    enabled: true', '    lookbackDuration: 5h',
    `    matchingMethod: ${method}`, '    groupByEntities: [Account]',
  ].join('\n');
  const rule = loadRuleText('r.yaml', text('Selected')).rule!;
  const rules = new Map([[rule.id, rule]]);
  const mk = () => [
    alert('a', '2024-06-01T10:00:00.0000000Z', 'alice', rule.id), alert('bb', '2024-06-01T10:00:00.0000000Z', 'bob', rule.id),
    alert('ccc', '2024-06-01T13:00:00.0000000Z', 'alice', rule.id), alert('dddd', '2024-06-01T16:00:00.0000000Z', 'alice', rule.id),
  ];
  const alerts = mk();
  const inc = groupIncidents(alerts, rules);
  assert.equal(inc.length, 3);
  assert.equal(alerts[0]!.incidentId, alerts[2]!.incidentId); // alice 10:00 and 13:00 (3 h apart; IPs differ, only Account counts)
  assert.notEqual(alerts[0]!.incidentId, alerts[1]!.incidentId); // bob
  assert.notEqual(alerts[0]!.incidentId, alerts[3]!.incidentId); // 16:00 is 6 h after the incident's first alert
  const all = groupIncidents(mk(), new Map([[rule.id, loadRuleText('r.yaml', text('AllEntities')).rule!]]));
  assert.equal(all.length, 4); // the IP entity differs on every alert
  const any = groupIncidents(mk(), new Map([[rule.id, loadRuleText('r.yaml', text('AnyAlert')).rule!]]));
  assert.equal(any.length, 2);
});

test('watchlists: a missing alias reads as an empty table with SearchKey and WatchlistItem; aliases found in queries', () => {
  const t = watchlistProvider(new Map())('Nope')!;
  assert.equal(t.rowCount, 0);
  assert.deepEqual(t.fields.map((f) => f.name), ['SearchKey', 'WatchlistItem']);
  assert.deepEqual(watchlistAliases(`let a = _GetWatchlist('Admins') | project SearchKey;\nT | where x !in (_getwatchlist("Hosts") | project SearchKey) | join (_GetWatchlist('Admins')) on y`), ['Admins', 'Hosts']);
});
