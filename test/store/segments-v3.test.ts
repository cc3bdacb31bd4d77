// Layout 3 (src/store/segment.ts): binary dictionaries and a term index per string column of each
// segment, used by the scan (lazy-table.ts) to skip row groups and rows. A workspace written by the
// build before layout 3 (test/store/fixtures/ws-layout2, written by main at 2466dc4 with 16-row
// groups) still opens and reads the same rows, beside layout-3 segments a later commit adds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromRows, type Table } from '../../src/kql/data/column.js';
import type { ColumnSchema, Value } from '../../src/kql/data/types.js';
import { execute } from '../../src/kql/execute.js';
import type { ExecuteOptions } from '../../src/kql/api.js';
import type { ScanStats } from '../../src/kql/scan.js';
import { commitWorkspace, emptyManifest, openWorkspace, readManifest, MANIFEST, type Manifest } from '../../src/store/workspace.js';
import { chunkCrc } from '../../src/store/segment.js';
import { ROOT } from '../helpers/shared.js';

const FIXTURE = join(ROOT, 'test/store/fixtures/ws-layout2');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'cloudhop-seg3-'));
const NOW = Date.UTC(2024, 5, 20) * 10_000;
const HOUR = 36_000_000_000;

function run(q: string, tables: ExecuteOptions['tables'], scans?: { table: string; stats?: ScanStats }[]): string[] {
  const r = execute(q, { tables, now: NOW, ...(scans ? { scans: scans as never } : {}) });
  assert.ok(r.ok, `${q}: ${!r.ok ? r.diagnostics.map((d) => d.message).join('; ') : ''}`);
  return r.result.rows.map((x) => JSON.stringify(x));
}

function withEnv<T>(vars: Record<string, string | undefined>, f: () => T): T {
  const old = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
  try { return f(); } finally { for (const [k, v] of Object.entries(old)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; } }
}

const fixtureRows = (): { schema: ColumnSchema[]; rows: Record<string, Value>[] } => JSON.parse(readFileSync(join(ROOT, 'test/store/fixtures/ws-layout2.rows.json'), 'utf8')) as { schema: ColumnSchema[]; rows: Record<string, Value>[] };

const ALL = 'R | sort by N asc | project TimeGenerated, Cmd, Dev, N, D, G, B';
const HUNT = "R | where Cmd has_any ('login', 'sts') | sort by N asc | project N, Cmd";

