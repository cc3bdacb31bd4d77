// Queries off the event loop (issue 17 item 6): `cloudhop serve`'s query pool runs each query in a
// worker thread that keeps the workspace open. Checked here through the HTTP API, as clients see it:
// answers equal the in-process engine's; a management command is answered while a heavy query runs;
// a client that goes away frees its worker (the query is stopped through the governor's cancel
// cell, not by killing the thread); a commit between requests is seen; the time limit and memory
// ceiling end a query with the engine's codes in each API's shape; truncation on v1 as on v2.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startServer, type RunningServer } from '../../src/serve/server.ts';
import { QueryPool } from '../../src/serve/query-pool.ts';
import { WorkspaceSource } from '../../src/serve/workspace-source.ts';
import { ingestToWorkspace } from '../../src/ingest/workspace-ingest.ts';
import { KNOWN_TABLES } from '../../src/store/schemas/index.ts';
import { writeDpeJsonl } from '../store/gen-dpe.ts';

const TOKEN = 'pool-test-token-0123456789';
let tmp: string, ws: string, pool: QueryPool, server: RunningServer;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'cloudhop-pool-'));
  ws = join(tmp, 'ws');
  mkdirSync(join(tmp, 'a')); mkdirSync(join(tmp, 'b'));
  await writeDpeJsonl(join(tmp, 'a', 'DeviceProcessEvents.jsonl'), 3000);
  await writeDpeJsonl(join(tmp, 'b', 'DeviceProcessEvents.jsonl'), 500, 3000);
  await ingestToWorkspace([join(tmp, 'a')], ws);
  // One worker: a query left running by a gone client would make every later one wait.
  pool = await QueryPool.start({ workspace: ws, size: 1, maxMemoryBytes: 256 * 1024 * 1024, cancelGraceMs: 60_000 });
  const source = new WorkspaceSource(ws);
  server = await startServer({ tables: () => source.snapshot(), knownTables: KNOWN_TABLES, token: TOKEN, queryPool: pool });
});
after(async () => {
  await server?.close();
  await pool?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function post(path: string, body: unknown, signal?: AbortSignal): Promise<{ status: number; json: any }> {
  const r = await fetch(server.url + path, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, ...(signal ? { signal } : {}) });
  const text = await r.text();
  return { status: r.status, json: JSON.parse(text) };
}
const primary = (frames: any[]): any => frames.find((f) => f.TableKind === 'PrimaryResult');
/** A long query (~30 s of CPU on the test machine) in little memory, a checkpoint every 1,024 rows. */
const ENDLESS = 'range i from 1 to 10000000 step 1 | where hash_sha256(strrep(tostring(i), 100)) == "x" | count';

test('answers through the workers equal the engine on the event loop, in each API', async () => {
  const source = new WorkspaceSource(ws);
  const inProcess = await startServer({ tables: () => source.snapshot(), knownTables: KNOWN_TABLES, token: TOKEN });
  try {
    const q = 'DeviceProcessEvents | summarize n = count(), first = min(Timestamp) by DeviceName | order by DeviceName asc';
    for (const [path, body] of [['/v2/rest/query', { db: 'db', csl: q }], ['/v1/rest/query', { db: 'db', csl: q }], ['/v1/workspaces/w/query', { query: q }]] as const) {
      const pooled = await post(path, body);
      const direct = await (await fetch(inProcess.url + path, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${TOKEN}` } })).json() as any;
      assert.equal(pooled.status, 200, path);
      const rows = (j: any): unknown => path === '/v2/rest/query' ? primary(j).Rows : path === '/v1/rest/query' ? j.Tables[0].Rows : j.tables[0].rows;
      assert.deepEqual(rows(pooled.json), rows(direct), path);
      assert.ok((rows(direct) as unknown[]).length > 1, path);
    }
    const count = await post('/v2/rest/query', { db: 'db', csl: 'DeviceProcessEvents | count' });
    assert.deepEqual(primary(count.json).Rows, [[3000]]);
  } finally { await inProcess.close(); }
});

test('the event loop answers a management command while a heavy query runs; the gone client frees the worker', async () => {
  const gone = new AbortController();
  const heavy = post('/v2/rest/query', { db: 'db', csl: ENDLESS, properties: { Options: { servertimeout: '00:10:00' } } }, gone.signal).then(() => 'answered', (e: Error) => e.name);
  // The heavy query is running in the (only) worker.
  while (pool.load.running === 0) await new Promise((r) => setTimeout(r, 10));
  const version = await post('/v1/rest/mgmt', { db: 'db', csl: '.show version' });
  assert.equal(version.status, 200);
  assert.equal(pool.load.running, 1, 'the heavy query was still running when .show version was answered');
  gone.abort();
  assert.equal(await heavy, 'AbortError');
  // The query stops at its next checkpoint and the worker takes the next job (the cancel grace is
  // 60 s and the time limit 10 minutes: neither is what frees it).
  const next = await post('/v2/rest/query', { db: 'db', csl: 'print x = 41 + 1' });
  assert.equal(next.status, 200);
  assert.deepEqual(primary(next.json).Rows, [[42]]);
  assert.equal(pool.cancelStops, 1, 'the engine stopped the query at its cancel cell (KQL506)');
  assert.equal(pool.replaced, 0, 'the worker was not replaced');
});

test('a commit between requests is seen by the next query (one generation per request)', async () => {
  await ingestToWorkspace([join(tmp, 'b')], ws);
  const r = await post('/v2/rest/query', { db: 'db', csl: 'DeviceProcessEvents | count' });
  assert.deepEqual(primary(r.json).Rows, [[3500]]);
});

test('the time limit and the memory ceiling end a query in each API\'s error shape', async () => {
  const slow = await post('/v2/rest/query', { db: 'db', csl: ENDLESS, properties: { Options: { servertimeout: '00:00:00.5' } } });
  assert.equal(slow.status, 400);
  assert.equal(slow.json.error.code, 'LimitsExceeded');
  assert.match(slow.json.error['@message'], /KQL502 The query timed out: it ran past its time limit of 500 ms/);
  const big = 'range i from 1 to 20000000 step 1 | extend s = strcat("value-", i) | summarize make_list(s)';
  const k = await post('/v2/rest/query', { db: 'db', csl: big });
  assert.equal(k.status, 400);
  assert.match(k.json.error['@message'], /KQL503 The query exceeded its memory limit of 256 MB/);
  const la = await post('/v1/workspaces/w/query', { query: big });
  assert.equal(la.status, 400);
  assert.equal(la.json.error.innererror.code, 'QueryExecutionError');
  assert.match(la.json.error.innererror.message, /KQL503 The query exceeded its memory limit of 256 MB/);
  assert.equal(pool.replaced, 0);
});

test('truncation on v1 as on v2: 500,000 records with Kusto\'s text in QueryStatus; set notruncation lifts it', async () => {
  const v1 = await post('/v1/rest/query', { db: 'db', csl: 'range i from 1 to 500001 step 1' });
  assert.equal(v1.status, 200);
  const [data, , status, toc] = v1.json.Tables;
  assert.equal(data.Rows.length, 500_000);
  assert.deepEqual(toc.Rows.map((r: unknown[]) => r[1]), ['QueryResult', 'QueryProperties', 'QueryStatus']);
  const error = status.Rows.find((r: unknown[]) => r[1] === 2);
  assert.match(error[4], /^Query execution has exceeded the allowed limits \(80DA0003\): The results of this query exceed the set limit of 500000 records, so not all records were returned \(E_QUERY_RESULT_SET_TOO_LARGE, 0x80DA0003, max #records=500000\)/);
  const whole = await post('/v1/rest/query', { db: 'db', csl: 'set notruncation; range i from 1 to 500001 step 1' });
  assert.equal(whole.json.Tables.length, 1);
  assert.equal(whole.json.Tables[0].Rows.length, 500_001);
  const capped = await post('/v1/rest/query', { db: 'db', csl: 'range i from 1 to 20 step 1', properties: { Options: { truncationmaxrecords: 5 } } });
  assert.equal(capped.json.Tables[0].Rows.length, 5);
  assert.match(capped.json.Tables[2].Rows[1][4], /exceed the set limit of 5 records/);
  const v2 = await post('/v2/rest/query', { db: 'db', csl: 'range i from 1 to 500001 step 1' });
  assert.equal(primary(v2.json).Rows.length, 500_000);
  assert.equal(v2.json.at(-1).HasErrors, true);
});
