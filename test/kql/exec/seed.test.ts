// Acceptance 1 (issue 3): the seed rule runs verbatim and gives Kusto's answer, including the
// term-semantics consequences (DOMAIN.md "The seed rule, read closely"):
// - `has_any ("Connect-Az", …)` does not match `Connect-AzAccount` (not a whole-term sequence), so
//   those rows get CloudPlatform "Unknown";
// - after the union, process rows have no TimeGenerated: `sort by TimeGenerated desc` puts them last.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../helpers/shared.js';
import { tableFromRows, type Table } from '../../../src/kql/data/column.js';
import { parseIsoDatetime } from '../../../src/kql/data/convert.js';
import type { Value } from '../../../src/kql/data/types.js';
import { BUILTIN_TABLES } from '../../../src/store/schemas/index.js';
import { execute } from '../../../src/kql/execute.js';
import { resultToJson } from '../../../src/cli/output.js';

// The seed query, pinned in the repository (identical to ../shared/seed/T1021.007-seed.kql).
const SEED = readFileSync(join(ROOT, 'test/kql/exec/fixtures/T1021.007-seed.kql'), 'utf8');
const NOW = parseIsoDatetime('2024-06-01T12:00:00Z')!;
const t = (s: string): number => parseIsoDatetime(s)!;

function table(name: string, rows: Record<string, Value>[]): Table {
  return tableFromRows(name, BUILTIN_TABLES.get(name)!.columns, rows);
}

function fixture(): Map<string, Table> {
  const proc = (ts: string, cmd: string, dev = 'ws01'): Record<string, Value> => ({
    Timestamp: t(ts), TimeGenerated: t(ts), DeviceName: dev, AccountName: 'jdoe', FileName: 'powershell.exe',
    ProcessCommandLine: cmd, InitiatingProcessFileName: 'explorer.exe',
  });
  const dpe = table('DeviceProcessEvents', [
    proc('2024-06-01T08:00:00Z', 'powershell.exe -NoProfile -Command Connect-AzAccount -Tenant contoso'),
    proc('2024-06-01T09:00:00Z', 'az login --use-device-code'),
    proc('2024-06-01T09:30:00Z', 'aws sts get-caller-identity'),
    proc('2024-06-01T10:00:00Z', 'gcloud auth login --no-launch-browser'),
    proc('2024-06-01T10:30:00Z', 'pwsh -c Connect-MgGraph -Scopes Directory.Read.All'),
    proc('2024-06-01T11:00:00Z', 'notepad.exe notes.txt'),
    proc('2024-05-30T11:00:00Z', 'az login'), // older than 24h
  ]);
  const signin = (ts: string, upn: string, result: string, risk: string, net: string): Record<string, Value> => ({
    TimeGenerated: t(ts), UserPrincipalName: upn, ResultType: result, RiskLevelDuringSignIn: risk,
    AppDisplayName: 'Azure Portal', IPAddress: '203.0.113.7', LocationDetails: { city: 'Oslo', countryOrRegion: 'NO' },
    NetworkLocationDetails: net, ConditionalAccessStatus: 'success',
  });
  const sl = table('SigninLogs', [
    signin('2024-06-01T07:00:00Z', 'a@contoso.com', '0', 'high', '[]'),
    signin('2024-06-01T11:30:00Z', 'b@contoso.com', '0', 'none', '[{"networkType":"anonymizedIPAddress","networkNames":[]}]'),
    signin('2024-06-01T11:45:00Z', 'c@contoso.com', '50126', 'high', '[]'),
    signin('2024-06-01T11:50:00Z', 'd@contoso.com', '0', 'low', '[]'),
    signin('2024-05-29T11:50:00Z', 'e@contoso.com', '0', 'high', '[]'),
  ]);
  return new Map([['DeviceProcessEvents', dpe], ['SigninLogs', sl]]);
}

test('the pinned seed query equals ../shared/seed (when present)', () => {
  const shared = join(ROOT, '..', 'shared', 'seed', 'T1021.007-seed.kql');
  if (!existsSync(shared)) return;
  assert.equal(SEED, readFileSync(shared, 'utf8'));
});

test('seed rule verbatim: Kusto answer with term semantics and nulls-last sort', () => {
  const out = execute(SEED, { tables: fixture(), now: NOW });
  assert.ok(out.ok, out.ok ? '' : JSON.stringify(out.diagnostics));
  const r = resultToJson(out.result);
  assert.deepEqual(r.columns.map((c) => c.name), [
    'Timestamp', 'DeviceName', 'AccountName', 'FileName', 'ProcessCommandLine', 'InitiatingProcessFileName',
    'CloudPlatform', 'TimeGenerated', 'UserPrincipalName', 'AppName', 'IPAddress', 'Location',
    'RiskLevelDuringSignIn', 'ConditionalAccessStatus',
  ]);
  // Sign-in rows first, newest first: b (anonymizer, 11:30) then a (high risk, 07:00).
  assert.equal(r.rows.length, 7);
  const col = (name: string) => r.columns.findIndex((c) => c.name === name);
  assert.deepEqual(r.rows.slice(0, 2).map((x) => x[col('UserPrincipalName')]), ['b@contoso.com', 'a@contoso.com']);
  assert.equal(r.rows[0]![col('Location')], '{"city":"Oslo","countryOrRegion":"NO"}');
  // Then the process rows (TimeGenerated null → last), in any order.
  const procRows = r.rows.slice(2);
  for (const x of procRows) assert.equal(x[col('TimeGenerated')], null);
  const platform = new Map(procRows.map((x) => [x[col('ProcessCommandLine')] as string, x[col('CloudPlatform')]]));
  assert.deepEqual(Object.fromEntries(platform), {
    'powershell.exe -NoProfile -Command Connect-AzAccount -Tenant contoso': 'Unknown', // "Connect-Az" is not a term of Connect-AzAccount
    'az login --use-device-code': 'Azure',
    'aws sts get-caller-identity': 'AWS',
    'gcloud auth login --no-launch-browser': 'GCP',
    'pwsh -c Connect-MgGraph -Scopes Directory.Read.All': 'Unknown',
  });
});
