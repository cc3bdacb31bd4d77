// The bounded-heap top-n must give exactly the first n rows of the full (stable) sort.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortRows, topRows, type SortKey } from '../../../src/kql/exec/sort.js';
import { columnFromValues } from '../../../src/kql/exec/batch.js';
import { StringColumn } from '../../../src/kql/data/column.js';

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

test('one numeric key (radix path) orders like the comparison sort: negatives, -0, ±Infinity, NaN and nulls, ties stable', () => {
  // The reference: a stable comparison sort of positions, nulls (and NaN) first or last.
  const reference = (vals: (number | null)[], rows: Uint32Array, desc: boolean, nullsFirst: boolean): number[] => {
    const pos = Array.from(rows, (_, i) => i);
    const isNull = (i: number): boolean => vals[rows[i]!] === null || Number.isNaN(vals[rows[i]!]);
    pos.sort((a, b) => {
      const na = isNull(a), nb = isNull(b);
      if (na || nb) return na && nb ? a - b : (na ? -1 : 1) * (nullsFirst ? 1 : -1);
      const x = vals[rows[a]!]!, y = vals[rows[b]!]!;
      return x < y ? (desc ? 1 : -1) : x > y ? (desc ? -1 : 1) : a - b;
    });
    return pos.map((i) => rows[i]!);
  };
  const specials = [0, -0, Infinity, -Infinity, NaN, null, 1.5, -1.5, 2 ** 60, -(2 ** 60), 5e-324, -5e-324, 1e308];
  for (let trial = 0; trial < 30; trial++) {
    const n = 256 + rnd(3000);
    const vals = Array.from({ length: n }, () => (rnd(8) === 0 ? specials[rnd(specials.length)]! : (rnd(2) ? -1 : 1) * rnd(50) * (rnd(3) === 0 ? 1e12 : 1)));
    const column = columnFromValues('real', vals);
    // A selection in scrambled order, as a sort after a filter and an earlier sort sees it.
    const rows = Uint32Array.from({ length: n }, (_, i) => i).sort(() => rnd(3) - 1);
    const desc = rnd(2) === 0, nullsFirst = rnd(2) === 0;
    assert.deepEqual(Array.from(sortRows(rows, [{ column, desc, nullsFirst }])), reference(vals, rows, desc, nullsFirst), `trial ${trial}`);
  }
});

test('a string key over a selection that uses part of a large dictionary sorts like comparing the strings', () => {
  const dict = Array.from({ length: 2000 }, (_, i) => `v${(i * 7919) % 2000}`.padEnd(3 + (i % 4), 'x'));
  dict.push(dict[5]!); // a repeated entry ranks with its twin
  const codes = Uint32Array.from({ length: 5000 }, () => rnd(dict.length));
  const column = new StringColumn(codes, dict);
  for (let trial = 0; trial < 10; trial++) {
    const rows = Uint32Array.from({ length: 300 + rnd(500) }, () => rnd(codes.length));
    const desc = rnd(2) === 0;
    const want = Array.from(rows.keys()).sort((a, b) => {
      const x = dict[codes[rows[a]!]!]!, y = dict[codes[rows[b]!]!]!;
      return x < y ? (desc ? 1 : -1) : x > y ? (desc ? -1 : 1) : a - b;
    }).map((i) => rows[i]!);
    assert.deepEqual(Array.from(sortRows(rows, [{ column, desc, nullsFirst: false }])), want, `trial ${trial}`);
  }
});
