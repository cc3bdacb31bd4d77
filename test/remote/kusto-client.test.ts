// The stand-in's Kusto protocol as azure-kusto-data parses it without cloudhop's own reading
// (src/remote/client.ts asks for the raw frames): v2 frames through `execute`, v1 tables through
// `executeQueryV1`, errors through the client's exception, each beside the rows the local engine
// gives. Plain http on loopback (the Kusto client sends its token over http; @azure/monitor-query
// does not, so Log Analytics is covered over https in remote-detect.test.ts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Client, KustoConnectionStringBuilder, ClientRequestProperties } from 'azure-kusto-data';
import { startServer, type RunningServer } from '../../src/serve/server.ts';
import { staticTokenCredential } from '../../src/remote/credential.ts';
import { loadTables } from '../../src/ingest/load.ts';
import { ROOT } from '../helpers/shared.js';

let server: RunningServer;
let client: InstanceType<typeof Client>;

before(async () => {
  const { tables } = await loadTables([join(ROOT, 'test/kql/exec/fixtures/data/SigninLogs.jsonl')]);
  server = await startServer({ tables, token: 'k' });
  client = new Client(KustoConnectionStringBuilder.withTokenCredential(server.url, staticTokenCredential('k')));
});
after(async () => { client?.close(); await server?.close(); });

const Q = `print n = 1, s = "a", b = true, t = datetime(2024-06-01T10:00:00Z), d = dynamic({"k": [1, 2]}), ts = 90m, g = toguid("0f8fad5b-d9cb-469f-a165-70867728950e")`;

test('v2: the PrimaryResult table with its columns and typed rows', async () => {
  const r = await client.execute('db', Q);
  const t = r.primaryResults[0]!;
  assert.deepEqual(t.columns.map((c) => [c.name, c.type]), [['n', 'long'], ['s', 'string'], ['b', 'bool'], ['t', 'datetime'], ['d', 'dynamic'], ['ts', 'timespan'], ['g', 'guid']]);
  const row = [...t.rows()][0]!.toJSON() as Record<string, unknown>;
  assert.deepEqual({ ...row, t: (row.t as Date).toISOString() }, { n: 1, s: 'a', b: true, t: '2024-06-01T10:00:00.000Z', d: { k: [1, 2] }, ts: 5_400_000, g: '0f8fad5b-d9cb-469f-a165-70867728950e' });
  assert.equal(r.getErrorsCount().errors, 0);
});

test('v1: one table with the same rows', async () => {
  const r = await client.executeQueryV1('db', 'SigninLogs | summarize c = count() by ResultType | sort by ResultType asc');
  const rows = [...r.primaryResults[0]!.rows()].map((x) => x.toJSON());
  assert.ok(rows.length > 0);
  assert.deepEqual(Object.keys(rows[0]!), ['ResultType', 'c']);
});

test('query_now sets now()', async () => {
  const p = new ClientRequestProperties();
  p.setOption('query_now', '2020-02-02T00:00:00Z');
  const r = await client.execute('db', 'print ago(1d)', p);
  assert.equal(([...r.primaryResults[0]!.rows()][0]!.toJSON() as Record<string, Date>).print_0!.toISOString(), '2020-02-01T00:00:00.000Z');
});

test('a KQL error is the client\'s exception with Kusto\'s message; a wrong token is a 401', async () => {
  await assert.rejects(client.execute('db', 'SigninLogs | where Nope == 1'), (e: Error & { response?: { status: number; data: { error: Record<string, unknown> } } }) => {
    assert.equal(e.response?.status, 400);
    assert.equal(e.response?.data.error['@type'], 'Kusto.Data.Exceptions.SemanticException');
    assert.match(String(e.response?.data.error['@message']), /^Semantic error: 1:20: KQL\d+ Unknown column or variable 'Nope'/);
    return true;
  });
  const wrong = new Client(KustoConnectionStringBuilder.withTokenCredential(server.url, staticTokenCredential('x')));
  await assert.rejects(wrong.execute('db', 'print 1'), (e: { response?: { status: number } }) => e.response?.status === 401);
  wrong.close();
});
