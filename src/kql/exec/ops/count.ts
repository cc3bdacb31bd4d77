/** `count`: one row, one long column `Count`. */
import { NumberColumn } from '../../data/column.js';
import type { OperatorImpl } from '../operator.js';
import { rowCount } from '../batch.js';

export const count: OperatorImpl<'Count'> = (_op, input) =>
  ({ fields: [{ name: 'Count', column: new NumberColumn('long', Float64Array.of(rowCount(input)), undefined) }], physLen: 1 });
