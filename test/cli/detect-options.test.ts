// `detect --min-severity`, `--include`/`--exclude` and `--format csv|json` (docs/CLI.md), on the
// CLI fixture pack (one High rule raising two alerts) plus a Low copy of its rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloudhop } from '../detect/cli.js';
import { ROOT } from '../helpers/shared.js';

const DATA = 'test/detect/fixtures/data';

function pack(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-filter-'));
  cpSync(join(ROOT, 'test/detect/fixtures/cli-pack'), dir, { recursive: true });
  const rule = readFileSync(join(dir, 'successful-signin.yaml'), 'utf8');
  writeFileSync(join(dir, 'low-copy.yaml'), rule.replace(/^id: .*$/m, 'id: 00000000-0000-4000-8000-000000000001')
    .replace(/^name: .*$/m, 'name: Low copy of the sign-in rule').replace(/^severity: .*$/m, 'severity: Low'));
  return dir;
}

const names = (stdout: string): string[] => stdout.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { ruleName: string }).ruleName);

test('--min-severity keeps alerts at or above the level; --include/--exclude choose rules by id, name or file glob', () => {
  const p = pack();
  const all = cloudhop(['detect', '--data', DATA, '--rules', p, '--format', 'jsonl']);
  assert.equal(all.code, 0, all.stderr);
  assert.deepEqual(names(all.stdout).sort(), ['Low copy of the sign-in rule', 'Low copy of the sign-in rule', 'Successful sign-in not on the allowlist', 'Successful sign-in not on the allowlist']);
  const high = cloudhop(['detect', '--data', DATA, '--rules', p, '--format', 'jsonl', '--min-severity', 'medium']);
  assert.deepEqual(names(high.stdout), ['Successful sign-in not on the allowlist', 'Successful sign-in not on the allowlist']);
  const inc = cloudhop(['detect', '--data', DATA, '--rules', p, '--format', 'jsonl', '--include', 'low-*']);
  assert.deepEqual(names(inc.stdout), ['Low copy of the sign-in rule', 'Low copy of the sign-in rule']);
  const exc = cloudhop(['detect', '--data', DATA, '--rules', p, '--format', 'jsonl', '--exclude', '*allowlist']);
  assert.deepEqual(names(exc.stdout), ['Low copy of the sign-in rule', 'Low copy of the sign-in rule']);
  const byId = cloudhop(['detect', '--data', DATA, '--rules', p, '--format', 'jsonl', '--include', '00000000-*', '--include', 'nothing-matches']);
  assert.deepEqual(names(byId.stdout), ['Low copy of the sign-in rule', 'Low copy of the sign-in rule']);
  assert.match(byId.stderr, /warning: no rule matches 'nothing-matches'/);
  const none = cloudhop(['detect', '--data', DATA, '--rules', p, '--include', 'zzz']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no rule left to run after --include\/--exclude\/--min-severity/);
  const bad = cloudhop(['detect', '--data', DATA, '--rules', p, '--min-severity', 'severe']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--min-severity is one of Informational, Low, Medium, High \(got 'severe'\)/);
});

test('--format csv: one alert a row; --format json: one array of alert records; table: colour by severity', () => {
  const p = pack();
  const csv = cloudhop(['detect', '--data', DATA, '--rules', p, '--format', 'csv', '--min-severity', 'High']);
  assert.equal(csv.code, 0, csv.stderr);
  const lines = csv.stdout.trim().split('\n');
  assert.equal(lines[0], 'timeGenerated,startTime,endTime,severity,ruleName,title,incidentId,entities,tactics,techniques,alertId,ruleId');
  assert.equal(lines.length, 3);
  assert.match(lines[1]!, /^2024-06-15T10:00:00\.0000000Z,2024-06-15T09:10:00\.0000000Z,[^,]+,High,Successful sign-in not on the allowlist,[^,]+,[0-9a-f-]{36},account:alice@contoso\.com; ip:198\.51\.100\.10,LateralMovement,T1021\.007,/);
  const json = cloudhop(['detect', '--data', DATA, '--rules', p, '--format', 'json']);
  const arr = JSON.parse(json.stdout) as { alertId: string }[];
  assert.equal(arr.length, 4);
  const jsonl = cloudhop(['detect', '--data', DATA, '--rules', p, '--format', 'jsonl']);
  assert.deepEqual(jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l)), arr, 'json is the jsonl records in one array');
  const table = cloudhop(['detect', '--data', DATA, '--rules', p, '--format', 'table', '--color', '--width', '120']);
  assert.match(table.stdout, /\x1b\[31mHigh\x1b\[0m/);
  assert.match(table.stdout, /\x1b\[36mLow\x1b\[0m/);
  assert.match(table.stdout, /\x1b\[1mEVENT TIME\x1b\[0m/);
});
