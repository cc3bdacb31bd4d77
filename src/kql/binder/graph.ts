/**
 * Output schemas of the graph operators. graph-match and graph-shortest-paths give their
 * `project` columns (names by graphItemName; types are not derived: 'unknown'); make-graph and
 * graph-mark-components give a graph, and graph-to-table a graph's properties, which this binder
 * does not track (open tables).
 */
import type { ColumnItem, GraphOp } from '../syntax/ast.js';
import type { TableType } from './scope.js';
import { OPEN_TABLE, table } from './scope.js';

/** The result name of a graph-match project item (Kusto's: `a.b` → a_b, `f(…)` → f, else ColumnN). */
export function graphItemName(item: ColumnItem, i: number): string {
  if (item.names.length) return item.names[0]!.name;
  const e = item.expr;
  if (e.kind === 'Name') return e.name;
  if (e.kind === 'Member' && e.target.kind === 'Name') return `${e.target.name}_${e.member.name}`;
  if (e.kind === 'Call') return e.name.name;
  return `Column${i + 1}`;
}

/** Unique result names of a project list (a repeated default name gets a number). */
export function graphItemNames(items: readonly ColumnItem[]): string[] {
  const used = new Set<string>();
  return items.map((it, i) => {
    let name = graphItemName(it, i);
    if (!it.names.length) { const base = name; let k = 1; while (used.has(name)) name = `${base}${k++}`; }
    used.add(name);
    return name;
  });
}

export function graphOutput(op: GraphOp): TableType {
  const s = op.spec;
  if (!s || (s.op !== 'graph-match' && s.op !== 'graph-shortest-paths') || s.project.length === 0) return OPEN_TABLE;
  return table(graphItemNames(s.project).map((name) => ({ name, type: 'unknown' as const })));
}
