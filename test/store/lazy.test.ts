// The lazy workspace (src/store/lazy-table.ts, segment.ts): scans that skip segments and row
// groups give the same answers as full reads; workspaces of the previous layout still open; a
// damaged column chunk names its table; compaction keeps every row and does not pull files from
// under a reader of the previous generation; detect replay over a lazily opened workspace gives
// the alerts of the same data loaded whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromRows, type Table } from '../../src/kql/data/column.js';
import type { Value } from '../../src/kql/data/types.js';
import { execute } from '../../src/kql/execute.js';
import type { ExecuteOptions } from '../../src/kql/api.js';
import { loadTables } from '../../src/ingest/load.js';
import { ingestToWorkspace } from '../../src/ingest/workspace-ingest.js';
import { commitWorkspace, emptyManifest, openWorkspace, readManifest, DamagedTableError, type Manifest } from '../../src/store/workspace.js';
import { rowGroupRows } from '../../src/store/segment.js';
import { rowsOf } from '../ingest/snapshot.js';
import { ROOT } from '../helpers/shared.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'cloudhop-lazy-'));
const HOUR = 36_000_000_000, DAY = 24 * HOUR;
const DAY0 = Date.UTC(2024, 5, 10) * 10_000;

let seed = 12345;
const rnd = (): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };

const SCHEMA = [
  { name: 'TimeGenerated', type: 'datetime' as const }, { name: 'Other', type: 'datetime' as const },
  { name: 'N', type: 'long' as const }, { name: 'S', type: 'string' as const }, { name: 'D', type: 'dynamic' as const }, { name: 'B', type: 'bool' as const },
];
/** n rows with times over `days` days from `from` (unsorted), 2 % null times, a second datetime column. */
function randomTable(n: number, from: number, days: number): Table {
  const rows: Record<string, Value>[] = [];
  for (let i = 0; i < n; i++) {
    const t = rnd() < 0.02 ? null : from + Math.floor(rnd() * days * DAY);
    rows.push({ TimeGenerated: t, Other: rnd() < 0.1 ? null : DAY0 + Math.floor(rnd() * 40 * DAY), N: Math.floor(rnd() * 1000), S: `s${Math.floor(rnd() * 300)}`, D: rnd() < 0.5 ? { k: Math.floor(rnd() * 5) } : null, B: rnd() < 0.5 });
  }
  return tableFromRows('R', SCHEMA, rows);
}

function commit(dir: string, t: Table): Manifest {
  return commitWorkspace(dir, readManifest(dir) ?? emptyManifest(), new Map([['R', [t]]]), []);
}

function run(q: string, tables: ExecuteOptions['tables'], scans?: NonNullable<ExecuteOptions['scans']>): unknown[] {
  const r = execute(q, { tables, now: DAY0 + 3 * DAY, ...(scans ? { scans } : {}) });
  assert.ok(r.ok, `${q}: ${!r.ok ? r.diagnostics.map((d) => d.message).join('; ') : ''}`);
  return r.result.rows.map((x) => JSON.stringify(x)).sort();
}

test('randomized: for random time ranges, where results are equal with and without pushdown; narrow ranges skip segments and row groups', async () => {
  const dir = tmp();
  try {
    // Three days of ~20 k rows each (5 row groups of 4,096 a day) in one commit, then more rows for
    // day 2 (a second segment of that day, merged at commit).
    process.env.CLOUDHOP_ROW_GROUP_ROWS = '4096';
    const a = randomTable(60_000, DAY0, 3), b = randomTable(5_000, DAY0 + DAY, 1);
    commit(dir, a); commit(dir, b);
    const m = readManifest(dir)!;
    const segs = m.tables.R!.segments;
    assert.equal(segs.reduce((x, s) => x + s.rows, 0), 65_000);
    assert.equal(segs.length, 4, 'one segment per day plus the null-time rows');
    assert.ok(segs.some((s) => (s.rowGroups?.length ?? 0) >= 3), 'days of several row groups');
    const ws = await openWorkspace(dir);
    const both = (q: string): void => {
      const lazy = run(q, ws);
      const full = run(`union A, Bt | ${q.replace(/^R \| /, '')}`, new Map([['A', a], ['Bt', b]]));
      assert.deepEqual(lazy, full, q);
    };
    const dt = (t: number): string => `datetime(${new Date(Math.floor(t / 10_000)).toISOString()})`;
    const agg = '| summarize c = count(), s = sum(N), lo = min(TimeGenerated), hi = max(TimeGenerated), k = dcount(S), d = countif(isnotnull(D)), t = countif(B)';
    for (let i = 0; i < 30; i++) {
      const x = DAY0 - DAY / 2 + Math.floor(rnd() * 4 * DAY), len = Math.floor(rnd() * (i % 3 === 0 ? 2 * HOUR : 2 * DAY));
      const shape = i % 5;
      const pred = shape === 0 ? `TimeGenerated between (${dt(x)} .. ${dt(x + len)})`
        : shape === 1 ? `TimeGenerated > ${dt(x)}`
        : shape === 2 ? `TimeGenerated <= ${dt(x)} and N > 100`
        : shape === 3 ? `Other between (${dt(x)} .. ${dt(x + len)}) and TimeGenerated >= ${dt(x - DAY)}`
        : `TimeGenerated between (${dt(x)} .. ${Math.max(1, Math.round(len / HOUR))}h)`;
      both(`R | where ${pred} ${agg}`);
      both(`R | extend M = N * 2 | where ${pred} | project M, S, TimeGenerated | summarize c = count(), m = sum(M) by S | where c > 0 | order by m desc, S asc | take 5`);
    }
    // A one-hour window reads one segment and only its row groups that meet the hour.
    const scans: NonNullable<ExecuteOptions['scans']> = [];
    run(`R | where TimeGenerated between (${dt(DAY0 + DAY + 10 * HOUR)} .. 1h) | summarize count() by S`, ws, scans);
    const st = scans[0]!.stats!;
    assert.equal(st.segmentsRead, 1);
    assert.ok(st.rowsReturned <= rowGroupRows() * 2 && st.rowsReturned < st.rowsTotal / 3, JSON.stringify(st));
    assert.ok(st.bytesRead > 0);
  } finally { delete process.env.CLOUDHOP_ROW_GROUP_ROWS; rmSync(dir, { recursive: true, force: true }); }
});

