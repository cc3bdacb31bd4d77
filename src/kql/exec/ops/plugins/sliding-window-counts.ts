/**
 * sliding_window_counts(IdColumn, TimelineColumn, Start, End, LookbackWindow [, Bin = 1d] [, dim…]):
 * for every bin from Start to End (step Bin), the rows and distinct ids whose time falls in the
 * window of LookbackWindow ending with that bin: [bin + Bin - LookbackWindow, bin + Bin).
 * Output: TimelineColumn (the bin), the dimensions, Count, dcount.
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

const DAY = 864_000_000_000;

export function slidingWindowCounts(call: A.Call, input: Batch, o: OpEnv): Batch {
  const a = pluginArgs(call, input, o);
  const id = a.column(0, 'IdColumn');
  const t = a.column(1, 'TimelineColumn');
  const start = a.number(2, 'Start'), end = a.number(3, 'End');
  const lookback = a.number(4, 'LookbackWindow');
  const bin = a.number(5, 'Bin', DAY);
  if (!(bin > 0)) return fail(EXEC_CODES.badArgument, 'sliding_window_counts: Bin must be a positive timespan', a.args[5] ?? call);
  if ((end - start) / bin > 1e6) return fail(EXEC_CODES.badArgument, 'sliding_window_counts: more than 1,000,000 bins between Start and End', call);
  const dims = a.args.slice(6).map((_, i) => a.column(6 + i, 'dimension'));
  const outT: Value[] = [], outCount: Value[] = [], outD: Value[] = [];
  const outDims: Value[][] = dims.map(() => []);
  for (const g of groupRows(a.input.physLen, dims.map((d) => d.column))) {
    for (let b = start; b <= end; b += bin) {
      const lo = b + bin - lookback, hi = b + bin;
      let count = 0;
      const ids = new Set<string>();
      for (const r of g.rows) {
        const x = t.column.get(r);
        if (typeof x !== 'number' || x < lo || x >= hi || x < start || x > end + bin) continue;
        count++;
        ids.add(valueKey(id.column.get(r)));
      }
      outT.push(b); outCount.push(count); outD.push(ids.size);
      g.key.forEach((k, i) => outDims[i]!.push(k));
    }
  }
  const fields: Field[] = [{ name: t.name, column: columnFromValues('datetime', outT) }];
  dims.forEach((d, i) => fields.push({ name: d.name, column: columnFromValues(d.type, outDims[i]!) }));
  fields.push({ name: 'Count', column: columnFromValues('long', outCount) }, { name: 'dcount', column: columnFromValues('long', outD) });
  return { fields, physLen: outT.length };
}
