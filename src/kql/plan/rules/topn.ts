/**
 * topn: `sort by … | take n` becomes one TopN node (a bounded selection of the n first rows,
 * ../../exec/sort.ts topRows) instead of a full sort; `top n by …` is a TopN from the start
 * (plan/build.ts). One implementation runs both (exec/run.ts).
 */
import { mapChain } from '../nodes.js';
import type { OptimizerRule } from './rule.js';

export const topn: OptimizerRule = {
  name: 'topn',
  apply: (plan) => mapChain(plan, (n) => {
    if (n.kind !== 'Take' || !n.input || n.input.kind !== 'Sort') return n;
    const sort = n.input;
    if (!sort.input) return n;
    return { kind: 'TopN', op: n.op, input: sort.input, count: n.op.count, by: sort.op.items, schema: n.schema, ...(n.needed ? { needed: n.needed } : {}) };
  }),
};
