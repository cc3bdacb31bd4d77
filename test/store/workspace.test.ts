// The on-disk workspace: Arrow IPC round trip, idempotent re-ingest, appends, merges, locks, and
// the kill test (SIGKILL at random moments leaves the last completed state).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Table } from '../../src/kql/data/column.js';
import { loadTables } from '../../src/ingest/load.js';
import { ingestToWorkspace } from '../../src/ingest/workspace-ingest.js';
import { openWorkspace, readManifest, lockWorkspace, WorkspaceError, MAX_SEGMENTS } from '../../src/store/workspace.js';
import { tableFromArrow, tableToArrow } from '../../src/store/arrow.js';
import { rowsOf } from '../ingest/snapshot.js';
import { writeDpeJsonl } from './gen-dpe.js';
import { ROOT } from '../helpers/shared.js';

const pairs = join(ROOT, 'test/fixtures/ingest/pairs');
const tmp = () => mkdtempSync(join(tmpdir(), 'cloudhop-ws-'));

/**
 * Same names, columns, types and rows. A workspace keeps a table's rows in time order (one segment
 * per day, sorted by its time column), so rows are compared as multisets unless `ordered`.
 */
function sameTables(a: ReadonlyMap<string, Table>, b: ReadonlyMap<string, Table>, msg = '', ordered = false): void {
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort(), `${msg} table names`);
  for (const [n, t] of a) {
    const u = b.get(n)!;
    assert.equal(u.rowCount, t.rowCount, `${msg} ${n} rows`);
    assert.deepEqual(u.fields.map((f) => [f.name, f.column.type]), t.fields.map((f) => [f.name, f.column.type]), `${msg} ${n} columns`);
    const rows = (x: Table): unknown[] => { const r = rowsOf(x).rows; return ordered ? r : r.map((v) => JSON.stringify(v)).sort(); };
    assert.deepEqual(rows(u), rows(t), `${msg} ${n} values`);
  }
}

test('Arrow IPC round trip keeps every type, null and value', async () => {
  const { tables } = await loadTables([pairs]);
  for (const t of tables.values()) sameTables(new Map([[t.name, tableFromArrow(tableToArrow(t))]]), new Map([[t.name, t]]), 'round trip');
});

