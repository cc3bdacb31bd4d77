// The malformed-input corpus (test/ingest/malformed-corpus.ts): each case yields exactly its
// expected quarantine entries and row counts, and never throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadTables } from '../../src/ingest/load.js';
import { CORPUS } from './malformed-corpus.js';

test('the corpus holds at least 40 malformed cases', () => {
  assert.ok(CORPUS.filter((c) => !c.control).length >= 40, `${CORPUS.filter((c) => !c.control).length} malformed cases`);
});

for (const c of CORPUS) {
  test(`malformed: ${c.name}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloudhop-malformed-'));
    try {
      for (const [name, content] of Object.entries(c.files)) writeFileSync(join(dir, name), content);
      for (const [name, target] of Object.entries(c.links ?? {})) symlinkSync(target, join(dir, name));
      for (const name of c.fifos ?? []) execFileSync('mkfifo', [join(dir, name)]);
      const { tables, report } = await loadTables([dir]);
      const got = report.quarantine;
      assert.equal(got.length, c.quarantine.length, `entries: ${JSON.stringify(got.map((e) => `${e.line}: ${e.reason}`))}`);
      c.quarantine.forEach((e, i) => {
        const g = got[i]!;
        if (e.line >= 0) assert.equal(g.line, e.line, `entry ${i} line (${g.reason})`);
        assert.match(g.reason, e.reason);
        assert.equal(g.kind, e.kind ?? 'record');
        if (e.table) assert.equal(g.table, e.table);
        assert.equal(basename(g.file), e.file ?? Object.keys(c.files)[0]);
      });
      for (const [t, n] of Object.entries(c.tables)) {
        const tb = tables.get(t);
        if (n >= 0) assert.equal(tb?.rowCount ?? 0, n, `${t} rows`);
        else assert.ok(tb && tb.rowCount > 0, `${t}: some rows before the damage (${tb?.rowCount})`);
      }
      for (const [t, tb] of tables) if (!(t in c.tables)) assert.equal(tb.rowCount, 0, `unexpected rows in ${t}`);
      for (const t of report.tables) assert.equal(t.read, t.ingested + t.quarantined, `${t.table} read = ingested + quarantined`);
      // Every row accounted for, per file: read = stored + quarantined (+ skipped, none here).
      const stored = [...tables.values()].reduce((a, t) => a + t.rowCount, 0);
      assert.equal(report.files.reduce((a, f) => a + f.records - f.quarantined, 0), stored, 'rows stored = sum over files of (read - quarantined)');
      assert.equal(report.files.reduce((a, f) => a + f.quarantined, 0), got.filter((e) => e.kind === 'record').length, 'quarantined = record entries');
      if (c.read !== undefined) assert.equal(report.files.reduce((a, f) => a + f.records + f.skipped, 0), c.read, 'records read');
      for (const e of got) {
        assert.ok(e.file && e.reason, `entry has file and reason: ${JSON.stringify(e)}`);
        if (e.kind === 'record') assert.ok(e.line >= 1, `record entry has a line: ${JSON.stringify(e)}`);
        assert.ok(e.text === undefined || e.text.length <= 301, 'excerpt at most 300 characters');
      }
      for (const w of c.warnings ?? []) assert.ok(report.warnings.some((x) => w.test(x)), `warning ${w} in ${JSON.stringify(report.warnings)}`);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
}

test('a JSON document or CSV larger than streamAboveBytes is streamed: every row read; JSON lines still stream', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-big-'));
  try {
    const rows = Array.from({ length: 40 }, (_, i) => ({ TimeGenerated: `2024-06-01T00:00:${String(i).padStart(2, '0')}Z`, UserPrincipalName: `u${i}@contoso.com` }));
    writeFileSync(join(dir, 'SigninLogs.json'), JSON.stringify(rows, null, 1));
    writeFileSync(join(dir, 'SigninLogs_2.csv'), 'TimeGenerated,UserPrincipalName\n' + rows.map((r) => `${r.TimeGenerated},${r.UserPrincipalName}`).join('\n'));
    writeFileSync(join(dir, 'SigninLogs_3.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
    const { tables, report } = await loadTables([dir], { streamAboveBytes: 1000, threads: 1 });
    assert.equal(tables.get('SigninLogs')?.rowCount, 120, 'all three files are read');
    assert.equal(report.quarantine.length, 0);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
