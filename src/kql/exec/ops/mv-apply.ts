/**
 * `mv-apply items on (subquery)`: for each input row, the sub-query runs over that row's expanded
 * rows (the implicit input); its results are concatenated. Columns of the input row are visible
 * to the sub-query (they repeat on each expanded row).
 */
import type { OperatorImpl } from '../operator.js';
import { type Batch, compact, gather, withSel } from '../batch.js';
import { expandItems } from './mv-expand.js';
import { unionLegs } from './union.js';
import { IMPLICIT } from '../names-internal.js';
import { checkDeadline } from '../context.js';

export const mvApply: OperatorImpl<'MvApply'> = (op, input, o) => {
  const ex = expandItems(op.items, op.params, op.limit, compact(input), o);
  const all = ex.batch;
  const results: Batch[] = [];
  // Group the expanded rows by their origin row (origin is ascending).
  let start = 0;
  const org = ex.origin;
  const env = o.env.child();
  while (start < org.length) {
    let end = start + 1;
    while (end < org.length && org[end] === org[start]) end++;
    const ids = new Uint32Array(end - start); for (let i = 0; i < ids.length; i++) ids[i] = start + i;
    env.set(IMPLICIT, { kind: 'batch', batch: withSel(all, ids) });
    results.push(compact(o.tabular(op.body, env)));
    start = end;
    checkDeadline(o.ctx);
  }
  if (results.length === 0) {
    // Schema only: run the body over zero rows.
    env.set(IMPLICIT, { kind: 'batch', batch: { fields: all.fields.map((f) => ({ name: f.name, column: gather(f.column, new Uint32Array(0)) })), physLen: 0 } });
    return o.tabular(op.body, env);
  }
  return unionLegs(results.map((b, i) => ({ name: String(i), batch: b })), []);
};
