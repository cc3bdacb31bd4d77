/**
 * `cloudhop serve` benchmarks (issue 17). On demand, never in npm test. Build first, then:
 *   npm run build && CLOUDHOP_SHARED=../shared node --import tsx bench/serve.ts [--part cli,duckdb,load]
 *     [--rows 250000] [--runs 10] [--clients 16] [--seconds 60] [--ingest-rate 5000] [--workers N]
 *     [--load-process-rows 100000]
 *
 * Parts (default all four):
 * - `cli`: the seed query (../shared/seed) warm through the server against a `cloudhop query`
 *   process per query, on a generated DeviceProcessEvents workspace of `--rows` rows
 *   (test/store/gen-dpe.ts); row counts checked equal.
 * - `duckdb` (acceptance 3, second line): the seed query warm through the server (Kusto v2 over
 *   https, `query_now` at the data's end) against DuckDB in-process on the same data, alternating
 *   run by run in one process: the 1.25 M-row tenant of bench/scale (one day: 1,000,000
 *   DeviceProcessEvents + 250,000 SigninLogs, seed 7), ingested by `cloudhop ingest` and loaded by
 *   DuckDB `read_json_auto` into a database file opened read-only. The seed's SQL spelling and the
 *   canonical row keys are bench/scale/queries.ts's: the two results are checked equal.
 * - `load` (acceptance 3, first line): `--clients` concurrent clients run the pack's queries (every
 *   rule of rules/T1021.007, `query_now` at the data's end, served with `--functions` of the pack)
 *   back to back for `--seconds`, while one ingestion client posts DeviceProcessEvents rows through
 *   the Logs Ingestion API at `--ingest-rate` rows/s (a batch every 200 ms, larger when behind). On a
 *   copy of a one-day tenant of `--load-process-rows` DeviceProcessEvents (default 100,000) and a
 *   quarter as many sign-ins: the pack's rules look back 14 days with joins and window functions,
 *   and on the 1.25 M-row tenant one pass over the 18 takes ~190 s of one core (two take 30-50 s;
 *   session-replay-two-networks stops at the 2 GB memory ceiling), so 16 clients there measure
 *   the queue. Reports requests, errors (any non-200 answer or partial
 *   failure), latency p50/p99/max, rows ingested and the achieved rate, and checks the final row
 *   count = before + ingested.
 * - `transfer`: a 500,000-row v2 answer (three columns, notruncation) built in a pool worker and
 *   sent as one transferred buffer, against the same answer built on the event loop (servers in
 *   this process, plain http): wall time and the longest event-loop stall while it runs.
 * Each part prints the machine's load average (a shared 2-core machine: compare in one run).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir, loadavg, availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request, Agent } from 'node:https';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { writeDpeJsonl, dpeRow } from '../test/store/gen-dpe.js';
import { writeTenant, START, DAY_MS, HOUR_MS } from './scale/tenant.js';
import { scaleQueries, keysOf, sqlKeys, canon, same } from './scale/queries.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({
  options: {
    part: { type: 'string' }, rows: { type: 'string' }, runs: { type: 'string' }, clients: { type: 'string' },
    seconds: { type: 'string' }, 'ingest-rate': { type: 'string' }, workers: { type: 'string' }, 'load-process-rows': { type: 'string' },
  },
});
const num = (v: string | undefined, d: number): number => (v === undefined ? d : Number(v));
const ROWS = num(opt.rows, 250_000), RUNS = num(opt.runs, 10), CLIENTS = num(opt.clients, 16);
const SECONDS = num(opt.seconds, 60), RATE = num(opt['ingest-rate'], 5000), WORKERS = num(opt.workers, availableParallelism());
/** The load part's tenant: DeviceProcessEvents rows (a quarter as many sign-ins) in one day. */
const LOAD_P = num(opt['load-process-rows'], 100_000);
const PARTS = new Set((opt.part ?? 'cli,duckdb,load,transfer').split(','));
const BIN = join(ROOT, 'bin', 'cloudhop.js');
if (!existsSync(join(ROOT, 'dist', 'serve', 'query-worker.js'))) { console.error('bench/serve.ts: run `npm run build` first'); process.exit(2); }
const shared = process.env.CLOUDHOP_SHARED ?? join(ROOT, '..', 'shared');
const seedFile = join(shared, 'seed', 'T1021.007-seed.kql');
if (!existsSync(seedFile)) { console.error(`bench/serve.ts: ${seedFile} is missing (set CLOUDHOP_SHARED)`); process.exit(2); }
const SEED = readFileSync(seedFile, 'utf8');
const work = join(tmpdir(), 'cloudhop-bench-serve');
mkdirSync(work, { recursive: true });

