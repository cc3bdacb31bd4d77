/** `sort by` / `order by`: a new selection in sorted order (columns untouched). Default desc, nulls last for desc / first for asc. */
import type * as A from '../../syntax/ast.js';
import type { OperatorImpl, OpEnv } from '../operator.js';
import { compile, evalColumn } from '../expr.js';
import { type Batch, compact, rowIds, withSel } from '../batch.js';
import { type SortKey, sortRows } from '../sort.js';
import { checkDeadline } from '../context.js';

export function sortKeys(items: readonly A.SortItem[], input: Batch, o: OpEnv): { batch: Batch; keys: SortKey[] } {
  const needsEval = items.some((it) => it.expr.kind !== 'Name');
  const b = needsEval ? compact(input) : input;
  const rows = rowIds(b);
  const s = o.scope(b.fields);
  const keys = items.map((it): SortKey => {
    const c = compile(it.expr, s);
    const column = it.expr.kind === 'Name' && c.deps.length === 1 && !c.constant ? c.deps[0]! : evalColumn(c, rows);
    const desc = (it.order ?? 'desc') === 'desc';
    const nullsFirst = it.nulls ? it.nulls === 'first' : !desc;
    return { column, desc, nullsFirst };
  });
  return { batch: b, keys };
}

export const sort: OperatorImpl<'Sort'> = (op, input, o) => {
  const { batch, keys } = sortKeys(op.items, input, o);
  checkDeadline(o.ctx, true);
  return withSel(batch, sortRows(rowIds(batch), keys));
};
