/**
 * Streamed JSON documents and CSV (src/ingest/doc-stream.ts, csv-file.ts). A file is streamed past
 * `streamAboveBytes` (64 MiB); the tests lower that threshold to 0 (and the CSV window to a few
 * hundred characters), so that the streaming readers run on every case of the malformed corpus and
 * every fixture pair, and must give what the whole-text readers give: the same rows, types and
 * quarantine (lines and reasons). Reading a file larger than the old ~512 MiB cap is measured in
 * bench/ingest-stream.ts (peak RSS), not here: it takes longer than a test should.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readdirSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadTables, type LoadOptions } from '../../src/ingest/load.js';
import { DocumentStream, type CaptureKind } from '../../src/ingest/doc-stream.js';
import { CORPUS } from './malformed-corpus.js';
import { snapshot } from './snapshot.js';
import { ROOT } from '../helpers/shared.js';

const STREAMED: LoadOptions = { streamAboveBytes: 0, streamWindowChars: 300, threads: 1 };

async function both(paths: string[], opts: LoadOptions = {}) {
  const whole = await loadTables(paths, { ...opts, threads: 1 });
  const streamed = await loadTables(paths, { ...opts, ...STREAMED, maxRecordBytes: opts.maxRecordBytes });
  return { whole, streamed };
}

function withDir<T>(files: Record<string, string | Buffer>, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-stream-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/**
 * Corpus cases where the streamed read differs from the whole-text read, and why: `reasons`: the
 * same entries (files, lines, kinds, tables) and rows, another wording; `fallback`: only the
 * accounting is checked.
 */
const DIFFERENT: Record<string, { kind: 'reasons' | 'fallback'; why: string }> = {
  'jsonl first two of 3 lines broken (a short file)': { kind: 'fallback', why: 'a small file taken for one document that does not parse, whose lines are records, is read again as JSON lines; a streamed file (over 64 MiB) was classified from 256 lines of its head, so it does not need that' },
};

for (const c of CORPUS) {
  if (c.fifos || c.links) continue;
  test(`streamed = whole text: ${c.name}`, async () => {
    await withDir(c.files, async (dir) => {
      const { whole, streamed } = await both([dir]);
      const a = snapshot(whole.tables, whole.report), b = snapshot(streamed.tables, streamed.report);
      const diff = DIFFERENT[c.name];
      if (diff?.kind === 'reasons') {
        const noReason = (q: typeof a.quarantine) => q.map(({ reason: _r, ...e }) => e);
        assert.deepEqual(noReason(b.quarantine), noReason(a.quarantine), 'quarantine');
        assert.deepEqual(b.tables, a.tables, 'tables');
      } else if (!diff) {
        assert.deepEqual(b.quarantine, a.quarantine, 'quarantine');
        assert.deepEqual(b.tables, a.tables, 'tables');
      }
      for (const r of [streamed.report]) {
        for (const t of r.tables) assert.equal(t.read, t.ingested + t.quarantined);
        const stored = [...streamed.tables.values()].reduce((n, t) => n + t.rowCount, 0);
        assert.equal(r.files.reduce((n, f) => n + f.records - f.quarantined, 0), stored, 'records = rows + quarantined');
      }
    });
  });
}

const pairs = join(ROOT, 'test/fixtures/ingest/pairs');
for (const c of readdirSync(pairs).sort()) {
  test(`streamed = whole text: fixture ${c}`, async () => {
    const { whole, streamed } = await both([join(pairs, c, 'input')]);
    assert.deepEqual(snapshot(streamed.tables, streamed.report), snapshot(whole.tables, whole.report));
  });
}

test('the document scanner gives the same values pushed a byte at a time as pushed whole', () => {
  const doc = Buffer.from(JSON.stringify({
    odata: 'x', value: [
      { a: 'br]ack{et "q" \\ é 雪 😀', n: [1, [2, { x: '}' }]], t: '2024-06-01T00:00:00Z' },
      { b: null }, 'text', 42, [{ c: 1 }],
    ],
  }, null, 2));
  const run = (chunks: Buffer[]) => {
    const got: string[] = [];
    const s = new DocumentStream({
      value: (k: CaptureKind, b: Buffer, line: number) => { got.push(`${k}@${line}:${b.toString('utf8')}`); },
      oversize: (k: CaptureKind, n: number, line: number) => { got.push(`over ${k}@${line}:${n}`); },
    }, 1 << 20);
    for (const c of chunks) s.push(c);
    got.push(`end:${s.end() ?? 'closed'} line ${s.line}`);
    return got;
  };
  const whole = run([doc]);
  assert.equal(whole.length, 6, whole.join('\n'));
  assert.deepEqual(JSON.parse(whole[0]!.slice(whole[0]!.indexOf(':') + 1)), { a: 'br]ack{et "q" \\ é 雪 😀', n: [1, [2, { x: '}' }]], t: '2024-06-01T00:00:00Z' });
  assert.match(whole[0]!, /^record@4:/);
  assert.deepEqual(run([...doc].map((b) => Buffer.from([b]))), whole);
});