test('a v1 workspace (Arrow segments written by the previous version) opens; an ingest into it rewrites its segments as day segments', async () => {
  const dir = tmp(), src = tmp();
  try {
    cpSync(join(ROOT, 'test/fixtures/store/v1-workspace'), dir, { recursive: true });
    const P = join(ROOT, 'test/fixtures/ingest/pairs');
    const { tables } = await loadTables(['defender-streaming', 'graph-signin', 'gcp', 'unknown-table'].map((d) => join(P, d, 'input')));
    const ws = await openWorkspace(dir);
    assert.deepEqual([...ws.keys()].sort(), [...tables.keys()].sort());
    for (const [name, t] of tables) {
      const u = ws.get(name)!;
      assert.deepEqual(u.fields.map((f) => [f.name, f.column.type]), t.fields.map((f) => [f.name, f.column.type]), name);
      assert.deepEqual(rowsOf(u).rows, rowsOf(t).rows, name);
    }
    assert.deepEqual(run('SigninLogs | where TimeGenerated > datetime(2000-01-01) | count', ws), run('SigninLogs | where TimeGenerated > datetime(2000-01-01) | count', tables));
    writeFileSync(join(src, 'VpnSessions_2024-07.jsonl'), '{"TimeGenerated":"2024-06-20T10:00:00Z","user":"x"}\n');
    await ingestToWorkspace([join(src, 'VpnSessions_2024-07.jsonl')], dir);
    const m = readManifest(dir)!;
    assert.equal(m.version, 3);
    assert.ok(m.tables.VpnSessions!.segments.every((s) => s.layout === 3), 'the appended table was rewritten (in the current layout)');
    assert.equal((await openWorkspace(dir)).get('VpnSessions')!.rowCount, tables.get('VpnSessions')!.rowCount + 1);
    assert.ok(m.tables.SigninLogs!.segments.every((s) => s.layout === undefined), 'tables the ingest did not touch keep their files');
  } finally { rmSync(dir, { recursive: true, force: true }); rmSync(src, { recursive: true, force: true }); }
});

