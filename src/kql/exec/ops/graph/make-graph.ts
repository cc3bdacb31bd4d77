/**
 * `make-graph Source --> Target [with_node_id=Name] [with NodesTable on Key [, …]]`: the input rows
 * are the edges; nodes are the rows of the nodes tables (first row per key, in table order), then
 * every edge end not among them (in edge order) with null properties. Without a nodes table, a node's
 * only property is its id, named by with_node_id. Edges with a null end are left out.
 */
import type { Value, ScalarType } from '../../../data/types.js';
import type { Field } from '../../../data/column.js';
import type * as A from '../../../syntax/ast.js';
import type { Batch } from '../../batch.js';
import type { OpEnv } from '../../operator.js';
import { compact, columnFromValues, gather } from '../../batch.js';
import { EXEC_CODES, fail } from '../../context.js';
import { valueKey } from '../../../functions/scalar/util.js';
import { adjacency, graphBatch } from './model.js';

export function makeGraph(op: A.GraphOp, spec: A.MakeGraphSpec, input: Batch, o: OpEnv): Batch {
  const edgesIn = compact(input);
  const col = (b: Batch, n: A.Name, what: string) => b.fields.find((f) => f.name === n.name)?.column ?? fail(EXEC_CODES.unknownColumn, `make-graph: ${what} has no column '${n.name}'`, n);
  const srcCol = col(edgesIn, spec.source, 'the edges table');
  const dstCol = col(edgesIn, spec.target, 'the edges table');
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
  for (const nt of spec.nodes) {
    const t = compact(o.tabular(nt.table, o.env));
    const keyCol = col(t, nt.key, 'the nodes table');
    for (const f of t.fields) if (!props.has(f.name)) { props.set(f.name, { type: f.column.type, values: [] }); propOrder.push(f.name); }
    for (let r = 0; r < t.physLen; r++) {
      const id = keyCol.get(r);
      if (id === null) continue;
      const before = ids.length;
      const i = addNode(id);
      if (i < before) continue; // first row per key
      for (const f of t.fields) props.get(f.name)!.values[i] = f.column.get(r);
    }
  }
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
