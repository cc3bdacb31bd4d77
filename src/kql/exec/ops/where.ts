/** `where predicate`: a new selection over the same columns (no copy). Null and false drop the row. */
import type { OperatorImpl } from '../operator.js';
import { compile, filterRows } from '../expr.js';
import { rowIds, withSel } from '../batch.js';
import { fail } from '../context.js';

export const where: OperatorImpl<'Where'> = (op, input, o) => {
  const s = o.scope(input.fields);
  const c = compile(op.predicate, s);
  if (c.type !== 'bool' && c.type !== 'dynamic') {
    // Same code as the front end's "predicate must be bool" diagnostic.
    fail('KQL203', `The predicate must be bool but is ${c.type}.`, op.predicate);
  }
  const sel = filterRows(c, rowIds(input), c.ordered ? s.cursor : undefined);
  return withSel(input, sel);
};
