// Continuous detection in `cloudhop serve` (issue 17 item 5, acceptance 2): a simulated tenant
// (src/simulate, as `cloudhop simulate` makes it) streamed in time order through the Logs Ingestion
// API (POST /dataCollectionRules/{id}/streams/Custom-<Table>) while the clock moves on, yields the
// same alerts (rule, entities, times, ids) and incidents as the replay `cloudhop detect` runs
// (runDetections) over the same files; the alerts and incidents are queryable as SecurityAlert /
// SecurityIncident through the query API, and each new incident reached a real local webhook server.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../src/simulate/index.ts';
import { loadTables } from '../../src/ingest/load.ts';
import { loadPack, builtinRulesDir, runDetections, loadWatchlistDir, watchlistProvider, loadEngine, type Watchlist } from '../../src/detect/index.ts';
import { startServer } from '../../src/serve/server.ts';
import { WorkspaceWriter } from '../../src/serve/workspace-writer.ts';
import { WorkspaceSource } from '../../src/serve/workspace-source.ts';
import { DetectionService } from '../../src/serve/detection.ts';
import { parseClock } from '../../src/serve/clock.ts';
import { Webhook } from '../../src/serve/webhook.ts';
import { commitWorkspace, emptyManifest } from '../../src/store/workspace.ts';
import { KNOWN_TABLES } from '../../src/store/schemas/index.ts';
import { formatDatetime, parseIsoDatetime } from '../../src/kql/data.ts';
import type { Alert } from '../../src/detect/alert.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cloudhop-detection-'));
const closers: (() => Promise<void>)[] = [];
after(async () => { for (const c of closers.reverse()) await c(); rmSync(tmp, { recursive: true, force: true }); });

const DAY = 864_000_000_000; // ticks
const TOKEN = 'detection-test-token';

/** The alert as compared: everything but evidence (not persisted) and incidentId (compared through the incidents). */
const key = (a: Alert): string => JSON.stringify([a.alertId, a.ruleId, a.timeGenerated, a.startTime, a.endTime, a.title, a.severity, a.entities, a.customDetails]);

test('parseClock: each form beside the clock it gives, and the errors', () => {
  let wall = 1_000;
  const sim = parseClock('start=2024-05-01T00:00:00Z,speed=3600', () => wall);
  assert.ok(typeof sim !== 'string');
  assert.equal(formatDatetime(sim.now()), '2024-05-01T00:00:00.0000000Z');
  wall += 2_000; // two wall seconds at 3600x: two hours
  assert.equal(formatDatetime(sim.now()), '2024-05-01T02:00:00.0000000Z');
  const man = parseClock('manual,start=2024-05-01T00:00:00Z');
  assert.ok(typeof man !== 'string' && man.set);
  man.set(parseIsoDatetime('2024-05-02T00:00:00Z')!);
  man.set(parseIsoDatetime('2024-04-01T00:00:00Z')!); // never back
  assert.equal(formatDatetime(man.now()), '2024-05-02T00:00:00.0000000Z');
  const real = parseClock('real', () => 0);
  assert.ok(typeof real !== 'string' && real.now() === 0);
  assert.equal(parseClock('speed=2'), "expected real, start=<ISO>[,speed=<N>] or manual[,start=<ISO>]: 'speed=2'");
  assert.equal(parseClock('start=yesterday'), "start: not an ISO 8601 time: 'yesterday' (e.g. start=2024-05-01T00:00:00Z)");
  assert.equal(parseClock('start=2024-05-01T00:00:00Z,speed=0'), "speed: not a number in (0, 1000000]: '0'");
  assert.equal(parseClock('manual,speed=2'), 'manual: a manual clock has no speed (it moves through POST /v1/detection/clock)');
  assert.equal(parseClock('fast'), "'fast': expected real, start=<ISO>[,speed=<N>] or manual[,start=<ISO>]");
});

