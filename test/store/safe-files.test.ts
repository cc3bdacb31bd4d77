// Fault tests for safe files (issue 12): a full disk during ingest, detect --out and simulate
// leaves the previous state and no orphan or half-written file; a truncated segment and flipped
// bytes are detected with the table and its time range, the other tables stay readable.
// The full disk is real where a tiny tmpfs can be mounted (root), and always simulated through the
// documented hook CLOUDHOP_FAULT_ENOSPC_AFTER (src/store/atomic-write.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from '../helpers/shared.js';

const DATA = join(ROOT, 'test/kql/exec/fixtures/data');

function cli(args: string[], env: Record<string, string> = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e',
    `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`],
  { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Every file under dir with its bytes (the state a failed command must leave as it was). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p); else out.set(relative(dir, p), readFileSync(p).toString('base64'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

const noStack = (s: string): void => assert.doesNotMatch(s, /^\s+at /m, `stack trace in stderr:\n${s}`);

/** A workspace holding SigninLogs and DeviceProcessEvents from the engine's fixtures. */
function baseWorkspace(root: string): string {
  const ws = join(root, 'ws');
  const r = cli(['ingest', DATA, '--workspace', ws, '--quiet']);
  assert.equal(r.code, 0, r.err);
  return ws;
}

/** A JSON-lines file of n SigninLogs rows with incompressible strings. */
function bigSignins(path: string, n: number): void {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(JSON.stringify({ TimeGenerated: new Date(Date.UTC(2024, 5, 2) + i * 1000).toISOString(), UserPrincipalName: `u${i}-${Math.random().toString(36).slice(2)}@contoso.com`, IPAddress: `10.${i % 250}.${(i >> 8) % 250}.1`, ResultType: '0' }));
  writeFileSync(path, lines.join('\n') + '\n');
}

function segmentOf(ws: string, table: string): string {
  const m = JSON.parse(readFileSync(join(ws, 'manifest.json'), 'utf8')) as { tables: Record<string, { segments: { file: string }[] }> };
  return join(ws, 'segments', m.tables[table]!.segments[0]!.file);
}

test('disk full during ingest (simulated ENOSPC): exit 1, a clear message, the workspace exactly as before, no orphan file', () => {
  const root = mkdtempSync(join(tmpdir(), 'cloudhop-enospc-'));
  try {
    const ws = baseWorkspace(root);
    bigSignins(join(root, 'SigninLogs.jsonl'), 2000);
    const before = snapshot(ws);
    const r = cli(['ingest', join(root, 'SigninLogs.jsonl'), '--workspace', ws, '--quiet'], { CLOUDHOP_FAULT_ENOSPC_AFTER: '4096' });
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.err, /cloudhop ingest: disk full writing .*ENOSPC.*the workspace is unchanged/);
    noStack(r.err);
    assert.deepEqual([...snapshot(ws).keys()].sort(), [...before.keys()].sort(), 'files added or removed');
    assert.deepEqual(snapshot(ws), before, 'a file changed');
    // and the workspace still answers, then takes the same input once there is room
    assert.equal(cli(['query', '--workspace', ws, '--format', 'csv', 'SigninLogs | count']).code, 0);
    const again = cli(['ingest', join(root, 'SigninLogs.jsonl'), '--workspace', ws, '--quiet']);
    assert.equal(again.code, 0, again.err);
  } finally { rmSync(root, { recursive: true, force: true }); }
});

test('disk full during ingest on a real full file system (tmpfs): previous state, no orphans', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'cloudhop-tmpfs-'));
  const mnt = join(root, 'mnt');
  mkdirSync(mnt);
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=160k', 'tmpfs', mnt], { encoding: 'utf8' });
  if (mount.status !== 0) { rmSync(root, { recursive: true, force: true }); t.skip(`cannot mount a tmpfs here (${(mount.stderr || '').trim()}); the simulated ENOSPC test covers it`); return; }
  try {
    const ws = join(mnt, 'ws');
    const first = cli(['ingest', DATA, '--workspace', ws, '--quiet']);
    assert.equal(first.code, 0, first.err);
    bigSignins(join(root, 'SigninLogs.jsonl'), 6000); // ~0.7 MB of distinct strings: does not fit
    const before = snapshot(ws);
    const count = cli(['query', '--workspace', ws, '--format', 'csv', 'SigninLogs | count']).out;
    const r = cli(['ingest', join(root, 'SigninLogs.jsonl'), '--workspace', ws, '--quiet']);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.err, /no space left on device/i);
    noStack(r.err);
    assert.deepEqual(snapshot(ws), before);
    assert.equal(cli(['query', '--workspace', ws, '--format', 'csv', 'SigninLogs | count']).out, count);
    assert.equal(count, 'Count\n3\n');
  } finally {
    spawnSync('umount', [mnt]);
    rmSync(root, { recursive: true, force: true });
  }
});

