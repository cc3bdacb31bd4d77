/**
 * `make-series [kind=nonempty] aggs [default=v] on axis [from a] [to b] step s [by keys]`:
 * one row per key combination; each aggregate becomes an array over the bins [from, to) of width
 * `step` (absent bins take the default, 0 unless given); the axis column holds the bin starts.
 * Without from/to, the range spans the data (from = bin(min, step), to = max + step).
 */
import { type Value, type DynamicValue, dynamicNumber } from '../../data/types.js';
import type { Field } from '../../data/column.js';
import type { OperatorImpl } from '../operator.js';
import { paramText } from '../operator.js';
import type * as A from '../../syntax/ast.js';
import { compile, evalColumn } from '../expr.js';
import { columnFromValues, rowIds } from '../batch.js';
import { formatDatetime } from '../../data/convert.js';
import { computeAggregate, isAggregateCall } from '../aggregate.js';
import { aggregateName, columnLikeName, uniqueName } from '../names.js';
import { groupBy } from './summarize.js';
import { EXEC_CODES, fail } from '../context.js';

export const makeSeries: OperatorImpl<'MakeSeries'> = (op, input, o) => {
  const s = o.scope(input.fields);
  const rows = rowIds(input);
  const axisC = compile(op.on, s);
  const axis = evalColumn(axisC, rows);
  const stepC = compile(op.step, o.scope([]));
  const step = typeof stepC.value === 'number' ? stepC.value : NaN;
  if (!(step > 0)) return fail(EXEC_CODES.badArgument, 'make-series: step must be a positive constant', op.step);
  let from: number | undefined, to: number | undefined;
  if (op.from) { const c = compile(op.from, o.scope([])); if (typeof c.value === 'number') from = c.value; }
  if (op.to) { const c = compile(op.to, o.scope([])); if (typeof c.value === 'number') to = c.value; }
  if (from === undefined || to === undefined) {
    let mn = Infinity, mx = -Infinity;
    for (let k = 0; k < rows.length; k++) { const v = axis.get(k); if (typeof v === 'number') { if (v < mn) mn = v; if (v > mx) mx = v; } }
    if (from === undefined) from = mn === Infinity ? 0 : Math.floor(mn / step) * step;
    if (to === undefined) to = mx === -Infinity ? from : mx + step;
  }
  const nb = Math.max(0, Math.ceil((to - from) / step));
  if (nb > 1_000_000) return fail(EXEC_CODES.badArgument, 'make-series: too many bins', op.step);
  const g = groupBy(op.by, input, o);
  const nonempty = (paramText(op.params, 'kind') ?? '').toLowerCase() === 'nonempty';
  const keyed = op.by.length > 0 ? g.groups : (rows.length > 0 || nonempty ? 1 : 0);
  // Sub-groups: (group, bin) for rows inside the range.
  const subIds: number[] = []; const subRows: number[] = []; const subOf = new Map<number, number>(); const subKey: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    const v = axis.get(k);
    if (typeof v !== 'number' || v < from || v >= to) continue;
    const bi = Math.floor((v - from) / step);
    const key = g.ids[k]! * nb + bi;
    let id = subOf.get(key);
    if (id === undefined) { id = subKey.length; subOf.set(key, id); subKey.push(key); }
    subIds.push(id); subRows.push(rows[k]!);
  }
  const sr = Uint32Array.from(subRows), si = Uint32Array.from(subIds);
  const fields: Field[] = op.by.length ? [...g.keyFields] : [];
  const taken = new Set(fields.map((f) => f.name));
  for (const a of op.aggregates) {
    // A non-aggregate expression (`other = -1`) takes its value in bins that have rows.
    const call: A.Call = isAggregateCall(a.item.expr) ? a.item.expr as A.Call
      : { kind: 'Call', name: { kind: 'Name', name: 'take_any', quoted: false, start: a.start, end: a.start }, args: [a.item.expr], start: a.item.expr.start, end: a.item.expr.end };
    const out = computeAggregate(call, sr, si, subKey.length, s, new Set())[0]!;
    let dflt: Value = 0;
    if (a.default) { const c = compile(a.default, o.scope([])); dflt = c.value ?? null; }
    const series: DynamicValue[][] = [];
    for (let gi = 0; gi < keyed; gi++) series.push(new Array<DynamicValue>(nb).fill(dynamicNumber(dflt)));
    for (let id = 0; id < subKey.length; id++) {
      const key = subKey[id]!; const gi = Math.floor(key / nb), bi = key % nb;
      const v = out.column.get(id);
      series[gi]![bi] = dynamicNumber(v === null ? dflt : v);
    }
    const name = uniqueName(a.item.names[0]?.name ?? aggregateName(call), taken); taken.add(name);
    fields.push({ name, column: columnFromValues('dynamic', series) });
  }
  const axisVals: Value[] = [];
  for (let i = 0; i < nb; i++) { const t = from + i * step; axisVals.push(axisC.type === 'datetime' ? formatDatetime(t) : t); }
  const axisName = uniqueName(columnLikeName(op.on) ?? 'Column1', taken);
  const axes: Value[] = new Array(keyed).fill(axisVals);
  fields.push({ name: axisName, column: columnFromValues('dynamic', axes) });
  return { fields, physLen: keyed };
};
