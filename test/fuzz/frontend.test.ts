/**
 * Fuzz slice of the front end (5,000 mutated queries): parse and check never throw and every
 * diagnostic lies inside the text. The on-demand run (≥100k inputs, with a time limit per input)
 * is `node --import tsx scripts/fuzz-frontend.ts`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../src/kql/check.js';
import { builtinCatalog } from '../../src/store/schemas/index.js';
import { SHARED } from '../helpers/shared.js';
import { mutate, rng, seedQueries } from './mutate.js';

test('front end fuzz: 5,000 mutated queries, no throw, diagnostics in range', () => {
  const seeds = seedQueries(SHARED);
  if (!SHARED) console.log('# ../shared is absent: fuzzing the built-in seed queries only');
  const catalog = builtinCatalog();
  const r = rng(20261128);
  for (let i = 0; i < 5000; i++) {
    const q = mutate(seeds[Math.floor(r() * seeds.length)]!, r);
    let res;
    try {
      res = check(q, { catalog });
    } catch (e) {
      assert.fail(`check threw on input #${i}: ${JSON.stringify(q)}\n${(e as Error).stack}`);
    }
    for (const d of res.diagnostics) {
      assert.ok(d.start >= 0 && d.start + d.length <= q.length && d.line >= 1 && d.col >= 1, `bad span on #${i}: ${JSON.stringify(q)}`);
    }
  }
});
