// Idempotent re-ingest and workspace safety (issue 12): a second ingest of the same inputs stores
// nothing; an appended JSON-lines file stores exactly its new rows; a copy is skipped; --force
// reads again; every file's report says read = stored + quarantined + skipped; the workspace
// deletes and overwrites only files it wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ingestToWorkspace, type IngestResult } from '../../src/ingest/workspace-ingest.js';
import { loadTables } from '../../src/ingest/load.js';
import { openWorkspace, readManifest } from '../../src/store/workspace.js';
import { main } from '../../src/cli/main.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'cloudhop-reingest-'));
const T = (i: number) => new Date(Date.UTC(2024, 5, 1) + i * 1000).toISOString();
const signins = (from: number, n: number) => Array.from({ length: n }, (_, k) => JSON.stringify({ TimeGenerated: T(from + k), UserPrincipalName: `u${from + k}@b.example`, ResultType: '0' }) + '\n').join('');
async function rows(ws: string, table = 'SigninLogs'): Promise<number> { return (await openWorkspace(ws)).get(table)?.rowCount ?? 0; }

/** Per file: read = stored + quarantined + skipped, as the report states them. */
function accounted(r: IngestResult): { file: string; read: number; stored: number; quarantined: number; skipped: number }[] {
  return r.report.files.map((f) => ({ file: basename(f.file), read: f.records + f.skipped, stored: f.records - f.quarantined, quarantined: f.quarantined, skipped: f.skipped }));
}

test('ingesting the same folder twice adds 0 rows; every file is accounted for', async () => {
  const ws = tmp(), src = tmp();
  try {
    writeFileSync(join(src, 'SigninLogs.jsonl'), signins(0, 300) + '{"broken\n');
    writeFileSync(join(src, 'SigninLogs_2.csv'), 'TimeGenerated,UserPrincipalName\n' + `${T(1)},a@b.example\n${T(2)},b@b.example\n`);
    const r1 = await ingestToWorkspace([src], ws, { threads: 1 });
    assert.deepEqual(accounted(r1), [
      { file: 'SigninLogs.jsonl', read: 301, stored: 300, quarantined: 1, skipped: 0 },
      { file: 'SigninLogs_2.csv', read: 2, stored: 2, quarantined: 0, skipped: 0 },
    ]);
    assert.equal(await rows(ws), 302);
    const r2 = await ingestToWorkspace([src], ws, { threads: 1 });
    assert.equal(r2.committed, false);
    assert.deepEqual(accounted(r2), [
      { file: 'SigninLogs.jsonl', read: 301, stored: 0, quarantined: 0, skipped: 301 },
      { file: 'SigninLogs_2.csv', read: 2, stored: 0, quarantined: 0, skipped: 2 },
    ]);
    assert.match(r2.report.files[0]!.note!, /^unchanged since generation 1; skipped/);
    assert.equal(await rows(ws), 302, 'no row added');
  } finally { rmSync(ws, { recursive: true, force: true }); rmSync(src, { recursive: true, force: true }); }
});

for (const threads of [1, 2]) {
  test(`appending 500 lines adds exactly 500 rows (${threads === 1 ? 'streamed' : 'parallel'} reader)`, async () => {
    const ws = tmp(), src = tmp();
    const file = join(src, 'SigninLogs.jsonl');
    const opts = { threads, parallelMinBytes: threads > 1 ? 4096 : undefined };
    try {
      writeFileSync(file, signins(0, 1000));
      await ingestToWorkspace([src], ws, opts);
      assert.equal(await rows(ws), 1000);
      appendFileSync(file, signins(1000, 500));
      const r = await ingestToWorkspace([src], ws, opts);
      assert.equal(await rows(ws), 1500, 'exactly the 500 appended rows are added');
      assert.deepEqual(accounted(r), [{ file: 'SigninLogs.jsonl', read: 1500, stored: 500, quarantined: 0, skipped: 1000 }]);
      assert.deepEqual(r.resumed.map((x) => x.line), [1001]);
      // The appended rows are the new ones, in order.
      const t = (await openWorkspace(ws)).get('SigninLogs')!;
      const upn = t.fields.find((f) => f.name === 'UserPrincipalName')!.column;
      assert.equal(upn.get(1000), 'u1000@b.example');
      assert.equal(upn.get(1499), 'u1499@b.example');
      const again = await ingestToWorkspace([src], ws, opts);
      assert.equal(again.committed, false, 'a third run stores nothing');
      assert.equal(await rows(ws), 1500);
    } finally { rmSync(ws, { recursive: true, force: true }); rmSync(src, { recursive: true, force: true }); }
  });
}

