// The workbench's incident and rule pack routes (src/serve/incidents-api.ts, rulepack.ts,
// neighbours.ts) over a real workspace: incidents and alerts written as Sentinel rows
// (incident-rows.ts), changes appended as rows and committed, read back through the query API and
// after a restart of the server; the error paths (401, 400, 404).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { WorkspaceSource } from '../../src/serve/workspace-source.js';
import { WorkspaceWriter } from '../../src/serve/workspace-writer.js';
import { ingestToWorkspace } from '../../src/ingest/workspace-ingest.js';
import { detectionRows, checkChange } from '../../src/serve/incident-rows.js';
import type { Alert, Incident } from '../../src/detect/alert.js';
import type { Rule } from '../../src/detect/rule.js';

const TOKEN = 'incidents-api-test-token-0123456789';
const HOSTILE = '<img src=x onerror=alert(1)></script>\u202Eexe.txt';
let dir: string, ws: string, server: RunningServer;

function alert(id: string, ruleId: string, title: string, severity: string, t: string, entities: Alert['entities'], evidence: Record<string, unknown>[]): Alert {
  return {
    alertId: id, ruleId, ruleName: `rule ${ruleId}`, severity, confidence: null, tactics: ['LateralMovement'], techniques: ['T1021.007'],
    timeGenerated: t, startTime: t.replace('T10', 'T09'), endTime: t, title, description: 'd', entities, customDetails: {}, evidence, incidentId: null,
  };
}
function incident(a: Alert, created: string): Incident {
  return {
    incidentId: `inc-${a.alertId}`, title: a.title, ruleId: a.ruleId, ruleName: a.ruleName, severity: a.severity, status: 'New',
    createdTime: created, firstAlertTime: a.timeGenerated, lastAlertTime: a.timeGenerated, firstEventTime: a.startTime, lastEventTime: a.endTime,
    alertIds: [a.alertId], entities: a.entities, tactics: a.tactics, techniques: a.techniques,
  };
}

const start = async (): Promise<RunningServer> => {
  const source = new WorkspaceSource(ws);
  return startServer({ tables: () => source.snapshot(), token: TOKEN, workbench: true, writer: new WorkspaceWriter(ws), rulePackFile: join(ws, 'serve', 'rulepack.json') });
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cloudhop-incidents-api-'));
  ws = join(dir, 'ws');
  // The data the neighbours come from: sign-ins of alice from two addresses to one app.
  const signins = join(dir, 'SigninLogs.jsonl');
  writeFileSync(signins, [
    { TimeGenerated: '2026-03-01T10:00:00Z', UserPrincipalName: 'alice@corp.example', IPAddress: '203.0.113.7', AppDisplayName: 'Azure Portal' },
    { TimeGenerated: '2026-03-01T10:05:00Z', UserPrincipalName: 'alice@corp.example', IPAddress: '203.0.113.7', AppDisplayName: 'Azure Portal' },
    { TimeGenerated: '2026-03-01T10:06:00Z', UserPrincipalName: 'alice@corp.example', IPAddress: '198.51.100.9', AppDisplayName: HOSTILE },
    { TimeGenerated: '2026-03-01T10:07:00Z', UserPrincipalName: 'bob@corp.example', IPAddress: '198.51.100.9', AppDisplayName: 'Teams' },
  ].map((r) => JSON.stringify(r)).join('\n') + '\n');
  await ingestToWorkspace([signins], ws, { table: 'SigninLogs' });
  const a1 = alert('a1', 'r1', `alice from a new IP ${HOSTILE}`, 'Medium', '2026-03-01T10:10:00Z', [{ type: 'account', name: 'alice', upnSuffix: 'corp.example' }, { type: 'ip', address: '203.0.113.7' }], [{ UserPrincipalName: 'alice@corp.example', IPAddress: '203.0.113.7' }]);
  const a2 = alert('a2', 'r2', 'bob token replay', 'High', '2026-03-01T11:10:00Z', [{ type: 'account', name: 'bob', upnSuffix: 'corp.example' }], []);
  const rules = new Map([['r1', { id: 'r1', query: 'SigninLogs | where IPAddress != ""', queryPeriod: 36_000_000_000, description: 'rule one' } as unknown as Rule]]);
  const rows = detectionRows([a1, a2], [incident(a1, '2026-03-01T10:10:00Z'), incident(a2, '2026-03-01T11:10:00Z')], rules);
  for (const [table, list] of [['SecurityAlert', rows.alerts], ['SecurityIncident', rows.incidents]] as const) {
    const f = join(dir, `${table}.jsonl`);
    writeFileSync(f, list.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await ingestToWorkspace([f], ws, { table });
  }
  server = await start();
});
after(async () => { await server?.close(); rmSync(dir, { recursive: true, force: true }); });