for (const damage of ['truncated', 'flipped bytes'] as const) {
  test(`a damaged segment (${damage}) is named with its table and time range; other tables stay readable; nothing is changed`, () => {
    const root = mkdtempSync(join(tmpdir(), 'cloudhop-damage-'));
    try {
      const ws = baseWorkspace(root);
      const seg = segmentOf(ws, 'SigninLogs');
      const bytes = readFileSync(seg);
      if (damage === 'truncated') truncateSync(seg, Math.floor(bytes.length / 2));
      else { const b = Buffer.from(bytes); b[Math.floor(b.length / 2)]! ^= 0xff; b[Math.floor(b.length / 3)]! ^= 0x01; writeFileSync(seg, b); }
      const before = snapshot(ws);

      const other = cli(['query', '--workspace', ws, '--format', 'csv', 'DeviceProcessEvents | count']);
      assert.equal(other.code, 0, other.err);
      assert.equal(other.out, 'Count\n3\n');
      // Opening reads only the manifest and stats the files: a wrong size is seen then; flipped
      // bytes when a query reads the damaged chunk (each column chunk has its own CRC-32).
      if (damage === 'truncated') assert.match(other.err, /warning: table SigninLogs is damaged/);
      else assert.doesNotMatch(other.err, /damaged/);

      // A query reading every column of the table reads the damaged chunk.
      const hit = cli(['query', '--workspace', ws, '--format', 'csv', 'SigninLogs | take 10']);
      assert.equal(hit.code, 1);
      assert.equal(hit.out, '');
      const reason = damage === 'truncated' ? /bytes, the manifest says \d+ \(truncated or overwritten\)/ : /checksum mismatch \(crc32: the file changed after it was written; column \w+ /;
      assert.match(hit.err, /cloudhop query: table SigninLogs is damaged: segment .*SigninLogs\.[0-9a-z]+\.seg \(rows from 2024-06-01T\d\d:\d\d:\d\dZ to 2024-06-01T\d\d:\d\d:\d\dZ\)/);
      assert.match(hit.err, reason);
      noStack(hit.err);

      // detect runs the rules it can, says which table is damaged, exits 1
      const det = cli(['detect', '--workspace', ws, '--format', 'jsonl']);
      assert.equal(det.code, 1, det.err);
      assert.match(det.err, /table SigninLogs is damaged/);
      noStack(det.err);

      // reading never repairs or removes anything: the damaged file stays for inspection
      assert.deepEqual(snapshot(ws), before, 'a read changed the workspace');
    } finally { rmSync(root, { recursive: true, force: true }); }
  });
}

test('detect --out and --incidents on a full disk: exit 1, the old files whole, no temporary file left', () => {
  const root = mkdtempSync(join(tmpdir(), 'cloudhop-out-'));
  try {
    const out = join(root, 'alerts.jsonl'), inc = join(root, 'incidents.json');
    writeFileSync(out, 'OLD ALERTS\n'); writeFileSync(inc, 'OLD INCIDENTS\n');
    const r = cli(['detect', '--data', join(ROOT, 'test/detect/fixtures/seed-data'), '--with-seed', '--out', out, '--incidents', inc], { CLOUDHOP_FAULT_ENOSPC_AFTER: '16' });
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.err, /cloudhop detect: ENOSPC: no space left on device.*disk full/);
    noStack(r.err);
    assert.equal(readFileSync(out, 'utf8'), 'OLD ALERTS\n');
    assert.equal(readFileSync(inc, 'utf8'), 'OLD INCIDENTS\n');
    assert.deepEqual(readdirSync(root).sort(), ['alerts.jsonl', 'incidents.json']);
    // with room, both are replaced whole
    const ok = cli(['detect', '--data', join(ROOT, 'test/detect/fixtures/seed-data'), '--with-seed', '--out', out, '--incidents', inc]);
    assert.equal(ok.code, 0, ok.err);
    assert.notEqual(readFileSync(out, 'utf8'), 'OLD ALERTS\n');
    assert.ok(Array.isArray(JSON.parse(readFileSync(inc, 'utf8'))));
    assert.deepEqual(readdirSync(root).sort(), ['alerts.jsonl', 'incidents.json']);
  } finally { rmSync(root, { recursive: true, force: true }); }
});

test('simulate and report on a full disk: exit 1, no partial output or temporary file', () => {
  const root = mkdtempSync(join(tmpdir(), 'cloudhop-simfull-'));
  try {
    const sim = join(root, 'sim');
    const r = cli(['simulate', '--out', sim, '--days', '2', '--scale', '3000', '--quiet'], { CLOUDHOP_FAULT_ENOSPC_AFTER: '200000' });
    assert.equal(r.code, 1, r.out + r.err);
    noStack(r.err);
    assert.deepEqual([...snapshot(sim).keys()], [], 'files left behind');
    const rep = join(root, 'report.html');
    writeFileSync(rep, 'OLD');
    cpSync(join(ROOT, 'test/report/fixtures'), join(root, 'fx'), { recursive: true });
    const alerts = readdirSync(join(root, 'fx')).find((f) => f.endsWith('.jsonl'));
    if (alerts) {
      const rr = cli(['report', '--alerts', join(root, 'fx', alerts), '--out', rep], { CLOUDHOP_FAULT_ENOSPC_AFTER: '100' });
      assert.equal(rr.code, 1, rr.err);
      noStack(rr.err);
      assert.equal(readFileSync(rep, 'utf8'), 'OLD');
    }
    assert.deepEqual(readdirSync(root).filter((f) => f.includes('.tmp-')), []);
  } finally { rmSync(root, { recursive: true, force: true }); }
});
