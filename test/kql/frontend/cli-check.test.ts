/**
 * `cloudhop check` end to end: the built CLI runs on fixture files and its output is compared
 * byte for byte with the expected files beside them (test/kql/frontend/cli/).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../helpers/shared.js';

const DIR = join(ROOT, 'test', 'kql', 'frontend', 'cli');
const BIN = join(ROOT, 'bin', 'cloudhop.js');
const built = existsSync(join(ROOT, 'dist', 'cli', 'commands', 'check.js'));
const skip = { skip: built ? false : 'dist/ is not built (npm test builds it): skipped' };

function run(args: string[]): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [BIN, 'check', ...args], { cwd: DIR, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout };
}

test('check -f: text diagnostics with line:col and caret', skip, () => {
  const r = run(['-f', 'bad.kql']);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, readFileSync(join(DIR, 'bad.expected.txt'), 'utf8'));
});

test('check --format json', skip, () => {
  const r = run(['--format', 'json', '-f', 'bad.kql']);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, readFileSync(join(DIR, 'bad.expected.json'), 'utf8'));
});

test('check --batch: one JSON line per input', skip, () => {
  const r = run(['--batch', 'batch.jsonl']);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, readFileSync(join(DIR, 'batch.expected.jsonl'), 'utf8'));
});

test('check --format json reports the output schema (issue 14): names and types as bound', skip, () => {
  const r = run(['--format', 'json', 'SigninLogs | where TimeGenerated > ago(1d) | summarize n = count(), last = max(TimeGenerated) by UserPrincipalName | extend ratio = n * 1.0']);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, JSON.stringify({ ok: true, diagnostics: [], schema: [
    { name: 'UserPrincipalName', type: 'string' }, { name: 'n', type: 'long' }, { name: 'last', type: 'datetime' }, { name: 'ratio', type: 'real' },
  ] }) + '\n');
  // A scalar statement has no schema of its own: `print` is a table with one column.
  assert.equal(JSON.parse(run(['--format', 'json', 'print x = 1, y = "a"']).stdout).schema.map((c: { name: string; type: string }) => `${c.name}:${c.type}`).join(','), 'x:long,y:string');
});

test('check: clean query exits 0; --syntax-only ignores unknown names; bad usage exits 2', skip, () => {
  assert.equal(run(['SigninLogs | take 1']).status, 0);
  assert.equal(run(['NoSuchTable | take 1']).status, 1);
  assert.equal(run(['--syntax-only', 'NoSuchTable | take 1']).status, 0);
  assert.equal(run(['--syntax-only', 'NoSuchTable | take']).status, 1);
  assert.equal(run([]).status, 2);
  assert.equal(run(['--format', 'xml', 'print 1']).status, 2);
  assert.equal(run(['--table-schema', 'Mine(a:long, b:string)', 'Mine | where a > 1 | project b']).status, 0);
});
