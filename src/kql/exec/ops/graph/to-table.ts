/**
 * `graph-to-table nodes [with_node_id=X]`: one row per node, its properties (with_node_id adds the
 * node's id first). `graph-to-table edges [with_source_id=X] [with_target_id=Y]`: one row per edge,
 * the edge's columns (the ids of its ends first when asked). Node ids here are the make-graph
 * source/target values (what node_id() returns); Kusto prints an internal hash instead.
 * A part with `as Name` is also kept as a table of that name for later statements; the result
 * is the last part.
 */
import type { Field } from '../../../data/column.js';
import type * as A from '../../../syntax/ast.js';
import type { Batch } from '../../batch.js';
import type { OpEnv } from '../../operator.js';
import { gather } from '../../batch.js';
import type { Graph } from './model.js';

export function graphToTable(g: Graph, spec: A.GraphToTableSpec, o: OpEnv): Batch {
  let out: Batch = { fields: [], physLen: 0 };
  for (const part of spec.parts) {
    out = partTable(g, part);
    if (part.as) o.ctx.asTables.set(part.as.name, out);
  }
  return out;
}

function partTable(g: Graph, spec: A.GraphTablePart): Batch {
  if (spec.entity === 'nodes') {
    const fields: Field[] = spec.nodeId ? [{ name: spec.nodeId.name, column: g.ids }] : [];
    return { fields: [...fields, ...g.nodes.fields.filter((f) => f.name !== spec.nodeId?.name)], physLen: g.nodes.physLen };
  }
  const fields: Field[] = [];
  const ends = (name: A.Name | undefined, ix: Int32Array): void => {
    if (name) fields.push({ name: name.name, column: gather(g.ids, Uint32Array.from(ix)) });
  };
  ends(spec.sourceId, g.src);
  ends(spec.targetId, g.dst);
  const taken = new Set(fields.map((f) => f.name));
  return { fields: [...fields, ...g.edges.fields.filter((f) => !taken.has(f.name))], physLen: g.edges.physLen };
}
