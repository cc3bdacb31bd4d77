import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execute, check, checkFunctions, functionsCalledBy, type StoredFunction, type Diagnostic } from '../../src/kql/index.js';
import { tableFromRows } from '../../src/kql/data/column.js';

// Stored functions (api.ts StoredFunction): bound and run like `let` functions declared before the
// query; every error lies in the text it came from (Diagnostic.function says which function and part).

const T = tableFromRows('T', [{ name: 'x', type: 'long' }, { name: 's', type: 'string' }], [{ x: 1, s: 'a' }, { x: 5, s: 'b' }, { x: 10, s: 'c' }]);
const tables = new Map([['T', T]]);
const catalog = { tables: new Map([['T', { name: 'T', columns: [{ name: 'x', type: 'long' as const }, { name: 's', type: 'string' as const }] }]]) };

const AtLeast: StoredFunction = { name: 'AtLeast', parameters: 'min:long = 3', body: 'T | where x >= min' };
const Twice: StoredFunction = { name: 'Twice', parameters: 'n:long', body: 'n * 2' };
const Pair: StoredFunction = { name: 'Pair', parameters: 'a:long, b:long = 100', body: 'let total = a + b;\nprint total = total, twice = Twice(a)' };
const Nested: StoredFunction = { name: 'Nested', parameters: '', body: 'AtLeast(6) | extend y = Twice(x)' };
const Input: StoredFunction = { name: 'Input', parameters: 'R:(x:long)', body: 'R | summarize n = count()' };
const FUNCTIONS = [AtLeast, Twice, Pair, Nested, Input];

function rows(q: string, functions: readonly StoredFunction[] = FUNCTIONS): unknown[][] {
  const r = execute(q, { tables, functions });
  assert.ok(r.ok, `${q}: ${JSON.stringify(!r.ok && r.diagnostics)}`);
  return r.result.rows as unknown[][];
}

const where = (d: Diagnostic): string => `${d.function ? `${d.function.name}.${d.function.part}` : 'query'} ${d.line}:${d.col} ${d.code}`;

test('stored functions run like let functions: defaults, named and positional arguments, scalar and tabular, calling each other', () => {
  assert.deepEqual(rows('AtLeast()'), [[5, 'b'], [10, 'c']]);
  assert.deepEqual(rows('AtLeast(10) | project x'), [[10]]);
  assert.deepEqual(rows('AtLeast(min = 1) | count'), [[3]]);
  assert.deepEqual(rows('T | extend y = Twice(x) | project y'), [[2], [10], [20]]);
  assert.deepEqual(rows('Pair(1)'), [[101, 2]]);
  assert.deepEqual(rows('Pair(1, 2)'), [[3, 2]]);
  assert.deepEqual(rows('Nested() | project x, y'), [[10, 20]]);
  assert.deepEqual(rows('T | invoke Input()'), [[3]]);
  assert.deepEqual(rows('Input((T | where x > 1))'), [[2]]);
  // A query's own let of the same name wins over the stored function.
  assert.deepEqual(rows('let Twice = (n:long) { n * 3 }; print Twice(2)'), [[6]]);
});

test('a stored function sees the other stored functions and the tables, not the query\'s lets', () => {
  const UsesLet: StoredFunction = { name: 'UsesLet', parameters: '', body: 'T | where x > limit' };
  const r = execute('let limit = 2; UsesLet()', { tables, functions: [UsesLet] });
  assert.equal(r.ok, false);
  assert.deepEqual(!r.ok && r.diagnostics.map(where), ['UsesLet.body 1:15 KQL100']);
});

test('check binds calls to stored functions: argument counts, result schema, unknown columns after the call', () => {
  const ok = check('AtLeast(2) | extend y = Twice(x)', { catalog: { ...catalog, functions: FUNCTIONS } });
  assert.deepEqual(ok.diagnostics, []);
  assert.deepEqual(ok.schema, [{ name: 'x', type: 'long' }, { name: 's', type: 'string' }, { name: 'y', type: 'long' }]);
  const bad = check('AtLeast(1, 2, 3)\n| project nope', { catalog: { ...catalog, functions: FUNCTIONS } });
  assert.deepEqual(bad.diagnostics.map(where), ['query 1:1 KQL200', 'query 2:11 KQL100']);
  // Without the functions the name is unknown.
  assert.deepEqual(check('AtLeast()', { catalog }).diagnostics.map(where), ['query 1:1 KQL102']);
});

test('errors in a function are placed in its own text: syntax (parameters, body), binding, run time', () => {
  const BadBody: StoredFunction = { name: 'BadBody', parameters: '', body: 'T\n| where (x > 1' };
  const BadParams: StoredFunction = { name: 'BadParams', parameters: 'a:long = 1, b:nosuchtype', body: 'print a' };
  const NoResult: StoredFunction = { name: 'NoResult', parameters: '', body: 'let a = 1;' };
  const BadColumn: StoredFunction = { name: 'BadColumn', parameters: 'k:long = 1', body: 'T\n| where x > k\n| project nosuch' };
  const all = [BadBody, BadParams, NoResult, BadColumn, AtLeast];
  const checks = checkFunctions(all, catalog);
  assert.deepEqual(checks.map((c) => [c.name, c.ok, c.diagnostics.map(where)]), [
    ['BadBody', false, ['BadBody.body 2:9 KQL009']],
    ['BadParams', false, ['BadParams.parameters 1:15 KQL006']],
    ['NoResult', false, ['NoResult.body 1:11 KQL003']],
    ['BadColumn', false, ['BadColumn.body 3:11 KQL100']],
    ['AtLeast', true, []],
  ]);
  assert.deepEqual(checks[4]!.schema, [{ name: 'x', type: 'long' }, { name: 's', type: 'string' }]);
  // A query calling a function with syntax errors cannot run: the function's errors come back.
  const r1 = execute('BadBody()', { tables, functions: all });
  assert.deepEqual(!r1.ok && r1.diagnostics.map(where), ['BadBody.body 2:9 KQL009']);
  // A query that does not call it runs.
  assert.deepEqual(rows('AtLeast(10) | project x', all), [[10]]);
  // A run-time error inside the body (through another call) is placed in the body, with its line:col.
  const r2 = execute('print 1 | extend k = 2 | join kind=inner (BadColumn()) on $left.k == $right.x', { tables, functions: all });
  assert.deepEqual(!r2.ok && r2.diagnostics.map(where), ['BadColumn.body 3:11 KQL100']);
  // An error in the caller's argument stays in the query.
  const r3 = execute('AtLeast(nosuch)', { tables, functions: all });
  assert.deepEqual(!r3.ok && r3.diagnostics.map(where), ['query 1:9 KQL101']);
});

test('functionsCalledBy follows calls through function bodies', () => {
  assert.deepEqual(functionsCalledBy('Nested() | take 1', FUNCTIONS).map((f) => f.name), ['Nested', 'AtLeast', 'Twice']);
  assert.deepEqual(functionsCalledBy('T | take 1', FUNCTIONS), []);
});

test('a stored function is parsed once per object: the same lambda serves every query', () => {
  const Counted: StoredFunction = { name: 'Counted', parameters: '', body: 'T | count' };
  const fns = [Counted];
  for (let i = 0; i < 3; i++) assert.deepEqual(rows('Counted()', fns), [[3]]);
  // Same object → same prepared function (identity of the cached lambda is observable through check's schema being stable).
  assert.deepEqual(checkFunctions(fns, catalog)[0]!.schema, [{ name: 'Count', type: 'long' }]);
});
