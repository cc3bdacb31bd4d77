// Golden plan text for the plan rewrite 'window-batch' (src/kql/plan/rules/window-batch.ts): query,
// the plan as built, the plan after the rewrite (the tag column `w` carried through the plan); and
// what it refuses. Equality of batched and per-window results: test/detect/batch.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRule, CATALOG, type RuleCase } from './golden.js';
import { prepare, prepareWindowBatch } from '../../../src/kql/execute.js';
import { explain } from '../../../src/kql/explain.js';

const BATCH = { windowBatch: { column: 'w', timed: (n: string) => n === 'T' || n === 'U' } };

const CASES: RuleCase[] = [
  {
    query: "T | where s == 'a' | project x, s",
    before: `
Project [x, s]
  Filter s == 'a'
    Table T scan: columns=*
`,
    after: `
Project [x, s, w]
  Filter s == 'a'
    Table T scan: columns=*
`,
  },
  {
    query: 'T | where x > 1 | extend y = x * 2 | summarize n = count(), m = max(y) by s | where n > 1',
    before: `
Filter n > 1
  Aggregate aggs=[n = count(), m = max(y)] by=[s]
    Extend [y = x * 2]
      Filter x > 1
        Table T scan: columns=*
`,
    after: `
Filter n > 1
  Aggregate aggs=[n = count(), m = max(y)] by=[s, w]
    Extend [y = x * 2]
      Filter x > 1
        Table T scan: columns=*
`,
  },
  {
    query: "T | project-keep x, s | join kind=inner (U | where u != '') on x | project x, s, u",
    before: `
Project [x, s, u]
  HashJoin kind=inner on=[x]
    ProjectKeep [x, s]
      Table T scan: columns=*
    Filter u != ''
      Table U scan: columns=*
`,
    after: `
Project [x, s, u, w]
  HashJoin kind=inner on=[x, $left.w == $right.w]
    ProjectKeep [x, s, w]
      Table T scan: columns=*
    Filter u != ''
      Table U scan: columns=*
`,
  },
];

for (const c of CASES) test(`window-batch: ${c.query}`, () => checkRule('window-batch', c, BATCH));

test('window-batch: the optimizer runs over the tagged plan (the scan reads the tag)', () => {
  const r = explain("T | where s == 'a' | project x, s", { scan: true, catalog: CATALOG, ...BATCH });
  assert.ok(r.ok);
  assert.equal(r.text, `
Project [x, s, w]
  Filter s == 'a'
    Table T scan: columns=[s, x, w] terms s any of [["a"]]`.slice(1));
});

test('window-batch: does not apply where one run is not the same as a run per window', () => {
  for (const q of [
    'T | where t > ago(1h) | project x', // now()
    'T | take 3', // row order across windows
    'T | summarize count()', // no key: one group for all windows
    'T | summarize count() by s | summarize count() by s', // a second summarize
    'T | join kind=fullouter (U) on x', // the tag of unmatched right rows is lost
    'T | project-away x* ', // a wildcard could drop the tag
    'let V = T | where x > 1; V | project x', // a let bound to a table
    'T | union U', // union
    'print 1',
  ]) {
    const r = explain(q, { verbose: true, catalog: CATALOG, ...BATCH });
    assert.ok(r.ok, q);
    assert.match(r.text, /== after window-batch \(does not apply: one run per window\)/, q);
    const p = prepare(q, CATALOG);
    assert.ok(p.ok, q);
    assert.equal(prepareWindowBatch(p.prepared, BATCH.windowBatch), undefined, q);
  }
});

test('window-batch: the output schema is the query\'s plus the tag (join: the right tag too)', () => {
  const schemaOf = (q: string): string => {
    const p = prepare(q, CATALOG);
    assert.ok(p.ok);
    const b = prepareWindowBatch(p.prepared, BATCH.windowBatch);
    assert.ok(b, q);
    const last = p.prepared.ast.statements[p.prepared.ast.statements.length - 1]!;
    assert.equal(last.kind, 'QueryStmt');
    const s = b.prepared.planner.planOf((last as { expr: Parameters<typeof b.prepared.planner.planOf>[0] }).expr).schema!;
    return s.columns.map((c) => `${c.name}:${c.type}`).join(', ');
  };
  assert.equal(schemaOf('T | extend y = x + 1'), 'x:long, s:string, t:datetime, w:string, y:long');
  assert.equal(schemaOf('T | summarize n = count() by s'), 's:string, w:string, n:long');
  assert.equal(schemaOf('T | join kind=inner (U) on x'), 'x:long, s:string, t:datetime, w:string, x1:long, u:string, w1:string');
  assert.equal(schemaOf('T | join kind=leftsemi (U) on x'), 'x:long, s:string, t:datetime, w:string');
});
