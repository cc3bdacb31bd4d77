/**
 * `make-graph Source --> Target [with_node_id=Name] [with NodesTable on Key [, …]]
 * [partitioned-by Column (graph operators)]`: the input rows are the edges; nodes are the rows of
 * the nodes tables (in table order; a node in several tables gets the properties of each, the
 * first value winning on a clash), then every edge end not among them (in edge order) with null
 * properties. Without a nodes table, a node's only property is its id, named by with_node_id.
 * Edges with a null or empty end are left out. partitioned-by builds one graph per value of the
 * column (in the edges and every nodes table), runs the operators on each and unions the tables.
 */
import type { Value, ScalarType } from '../../../data/types.js';
import type { Field } from '../../../data/column.js';
import type * as A from '../../../syntax/ast.js';
import type { Batch } from '../../batch.js';
import type { OpEnv } from '../../operator.js';
import { compact, columnFromValues, gather, withSel } from '../../batch.js';
import { EXEC_CODES, checkDeadline, fail } from '../../context.js';
import { valueKey } from '../../../functions/scalar/util.js';
import { IMPLICIT } from '../../names-internal.js';
import { unionLegs } from '../union.js';
import { adjacency, expectTable, graphBatch } from './model.js';

const column = (b: Batch, n: A.Name, what: string) => b.fields.find((f) => f.name === n.name)?.column ?? fail(EXEC_CODES.unknownColumn, `make-graph: ${what} has no column '${n.name}'`, n);

export function makeGraph(op: A.GraphOp, spec: A.MakeGraphSpec, input: Batch, o: OpEnv): Batch {
  const edges = compact(input);
  const nodeTables = spec.nodes.map((nt) => compact(o.tabular(nt.table, o.env)));
  if (!spec.partition) return buildGraph(spec, edges, nodeTables);
  const p = spec.partition;
  const key = column(edges, p.column, 'the edges table');
  const nodeKeys = nodeTables.map((t) => column(t, p.column, 'a nodes table'));
  const groups = new Map<string, { edges: number[]; nodes: number[][] }>();
  const group = (v: Value) => {
    const k = valueKey(v);
    let g = groups.get(k);
    if (!g) { g = { edges: [], nodes: nodeTables.map(() => []) }; groups.set(k, g); }
    return g;
  };
  for (let r = 0; r < edges.physLen; r++) group(key.get(r)).edges.push(r);
  nodeTables.forEach((t, i) => { for (let r = 0; r < t.physLen; r++) group(nodeKeys[i]!.get(r)).nodes[i]!.push(r); });
  const env = o.env.child();
  const run = (e: Batch, ns: Batch[]): Batch => {
    env.set(IMPLICIT, { kind: 'batch', batch: buildGraph(spec, e, ns) });
    const out = o.tabular(p.body, env);
    expectTable(out, p.body, 'partitioned-by');
    checkDeadline(o.ctx);
    return compact(out);
  };
  if (groups.size === 0) return run(edges, nodeTables);
  const parts = [...groups.values()].map((g) => run(
    compact(withSel(edges, Uint32Array.from(g.edges))),
    nodeTables.map((t, i) => compact(withSel(t, Uint32Array.from(g.nodes[i]!)))),
  ));
  return unionLegs(parts.map((b, i) => ({ name: String(i), batch: b })), []);
}

function buildGraph(spec: A.MakeGraphSpec, edgesIn: Batch, nodeTables: readonly Batch[]): Batch {
  const srcCol = column(edgesIn, spec.source, 'the edges table');
  const dstCol = column(edgesIn, spec.target, 'the edges table');
  const idType: ScalarType = srcCol.type;
  const index = new Map<string, number>();
  const ids: Value[] = [];
  // Node properties by name: values per node (filled as nodes appear).
  const propOrder: string[] = [];
  const props = new Map<string, { type: ScalarType; values: Value[] }>();
  const addNode = (id: Value): number => {
    const k = valueKey(id);
    let i = index.get(k);
    if (i === undefined) { i = ids.length; index.set(k, i); ids.push(id); }
    return i;
  };
  spec.nodes.forEach((nt, ti) => {
    const t = nodeTables[ti]!;
    const keyCol = column(t, nt.key, 'the nodes table');
    for (const f of t.fields) if (!props.has(f.name)) { props.set(f.name, { type: f.column.type, values: [] }); propOrder.push(f.name); }
    for (let r = 0; r < t.physLen; r++) {
      const id = keyCol.get(r);
      if (id === null) continue;
      const i = addNode(id);
      for (const f of t.fields) {
        const vals = props.get(f.name)!.values;
        if (vals[i] === undefined || vals[i] === null) vals[i] = f.column.get(r);
      }
    }
  });
  const src: number[] = [], dst: number[] = [], kept: number[] = [];
  for (let r = 0; r < edgesIn.physLen; r++) {
    const s = srcCol.get(r), d = dstCol.get(r);
    if (s === null || d === null || s === '' || d === '') continue;
    src.push(addNode(s)); dst.push(addNode(d)); kept.push(r);
  }
  const n = ids.length;
  const idColumn = columnFromValues(idType, ids);
  const fields: Field[] = [];
  if (spec.nodeId && !props.has(spec.nodeId.name)) fields.push({ name: spec.nodeId.name, column: idColumn });
  for (const name of propOrder) {
    const p = props.get(name)!;
    const vals: Value[] = new Array(n);
    for (let i = 0; i < n; i++) vals[i] = p.values[i] ?? null;
    fields.push({ name, column: columnFromValues(p.type, vals) });
  }
  const sel = Uint32Array.from(kept);
  const edges: Batch = kept.length === edgesIn.physLen ? edgesIn : { fields: edgesIn.fields.map((f) => ({ name: f.name, column: gather(f.column, sel) })), physLen: kept.length };
  const s32 = Int32Array.from(src), d32 = Int32Array.from(dst);
  return graphBatch({ nodes: { fields, physLen: n }, ids: idColumn, idType, edges, src: s32, dst: d32, ...adjacency(n, s32, d32) });
}
