import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, readFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPack, lintPack, loadEngine, runDetections, formatProblem, loadFunctionText, loadWatchlistDir } from '../../src/detect/index.js';
import { runRuleTests } from '../../src/detect/rule-tests.js';
import { functionTemplate, watchlistTemplate, WATCHLIST_MAX_BYTES, SAVED_SEARCH_RESOURCE_TYPE, WATCHLIST_RESOURCE_TYPE } from '../../src/detect/export.js';
import { tableFromRows } from '../../src/kql/data/column.js';
import { BUILTIN_TABLES } from '../../src/store/schemas/index.js';
import { parseIsoDatetime } from '../../src/kql/data/convert.js';
import { msCheck, MS_PARSER_AVAILABLE } from '../content/ms-kusto.js';
import { cloudhop, ROOT } from './cli.js';

// Stored functions in rule packs (functions/*.yaml, Sentinel's parser shape): loading, lint,
// replay, rule tests, export and the CLI's --functions; every problem at file:line:col.

const FIXTURE = join(ROOT, 'test/detect/fixtures/functions-pack');

test('function files: the Sentinel parser shape loads; malformed files give problems at file:line:col', () => {
  const good = loadFunctionText('f.yaml', [
    'FunctionName: Nice name', 'FunctionAlias: MyFn', 'FunctionParams:', '  - Name: since', '    Type: timespan', '    Default: 1d',
    '  - Name: who', '    Type: string', '    Default: alice', 'FunctionQuery: |', '  SigninLogs', '  | where TimeGenerated > ago(since)',
  ].join('\n'));
  assert.deepEqual(good.problems, []);
  assert.equal(good.fn!.name, 'MyFn');
  assert.equal(good.fn!.title, 'Nice name');
  assert.equal(good.fn!.parameters, "since:timespan = 1d, who:string = 'alice'");
  assert.deepEqual(good.fn!.bodyPosition(2, 3), { line: 12, col: 5 });
  const bad = loadFunctionText('bad.yaml', [
    'FunctionAlias: 1bad', 'FunctionParams:', '  - Name: a', '    Type: long', '    Default: 1', '  - Name: b', '  - Type: long', 'Colour: red',
  ].join('\n'));
  assert.deepEqual(bad.problems.map(formatProblem).sort(), [
    "bad.yaml:1:16: error FUNC005: FunctionAlias '1bad' is not a KQL name (letters, digits, _; not starting with a digit)",
    "bad.yaml:1:1: error FUNC003: missing required field 'FunctionQuery' (the function's body)",
    "bad.yaml:8:1: warning FUNC090: unknown field 'Colour'",
    "bad.yaml:6:5: error FUNC007: parameter 'b': 'Type' is required (string, long, timespan, dynamic, (*)...)",
    "bad.yaml:7:5: error FUNC007: parameter 3: 'Name' must be a KQL name",
  ].sort());
  assert.equal(bad.fn, undefined);
});

function tempPack(functionBody: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fnpack-'));
  cpSync(FIXTURE, dir, { recursive: true });
  writeFileSync(join(dir, 'functions', 'FixtureNetworkKind.yaml'), [
    'FunctionAlias: FixtureNetworkKind', 'FunctionParams:', '  - Name: lookback', '    Type: timespan', '    Default: 1d',
    'FunctionQuery: |', ...functionBody.split('\n').map((l) => `  ${l}`),
  ].join('\n') + '\n');
  return dir;
}

test('lint-rules reports an error in a function body at the function file\'s line:col; the fixture pack lints clean', async () => {
  const engine = await loadEngine();
  assert.deepEqual(lintPack([FIXTURE], engine).problems.map(formatProblem), []);
  const dir = tempPack('SigninLogs\n| where TimeGenerated > ago(lookback)\n| extend NetworkKind = "hosting", Provider = Nope');
  const { problems } = lintPack([dir], engine);
  const fnFile = join(dir, 'functions', 'FixtureNetworkKind.yaml');
  const mine = problems.filter((p) => p.file.endsWith('FixtureNetworkKind.yaml'));
  assert.deepEqual(mine.map((p) => `${p.line}:${p.col} ${p.code}`), ['9:48 KQL100'], problems.map(formatProblem).join('\n'));
  assert.equal(readFileSync(fnFile, 'utf8').split('\n')[8]!.slice(47, 51), 'Nope');
});