test('a record longer than maxRecordBytes in a streamed document is quarantined whole, with its line; the others are read', async () => {
  const big = { TimeGenerated: '2024-06-01T00:00:01Z', UserPrincipalName: 'x'.repeat(5000) };
  const rows = [{ TimeGenerated: '2024-06-01T00:00:00Z', UserPrincipalName: 'a@b' }, big, { TimeGenerated: '2024-06-01T00:00:02Z', UserPrincipalName: 'c@d' }];
  await withDir({ 'SigninLogs.json': JSON.stringify(rows, null, 1) }, async (dir) => {
    const { tables, report } = await loadTables([dir], { ...STREAMED, maxRecordBytes: 1000 });
    assert.equal(tables.get('SigninLogs')?.rowCount, 2);
    assert.equal(report.quarantine.length, 1);
    assert.equal(report.quarantine[0]!.line, 6);
    assert.match(report.quarantine[0]!.reason, /^record of \d+ bytes exceeds the limit of 1000 bytes/);
    assert.equal(report.files[0]!.records, 3, 'records = rows + quarantined');
  });
});

test('a Log Analytics query export ({"tables":[{"columns","rows"}]}) gives one record per row, each with its line, read whole or streamed', async () => {
  const la = [
    '{"tables":[{"name":"PrimaryResult",',
    '"columns":[{"name":"TimeGenerated","type":"datetime"},{"name":"UserPrincipalName","type":"string"},{"name":"ResultType","type":"string"},{"name":"Type","type":"string"}],',
    '"rows":[',
    '["2024-06-01T00:00:00Z","a@contoso.com","0","SigninLogs"],',
    '["2024-06-01T00:01:00Z","b@contoso.com","50126","SigninLogs"],',
    '["2024-06-01T00:02:00Z","c@contoso.com"],',
    '["2024-06-01T00:03:00Z","d@contoso.com","0","SigninLogs" oops],',
    '["not a time","e@contoso.com","0","SigninLogs"],',
    '["2024-06-01T00:04:00Z","f@contoso.com","0","SigninLogs"]',
    ']}]}',
  ].join('\n');
  await withDir({ 'export.json': la }, async (dir) => {
    for (const opts of [{ threads: 1 }, STREAMED]) {
      const { tables, report } = await loadTables([dir], opts);
      const t = tables.get('SigninLogs');
      assert.equal(t?.rowCount, 3, JSON.stringify(report.quarantine));
      assert.deepEqual(report.quarantine.map((e) => [e.line, e.reason.slice(0, 40)]), [
        [6, 'Log Analytics export: a row of 2 values '],
        [7, 'invalid JSON: Expected \',\' or \']\' after '],
        [8, report.quarantine[2]!.reason.slice(0, 40)],
      ]);
      assert.equal(report.files[0]!.records, 6, 'records = rows + quarantined');
      assert.equal(report.files[0]!.format, 'json:loganalytics');
    }
  });
});

test('a CSV streamed in small windows (multi-line quoted cells, multi-byte text cut between windows) is read as it is read whole', async () => {
  const head = 'TimeGenerated,UserPrincipalName,AppDisplayName,ResultDescription';
  const rows = Array.from({ length: 400 }, (_, i) => `2024-06-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z,u${i}@contoso.com,${i % 7 === 0 ? '"Zugriff, ä\nzweite Zeile ""zitiert"""' : 'Café 雪 😀'},${i % 11 === 0 ? '"a\r\nb"' : 'ok'}`);
  const csv = [head, ...rows.slice(0, 200), '2024-06-01T01:00:00Z,"broken,x,y', ...rows.slice(200)].join('\n') + '\n';
  await withDir({ 'SigninLogs.csv': csv, 'SigninLogs2.csv.gz': gzipSync(csv) }, async (dir) => {
    const { whole, streamed } = await both([dir]);
    assert.equal(whole.tables.get('SigninLogs')!.rowCount, 800);
    assert.deepEqual(snapshot(streamed.tables, streamed.report), snapshot(whole.tables, whole.report));
    assert.equal(streamed.report.quarantine.length, 2);
    assert.deepEqual(streamed.report.files.map((f) => f.resume?.offset), whole.report.files.map((f) => f.resume?.offset));
  });
});

test('UTF-16 text is still decoded whole: past maxDocumentBytes it is a file problem, not a crash', async () => {
  const text = 'TimeGenerated,UserPrincipalName\n' + Array.from({ length: 40 }, (_, i) => `2024-06-01T00:00:${String(i).padStart(2, '0')}Z,u${i}@contoso.com`).join('\n');
  await withDir({ 'SigninLogs.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) }, async (dir) => {
    const { report } = await loadTables([dir], { maxDocumentBytes: 1000, threads: 1 });
    assert.equal(report.quarantine.length, 1);
    assert.match(report.quarantine[0]!.reason, /^file too large to read as one CSV \(\d+ bytes; the limit is 1000\)/);
  });
});