const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]!; };
const median = (xs: number[]): number => pct(xs, 0.5);
const fmt = (xs: number[]): string => `p50 ${pct(xs, 0.5).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms (${xs.length} runs)`;
const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');
const say = (s: string): void => { process.stdout.write(s + '\n'); };

interface Served { url: string; token: string; ca: Buffer; child: ChildProcess; agent: Agent }
async function serve(ws: string, extra: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--workspace', ws, '--port', '0', '--query-workers', String(WORKERS), ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = await new Promise<string[]>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => { out += b.toString(); const l = out.split('\n'); if (l.length > 3) resolve(l); });
    child.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
  return { url: lines[0]!.replace(/^listening on /, ''), token: lines[2]!.split(' ')[1]!, ca: readFileSync(join(ws, 'serve', 'cert.pem')), child, agent: new Agent({ keepAlive: true, maxSockets: 64 }) };
}
async function stop(s: Served): Promise<void> {
  s.agent.destroy();
  const gone = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await gone;
}
function post(s: Served, path: string, body: string): Promise<{ status: number; text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(s.url + path, { method: 'POST', ca: s.ca, agent: s.agent, headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
type Frame = { FrameType: string; TableKind?: string; Columns?: { ColumnName: string }[]; Rows?: unknown[][]; HasErrors?: boolean; OneApiErrors?: unknown[] };
const kusto = (s: Served, csl: string, now: string): ReturnType<typeof post> => post(s, '/v2/rest/query', JSON.stringify({ db: 'db', csl, properties: { Options: { query_now: now } } }));

// ── part transfer: a 500,000-row answer from a worker against one built on the event loop ──
if (PARTS.has('transfer')) {
  const { startServer } = await import('../src/serve/server.js');
  const { QueryPool } = await import('../src/serve/query-pool.js');
  const { WorkspaceSource } = await import('../src/serve/workspace-source.js');
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const { ws } = await tenant(100_000, 25_000, false);
  const source = new WorkspaceSource(ws);
  const q = 'set notruncation; range i from 1 to 500000 step 1 | extend s = strcat("row-", i), t = datetime(2024-06-01) + i * 1s';
  for (const pooled of [false, true]) {
    const pool = pooled ? await QueryPool.start({ workspace: ws, size: 1 }) : undefined;
    const srv = await startServer({ tables: () => source.snapshot(), token: 'bench-token-0123456789', ...(pool ? { queryPool: pool } : {}) });
    const ms: number[] = [], stall: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 4; i++) {
      const h = monitorEventLoopDelay({ resolution: 5 }); h.enable();
      const t0 = performance.now();
      const r = await fetch(srv.url + '/v2/rest/query', { method: 'POST', headers: { authorization: 'Bearer bench-token-0123456789' }, body: JSON.stringify({ db: 'db', csl: q }) });
      const text = await r.text();
      h.disable();
      if (r.status !== 200) throw new Error(text.slice(0, 300));
      bytes = text.length;
      if (i > 0) { ms.push(performance.now() - t0); stall.push(h.max / 1e6); }
    }
    await srv.close(); await pool?.close();
    say(`[transfer] 500,000 rows (${(bytes / 1e6).toFixed(0)} MB of v2 JSON) ${pooled ? 'from a pool worker' : 'on the event loop   '}: ${fmt(ms)}; longest event-loop stall p50 ${median(stall).toFixed(0)} ms, max ${Math.max(...stall).toFixed(0)} ms`);
  }
  say(`[transfer] load average ${load()}`);
}

// ── part cli: a process per query against the warm server ──
if (PARTS.has('cli')) {
  const data = join(work, `data-${ROWS}`), ws = join(work, `ws-${ROWS}`);
  mkdirSync(data, { recursive: true });
  const file = join(data, 'DeviceProcessEvents.jsonl');
  if (!existsSync(file)) await writeDpeJsonl(file, ROWS);
  if (!existsSync(join(ws, 'manifest.json'))) {
    const r = spawnSync(process.execPath, [BIN, 'ingest', data, '--workspace', ws, '--quiet'], { encoding: 'utf8' });
    if (r.status !== 0) { console.error(r.stderr); process.exit(1); }
  }
  const NOW = new Date(Date.UTC(2024, 5, 1) + ROWS * 997).toISOString();
  const cold: number[] = [];
  let cliRows = -1;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'query', '--workspace', ws, '--now', NOW, '--format', 'json', SEED], { encoding: 'utf8', maxBuffer: 1 << 30 });
    cold.push(performance.now() - t0);
    if (r.status !== 0) { console.error(r.stderr); process.exit(1); }
    cliRows = (JSON.parse(r.stdout) as { rows: unknown[] }).rows.length;
  }
  const s = await serve(ws);
  const warm: number[] = [];
  let first = 0;
  try {
    for (let i = 0; i <= RUNS; i++) {
      const r = await kusto(s, SEED, NOW);
      if (r.status !== 200) throw new Error(`${r.status}: ${r.text.slice(0, 300)}`);
      const n = (JSON.parse(r.text) as Frame[]).find((f) => f.TableKind === 'PrimaryResult')!.Rows!.length;
      if (n !== cliRows) throw new Error(`the server returned ${n} rows, the CLI ${cliRows}`);
      if (i === 0) first = r.ms; else warm.push(r.ms);
    }
  } finally { await stop(s); }
  say(`[cli] workspace: ${ROWS} DeviceProcessEvents rows (${ws}); seed query, now = ${NOW}: ${cliRows} rows`);
  say(`[cli] cloudhop query (a process per query): ${fmt(cold)}`);
  say(`[cli] cloudhop serve, first request: ${first.toFixed(0)} ms; warm: ${fmt(warm)}`);
  say(`[cli] speed-up (p50): ${(pct(cold, 0.5) / pct(warm, 0.5)).toFixed(1)}x; load average ${load()} (shared machine)`);
}

