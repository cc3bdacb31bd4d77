/**
 * rolling_percentile(ValueColumn, Percentile, IndexColumn, BinSize, BinsToLookBack [, dim…]):
 * for every bin of IndexColumn (from the first to the last bin of each dimension group), the
 * nearest-rank percentile of the values in that bin and the BinsToLookBack - 1 bins before it.
 * Output: IndexColumn (the bin), the dimensions, `rolling_<N>_percentile_<ValueColumn>_<P>`.
 */
import type { Value } from '../../../data/types.js';
import type { Field } from '../../../data/column.js';
import type * as A from '../../../syntax/ast.js';
import type { Batch } from '../../batch.js';
import type { OpEnv } from '../../operator.js';
import { columnFromValues } from '../../batch.js';
import { EXEC_CODES, fail } from '../../context.js';
import { compareNonNull } from '../../../semantics/operators.js';
import { pluginArgs, groupRows } from './args.js';

export function rollingPercentile(call: A.Call, input: Batch, o: OpEnv): Batch {
  const a = pluginArgs(call, input, o);
  const val = a.column(0, 'ValueColumn');
  const p = a.number(1, 'Percentile');
  const idx = a.column(2, 'IndexColumn');
  const size = a.number(3, 'BinSize');
  const back = a.number(4, 'BinsToLookBack');
  if (!(size > 0)) return fail(EXEC_CODES.badArgument, 'rolling_percentile: BinSize must be positive', a.args[3]!);
  if (!(back >= 1)) return fail(EXEC_CODES.badArgument, 'rolling_percentile: BinsToLookBack must be at least 1', a.args[4]!);
  const dims = a.args.slice(5).map((_, i) => a.column(5 + i, 'dimension'));
  const outIdx: Value[] = [], outVal: Value[] = [];
  const outDims: Value[][] = dims.map(() => []);
  for (const g of groupRows(a.input.physLen, dims.map((d) => d.column))) {
    // Values per bin number.
    const bins = new Map<number, Value[]>();
    for (const r of g.rows) {
      const x = idx.column.get(r), v = val.column.get(r);
      if (typeof x !== 'number' || v === null) continue;
      const b = Math.floor(x / size);
      let list = bins.get(b);
      if (!list) { list = []; bins.set(b, list); }
      list.push(v);
    }
    if (bins.size === 0) continue;
    const keys = [...bins.keys()];
    const lo = Math.min(...keys), hi = Math.max(...keys);
    for (let b = lo; b <= hi; b++) {
      const window: Value[] = [];
      for (let k = b - back + 1; k <= b; k++) { const l = bins.get(k); if (l) window.push(...l); }
      window.sort(compareNonNull);
      const rank = Math.min(window.length, Math.max(1, Math.ceil((p / 100) * window.length)));
      outIdx.push(b * size);
      g.key.forEach((k, i) => outDims[i]!.push(k));
      outVal.push(window.length ? window[rank - 1]! : null);
    }
  }
  const fields: Field[] = [{ name: idx.name, column: columnFromValues(idx.type, outIdx) }];
  dims.forEach((d, i) => fields.push({ name: d.name, column: columnFromValues(d.type, outDims[i]!) }));
  fields.push({ name: `rolling_${back}_percentile_${val.name}_${p}`, column: columnFromValues(val.type, outVal) });
  return { fields, physLen: outIdx.length };
}
