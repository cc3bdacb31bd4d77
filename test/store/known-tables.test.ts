// Every Log Analytics / Sentinel / Defender XDR table is known: `check` accepts queries over it with
// no schema passed in, `query` reads a known table without rows as empty (as a Sentinel workspace
// does), a file named after any of them is ingested into it with the catalog's types, and
// `tables --all` lists them. Schemas come from src/store/schemas/catalog.ts (scripts/gen-schemas.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from '../helpers/shared.js';
import { KNOWN_TABLES, BUILTIN_TABLES, builtinCatalog } from '../../src/store/schemas/index.js';
import { check, execute } from '../../src/kql/index.js';

function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e',
    `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test('the catalog: every table of the reference, the built-in ones with their descriptions first', () => {
  assert.ok(KNOWN_TABLES.size >= 909, `${KNOWN_TABLES.size} tables`);
  for (const n of ['AADSignInEventsBeta', 'GraphAPIAuditEvents', 'ExposureGraphEdges', 'DeviceNetworkEvents', 'DeviceFileEvents', 'DeviceLogonEvents', 'EmailEvents', 'IdentityLogonEvents', 'CloudAppEvents', 'SecurityEvent', 'OfficeActivity', 'AzureActivity', 'Syslog', 'CommonSecurityLog']) {
    assert.ok(KNOWN_TABLES.has(n), n);
  }
  const dne = KNOWN_TABLES.get('DeviceNetworkEvents')!;
  const col = (n: string) => dne.columns.find((c) => c.name === n)?.type;
  assert.deepEqual([col('Timestamp'), col('TimeGenerated'), col('RemotePort'), col('RemoteIP'), col('AdditionalFields')], ['datetime', 'datetime', 'int', 'string', 'dynamic']);
  assert.equal(KNOWN_TABLES.get('SigninLogs'), BUILTIN_TABLES.get('SigninLogs'), 'a built-in table keeps its described schema');
  assert.equal(KNOWN_TABLES.get('signinlogs'), undefined, 'table names are case-sensitive, as in Kusto');
  assert.equal(KNOWN_TABLES.get('NoSuchTable'), undefined);
  assert.equal([...KNOWN_TABLES.keys()].length, KNOWN_TABLES.size);
});

test('check as shipped accepts queries over any known table and types their columns', () => {
  const catalog = builtinCatalog();
  const r = check('DeviceNetworkEvents | where RemotePort == 443 and ActionType == "ConnectionSuccess" | summarize n = count() by DeviceName, RemoteIP', { catalog });
  assert.equal(r.ok, true, JSON.stringify(r.diagnostics));
  assert.deepEqual(r.schema?.map((c) => `${c.name}:${c.type}`), ['DeviceName:string', 'RemoteIP:string', 'n:long']);
  const s = check('SecurityEvent | where EventID == 4624 | project TimeGenerated, Account, LogonType', { catalog });
  assert.deepEqual(s.schema?.map((c) => `${c.name}:${c.type}`), ['TimeGenerated:datetime', 'Account:string', 'LogonType:int']);
  const bad = check('DeviceNetworkEvent | count', { catalog });
  assert.equal(bad.ok, false);
  assert.match(bad.diagnostics[0]!.message, /Unknown table 'DeviceNetworkEvent'.*Did you mean 'DeviceNetworkEvents'/);
  // A user table given with the catalog wins over the known one of the same name.
  const own = check('SecurityEvent | project Mine', { catalog: builtinCatalog([{ name: 'SecurityEvent', columns: [{ name: 'Mine', type: 'string' }] }]) });
  assert.equal(own.ok, true, JSON.stringify(own.diagnostics));
});

test('execute: a known table without rows reads as empty with its schema; an unknown name is still an error', () => {
  const r = execute('DeviceLogonEvents | where LogonType == "Network" | project Timestamp, AccountName, RemoteIP', { tables: new Map(), knownTables: KNOWN_TABLES });
  assert.equal(r.ok, true, r.ok ? '' : JSON.stringify(r.diagnostics));
  if (r.ok) {
    assert.deepEqual(r.result.columns.map((c) => `${c.name}:${c.type}`), ['Timestamp:datetime', 'AccountName:string', 'RemoteIP:string']);
    assert.equal(r.result.rows.length, 0);
  }
  const u = execute('union withsource=T SigninLogs, DeviceLogonEvents | count', { tables: new Map(), knownTables: KNOWN_TABLES });
  assert.equal(u.ok && u.result.rows[0]![0], 0);
  const x = execute('NoSuchTable | count', { tables: new Map(), knownTables: KNOWN_TABLES });
  assert.equal(x.ok, false);
  assert.equal(!x.ok && x.diagnostics[0]!.code, 'KQL101');
  const without = execute('DeviceLogonEvents | count', { tables: new Map() });
  assert.equal(without.ok, false, 'without knownTables the engine knows only the tables it was given');
});

test('CLI: a file named after a catalog table is ingested into it with the catalog types; query reads absent known tables as empty', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ch-known-'));
  writeFileSync(join(dir, 'DeviceNetworkEvents.jsonl'), [
    '{"Timestamp":"2026-01-01T00:00:00Z","DeviceName":"h1","RemoteIP":"1.2.3.4","RemotePort":443}',
    '{"Timestamp":"2026-01-01T01:00:00Z","DeviceName":"h2","RemoteIP":"1.2.3.5","RemotePort":"80"}',
  ].join('\n') + '\n');
  const q = cli('query', '--data', dir, '--format', 'json', 'DeviceNetworkEvents | project TimeGenerated, DeviceName, RemotePort | sort by DeviceName asc');
  assert.equal(q.code, 0, q.err);
  assert.equal(q.out, JSON.stringify({
    columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'DeviceName', type: 'string' }, { name: 'RemotePort', type: 'int' }],
    rows: [['2026-01-01T00:00:00.0000000Z', 'h1', 443], ['2026-01-01T01:00:00.0000000Z', 'h2', 80]],
  }) + '\n');
  const empty = cli('query', '--data', dir, '--format', 'csv', 'EmailEvents | count');
  assert.equal(empty.code, 0, empty.err);
  assert.equal(empty.out, 'Count\n0\n');
  const unknown = cli('query', '--data', dir, 'EmailEvent | count');
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /KQL101: Unknown table 'EmailEvent'/);
});

test('CLI: tables --all lists every known table; a missing --workspace is bad usage', () => {
  const r = cli('tables', '--all', '--format', 'json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { tables: { table: string; rows: number; known: boolean; columns: unknown[] }[] };
  assert.ok(j.tables.length >= 898);
  const se = j.tables.find((t) => t.table === 'SecurityEvent')!;
  assert.equal(se.known, true);
  assert.ok(se.columns.length > 100);
  const missing = cli('tables', '--all', '--workspace', join(tmpdir(), 'no-such-ws-ch'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no workspace here/);
});

test('check accepts what Microsoft\'s analyzer accepts: string/number equality, Unicode whitespace', () => {
  const catalog = builtinCatalog();
  for (const q of [
    'SigninLogs | where ResultType == 0 | count',
    'SigninLogs | where ResultType != 50126 | count',
    'SecurityEvent | where EventID in ("4624", "4625") | count',
    'DeviceNetworkEvents | where RemotePort == "443" | count',
    'SigninLogs | where TimeGenerated between (datetime(2024-01-01) .. 1d) | count',
    'DeviceProcessEvents\u200B| where\u202FFileName =~ "cmd.exe"\u3000| count',
  ]) {
    const r = check(q, { catalog });
    assert.equal(r.ok, true, `${q}: ${JSON.stringify(r.diagnostics)}`);
  }
  // Ordering between a string and a number stays an error, as in Microsoft's analyzer.
  const lt = check('SigninLogs | where ResultType < 1 | count', { catalog });
  assert.equal(lt.ok, false);
  assert.equal(lt.diagnostics[0]!.code, 'KQL202');
});
