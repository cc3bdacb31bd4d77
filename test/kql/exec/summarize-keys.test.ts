// Group keys of `bin(x, step)` get dense ids by arithmetic (keys.ts denseIdsStepped): the groups
// must be exactly those of hashing the same binned values (a materialized column), nulls included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execute } from '../../../src/kql/execute.js';
import { NumberColumn, StringColumn, type Table } from '../../../src/kql/data/column.js';

let seed = 11;
const rnd = (): number => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32; };

function table(n: number, spread: number, nullShare: number): Table {
  const t = new Float64Array(n), nulls = new Uint8Array(n), codes = new Uint32Array(n);
  const base = Date.UTC(2024, 5, 1) * 10_000;
  for (let i = 0; i < n; i++) {
    if (rnd() < nullShare) { nulls[i] = 1; continue; }
    t[i] = base + Math.round((rnd() - 0.5) * spread);
    codes[i] = Math.floor(rnd() * 7);
  }
  return { name: 'T', rowCount: n, fields: [
    { name: 't', column: new NumberColumn('datetime', t, nullShare > 0 ? nulls : undefined) },
    { name: 'k', column: new StringColumn(codes, ['a', 'b', 'c', 'd', 'e', 'f', 'g']) },
  ] };
}

const sorted = (rows: readonly (readonly unknown[])[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

test('summarize by bin(t, step) groups exactly like a materialized binned column', () => {
  const HOUR = 36_000_000_000;
  for (const [n, spread, nullShare, step] of [
    [5000, 48 * HOUR, 0, '1h'], [5000, 48 * HOUR, 0.1, '1h'], [3000, 400 * 24 * HOUR, 0.05, '1d'],
    [2000, 10 * HOUR, 0, '7m'], [1000, 1e4, 0, '1tick'], [1000, 1e9, 0.2, '1ms'], [10, 0, 0, '1h'], [50, 48 * HOUR, 1, '1h'],
  ] as const) {
    const tables = new Map([['T', table(n, spread, nullShare)]]);
    const direct = execute(`T | summarize c = count(), m = max(k) by k, b = bin(t, ${step})`, { tables });
    const viaColumn = execute(`T | extend b = bin(t, ${step}) | summarize c = count(), m = max(k) by k, b`, { tables });
    assert.ok(direct.ok && viaColumn.ok);
    assert.deepEqual(sorted(direct.result.rows), sorted(viaColumn.result.rows), `${n} rows, ${step}, nulls ${nullShare}`);
  }
});
