/** `where predicate`: a new selection over the same columns (no copy). Null and false drop the row. */
import type { OperatorImpl } from '../operator.js';
import { compile, filterRows } from '../expr.js';
import { rowIds, withSel } from '../batch.js';

export const where: OperatorImpl<'Where'> = (op, input, o) => {
  const s = o.scope(input.fields);
  const c = compile(op.predicate, s);
  if (c.type !== 'bool' && !c.constant && c.type !== 'dynamic') {
    // Kusto requires a bool predicate; a non-bool value never passes.
  }
  const sel = filterRows(c, rowIds(input), c.ordered ? s.cursor : undefined);
  return withSel(input, sel);
};
