// The bounded-heap top-n must give exactly the first n rows of the full (stable) sort.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortRows, topRows, type SortKey } from '../../../src/kql/exec/sort.js';
import { columnFromValues } from '../../../src/kql/exec/batch.js';

let seed = 9;
const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };

test('topRows equals sortRows(...).slice(0, n) for numbers with nulls and ties, strings, several keys', () => {
  for (let trial = 0; trial < 40; trial++) {
    const n = 50 + rnd(400);
    const nums = Array.from({ length: n }, () => (rnd(10) === 0 ? null : rnd(20)));
    const strs = Array.from({ length: n }, () => ['a', 'B', 'b', '', 'z'][rnd(5)]!);
    const rows = Uint32Array.from({ length: n }, (_, i) => i);
    const keys: SortKey[] = [
      { column: columnFromValues('string', strs), desc: rnd(2) === 0, nullsFirst: false },
      { column: columnFromValues('long', nums), desc: rnd(2) === 0, nullsFirst: rnd(2) === 0 },
    ].slice(rnd(2));
    const k = 1 + rnd(20);
    assert.deepEqual(Array.from(topRows(rows, keys, k)), Array.from(sortRows(rows, keys).slice(0, k)));
  }
});
