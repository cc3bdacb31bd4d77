// Acceptance 2 (issue 3): the documentation's examples run and match the documented output.
// Pass rate ≥ 85% on docs-examples.jsonl; docs-examples-extended.jsonl is reported only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHARED, needsShared } from '../helpers/shared.js';
import { runConformance } from '../../scripts/conformance.js';

test('conformance: docs-examples.jsonl pass rate ≥ 85%', needsShared, () => {
  const s = runConformance(join(SHARED!, 'conformance', 'docs-examples.jsonl'));
  const ext = runConformance(join(SHARED!, 'conformance', 'docs-examples-extended.jsonl'));
  process.stdout.write(`# conformance: docs-examples ${s.passed}/${s.total} (${(100 * s.rate).toFixed(1)}%), extended ${ext.passed}/${ext.total} (${(100 * ext.rate).toFixed(1)}%, reported only)\n`);
  assert.ok(s.rate >= 0.85, `pass rate ${(100 * s.rate).toFixed(1)}% < 85%:\n${s.outcomes.filter((o) => !o.pass).map((o) => `${o.source}: ${o.reason}`).join('\n')}`);
});
