import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDatetime, formatTimespan, parseIsoDatetime } from '../src/kql/data/convert.js';
import { tableFromRows } from '../src/kql/data/column.js';

test('datetime text round-trips with 7 fractional digits', () => {
  // float64 ticks: exact to 100 ns before 1998, to 200 ns until 2027 (documented in data/types.ts)
  assert.equal(formatDatetime(parseIsoDatetime('1995-06-01T10:00:00.1234567Z')!), '1995-06-01T10:00:00.1234567Z');
  assert.equal(formatDatetime(parseIsoDatetime('2024-06-01T10:00:00.123456Z')!), '2024-06-01T10:00:00.1234560Z');
  assert.equal(formatDatetime(parseIsoDatetime('2024-06-01')!), '2024-06-01T00:00:00.0000000Z');
  assert.equal(parseIsoDatetime('2023-02-30'), null);
  assert.equal(formatDatetime(parseIsoDatetime('2024-06-01T12:00:00+02:00')!), '2024-06-01T10:00:00.0000000Z');
});

test('timespan text', () => {
  assert.equal(formatTimespan(1.5 * 36_000_000_000), '01:30:00');
  assert.equal(formatTimespan(86_400_0000000 + 5), '1.00:00:00.0000005');
  assert.equal(formatTimespan(-10_000_000), '-00:00:01');
});

test('tableFromRows builds typed columns with Kusto null rules', () => {
  const t = tableFromRows('T', [{ name: 's', type: 'string' }, { name: 'n', type: 'long' }, { name: 'b', type: 'bool' }],
    [{ s: 'a', n: 1, b: true }, { s: null, n: null, b: null }, { s: 'a', n: 3, b: false }]);
  const [s, n, b] = t.fields.map((f) => f.column);
  assert.deepEqual([s!.get(0), s!.get(1), s!.get(2)], ['a', '', 'a']);
  assert.deepEqual([n!.get(0), n!.get(1), n!.get(2)], [1, null, 3]);
  assert.deepEqual([b!.get(0), b!.get(1), b!.get(2)], [true, null, false]);
});
