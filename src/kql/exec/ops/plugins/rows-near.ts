/**
 * rows_near(Condition, NumRows [, RowsAfter = NumRows]): the rows where Condition holds, with the
 * NumRows rows before and RowsAfter rows after each of them, in input order, each row once.
 * The input's order is the one it arrives in (serialize or sort it first).
 */
import type * as A from '../../../syntax/ast.js';
import type { Batch } from '../../batch.js';
import type { OpEnv } from '../../operator.js';
import { withSel } from '../../batch.js';
import { EXEC_CODES, fail } from '../../context.js';
import { pluginArgs } from './args.js';

export function rowsNear(call: A.Call, input: Batch, o: OpEnv): Batch {
  const a = pluginArgs(call, input, o);
  const cond = a.column(0, 'Condition');
  if (cond.type !== 'bool') return fail(EXEC_CODES.badArgument, 'rows_near: Condition must be a bool expression', a.args[0]!);
  const before = a.number(1, 'NumRows');
  const after = a.number(2, 'RowsAfter', before);
  if (!(before >= 0) || !(after >= 0)) return fail(EXEC_CODES.badArgument, 'rows_near: NumRows and RowsAfter must be 0 or more', call);
  const n = a.input.physLen;
  const keep = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    if (cond.column.get(r) !== true) continue;
    for (let k = Math.max(0, r - before); k <= Math.min(n - 1, r + after); k++) keep[k] = 1;
  }
  const sel: number[] = [];
  for (let r = 0; r < n; r++) if (keep[r]) sel.push(r);
  return withSel(a.input, Uint32Array.from(sel));
}
