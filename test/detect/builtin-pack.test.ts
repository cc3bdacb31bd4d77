import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { builtinRulesDir, loadEngine, lintPack, formatProblem } from '../../src/detect/index.js';
import { runRuleTests } from '../../src/detect/rule-tests.js';

// `npm test` runs the built-in T1021.007 pack's own rule tests (rules/**/<rule>.tests.yaml).
const DIR = builtinRulesDir();
const skip = existsSync(DIR) ? false : 'rules/ is absent';

test('built-in pack: lint has no errors', { skip }, async () => {
  const { problems } = lintPack([DIR], await loadEngine());
  assert.deepEqual(problems.filter((p) => p.severity === 'error').map(formatProblem), []);
});

test('built-in pack: every rule test case passes', { skip }, async () => {
  const res = await runRuleTests([DIR], await loadEngine());
  assert.deepEqual(res.problems.filter((p) => p.severity === 'error').map(formatProblem), []);
  const failed = res.cases.filter((c) => !c.pass).map((c) => `${c.file}:${c.line} ${c.rule} / ${c.name}: ${c.failures.join('; ')}`);
  assert.deepEqual(failed, []);
  assert.ok(res.cases.length > 0, 'the pack has test cases');
});