test('a grown CSV file stores exactly its appended rows, read under its header and day/month order', async () => {
  const ws = tmp(), src = tmp();
  const file = join(src, 'SigninLogs.csv');
  try {
    // Day-first proven by the first part (13/01); the appended rows alone are ambiguous (02/03).
    writeFileSync(file, 'TimeGenerated [UTC];UserPrincipalName\n"13/01/2024, 10:00:00.000";a@b.example\n"14/01/2024, 10:00:00.000";b@b.example\n');
    await ingestToWorkspace([src], ws, { threads: 1 });
    assert.equal(await rows(ws), 2);
    appendFileSync(file, Array.from({ length: 500 }, (_, i) => `"02/03/2024, 10:00:${String(i % 60).padStart(2, '0')}.000";n${i}@b.example\n`).join('') + 'only one field\n');
    const r = await ingestToWorkspace([src], ws, { threads: 1 });
    assert.equal(await rows(ws), 502, 'exactly the 500 appended rows');
    assert.deepEqual(accounted(r), [{ file: 'SigninLogs.csv', read: 503, stored: 500, quarantined: 1, skipped: 2 }]);
    assert.deepEqual(r.report.quarantine.map((e) => [e.line, e.reason]), [[504, 'CSV: expected 2 fields, found 1']]);
    const t = (await openWorkspace(ws)).get('SigninLogs')!;
    const tg = t.fields.find((f) => f.name === 'TimeGenerated')!.column;
    assert.equal(new Date(Number(tg.get(2)) / 10_000).toISOString(), '2024-03-02T10:00:00.000Z', 'day-first, as the file was read before');
    assert.equal((await ingestToWorkspace([src], ws, { threads: 1 })).committed, false);
  } finally { rmSync(ws, { recursive: true, force: true }); rmSync(src, { recursive: true, force: true }); }
});

test('a copy of an ingested file that then grew (a rotated log) stores only what is new; a truncated file is read as new content', async () => {
  const ws = tmp(), src = tmp(), rotated = tmp();
  const file = join(src, 'SigninLogs.jsonl');
  try {
    writeFileSync(file, signins(0, 100));
    await ingestToWorkspace([src], ws, { threads: 1 });
    // copytruncate rotation: the old content (and 20 more lines) moves to a copy, the file restarts.
    writeFileSync(join(rotated, 'SigninLogs.1.jsonl'), signins(0, 120));
    writeFileSync(file, signins(500, 7));
    const r = await ingestToWorkspace([src, rotated], ws, { threads: 1 });
    assert.equal(await rows(ws), 127, '100 + the 20 new lines of the copy + the 7 of the restarted file');
    assert.deepEqual(accounted(r), [
      { file: 'SigninLogs.jsonl', read: 7, stored: 7, quarantined: 0, skipped: 0 },
      { file: 'SigninLogs.1.jsonl', read: 120, stored: 20, quarantined: 0, skipped: 100 },
    ]);
    assert.match(r.report.files[1]!.note!, /^begins with the content of .*SigninLogs\.jsonl \(generation 1\): read from line 101/);
    assert.ok(r.report.warnings.some((w) => /SigninLogs\.jsonl: changed since generation 1, and not by appending \(now \d+ bytes, shorter than the \d+ read before: truncated or rotated\?\): read again in full/.test(w)), r.report.warnings.join('\n'));
    assert.equal((await ingestToWorkspace([src, rotated], ws, { threads: 1 })).committed, false);
  } finally { for (const d of [ws, src, rotated]) rmSync(d, { recursive: true, force: true }); }
});

