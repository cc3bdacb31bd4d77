/**
 * The scalar forms of the sketch merges (hll-merge-function.md, merge-tdigest-function.md):
 * `hll_merge(h1, h2, …)` and `merge_tdigest(t1, t2, …)` / `tdigest_merge(t1, t2, …)` merge the
 * sketches of one row (two or more arguments). With one argument they are the aggregations of the
 * same name (functions/aggregates.ts), handled by summarize. The sketches here are exact (a set
 * of value keys, the sorted values with their weights: see aggregates.ts), so the merge is a union.
 */
import type { DynamicValue, Value } from '../data/types.js';
import { compareNonNull } from '../semantics/operators.js';
import { compile, registerSpecial, type Compiled } from './expr.js';

function scalarMerge(merge: (vs: Value[]) => Value) {
  return (e: import('../syntax/ast.js').Call, s: import('./expr.js').Scope): Compiled | undefined => {
    if (e.args.length < 2) return undefined; // the aggregation
    const args = e.args.map((a) => compile(a, s));
    return { type: 'dynamic', constant: false, deps: args.flatMap((a) => a.deps), fn: (r) => merge(args.map((a) => a.fn(r))) };
  };
}

const hllMerge = scalarMerge((vs) => {
  const keys = new Set<string>();
  for (const v of vs) {
    const k = v !== null && typeof v === 'object' ? (v as { hll_exact?: unknown }).hll_exact : undefined;
    if (Array.isArray(k)) for (const x of k) if (typeof x === 'string') keys.add(x);
  }
  return { hll_exact: [...keys] };
});

const tdigestMerge = scalarMerge((vs) => {
  const pairs: [DynamicValue, number][] = [];
  for (const v of vs) {
    const t = v !== null && typeof v === 'object' ? v as { tdigest_exact?: unknown; weights?: unknown } : {};
    if (Array.isArray(t.tdigest_exact) && Array.isArray(t.weights)) t.tdigest_exact.forEach((x, i) => pairs.push([x as DynamicValue, Number((t.weights as unknown[])[i]) || 1]));
  }
  pairs.sort((x, y) => compareNonNull(x[0] as Value, y[0] as Value));
  return { tdigest_exact: pairs.map((p) => p[0]), weights: pairs.map((p) => p[1]) };
});

registerSpecial('hll_merge', hllMerge);
registerSpecial('merge_tdigest', tdigestMerge);
registerSpecial('tdigest_merge', tdigestMerge);
