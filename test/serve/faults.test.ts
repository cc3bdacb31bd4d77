// The service under bad requests and limits (issue 17 "Faults", "Concurrency and limits"): a wrong
// token is 401, a malformed body 400 in Kusto's error shape, an oversized body 413; per-query time
// and memory limits end a query with a clear error; result truncation as Kusto does it; a fuzz of
// paths, methods, headers and bodies never gets a 5xx and never stops the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/serve/server.ts';
import { loadTables } from '../../src/ingest/load.ts';
import { KNOWN_TABLES } from '../../src/store/schemas/index.ts';
import { ROOT } from '../helpers/shared.js';

const TOKEN = 'faults-test-token-0123456789';
let server: RunningServer;

before(async () => {
  const { tables } = await loadTables([join(ROOT, 'test/kql/exec/fixtures/data')]);
  server = await startServer({ tables, knownTables: KNOWN_TABLES, token: TOKEN, maxBodyBytes: 64 * 1024, maxMemoryBytes: 256 * 1024 * 1024 });
});
after(async () => { await server?.close(); });

async function post(path: string, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<{ status: number; json: any; text: string }> {
  const r = await fetch(server.url + path, { method: 'POST', body, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers } });
  const text = await r.text();
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: r.status, json, text };
}
const kusto = (csl: string, properties?: unknown, v = 'v2'): ReturnType<typeof post> => post(`/${v}/rest/query`, JSON.stringify({ db: 'db', csl, ...(properties ? { properties } : {}) }));

/** Kusto's OneApiErrors body. */
function assertKustoError(json: any, code: string, message: RegExp): void {
  assert.equal(json.error.code, code);
  assert.equal(typeof json.error['@type'], 'string');
  assert.match(json.error['@message'], message);
}

test('a wrong or missing token is 401 in each API\'s shape, before the body is read', async () => {
  const k = await post('/v2/rest/query', JSON.stringify({ csl: 'print 1' }), { authorization: 'Bearer wrong' });
  assert.equal(k.status, 401);
  assertKustoError(k.json, 'Unauthorized', /bearer token is missing or not valid/);
  const none = await fetch(server.url + '/v1/rest/mgmt', { method: 'POST', body: '{"csl":".show tables"}' });
  assert.equal(none.status, 401);
  const la = await post('/v1/workspaces/w/query', JSON.stringify({ query: 'print 1' }), { authorization: `Bearer ${TOKEN}x` });
  assert.equal(la.status, 401);
  assert.equal(la.json.error.code, 'AuthorizationRequiredError');
});

test('a malformed body is 400 in Kusto\'s error shape; an oversized one is 413', async () => {
  const cases: [string, RegExp][] = [
    ['{"db":"x","csl":', /^the body is not JSON: /],
    ['[1,2]', /^the body is not a JSON object$/],
    ['', /^the request has no body/],
    ['{"db":"x"}', /^the body has no "csl"/],
    ['{"csl":42}', /^the body has no "csl"/],
  ];
  for (const [body, re] of cases) {
    const r = await post('/v2/rest/query', body);
    assert.equal(r.status, 400, body);
    assertKustoError(r.json, 'BadRequest', re);
  }
  const big = await post('/v2/rest/query', JSON.stringify({ csl: 'print "' + 'x'.repeat(70 * 1024) + '"' }));
  assert.equal(big.status, 413);
  assertKustoError(big.json, 'RequestEntityTooLarge', /^request body over 65536 bytes$/);
  const la = await post('/v1/workspaces/w/query', '{"query":');
  assert.equal(la.status, 400);
  assert.equal(la.json.error.code, 'BadArgumentError');
});