test('appended lines keep their file lines in quarantine; a half-written last line is read again once finished', async () => {
  const ws = tmp(), src = tmp();
  const file = join(src, 'SigninLogs.jsonl');
  try {
    const half = JSON.stringify({ TimeGenerated: T(9), UserPrincipalName: 'half@b.example' });
    writeFileSync(file, signins(0, 3) + half.slice(0, 20));
    const r1 = await ingestToWorkspace([src], ws, { threads: 1 });
    assert.deepEqual(r1.report.quarantine.map((e) => [e.line, e.reason.slice(0, 21)]), [[4, 'incomplete last line ']]);
    assert.equal(await rows(ws), 3);
    appendFileSync(file, half.slice(20) + '\n' + signins(3, 2) + 'not json\n');
    const r2 = await ingestToWorkspace([src], ws, { threads: 1 });
    assert.equal(await rows(ws), 6, 'the finished line and the 2 new ones');
    assert.deepEqual(r2.report.quarantine.map((e) => [basename(e.file), e.line, e.reason.slice(0, 12)]), [['SigninLogs.jsonl', 7, 'invalid JSON']]);
    assert.deepEqual(accounted(r2), [{ file: 'SigninLogs.jsonl', read: 7, stored: 3, quarantined: 1, skipped: 3 }]);
  } finally { rmSync(ws, { recursive: true, force: true }); rmSync(src, { recursive: true, force: true }); }
});

test('a copy is skipped with a notice; a rewritten file is read again with a warning; --force re-reads on purpose', async () => {
  const ws = tmp(), src = tmp(), other = tmp();
  try {
    writeFileSync(join(src, 'SigninLogs.jsonl'), signins(0, 10));
    await ingestToWorkspace([src], ws, { threads: 1 });
    cpSync(join(src, 'SigninLogs.jsonl'), join(other, 'SigninLogs_copy.jsonl'));
    const c = await ingestToWorkspace([other], ws, { threads: 1 });
    assert.equal(c.committed, false);
    assert.match(c.report.files[0]!.note!, /^same content as .*SigninLogs\.jsonl \(generation 1\): a copy; skipped$/);
    assert.deepEqual(accounted(c), [{ file: 'SigninLogs_copy.jsonl', read: 10, stored: 0, quarantined: 0, skipped: 10 }]);
    writeFileSync(join(src, 'SigninLogs.jsonl'), signins(100, 12)); // rewritten, not appended
    const w = await ingestToWorkspace([src], ws, { threads: 1 });
    assert.ok(w.report.warnings.some((x) => /changed since generation 1, and not by appending \(its first \d+ bytes differ\): read again in full/.test(x)), w.report.warnings.join('\n'));
    assert.equal(await rows(ws), 22);
    const f = await ingestToWorkspace([src], ws, { threads: 1, force: true });
    assert.ok(f.report.warnings.some((x) => /read in full \(--force\); its content was already ingested in generation 2, so its rows are now stored twice/.test(x)));
    assert.equal(await rows(ws), 34);
  } finally { for (const d of [ws, src, other]) rmSync(d, { recursive: true, force: true }); }
});

test('the workspace never deletes a file it did not write, nor overwrites a quarantine file', async () => {
  const ws = tmp(), src = tmp();
  try {
    mkdirSync(join(ws, 'segments'), { recursive: true });
    mkdirSync(join(ws, 'quarantine'), { recursive: true });
    writeFileSync(join(ws, 'segments', 'notes.txt'), 'mine');
    writeFileSync(join(ws, 'segments', 'SigninLogs.lz0abc12345678.arrow'), 'not ours either');
    writeFileSync(join(ws, 'quarantine', '1.jsonl'), 'kept\n');
    writeFileSync(join(src, 'SigninLogs.jsonl'), signins(0, 5) + 'bad\n');
    const r = await ingestToWorkspace([src], ws, { threads: 1 });
    assert.equal(basename(r.quarantineFile!), '1-2.jsonl', 'a new name, not an overwrite');
    assert.equal(readFileSync(join(ws, 'quarantine', '1.jsonl'), 'utf8'), 'kept\n');
    for (let i = 0; i < 10; i++) { appendFileSync(join(src, 'SigninLogs.jsonl'), signins(10 + i, 1)); await ingestToWorkspace([src], ws, { threads: 1 }); } // merges segments
    assert.equal(readFileSync(join(ws, 'segments', 'notes.txt'), 'utf8'), 'mine');
    assert.ok(existsSync(join(ws, 'segments', 'SigninLogs.lz0abc12345678.arrow')));
    const m = readManifest(ws)!;
    assert.equal(m.tables.SigninLogs!.segments.reduce((a, s) => a + s.rows, 0), 15);
    assert.equal(await rows(ws), 15);
  } finally { rmSync(ws, { recursive: true, force: true }); rmSync(src, { recursive: true, force: true }); }
});

