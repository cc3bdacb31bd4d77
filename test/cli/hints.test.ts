// Hints a new user needs (issue 16 item 5): the out-of-range time hint of `query`, the
// short-history warning of `detect`, the notice for non-log files in a --data folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloudhop } from '../detect/cli.js';
import { ROOT } from '../helpers/shared.js';

const DATA = join(ROOT, 'test/kql/exec/fixtures/data'); // SigninLogs: 3 sign-ins on 2024-06-01

test('query: a query counting from now() that misses the data says so, with the data\'s span and a --now to pass', () => {
  const q = 'SigninLogs | where TimeGenerated > ago(1d) | project TimeGenerated, UserPrincipalName';
  const r = cloudhop(['query', '--data', DATA, q]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\(0 rows\)/);
  assert.match(r.stderr, /^cloudhop query: nothing found, and the query counts from now\(\) = \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(the wall clock\), outside the data:\n {2}the data in SigninLogs spans 2024-06-01\.\.2024-06-01 \(TimeGenerated, \d+ rows\)\n {2}pass --now 2024-06-02T00:00:00Z to run the query as of the end of the data\n$/);
  // The suggested --now finds the rows, and says nothing more.
  const again = cloudhop(['query', '--data', DATA, '--now', '2024-06-02T00:00:00Z', '--format', 'csv', q]);
  assert.equal(again.code, 0, again.stderr);
  assert.ok(again.stdout.trim().split('\n').length > 1);
  assert.equal(again.stderr, '');
  const count = cloudhop(['query', '--data', DATA, 'SigninLogs | where TimeGenerated > ago(1d) | count']);
  assert.match(count.stderr, /^cloudhop query: nothing found, and the query counts from now\(\)/, 'a count of 0 found nothing too');
  // No hint when the query does not count from now() or now() lies inside the data.
  assert.equal(cloudhop(['query', '--data', DATA, 'SigninLogs | where UserPrincipalName == "nobody"']).stderr, '');
  assert.equal(cloudhop(['query', '--data', DATA, '--now', '2024-06-01T12:00:00Z', 'SigninLogs | where TimeGenerated > ago(1m)']).stderr, '');
});

test('detect: data shorter than a rule\'s lookback (queryPeriod) is warned about, naming the rules', () => {
  const pack = mkdtempSync(join(tmpdir(), 'cloudhop-hist-'));
  const rule = readFileSync(join(ROOT, 'test/detect/fixtures/cli-pack/successful-signin.yaml'), 'utf8');
  // The fixture rule runs hourly over 1h; the copy looks back 14 days over the same 2 hours of data.
  writeFileSync(join(pack, 'baseline.yaml'), rule.replace(/^queryPeriod: .*$/m, 'queryPeriod: 14d').replace(/^queryFrequency: .*$/m, 'queryFrequency: 1d'));
  mkdirSync(join(pack, 'watchlists'));
  copyFileSync(join(ROOT, 'test/detect/fixtures/cli-pack/watchlists/CliAllowlist.csv'), join(pack, 'watchlists', 'CliAllowlist.csv'));
  const r = cloudhop(['detect', '--data', 'test/detect/fixtures/data', '--rules', pack, '--format', 'jsonl']);
  assert.match(r.stderr, /^cloudhop detect: warning: the data spans [\d.]+ hours \(2024-06-15\.\.2024-06-15\), less than the 14 days lookback \(queryPeriod\) of 1 rule\(s\): Successful sign-in not on the allowlist; their baselines see only that history/m);
  const fine = cloudhop(['detect', '--data', 'test/detect/fixtures/data', '--rules', 'test/detect/fixtures/cli-pack', '--format', 'jsonl']);
  assert.doesNotMatch(fine.stderr, /lookback/, 'a 1h rule on 2 hours of data: no warning');
});

test('non-log files in a --data folder are skipped with a notice, never loaded as tables', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-skip-'));
  copyFileSync(join(DATA, 'SigninLogs.jsonl'), join(dir, 'SigninLogs.jsonl'));
  writeFileSync(join(dir, 'labels.json'), JSON.stringify({ generator: 'cloudhop simulate', seed: 1, scenarios: [] }));
  writeFileSync(join(dir, 'README.md'), '# exports\n');
  writeFileSync(join(dir, '.DS_Store'), Buffer.from([0, 0, 0, 1, 66, 117, 100, 49]));
  writeFileSync(join(dir, 'diagram.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  const r = cloudhop(['query', '--data', dir, '--format', 'csv', 'SigninLogs | count']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'Count\n3\n');
  const notices = r.stderr.trim().split('\n').sort();
  assert.deepEqual(notices, [
    `cloudhop query: ${join(dir, '.DS_Store')}: operating-system metadata, not a log; skipped`,
    `cloudhop query: ${join(dir, 'README.md')}: documentation, not a log; skipped`,
    `cloudhop query: ${join(dir, 'diagram.png')}: not a log file (no reader takes .png files); skipped`,
    `cloudhop query: ${join(dir, 'labels.json')}: the ground truth cloudhop simulate writes (labels), not a log; skipped`,
  ].sort());
  const labels = cloudhop(['query', '--data', dir, 'labels | count']);
  assert.equal(labels.code, 1);
  assert.match(labels.stderr, /Unknown table 'labels'/);
});
