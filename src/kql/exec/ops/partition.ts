/**
 * `partition [hint.*] by Column (subquery)`: runs the sub-query once per distinct value of the
 * column, over that value's rows (the implicit input), and unions the results.
 * `top-hitters n of expr [by sumExpr]`: the n most frequent values (exact counts here; Kusto's are
 * approximate): columns `expr` and `approximate_count_expr` (`approximate_sum_sumExpr` with `by`).
 */
import type * as A from '../../syntax/ast.js';
import type { OperatorImpl } from '../operator.js';
import { type Batch, compact, rowIds, withSel } from '../batch.js';
import { compile, evalColumn } from '../expr.js';
import { denseIds } from '../keys.js';
import { unionLegs } from './union.js';
import { summarizeItems } from './summarize.js';
import { sortRows } from '../sort.js';
import { countArg } from './top.js';
import { IMPLICIT } from '../names-internal.js';
import { columnLikeName } from '../names.js';
import { checkDeadline } from '../context.js';

export const partition: OperatorImpl<'Partition'> = (op, input, o) => {
  const b = compact(input);
  const rows = rowIds(b);
  const key = evalColumn(compile(op.by, o.scope(b.fields)), rows);
  const { ids, card } = denseIds(key, rows);
  const groups: number[][] = Array.from({ length: card }, () => []);
  for (let k = 0; k < rows.length; k++) groups[ids[k]!]!.push(rows[k]!);
  const env = o.env.child();
  const parts: Batch[] = [];
  for (const g of groups) {
    env.set(IMPLICIT, { kind: 'batch', batch: withSel(b, Uint32Array.from(g)) });
    parts.push(compact(o.tabular(op.body, env)));
    checkDeadline(o.ctx);
  }
  if (parts.length === 0) { env.set(IMPLICIT, { kind: 'batch', batch: withSel(b, new Uint32Array(0)) }); return o.tabular(op.body, env); }
  return unionLegs(parts.map((p, i) => ({ name: String(i), batch: p })), []);
};

export const topHitters: OperatorImpl<'TopHitters'> = (op, input, o) => {
  const n = countArg(op.count, o);
  const ofName = columnLikeName(op.of) ?? 'Column1';
  const at = { start: op.start, end: op.end };
  const aggName = op.by ? `approximate_sum_${columnLikeName(op.by) ?? ''}` : `approximate_count_${ofName}`;
  const call: A.Call = op.by
    ? { kind: 'Call', name: { kind: 'Name', name: 'sum', quoted: false, ...at }, args: [op.by], ...at }
    : { kind: 'Call', name: { kind: 'Name', name: 'count', quoted: false, ...at }, args: [], ...at };
  const b = summarizeItems(
    [{ kind: 'ColumnItem', names: [{ kind: 'Name', name: aggName, quoted: true, ...at }], expr: call, ...at }],
    [{ kind: 'ColumnItem', names: [{ kind: 'Name', name: ofName, quoted: true, ...at }], expr: op.of, ...at }],
    input, o);
  const aggCol = b.fields[1]!.column;
  const sorted = sortRows(rowIds(b), [{ column: aggCol, desc: true, nullsFirst: false }]);
  return withSel(b, sorted.slice(0, n));
};
