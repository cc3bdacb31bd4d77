// `cloudhop ingest` and `cloudhop tables` through the CLI dispatcher: summary lines, exit statuses,
// idempotent re-ingest, the quarantine file, bad usage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { ROOT } from '../helpers/shared.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const o = process.stdout.write.bind(process.stdout), e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => { out += String(s); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => { err += String(s); return true; }) as typeof process.stderr.write;
  try { return { code: await main(args), out, err }; } finally { process.stdout.write = o; process.stderr.write = e; }
}

test('cloudhop ingest → tables; re-ingest unchanged; quarantine file; usage errors', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'cloudhop-cli-'));
  const src = mkdtempSync(join(tmpdir(), 'cloudhop-cli-src-'));
  try {
    writeFileSync(join(src, 'SigninLogs.jsonl'), '{"TimeGenerated":"2024-06-01T00:00:00Z","UserPrincipalName":"a@b"}\n{"UserPrincipalName":"no time"}\n');
    const gcp = join(ROOT, 'test/fixtures/ingest/pairs/gcp/input');
    const r1 = await run(['ingest', src, gcp, '--workspace', ws, '--quiet']);
    assert.equal(r1.code, 0, r1.err);
    assert.match(r1.out, /^SigninLogs: read 2, ingested 1, quarantined 1$/m);
    assert.match(r1.out, /^GCPAuditLogs: read 2, ingested 2, quarantined 0$/m);
    assert.match(r1.out, /quarantined: .*SigninLogs\.jsonl:2: SigninLogs: missing required time \(TimeGenerated\)/);
    const q = join(ws, 'quarantine', '1.jsonl');
    assert.ok(existsSync(q));
    assert.deepEqual(readFileSync(q, 'utf8').trim().split('\n').map((l) => JSON.parse(l).line), [2]);
    const r2 = await run(['ingest', src, gcp, '--workspace', ws, '--quiet']);
    assert.equal(r2.code, 0);
    assert.match(r2.out, /unchanged: 2 file\(s\) already in the workspace/);
    assert.match(r2.out, /workspace: .* unchanged/);
    const t = await run(['tables', '--workspace', ws, '--format', 'json']);
    assert.equal(t.code, 0);
    const j = JSON.parse(t.out) as { tables: { table: string; rows: number; from: string | null; to: string | null }[] };
    assert.deepEqual(j.tables.map((x) => [x.table, x.rows, x.from]), [
      ['GCPAuditLogs', 2, '2024-06-04T11:06:13.3849324Z'],
      ['SigninLogs', 1, '2024-06-01T00:00:00.0000000Z'],
    ]);
    const text = await run(['tables', '--workspace', ws]);
    assert.match(text.out, /^SigninLogs\s+1\s+2024-06-01T00:00:00.0000000Z/m);
    assert.equal((await run(['ingest', '--workspace', ws])).code, 2);
    assert.equal((await run(['ingest', src, '--format', 'xml', '--workspace', ws])).code, 2);
    assert.equal((await run(['tables', '--workspace', join(ws, 'nope')])).code, 2); // a missing path is bad usage (docs/CLI.md)
  } finally { rmSync(ws, { recursive: true, force: true }); rmSync(src, { recursive: true, force: true }); }
});