// ── tenants (bench/scale's generator, one day, seed 7): their workspaces and DuckDB files ──
const END = START + DAY_MS;
const END_ISO = new Date(END).toISOString();
interface Tenant { data: string; ws: string; duck: string; rows: number }
async function tenant(processPerDay: number, signinsPerDay: number, withDuck: boolean): Promise<Tenant> {
  const key = `d1-p${processPerDay}-s${signinsPerDay}-r7`;
  const t: Tenant = { data: join(work, `tenant-${key}`), ws: join(work, `tenant-ws-${key}`), duck: join(work, `tenant-duck-${key}.duckdb`), rows: processPerDay + signinsPerDay };
  const marker = `${t.data}.complete.json`;
  if (!existsSync(marker)) {
    rmSync(t.data, { recursive: true, force: true });
    const g = writeTenant({ dir: t.data, days: 1, processPerDay, signinsPerDay, seed: 7 });
    writeFileSync(marker, JSON.stringify(g));
    say(`[tenant] generated ${g.rows.toLocaleString('en-US')} rows (${(g.bytes / 1e6).toFixed(0)} MB of JSON) in ${(g.ms / 1000).toFixed(1)} s`);
  }
  if (!existsSync(join(t.ws, 'manifest.json'))) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'ingest', t.data, '--workspace', t.ws, '--quiet'], { encoding: 'utf8' });
    if (r.status !== 0) { console.error(r.stderr); process.exit(1); }
    say(`[tenant] cloudhop ingest: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (withDuck && !existsSync(t.duck)) {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const t0 = performance.now();
    rmSync(`${t.duck}.tmp`, { force: true });
    const inst = await DuckDBInstance.create(`${t.duck}.tmp`, { threads: String(availableParallelism()) });
    const con = await inst.connect();
    for (const name of ['DeviceProcessEvents', 'SigninLogs']) await con.run(`CREATE TABLE ${name} AS SELECT * FROM read_json_auto('${t.data}/${name}_day*.jsonl')`);
    await con.run('CHECKPOINT');
    con.closeSync(); inst.closeSync();
    cpSync(`${t.duck}.tmp`, t.duck); rmSync(`${t.duck}.tmp`, { force: true });
    say(`[tenant] DuckDB read_json_auto → ${t.duck}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return t;
}

