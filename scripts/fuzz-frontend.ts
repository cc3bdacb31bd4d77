/**
 * On-demand fuzzing of the KQL front end: N mutated corpus queries (default 100,000) through
 * parse + check. Fails on any throw or any input taking over 1 s; prints the slowest inputs.
 *
 *   node --import tsx scripts/fuzz-frontend.ts [N] [seed]
 */
import { performance } from 'node:perf_hooks';
import { check } from '../src/kql/check.js';
import { builtinCatalog } from '../src/store/schemas/index.js';
import { SHARED } from '../test/helpers/shared.js';
import { mutate, rng, seedQueries } from '../test/fuzz/mutate.js';

const n = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 1);
const seeds = seedQueries(SHARED);
const catalog = builtinCatalog();
const r = rng(seed);
let throws = 0, slow = 0, maxMs = 0;
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const q = mutate(seeds[Math.floor(r() * seeds.length)]!, r);
  const s = performance.now();
  try {
    check(q, { catalog });
  } catch (e) {
    throws++;
    if (throws <= 5) console.log(`THROW #${i}: ${JSON.stringify(q)}\n${(e as Error).stack}`);
  }
  const ms = performance.now() - s;
  if (ms > maxMs) maxMs = ms;
  if (ms > 1000) { slow++; if (slow <= 5) console.log(`SLOW ${ms.toFixed(0)} ms #${i}: ${JSON.stringify(q.slice(0, 200))}`); }
}
const total = (performance.now() - t0) / 1000;
console.log(`${n} inputs from ${seeds.length} seeds in ${total.toFixed(1)} s: ${throws} throws, ${slow} over 1 s, slowest ${maxMs.toFixed(1)} ms`);
process.exit(throws || slow ? 1 : 0);
