/**
 * activity_counts_metrics(IdColumn, TimelineColumn, Start, End, Step [, dim…]): for every window
 * of Step from Start to End: count (rows), dcount (distinct ids), new_dcount (ids not seen in any
 * earlier window), aggregated_dcount (distinct ids from the first window to this one).
 * Output: TimelineColumn (the window start), the dimensions, count, dcount, new_dcount,
 * aggregated_dcount. Step as 'week'/'month'/'year' is not supported here (an error says so).
 */
import type { Value } from '../../../data/types.js';
import type { Field } from '../../../data/column.js';
import type * as A from '../../../syntax/ast.js';
import type { Batch } from '../../batch.js';
import type { OpEnv } from '../../operator.js';
import { columnFromValues } from '../../batch.js';
import { EXEC_CODES, fail } from '../../context.js';
import { valueKey } from '../../../functions/scalar/util.js';
import { pluginArgs, groupRows } from './args.js';

export function activityCountsMetrics(call: A.Call, input: Batch, o: OpEnv): Batch {
  const a = pluginArgs(call, input, o);
  const id = a.column(0, 'IdColumn');
  const t = a.column(1, 'TimelineColumn');
  const start = a.number(2, 'Start'), end = a.number(3, 'End');
  const stepV = a.constant(4, 'Step');
  if (typeof stepV !== 'number') return fail(EXEC_CODES.unsupported, "activity_counts_metrics: a Step of 'week', 'month' or 'year' is not supported; give a timespan", a.args[4]!);
  const step = stepV;
  if (!(step > 0)) return fail(EXEC_CODES.badArgument, 'activity_counts_metrics: Step must be positive', a.args[4]!);
  if ((end - start) / step > 1e6) return fail(EXEC_CODES.badArgument, 'activity_counts_metrics: more than 1,000,000 windows between Start and End', call);
  const dims = a.args.slice(5).map((_, i) => a.column(5 + i, 'dimension'));
  const cols: Value[][] = [[], [], [], [], []];
  const outDims: Value[][] = dims.map(() => []);
  for (const g of groupRows(a.input.physLen, dims.map((d) => d.column))) {
    const windows = new Map<number, { count: number; ids: Set<string> }>();
    for (const r of g.rows) {
      const x = t.column.get(r);
      if (typeof x !== 'number' || x < start || x >= end + step) continue;
      const w = Math.floor((x - start) / step);
      let s = windows.get(w);
      if (!s) { s = { count: 0, ids: new Set() }; windows.set(w, s); }
      s.count++;
      s.ids.add(valueKey(id.column.get(r)));
    }
    const seen = new Set<string>();
    for (let w = 0; start + w * step <= end; w++) {
      const s = windows.get(w);
      let fresh = 0;
      if (s) for (const k of s.ids) if (!seen.has(k)) { fresh++; seen.add(k); }
      cols[0]!.push(start + w * step); cols[1]!.push(s?.count ?? 0); cols[2]!.push(s?.ids.size ?? 0);
      cols[3]!.push(fresh); cols[4]!.push(seen.size);
      g.key.forEach((k, i) => outDims[i]!.push(k));
    }
  }
  const fields: Field[] = [{ name: t.name, column: columnFromValues(t.type, cols[0]!) }];
  dims.forEach((d, i) => fields.push({ name: d.name, column: columnFromValues(d.type, outDims[i]!) }));
  ['count', 'dcount', 'new_dcount', 'aggregated_dcount'].forEach((n, i) => fields.push({ name: n, column: columnFromValues('long', cols[i + 1]!) }));
  return { fields, physLen: cols[0]!.length };
}
