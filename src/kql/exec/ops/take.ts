/** `take n` / `limit n`: the first n rows of the current order, as a selection. */
import type { OperatorImpl } from '../operator.js';
import { rowIds, withSel } from '../batch.js';
import { countArg } from './top.js';

export const take: OperatorImpl<'Take'> = (op, input, o) => {
  const n = countArg(op.count, o);
  const rows = rowIds(input);
  return n >= rows.length ? input : withSel(input, rows.slice(0, n));
};

/** `sample n`: deterministic here (the first n rows), since any n rows are a valid answer. */
export const sample: OperatorImpl<'Sample'> = (op, input, o) => {
  const n = countArg(op.count, o);
  const rows = rowIds(input);
  return n >= rows.length ? input : withSel(input, rows.slice(0, n));
};