test('replay: a rule calling a function that fails at run time reports the function file:line:col', async () => {
  const dir = tempPack('SigninLogs\n| where TimeGenerated > ago(lookback)\n| extend NetworkKind = "hosting", Provider = tostring(todynamic(IPAddress).x)\n| invoke nosuch()');
  const pack = loadPack([dir]);
  assert.equal(pack.rules.length, 1);
  const t = (s: string) => parseIsoDatetime(s)!;
  const tables = new Map([['SigninLogs', tableFromRows('SigninLogs', BUILTIN_TABLES.get('SigninLogs')!.columns, [{ TimeGenerated: t('2024-06-15T10:50:00Z'), IPAddress: '203.0.113.66', ResultType: '0' }])]]);
  const out = await runDetections({ tables, rules: pack.rules, now: '2024-06-15T11:00:00Z' });
  const err = out.perRuleStats[0]!.errors[0] ?? '';
  assert.match(err, /FixtureNetworkKind\.yaml:10:12: KQL102 /, err);
});

test('test-rules runs a rule that calls its pack\'s function (pack watchlists and per-case watchlists)', async () => {
  const res = await runRuleTests([FIXTURE], undefined, ROOT);
  assert.deepEqual(res.problems, []);
  assert.deepEqual(res.cases.map((c) => [c.name, c.pass, c.failures]), [
    ['sign-in from a DigitalOcean address', true, []],
    ['sign-in from a home network', true, []],
    ["the case's watchlist replaces the pack's", true, []],
  ]);
});

test('export: the functions a rule calls as saved searches with a function alias, the watchlists rules and functions read', () => {
  const out = mkdtempSync(join(tmpdir(), 'arm-fn-'));
  const r = cloudhop(['export', '--sentinel', out, '--rules', FIXTURE]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote 1 ARM template\(s\) .*deploy first: 1 function\(s\) in .*functions, 1 watchlist\(s\) in .*watchlists/);
  assert.deepEqual(readdirSync(join(out, 'functions')), ['FixtureNetworkKind.json']);
  assert.deepEqual(readdirSync(join(out, 'watchlists')), ['FixtureHostingAsns.json']);
  const fn = JSON.parse(readFileSync(join(out, 'functions', 'FixtureNetworkKind.json'), 'utf8'));
  assert.equal(fn.resources.length, 1);
  const s = fn.resources[0];
  assert.equal(s.type, SAVED_SEARCH_RESOURCE_TYPE);
  assert.equal(s.name, "[concat(parameters('workspace'), '/FixtureNetworkKind')]");
  assert.equal(s.properties.functionAlias, 'FixtureNetworkKind');
  assert.equal(s.properties.functionParameters, "lookback:timespan = 1d, label:string = 'hosting'");
  assert.match(s.properties.query, /^let asns = _GetWatchlist\('FixtureHostingAsns'\)/);
  const wl = JSON.parse(readFileSync(join(out, 'watchlists', 'FixtureHostingAsns.json'), 'utf8')).resources[0];
  assert.equal(wl.type, WATCHLIST_RESOURCE_TYPE);
  assert.deepEqual({ alias: wl.properties.watchlistAlias, key: wl.properties.itemsSearchKey, type: wl.properties.contentType, raw: wl.properties.rawContent },
    { alias: 'FixtureHostingAsns', key: 'Asn', type: 'text/csv', raw: readFileSync(join(FIXTURE, 'watchlists', 'FixtureHostingAsns.csv'), 'utf8') });
});