test('a simulated attack streamed through the Logs Ingestion API gives the replay\'s alerts and incidents', { timeout: 300_000 }, async (tc) => {
  // 15 days (the pack's rules look back 14), all scenarios, ~7k rows.
  const simDir = join(tmp, 'sim');
  const sim = await simulate({ out: simDir, seed: 5, days: 15, scale: 6000 });
  const files = sim.labels.files.map((f) => join(simDir, f));

  const pack = loadPack([builtinRulesDir()]);
  const watch = new Map<string, Watchlist>();
  for (const d of pack.watchlistDirs) for (const [k, v] of loadWatchlistDir(d, [])) watch.set(k, v);
  const rules = pack.rules.filter((r) => r.enabled && r.kind !== 'Hunting');

  // Every record, in event-time order (TimeGenerated, else Timestamp), with its table.
  const records: { table: string; t: number; rec: Record<string, unknown> }[] = [];
  for (const f of files) {
    const table = f.replace(/^.*[\\/]/, '').replace(/\.jsonl$/, '');
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const rec = JSON.parse(line) as Record<string, unknown>;
      const t = parseIsoDatetime(String(rec.TimeGenerated ?? rec.Timestamp ?? ''));
      assert.ok(t !== null, `${f}: a record without a time`);
      records.push({ table, t, rec });
    }
  }
  records.sort((a, b) => a.t - b.t);
  const start = Math.floor(records[0]!.t / DAY) * DAY;
  const end = Math.ceil((records[records.length - 1]!.t + 1) / DAY) * DAY;

  // The replay `cloudhop detect --data FILES --from START --to END` runs.
  const { tables } = await loadTables(files);
  const replay = await runDetections({ tables, rules, watchlists: watchlistProvider(watch), from: start, to: end });
  assert.ok(replay.alerts.length >= 5, `the scenario raises alerts in replay (${replay.alerts.length})`);
  for (const s of replay.perRuleStats) assert.equal(s.errorCount, 0, `${s.file}: ${s.errors[0]}`);

  // A real webhook receiver.
  const received: { type: string; incident: { IncidentName: string; IncidentNumber: number }; alerts: Alert[] }[] = [];
  const hook: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => { received.push(JSON.parse(body) as (typeof received)[number]); res.writeHead(204).end(); });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => hook.close(() => r())));

  // The served workspace (empty), its writer, detection on a manual clock at START.
  const ws = join(tmp, 'ws');
  commitWorkspace(ws, emptyManifest(), new Map(), []);
  const source = new WorkspaceSource(ws);
  const writer = new WorkspaceWriter(ws);
  const clock = parseClock(`manual,start=${formatDatetime(start)}`);
  assert.ok(typeof clock !== 'string');
  const webhook = new Webhook(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/incidents`, { baseDelayMs: 50 });
  const detection = await DetectionService.create({ rules, engine: await loadEngine(), clock, writer, tables: () => source.snapshot(), watchlists: watchlistProvider(watch), webhook, pollMs: 60_000 });
  const server = await startServer({ tables: () => source.snapshot(), knownTables: KNOWN_TABLES, token: TOKEN, writer, routes: (app) => detection.routes(app), beforeClose: () => detection.stop() });
  closers.push(() => server.close());
  const post = async (path: string, body: unknown): Promise<{ status: number; json: unknown }> => {
    const r = await fetch(server.url + path, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, json: text ? JSON.parse(text) : undefined };
  };

  // Stream: 12-hour steps; each step's records (per table, in time order) are posted, then the
  // clock moves to the step's end and the runs due execute before the answer.
  const STEP = DAY / 2;
  let i = 0;
  for (let t = start + STEP; t <= end; t += STEP) {
    const byTable = new Map<string, Record<string, unknown>[]>();
    for (; i < records.length && records[i]!.t < t; i++) {
      const r = records[i]!;
      let l = byTable.get(r.table);
      if (!l) { l = []; byTable.set(r.table, l); }
      l.push(r.rec);
    }
    for (const [table, logs] of byTable) {
      const r = await post(`/dataCollectionRules/dcr-test/streams/Custom-${table}?api-version=2023-01-01`, logs);
      assert.equal(r.status, 204, `${table}: ${JSON.stringify(r.json)}`);
    }
    const c = await post('/v1/detection/clock', { now: formatDatetime(t) });
    assert.equal(c.status, 200, JSON.stringify(c.json));
  }
  assert.equal(i, records.length);
  tc.diagnostic(`${records.length} records in ${Math.round((end - start) / STEP)} steps; replay ${replay.alerts.length} alerts, ${replay.incidents.length} incidents`);

  // The same alerts (rule, entities, times, ids) and the same incidents.
  const streamed = [...((await (await fetch(server.url + '/v1/detection/status', { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { alerts: number; rules: { runs: number; errorCount: number; lastError?: string }[] }).rules];
  for (const s of streamed) assert.equal(s.errorCount, 0, s.lastError);
  const got = (await import('../../src/serve/incident-log.ts')).incidentLog(writer);
  const persisted = await new (await import('../../src/serve/incident-log.ts')).IncidentLog(new WorkspaceWriter(ws)).persistedAlerts();
  assert.deepEqual(persisted.map(key).sort(), replay.alerts.map(key).sort());
  const incidents = await got.incidents();
  assert.deepEqual(incidents.map((r) => String(r.IncidentName)).sort(), replay.incidents.map((x) => x.incidentId).sort());
  for (const inc of replay.incidents) {
    const row = incidents.find((r) => r.IncidentName === inc.incidentId)!;
    assert.deepEqual(row.AlertIds, inc.alertIds, `incident ${inc.incidentId}`);
  }

  // Queryable through the Log Analytics query API.
  const q = await post('/v1/workspaces/w/query', { query: 'SecurityAlert | summarize n = count(), ids = dcount(SystemAlertId)' });
  assert.equal(q.status, 200, JSON.stringify(q.json));
  assert.deepEqual((q.json as { tables: { rows: unknown[][] }[] }).tables[0]!.rows, [[replay.alerts.length, replay.alerts.length]]);
  const qi = await post('/v1/workspaces/w/query', { query: 'SecurityIncident | summarize arg_max(LastModifiedTime, *) by IncidentNumber | count' });
  assert.deepEqual((qi.json as { tables: { rows: unknown[][] }[] }).tables[0]!.rows, [[replay.incidents.length]]);

  // Each new incident reached the webhook once, with its alerts.
  await webhook.idle();
  assert.deepEqual(received.map((r) => r.incident.IncidentName).sort(), replay.incidents.map((x) => x.incidentId).sort());
  assert.ok(received.every((r) => r.type === 'incident.created' && r.alerts.length >= 1));
  assert.deepEqual(webhook.stats(), { delivered: replay.incidents.length, failed: 0, dropped: 0, retries: 0, queued: 0 });
});

test('webhook: retried with backoff on 5xx, bounded queue counts what it drops', async () => {
  let calls = 0;
  const bodies: unknown[] = [];
  const srv: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => { calls++; if (calls <= 2) { res.writeHead(503).end(); return; } bodies.push(JSON.parse(body)); res.writeHead(200).end(); });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => srv.close(() => r())));
  const lines: string[] = [];
  const w = new Webhook(`http://127.0.0.1:${(srv.address() as AddressInfo).port}/`, { maxQueue: 2, baseDelayMs: 20, log: (l) => lines.push(l) });
  assert.equal(w.push({ n: 1 }, 'incident 1'), true); // taken by the sender at once
  assert.equal(w.push({ n: 2 }, 'incident 2'), true);
  assert.equal(w.push({ n: 3 }, 'incident 3'), true);
  assert.equal(w.push({ n: 4 }, 'incident 4'), false); // two already waiting
  await w.idle();
  assert.deepEqual(bodies, [{ n: 1 }, { n: 2 }, { n: 3 }]);
  assert.deepEqual(w.stats(), { delivered: 3, failed: 0, dropped: 1, retries: 2, queued: 0 });
  assert.deepEqual(lines, ['cloudhop serve: webhook: incident 4 dropped: the queue is full (2 waiting); 1 dropped so far']);

  // A receiver that is not there: every attempt fails, the incident is counted as failed and said.
  const gone = new Webhook('http://127.0.0.1:9/', { attempts: 2, baseDelayMs: 10, log: (l) => lines.push(l) });
  gone.push({ n: 5 }, 'incident 5');
  await gone.idle();
  assert.deepEqual([gone.stats().failed, gone.stats().retries], [1, 1]);
  assert.match(lines[lines.length - 1]!, /^cloudhop serve: webhook: incident 5 not delivered to http:\/\/127\.0\.0\.1:9\/: /);
});
