// Writing to a served workspace (issue 17 items 2 and 4, acceptance 1): @azure/monitor-ingestion's
// LogsIngestionClient.upload and azure-kusto-data's executeMgmt (.ingest inline, .set-or-append)
// used as a user would (test/serve/ingestion-client.ts, a child that trusts the workspace's
// certificate), then the rows beside `cloudhop query` on the same workspace; stream → table mapping
// with a DCR-like file (serve --dcr) and its transformKql; bad records quarantined and named in
// the answer (batch id, index, reason).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { ROOT } from '../helpers/shared.js';
import { cli, startServe, stopServe, type ServeChild } from './serve-child.js';

let dir: string, ws: string, serve: ServeChild;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cloudhop-ingestion-'));
  ws = join(dir, 'ws');
  const ing = cli(['ingest', join(ROOT, 'test/kql/exec/fixtures/data'), '--workspace', ws]);
  assert.equal(ing.code, 0, ing.err);
  serve = await startServe(['--workspace', ws, '--port', '0']);
});
after(async () => { await stopServe(serve); if (dir) rmSync(dir, { recursive: true, force: true }); });

/** Runs the official clients' steps in a child trusting the workspace's certificate. */
function clients(url: string, token: string, steps: unknown[], certDir = ws): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/serve/ingestion-client.ts')],
      { cwd: ROOT, env: { ...process.env, NODE_EXTRA_CA_CERTS: join(certDir, 'serve', 'cert.pem') } });
    let out = '', err = '';
    c.stdin.end(JSON.stringify({ url, token, steps }));
    c.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    c.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    c.on('close', (code) => { if (code !== 0) reject(new Error(`client exited ${code}: ${err}`)); else resolve(JSON.parse(out) as any[]); });
  });
}

