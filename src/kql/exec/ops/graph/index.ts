/**
 * The graph operators (one file each): make-graph builds a graph from the piped edges;
 * graph-mark-components returns a graph; graph-match, graph-shortest-paths and graph-to-table
 * return tables. graph-merge is not supported (an error at the operator says so).
 */
import type * as A from '../../../syntax/ast.js';
import type { Batch } from '../../batch.js';
import type { OpEnv } from '../../operator.js';
import { EXEC_CODES, fail } from '../../context.js';
import { graphBatch, graphOf } from './model.js';
import { makeGraph } from './make-graph.js';
import { graphMatch } from './match.js';
import { graphToTable } from './to-table.js';
import { markComponents } from './mark-components.js';

export function graphOperator(op: A.GraphOp, input: Batch, o: OpEnv): Batch {
  const spec = op.spec;
  if (!spec) return fail(EXEC_CODES.unsupported, `the ${op.name} operator is not supported by this engine`, op);
  switch (spec.op) {
    case 'make-graph': return makeGraph(op, spec, input, o);
    case 'graph-match': case 'graph-shortest-paths': return graphMatch(graphOf(input, op), op, spec, o);
    case 'graph-to-table': return graphToTable(graphOf(input, op), spec, o);
    case 'graph-mark-components': return graphBatch(markComponents(graphOf(input, op), spec));
  }
}
