/**
 * The graph value that flows between graph operators: nodes (one property row each, with the
 * make-graph id), edges (the make-graph input rows) and adjacency lists. Between operators it rides
 * on an empty Batch (a table of no columns) through a WeakMap, so the executor's operator
 * signature stays Batch → Batch; a graph that reaches a table operator is reported there.
 */
import type { Column } from '../../../data/column.js';
import type { ScalarType } from '../../../data/types.js';
import type { Batch } from '../../batch.js';
import type * as A from '../../../syntax/ast.js';
import { EXEC_CODES, fail } from '../../context.js';

export interface Graph {
  /** Node properties, one physical row per node (no selection). */
  readonly nodes: Batch;
  /** Each node's id: the make-graph source/target value. */
  readonly ids: Column;
  readonly idType: ScalarType;
  /** The edges: the make-graph input, one physical row per edge (no selection). */
  readonly edges: Batch;
  /** Source and target node of each edge. */
  readonly src: Int32Array;
  readonly dst: Int32Array;
  /** Edge ids leaving / entering each node, in edge order. */
  readonly out: readonly number[][];
  readonly inc: readonly number[][];
}

const graphs = new WeakMap<Batch, Graph>();

/** An (empty) batch that carries `g` to the next graph operator. */
export function graphBatch(g: Graph): Batch {
  const b: Batch = { fields: [], physLen: 0 };
  graphs.set(b, g);
  return b;
}

/** The graph carried by `input`, or an error at `op` when the input is a table. */
export function graphOf(input: Batch, op: A.GraphOp): Graph {
  return graphs.get(input) ?? fail(EXEC_CODES.badArgument, `${op.name} needs a graph as input (make-graph, graph-mark-components), not a table`, op);
}

/** Is `b` a graph (which only graph operators take)? */
export function isGraphBatch(b: Batch): boolean { return graphs.has(b); }

/** Fails at `at` when a graph reaches a place that takes a table (a table operator, the query result). */
export function expectTable(b: Batch, at: { start: number; end: number }, where: string): void {
  if (graphs.has(b)) fail(EXEC_CODES.badArgument, `${where} needs a table, but here is a graph: end the graph operators with graph-match, graph-shortest-paths or graph-to-table`, at);
}

/** Builds the adjacency lists of a graph's edges. */
export function adjacency(nodeCount: number, src: Int32Array, dst: Int32Array): { out: number[][]; inc: number[][] } {
  const out: number[][] = Array.from({ length: nodeCount }, () => []);
  const inc: number[][] = Array.from({ length: nodeCount }, () => []);
  for (let e = 0; e < src.length; e++) { out[src[e]!]!.push(e); inc[dst[e]!]!.push(e); }
  return { out, inc };
}