test('per-query limits: servertimeout and the memory ceiling end the query with a clear error', async () => {
  const slow = await kusto('range i from 1 to 10000000 step 1 | summarize count() by k = i % 1000', { Options: { servertimeout: '00:00:00.001' } });
  assert.equal(slow.status, 400);
  assertKustoError(slow.json, 'LimitsExceeded', /^Query execution has exceeded the allowed limits or failed: \d+:\d+: KQL502 /);
  const big = await kusto('range i from 1 to 20000000 step 1 | extend s = strcat("value-", i) | summarize make_list(s)');
  assert.equal(big.status, 400);
  assertKustoError(big.json, 'LimitsExceeded', /KQL503 /);
  const bad = await kusto('print 1', { Options: { servertimeout: 'soon' } });
  assert.equal(bad.status, 400);
  assertKustoError(bad.json, 'BadRequest', /^servertimeout: not a timespan: 'soon'/);
});

test('truncation as Kusto does it: 500,000 records by default (a partial failure beside the rows); set notruncation lifts it', async () => {
  const cut = await kusto('range i from 1 to 500001 step 1');
  assert.equal(cut.status, 200);
  const frames = cut.json as any[];
  const primary = frames.find((f) => f.TableKind === 'PrimaryResult');
  assert.equal(primary.Rows.length, 500_000);
  const done = frames.at(-1);
  assert.equal(done.HasErrors, true);
  assert.equal(done.OneApiErrors[0].error['@message'], 'Query execution has exceeded the allowed limits (80DA0003): The results of this query exceed the set limit of 500000 records, so not all records were returned (E_QUERY_RESULT_SET_TOO_LARGE, 0x80DA0003, max #records=500000). See https://aka.ms/kustoquerylimits for more information and possible solutions.');
  const whole = await kusto('set notruncation; range i from 1 to 500001 step 1');
  assert.equal(whole.status, 200, whole.text.slice(0, 400));
  assert.equal((whole.json as any[]).find((f) => f.TableKind === 'PrimaryResult').Rows.length, 500_001);
  assert.equal((whole.json as any[]).at(-1).HasErrors, false);
  const la = await post('/v1/workspaces/w/query', JSON.stringify({ query: 'range i from 1 to 500001 step 1' }));
  assert.equal(la.json.tables[0].rows.length, 500_000);
  assert.equal(la.json.error.code, 'PartialError');
  assert.match(la.json.error.details[0].innererror.message, /E_QUERY_RESULT_SET_TOO_LARGE/);
});

test('Log Analytics timespan: every table restricted to [start, end) of its time column', async () => {
  const inWindow = await post('/v1/workspaces/w/query', JSON.stringify({ query: 'SigninLogs | count', timespan: '2024-06-01T00:00:00Z/2024-06-01T10:00:00Z' }));
  const all = await post('/v1/workspaces/w/query', JSON.stringify({ query: 'SigninLogs | where TimeGenerated >= datetime(2024-06-01) and TimeGenerated < datetime(2024-06-01T10:00:00Z) | count' }));
  assert.equal(inWindow.status, 200);
  assert.deepEqual(inWindow.json.tables[0].rows, all.json.tables[0].rows);
  assert.deepEqual(all.json.tables[0].rows, [[1]]);
  const bad = await post('/v1/workspaces/w/query', JSON.stringify({ query: 'print 1', timespan: 'yesterday' }));
  assert.equal(bad.status, 400);
  assert.match(bad.json.error.message, /timespan 'yesterday' is not an ISO 8601 duration or interval/);
});

test('mgmt: an unknown command or table is a 400 naming it', async () => {
  const r = await post('/v1/rest/mgmt', JSON.stringify({ db: 'db', csl: '.drop table SigninLogs' }));
  assert.equal(r.status, 400);
  assertKustoError(r.json, 'BadRequest_NotSupported', /^Request is not supported: management command not served: '\.drop table SigninLogs'/);
  const t = await post('/v1/rest/mgmt', JSON.stringify({ db: 'db', csl: '.show table Nope schema as json' }));
  assertKustoError(t.json, 'General_BadRequest', /^Semantic error: 'Nope' was not found/);
});

