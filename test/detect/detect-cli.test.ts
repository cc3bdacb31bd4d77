import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloudhop } from './cli.js';

// `cloudhop detect`, `test-rules` per the CLI contract (docs/CLI.md).
const DATA = 'test/detect/fixtures/data';
const PACK = 'test/detect/fixtures/cli-pack';
const RECORD_KEYS = ['alertId', 'ruleId', 'ruleName', 'severity', 'confidence', 'tactics', 'techniques', 'timeGenerated', 'startTime', 'endTime',
  'description', 'entities', 'customDetails', 'evidence', 'incidentId'];

test('detect --format jsonl: one alert record per line, exit 0 with alerts', () => {
  const r = cloudhop(['detect', '--data', DATA, '--rules', PACK, '--format', 'jsonl']);
  assert.equal(r.code, 0, r.stderr);
  const alerts = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
  assert.equal(alerts.length, 2); // alice's two successful sign-ins (09:10, 10:20); bob's failed one is not
  for (const a of alerts) for (const k of RECORD_KEYS) assert.ok(k in a, `missing ${k}`);
  const [a1, a2] = alerts;
  assert.equal(a1!.timeGenerated, '2024-06-15T10:00:00.0000000Z');
  assert.equal(a2!.timeGenerated, '2024-06-15T11:00:00.0000000Z');
  assert.equal(a1!.severity, 'High');
  assert.equal(a1!.confidence, 'medium');
  assert.deepEqual(a1!.tactics, ['LateralMovement']);
  assert.deepEqual(a1!.techniques, ['T1021.007']);
  assert.deepEqual(a1!.entities, [{ type: 'account', name: 'alice', upnSuffix: 'contoso.com' }, { type: 'ip', address: '198.51.100.10' }]);
  assert.deepEqual(a2!.customDetails, { Country: 'RO', App: 'Microsoft Azure CLI' });
  assert.equal(a2!.title, 'Sign-in by alice@contoso.com from RO');
  assert.equal(a2!.evidence[0].TimeGenerated, '2024-06-15T10:20:00.0000000Z');
  assert.equal(a1!.incidentId, a2!.incidentId); // same account within 5 h
});

test('detect --out/--incidents: files written, terminal table lists incidents before alerts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'detect-'));
  const r = cloudhop(['detect', '--data', DATA, '--rules', PACK, '--out', join(dir, 'alerts.jsonl'), '--incidents', join(dir, 'incidents.json')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(join(dir, 'alerts.jsonl'), 'utf8').trim().split('\n').length, 2);
  const incidents = JSON.parse(readFileSync(join(dir, 'incidents.json'), 'utf8'));
  assert.equal(incidents.length, 1);
  assert.equal(incidents[0].alertIds.length, 2);
  assert.ok(r.stdout.indexOf('INCIDENTS') >= 0 && r.stdout.indexOf('INCIDENTS') < r.stdout.indexOf('ALERTS'), r.stdout);
  assert.match(r.stdout, /2 alert\(s\), 1 incident\(s\)/);
});

test('detect --fail-on-alert exits 1 when alerts exist; --watchlists tunes them away', () => {
  assert.equal(cloudhop(['detect', '--data', DATA, '--rules', PACK, '--format', 'jsonl', '--fail-on-alert']).code, 1);
  const tuned = cloudhop(['detect', '--data', DATA, '--rules', PACK, '--format', 'jsonl', '--fail-on-alert', '--watchlists', 'test/detect/fixtures/cli-watchlists']);
  assert.equal(tuned.code, 0, tuned.stderr);
  assert.equal(tuned.stdout.trim(), '');
});

test('detect --from/--to limits the replay; bad usage exits 2', () => {
  const r = cloudhop(['detect', '--data', DATA, '--rules', PACK, '--format', 'jsonl', '--from', '2024-06-15T10:00:00Z', '--to', '2024-06-15T11:00:00Z']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 1); // only the 11:00 run
  assert.equal(cloudhop(['detect', '--rules', PACK]).code, 2);
  assert.equal(cloudhop(['detect', '--data', DATA, '--format', 'xml']).code, 2);
  assert.equal(cloudhop(['detect', '--data', DATA, '--from', 'yesterday']).code, 2);
});

test('test-rules prints a table and fails on a failing case', () => {
  const r = cloudhop(['test-rules', PACK]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^RESULT\s+RULE\s+CASE/m);
  assert.match(r.stdout, /PASS\s+Successful sign-in not on the allowlist\s+sign-in by an account off the allowlist/);
  assert.match(r.stdout, /FAIL\s+Successful sign-in not on the allowlist\s+a deliberately wrong expectation/);
  assert.match(r.stdout, /successful-signin\.tests\.yaml:\d+: 1 alert\(s\), expected 2/);
  assert.match(r.stdout, /4 case\(s\): 3 passed, 1 failed/);
});

test('the seed rule ships switched off: detect and export run it only with --with-seed', () => {
  const data = 'test/detect/fixtures/seed-data';
  const off = cloudhop(['detect', '--data', data, '--format', 'jsonl']);
  assert.equal(off.code, 0, off.stderr);
  const names = (out: string): string[] => out.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { ruleName: string }).ruleName);
  assert.ok(!names(off.stdout).some((n) => /seed rule/i.test(n)), `seed rule ran without --with-seed: ${off.stdout}`);
  const on = cloudhop(['detect', '--data', data, '--format', 'jsonl', '--with-seed']);
  assert.equal(on.code, 0, on.stderr);
  assert.deepEqual(names(on.stdout).filter((n) => /seed rule/i.test(n)), ['T1021.007 seed rule (verbatim)']); // the `az login` row
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-export-'));
  const ex = cloudhop(['export', '--sentinel', join(dir, 'a')]);
  assert.equal(ex.code, 0, ex.stderr);
  assert.match(ex.stdout, /1 baseline rule left out; --with-seed adds it/);
  const exSeed = cloudhop(['export', '--sentinel', join(dir, 'b'), '--with-seed']);
  assert.equal(exSeed.code, 0, exSeed.stderr);
  const count = (o: string): number => Number(/wrote (\d+)/.exec(o)![1]);
  assert.equal(count(exSeed.stdout), count(ex.stdout) + 1);
});

test('detect --timeout: a rule past its limit is that rule\'s error (KQL502), the other rule still alerts, exit 1', () => {
  const started = Date.now();
  const r = cloudhop(['detect', '--data', DATA, '--rules', 'test/detect/fixtures/hostile-pack', '--format', 'jsonl', '--timeout', '1s']);
  const seconds = (Date.now() - started) / 1000;
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 2, r.stdout); // the allowlist rule's two alerts
  assert.match(r.stderr, /run\(s\) of 'Regex bomb \(hostile fixture\)' failed: .*regex-bomb\.yaml:\d+:\d+: KQL502 The query timed out/);
  assert.match(r.stderr, /remaining run\(s\) skipped|KQL502/);
  assert.ok(seconds < 20, `took ${seconds} s`);
  assert.equal(cloudhop(['detect', '--data', DATA, '--timeout', 'soon']).code, 2);
  assert.equal(cloudhop(['detect', '--data', DATA, '--max-memory', 'lots']).code, 2);
});
