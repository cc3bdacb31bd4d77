/** Aggregates through their accumulators and grouped kernels, plus the catalog's contract. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Value } from '../../../src/kql/data/types.js';
import { ColumnBuilder } from '../../../src/kql/data/column.js';
import { FUNCTIONS, checkCall, lookupFunction, returnType } from '../../../src/kql/functions/catalog.js';
import { aggregateImpl, scalarImpl } from '../../../src/kql/functions/registry.js';
import { aggregate, dt } from './helpers.js';

const rows = (...xs: Value[]) => xs.map((x) => [x]);

test('count / countif / dcount / sum / avg / min / max', () => {
  assert.equal(aggregate('count', [[], [], []], []), 3);
  assert.equal(aggregate('countif', rows(true, false, null, true), ['bool']), 2);
  assert.equal(aggregate('dcount', rows('a', 'b', 'a', null), ['string']), 2);
  assert.equal(aggregate('count_distinct', rows(1, 2, 2), ['long']), 2);
  assert.equal(aggregate('dcountif', [['a', true], ['b', false], ['a', true]], ['string', 'bool']), 1);
  assert.equal(aggregate('sum', rows(1, 2, null, 3), ['long']), 6);
  assert.equal(aggregate('sum', [], ['long']), 0);
  assert.equal(aggregate('sumif', [[1, true], [5, false]], ['long', 'bool']), 1);
  assert.equal(aggregate('avg', rows(1, 2, null, 3), ['long']), 2);
  assert.equal(aggregate('avg', [], ['long']), null);
  assert.equal(aggregate('avgif', [[1, true], [5, false], [3, true]], ['long', 'bool']), 2);
  assert.equal(aggregate('min', rows(3, null, 1, 2), ['long']), 1);
  assert.equal(aggregate('max', rows('b', 'c', 'a'), ['string']), 'c');
  assert.equal(aggregate('max', rows(dt('2024-01-01'), dt('2024-02-01')), ['datetime']), dt('2024-02-01'));
  assert.equal(aggregate('minif', [[3, true], [1, false]], ['long', 'bool']), 3);
  assert.equal(aggregate('maxif', [[3, false], [1, true]], ['long', 'bool']), 1);
});

test('arg_max / arg_min return the whole extreme row (first on ties, null keys skipped)', () => {
  const data: Value[][] = [[1, 'a', 10], [null, 'x', 0], [5, 'b', 20], [5, 'c', 30], [2, 'd', 40]];
  assert.deepEqual(aggregate('arg_max', data, ['long', 'string', 'long']), [5, 'b', 20]);
  assert.deepEqual(aggregate('arg_min', data, ['long', 'string', 'long']), [1, 'a', 10]);
  assert.deepEqual(aggregate('arg_max', [[null, 'x']], ['long', 'string']), [null, 'x']);
});

test('make_list / make_set / make_bag with limits and nulls', () => {
  assert.deepEqual(aggregate('make_list', rows(1, null, 2, 1), ['long']), [1, 2, 1]);
  assert.deepEqual(aggregate('make_list', [[1, 2], [2, 2], [3, 2]], ['long', 'long']), [1, 2]);
  assert.deepEqual(aggregate('make_list_with_nulls', rows(1, null), ['long']), [1, null]);
  assert.deepEqual(aggregate('make_list_if', [[1, true], [2, false]], ['long', 'bool']), [1]);
  assert.deepEqual(aggregate('make_list', rows(dt('2024-01-01')), ['datetime']), ['2024-01-01T00:00:00.0000000Z']);
  assert.deepEqual(aggregate('make_set', rows('a', 'b', 'a'), ['string']), ['a', 'b']);
  assert.deepEqual(aggregate('make_set', rows([1, 2], [2, 3]), ['dynamic']), [1, 2, 3]);
  assert.deepEqual(aggregate('make_set', [['a', 1], ['b', 1]], ['string', 'long']), ['a']);
  assert.deepEqual(aggregate('make_set_if', [['a', true], ['b', false]], ['string', 'bool']), ['a']);
  assert.deepEqual(aggregate('make_bag', rows({ a: 1 }, { b: 2 }, { a: 3 }, 'x'), ['dynamic']), { a: 1, b: 2 });
  assert.deepEqual(aggregate('make_bag_if', [[{ a: 1 }, false], [{ b: 2 }, true]], ['dynamic', 'bool']), { b: 2 });
  assert.deepEqual(aggregate('make_list', [], ['long']), []);
  // array values add their elements one level deep (docs: make_list(pack_array(polygon.coordinates)))
  assert.deepEqual(aggregate('make_list', rows([[1, 2]], [[3]]), ['dynamic']), [[1, 2], [3]]);
  assert.deepEqual(aggregate('make_list', rows(['a', 'b'], ['c']), ['dynamic']), ['a', 'b', 'c']);
});

test('take_any returns one row; take_anyif honours its predicate', () => {
  assert.deepEqual(aggregate('take_any', [['a', 1], ['b', 2]], ['string', 'long']), ['a', 1]);
  assert.equal(aggregate('take_anyif', [['a', false], ['b', true]], ['string', 'bool']), 'b');
});

test('percentile(s) use nearest rank', () => {
  const xs = rows(...[15, 20, 35, 40, 50].map((x) => x));
  assert.equal(aggregate('percentile', xs.map((r) => [r[0]!, 40]), ['long', 'long']), 20);
  assert.equal(aggregate('percentile', xs.map((r) => [r[0]!, 50]), ['long', 'long']), 35);
  assert.equal(aggregate('percentile', xs.map((r) => [r[0]!, 100]), ['long', 'long']), 50);
  assert.equal(aggregate('percentile', xs.map((r) => [r[0]!, 0]), ['long', 'long']), 15);
  assert.deepEqual(aggregate('percentiles', xs.map((r) => [r[0]!, 5, 50, 95]), ['long', 'long', 'long', 'long']), [15, 35, 50]);
  assert.deepEqual(aggregate('percentiles_array', xs.map((r) => [r[0]!, [5, 50, 95]]), ['long', 'dynamic']), [15, 35, 50]);
  assert.equal(aggregate('percentilew', [[1, 1, 50], [2, 10, 50], [3, 1, 50]], ['long', 'long', 'long']), 2);
});

test('stdev / variance (sample and population), covariance', () => {
  const xs = rows(1, 2, 3, 4, 5);
  assert.equal(aggregate('variance', xs, ['long']), 2.5);
  assert.equal(aggregate('variancep', xs, ['long']), 2);
  assert.ok(Math.abs((aggregate('stdev', xs, ['long']) as number) - Math.sqrt(2.5)) < 1e-12);
  assert.equal(aggregate('stdev', rows(7), ['long']), 0);
  assert.equal(aggregate('stdev', [], ['long']), null);
  assert.equal(aggregate('covariance', [[1, 2], [2, 4], [3, 6]], ['long', 'long']), 2);
  assert.equal(aggregate('covariancep', [[1, 2], [2, 4], [3, 6]], ['long', 'long']), 4 / 3);
});

test('docs: covarianceif over range 1..100 (y = x*2 even, x*3 odd; x % 3 == 0) is 2142', () => {
  const data: Value[][] = [];
  for (let x = 1; x <= 100; x++) data.push([x, x % 2 === 0 ? x * 2 : x * 3, x % 3 === 0]);
  assert.ok(Math.abs((aggregate('covarianceif', data, ['long', 'long', 'bool']) as number) - 2142) < 1e-9);
});

test('binary_all_* (docs: CAFEF00D)', () => {
  const and = aggregate('binary_all_and', rows(0xFFFFFFFF, 0xFFFFF00F, 0xCFFFFFFD, 0xFAFEFFFF), ['long']) as number;
  assert.equal(and.toString(16).toUpperCase(), 'CAFEF00D');
  const or = aggregate('binary_all_or', rows(0x88888008, 0x42000000, 0x00767000, 0x00000005), ['long']) as number;
  assert.equal(or.toString(16).toUpperCase(), 'CAFEF00D');
  assert.equal(aggregate('binary_all_xor', rows(1, 3), ['long']), 2);
});

test('hll / hll_merge / dcount_hll round trip (exact)', () => {
  const h1 = aggregate('hll', rows('a', 'b'), ['string']);
  const h2 = aggregate('hll', rows('b', 'c'), ['string']);
  const m = aggregate('hll_merge', rows(h1 as Value, h2 as Value), ['dynamic']);
  assert.equal(scalarImpl('dcount_hll')!([m as Value], ['dynamic'], { now: 0 }), 3);
});

test('tdigest / tdigest_merge / percentile_tdigest / rank_tdigest (exact states)', () => {
  const d1 = aggregate('tdigest', rows(1, 2, 3, 4), ['long']);
  const d2 = aggregate('tdigest', rows(5, 6, 7, 8, 9, 10), ['long']);
  const m = aggregate('tdigest_merge', rows(d1 as Value, d2 as Value), ['dynamic']);
  const call = (n: string, args: Value[], t: ('dynamic' | 'long' | 'string')[]) => scalarImpl(n)!(args, t, { now: 0 });
  assert.equal(call('percentile_tdigest', [m as Value, 50], ['dynamic', 'long']), 5);
  assert.equal(call('percentile_tdigest', [m as Value, 90, 'real'], ['dynamic', 'long', 'string']), 9);
  assert.deepEqual(call('percentiles_array_tdigest', [m as Value, 10, 100], ['dynamic', 'long', 'long']), [1, 10]);
  assert.equal(call('rank_tdigest', [m as Value, 3], ['dynamic', 'long']), 3);
  assert.equal(call('percentrank_tdigest', [m as Value, 5], ['dynamic', 'long']), 50);
});

test('buildschema (docs shape)', () => {
  const s = aggregate('buildschema', rows({ x: 1, y: 3.5, z: [1, 'a'] }, { x: 'b', y: { w: 'q' }, t: ['s'] }), ['dynamic']);
  assert.deepEqual(s, { x: ['long', 'string'], y: ['double', { w: 'string' }], z: { '`indexer`': ['long', 'string'] }, t: { '`indexer`': 'string' } });
});

test('grouped kernels agree with accumulators', () => {
  const b = new ColumnBuilder('long'), s = new ColumnBuilder('string'), f = new ColumnBuilder('bool');
  const vals = [5, null, 3, 8, 1, 9, null, 4];
  const strs = ['a', 'b', 'a', 'c', 'b', 'b', 'a', 'c'];
  vals.forEach((v, i) => { b.push(v); s.push(strs[i]!); f.push(i % 3 === 0); });
  const cols = { long: b.finish(), string: s.finish(), bool: f.finish() };
  const rowsIdx = Uint32Array.from(vals.map((_, i) => i));
  const groups = Uint32Array.from(vals.map((_, i) => i % 2));
  for (const [name, col, type] of [['sum', 'long', 'long'], ['avg', 'long', 'long'], ['min', 'long', 'long'], ['max', 'long', 'long'], ['count', undefined, undefined], ['countif', 'bool', 'bool'], ['dcount', 'string', 'string']] as const) {
    const impl = aggregateImpl(name)!;
    const types = type ? [type] : [];
    const k = impl.grouped!(types, types.map(() => undefined));
    assert.ok(k, name);
    k.update(rowsIdx, groups, 2, col ? [cols[col]] : []);
    for (let g = 0; g < 2; g++) {
      const acc = impl.create(types, types.map(() => undefined));
      for (let i = g; i < vals.length; i += 2) acc.add(col ? [cols[col].get(i)] : []);
      assert.deepEqual(k.result(g), acc.result(), `${name} group ${g}`);
    }
  }
});

test('catalog: every scalar and aggregate has an implementation; aliases resolve', () => {
  for (const f of FUNCTIONS) {
    if (f.kind === 'scalar' && f.implemented !== false) assert.ok(scalarImpl(f.name), `scalar ${f.name}`);
    if (f.implemented === false) assert.equal(scalarImpl(f.name), undefined, `declared-only ${f.name} has no impl`);
    if (f.kind === 'aggregate') assert.ok(aggregateImpl(f.name), `aggregate ${f.name}`);
  }
  assert.equal(lookupFunction('iif')?.name, 'iff');
  assert.equal(lookupFunction('todouble')?.name, 'toreal');
  assert.equal(lookupFunction('parse_json')?.name, 'todynamic');
  assert.equal(lookupFunction('any')?.name, 'take_any');
  assert.equal(lookupFunction('floor')?.name, 'bin');
  assert.equal(lookupFunction('StrLen'), undefined);
});

test('catalog: arity, argument types and result types', () => {
  const sig = (n: string) => lookupFunction(n)!;
  assert.deepEqual(checkCall(sig('strlen'), ['string']), { ok: true, type: 'long' });
  assert.equal(checkCall(sig('strlen'), []).ok, false);
  assert.match((checkCall(sig('substring'), ['string']) as { message: string }).message, /expects 2 to 3 arguments, got 1/);
  assert.equal(checkCall(sig('case'), ['bool', 'string', 'string']).ok, true);
  assert.equal(checkCall(sig('case'), ['bool', 'string', 'bool', 'string', 'string']).ok, true);
  assert.equal(checkCall(sig('case'), ['bool', 'string']).ok, false);
  assert.equal(checkCall(sig('datetime_add'), ['string', 'long', 'string']).ok, false);
  assert.equal(checkCall(sig('ago'), ['timespan']).ok, true);
  assert.deepEqual(checkCall(sig('iff'), ['bool', 'long', 'real']), { ok: true, type: 'real' });
  assert.deepEqual(checkCall(sig('bin'), ['datetime', 'timespan']), { ok: true, type: 'datetime' });
  assert.deepEqual(checkCall(sig('bin'), ['long', 'real']), { ok: true, type: 'real' });
  assert.deepEqual(checkCall(sig('bin'), ['long', 'long']), { ok: true, type: 'long' });
  assert.deepEqual(checkCall(sig('sum'), ['int']), { ok: true, type: 'long' });
  assert.deepEqual(checkCall(sig('sum'), ['timespan']), { ok: true, type: 'timespan' });
  assert.deepEqual(checkCall(sig('avg'), ['long']), { ok: true, type: 'real' });
  assert.deepEqual(checkCall(sig('max'), ['datetime']), { ok: true, type: 'datetime' });
  assert.deepEqual(checkCall(sig('coalesce'), ['dynamic', 'string']), { ok: true, type: 'string' });
  assert.deepEqual(checkCall(sig('pack'), []), { ok: true, type: 'dynamic' });
  assert.equal(checkCall(sig('pack'), ['string']).ok, false);
  assert.equal(returnType(sig('arg_max'), ['datetime', 'string']), 'datetime');
  assert.equal(sig('arg_max').shape, 'argExtreme');
  assert.equal(sig('percentiles').shape, 'percentiles');
  assert.equal(sig('count').emptyValue, 0);
  assert.deepEqual(sig('make_list').emptyValue, []);
  assert.equal(sig('make_list').params[1]!.constant, true);
  assert.equal(sig('row_number').kind, 'window');
  assert.equal(sig('toscalar').kind, 'special');
});
