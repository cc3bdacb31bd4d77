// The self-contained text of one scheduled run for a remote engine (src/remote/window-query.ts):
// input query beside the exact text sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { windowQuery } from '../../src/remote/window-query.ts';
import { parseIsoDatetime } from '../../src/kql/data/convert.ts';

const T = (s: string): number => parseIsoDatetime(s)!;

test('tables are windowed under new names, now()/ago() fixed to the run time, functions inlined in call order', () => {
  const query = `let recent = SigninLogs | where TimeGenerated > ago(1h);
recent
| join kind=inner (Helper(2d)) on IPAddress
| extend SigninLogs = 1, x = pack("AuditLogs", now()), y = d.SigninLogs
| where TimeGenerated <= now(-5m)`;
  const functions = [
    { name: 'Helper', parameters: 'lookback:timespan = 14d', body: 'Base() | where TimeGenerated > ago(lookback);' },
    { name: 'Base', parameters: '', body: 'AuditLogs | project IPAddress = tostring(InitiatedBy.user.ipAddress), TimeGenerated' },
  ];
  const text = windowQuery(query, {
    tables: [{ name: 'SigninLogs', timeColumn: 'TimeGenerated' }, { name: 'AuditLogs', timeColumn: 'TimeGenerated' }, { name: 'Lookup' }],
    absent: new Map([['AWSCloudTrail', 'datatable([\'TimeGenerated\']:datetime)[]']]),
    functions, from: T('2026-11-17T00:00:00Z'), to: T('2026-11-18T00:00:00Z'), now: T('2026-11-18T00:00:00Z'),
  });
  const N = 'datetime(2026-11-18T00:00:00.0000000Z)';
  assert.equal(text, [
    `let __cloudhop_SigninLogs = SigninLogs | where TimeGenerated >= datetime(2026-11-17T00:00:00.0000000Z) and TimeGenerated < ${N};`,
    `let __cloudhop_AuditLogs = AuditLogs | where TimeGenerated >= datetime(2026-11-17T00:00:00.0000000Z) and TimeGenerated < ${N};`,
    'let __cloudhop_Lookup = Lookup;',
    "let __cloudhop_AWSCloudTrail = datatable(['TimeGenerated']:datetime)[];",
    'let Base = () {\n__cloudhop_AuditLogs | project IPAddress = tostring(InitiatedBy.user.ipAddress), TimeGenerated\n};',
    `let Helper = (lookback:timespan = 14d) {\nBase() | where TimeGenerated > (${N} - (lookback))\n};`,
    `let recent = __cloudhop_SigninLogs | where TimeGenerated > (${N} - (1h));
recent
| join kind=inner (Helper(2d)) on IPAddress
| extend SigninLogs = 1, x = pack("AuditLogs", ${N}), y = d.SigninLogs
| where TimeGenerated <= (${N} + (-5m))`,
  ].join('\n'));
});
