/**
 * column-pruning: each node learns the only output columns its consumer reads (`needed`),
 * top-down from the root (all): project/summarize/count/distinct narrow the set to what they read,
 * where/extend/sort/top/take pass it down plus what they read (../../exec/pushdown.ts neededBelow),
 * anything else needs all of its input. A Scan then reads only those columns (ScanRequest.columns),
 * join and lookup copy only those, and an Extend that filter-pushdown moved above its filter
 * leaves out the items nobody reads (its schema loses them; the root's never changes).
 */
import type * as A from '../../syntax/ast.js';
import { neededBelow, inlineExtendItems, keptItems } from '../../exec/pushdown.js';
import { inputOf, withInput, type PlanNode } from '../nodes.js';
import type { OptimizerRule } from './rule.js';

const ALL = undefined;

/** What `n` reads of its input when its consumer reads `needed`. */
function below(n: PlanNode, needed: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  const at = { start: 0, end: 0 };
  switch (n.kind) {
    case 'Filter': return neededBelow({ kind: 'Where', params: [], predicate: n.predicate, ...at }, needed);
    case 'Extend': return neededBelow({ kind: 'Extend', items: n.items, ...at }, needed);
    case 'TopN': return neededBelow({ kind: 'Sort', params: [], items: n.by, ...at }, needed);
    case 'Aggregate': return neededBelow(n.op, needed);
    case 'TableScan': case 'Call': case 'Implicit': case 'Join': case 'Union': case 'Evaluate': return ALL;
    default: return neededBelow(n.op as A.Operator, needed);
  }
}

/** An afterFilter Extend without the items no consumer reads. */
function dropUnread(n: Extract<PlanNode, { kind: 'Extend' }>, needed: ReadonlySet<string> | undefined): PlanNode {
  if (!n.afterFilter || !needed) return n;
  const info = inlineExtendItems(n.items, { kind: 'Literal', type: 'bool', value: true, text: 'true', start: 0, end: 0 });
  if (!info) return n;
  const kept = keptItems(info.items, needed);
  if (kept.length === info.items.length) return n;
  const gone = new Set(info.items.filter((i) => !kept.includes(i)).map((i) => i.name));
  const schema = n.schema ? { ...n.schema, columns: n.schema.columns.filter((c) => !gone.has(c.name) || scanHas(n.input, c.name)) } : undefined;
  return { ...n, items: kept.map((i) => i.item), schema };
}

/** Does the input's schema have this column (an item that replaced an input column keeps it)? */
function scanHas(n: PlanNode, name: string): boolean { return !!n.schema?.columns.some((c) => c.name === name); }

function prune(n: PlanNode, needed: ReadonlySet<string> | undefined): PlanNode {
  let node: PlanNode = n.kind === 'Extend' ? dropUnread(n, needed) : n;
  node = needed ? { ...node, needed } : node;
  const input = inputOf(node);
  return input ? withInput(node, prune(input, below(node, needed))) : node;
}

export const columnPruning: OptimizerRule = { name: 'column-pruning', apply: (plan) => prune(plan, ALL) };

