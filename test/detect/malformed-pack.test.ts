import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lintPack, loadEngine, sortProblems } from '../../src/detect/index.js';
import { cloudhop, ROOT } from './cli.js';

// Acceptance 3: a pack of broken rules (bad YAML, bad durations, unknown column, bad entity
// identifier, > 5 entity mappings, period < frequency, ...) reports every problem with
// file:line:col in one run and exits non-zero; the good rules in it still load.
const PACK = join(ROOT, 'test/detect/fixtures/malformed-pack');
const EXPECTED = readFileSync(join(ROOT, 'test/detect/fixtures/malformed-pack.expected.txt'), 'utf8').trim().split('\n');
const norm = (code: string): string => (code.startsWith('KQL') ? 'KQL*' : code);

test('every problem of the malformed pack, with file:line:col, in one run', async () => {
  const { pack, problems } = lintPack([PACK], await loadEngine());
  const got = sortProblems(problems).map((p) => `${relative(PACK, p.file)}:${p.line}:${p.col} ${p.severity} ${norm(p.code)}`);
  assert.deepEqual(got, EXPECTED);
  const brokenFiles = new Set(EXPECTED.map((l) => l.split(':')[0]));
  assert.ok(brokenFiles.size >= 15, `${brokenFiles.size} broken rule files`);
  // Good rules still load.
  assert.deepEqual(pack.rules.map((r) => r.name).filter((n) => n.startsWith('Good')).sort(), ['Good NRT rule', 'Good rule one']);
  assert.deepEqual(pack.hunting.map((r) => r.name), ['Good hunting query']);
});

test('cloudhop lint-rules on the malformed pack: all problems printed, exit 1', () => {
  const r = cloudhop(['lint-rules', 'test/detect/fixtures/malformed-pack']);
  assert.equal(r.code, 1, r.stderr);
  for (const line of EXPECTED) {
    const [loc, severity, code] = line.split(' ');
    const prefix = `test/detect/fixtures/malformed-pack/${loc}: ${severity} ${code === 'KQL*' ? 'KQL' : code}`;
    assert.ok(r.stdout.split('\n').some((l) => l.startsWith(prefix)), `missing: ${prefix}`);
  }
  assert.match(r.stdout, /4 analytic rule\(s\) and 1 hunting query loaded/);
});

test('cloudhop detect still runs the good rules of a pack with broken ones (and exits 1: docs/CLI.md)', () => {
  const r = cloudhop(['detect', '--rules', 'test/detect/fixtures/malformed-pack', '--data', 'test/detect/fixtures/data', '--format', 'jsonl']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /bad-duration\.yaml:10:17: error RULE010/);
  const alerts = r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { ruleName: string });
  assert.ok(alerts.some((a) => a.ruleName === 'Good rule one'), r.stdout);
});
