/** `top n by expr [asc|desc] [nulls first|last]`: sort, then the first n rows. */
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

export const top: OperatorImpl<'Top'> = (op, input, o) => {
  const n = countArg(op.count, o);
  const { batch, keys } = sortKeys([op.by], input, o);
  return withSel(batch, topRows(rowIds(batch), keys, n));
};