/** A small deterministic PRNG (mulberry32) so that a failing fuzz case can be replayed. */
function rng(seed: number): () => number {
  return () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

export const FUZZ_REQUESTS = 1500;

test(`fuzz: ${FUZZ_REQUESTS} random paths, methods, headers and bodies: never a 5xx, the server keeps answering`, async () => {
  const r = rng(17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const paths = ['/v1/rest/query', '/v2/rest/query', '/v1/rest/mgmt', '/v2/rest/mgmt', '/v1/workspaces/abc/query', '/v1/workspaces//query', '/v1/rest/auth/metadata', '/', '/v1', '/v2/rest/query/', '/v1/workspaces/%00/query', '/v2/rest/query?x=%ZZ', '/../etc/passwd', '/v1/rest/query;x', '/' + 'a'.repeat(3000)];
  const methods = ['POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
  const csl = ['print 1', 'SigninLogs | take 3', 'SigninLogs | where', '.show tables', '.show table SigninLogs schema as json', 'let x = ', 'range i from 1 to 10 step 1 | summarize count() by bin(i, 0)', 'print todynamic("{")', '"', 'datatable(a:int)[1,2] | join (x) on a', 'print 1/0', 'set notruncation; print now()', ')'.repeat(50), 'T | ' + '| '.repeat(30)];
  const bodies = (): string | Uint8Array => {
    switch (Math.floor(r() * 9)) {
      case 0: return JSON.stringify({ db: 'db', csl: pick(csl) });
      case 1: return JSON.stringify({ db: pick([1, null, 'db', []]), csl: pick(csl), properties: pick([null, 'x', '{"Options":{"servertimeout":"x"}}', { Options: { query_now: pick(['bad', 42, '2024-01-01']), truncationmaxrecords: pick([-1, 'a', 5, 1e300]) } }, []]) });
      case 2: return JSON.stringify({ query: pick(csl), timespan: pick(['P1D', 'PT', '2024-01-01/2024-01-02', 5, null, '/', 'x/y/z']) });
      case 3: { const s = JSON.stringify({ csl: pick(csl) }); return s.slice(0, Math.floor(r() * s.length)); }
      case 4: return new Uint8Array(Array.from({ length: Math.floor(r() * 200) }, () => Math.floor(r() * 256)));
      case 5: return pick(['null', '[]', '""', '0', '{}', '{"csl":{}}', '{"csl":["print 1"]}', '{"query":null}', '\u0000', '{"csl":"print 1"}'.repeat(3)]);
      case 6: return '['.repeat(5000) + ']'.repeat(5000);
      case 7: return JSON.stringify({ csl: 'print "' + 'y'.repeat(Math.floor(r() * 80_000)) + '"' });
      default: return JSON.stringify({ csl: pick(csl).split('').sort(() => r() - 0.5).join('') });
    }
  };
  const statuses = new Map<number, number>();
  for (let i = 0; i < FUZZ_REQUESTS; i++) {
    const method = pick(methods);
    const headers: Record<string, string> = {};
    if (r() < 0.85) headers.authorization = r() < 0.9 ? `Bearer ${TOKEN}` : pick(['Bearer', 'Basic abc', `bearer ${TOKEN}`, `Bearer ${TOKEN} `, 'Bearer ' + 'z'.repeat(5000)]);
    if (r() < 0.8) headers['content-type'] = pick(['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '*/*', 'application/json; charset=latin1']);
    if (r() < 0.1) headers['content-encoding'] = pick(['gzip', 'deflate', 'br']);
    const hasBody = method !== 'GET' && method !== 'HEAD';
    let res: Response;
    try {
      res = await fetch(server.url + pick(paths), { method, headers, ...(hasBody ? { body: bodies() } : {}) });
    } catch (e) {
      assert.fail(`request ${i} (${method}) failed at the transport: ${(e as Error).message}`);
    }
    await res.arrayBuffer();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    assert.ok(res.status < 500, `request ${i}: ${method} got ${res.status}`);
  }
  const ok = await kusto('print 1');
  assert.equal(ok.status, 200);
  // Every family of answer was reached (the fuzz is not all 401s or all 404s).
  for (const s of [200, 400, 401, 404, 405, 413]) assert.ok(statuses.has(s), `no ${s} in ${JSON.stringify([...statuses])}`);
  process.stdout.write(`# fuzz statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}\n`);
});