test('CloudhopNetworkContext exports as a saved search whose body Microsoft\'s parser accepts; its watchlists fit Sentinel\'s 3.8 MB', () => {
  const pack = loadPack([join(ROOT, 'rules', 'T1021.007')]);
  const f = pack.functions.find((x) => x.name === 'CloudhopNetworkContext')!;
  const t = functionTemplate(f) as { resources: { properties: Record<string, string> }[] };
  assert.equal(t.resources[0]!.properties.functionParameters, 'lookback:timespan = 14d, min_org_users:long = 5, org_user_share:real = 0.02');
  if (MS_PARSER_AVAILABLE) {
    const p = t.resources[0]!.properties;
    const asDeployed = `let ${p.functionAlias} = (${p.functionParameters}) {\n${p.query}\n};\n${p.functionAlias}()`;
    assert.deepEqual(msCheck(asDeployed), []);
  }
  const dir = pack.watchlistDirs[0]!;
  const loaded = loadWatchlistDir(dir, []);
  for (const alias of ['CloudhopHostingAsns', 'CloudhopHostingRanges']) {
    const csv = readFileSync(join(dir, `${alias}.csv`), 'utf8');
    assert.ok(Buffer.byteLength(csv) < WATCHLIST_MAX_BYTES, `${alias}: ${Buffer.byteLength(csv)} bytes`);
    const w = watchlistTemplate(alias, csv, loaded.get(alias.toLowerCase())!.searchKey) as { resources: { properties: { itemsSearchKey: string } }[] };
    assert.equal(w.resources[0]!.properties.itemsSearchKey, alias === 'CloudhopHostingAsns' ? 'Asn' : 'Network');
  }
});

test('cloudhop check / query --functions DIR: calls resolve; problems in a function are printed at its file:line:col', () => {
  const dir = tempPack('SigninLogs\n| where TimeGenerated > ago(lookback)\n| project IPAddres');
  const c = cloudhop(['check', '--functions', dir, 'FixtureNetworkKind() | take 1']);
  assert.equal(c.code, 1);
  assert.match(c.stdout, /FixtureNetworkKind\.yaml:9:13: error KQL100: Unknown column or variable 'IPAddres'/);
  const ok = cloudhop(['check', '--functions', FIXTURE, '--format', 'json', 'FixtureNetworkKind(2d) | project IPAddress, NetworkKind']);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout).schema, [{ name: 'IPAddress', type: 'string' }, { name: 'NetworkKind', type: 'string' }]);
  const data = mkdtempSync(join(tmpdir(), 'fn-data-'));
  mkdirSync(data, { recursive: true });
  writeFileSync(join(data, 'SigninLogs.jsonl'), JSON.stringify({ TimeGenerated: '2024-06-15T10:00:00Z', IPAddress: '203.0.113.66', AutonomousSystemNumber: '14061', ResultType: '0' }) + '\n');
  const q = cloudhop(['query', '--data', data, '--functions', FIXTURE, '--now', '2024-06-15T11:00:00Z', '--format', 'json', 'FixtureNetworkKind() | project IPAddress, NetworkKind, Provider']);
  assert.equal(q.code, 0, q.stderr);
  assert.deepEqual(JSON.parse(q.stdout).rows, [['203.0.113.66', 'hosting', 'DigitalOcean']]);
  const u = cloudhop(['query', '--functions', join(dir, 'nope'), 'print 1']);
  assert.equal(u.code, 2);
});

test('a rule file given on its own sees the functions and watchlists beside it; a pack given twice loads its functions once', () => {
  const one = loadPack([join(FIXTURE, 'hosting-signin.yaml')]);
  assert.deepEqual(one.functions.map((f) => f.name), ['FixtureNetworkKind']);
  assert.deepEqual(one.rules[0]!.functions?.map((f) => f.name), ['FixtureNetworkKind']);
  assert.equal(one.watchlistDirs.length, 1);
  const twice = loadPack([FIXTURE, join(FIXTURE, 'hosting-signin.yaml')]);
  assert.deepEqual(twice.functions.map((f) => f.name), ['FixtureNetworkKind']);
  assert.deepEqual(twice.problems.filter((p) => p.code.startsWith('FUNC')), []);
});