test('a damaged column chunk: DamagedTableError names the table, the file and its time range; the other columns still read', async () => {
  const dir = tmp();
  try {
    commit(dir, randomTable(5_000, DAY0, 1));
    const seg = readManifest(dir)!.tables.R!.segments.find((s) => s.timeColumn)!;
    const ref = seg.columns!.find((c) => c.name === 'S')!.chunks![0]!;
    const p = join(dir, 'segments', seg.file);
    const bytes = readFileSync(p);
    bytes[ref[0] + Math.floor(ref[1] / 2)]! ^= 0x10;
    writeFileSync(p, bytes);
    const ws = await openWorkspace(dir);
    assert.equal(ws.damaged.size, 0, 'opening does not read chunks');
    assert.equal(run('R | summarize sum(N)', ws).length, 1);
    const r = execute('R | summarize dcount(S)', { tables: ws });
    assert.equal(r.ok, false);
    const d = !r.ok ? r.diagnostics[0]! : undefined;
    assert.equal(d?.code, 'KQL505');
    assert.match(d!.message, new RegExp(`table R is damaged: segment .*${seg.file.replace('.', '\\.')} \\(rows from 2024-06-10T[\\d:.]+Z to 2024-06-10T[\\d:.]+Z\\): checksum mismatch \\(crc32: the file changed after it was written; column S row group 0`));
    assert.ok(ws.damaged.get('R') instanceof DamagedTableError);
    assert.ok(ws.touched.has('R'));
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('compaction merges a day\'s segments and keeps every row; a reader of the previous generation still reads; after two commits it is told to reopen', async () => {
  const dir = tmp();
  try {
    const parts = [randomTable(3_000, DAY0, 1), randomTable(2_000, DAY0, 1), randomTable(1_000, DAY0, 1)].map((t) => {
      // no null times here: one segment for the day
      const keep = t.fields[0]!.column;
      const idx: number[] = []; for (let i = 0; i < t.rowCount; i++) if (keep.get(i) !== null) idx.push(i);
      return tableFromRows('R', SCHEMA, idx.map((i) => Object.fromEntries(t.fields.map((f) => [f.name, f.column.get(i)]))));
    });
    commit(dir, parts[0]!);
    const first = await openWorkspace(dir), unread = await openWorkspace(dir);
    const expectFirst = run('R | summarize count(), sum(N), dcount(S)', new Map([['R', parts[0]!]]));
    commit(dir, parts[1]!);
    let m = readManifest(dir)!;
    assert.equal(m.tables.R!.segments.length, 1, 'the day\'s two segments merged');
    assert.equal(m.tables.R!.segments[0]!.rows, parts[0]!.rowCount + parts[1]!.rowCount);
    assert.equal(m.retired?.length, 1);
    assert.equal(readdirSync(join(dir, 'segments')).length, 2, 'the merged-away segment stays one generation');
    assert.deepEqual(run('R | summarize count(), sum(N), dcount(S)', first), expectFirst, 'a reader of generation 1 reads its files');
    commit(dir, parts[2]!);
    m = readManifest(dir)!;
    assert.equal(m.tables.R!.segments[0]!.rows, parts.reduce((a, t) => a + t.rowCount, 0));
    assert.equal(readdirSync(join(dir, 'segments')).length, 2);
    assert.deepEqual(run('R | summarize count(), sum(N)', await openWorkspace(dir)), run('union A, B, C | summarize count(), sum(N)', new Map([['A', parts[0]!], ['B', parts[1]!], ['C', parts[2]!]])));
    // generation 1's files are gone now. A reader keeps the files it has opened (POSIX: an open
    // file outlives its name); one that had not opened them fails, saying to reopen.
    assert.deepEqual(run('R | summarize count(), sum(N), dcount(S)', first), expectFirst);
    const r = execute('R | summarize countif(B)', { tables: unread });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.diagnostics[0]!.message : '', /removed by a later commit .*open the workspace again/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('detect replay over a lazily opened workspace (windows read through its scans, term index on and off) gives the alerts of the same data loaded whole', () => {
  const root = tmp();
  try {
    const data = join(root, 'data'), ws = join(root, 'ws');
    const bin = join(ROOT, 'bin/cloudhop.js');
    const sh = (args: string[], env: Record<string, string> = {}): string => {
      const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ...env } });
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    sh(['simulate', '--out', data, '--days', '4', '--scale', '4000', '--quiet']);
    // Row groups of 1,024 rows: the replay's scans skip groups and rows by time and by term index.
    sh(['ingest', data, '--workspace', ws, '--quiet'], { CLOUDHOP_ROW_GROUP_ROWS: '1024' });
    const norm = (s: string): string[] => s.split('\n').filter((l) => l).sort();
    const fromData = norm(sh(['detect', '--data', data, '--format', 'jsonl']));
    const fromWs = norm(sh(['detect', '--workspace', ws, '--format', 'jsonl']));
    assert.ok(fromData.length > 0, 'the simulated attacks raise alerts');
    assert.deepEqual(fromWs, fromData);
    assert.deepEqual(norm(sh(['detect', '--workspace', ws, '--format', 'jsonl'], { CLOUDHOP_TERM_INDEX: '0' })), fromData, 'the term index off');
    // and a query reads the same rows either way
    const q = 'SigninLogs | where TimeGenerated > ago(2d) | summarize count(), dcount(UserPrincipalName) by ResultType | order by ResultType asc';
    const now = JSON.parse(readFileSync(join(data, 'labels.json'), 'utf8')) as { end?: string };
    const nowArg = now.end ? ['--now', now.end] : [];
    assert.equal(sh(['query', '--workspace', ws, ...nowArg, '--format', 'csv', q]), sh(['query', '--data', data, ...nowArg, '--format', 'csv', q]));
  } finally { rmSync(root, { recursive: true, force: true }); }
});
