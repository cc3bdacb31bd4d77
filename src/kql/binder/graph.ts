/**
 * Output schemas of the graph operators. A graph is bound as an (open, column-less) table that
 * carries its shape — node and edge properties — through a WeakMap, like the executor's graph
 * batches. make-graph takes the edges' columns and the node tables' (or the with_node_id column);
 * graph-mark-components adds its long component id; graph-to-table gives the node or edge
 * properties; graph-match and graph-shortest-paths bind their where/project over a table of the
 * pattern's variable uses (semantics/graph-pattern.ts), so project columns get real types.
 */
import type { ColumnItem, Expr, GraphOp, Name } from '../syntax/ast.js';
import type { BColumn, BType, TableType } from './scope.js';
import { OPEN_TABLE, table } from './scope.js';
import { assignSlots, rewrite, rewriteWhere, type MatchColumn, type PatternProblem } from '../semantics/graph-pattern.js';

interface GraphShape { readonly nodes: readonly BColumn[]; readonly edges: readonly BColumn[]; readonly idType: BType }

const shapes = new WeakMap<TableType, GraphShape>();

/** What the binder lends: binding a table expression, a predicate over a row type, a projection. */
export interface GraphBinderHost {
  table(e: Expr): TableType;
  /** Names a table for later statements (graph-to-table … as N). */
  named(name: string, t: TableType): void;
  /** Binds a sub-query whose implicit input is `implicit` (partitioned-by's operators). */
  body(e: Expr, implicit: TableType): TableType;
  predicate(e: Expr, row: TableType): void;
  project(row: TableType, items: readonly ColumnItem[]): TableType;
  /** Reports a node or edge property the graph does not have (KQL100 at `name`). */
  unknownProperty(name: Name, known: readonly string[]): void;
  /** Reports a misuse of a pattern variable (a type mismatch at `at`). */
  mismatch(at: { start: number; end: number }, what: string, expected: string, got: string): void;
}

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

function graphTable(shape: GraphShape): TableType {
  const t: TableType = { columns: [], open: true };
  shapes.set(t, shape);
  return t;
}

export function graphOutput(op: GraphOp, input: TableType, host: GraphBinderHost): TableType {
  const s = op.spec;
  if (!s) return OPEN_TABLE;
  if (s.op === 'make-graph') {
    const idType = input.columns.find((c) => c.name === s.source.name)?.type ?? 'unknown';
    const nodes: BColumn[] = [];
    if (s.nodeId) nodes.push({ name: s.nodeId.name, type: idType });
    for (const n of s.nodes) for (const c of host.table(n.table).columns) if (!nodes.some((x) => x.name === c.name)) nodes.push(c);
    const g = graphTable({ nodes, edges: input.columns, idType });
    return s.partition ? host.body(s.partition.body, g) : g;
  }
  const shape = shapes.get(input);
  if (!shape) return OPEN_TABLE;
  switch (s.op) {
    case 'graph-mark-components': {
      const name = s.componentId?.name ?? 'ComponentId';
      return graphTable({ ...shape, nodes: [...shape.nodes.filter((c) => c.name !== name), { name, type: 'long' }] });
    }
    case 'graph-to-table': {
      let out: TableType = OPEN_TABLE;
      for (const p of s.parts) {
        if (p.entity === 'nodes') out = table([...(p.nodeId ? [{ name: p.nodeId.name, type: shape.idType }] : []), ...shape.nodes.filter((c) => c.name !== p.nodeId?.name)]);
        else {
          const ends = [p.sourceId, p.targetId].filter((n) => n !== undefined).map((n) => ({ name: n.name, type: shape.idType }));
          out = table([...ends, ...shape.edges.filter((c) => !ends.some((x) => x.name === c.name))]);
        }
        if (p.as) host.named(p.as.name, out);
      }
      return out;
    }
    case 'graph-match': case 'graph-shortest-paths': {
      // Misuses of variables are reported here as type mismatches; naming problems (a name used twice) at execution.
      const problem: PatternProblem = (_k, _m, at, mismatch) => { if (mismatch) host.mismatch(at, ...mismatch); };
      const { vars } = assignSlots(s.patterns, () => {});
      const cols: MatchColumn[] = [];
      const where = s.where ? rewriteWhere(s.where, vars, cols, problem) : undefined;
      const items = s.project.map((it) => ({ ...it, expr: rewrite(it.expr, vars, cols, problem) }));
      for (const c of cols) {
        if (c.kind !== 'prop') continue;
        const props = c.entity === 'node' ? shape.nodes : shape.edges;
        if (!props.some((x) => x.name === c.prop.name)) host.unknownProperty(c.prop, props.map((x) => x.name));
      }
      const row = table(cols.map((c) => ({ name: c.name, type: matchColumnType(c, shape) })));
      if (where) host.predicate(where, row);
      if (!items.length) return table([...vars.nodes.keys(), ...vars.edges.keys()].map((name) => ({ name, type: 'dynamic' as const })));
      const names = graphItemNames(s.project);
      return host.project(row, items.map((it, i) => (it.names.length ? it : { ...it, names: [{ kind: 'Name', name: names[i]!, quoted: true, start: it.start, end: it.start }] })));
    }
  }
}

function matchColumnType(c: MatchColumn, shape: GraphShape): BType {
  switch (c.kind) {
    case 'prop': return (c.entity === 'node' ? shape.nodes : shape.edges).find((x) => x.name === c.prop.name)?.type ?? 'unknown';
    case 'degree_in': case 'degree_out': return 'long';
    case 'id': return shape.idType;
    case 'list': return c.fn === 'map' ? 'dynamic' : 'bool';
    case 'bag': return 'dynamic';
  }
}