// ── part duckdb: the warm seed query through the server against DuckDB in-process ──
if (PARTS.has('duckdb')) {
  const { ws: TWS, duck: TDUCK } = await tenant(1_000_000, 250_000, true);
  const { KQL, SQL } = scaleQueries({ seedKql: SEED, endMs: END, windowMs: START + 10 * HOUR_MS });
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const inst = await DuckDBInstance.create(TDUCK, { threads: String(availableParallelism()), access_mode: 'READ_ONLY' });
  const con = await inst.connect();
  const s = await serve(TWS);
  const served: number[] = [], duck: number[] = [];
  let check = '', firstServed = 0, firstDuck = 0;
  try {
    for (let i = 0; i <= RUNS; i++) {
      const r = await kusto(s, KQL.seed, END_ISO);
      if (r.status !== 200) throw new Error(`${r.status}: ${r.text.slice(0, 300)}`);
      const t0 = performance.now();
      const d = await con.runAndReadAll(SQL.seed);
      const dms = performance.now() - t0;
      if (i === 0) {
        firstServed = r.ms; firstDuck = dms;
        const pr = (JSON.parse(r.text) as Frame[]).find((f) => f.TableKind === 'PrimaryResult')!;
        const names = pr.Columns!.map((c) => c.ColumnName);
        const ours = canon(keysOf('seed', pr.Rows!.map((row) => Object.fromEntries(names.map((n, j) => [n, row[j]])))));
        check = same(ours, canon(sqlKeys('seed', d.getRowObjectsJS() as Record<string, unknown>[])));
      } else { served.push(r.ms); duck.push(dms); }
    }
  } finally { await stop(s); con.closeSync(); inst.closeSync(); }
  say(`[duckdb] 1.25 M rows (${TWS}); seed query, now = ${END_ISO}; result ${check}`);
  say(`[duckdb] cloudhop serve (warm, Kusto v2 over https, ${WORKERS} query workers): ${fmt(served)}; first request ${firstServed.toFixed(0)} ms`);
  say(`[duckdb] DuckDB in-process (file read-only, ${availableParallelism()} threads): ${fmt(duck)}; first ${firstDuck.toFixed(0)} ms`);
  say(`[duckdb] ratio serve / DuckDB (p50): ${(median(served) / median(duck)).toFixed(2)}x (goal <= 1.0); load average ${load()}`);
}

