// The exit-code matrix (issue 12): every command × (success, user error, missing path, bad option,
// runtime failure) run as a real process and compared with the table in docs/CLI.md ("Exit
// statuses per command"); stderr never carries a stack trace. Each case is input beside its
// expected status: the docs table is the expectation, the cases below are the inputs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createServer, type Server, type AddressInfo } from 'node:net';
import { ROOT } from '../helpers/shared.js';

const DATA = join(ROOT, 'test/kql/exec/fixtures/data');
const FX = join(ROOT, 'test/detect/fixtures');
const COLUMNS = ['success', 'user error', 'missing path', 'bad option', 'runtime failure'] as const;
type Column = typeof COLUMNS[number];

function cli(args: string[], env: Record<string, string> = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e',
    `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`],
  { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** The documented table: command → column → expected status (undefined for `-`). */
function documented(): Map<string, Map<Column, number | undefined>> {
  const doc = readFileSync(join(ROOT, 'docs/CLI.md'), 'utf8');
  const sec = doc.slice(doc.indexOf('## Exit statuses per command'));
  const out = new Map<string, Map<Column, number | undefined>>();
  for (const line of sec.split('\n')) {
    const m = /^\| `([a-z-]+)` \|(.*)\|\s*$/.exec(line);
    if (!m) continue;
    const cells = m[2]!.split('|').map((c) => c.trim());
    out.set(m[1]!, new Map(COLUMNS.map((c, i) => [c, /^\d+/.test(cells[i] ?? '') ? Number(/^\d+/.exec(cells[i]!)![0]) : undefined])));
  }
  return out;
}

let tmp = '';
let ws = '', damagedWs = '', badManifestWs = '', randomFile = '', escapePack = '', goodTests = '', badHunt = '';
const ENOSPC = { CLOUDHOP_FAULT_ENOSPC_AFTER: '64' };

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cloudhop-exit-'));
  ws = join(tmp, 'ws');
  assert.equal(cli(['ingest', DATA, '--workspace', ws, '--quiet']).code, 0);
  damagedWs = join(tmp, 'damaged');
  cpSync(ws, damagedWs, { recursive: true });
  const m = JSON.parse(readFileSync(join(damagedWs, 'manifest.json'), 'utf8')) as { tables: Record<string, { segments: { file: string; bytes: number }[] }> };
  const seg = m.tables.SigninLogs!.segments[0]!;
  truncateSync(join(damagedWs, 'segments', seg.file), Math.floor(seg.bytes / 2));
  badManifestWs = join(tmp, 'bad-manifest');
  mkdirSync(badManifestWs);
  writeFileSync(join(badManifestWs, 'manifest.json'), '{"format": "cloudhop-workspace", "vers');
  randomFile = join(tmp, 'noise.jsonl');
  const noise = Buffer.alloc(4096);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) % 251; // fixed bytes, no JSON in them
  writeFileSync(randomFile, noise);
  // A pack whose test file names a file outside it.
  escapePack = join(tmp, 'escape-pack');
  cpSync(join(FX, 'cli-pack'), escapePack, { recursive: true });
  const tf = join(escapePack, 'successful-signin.tests.yaml');
  writeFileSync(tf, readFileSync(tf, 'utf8').replace(/^kind: Scheduled\n/m, '').replace(/^/, 'rule: ../../../../../../etc/passwd\n'));
  goodTests = 'off the allowlist';
  // A hunting query whose KQL names a column no table has.
  badHunt = join(tmp, 'bad-hunt.yaml');
  writeFileSync(badHunt, readFileSync(join(ROOT, 'docs/T1021.007/hunting/sync-account-profile.yaml'), 'utf8').replace(/^query: \|\n[\s\S]*$/m, 'query: |\n  SigninLogs | where NoSuchColumn == 1\n'));
});
after(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); held?.close(); });

