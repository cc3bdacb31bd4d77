/** Bad values never make a built-in throw: every scalar and aggregate over hostile arguments (seeded). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ScalarType, Value } from '../../../src/kql/data/types.js';
import { FUNCTIONS } from '../../../src/kql/functions/catalog.js';
import { SCALARS } from '../../../src/kql/functions/scalar/index.js';
import { AGGREGATES } from '../../../src/kql/functions/aggregates.js';

const VALUES: [Value, ScalarType][] = [
  [null, 'long'], [null, 'string'], ['', 'string'], ['abc', 'string'], ['(', 'string'], ['1.2.3.4/40', 'string'],
  [NaN, 'real'], [Infinity, 'real'], [-1, 'long'], [0, 'long'], [1e300, 'real'], [2 ** 60, 'long'],
  [-5e18, 'datetime'], [1e18, 'timespan'], [true, 'bool'], [[1, 'a', null, { x: 1 }], 'dynamic'],
  [{ a: [1] }, 'dynamic'], ['x', 'dynamic'], [3.7, 'dynamic'], ['0697405b-7e44-4e81-9aa3-7a0d8f7d1bbf', 'guid'],
  ['[a-z]+', 'string'], ['$.a', 'string'], ['%zz', 'string'], ['\\', 'string'], ['(?P<x>', 'string'],
];

test('no built-in throws on hostile arguments (unwrapped implementations)', () => {
  let seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  const pick = () => VALUES[Math.floor(rnd() * VALUES.length)]!;
  const failures: string[] = [];
  for (const f of FUNCTIONS) {
    const hi = f.maxArgs === Infinity ? f.minArgs + 3 : f.maxArgs;
    const scalar = SCALARS.get(f.name);
    for (let k = 0; scalar && k < 150; k++) {
      const args = Array.from({ length: Math.min(hi, f.minArgs + Math.floor(rnd() * 3)) }, pick);
      try { scalar(args.map((p) => p[0]), args.map((p) => p[1]), { now: 0 }); } catch (e) { failures.push(`${f.name}: ${(e as Error).message}`); break; }
    }
    const agg = AGGREGATES.get(f.name);
    for (let k = 0; agg && k < 40; k++) {
      const args = Array.from({ length: Math.min(hi, f.minArgs + Math.floor(rnd() * 2)) }, pick);
      try {
        const acc = agg.create(args.map((p) => p[1]), args.map((p) => p[0]));
        for (let r = 0; r < 5; r++) acc.add(args.map(() => pick()[0]));
        acc.result();
      } catch (e) { failures.push(`${f.name}: ${(e as Error).message}`); break; }
    }
  }
  assert.deepEqual(failures, []);
});