const call = async (method: string, path: string, body?: unknown, token: string | null = TOKEN): Promise<{ status: number; body: any }> => {
  const r = await fetch(server.url + path, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
};

test('the queue: latest row per incident, newest number first; filters and sorts', async () => {
  const r = await call('GET', '/workbench/api/incidents');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.incidents.map((i: any) => [i.number, i.severity, i.status, i.alerts]), [[2, 'High', 'New', 1], [1, 'Medium', 'New', 1]]);
  assert.equal(r.body.incidents[1].title, `alice from a new IP ${HOSTILE}`); // stored and returned as text, rendered inert by the page
  const med = await call('GET', '/workbench/api/incidents?severity=Medium');
  assert.deepEqual(med.body.incidents.map((i: any) => i.number), [1]);
  const bySev = await call('GET', '/workbench/api/incidents?sort=severity');
  assert.deepEqual(bySev.body.incidents.map((i: any) => i.severity), ['Medium', 'High']);
  const q = await call('GET', '/workbench/api/incidents?q=token%20replay');
  assert.deepEqual(q.body.incidents.map((i: any) => i.number), [2]);
});

test('one incident: alerts with entities, evidence, the rule query and its window', async () => {
  const r = await call('GET', '/workbench/api/incidents/1');
  assert.equal(r.status, 200);
  assert.equal(r.body.alerts.length, 1);
  const a = r.body.alerts[0];
  assert.deepEqual({ q: a.query, from: a.queryFrom, to: a.queryTo, ev: a.evidence }, {
    q: 'SigninLogs | where IPAddress != ""', from: '2026-03-01T09:10:00.000Z', to: '2026-03-01T10:10:00.000Z',
    ev: [{ UserPrincipalName: 'alice@corp.example', IPAddress: '203.0.113.7' }],
  });
  assert.deepEqual(r.body.entities.map((e: any) => [e.Type, e.Name ?? e.Address]), [['account', 'alice'], ['ip', '203.0.113.7']]);
});

test('a change is a new SecurityIncident row: visible in the queue, through the query API, and after a restart', async () => {
  const p = await call('PATCH', '/workbench/api/incidents/1', { status: 'Active', owner: 'ana@corp.example', comment: HOSTILE });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.deepEqual([p.body.incident.Status, p.body.incident.Owner.assignedTo, p.body.incident.Comments.map((c: any) => c.message)], ['Active', 'ana@corp.example', [HOSTILE]]);
  const c2 = await call('PATCH', '/workbench/api/incidents/1', { status: 'Closed', classification: 'TruePositive', comment: 'contained' });
  assert.equal(c2.status, 200);
  assert.deepEqual([c2.body.incident.Status, c2.body.incident.Classification, typeof c2.body.incident.ClosedTime], ['Closed', 'TruePositive', 'string']);
  const c3 = await call('PATCH', '/workbench/api/incidents/2', { status: 'Closed' });
  assert.deepEqual([c3.status, c3.body.incident.Classification], [200, 'Undetermined']);
  const c4 = await call('PATCH', '/workbench/api/incidents/2', { status: 'Active' });
  assert.deepEqual([c4.status, c4.body.incident.Classification, c4.body.incident.ClosedTime], [200, null, null]);
  const q = await call('POST', '/v1/workspaces/w/query', { query: 'SecurityIncident | where IncidentNumber == 1 | order by LastModifiedTime asc | project Status, Owner = tostring(Owner.assignedTo), n = array_length(Comments), Classification' });
  assert.deepEqual(q.body.tables[0].rows, [['New', '', 0, ''], ['Active', 'ana@corp.example', 1, ''], ['Closed', 'ana@corp.example', 2, 'TruePositive']]);
  await server.close();
  server = await start();
  const r = await call('GET', '/workbench/api/incidents?status=Closed');
  assert.deepEqual(r.body.incidents.map((i: any) => [i.number, i.status, i.owner, i.comments, i.classification]), [[1, 'Closed', 'ana@corp.example', 2, 'TruePositive']]);
  const one = await call('GET', '/workbench/api/incidents/1');
  assert.equal(one.body.history.length, 3);
  assert.deepEqual(one.body.incident.Comments.map((c: any) => c.message), [HOSTILE, 'contained']);
});

