/**
 * Binder: output schemas per operator, default column names, types, scoping. Each case is a
 * query beside its expected output schema (`name:type, ...`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from '../../../src/kql/check.js';
import { builtinCatalog } from '../../../src/store/schemas/index.js';
import { SHARED, needsShared } from '../../helpers/shared.js';

const catalog = builtinCatalog([
  { name: 'T', columns: [{ name: 'a', type: 'long' }, { name: 'b', type: 'string' }, { name: 't', type: 'datetime' }, { name: 'd', type: 'dynamic' }] },
  { name: 'U', columns: [{ name: 'a', type: 'long' }, { name: 'c', type: 'real' }] },
]);

function schema(q: string): string {
  const r = check(q, { catalog });
  assert.deepEqual(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`), [], q);
  return (r.schema ?? []).map((c) => `${c.name}:${c.type}`).join(', ');
}

test('seed query: clean, output schema equals Kusto\'s (acceptance 1)', needsShared, () => {
  const q = readFileSync(join(SHARED!, 'seed', 'T1021.007-seed.kql'), 'utf8');
  const r = check(q, { catalog: builtinCatalog() });
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.schema?.map((c) => c.name), ['Timestamp', 'DeviceName', 'AccountName', 'FileName', 'ProcessCommandLine',
    'InitiatingProcessFileName', 'CloudPlatform', 'TimeGenerated', 'UserPrincipalName', 'AppName', 'IPAddress', 'Location',
    'RiskLevelDuringSignIn', 'ConditionalAccessStatus']);
});

test('default column names', () => {
  const cases: [string, string][] = [
    ['T | summarize count(), avg(a), dcount(b), countif(a > 1), make_set(b), sum(a * 2)', 'count_:long, avg_a:real, dcount_b:long, countif_:long, set_b:dynamic, sum_:long'],
    ['T | summarize count() by bin(t, 1h), b', 't:datetime, b:string, count_:long'],
    ['T | summarize max(a), max(a)', 'max_a:long, max_a1:long'],
    ['print 1, x = 2, strlen("a")', 'print_0:long, x:long, print_2:long'],
    ['T | project d.x.y, d["k"], d[0], tostring(b), tolower(b), strlen(b)', 'd_x_y:dynamic, d_k:dynamic, d_0:dynamic, b:string, Column1:string, strlen_b:long'],
    ['T | extend tolower(b), a + 1', 'a:long, b:string, t:datetime, d:dynamic, Column1:string, Column2:long'],
    ['T | summarize percentiles(a, 50, 99.5)', 'percentile_a_50:long, percentile_a_99_5:long'],
    ['T | summarize arg_max(t, a, b) by b', 'b:string, t:datetime, a:long'],
    ['T | summarize arg_max(t, *) by b', 'b:string, t:datetime, a:long, d:dynamic'],
    ['T | summarize take_any(b), take_any(a + 1)', 'b:string, any_arg0:long'],
    ['T | count', 'Count:long'],
  ];
  for (const [q, s] of cases) assert.equal(schema(q), s, q);
});

test('output schema through each operator', () => {
  const cases: [string, string][] = [
    ['T | where a > 1 | take 5 | sort by t', 'a:long, b:string, t:datetime, d:dynamic'],
    ['T | extend a = tostring(a), e = 1.5', 'a:string, b:string, t:datetime, d:dynamic, e:real'],
    ['T | project-away d, t', 'a:long, b:string'],
    ['T | project-keep *a*, b', 'a:long, b:string'],
    ['T | project-rename x = b', 'a:long, x:string, t:datetime, d:dynamic'],
    ['T | project-reorder t, d', 't:datetime, d:dynamic, a:long, b:string'],
    ['T | join kind=inner U on a', 'a:long, b:string, t:datetime, d:dynamic, a1:long, c:real'],
    ['T | join kind=leftsemi U on a', 'a:long, b:string, t:datetime, d:dynamic'],
    ['T | join kind=rightanti U on $left.a == $right.a', 'a:long, c:real'],
    ['T | lookup U on a', 'a:long, b:string, t:datetime, d:dynamic, c:real'],
    ['T | union U', 'a:long, b:string, t:datetime, d:dynamic, c:real'],
    ['T | union withsource=Src U', 'Src:string, a:long, b:string, t:datetime, d:dynamic, c:real'],
    ['T | project x = a | union (U | project x = c)', 'x_long:long, x_real:real'],
    ['T | union kind=inner U', 'a:long'],
    ['T | mv-expand d to typeof(long)', 'a:long, b:string, t:datetime, d:long'],
    ['T | mv-expand with_itemindex=i x = d', 'a:long, b:string, t:datetime, d:dynamic, x:dynamic, i:long'],
    ['T | parse b with "x=" x:long "," y', 'a:long, b:string, t:datetime, d:dynamic, x:long, y:string'],
    ['T | make-series n = count() on t step 1h by b', 'b:string, n:dynamic, t:dynamic'],
    ['T | top-nested 3 of b by count()', 'b:string, aggregated_b:long'],
    ['T | distinct b, a', 'b:string, a:long'],
    ['T | getschema', 'ColumnName:string, ColumnOrdinal:int, DataType:string, ColumnType:string'],
    ['range x from 1 to 10 step 1', 'x:long'],
    ['range t from ago(1d) to now() step 1h', 't:datetime'],
    ['datatable(x:int, y:string)[1, "a"]', 'x:int, y:string'],
    ['T | as X | join (X) on a | project a', 'a:long'],
    ['let f = (x:long) { x * 2 }; T | extend y = f(a)', 'a:long, b:string, t:datetime, d:dynamic, y:long'],
    ['let g = (S:(a:long)) { S | summarize n = count() by a }; T | invoke g()', 'a:long, n:long'],
    ['let m = materialize(T | project a); m | union m', 'a:long'],
    ['let lim = toscalar(T | summarize max(a)); T | where a < lim | project a', 'a:long'],
    ['T | mv-apply x = d to typeof(long) on (summarize s = sum(x))', 'a:long, b:string, t:datetime, d:dynamic, s:long'],
    ['T | mv-apply d to typeof(long) on (top 1 by d)', 'a:long, b:string, t:datetime, d:long'],
    ['T | evaluate bag_unpack(d) : (a:long, z:string)', 'a:long, z:string'],
    ['print x = datetime(2024-01-01) - datetime(2023-12-31), y = 1d * 2, z = 5 / 2, w = 5.0 / 2', 'x:timespan, y:timespan, z:long, w:real'],
    ['print iff(true, 1, 2.5), case(false, "a", "b"), now() + 1h', 'print_0:real, print_1:string, print_2:datetime'],
  ];
  for (const [q, s] of cases) assert.equal(schema(q), s, q);
});

test('scopes: let shadows, lambdas see their parameters, columns win over lets', () => {
  assert.equal(schema('let a = "s"; T | project a'), 'a:long');
  assert.equal(schema('let x = 1; let x = "s"; print y = x'), 'y:string');
  const r = check('let f = (p:long) { p + q }; print f(1)', { catalog });
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.message]), [['KQL100', "Unknown column or variable 'q'. Did you mean 'p'?"]]);
});
