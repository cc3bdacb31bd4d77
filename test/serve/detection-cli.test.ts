// `cloudhop serve --rules DIR --clock start=ISO,speed=N` as a user runs it (a child process): over a
// workspace ingested with `cloudhop ingest`, a fast simulated clock runs the pack's schedules and
// the SecurityAlert rows of the runs up to the data's end are the alerts `cloudhop detect
// --workspace` replays over the same span. Restarted with the same clock, the server reads its
// alerts back and appends none twice. Also the usage errors of the detection options.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { request, Agent } from 'node:https';
import { ROOT } from '../helpers/shared.js';
import { cli, startServe, stopServe, type ServeChild } from './serve-child.js';
import { simulate } from '../../src/simulate/index.ts';
import { formatDatetime, parseIsoDatetime } from '../../src/kql/data.ts';

const dir = mkdtempSync(join(tmpdir(), 'cloudhop-detect-serve-'));
const ws = join(dir, 'ws');
const tokenFile = join(dir, 'token');
const TOKEN = 'detection-cli-test-token-0123456789';
writeFileSync(tokenFile, TOKEN + '\n');
let running: ServeChild | undefined;
after(async () => { await stopServe(running); rmSync(dir, { recursive: true, force: true }); });

const DAY = 864_000_000_000;
const agent = new Agent({ keepAlive: false });

function call(s: ServeChild, method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(s.url + path, { method, agent, ca: readFileSync(join(ws, 'serve', 'cert.pem')), headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (b: Buffer) => { text += b.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function v2(s: ServeChild, csl: string): Promise<unknown[][]> {
  const r = await call(s, 'POST', '/v2/rest/query', JSON.stringify({ db: 'db', csl }));
  assert.equal(r.status, 200, r.text.slice(0, 400));
  return (JSON.parse(r.text) as { TableKind?: string; Rows: unknown[][] }[]).find((f) => f.TableKind === 'PrimaryResult')!.Rows;
}

interface Status { clock: { now: string }; rules: { ruleId: string; lastRun?: string; errorCount: number; lastError?: string; lastMs?: number }[] }

/** Waits until every rule has run at `end` or later. */
async function runsPast(s: ServeChild, end: string): Promise<Status> {
  for (let i = 0; i < 600; i++) {
    const r = await call(s, 'GET', '/v1/detection/status');
    assert.equal(r.status, 200, r.text);
    const st = JSON.parse(r.text) as Status;
    if (st.rules.every((x) => x.lastRun !== undefined && x.lastRun >= end)) return st;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`the rules did not run up to ${end} within 120 s`);
}

test('serve --rules with a fast clock: the alerts of detect replay, kept across a restart', { timeout: 400_000 }, async (tc) => {
  const sim = await simulate({ out: join(dir, 'sim'), seed: 5, days: 15, scale: 6000 });
  const ing = cli(['ingest', ...sim.labels.files.map((f) => join(dir, 'sim', f)), '--workspace', ws], true);
  assert.equal(ing.code, 0, ing.err);
  const span = JSON.parse(cli(['query', '--workspace', ws, '--format', 'json', 'union SigninLogs, AADNonInteractiveUserSignInLogs, AuditLogs, AWSCloudTrail | summarize min(TimeGenerated), max(TimeGenerated)'], true).out) as { rows: [string, string][] };
  const start = Math.floor(parseIsoDatetime(span.rows[0]![0])! / DAY) * DAY - DAY; // a day before: every table's first day is inside
  const end = Math.ceil((parseIsoDatetime(span.rows[0]![1])! + 1) / DAY) * DAY;
  const [START, END] = [formatDatetime(start), formatDatetime(end)];

  const det = cli(['detect', '--workspace', ws, '--rules', join(ROOT, 'rules'), '--from', START, '--to', END, '--format', 'jsonl'], true);
  assert.equal(det.code, 0, det.err);
  const replay = det.out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { alertId: string; ruleId: string; timeGenerated: string });
  assert.ok(replay.length >= 5, `replay alerts: ${replay.length}`);

  // 17 simulated days in about 5 s of wall time.
  const speed = Math.round(((end - start) / 1e7) / 5);
  const args = ['--workspace', ws, '--port', '0', '--token-file', tokenFile, '--rules', join(ROOT, 'rules'), '--clock', `start=${START},speed=${speed}`];
  running = await startServe(args, true);
  const st = await runsPast(running, END);
  for (const r of st.rules) assert.equal(r.errorCount, 0, r.lastError);
  const q = `SecurityAlert | where TimeGenerated <= datetime(${END}) | project SystemAlertId | order by SystemAlertId asc`;
  const served = (await v2(running, q)).map((r) => String(r[0]));
  assert.deepEqual(served, replay.map((a) => a.alertId).sort());
  await stopServe(running);

  // Restarted with the same clock: the same runs again, no alert appended twice; its incidents kept.
  const before = await (async () => { running = await startServe(args, true); return v2(running, 'SecurityIncident | summarize arg_max(LastModifiedTime, *) by IncidentNumber | count'); })();
  await runsPast(running, END);
  const again = await v2(running, `SecurityAlert | where TimeGenerated <= datetime(${END}) | summarize n = count(), ids = dcount(SystemAlertId)`);
  assert.deepEqual(again, [[replay.length, replay.length]]);
  const after2 = await v2(running, 'SecurityIncident | summarize arg_max(LastModifiedTime, *) by IncidentNumber | count');
  assert.ok(Number(after2[0]![0]) >= Number(before[0]![0]));
  tc.diagnostic(`replay ${replay.length} alerts over ${START}..${END}; clock speed ${speed}x; longest last call of one rule (the most a query waits): ${Math.max(...st.rules.map((r) => r.lastMs ?? 0))} ms`);
  await stopServe(running);
  running = undefined;
});

test('serve: the detection options\' usage errors (exit 2)', () => {
  const cases: [string[], RegExp][] = [
    [['--clock', 'fast'], /--clock, --webhook and --watchlists go with --rules/],
    [['--rules', join(ROOT, 'rules'), '--clock', 'fast'], /--clock: 'fast': expected real, start=<ISO>\[,speed=<N>\] or manual\[,start=<ISO>\]/],
    [['--rules', join(ROOT, 'rules'), '--webhook', 'ftp://x'], /--webhook: not an http\(s\) URL: 'ftp:\/\/x'/],
    [['--rules', join(dir, 'nope')], /--rules .*nope: no such folder/],
  ];
  for (const [extra, want] of cases) {
    const r = cli(['serve', '--workspace', ws, '--port', '0', ...extra], true);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, want);
  }
});
