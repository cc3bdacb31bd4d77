/**
 * filter-pushdown: `… | extend a = f(x) | extend b = g(y) | where p(b)` filters first with `p(g(y))`
 * (the extend items the predicate reads written into it, ../../exec/pushdown.ts), then computes
 * the items over the surviving rows only: a predicate over one dictionary column then runs once per
 * distinct value, and an expensive item (`tostring(LocationDetails)` in the seed rule) runs on a
 * few rows. The chained extends become one Extend node marked `afterFilter`; column-pruning leaves
 * out its items no consumer reads. Not applied when an item has no known name or several, uses a
 * row-order function or a sub-query, or two items define one name.
 *
 * Through project: `… | project X = C, D | where p(X, D)` filters first with `p(C, D)` when every
 * item of the project is a plain column (renamed or not) and every name the predicate reads is one of
 * its output columns (a name it does not know stays an error at its place; a `let` scalar keeps the
 * filter where it is). The project then runs over the surviving rows only, and the filter may meet
 * an extend chain below it.
 */
import type * as A from '../../syntax/ast.js';
import { inlineExtendItems, scan, substitute } from '../../exec/pushdown.js';
import type { ExtendNode, PlanNode } from '../nodes.js';
import { mapChain } from '../nodes.js';
import type { OptimizerRule } from './rule.js';

/** `project X = C, D | where p` → `where p' | project X = C, D` (see above), or undefined. */
function throughProject(n: Extract<PlanNode, { kind: 'Filter' }>): PlanNode | undefined {
  const proj = n.input;
  if (proj.kind !== 'Project' || !proj.input) return undefined;
  const source = new Map<string, A.Expr>();
  for (const it of proj.op.items) {
    if (it.expr.kind !== 'Name' || it.names.length > 1) return undefined;
    const out = it.names[0]?.name ?? it.expr.name;
    if (source.has(out)) return undefined;
    source.set(out, it.expr);
  }
  const reads = new Set<string>();
  if (scan(n.predicate, reads)) return undefined;
  for (const r of reads) if (!source.has(r)) return undefined;
  const predicate = substitute(n.predicate, source);
  const renames = [...reads].map((r) => ({ name: r, expr: source.get(r)! }));
  const filter: PlanNode = { kind: 'Filter', op: n.op, input: proj.input, predicate, inlined: [...renames, ...(n.inlined ?? [])], schema: proj.input.schema };
  return { ...proj, input: pushed(filter), schema: n.schema, ...(n.needed ? { needed: n.needed } : {}) };
}

/** A filter moved down once more, when it can be. */
function pushed(n: PlanNode): PlanNode { return n.kind === 'Filter' ? (throughProject(n) ?? throughExtends(n) ?? n) : n; }

export const filterPushdown: OptimizerRule = {
  name: 'filter-pushdown',
  apply: (plan) => mapChain(plan, (n): PlanNode => (n.kind === 'Filter' ? pushed(n) : n)),
};

function throughExtends(n: Extract<PlanNode, { kind: 'Filter' }>): PlanNode | undefined {
  {
    if (n.input.kind !== 'Extend' || n.input.afterFilter) return undefined;
    const exts: ExtendNode[] = [];
    let base: PlanNode = n.input;
    while (base.kind === 'Extend' && !base.afterFilter) { exts.unshift(base); base = base.input; }
    const items: A.ColumnItem[] = exts.flatMap((x) => [...x.items]);
    const r = inlineExtendItems(items, n.predicate);
    if (!r) return undefined;
    const filter: PlanNode = {
      kind: 'Filter', op: n.op, input: base, predicate: r.predicate,
      // Items defined below what the filter already passed: their substitutions come first.
      inlined: [...r.items.map((i) => ({ name: i.name, expr: i.item.expr })), ...(n.inlined ?? [])], schema: base.schema,
    };
    const top = exts[exts.length - 1]!;
    return { kind: 'Extend', op: top.op, input: pushed(filter), items, afterFilter: true, schema: n.schema };
  }
}
