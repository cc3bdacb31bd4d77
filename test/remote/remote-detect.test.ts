// Acceptance 5 of issue 13: `detect --engine adx` and `--engine loganalytics`, through the official
// clients (azure-kusto-data, @azure/monitor-query) against the loopback stand-in (src/serve/),
// give the same alert records and incidents as a local replay of the same simulated tenant; and
// the error paths (refused credentials, unreachable endpoint, untrusted certificate, remote KQL
// error, bad usage) end with a one-line message and the documented exit status.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startStandIn, cli, TOKEN, WORKSPACE_ID, type StandIn } from './standin.ts';

let dir: string;
let tenant: string;
let s: StandIn;
let env: Record<string, string>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cloudhop-remote-test-'));
  tenant = join(dir, 'tenant');
  const sim = await cli(['simulate', '--out', tenant, '--seed', '5', '--days', '15', '--scale', '1000', '--quiet']);
  assert.equal(sim.code, 0, sim.err);
  s = await startStandIn(tenant);
  env = { NODE_EXTRA_CA_CERTS: s.caFile, CLOUDHOP_REMOTE_TOKEN: TOKEN };
});

after(async () => {
  await s?.server.close();
  if (s) rmSync(s.dir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const ADX = (): string[] => ['--engine', 'adx', '--endpoint', s.server.url, '--database', 'Security'];
const LA = (): string[] => ['--engine', 'loganalytics', '--endpoint', s.server.url, '--workspace-id', WORKSPACE_ID];

test('detect: adx and loganalytics give the alerts and incidents of the local replay, byte for byte', async () => {
  const run = async (name: string, args: string[]): Promise<{ alerts: string; incidents: string }> => {
    const out = join(dir, `${name}.jsonl`), inc = join(dir, `${name}.incidents.json`);
    const r = await cli(['detect', ...args, '--format', 'jsonl', '--out', out, '--incidents', inc], env);
    assert.equal(r.code, 0, `${name}: ${r.err}`);
    return { alerts: readFileSync(out, 'utf8'), incidents: readFileSync(inc, 'utf8') };
  };
  const local = await run('local', ['--data', tenant, '--watchlists', join(tenant, 'watchlists')]);
  const alerts = local.alerts.trim().split('\n').map((l) => JSON.parse(l) as { ruleId: string });
  // The tenant's attacks raise alerts of many rules: the comparison covers them.
  assert.ok(alerts.length >= 10, `local replay raised ${alerts.length} alert(s)`);
  assert.ok(new Set(alerts.map((a) => a.ruleId)).size >= 8);
  for (const [name, args] of [['adx', ADX()], ['loganalytics', LA()]] as const) {
    const remote = await run(name, args);
    assert.equal(remote.alerts, local.alerts, `${name}: alerts differ from the local replay`);
    assert.equal(remote.incidents, local.incidents, `${name}: incidents differ from the local replay`);
  }
});

test('query: every column type comes back as the local engine gives it (adx v2 and Log Analytics)', async () => {
  const q = `SigninLogs | top 3 by TimeGenerated asc | project TimeGenerated, UserPrincipalName, CorrelationId = toguid(CorrelationId),
    ok = ResultType == "0", n = tolong(DurationMs) + 5000000000000, r = 1.0 / 3, nan = real(nan), d = dynamic({"a": [1, "x", null]}), s = "\\u00e9\\u202e",
    ts = TimeGenerated - datetime(2026-01-01), precise = datetime(2026-11-15T01:02:03.1234567Z), nothing = datetime(null)`;
  const local = await cli(['query', '--data', join(tenant, 'SigninLogs.jsonl'), '--format', 'json', q], env);
  assert.equal(local.code, 0, local.err);
  for (const args of [ADX(), LA()]) {
    const r = await cli(['query', ...args, '--format', 'json', q], env);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, local.out);
  }
});

test('query: a stored function of the pack runs remotely (the stand-in holds the pack functions)', async () => {
  const q = 'CloudhopNetworkContext() | summarize count() by NetworkKind | sort by NetworkKind asc';
  const local = await cli(['query', '--data', tenant, '--functions', 'rules/T1021.007', '--now', '2026-11-18T00:00:00Z', '--format', 'json', q], env);
  assert.equal(local.code, 0, local.err);
  const r = await cli(['query', ...ADX(), '--now', '2026-11-18T00:00:00Z', '--format', 'json', q], env);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, local.out);
});

test('errors: refused credentials, unreachable endpoint, untrusted certificate, remote KQL error, bad usage', async () => {
  const cases: { args: string[]; env?: Record<string, string>; code: number; err: RegExp }[] = [
    { args: ['detect', ...ADX()], env: { CLOUDHOP_REMOTE_TOKEN: 'wrong' }, code: 1, err: /^cloudhop detect: the Kusto cluster https:\/\/127\.0\.0\.1:\d+ refused the credentials \(HTTP 401\)/ },
    { args: ['query', ...LA(), 'print 1'], env: { CLOUDHOP_REMOTE_TOKEN: 'wrong' }, code: 1, err: /^cloudhop query: authentication failed: the Log Analytics API at .* refused the credentials \(HTTP 401\)/ },
    { args: ['detect', '--engine', 'loganalytics', '--endpoint', 'https://127.0.0.1:1', '--workspace-id', WORKSPACE_ID], code: 1, err: /^cloudhop detect: cannot reach the Log Analytics API at https:\/\/127\.0\.0\.1:1: ECONNREFUSED/ },
    { args: ['query', '--engine', 'adx', '--cluster', 'https://127.0.0.1:1', '--database', 'db', 'print 1'], code: 1, err: /^cloudhop query: endpoint unreachable: cannot reach the Kusto cluster https:\/\/127\.0\.0\.1:1: ECONNREFUSED/ },
    { args: ['query', ...ADX(), 'print 1'], env: { NODE_EXTRA_CA_CERTS: '' }, code: 1, err: /not trusted: NODE_EXTRA_CA_CERTS=FILE/ },
    { args: ['query', ...ADX(), 'SigninLogs | where NoSuchColumn > 1'], code: 1, err: /^cloudhop query: <query>: remote KQL error: Semantic error: 1:20: KQL\d+ Unknown column or variable 'NoSuchColumn'/ },
    { args: ['query', ...LA(), 'SigninLogs | where'], code: 1, err: /^cloudhop query: <query>: remote KQL error: 1:19: KQL\d+ / },
    { args: ['query', '--engine', 'adx', '--database', 'db', 'print 1'], code: 2, err: /--engine adx needs --cluster URL/ },
    { args: ['query', '--engine', 'loganalytics', '--workspace-id', 'nope', 'print 1'], code: 2, err: /--workspace-id: not a GUID/ },
    { args: ['query', '--engine', 'kusto', 'print 1'], code: 2, err: /--engine is local, adx or loganalytics/ },
    { args: ['query', '--cluster', 'https://x', 'print 1'], code: 2, err: /--cluster needs --engine adx or --engine loganalytics/ },
    { args: ['detect', ...ADX(), '--data', 'rules'], code: 2, err: /--data\/--workspace are for the local engine/ },
  ];
  for (const c of cases) {
    const r = await cli(c.args, { ...env, ...c.env });
    assert.equal(r.code, c.code, `${c.args.join(' ')}: exit ${r.code}\n${r.err}`);
    assert.match(r.err, c.err, c.args.join(' '));
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
});
