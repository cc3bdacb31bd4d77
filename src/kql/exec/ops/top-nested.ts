/**
 * `top-nested [n] of expr [with others = v] by agg [asc|desc], …`: hierarchical top-n. Each level
 * groups the rows of its parent group by `of`, ranks the groups by the aggregate, keeps the top n
 * (and an "others" group when asked). Output: per level, the `of` column then the aggregate column.
 */
import type { Value, ScalarType } from '../../data/types.js';
import type { OperatorImpl, OpEnv } from '../operator.js';
import type * as A from '../../syntax/ast.js';
import { type Batch, columnFromValues, compact, rowIds } from '../batch.js';
import { compile, evalColumn } from '../expr.js';
import { denseIds, compareValues } from '../keys.js';
import { computeAggregate } from '../aggregate.js';
import { columnLikeName, uniqueName } from '../names.js';
import { countArg } from './top.js';
import { EXEC_CODES, fail } from '../context.js';

interface LevelOut { ofVals: Value[]; aggVals: Value[] }

export const topNested: OperatorImpl<'TopNested'> = (op, input, o) => {
  const b = compact(input);
  const all = rowIds(b);
  const s = o.scope(b.fields);
  const levels = op.clauses.map((cl) => {
    const ofC = compile(cl.of.expr, s);
    const ofCol = evalColumn(ofC, all);
    if (cl.by.expr.kind !== 'Call') return fail(EXEC_CODES.badArgument, 'top-nested: `by` needs an aggregate', cl.by.expr);
    return { cl, ofCol, ofType: ofC.type, n: cl.count ? countArg(cl.count, o) : Infinity, others: cl.others ? compile(cl.others, s).value ?? null : undefined, desc: (cl.order ?? 'desc') === 'desc' };
  });
  const rowsOut: { path: Value[]; aggs: Value[] }[] = [];
  const aggTypes: ScalarType[] = levels.map(() => 'long');
  const recurse = (rows: Uint32Array, level: number, path: Value[], aggs: Value[]): void => {
    if (level === levels.length) { rowsOut.push({ path, aggs }); return; }
    const L = levels[level]!;
    const { ids, card } = denseIds(L.ofCol, rows);
    const agg = computeAggregate(L.cl.by.expr as A.Call, rows, ids, card, s, new Set())[0]!;
    aggTypes[level] = agg.type;
    const firstOf: Value[] = new Array(card);
    for (let k = rows.length - 1; k >= 0; k--) firstOf[ids[k]!] = L.ofCol.get(rows[k]!);
    const order = Array.from({ length: card }, (_, g) => g).sort((x, y) => {
      const a = agg.column.get(x), c = agg.column.get(y);
      if (a === null || c === null) return a === null ? 1 : -1;
      return (L.desc ? -1 : 1) * compareValues(a, c);
    });
    const keep = order.slice(0, Math.min(card, L.n));
    const keepSet = new Set(keep);
    for (const g of keep) {
      const sub: number[] = [];
      for (let k = 0; k < rows.length; k++) if (ids[k] === g) sub.push(rows[k]!);
      recurse(Uint32Array.from(sub), level + 1, [...path, firstOf[g]!], [...aggs, agg.column.get(g)]);
    }
    if (L.others !== undefined && keep.length < card) {
      const sub: number[] = []; const oIds: number[] = [];
      for (let k = 0; k < rows.length; k++) if (!keepSet.has(ids[k]!)) { sub.push(rows[k]!); oIds.push(0); }
      const oagg = computeAggregate(L.cl.by.expr as A.Call, Uint32Array.from(sub), Uint32Array.from(oIds), 1, s, new Set())[0]!;
      recurse(Uint32Array.from(sub), level + 1, [...path, L.others], [...aggs, oagg.column.get(0)]);
    }
  };
  recurse(all, 0, [], []);
  const fields: import('../../data/column.js').Field[] = [];
  const taken = new Set<string>();
  levels.forEach((L, i) => {
    // top-nested-operator.md: an unnamed aggregation is `aggregated_<Expr's name>` (binder: TopNested).
    const ofBase = L.cl.of.names[0]?.name ?? columnLikeName(L.cl.of.expr) ?? 'Column1';
    const ofName = uniqueName(ofBase, taken); taken.add(ofName);
    fields.push({ name: ofName, column: columnFromValues(L.ofType, rowsOut.map((r) => r.path[i] ?? null)) });
    const aggName = uniqueName(L.cl.by.names[0]?.name ?? `aggregated_${ofBase}`, taken); taken.add(aggName);
    fields.push({ name: aggName, column: columnFromValues(aggTypes[i]!, rowsOut.map((r) => r.aggs[i] ?? null)) });
  });
  return { fields, physLen: rowsOut.length } as Batch;
};
export type { OpEnv };
