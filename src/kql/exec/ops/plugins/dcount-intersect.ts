/**
 * dcount_intersect(hll_1, hll_2 [, hll_3…]): the input columns plus s0…s(n-1), where s_i is the
 * distinct count of the intersection of hll_1…hll_(i+1). Our hll() states are exact key sets
 * (functions/aggregates.ts), so the intersections are exact.
 */
import type { Value } from '../../../data/types.js';
import type { Field } from '../../../data/column.js';
import type * as A from '../../../syntax/ast.js';
import type { Batch } from '../../batch.js';
import type { OpEnv } from '../../operator.js';
import { columnFromValues } from '../../batch.js';
import { EXEC_CODES, fail } from '../../context.js';
import { pluginArgs } from './args.js';

function keysOf(v: Value): Set<string> | undefined {
  const k = v && typeof v === 'object' && !Array.isArray(v) ? (v as { hll_exact?: unknown }).hll_exact : undefined;
  return Array.isArray(k) ? new Set(k.filter((x): x is string => typeof x === 'string')) : undefined;
}

export function dcountIntersect(call: A.Call, input: Batch, o: OpEnv): Batch {
  const a = pluginArgs(call, input, o);
  if (a.args.length < 2 || a.args.length > 16) return fail(EXEC_CODES.badArgument, 'dcount_intersect takes 2 to 16 hll columns', call);
  const cols = a.args.map((_, i) => a.column(i, 'hll'));
  const n = a.input.physLen;
  const out: Value[][] = cols.map(() => new Array<Value>(n));
  for (let r = 0; r < n; r++) {
    let acc: Set<string> | undefined;
    cols.forEach((c, i) => {
      const s = keysOf(c.column.get(r));
      if (!s) { acc = undefined; out[i]![r] = null; return; }
      acc = i === 0 ? s : acc && new Set([...acc].filter((k) => s.has(k)));
      out[i]![r] = acc ? acc.size : null;
    });
  }
  const fields: Field[] = [...a.input.fields];
  out.forEach((vals, i) => fields.push({ name: `s${i}`, column: columnFromValues('long', vals) }));
  return { fields, physLen: n };
}