test('ingest then openWorkspace gives what loadTables gives; re-ingest is a no-op', async () => {
  const dir = tmp();
  try {
    const r1 = await ingestToWorkspace([pairs], dir);
    assert.equal(r1.committed, true);
    const { tables } = await loadTables([pairs]);
    sameTables(await openWorkspace(dir), tables, 'after ingest');
    const gen = readManifest(dir)!.generation;
    const r2 = await ingestToWorkspace([pairs], dir);
    assert.equal(r2.committed, false);
    assert.equal(r2.skipped.length, r1.manifest && Object.keys(r1.manifest.sources).length);
    assert.equal(readManifest(dir)!.generation, gen);
    sameTables(await openWorkspace(dir), tables, 'after re-ingest');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a copy of an ingested file under another name is skipped by content hash', async () => {
  const dir = tmp(), src = tmp();
  try {
    cpSync(join(pairs, 'gcp/input/cloudaudit_activity.jsonl'), join(src, 'a.jsonl'));
    cpSync(join(pairs, 'gcp/input/cloudaudit_activity.jsonl'), join(src, 'b-copy.jsonl'));
    const r = await ingestToWorkspace([src], dir);
    assert.equal(r.skipped.length, 1);
    assert.equal((await openWorkspace(dir)).get('GCPAuditLogs')!.rowCount, 2);
  } finally { rmSync(dir, { recursive: true, force: true }); rmSync(src, { recursive: true, force: true }); }
});

test('appends become segments; unknown-table columns whose type changes become strings; many segments merge', async () => {
  const dir = tmp(), src = tmp();
  try {
    writeFileSync(join(src, 'Things_1.jsonl'), '{"k":1,"when":"2024-06-01T00:00:00Z"}\n');
    await ingestToWorkspace([join(src, 'Things_1.jsonl')], dir);
    writeFileSync(join(src, 'Things_2.jsonl'), '{"k":"x","other":true}\n');
    await ingestToWorkspace([join(src, 'Things_2.jsonl')], dir);
    const t = (await openWorkspace(dir)).get('Things')!;
    assert.deepEqual(t.fields.map((f) => [f.name, f.column.type]), [['k', 'string'], ['when', 'datetime'], ['other', 'bool']]);
    assert.deepEqual(rowsOf(t).rows, [{ k: '1', when: '2024-06-01T00:00:00.0000000Z' }, { k: 'x', other: true }]);
    for (let i = 3; i <= MAX_SEGMENTS + 2; i++) {
      writeFileSync(join(src, `Things_${i}.jsonl`), `{"k":"n${i}"}\n`);
      await ingestToWorkspace([join(src, `Things_${i}.jsonl`)], dir);
    }
    const m = readManifest(dir)!;
    assert.ok(m.tables.Things!.segments.length <= MAX_SEGMENTS, `${m.tables.Things!.segments.length} segments`);
    assert.equal((await openWorkspace(dir)).get('Things')!.rowCount, MAX_SEGMENTS + 2);
    assert.equal(readdirSync(join(dir, 'segments')).length, Object.values(m.tables).reduce((a, e) => a + e.segments.length, 0) + (m.retired?.length ?? 0), 'no orphan segment files (the last commit\'s retired ones stay one generation)');
  } finally { rmSync(dir, { recursive: true, force: true }); rmSync(src, { recursive: true, force: true }); }
});

test('pieces flushed during a large ingest (one thread and parallel) keep every row in input order', async () => {
  const src = tmp();
  try {
    await writeDpeJsonl(join(src, 'DeviceProcessEvents_1.jsonl'), 2_500, 0);
    writeFileSync(join(src, 'DeviceProcessEvents_2.jsonl'), '{"Timestamp":"2024-06-04T10:00:00Z","ProcessId":"bad"}\n');
    await writeDpeJsonl(join(src, 'DeviceProcessEvents_3.jsonl'), 1_500, 2_500);
    const { tables } = await loadTables([src]);
    for (const opts of [{ flushRows: 700, threads: 1 }, { flushRows: 500, threads: 3, parallelMinBytes: 1 }]) {
      const dir = tmp();
      try {
        const r = await ingestToWorkspace([src], dir, opts);
        assert.equal(r.report.quarantined, 1);
        // The pieces were written as segments in flight, then merged into one (a small table): the
        // merge reads them in manifest order, so the order check below covers the flushed pieces.
        assert.equal(readManifest(dir)!.tables.DeviceProcessEvents!.segments.length, 1);
        sameTables(await openWorkspace(dir), tables, JSON.stringify(opts), true); // time order is input order here
      } finally { rmSync(dir, { recursive: true, force: true }); }
    }
  } finally { rmSync(src, { recursive: true, force: true }); }
});

test('a live lock refuses a second writer; a dead one is taken over', () => {
  const dir = tmp();
  try {
    writeFileSync(join(dir, '.lock'), String(process.ppid)); // alive
    assert.throws(() => lockWorkspace(dir), WorkspaceError);
    writeFileSync(join(dir, '.lock'), '999999999'); // no such process
    const unlock = lockWorkspace(dir);
    unlock();
    assert.equal(existsSync(join(dir, '.lock')), false);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

// ---- kill test ----
const trials = Number(process.env.CLOUDHOP_KILL_TRIALS ?? 3);

function runChild(dir: string, paths: string[], killAfterMs?: number, timing?: { workMs: number }, crash?: string): Promise<'done' | 'killed'> {
  return new Promise((res, rej) => {
    let readyAt = 0;
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/store/ingest-child.ts'), dir, ...paths], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CLOUDHOP_TEST_CRASH: crash ?? '' } });
    let out = '', err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (b) => {
      out += b;
      if (!readyAt && out.includes('ready')) {
        readyAt = Date.now();
        if (killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (b) => { err += b; });
    child.on('exit', (code, sig) => {
      if (timer) clearTimeout(timer);
      if (timing) timing.workMs = Date.now() - readyAt;
      if (sig === 'SIGKILL') res('killed');
      else if (code === 0 && out.includes('done')) res('done');
      else rej(new Error(`child exited ${code}: ${err}`));
    });
  });
}

test(`kill test: ${trials} ingests killed by SIGKILL at random moments leave the last completed state`, async () => {
  const src = tmp();
  try {
    await writeDpeJsonl(join(src, 'DeviceProcessEvents_a.jsonl'), 4_000, 0);
    await writeDpeJsonl(join(src, 'DeviceProcessEvents_b.jsonl'), 6_000, 4_000);
    writeFileSync(join(src, 'Extra_b.jsonl'), '{"x":1}\n{"x":2}\n');
    const base = tmp();
    const t0 = Date.now();
    assert.equal(await runChild(base, [join(src, 'DeviceProcessEvents_a.jsonl')]), 'done');
    const full = tmp();
    cpSync(base, full, { recursive: true });
    const second = [join(src, 'DeviceProcessEvents_b.jsonl'), join(src, 'Extra_b.jsonl')];
    const timing = { workMs: 0 };
    assert.equal(await runChild(full, second, undefined, timing), 'done');
    const span = timing.workMs;
    void t0;
    const before = await openWorkspace(base), after = await openWorkspace(full);
    assert.equal(after.get('DeviceProcessEvents')!.rowCount, 10_000);
    let seenBefore = 0, seenAfter = 0;
    for (let i = 0; i < trials; i++) {
      const dir = tmp();
      try {
        cpSync(base, dir, { recursive: true });
        // Every third trial dies exactly between the segments and the manifest; the others at a random
        // moment of the ingest (biased to its second half, where the writing happens).
        const exact = i % 3 === 0;
        const at = Math.floor(span * (0.2 + Math.random() * 0.9));
        const how = await runChild(dir, second, exact ? undefined : at, undefined, exact ? 'before-commit' : undefined);
        const state = await openWorkspace(dir);
        const n = state.get('DeviceProcessEvents')!.rowCount;
        if (n === 4_000) { sameTables(state, before, `trial ${i} (killed at ${at} ms)`); seenBefore++; }
        else { sameTables(state, after, `trial ${i} (killed at ${at} ms, ${how})`); seenAfter++; }
        // The next ingest (stale lock, leftover files) completes and gives the full state.
        assert.equal(await runChild(dir, second), 'done');
        sameTables(await openWorkspace(dir), after, `trial ${i} after re-run`);
        const m = readManifest(dir)!;
        assert.equal(readdirSync(join(dir, 'segments')).length, Object.values(m.tables).reduce((a, e) => a + e.segments.length, 0) + (m.retired?.length ?? 0), 'no leftovers');
      } finally { rmSync(dir, { recursive: true, force: true }); }
    }
    process.stdout.write(`# kill test: ${seenBefore} trial(s) left the previous state, ${seenAfter} the new one (run ${span} ms)\n`);
    rmSync(base, { recursive: true, force: true }); rmSync(full, { recursive: true, force: true });
  } finally { rmSync(src, { recursive: true, force: true }); }
});
