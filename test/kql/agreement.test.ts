// Issue 14 acceptance 1: where `check` is clean, the executor never fails with a binding error and
// the executed columns (names, types, order) equal check's output schema — over the golden cases
// and every query of ../shared/conformance run over a workspace where every known table is empty
// (scripts/agreement.ts; `scripts/corpus-check.ts --agree` prints the counts). The disagreements
// left are listed in ./agreement-exceptions.ts, each with its reason; the list may only shrink: a
// new disagreement fails, and so does a listed one that no longer disagrees (remove it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, SHARED, needsShared } from '../helpers/shared.js';
import { goldenCorpus, sharedCorpora, runAgreement, describe, outcomeKey, type AgreementQuery } from '../../scripts/agreement.js';
import { EXCEPTIONS } from './agreement-exceptions.js';

function assertAgreement(corpus: string, qs: readonly AgreementQuery[]): void {
  const s = runAgreement(corpus, qs);
  process.stdout.write(`# agreement ${corpus}: ${s.total} queries, check clean ${s.checkClean}, executed ${s.executed}, schema equal ${s.schemaEqual} (open ${s.open}), fuzzy leg left out ${s.fuzzyLeg}, run-time ${s.runtime}, disagreements ${s.disagreements.length}\n`);
  const found = new Set(s.disagreements.map((o) => outcomeKey(corpus, o.id)));
  const fresh = s.disagreements.filter((o) => !(outcomeKey(corpus, o.id) in EXCEPTIONS)).map((o) => describe(corpus, o));
  const fixed = Object.keys(EXCEPTIONS).filter((k) => k.startsWith(`${corpus} | `) && qs.some((q) => outcomeKey(corpus, q.id) === k) && !found.has(k));
  assert.deepEqual(fresh, [], `check and the executor disagree (not in agreement-exceptions.ts):\n${fresh.join('\n')}`);
  assert.deepEqual(fixed, [], `these agree now: remove them from agreement-exceptions.ts:\n${fixed.join('\n')}`);
}

test('check and execute agree on the golden cases', () => {
  assertAgreement('golden-cases', goldenCorpus(ROOT));
});

for (const [name, qs] of SHARED ? sharedCorpora(SHARED) : [['../shared/conformance', []] as [string, AgreementQuery[]]]) {
  test(`check and execute agree on ${name}`, needsShared, () => assertAgreement(name, qs));
}