/** `cloudhop query --format json` on the workspace. */
function local(q: string, at = ws): { columns: { name: string; type: string }[]; rows: unknown[][] } {
  const r = cli(['query', '--workspace', at, '--format', 'json', q]);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

/** A POST over https trusting the workspace's certificate. */
function post(s: ServeChild, path: string, body: string, headers: Record<string, string> = {}, certDir = ws): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(s.url + path, { method: 'POST', ca: readFileSync(join(certDir, 'serve', 'cert.pem')), headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (b: Buffer) => { text += b.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const RULE = 'dcr-00112233445566778899aabbccddeeff';

test('@azure/monitor-ingestion LogsIngestionClient.upload: the rows are committed and queryable, the same through cloudhop query and the Kusto API', async () => {
  const small = Array.from({ length: 300 }, (_, i) => ({ TimeGenerated: new Date(Date.UTC(2024, 5, 3, 0, 0, i)).toISOString(), Computer: `host${i % 7}`, Message: `event ${i}`, Level: i % 3 }));
  // Over 1 MB: the client splits it into several requests sent 5 at a time; each is its own commit.
  const big = Array.from({ length: 6000 }, (_, i) => ({ TimeGenerated: new Date(Date.UTC(2024, 5, 4, 0, 0, 0, i * 10)).toISOString(), Computer: `big${i % 11}`, Message: `payload ${'x'.repeat(200)} ${i}`, Level: i % 5 }));
  const bad = [
    { TimeGenerated: '2024-06-05T01:00:00Z', UserPrincipalName: 'good1@contoso.com', ResultType: '0' },
    { TimeGenerated: 'yesterday-ish', UserPrincipalName: 'bad@contoso.com', ResultType: '0' },
    { TimeGenerated: '2024-06-05T01:00:02Z', UserPrincipalName: 'good2@contoso.com', ResultType: '0' },
  ];
  const got = await clients(serve.url, serve.token, [
    { upload: { ruleId: RULE, stream: 'Custom-AppLogs_CL', logs: small } },
    { upload: { ruleId: RULE, stream: 'Custom-BigLogs_CL', logs: big } },
    { upload: { ruleId: RULE, stream: 'AppLogs', logs: small.slice(0, 1) } },
    { upload: { ruleId: RULE, stream: 'Microsoft-SigninLogs', logs: bad } },
    { query: 'AppLogs_CL | sort by TimeGenerated asc | project TimeGenerated, Computer, Message, Level' },
  ]);
  assert.deepEqual(got[0], { ok: true });
  assert.deepEqual(got[1], { ok: true });
  // A stream that names no table: the service's error shape, raised by the SDK with its code.
  assert.equal(got[2].ok, false);
  assert.equal(got[2].errors[0].status, 400);
  assert.equal(got[2].errors[0].code, 'InvalidStream');
  assert.match(got[2].errors[0].message, /^The stream 'AppLogs' does not name a table: use Custom-<Table> or Microsoft-<Table>/);
  // A bad record: quarantined and named (batch id, index, reason); the other records are committed.
  assert.equal(got[3].ok, false);
  const q = got[3].errors[0];
  assert.equal(q.status, 200);
  assert.equal(q.code, 'RecordsQuarantined');
  assert.match(q.message, /^1 record\(s\) of batch [0-9a-f-]{36} were quarantined \(\S+quarantine\/\d+\.jsonl\); the other 2 are committed to SigninLogs: send only the records named here again, once fixed\. batch-[0-9a-f-]{36}\[1\]: TimeGenerated: "yesterday-ish" is not a datetime$/);
  const quarantineFile = /\((\S+quarantine\/\d+\.jsonl)\)/.exec(q.message)![1]!;
  const entry = JSON.parse(readFileSync(quarantineFile, 'utf8').trim());
  assert.equal(entry.line, 2);
  assert.match(entry.file, /batch-[0-9a-f-]{36}\.jsonl$/);
  assert.match(entry.text, /yesterday-ish/);

  // The rows: cloudhop query on the same workspace, and the Kusto API (through azure-kusto-data).
  const want = small.map((l) => [l.TimeGenerated, l.Computer, l.Message, l.Level]);
  assert.deepEqual(local('AppLogs_CL | sort by TimeGenerated asc | project TimeGenerated, Computer, Message, Level').rows.map((r) => [new Date(r[0] as string).toISOString(), r[1], r[2], r[3]]), want);
  assert.deepEqual(got[4].table.rows.map((r: unknown[]) => [r[0], r[1], r[2], r[3]]), want);
  // … and the Log Analytics query API.
  const la = await post(serve, '/v1/workspaces/00000000-0000-0000-0000-000000000000/query', JSON.stringify({ query: 'AppLogs_CL | sort by TimeGenerated asc | project TimeGenerated, Computer, Message, Level' }));
  assert.equal(la.status, 200, la.text);
  assert.deepEqual((JSON.parse(la.text).tables[0].rows as unknown[][]).map((r) => [new Date(r[0] as string).toISOString(), r[1], r[2], r[3]]), want);
  assert.deepEqual(local('BigLogs_CL | summarize n = count(), hosts = dcount(Computer), last = max(Message)').rows, [[6000, 11, `payload ${'x'.repeat(200)} 999`]]);
  assert.deepEqual(local('SigninLogs | where UserPrincipalName startswith "good" or UserPrincipalName startswith "bad" | sort by UserPrincipalName asc | project UserPrincipalName').rows, [['good1@contoso.com'], ['good2@contoso.com']]);
  // No batch file is left behind once answered.
  assert.deepEqual(readdirSync(join(ws, 'serve', 'incoming')), []);
});

test('azure-kusto-data executeMgmt: .ingest inline (CSV by position, as Kusto) and .set-or-append (query result appended, table created), answered in Kusto\'s shape', async () => {
  const got = await clients(serve.url, serve.token, [
    { mgmt: '.set-or-append Purchases <| datatable(SKU: string, Quantity: long, At: datetime) ["Boots", 3, datetime(2024-06-01)]' },
    { mgmt: '.ingest inline into table Purchases <|\nShoes,1000,2024-06-02T00:00:00Z\nWide Shoes,50,2024-06-03\n"Coats with ""quotes""",5,' },
    { mgmt: '.ingest inline into table Purchases with (format=json) <|\n{"SKU":"Hat","Quantity":2,"At":"2024-06-04T10:00:00Z"}' },
    { mgmt: '.set-or-append Purchases <| Purchases | where SKU == "Boots" | extend Quantity = Quantity * 10' },
    { mgmt: '.set-or-append Busy <| SigninLogs | summarize n = count() by UserPrincipalName | sort by UserPrincipalName asc' },
    { mgmt: '.ingest inline into table Purchases <|\nSocks,many,2024-06-05' },
    { mgmt: '.ingest inline into table Purchases <|\nSocks,1' },
    { mgmt: '.ingest inline into table Nowhere <|\na,1' },
    { mgmt: '.append Purchases <| print x = 1' },
    { mgmt: '.set Purchases <| Purchases' },
    { query: 'Purchases | sort by SKU asc' },
  ]);
  const ok = got.slice(0, 5);
  for (const r of ok) assert.equal(r.ok, true, JSON.stringify(r));
  assert.deepEqual(got[0].table.columns.map((c: { name: string }) => c.name), ['ExtentId', 'OriginalSize', 'ExtentSize', 'CompressedSize', 'IndexSize', 'RowCount']);
  assert.equal(got[0].table.rows[0][5], 1);
  assert.deepEqual(got[1].table.columns.map((c: { name: string }) => c.name), ['ExtentId']);
  assert.match(got[1].table.rows[0][0], /^[0-9a-f-]{36}$/);
  assert.equal(got[3].table.rows[0][5], 1);
  // errors: the line:col of the bad cell; the field count; a missing table; positional schema; .set on an existing table
  assert.deepEqual(got[5], { ok: false, status: 400, message: 'Ingestion failed (nothing was written): 2:7: Quantity (long): "many" is not a long' });
  assert.match(got[6].message, /^Ingestion failed \(nothing was written\): 2:1: 2 field\(s\), table Purchases has 3 column\(s\) \(SKU:string, Quantity:long, At:datetime\) \(Stream_WrongNumberOfFields\)$/);
  assert.match(got[7].message, /^Semantic error: table 'Nowhere' was not found/);
  assert.match(got[8].message, /^Semantic error: \.append: the query has 1 column\(s\), table Purchases has 3/);
  assert.match(got[9].message, /^Semantic error: \.set: table 'Purchases' already exists/);
  const want = local('Purchases | sort by SKU asc');
  assert.deepEqual(want.columns, [{ name: 'SKU', type: 'string' }, { name: 'Quantity', type: 'long' }, { name: 'At', type: 'datetime' }]);
  assert.deepEqual(want.rows.map((r) => [r[0], r[1], r[2] === null ? null : new Date(r[2] as string).toISOString()]), [
    ['Boots', 3, '2024-06-01T00:00:00.000Z'], ['Boots', 30, '2024-06-01T00:00:00.000Z'], ['Coats with "quotes"', 5, null], ['Hat', 2, '2024-06-04T10:00:00.000Z'],
    ['Shoes', 1000, '2024-06-02T00:00:00.000Z'], ['Wide Shoes', 50, '2024-06-03T00:00:00.000Z'],
  ]);
  assert.deepEqual(got[10].table.rows.map((r: unknown[]) => [r[0], r[1]]), want.rows.map((r) => [r[0], r[1]]));
  assert.deepEqual(local('Busy').rows, local('SigninLogs | summarize n = count() by UserPrincipalName | sort by UserPrincipalName asc').rows);
});

test('serve --dcr FILE: streams map to tables through the file\'s dataFlows and transformKql; other streams and rule ids get the service\'s errors', async () => {
  const ws2 = join(dir, 'ws2');
  assert.equal(cli(['ingest', join(ROOT, 'test/kql/exec/fixtures/data'), '--workspace', ws2]).code, 0);
  const dcr = join(dir, 'dcr.yaml');
  writeFileSync(dcr, [
    'properties:',
    '  immutableId: dcr-0a0b0c',
    '  dataFlows:',
    '    - streams: [Custom-RawApp]',
    '      outputStream: Custom-App_CL',
    '      transformKql: source | extend TimeGenerated = todatetime(ts), Sev = toint(level) | project-rename Host = host | project-away ts, level',
    '    - streams: [Custom-Plain]',
    '      outputStream: Microsoft-Syslog',
    '',
  ].join('\n'));
  const s = await startServe(['--workspace', ws2, '--port', '0', '--dcr', dcr]);
  try {
    const rows = [{ ts: '2024-06-01T00:00:01Z', host: 'web1', level: '3', msg: 'a' }, { ts: '2024-06-01T00:00:02Z', host: 'web2', level: '5', msg: 'b' }];
    const r = await post(s, '/dataCollectionRules/dcr-0a0b0c/streams/Custom-RawApp?api-version=2023-01-01', JSON.stringify(rows), {}, ws2);
    assert.equal(r.status, 204, r.text);
    const t = local('App_CL | sort by TimeGenerated asc', ws2);
    assert.deepEqual(t.columns.map((c) => `${c.name}:${c.type}`), ['Host:string', 'msg:string', 'TimeGenerated:datetime', 'Sev:long']);
    assert.deepEqual(t.rows.map((x) => [x[0], x[1], x[3]]), [['web1', 'a', 3], ['web2', 'b', 5]]);
    // A flow without a transform: the records as they are, into a known table (its schema's types).
    const plain = await post(s, '/dataCollectionRules/dcr-0a0b0c/streams/Custom-Plain?api-version=2023-01-01', JSON.stringify([{ TimeGenerated: '2024-06-01T00:00:03Z', Computer: 'db1', SyslogMessage: 'sshd: accepted', SeverityLevel: 'info' }]), {}, ws2);
    assert.equal(plain.status, 204, plain.text);
    assert.deepEqual(local('Syslog | project Computer, SyslogMessage, SeverityLevel, t = TimeGenerated == datetime(2024-06-01T00:00:03Z)', ws2).rows, [['db1', 'sshd: accepted', 'info', true]]);
    const other = await post(s, '/dataCollectionRules/dcr-0a0b0c/streams/Custom-App_CL?api-version=2023-01-01', '[]', {}, ws2);
    assert.equal(other.status, 400);
    assert.equal(other.headers['x-ms-error-code'], 'InvalidStream');
    assert.match(JSON.parse(other.text).error.message, /^The stream 'Custom-App_CL' is not declared in the data collection rule 'dcr-0a0b0c' \(\S+dcr\.yaml has: Custom-RawApp, Custom-Plain\)$/);
    const rule = await post(s, '/dataCollectionRules/dcr-other/streams/Custom-RawApp?api-version=2023-01-01', '[]', {}, ws2);
    assert.equal(rule.status, 404);
    assert.equal(JSON.parse(rule.text).error.code, 'NotFound');
    assert.match(JSON.parse(rule.text).error.message, /^Data collection rule with immutable Id 'dcr-other' not found\. /);
  } finally { await stopServe(s); }
  // A bad mapping file: every problem at file:line:col, and the server does not start.
  const badDcr = join(dir, 'bad.yaml');
  writeFileSync(badDcr, 'dataFlows:\n  - streams: [Custom-A]\n    outputStream: Custom-\n  - streams: [Custom-B]\n    outputStream: Custom-B_CL\n    transformKql: source | where (\n');
  const bad = cli(['serve', '--workspace', ws2, '--port', '0', '--dcr', badDcr]);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /bad\.yaml:3:19: dataFlows\[0\]\.outputStream: Custom-<Table> or Microsoft-<Table> is expected, not "Custom-"\n/);
  assert.match(bad.err, /bad\.yaml:6:19: dataFlows\[1\]\.transformKql: 1:\d+: KQL\d+ /);
  assert.match(bad.err, /--dcr \S+bad\.yaml: the mapping file has errors\n$/);
  assert.ok(!existsSync(join(ws2, 'serve', 'incoming')) || readdirSync(join(ws2, 'serve', 'incoming')).length === 0);
});
