// bag_pack_columns() takes columns, whose names are the bag's keys (bag-pack-columns-function.md):
// an argument that is not a column is a KQL200 error placed at that argument. (Values: the golden
// case test/kql/cases/functions/bag-pack-columns.yaml.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execute } from '../../../src/kql/index.js';

test('bag_pack_columns: an expression argument is KQL200 at its place', () => {
  const q = 'print a = 1 | extend b = bag_pack_columns(a, a + 1)';
  const out = execute(q, { tables: new Map() });
  assert.equal(out.ok, false);
  const d = out.diagnostics[0]!;
  assert.equal(d.code, 'KQL200');
  assert.match(d.message, /must be a column/);
  assert.equal(q.slice(d.start, d.start + d.length), 'a + 1');
});
