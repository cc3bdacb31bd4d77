// `cloudhop serve` as a user runs it (a child process on a workspace written by `cloudhop ingest`),
// queried by the official clients (test/serve/official-clients.ts: azure-kusto-data v2, v1 and
// mgmt; @azure/monitor-query LogsQueryClient.queryWorkspace) with only the endpoint, the token
// and the trusted certificate changed; each client's rows beside `cloudhop query --format json`
// on the same workspace.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../helpers/shared.js';

const TSX = ['--import', 'tsx'];
function cli(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [...TSX, '-e', `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Starts `cloudhop serve` and resolves with its first stdout lines (listening, certificate, token). */
export function startServe(args: string[]): Promise<{ child: ChildProcess; lines: string[]; url: string; token: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TSX, '-e', `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(['serve', ...args])}); })`],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const lines = out.split('\n');
      if (lines.length > 3) resolve({ child, lines: lines.slice(0, 3), url: lines[0]!.replace(/^listening on /, ''), token: lines[2]!.split(' ')[1]! });
    });
    child.stderr!.on('data', (b: Buffer) => { err += b.toString('utf8'); });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

let dir: string, ws: string, serve: Awaited<ReturnType<typeof startServe>>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cloudhop-serve-'));
  ws = join(dir, 'ws');
  const ing = cli(['ingest', join(ROOT, 'test/kql/exec/fixtures/data'), '--workspace', ws]);
  assert.equal(ing.code, 0, ing.err);
  serve = await startServe(['--workspace', ws, '--port', '0']);
});
after(() => { serve?.child.kill('SIGTERM'); if (dir) rmSync(dir, { recursive: true, force: true }); });

const QUERIES = [
  'SigninLogs | sort by TimeGenerated asc, UserPrincipalName asc',
  'DeviceProcessEvents | summarize n = count(), first = min(Timestamp) by DeviceName, AccountName | sort by DeviceName asc, AccountName asc',
  'SigninLogs | extend city = tostring(LocationDetails.city) | project UserPrincipalName, city, ResultType, ok = ResultType == "0", d = LocationDetails | sort by UserPrincipalName asc',
  'print r = 2.5, n = 42, s = "x", b = false, t = datetime(2024-01-02T03:04:05.123Z)',
  'AzureActivity | count',
];

/** A value as compared: datetimes as ms since the epoch, dynamic as its JSON value (Log Analytics sends dynamic as text). */
function norm(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'datetime') return typeof v === 'object' && v !== null && 'date' in v ? Date.parse((v as { date: string }).date) : Date.parse(String(v));
  if (type === 'dynamic' && typeof v === 'string') { try { return JSON.parse(v); } catch { return v; } }
  return v;
}
const normTable = (t: { columns: { name: string; type: string }[]; rows: unknown[][] }): unknown => ({
  columns: t.columns.map((c) => `${c.name}:${c.type}`), rows: t.rows.map((r) => r.map((v, j) => norm(v, t.columns[j]!.type))),
});

test('first stdout lines: listening on https://127.0.0.1:PORT, the kept certificate, the token shown once', () => {
  assert.match(serve.lines[0]!, /^listening on https:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(serve.lines[1], `certificate: ${join(ws, 'serve', 'cert.pem')} (self-signed, made now; clients trust it with NODE_EXTRA_CA_CERTS=${join(ws, 'serve', 'cert.pem')})`);
  assert.match(serve.lines[2]!, /^token: [A-Za-z0-9_-]{43} \(generated; shown once/);
  assert.ok(existsSync(join(ws, 'serve', 'key.pem')));
});

test('azure-kusto-data (v2, v1, mgmt) and @azure/monitor-query return the rows of cloudhop query on the same workspace', async () => {
  const job = { url: serve.url, token: serve.token, workspaceId: '6d3c4f6a-1b2c-4d5e-8f90-0a1b2c3d4e5f', queries: QUERIES,
    mgmt: ['.show tables', '.show table SigninLogs schema as json', '.show database schema as json', '.show version'], truncated: 'range i from 1 to 1200 step 1' };
  const r = await new Promise<{ code: number; out: string; err: string }>((resolve) => {
    const c = spawn(process.execPath, [...TSX, join(ROOT, 'test/serve/official-clients.ts'), JSON.stringify(job)], { cwd: ROOT, env: { ...process.env, NODE_EXTRA_CA_CERTS: join(ws, 'serve', 'cert.pem') } });
    let out = '', err = '';
    c.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    c.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    c.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
  assert.equal(r.code, 0, r.err);
  const got = JSON.parse(r.out) as Record<string, any>;
  QUERIES.forEach((q, i) => {
    const local = cli(['query', '--workspace', ws, '--format', 'json', q]);
    assert.equal(local.code, 0, local.err);
    const want = normTable(JSON.parse(local.out));
    assert.ok((want as { rows: unknown[] }).rows.length > 0, q);
    assert.deepEqual(normTable(got.v2[i]), want, `v2: ${q}`);
    assert.deepEqual(normTable(got.v1[i]), want, `v1: ${q}`);
    // @azure/monitor-query turns every datetime cell into `new Date(cell)`, a null one too (1970-01-01): so it reads against any service.
    const laWant = normTable(JSON.parse(local.out, (_k, v: unknown) => v)) as { columns: string[]; rows: unknown[][] };
    laWant.rows = laWant.rows.map((r) => r.map((v, j) => (v === null && laWant.columns[j]!.endsWith(':datetime') ? 0 : v)));
    assert.deepEqual(normTable(got.la[i]), laWant, `Log Analytics: ${q}`);
  });
  // mgmt
  assert.deepEqual(got.mgmt[0].rows, [['DeviceProcessEvents', 'db', '', ''], ['SigninLogs', 'db', '', '']]);
  const schema = JSON.parse(got.mgmt[1].rows[0][1]) as { Name: string; OrderedColumns: { Name: string; CslType: string }[] };
  const local = JSON.parse(cli(['query', '--workspace', ws, '--format', 'json', 'SigninLogs | getschema | project ColumnName, ColumnType']).out) as { rows: string[][] };
  assert.equal(schema.Name, 'SigninLogs');
  assert.deepEqual(schema.OrderedColumns.map((c) => [c.Name, c.CslType]), local.rows);
  const db = JSON.parse(got.mgmt[2].rows[0][0]) as { Databases: Record<string, { Tables: Record<string, unknown> }> };
  assert.deepEqual(Object.keys(db.Databases.db!.Tables), ['DeviceProcessEvents', 'SigninLogs']);
  assert.equal(got.mgmt[3].rows[0][2], 'cloudhop');
  // truncation (client request property truncationmaxrecords = 1000; LA at the 500,000 default does not cut 1,200 rows)
  assert.match(got.truncatedKusto, /Kusto request had errors\. .*The results of this query exceed the set limit of 1000 records, so not all records were returned \(E_QUERY_RESULT_SET_TOO_LARGE, 0x80DA0003, max #records=1000\)/);
  assert.deepEqual(got.truncatedLa, { status: 'Success' });
  // errors
  assert.equal(got.kustoError.status, 400);
  assert.match(got.kustoError.message, /^Semantic error: 1:20: KQL\d+ Unknown column or variable 'Nope'/);
  // The SDK's RestError: the service's top-level message; the body's innererror says where.
  assert.equal(got.laError.status, 400);
  assert.equal(got.laError.code, 'BadArgumentError');
  assert.match(JSON.parse(got.laError.body).error.innererror.message, /^1:20: KQL\d+ Unknown column or variable 'Nope'/);
});

/** One Kusto v2 query over https trusting the workspace's certificate: the PrimaryResult rows. */
function v2Rows(url: string, token: string, csl: string): Promise<unknown[][]> {
  return new Promise((resolve, reject) => {
    const req = request(url + '/v2/rest/query', { method: 'POST', ca: readFileSync(join(ws, 'serve', 'cert.pem')), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (b: Buffer) => { text += b.toString(); });
      res.on('end', () => { try { resolve((JSON.parse(text) as { TableKind?: string; Rows: unknown[][] }[]).find((f) => f.TableKind === 'PrimaryResult')!.Rows); } catch (e) { reject(new Error(`${res.statusCode}: ${text.slice(0, 300)}`)); } });
    });
    req.on('error', reject);
    req.end(JSON.stringify({ db: 'db', csl }));
  });
}

test('the served workspace stays open and is opened again when an ingest commits: the next request sees the new rows', async () => {
  assert.deepEqual(await v2Rows(serve.url, serve.token, 'SigninLogs | count'), [[3]]);
  writeFileSync(join(dir, 'SigninLogs.jsonl'), '{"TimeGenerated":"2024-06-02T07:00:00Z","UserPrincipalName":"new@contoso.com","ResultType":"0"}\n');
  const ing = cli(['ingest', join(dir, 'SigninLogs.jsonl'), '--workspace', ws]);
  assert.equal(ing.code, 0, ing.err);
  assert.deepEqual(await v2Rows(serve.url, serve.token, 'SigninLogs | count'), [[4]]);
  assert.deepEqual(await v2Rows(serve.url, serve.token, 'SigninLogs | where UserPrincipalName startswith "new" | project UserPrincipalName'), [['new@contoso.com']]);
});

test('start-up refusals: a non-loopback host without TLS and a token file, no workspace, a port in use', async () => {
  const open = cli(['serve', '--workspace', ws, '--host', '0.0.0.0']);
  assert.equal(open.code, 2);
  assert.match(open.err, /^cloudhop serve: --host 0\.0\.0\.0 is not a loopback address: serving beyond this machine needs --tls-cert\/--tls-key \(a certificate clients can verify\) and --token-file/);
  const none = cli(['serve', '--workspace', join(dir, 'nothing'), '--port', '0']);
  assert.equal(none.code, 2);
  assert.match(none.err, /^cloudhop serve: --workspace \S+nothing: no such file or folder/);
  const port = new URL(serve.url).port;
  const taken = cli(['serve', '--workspace', ws, '--port', port]);
  assert.equal(taken.code, 1);
  assert.equal(taken.err, `cloudhop serve: 127.0.0.1:${port} is already in use (--port 0 picks a free port)\n`);
  const short = join(dir, 'short.token');
  writeFileSync(short, 'abc\n');
  const tok = cli(['serve', '--workspace', ws, '--token-file', short]);
  assert.equal(tok.code, 1);
  assert.match(tok.err, /the token on its first line is shorter than 16 characters/);
});

/** A POST over https trusting the workspace's certificate. */
function postRaw(url: string, token: string, path: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url + path, { method: 'POST', ca: readFileSync(join(ws, 'serve', 'cert.pem')), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (b: Buffer) => { text += b.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('Logs Ingestion API: a gzip JSON array to Custom-<Table> is answered 204 after its commit, then queryable; bad bodies are 400 and write nothing', async () => {
  const logs = Array.from({ length: 250 }, (_, i) => ({ TimeGenerated: new Date(Date.UTC(2024, 5, 3, 0, 0, i)).toISOString(), Computer: `host${i % 7}`, Message: `event ${i}`, Level: i % 3 }));
  const path = '/dataCollectionRules/dcr-00000000000000000000000000000000/streams/Custom-AppEvents_CL?api-version=2023-01-01';
  // as @azure/monitor-ingestion sends a batch: gzip, Content-Encoding: gzip
  const r = await postRaw(serve.url, serve.token, path, gzipSync(JSON.stringify(logs)), { 'content-encoding': 'gzip' });
  assert.equal(r.status, 204, r.text);
  const local = cli(['query', '--workspace', ws, '--format', 'json', 'AppEvents_CL | sort by TimeGenerated asc | project TimeGenerated, Computer, Message, Level']);
  assert.equal(local.code, 0, local.err);
  const got = JSON.parse(local.out) as { rows: unknown[][] };
  assert.deepEqual(got.rows.map((x) => [Date.parse(x[0] as string), x[1], x[2], Number(x[3])]), logs.map((l) => [Date.parse(l.TimeGenerated), l.Computer, l.Message, l.Level]));
  // the served view sees them too (the workspace reopened after the commit); the same records again are a second batch
  assert.deepEqual(await v2Rows(serve.url, serve.token, 'AppEvents_CL | count'), [[250]]);
  assert.equal((await postRaw(serve.url, serve.token, path, JSON.stringify(logs.slice(0, 10)))).status, 204);
  assert.deepEqual(await v2Rows(serve.url, serve.token, 'AppEvents_CL | count'), [[260]]);
  // bad batches: not an array, not gzip, a stream that names no table: 400, nothing written
  const notArray = await postRaw(serve.url, serve.token, path, '{"a":1}');
  assert.equal(notArray.status, 400);
  assert.match(JSON.parse(notArray.text).error.message, /must be a JSON array of records/);
  const notGzip = await postRaw(serve.url, serve.token, path, 'plain', { 'content-encoding': 'gzip' });
  assert.equal(notGzip.status, 400);
  const badStream = await postRaw(serve.url, serve.token, '/dataCollectionRules/dcr-1/streams/AppEvents?api-version=2023-01-01', '[]');
  assert.equal(badStream.status, 400);
  assert.match(JSON.parse(badStream.text).error.message, /does not name a table: use Custom-<Table>/);
  assert.deepEqual(await v2Rows(serve.url, serve.token, 'AppEvents_CL | count'), [[260]]);
});