test('a layout-2 workspace (JSON dictionaries, no term index) opens and reads every value as written; a commit adds layout-3 segments beside its segments', async () => {
  const dir = tmp();
  try {
    cpSync(FIXTURE, dir, { recursive: true });
    const { schema, rows } = fixtureRows();
    const mem = new Map([['R', tableFromRows('R', schema, rows)]]);
    const before = readManifest(dir)!;
    assert.equal(before.version, 2);
    assert.ok(before.tables.R!.segments.every((s) => s.layout === 2));
    const ws = await openWorkspace(dir);
    assert.deepEqual(run(ALL, ws), run(ALL, mem));
    const scans: { table: string; stats?: ScanStats }[] = [];
    assert.deepEqual(run(HUNT, ws, scans), run(HUNT, mem));
    assert.equal(scans[0]?.stats?.indexUsed, false, 'layout 2 has no term index: the scan reads every row');

    // A later commit (a new day) writes layout 3; the manifest becomes version 3; both read.
    const more = rows.map((r) => ({ ...r, TimeGenerated: (r.TimeGenerated as number) + 10 * 24 * HOUR, N: (r.N as number) + 1000 }));
    const t2 = tableFromRows('R', schema, more);
    withEnv({ CLOUDHOP_ROW_GROUP_ROWS: '16' }, () => commitWorkspace(dir, readManifest(dir)!, new Map([['R', [t2]]]), []));
    const after = readManifest(dir)!;
    assert.equal(after.version, 3);
    assert.deepEqual(new Set(after.tables.R!.segments.map((s) => s.layout)), new Set([2, 3]));
    const both = new Map([['R', tableFromRows('R', schema, [...rows, ...more])]]);
    const ws2 = await openWorkspace(dir);
    assert.deepEqual(run(ALL, ws2), run(ALL, both));
    const scans2: { table: string; stats?: ScanStats }[] = [];
    assert.deepEqual(run(HUNT, ws2, scans2), run(HUNT, both));
    assert.equal(scans2[0]?.stats?.indexUsed, true, 'the layout-3 segments use their index');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a build that does not know layout 3 refuses the workspace (manifest version 3), and this one refuses a version it does not know', async () => {
  const dir = tmp();
  try {
    commitWorkspace(dir, emptyManifest(), new Map([['R', [tableFromRows('R', [{ name: 'S', type: 'string' }], [{ S: 'a' }])]]]), []);
    const m = readManifest(dir)!;
    assert.equal(m.version, 3, 'new workspaces are version 3 (the build before layout 3 accepted 1 and 2 only)');
    writeFileSync(join(dir, MANIFEST), JSON.stringify({ ...m, version: 4 } as unknown as Manifest));
    await assert.rejects(openWorkspace(dir), /unknown workspace format/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

const SCHEMA: ColumnSchema[] = [
  { name: 'TimeGenerated', type: 'datetime' }, { name: 'Cmd', type: 'string' }, { name: 'Dev', type: 'string' },
  { name: 'N', type: 'long' }, { name: 'D', type: 'dynamic' }, { name: 'G', type: 'guid' },
];
const TEXTS = ['', ' ', 'plain ascii', 'café crème', 'Москва', '日本語テキスト', 'x\uD800y', '\uDC00', '😀 emoji', 'e\u0301', 'İstanbul', 'a"b\\c\n\t', 'long '.repeat(3000)];

test('layout 3 round trip: dictionaries of strings (non-ASCII, lone surrogates, empty), guids and dynamic values with nulls', async () => {
  const dir = tmp();
  try {
    const rows: Record<string, Value>[] = [];
    for (let i = 0; i < 300; i++) rows.push({
      TimeGenerated: Date.UTC(2024, 5, 10) * 10_000 + i * HOUR / 4, Cmd: TEXTS[i % TEXTS.length]!, Dev: i % 7 === 0 ? '' : `dev${i % 5}`, N: i,
      D: i % 5 === 0 ? null : { k: i % 3, s: TEXTS[(i * 3) % TEXTS.length]!, a: [i % 2, 'x'] }, G: i % 6 === 0 ? null : `0000000${i % 4}-0000-0000-0000-00000000000${i % 2}`,
    });
    const t = tableFromRows('R', SCHEMA, rows);
    withEnv({ CLOUDHOP_ROW_GROUP_ROWS: '32' }, () => commitWorkspace(dir, emptyManifest(), new Map([['R', [t]]]), []));
    const m = readManifest(dir)!;
    assert.ok(m.tables.R!.segments.length >= 3 && m.tables.R!.segments.every((s) => s.layout === 3));
    const cmd = m.tables.R!.segments[0]!.columns!.find((c) => c.name === 'Cmd')!;
    assert.ok(cmd.index && cmd.present, 'a string column of several row groups has a term index and row-group code bitmaps');
    const q = 'R | sort by N asc | project TimeGenerated, Cmd, Dev, N, D, G, tostring(D), isnull(G)';
    assert.deepEqual(run(q, await openWorkspace(dir)), run(q, new Map([['R', t]])));
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

/** 20,000 rows over one day, groups of 512 rows; "mimikatz" only in rows 5,000–5,099 (by time). */
function huntTable(): Table {
  const rows: Record<string, Value>[] = [];
  const day = Date.UTC(2024, 5, 12) * 10_000;
  for (let i = 0; i < 20_000; i++) {
    const rare = i >= 5_000 && i < 5_100;
    rows.push({ TimeGenerated: day + i * 40_000_000, Cmd: rare ? `C:\\t\\mimikatz.exe sekurlsa::logonpasswords ${i % 3}` : `powershell.exe -File job${i % 900}.ps1 -Az`, Dev: `dev${i % 40}`, N: i, D: null, G: null });
  }
  return tableFromRows('R', SCHEMA, rows);
}

test('the term index skips row groups and rows; CLOUDHOP_TERM_INDEX=0 reads them all; the answers are equal', async () => {
  const dir = tmp();
  try {
    const t = huntTable();
    withEnv({ CLOUDHOP_ROW_GROUP_ROWS: '512' }, () => commitWorkspace(dir, emptyManifest(), new Map([['R', [t]]]), []));
    const ws = await openWorkspace(dir);
    const mem = new Map([['R', t]]);
    for (const q of [
      "R | where Cmd has 'mimikatz' | summarize count(), sum(N)",
      "R | where Cmd has_any ('MIMIKATZ', 'nothing-here') | project N, Dev | sort by N asc",
      "R | where Cmd has_all ('sekurlsa', 'logonpasswords') and Dev == 'dev7' | project N",
      "R | extend X = strcat(Cmd, '!') | where Cmd has 'mimikatz.exe' | project N, X | sort by N asc",
      "R | project C = Cmd, N | where C has 'mimikatz' | count",
      "R | where Cmd has 'absent' | count",
    ]) {
      const scans: { table: string; stats?: ScanStats }[] = [];
      const on = run(q, ws, scans);
      assert.deepEqual(on, run(q, mem), q);
      const s = scans[0]!.stats!;
      assert.equal(s.indexUsed, true, q);
      assert.ok(s.indexRowGroupsSkipped! >= 35, `${q}: ${JSON.stringify(s)}`); // 40 groups; the rows lie in one or two
      assert.ok(s.rowsReturned <= 512, `${q}: ${JSON.stringify(s)}`);
      const off: { table: string; stats?: ScanStats }[] = [];
      assert.deepEqual(withEnv({ CLOUDHOP_TERM_INDEX: '0' }, () => run(q, ws, off)), on, `${q} with the index off`);
      assert.equal(off[0]!.stats!.indexUsed, false);
      assert.equal(off[0]!.stats!.rowsReturned, 20_000);
    }
    // A common term: every group holds it; rows are kept whole (no gather) and the answer is the same.
    const q = "R | where Cmd has 'powershell' | count";
    const scans: { table: string; stats?: ScanStats }[] = [];
    assert.deepEqual(run(q, ws, scans), run(q, mem));
    assert.equal(scans[0]!.stats!.indexRowGroupsSkipped, 0);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a term index this build cannot read is ignored (the scan reads every row); a damaged one makes the table damaged', async () => {
  const dir = tmp();
  try {
    const t = huntTable();
    withEnv({ CLOUDHOP_ROW_GROUP_ROWS: '4096' }, () => commitWorkspace(dir, emptyManifest(), new Map([['R', [t]]]), []));
    const m = readManifest(dir)!;
    const seg = m.tables.R!.segments[0]!;
    const cm = seg.columns!.find((c) => c.name === 'Cmd')!;
    const [off, len] = cm.index!;
    const path = join(dir, 'segments', seg.file);
    const bytes = readFileSync(path);
    const q = "R | where Cmd has 'mimikatz' | summarize count(), sum(N)";
    const expected = run(q, new Map([['R', t]]));

    // Another index version, its CRC updated in the manifest: the index is skipped, not trusted.
    const chunk = Uint8Array.prototype.slice.call(bytes, off, off + len);
    chunk[4] = 99;
    const fd = openSync(path, 'r+'); writeSync(fd, chunk, 0, len, off); closeSync(fd);
    const patched = JSON.parse(JSON.stringify(m)) as { tables: Record<string, { segments: { columns: { name: string; index?: number[] }[] }[] }> };
    patched.tables.R!.segments[0]!.columns.find((c) => c.name === 'Cmd')!.index![2] = chunkCrc(chunk);
    writeFileSync(join(dir, MANIFEST), JSON.stringify(patched));
    const scans: { table: string; stats?: ScanStats }[] = [];
    assert.deepEqual(run(q, await openWorkspace(dir), scans), expected);
    assert.equal(scans[0]!.stats!.indexUsed, false);

    // A flipped byte without a new CRC: damaged, named (KQL505).
    writeFileSync(join(dir, MANIFEST), JSON.stringify(m));
    const r = execute(q, { tables: await openWorkspace(dir), now: NOW });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.diagnostics[0]!.code, 'KQL505');
    assert.match(!r.ok ? r.diagnostics[0]!.message : '', /table R is damaged: .*checksum mismatch .*column Cmd term index/);

    // A flipped byte in a dictionary text block (its CRC is in the dictionary chunk): damaged too,
    // found when a query reads an entry of that block. The file is restored first.
    writeFileSync(path, bytes);
    const [dOff] = cm.dict!;
    const dv = new DataView(bytes.buffer, bytes.byteOffset + dOff);
    const count = dv.getUint32(0, true), nullBytes = bytes[dOff + 4]! & 1 ? (count + 7) >> 3 : 0;
    const blockAt = (16 + 4 * count + nullBytes + 7) & ~7;
    const textAt = dv.getFloat64(blockAt + 16, true);
    const fd2 = openSync(path, 'r+'); writeSync(fd2, Buffer.from([bytes[textAt]! ^ 0x20]), 0, 1, textAt); closeSync(fd2);
    const r2 = execute('R | summarize dcount(Cmd)', { tables: await openWorkspace(dir), now: NOW });
    assert.equal(r2.ok, false);
    assert.match(!r2.ok ? r2.diagnostics[0]!.message : '', /table R is damaged: .*column Cmd dictionary: checksum mismatch .*dictionary block 0/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('query --verbose says what the term index skipped', () => {
  const dir = tmp();
  try {
    withEnv({ CLOUDHOP_ROW_GROUP_ROWS: '512' }, () => commitWorkspace(dir, emptyManifest(), new Map([['R', [huntTable()]]]), []));
    const bin = join(ROOT, 'bin', 'cloudhop.js');
    const r = spawnSync(process.execPath, [bin, 'query', '--workspace', dir, '--verbose', '--format', 'jsonl', "R | where Cmd has 'mimikatz' | count"], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '{"Count":100}');
    assert.match(r.stderr, /scan R: columns=\[Cmd\] terms Cmd any of \[\["mimikatz"\]\]: 1 of 1 segment\(s\), \d+ of 20000 row\(s\), \d+ byte\(s\) read, [12] of 40 row group\(s\), term index used \(it skipped 0 segment\(s\), 3[89] row group\(s\), \d+ row\(s\)\)/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a time range inside a sorted segment keeps only the rows in it of the row groups it partly covers', async () => {
  const dir = tmp();
  try {
    const t = huntTable(); // row i at day + i × 4 s, groups of 512 rows
    withEnv({ CLOUDHOP_ROW_GROUP_ROWS: '512' }, () => commitWorkspace(dir, emptyManifest(), new Map([['R', [t]]]), []));
    const ws = await openWorkspace(dir);
    const mem = new Map([['R', t]]);
    for (const [q, most] of [
      ['R | where TimeGenerated between (datetime(2024-06-12T01:06:40Z) .. 400s) | summarize count(), min(N), max(N)', 101], // rows 1000..1100, inside group 1
      ['R | where TimeGenerated >= datetime(2024-06-12T00:33:00Z) and TimeGenerated < datetime(2024-06-12T00:36:00Z) | project N, Dev | sort by N asc', 46], // rows 495..540 (the bound taken inclusive), across groups 0 and 1
      ["R | where TimeGenerated between (datetime(2024-06-12T05:30:00Z) .. 1h) and Cmd has 'mimikatz' | count", 100], // with the term index
    ] as const) {
      const scans: { table: string; stats?: ScanStats }[] = [];
      assert.deepEqual(run(q, ws, scans), run(q, mem), q);
      assert.ok(scans[0]!.stats!.rowsReturned <= most, `${q}: ${JSON.stringify(scans[0]!.stats)}`);
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
