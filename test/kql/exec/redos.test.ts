// Acceptance 5 (issue 3): a ReDoS-shaped regex over a 100k-character line returns (linear-time
// engine fallback), whichever operator applies it. A generous bound: 10 s for all of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFromRows } from '../../../src/kql/data/column.js';
import { execute } from '../../../src/kql/execute.js';

const line = 'a'.repeat(100_000) + '!';
const tables = new Map([['T', tableFromRows('T', [{ name: 'line', type: 'string' }], [{ line }])]]);

test('(a+)+$ on a 100k-character line returns: matches regex, extract, replace_regex, parse kind=regex', () => {
  const t0 = Date.now();
  for (const q of [
    'T | where line matches regex "(a+)+$" | count',
    'T | project x = extract("(a+)+$", 0, line)',
    'T | project x = strlen(replace_regex(line, "(a+)+$", "b"))',
    'T | parse kind=regex line with "(a+)+$" rest | count',
  ]) {
    const out = execute(q, { tables, timeoutMs: 60_000 });
    assert.ok(out.ok, `${q}: ${out.ok ? '' : JSON.stringify(out.diagnostics)}`);
  }
  const first = execute('T | where line matches regex "(a+)+$" | count', { tables });
  assert.ok(first.ok);
  assert.deepEqual(first.result.rows, [[0]]);
  assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
});