// serve: a port this process holds (the runtime failure: already in use), and a run stopped by SIGTERM.
let held: Server | undefined, heldPort = 0;
before(async () => { held = createServer(); await new Promise<void>((r) => held!.listen(0, '127.0.0.1', r)); heldPort = (held.address() as AddressInfo).port; });
function untilListening(args: string[]): { code: number; out: string; err: string } {
  const child = `const c = require('node:child_process').spawn(process.execPath, ['--import', 'tsx', '-e', ${JSON.stringify(`import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`)}], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = ''; c.stdout.on('data', (b) => { out += b; process.stdout.write(b); if (!c.killed && /^listening on .*\\n/.test(out)) c.kill('SIGTERM'); });
    c.on('exit', (code, sig) => { process.exitCode = code ?? 128; });`;
  const r = spawnSync(process.execPath, ['-e', child], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** The inputs of each documented cell (commands run from the project root). */
function cases(): Record<string, Partial<Record<Column, () => { code: number; out: string; err: string }>>> {
  const out = (n: string): string => join(tmp, `${n}-${Math.random().toString(36).slice(2, 8)}`);
  return {
    query: {
      'success': () => cli(['query', '--workspace', ws, '--format', 'csv', 'DeviceProcessEvents | count']),
      'user error': () => cli(['query', 'print x = ']),
      'missing path': () => cli(['query', '--workspace', '/nope', 'print 1']),
      'bad option': () => cli(['query', '--bogus', 'print 1']),
      'runtime failure': () => cli(['query', '--workspace', damagedWs, 'SigninLogs | count']),
    },
    check: {
      'success': () => cli(['check', 'SigninLogs | take 1']),
      'user error': () => cli(['check', 'SigninLogs | where']),
      'missing path': () => cli(['check', '-f', '/nope.kql']),
      'bad option': () => cli(['check', '--format', 'xml', 'print 1']),
    },
    explain: {
      'success': () => cli(['explain', 'SigninLogs | take 1']),
      'user error': () => cli(['explain', 'SigninLogs | where']),
      'missing path': () => cli(['explain', '-f', '/nope.kql']),
      'bad option': () => cli(['explain', '--bogus', 'print 1']),
    },
    tables: {
      'success': () => cli(['tables', '--workspace', ws]),
      'missing path': () => cli(['tables', '--workspace', '/nope']),
      'bad option': () => cli(['tables', '--workspace', ws, '--format', 'xml']),
      'runtime failure': () => cli(['tables', '--workspace', badManifestWs]),
    },
    ingest: {
      'success': () => cli(['ingest', DATA, '--workspace', out('ws'), '--quiet']),
      'user error': () => cli(['ingest', randomFile, '--workspace', out('ws'), '--quiet']),
      'missing path': () => cli(['ingest', '/nope', '--workspace', out('ws')]),
      'bad option': () => cli(['ingest', DATA, '--threads', '0', '--workspace', out('ws')]),
      'runtime failure': () => cli(['ingest', DATA, '--workspace', out('ws'), '--quiet'], ENOSPC),
    },
    detect: {
      'success': () => cli(['detect', '--data', join(FX, 'data'), '--rules', join(FX, 'cli-pack'), '--format', 'jsonl']),
      'user error': () => cli(['detect', '--data', join(FX, 'data'), '--rules', join(FX, 'malformed-pack'), '--format', 'jsonl']),
      'missing path': () => cli(['detect', '--data', join(FX, 'data'), '--rules', '/nope']),
      'bad option': () => cli(['detect', '--data', join(FX, 'data'), '--format', 'xml']),
      'runtime failure': () => cli(['detect', '--workspace', damagedWs, '--rules', join(FX, 'cli-pack'), '--format', 'jsonl']),
    },
    'lint-rules': {
      'success': () => cli(['lint-rules', join(FX, 'cli-pack')]),
      'user error': () => cli(['lint-rules', join(FX, 'malformed-pack')]),
      'missing path': () => cli(['lint-rules', '/nope']),
      'bad option': () => cli(['lint-rules', '--format', 'xml']),
    },
    'test-rules': {
      'success': () => cli(['test-rules', join(FX, 'cli-pack'), '--only', goodTests]),
      'user error': () => cli(['test-rules', join(FX, 'cli-pack')]),
      'missing path': () => cli(['test-rules', '/nope']),
      'bad option': () => cli(['test-rules', '--bogus']),
    },
    export: {
      'success': () => cli(['export', '--sentinel', out('arm'), '--rules', join(FX, 'cli-pack')]),
      'user error': () => cli(['export', '--sentinel', out('arm'), '--rules', join(FX, 'malformed-pack')]),
      'missing path': () => cli(['export', '--sentinel', out('arm'), '--rules', '/nope']),
      'bad option': () => cli(['export', '--rules', join(FX, 'cli-pack')]),
      'runtime failure': () => cli(['export', '--sentinel', out('arm'), '--rules', join(FX, 'cli-pack')], ENOSPC),
    },
    simulate: {
      'success': () => cli(['simulate', '--out', out('sim'), '--days', '2', '--scale', '300', '--quiet']),
      'user error': () => cli(['simulate', '--out', out('sim'), '--scenario', 'no-such-scenario', '--quiet']),
      'bad option': () => cli(['simulate', '--out', out('sim'), '--seed', 'abc']),
      'runtime failure': () => cli(['simulate', '--out', out('sim'), '--days', '2', '--scale', '300', '--quiet'], ENOSPC),
    },
    demo: {
      'success': () => cli(['demo', '--help']),
      'bad option': () => cli(['demo', '--seed', 'x']),
    },
    hunt: {
      'success': () => cli(['hunt', 'token-access-commands', '--data', DATA, '--now', '2024-06-02T00:00:00Z', '--format', 'csv']),
      'user error': () => cli(['hunt', badHunt, '--data', DATA]),
      'missing path': () => cli(['hunt', 'sync-account-profile', '--data', '/nope']),
      'bad option': () => cli(['hunt', 'sync-account-profile', '--data', DATA, '--format', 'xml']),
    },
    serve: {
      // Started, then stopped by SIGTERM once it says it listens (the wrapper exits with serve's status).
      'success': () => untilListening(['serve', '--workspace', ws, '--port', '0']),
      // A --dcr mapping file with a problem (an outputStream naming no table): said at file:line:col, exit 1.
      'user error': () => { writeFileSync(join(tmp, 'bad-dcr.yaml'), 'dataFlows:\n  - streams: [Custom-A]\n    outputStream: A\n'); return cli(['serve', '--workspace', ws, '--port', '0', '--dcr', join(tmp, 'bad-dcr.yaml')]); },
      'missing path': () => cli(['serve', '--workspace', join(tmp, 'nope')]),
      'bad option': () => cli(['serve', '--workspace', ws, '--port', 'http']),
      'runtime failure': () => cli(['serve', '--workspace', ws, '--port', String(heldPort)]),
    },
    completion: {
      'success': () => cli(['completion', 'bash']),
      'bad option': () => cli(['completion', 'powershell']),
    },
    report: {
      'success': () => cli(['report', '--alerts', join(ROOT, 'test/report/fixtures/alerts.jsonl'), '--out', join(out('rep'), 'r.html')]),
      'missing path': () => cli(['report', '--alerts', '/nope.jsonl', '--out', join(out('rep'), 'r.html')]),
      'bad option': () => cli(['report']),
      'runtime failure': () => cli(['report', '--alerts', join(ROOT, 'test/report/fixtures/alerts.jsonl'), '--out', join(out('rep'), 'r.html')], ENOSPC),
    },
  };
}

test('docs/CLI.md lists every command of src/cli/commands in its exit-code table', () => {
  const doc = documented();
  const commands = readdirSync(join(ROOT, 'src/cli/commands')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
  assert.deepEqual([...doc.keys()].sort(), commands);
  assert.deepEqual(Object.keys(cases()).sort(), commands);
});

test('exit-code matrix: each command × case gives the documented status, no stack trace', (t) => {
  const doc = documented();
  const seen: string[] = [];
  const wrong: string[] = [];
  for (const [cmd, byCase] of Object.entries(cases())) {
    for (const col of COLUMNS) {
      const expected = doc.get(cmd)?.get(col);
      const run = byCase[col];
      if (expected === undefined) { assert.equal(run, undefined, `${cmd} × ${col}: a case but '-' in docs/CLI.md`); continue; }
      assert.ok(run, `${cmd} × ${col}: documented as ${expected} but no case here`);
      const r = run();
      seen.push(`${cmd.padEnd(11)} ${col.padEnd(16)} → ${r.code}`);
      if (r.code !== expected) wrong.push(`${cmd} × ${col}: exit ${r.code}, docs say ${expected}\n${r.err.slice(0, 600)}`);
      if (/^\s+at /m.test(r.err)) wrong.push(`${cmd} × ${col}: stack trace in stderr\n${r.err.slice(0, 600)}`);
      // findings of check, lint-rules and test-rules are their output (stdout); failures go to stderr
      if (r.code !== 0 && !r.err.trim() && !r.out.trim()) wrong.push(`${cmd} × ${col}: exit ${r.code} without a message`);
    }
  }
  for (const line of seen) t.diagnostic(line);
  assert.deepEqual(wrong, []);
});

test('more statuses the contract names: --fail-on-alert, no rules loaded, unknown command, a test file naming a path outside its pack', () => {
  const alerting = cli(['detect', '--data', join(FX, 'data'), '--rules', join(FX, 'cli-pack'), '--format', 'jsonl', '--fail-on-alert']);
  assert.equal(alerting.code, 1, alerting.err);
  assert.ok(alerting.out.trim().length > 0, 'alerts are still written');
  const empty = join(tmp, 'empty-pack'); mkdirSync(empty);
  const none = cli(['detect', '--data', join(FX, 'data'), '--rules', empty]);
  assert.equal(none.code, 2);
  assert.match(none.err, /cloudhop detect: no rule loaded from /);
  assert.equal(cli(['frobnicate']).code, 2);
  assert.equal(cli([]).code, 2);
  assert.equal(cli(['--help']).code, 0);
  const escape = cli(['test-rules', escapePack]);
  assert.equal(escape.code, 1);
  assert.match(escape.out, /successful-signin\.tests\.yaml:1:7: error TEST030: rule file '\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd' is outside the pack folder .*: not read/);
  assert.doesNotMatch(escape.out + escape.err, /root:x:0:0/);
  const lint = cli(['lint-rules', escapePack]);
  assert.equal(lint.code, 1);
  assert.match(lint.out, /TEST030/);
});

test('an unexpected exception is `cloudhop CMD: internal error: …`, exit 70, stack only with CLOUDHOP_DEBUG=1', async () => {
  const { reportFailure } = await import('../../src/cli/main.js');
  const writes: string[] = [];
  const orig = process.stderr.write.bind(process.stderr);
  (process.stderr as { write: unknown }).write = (s: string): boolean => { writes.push(s); return true; };
  try {
    assert.equal(reportFailure('query', new TypeError('x is undefined')), 70);
    const disk = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    assert.equal(reportFailure('detect', disk), 1);
  } finally { (process.stderr as { write: unknown }).write = orig; }
  assert.match(writes[0]!, /^cloudhop query: internal error: x is undefined \(a bug: please report it; CLOUDHOP_DEBUG=1 shows where\)\n$/);
  assert.match(writes[1]!, /^cloudhop detect: ENOSPC: no space left on device, write \(disk full: no file was left half-written; free space and run again\)\n$/);
});

test('terminal tables escape control and bidi characters; json, jsonl and csv keep them exact', () => {
  const q = 'print a = strcat("x", "\\u001b]0;pwned\\u0007", "y\\u202ez\\u2066", "\\u009b31m")';
  const table = cli(['query', '--format', 'table', q]);
  assert.equal(table.code, 0, table.err);
  assert.match(table.out, /x\\x1b\]0;pwned\\x07y\\u202ez\\u2066\\x9b31m/);
  assert.doesNotMatch(table.out, /[\u001b\u0007\u202e\u2066\u009b]/);
  const json = cli(['query', '--format', 'json', q]);
  assert.equal(JSON.parse(json.out).rows[0][0], 'x\u001b]0;pwned\u0007y\u202ez\u2066\u009b31m');
  const csv = cli(['query', '--format', 'csv', q]);
  assert.equal(csv.out, 'a\nx\u001b]0;pwned\u0007y\u202ez\u2066\u009b31m\n');
});
