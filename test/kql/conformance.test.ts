// Issue 15 acceptance 3: the documentation's examples run and reproduce the documented output.
// All four files of ../shared/conformance are covered; the floors are the counts reached when they
// were last raised (docs/conformance/README.md lists the rest with reasons). Skips visibly without
// ../shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHARED, needsShared } from '../helpers/shared.js';
import { runConformance, type RunSummary } from '../../scripts/conformance.js';

function run(files: string[]): { passed: number; total: number; failures: string[] } {
  const runs: RunSummary[] = files.map((f) => runConformance(join(SHARED!, 'conformance', f)));
  return {
    passed: runs.reduce((a, s) => a + s.passed, 0),
    total: runs.reduce((a, s) => a + s.total, 0),
    failures: runs.flatMap((s) => s.outcomes.filter((o) => !o.pass).map((o) => `${o.source}: ${o.reason}`)),
  };
}

const FLOORS = {
  core: { files: ['docs-examples.jsonl', 'docs-examples-more.jsonl'], passed: 389 },
  extended: { files: ['docs-examples-extended.jsonl', 'docs-examples-extended-more.jsonl'], passed: 217 },
};

for (const [name, f] of Object.entries(FLOORS)) {
  test(`conformance: ${name} examples (${f.files.join(' + ')}) ≥ ${f.passed} pass`, needsShared, () => {
    const r = run(f.files);
    process.stdout.write(`# conformance ${name}: ${r.passed}/${r.total} (${(100 * r.passed / r.total).toFixed(1)}%)\n`);
    assert.ok(r.passed >= f.passed, `${name}: ${r.passed}/${r.total} < ${f.passed}:\n${r.failures.join('\n')}`);
  });
}