test('errors: no token 401, unknown incident 404, bad status / number / body / sort 400', async () => {
  assert.equal((await call('GET', '/workbench/api/incidents', undefined, null)).status, 401);
  assert.equal((await call('PATCH', '/workbench/api/incidents/2', { status: 'Closed' }, 'wrong-token')).status, 401);
  const nf = await call('GET', '/workbench/api/incidents/999');
  assert.deepEqual([nf.status, nf.body.error.message], [404, 'no incident number 999']);
  assert.equal((await call('PATCH', '/workbench/api/incidents/999', { status: 'Active' })).status, 404);
  const bad = await call('PATCH', '/workbench/api/incidents/2', { status: 'Resolved' });
  assert.deepEqual([bad.status, bad.body.error.message], [400, 'status must be one of New, Active, Closed (got "Resolved")']);
  assert.equal((await call('PATCH', '/workbench/api/incidents/2', '{not json')).status, 400);
  assert.equal((await call('PATCH', '/workbench/api/incidents/2', { colour: 'red' })).status, 400);
  assert.equal((await call('PATCH', '/workbench/api/incidents/2', { comment: '   ' })).status, 400);
  assert.equal((await call('GET', '/workbench/api/incidents/abc')).status, 400);
  assert.equal((await call('GET', '/workbench/api/incidents?sort=colour')).status, 400);
  assert.equal((await call('GET', '/workbench/api/entities/neighbours?type=planet&value=x')).status, 400);
  // None of these wrote a row.
  const q = await call('POST', '/v1/workspaces/w/query', { query: 'SecurityIncident | where IncidentNumber == 2 | count' });
  assert.deepEqual(q.body.tables[0].rows, [[3]]); // the creation row and the two changes of the test before
});

test('neighbours from the data: an account → its addresses and apps; an address → its accounts', async () => {
  const r = await call('GET', '/workbench/api/entities/neighbours?type=account&value=alice');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.neighbours.map((n: any) => [n.type, n.value, n.rows]), [
    ['ip', '203.0.113.7', 2], ['cloud-application', 'Azure Portal', 2], ['cloud-application', HOSTILE, 1], ['ip', '198.51.100.9', 1],
  ].sort((x, y) => (y[2] as number) - (x[2] as number) || String(x[1]).localeCompare(String(y[1]))));
  const ip = await call('GET', '/workbench/api/entities/neighbours?type=ip&value=198.51.100.9&from=2026-03-01T10:06:30Z');
  assert.deepEqual(ip.body.neighbours.filter((n: any) => n.type === 'account').map((n: any) => n.value), ['bob@corp.example']);
});

test('the rule pack route: without a pack file it says so and counts alerts per rule from SecurityAlert', async () => {
  const r = await call('GET', '/workbench/api/rules');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.rules, []);
  assert.match(r.body.note, /no rule pack is recorded/);
  assert.deepEqual(r.body.otherAlertingRules.map((x: any) => [x.id, x.alerts]).sort(), [['r1', 1], ['r2', 1]]);
  mkdirSync(join(ws, 'serve'), { recursive: true });
  writeFileSync(join(ws, 'serve', 'rulepack.json'), JSON.stringify({ version: 1, generated: 'x', note: 'n', coverage: null, rules: [{ id: 'r1', name: 'rule r1', kind: 'Scheduled', tests: { pass: 2, fail: 0, cases: [] } }] }));
  const r2 = await call('GET', '/workbench/api/rules');
  assert.deepEqual(r2.body.rules.map((x: any) => [x.id, x.alerts, x.tests.pass]), [['r1', 1, 2]]);
});

test('checkChange: what the PATCH body may hold', () => {
  assert.equal(typeof checkChange({}), 'string');
  assert.equal(typeof checkChange({ owner: 5 }), 'string');
  assert.equal(typeof checkChange({ status: 'Closed', colour: 1 }), 'string');
  assert.equal(typeof checkChange({ owner: null }), 'object');
  assert.equal(typeof checkChange({ status: 'Closed' }), 'object');
});

test('demo --serve: usage errors exit 2 and say why (no simulation starts)', async () => {
  const { spawnSync } = await import('node:child_process');
  const { ROOT } = await import('../helpers/shared.js');
  const cli = (args: string[]): { code: number; err: string } => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`], { cwd: ROOT, encoding: 'utf8' });
    return { code: r.status ?? -1, err: r.stderr };
  };
  const notWs = join(dir, 'not-a-workspace');
  mkdirSync(notWs);
  writeFileSync(join(notWs, 'notes.txt'), 'mine');
  const cases: [string[], RegExp][] = [
    [['demo', '--workspace', notWs], /--workspace and --port go with --serve/],
    [['demo', '--serve', '--keep'], /--out and --keep do not go with --serve/],
    [['demo', '--serve', '--workspace', notWs], /exists and is not a workspace/],
    [['demo', '--serve', '--workspace', ws], /not a demo's \(no serve\/rulepack\.json\)/],
  ];
  rmSync(join(ws, 'serve', 'rulepack.json'), { force: true });
  for (const [args, msg] of cases) {
    const r = cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, msg);
  }
});
