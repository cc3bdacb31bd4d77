/**
 * active_users_count(IdColumn, TimelineColumn, Start, End, LookbackWindow, Period,
 * ActivePeriodsCount, Bin [, dim…]): for every Bin from Start to End, the distinct ids with an
 * appearance in that bin at which they count as active: seen in at least ActivePeriodsCount
 * distinct Periods within the lookback (appearance - LookbackWindow, appearance]. Bins where no id
 * is active give no row. Output: TimelineColumn (the bin), the dimensions, dcount.
 * Bin as 'week'/'month'/'year' is not supported here (an error says so).
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

export function activeUsersCount(call: A.Call, input: Batch, o: OpEnv): Batch {
  const a = pluginArgs(call, input, o);
  const id = a.column(0, 'IdColumn');
  const t = a.column(1, 'TimelineColumn');
  const start = a.number(2, 'Start'), end = a.number(3, 'End');
  const lookback = a.number(4, 'LookbackWindow'), period = a.number(5, 'Period');
  const active = a.number(6, 'ActivePeriodsCount');
  const binV = a.constant(7, 'Bin');
  if (typeof binV !== 'number') return fail(EXEC_CODES.unsupported, "active_users_count: a Bin of 'week', 'month' or 'year' is not supported; give a timespan", a.args[7]!);
  const bin = binV;
  if (!(bin > 0) || !(period > 0)) return fail(EXEC_CODES.badArgument, 'active_users_count: Period and Bin must be positive', call);
  const dims = a.args.slice(8).map((_, i) => a.column(8 + i, 'dimension'));
  const outT: Value[] = [], outD: Value[] = [];
  const outDims: Value[][] = dims.map(() => []);
  for (const g of groupRows(a.input.physLen, dims.map((d) => d.column))) {
    // Each id's appearance times, sorted.
    const byId = new Map<string, number[]>();
    for (const r of g.rows) {
      const x = t.column.get(r);
      if (typeof x !== 'number') continue;
      const k = valueKey(id.column.get(r));
      let l = byId.get(k);
      if (!l) { l = []; byId.set(k, l); }
      l.push(x);
    }
    const perBin = new Map<number, Set<string>>();
    for (const [k, times] of byId) {
      times.sort((x, y) => x - y);
      for (const x of times) {
        if (x < start || x > end) continue;
        const periods = new Set<number>();
        for (const y of times) if (y > x - lookback && y <= x) periods.add(Math.floor(y / period));
        if (periods.size < active) continue;
        const b = start + Math.floor((x - start) / bin) * bin;
        let s = perBin.get(b);
        if (!s) { s = new Set(); perBin.set(b, s); }
        s.add(k);
      }
    }
    for (const b of [...perBin.keys()].sort((x, y) => x - y)) {
      outT.push(b); outD.push(perBin.get(b)!.size);
      g.key.forEach((k, i) => outDims[i]!.push(k));
    }
  }
  const fields: Field[] = [{ name: t.name, column: columnFromValues(t.type, outT) }];
  dims.forEach((d, i) => fields.push({ name: d.name, column: columnFromValues(d.type, outDims[i]!) }));
  fields.push({ name: 'dcount', column: columnFromValues('long', outD) });
  return { fields, physLen: outT.length };
}
