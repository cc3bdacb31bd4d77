// `cloudhop query` and `cloudhop explain` per the CLI contract (docs/CLI.md): formats, exit
// statuses, diagnostics with line:col and caret, --batch. Runs the real CLI in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from '../helpers/shared.js';

const DATA = join(ROOT, 'test/kql/exec/fixtures/data');
function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e',
    `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test('query --format json: columns with types, values in their JSON form', () => {
  const r = cli('query', '--data', DATA, '--now', '2024-06-01T12:00:00Z', '--format', 'json',
    'SigninLogs | where TimeGenerated > ago(1h) | project TimeGenerated, UserPrincipalName, LocationDetails, Age = now() - TimeGenerated, Risky = RiskLevelDuringSignIn == "high" | sort by TimeGenerated asc');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, JSON.stringify({
    columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'UserPrincipalName', type: 'string' }, { name: 'LocationDetails', type: 'dynamic' }, { name: 'Age', type: 'timespan' }, { name: 'Risky', type: 'bool' }],
    rows: [
      ['2024-06-01T11:30:00.0000000Z', 'b@contoso.com', { city: 'Lagos', countryOrRegion: 'NG' }, '00:30:00', false],
      ['2024-06-01T11:45:00.0000000Z', 'c@contoso.com', { city: 'Oslo', countryOrRegion: 'NO' }, '00:15:00', true],
    ],
  }) + '\n');
});

test('query --format csv and jsonl; -f FILE runs the seed rule verbatim', () => {
  const csv = cli('query', '--data', DATA, '--format', 'csv', 'DeviceProcessEvents | summarize n = count() by DeviceName | sort by DeviceName asc');
  assert.equal(csv.code, 0, csv.err);
  assert.equal(csv.out, 'DeviceName,n\nws01,2\nws02,1\n');
  const jsonl = cli('query', '--data', DATA, '--format', 'jsonl', 'print a = 1, b = "x,y"');
  assert.equal(jsonl.out, '{"a":1,"b":"x,y"}\n');
  const seed = cli('query', '--data', DATA, '--now', '2024-06-01T12:00:00Z', '--format', 'jsonl', '-f', join(ROOT, 'test/kql/exec/fixtures/T1021.007-seed.kql'));
  assert.equal(seed.code, 0, seed.err);
  const rows = seed.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(rows.map((x) => x.UserPrincipalName || x.CloudPlatform), ['b@contoso.com', 'a@contoso.com', 'Unknown', 'Azure']);
});

test('query: a KQL error prints source:line:col, the line and a caret, exit 1', () => {
  const r = cli('query', '--data', DATA, 'SigninLogs\n| where NoSuchColumn == 1');
  assert.equal(r.code, 1);
  assert.match(r.err, /^<query>:2:9: error KQL\d+: .*NoSuchColumn/m);
  assert.match(r.err, /\n {4}\| where NoSuchColumn == 1\n {12}\^~+/);
});

test('query: bad usage exits 2', () => {
  assert.equal(cli('query', '--format', 'xml', 'print 1').code, 2);
  assert.equal(cli('query').code, 2);
  assert.equal(cli('query', '--now', 'yesterday', 'print 1').code, 2);
});

test('query --batch: one output line per input line, errors as {"error"}', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-q-'));
  const f = join(dir, 'b.jsonl');
  writeFileSync(f, [JSON.stringify({ query: 'print x = now()', now: '2024-01-02T03:04:05Z' }), JSON.stringify({ query: 'NoTable | take 1' }), JSON.stringify({ query: 'DeviceProcessEvents | count' })].join('\n') + '\n');
  const r = cli('query', '--data', DATA, '--batch', f);
  const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { rows?: unknown[][]; error?: { code: string } });
  assert.equal(lines.length, 3);
  assert.deepEqual(lines[0]!.rows, [['2024-01-02T03:04:05.0000000Z']]);
  assert.match(lines[1]!.error!.code, /^KQL/);
  assert.deepEqual(lines[2]!.rows, [[3]]);
  assert.equal(r.code, 1);
});

test('explain prints the plan as indented text', () => {
  const r = cli('explain', 'T | where x > 1 | summarize c = count() by k');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'Aggregate aggs=[c = count()] by=[k]\n  Filter x > 1\n    Table T\n');
  assert.equal(cli('explain', 'T | where (').code, 1);
});

test('query --timeout / --max-memory: limits per query; bad values are usage errors; a large ceiling re-runs Node with a larger heap', () => {
  const slow = cli('query', '--timeout', '300ms', 'range i from 1 to 50000000 step 1 | where strcat("a", i) matches regex @"(a+)+$" | count');
  assert.equal(slow.code, 1);
  assert.match(slow.err, /error KQL502: The query timed out: it ran past its time limit of 300 ms/);
  const big = cli('query', '--max-memory', '128MB', 'range i from 1 to 3000 step 1 | extend a = range(i, i + 1000000, 1) | mv-expand a | count');
  assert.equal(big.code, 1);
  assert.match(big.err, /error KQL503: The query exceeded its memory limit of 128 MB/);
  assert.equal(cli('query', '--timeout', 'soon', 'print 1').code, 2);
  assert.equal(cli('query', '--max-memory', 'lots', 'print 1').code, 2);
  const large = cli('query', '--max-memory', '6GB', '--format', 'json', 'print x = 1');
  assert.equal(large.code, 0, large.err);
  assert.equal(large.out, '{"columns":[{"name":"x","type":"long"}],"rows":[[1]]}\n');
});
