/**
 * filter-pushdown: `… | extend a = f(x) | extend b = g(y) | where p(b)` filters first with `p(g(y))`
 * (the extend items the predicate reads written into it, ../../exec/pushdown.ts), then computes
 * the items over the surviving rows only: a predicate over one dictionary column then runs once per
 * distinct value, and an expensive item (`tostring(LocationDetails)` in the seed rule) runs on a
 * few rows. The chained extends become one Extend node marked `afterFilter`; column-pruning leaves
 * out its items no consumer reads. Not applied when an item has no known name or several, uses a
 * row-order function or a sub-query, or two items define one name.
 *
 * Through project: `project`, `project-away`, `project-keep` and `project-reorder` do not change
 * values, so a `where` above them over columns they pass unchanged (`X = C` or a kept `C`) could run
 * below them; that is not done yet (rows they would spare are not computed by them anyway).
 */
import type * as A from '../../syntax/ast.js';
import { inlineExtendItems } from '../../exec/pushdown.js';
import type { ExtendNode, PlanNode } from '../nodes.js';
import { mapChain } from '../nodes.js';
import type { OptimizerRule } from './rule.js';

export const filterPushdown: OptimizerRule = {
  name: 'filter-pushdown',
  apply: (plan) => mapChain(plan, (n): PlanNode => {
    if (n.kind !== 'Filter' || n.inlined || n.input.kind !== 'Extend' || n.input.afterFilter) return n;
    const exts: ExtendNode[] = [];
    let base: PlanNode = n.input;
    while (base.kind === 'Extend' && !base.afterFilter) { exts.unshift(base); base = base.input; }
    const items: A.ColumnItem[] = exts.flatMap((x) => [...x.items]);
    const r = inlineExtendItems(items, n.predicate);
    if (!r) return n;
    const filter: PlanNode = {
      kind: 'Filter', op: n.op, input: base, predicate: r.predicate,
      inlined: r.items.map((i) => ({ name: i.name, expr: i.item.expr })), schema: base.schema,
    };
    const top = exts[exts.length - 1]!;
    return { kind: 'Extend', op: top.op, input: filter, items, afterFilter: true, schema: n.schema };
  }),
};