// ── part load: 16 clients × the pack's queries while 5,000 rows/s are ingested ──
if (PARTS.has('load')) {
  const t = await tenant(LOAD_P, Math.round(LOAD_P / 4), false);
  const pack = join(ROOT, 'rules', 'T1021.007');
  const queries = readdirSync(pack).filter((f) => f.endsWith('.yaml') && !f.endsWith('.tests.yaml')).sort()
    .map((f) => ({ name: f.replace(/\.yaml$/, ''), kql: (parseYaml(readFileSync(join(pack, f), 'utf8')) as { query?: string }).query }))
    .filter((q): q is { name: string; kql: string } => typeof q.kql === 'string');
  const ws = join(work, 'load-ws');
  rmSync(ws, { recursive: true, force: true });
  cpSync(t.ws, ws, { recursive: true });
  const s = await serve(ws, ['--functions', join(pack, 'functions')]);
  const countRows = async (): Promise<number> => {
    const r = await kusto(s, 'DeviceProcessEvents | count', END_ISO);
    return Number((JSON.parse(r.text) as Frame[]).find((f) => f.TableKind === 'PrimaryResult')!.Rows![0]![0]);
  };
  const before = await countRows();
  const lat: number[] = [];
  const perQuery = new Map<string, number[]>();
  const errors: string[] = [];
  let requests = 0, ingested = 0, batches = 0;
  const ingestLat: number[] = [];
  const t0 = performance.now();
  const deadline = t0 + SECONDS * 1000;
  const client = async (c: number): Promise<void> => {
    for (let k = c; performance.now() < deadline; k++) {
      const q = queries[k % queries.length]!;
      try {
        const r = await kusto(s, q.kql, END_ISO);
        requests++;
        const frames = r.status === 200 ? (JSON.parse(r.text) as Frame[]) : undefined;
        const done = frames?.find((f) => f.FrameType === 'DataSetCompletion');
        if (r.status !== 200 || done?.HasErrors) { errors.push(`${q.name}: ${r.status} ${r.text.slice(0, 300)}`); continue; }
        lat.push(r.ms);
        (perQuery.get(q.name) ?? perQuery.set(q.name, []).get(q.name)!).push(r.ms);
      } catch (e) { requests++; errors.push(`${q.name}: ${(e as Error).message}`); }
    }
  };
  const ingest = async (): Promise<void> => {
    let next = 0;
    while (performance.now() < deadline) {
      const due = Math.floor(((performance.now() - t0) / 1000) * RATE);
      const n = Math.min(Math.max(due - ingested, 0), 20_000);
      if (n < RATE / 5) { await new Promise((r) => setTimeout(r, 200 - ((performance.now() - t0) % 200))); continue; }
      const rows: string[] = [];
      for (let i = 0; i < n; i++) rows.push(dpeRow((next + i) % 86_000)); // times within the tenant's day
      try {
        const r = await post(s, '/dataCollectionRules/dcr-bench/streams/Custom-DeviceProcessEvents?api-version=2023-01-01', `[${rows.join(',')}]`);
        if (r.status !== 204) { errors.push(`ingestion: ${r.status} ${r.text.slice(0, 300)}`); continue; }
        ingestLat.push(r.ms);
        ingested += n; next += n; batches++;
      } catch (e) { errors.push(`ingestion: ${(e as Error).message}`); }
    }
  };
  await Promise.all([ingest(), ...Array.from({ length: CLIENTS }, (_, c) => client(c))]);
  const wall = (performance.now() - t0) / 1000;
  const after = await countRows();
  await stop(s);
  rmSync(ws, { recursive: true, force: true });
  say(`[load] ${CLIENTS} clients × ${queries.length} pack queries (rules/T1021.007, now = ${END_ISO}) for ${wall.toFixed(1)} s on ${t.rows.toLocaleString('en-US')} rows (a copy of ${t.ws}), ${WORKERS} query workers, ingesting at ${RATE} rows/s`);
  say(`[load] requests ${requests}, errors ${errors.length}; latency p50 ${pct(lat, 0.5).toFixed(0)} ms, p99 ${pct(lat, 0.99).toFixed(0)} ms, max ${Math.max(...lat).toFixed(0)} ms; ${(requests / wall).toFixed(1)} queries/s`);
  say(`[load] ingested ${ingested.toLocaleString('en-US')} rows in ${batches} batches (${(ingested / wall).toFixed(0)} rows/s; batch p50 ${pct(ingestLat, 0.5).toFixed(0)} ms, p99 ${pct(ingestLat, 0.99).toFixed(0)} ms); DeviceProcessEvents ${before} → ${after} (${after - before === ingested ? 'every acknowledged row present' : `MISMATCH: ${after - before} new rows`})`);
  for (const [name, xs] of [...perQuery].sort()) say(`[load]   ${name.padEnd(42)} ${String(xs.length).padStart(4)} runs, p50 ${median(xs).toFixed(0)} ms, p99 ${pct(xs, 0.99).toFixed(0)} ms`);
  for (const e of errors.slice(0, 5)) say(`[load] error: ${e}`);
  say(`[load] load average ${load()} (shared machine)`);
}