test('an ingest stopped before its commit leaves nothing the next ingest does not remove, and nothing else is removed', async () => {
  const ws = tmp(), src = tmp();
  try {
    writeFileSync(join(src, 'SigninLogs.jsonl'), signins(0, 20_000) + 'bad\n'); // > 1 MiB: pieces are flushed while reading
    await assert.rejects(ingestToWorkspace([src], ws, { threads: 1, flushRows: 5000, beforeCommit: () => { throw new Error('killed'); } }), /killed/);
    // A run that fails in-process (here the hook's throw; disk full) removes what it wrote at once
    // (discardUncommitted); a killed run's files are removed by the next ingest (kill test, test/store).
    assert.deepEqual(readdirSync(join(ws, 'segments')), [], 'the failed run\'s pieces were removed');
    assert.ok(!existsSync(join(ws, 'quarantine', '1.jsonl')));
    writeFileSync(join(ws, 'segments', 'notes.txt'), 'mine');
    const r = await ingestToWorkspace([src], ws, { threads: 1 });
    assert.equal(basename(r.quarantineFile!), '1.jsonl', 'the stopped run\'s quarantine file was removed, so the name is free');
    assert.equal(readFileSync(r.quarantineFile!, 'utf8').trim().split('\n').length, 1);
    const named = Object.values(readManifest(ws)!.tables).flatMap((e) => e.segments.map((x) => x.file));
    assert.deepEqual(readdirSync(join(ws, 'segments')).sort(), [...named, 'notes.txt'].sort(), 'only the manifest\'s segments and the user\'s file');
    assert.equal(await rows(ws), 20_000);
  } finally { rmSync(ws, { recursive: true, force: true }); rmSync(src, { recursive: true, force: true }); }
});

test('links and special files: a folder with two self links is read once; /dev/zero and a FIFO never hang', async () => {
  const ws = tmp(), src = tmp();
  try {
    writeFileSync(join(src, 'SigninLogs.jsonl'), signins(0, 4));
    symlinkSync('.', join(src, 'self'));
    symlinkSync('.', join(src, 'again'));
    const r = await ingestToWorkspace([src, '/dev/zero'], ws, { threads: 1 });
    assert.equal(await rows(ws), 4);
    assert.ok(r.report.warnings.some((w) => /^\/dev\/zero: a character device, not read; skipped$/.test(w)), r.report.warnings.join('\n'));
    assert.equal(r.report.warnings.filter((w) => /a folder already read as/.test(w)).length, 2);
    const { tables, report } = await loadTables([src, src, '/dev/zero'], { threads: 1 });
    assert.equal(tables.get('SigninLogs')!.rowCount, 4, 'a folder given twice is read once');
    assert.ok(report.warnings.some((w) => /a folder already read as/.test(w)));
  } finally { rmSync(ws, { recursive: true, force: true }); rmSync(src, { recursive: true, force: true }); }
});

test('cloudhop ingest prints one accounting line per file and takes --force', async () => {
  const ws = tmp(), src = tmp();
  let out = '';
  const o = process.stdout.write.bind(process.stdout), e = process.stderr.write.bind(process.stderr);
  const run = async (args: string[]) => {
    out = '';
    process.stdout.write = ((s: string | Uint8Array) => { out += String(s); return true; }) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try { return await main(args); } finally { process.stdout.write = o; process.stderr.write = e; }
  };
  try {
    writeFileSync(join(src, 'SigninLogs.jsonl'), signins(0, 3) + 'bad\n');
    assert.equal(await run(['ingest', src, '--workspace', ws, '--quiet']), 0);
    assert.match(out, /SigninLogs\.jsonl: read 4 = stored 3 \+ quarantined 1 \+ skipped 0$/m);
    assert.equal(await run(['ingest', src, '--workspace', ws, '--quiet']), 0);
    assert.match(out, /SigninLogs\.jsonl: read 4 = stored 0 \+ quarantined 0 \+ skipped 4 \(unchanged since generation 1; skipped\)$/m);
    assert.equal(await run(['ingest', src, '--workspace', ws, '--quiet', '--force']), 0);
    assert.match(out, /SigninLogs\.jsonl: read 4 = stored 3 \+ quarantined 1 \+ skipped 0$/m);
    assert.equal(await rows(ws), 6);
  } finally { rmSync(ws, { recursive: true, force: true }); rmSync(src, { recursive: true, force: true }); }
});
