/**
 * time-range: each Scan learns the `where` predicates that hold on its rows (TimeFilter), carried
 * down from the filters above it through the operators that keep rows and values: where (its own
 * predicate is added), extend (not for columns it defines), project (kept columns; `X = C` maps X to
 * C), project-away/-keep/-reorder, sort. Any other operator (take, summarize, join, top…) stops them.
 * At run time the runner folds the predicates with the run's `now` and `let`s into the
 * ScanRequest's time ranges (../../exec/scan-request.ts timeRangesOf: `T > x`, `between`…), so a
 * prepared plan asks each run's store for that run's window only.
 */
import { columnLikeName } from '../../exec/names.js';
import { inputOf, withInput, type PlanNode, type TimeFilter } from '../nodes.js';
import type { OptimizerRule } from './rule.js';

/** The filter one operator further down: `m` maps a column of the operator's output to its input's. */
function mapColumns(f: TimeFilter, m: (c: string) => string | undefined): TimeFilter {
  return { predicate: f.predicate, column: (c) => { const x = f.column(c); return x === undefined ? undefined : m(x); } };
}

const same = (c: string): string => c;

function definedBy(items: readonly { names: readonly { name: string }[]; expr: import('../../syntax/ast.js').Expr }[]): Set<string> | undefined {
  const d = new Set<string>();
  for (const it of items) {
    for (const n of it.names) d.add(n.name);
    if (it.names.length === 0) { const c = columnLikeName(it.expr); if (c === undefined) return undefined; d.add(c); }
  }
  return d;
}

/** The filters that hold on `n`'s input, given those that hold on its output. */
function below(n: PlanNode, above: readonly TimeFilter[]): TimeFilter[] {
  switch (n.kind) {
    case 'Filter': return [...above, { predicate: n.predicate, column: same }];
    case 'Sort': case 'ProjectAway': case 'ProjectKeep': case 'ProjectReorder': return [...above];
    case 'Extend': {
      const d = definedBy(n.items);
      if (!d) return [];
      return above.map((f) => mapColumns(f, (c) => (d.has(c) ? undefined : c)));
    }
    case 'Project': {
      const kept = new Map<string, string>();
      for (const it of n.op.items) {
        if (it.names.length > 1) continue;
        const out = it.names[0]?.name ?? (it.expr.kind === 'Name' ? it.expr.name : undefined);
        if (out !== undefined && it.expr.kind === 'Name') kept.set(out, it.expr.name);
      }
      return above.map((f) => mapColumns(f, (c) => kept.get(c)));
    }
    default: return [];
  }
}

function carry(n: PlanNode, above: readonly TimeFilter[]): PlanNode {
  if (n.kind === 'TableScan') return above.length ? { ...n, time: [...n.time, ...above] } : n;
  const input = inputOf(n);
  return input ? withInput(n, carry(input, below(n, above))) : n;
}

export const timeRange: OptimizerRule = { name: 'time-range', apply: (plan) => carry(plan, []) };
