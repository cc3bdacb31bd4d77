/** `top n by expr [asc|desc] [nulls first|last]` and `sort | take n`: the first n rows in sort order, without a full sort. */
import type { OperatorImpl } from '../operator.js';
import { compile } from '../expr.js';
import { rowIds, withSel } from '../batch.js';
import { topRows } from '../sort.js';
import { sortKeys } from './sort.js';
import { EXEC_CODES, fail } from '../context.js';

export function countArg(e: import('../../syntax/ast.js').Expr, o: import('../operator.js').OpEnv): number {
  const c = compile(e, o.scope([]));
  if (!c.constant || typeof c.value !== 'number') return fail(EXEC_CODES.badArgument, 'expected a constant number of rows', e);
  return Math.max(0, Math.trunc(c.value));
}

/** The first `count` rows in the order of `by` (a bounded selection): `top`, and `sort | take` (plan rule topn). */
export function topN(by: readonly import('../../syntax/ast.js').SortItem[], count: import('../../syntax/ast.js').Expr, input: import('../batch.js').Batch, o: import('../operator.js').OpEnv): import('../batch.js').Batch {
  const n = countArg(count, o);
  const { batch, keys } = sortKeys(by, input, o);
  return withSel(batch, topRows(rowIds(batch), keys, n));
}

export const top: OperatorImpl<'Top'> = (op, input, o) => topN([op.by], op.count, input, o);
