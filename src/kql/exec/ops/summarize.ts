/**
 * `summarize aggregates by keys`: keys become dense group ids (dictionary codes remapped, numbers
 * hashed once, several keys combined arithmetically); aggregates use the catalog's grouped
 * kernels when they have one, accumulators otherwise. Output: keys, then aggregates.
 * Without `by`, empty input still gives one row (count → 0, make_* → [], others null).
 */
import type { Column, Field } from '../../data/column.js';
import type { OperatorImpl, OpEnv } from '../operator.js';
import type * as A from '../../syntax/ast.js';
import { compile, evalColumn } from '../expr.js';
import { type Batch, columnFromValues, gather, rowIds } from '../batch.js';
import { lookupFunction } from '../../functions/catalog.js';
import { combineIds, denseIds, denseIdsStepped } from '../keys.js';
import { aggregateItem, isAggregateCall } from '../aggregate.js';
import { aggregateName, columnLikeName, keyName, nextColumnN, uniqueName } from '../names.js';
import { checkDeadline } from '../context.js';

export interface Grouping { rows: Uint32Array; ids: Uint32Array; groups: number; keyFields: Field[] }

/** Groups the input rows by key items; key columns hold one row per group. */
export function groupBy(by: readonly A.ColumnItem[], input: Batch, o: OpEnv): Grouping {
  const rows = rowIds(input);
  const n = rows.length;
  const s = o.scope(input.fields);
  const parts: { ids: Uint32Array; card: number }[] = [];
  const keyCols: { name: string; column: Column; logical: boolean }[] = [];
  const taken = new Set<string>();
  for (const it of by) {
    const c = compile(it.expr, s);
    let column: Column; let logical: boolean;
    if (it.expr.kind === 'Name' && c.deps.length === 1 && !c.constant) { column = c.deps[0]!; logical = false; }
    else { column = evalColumn(c, rows); logical = true; }
    let idx = rows;
    if (logical) { idx = new Uint32Array(n); for (let k = 0; k < n; k++) idx[k] = k; }
    parts.push((logical && c.step !== undefined ? denseIdsStepped(column, idx, c.step) : undefined) ?? denseIds(column, idx));
    let name = it.names[0]?.name ?? keyName(it.expr) ?? nextColumnN(taken);
    name = uniqueName(name, taken); taken.add(name);
    keyCols.push({ name, column, logical });
  }
  checkDeadline(o.ctx, true);
  const { ids, groups, firstRow } = combineIds(parts, n);
  const keyFields: Field[] = keyCols.map((k) => {
    const idx = new Uint32Array(groups);
    for (let g = 0; g < groups; g++) idx[g] = k.logical ? firstRow[g]! : rows[firstRow[g]!]!;
    return { name: k.name, column: gather(k.column, idx) };
  });
  return { rows, ids, groups: by.length === 0 ? 1 : groups, keyFields };
}

export function summarizeItems(aggs: readonly A.ColumnItem[], by: readonly A.ColumnItem[], input: Batch, o: OpEnv): Batch {
  const g = groupBy(by, input, o);
  if (by.length > 0 && g.rows.length === 0) g.groups = 0;
  const s = o.scope(input.fields);
  const fields: Field[] = [...g.keyFields];
  const taken = new Set(fields.map((f) => f.name));
  const exclude = new Set(g.keyFields.map((f) => f.name));
  for (const it of aggs) {
    // `T = arg_max(t, *)`: the assigned name is the extremum's column; `*` leaves out the input
    // column of that name (as the binder does, and Kusto.Language: no T1).
    const call = it.expr.kind === 'Call' ? it.expr : undefined;
    const named = it.names.length === 1 && call && /^arg_(max|min)$/i.test(call.name.name) && call.args.some((a) => a.kind === 'Star');
    let outs = aggregateItem(it, g.rows, g.ids, g.groups, s, g.keyFields, named ? new Set([...exclude, it.names[0]!.name]) : exclude);
    // Empty input without `by`: a plain aggregate gives its documented default (summarize-operator.md
    // "Default values of aggregations": 0 for count/sum/variance/stdev…, [] for make_*, else null).
    if (by.length === 0 && g.rows.length === 0 && outs.length === 1 && isAggregateCall(it.expr)) {
      const dflt = lookupFunction((it.expr as A.Call).name.name)?.emptyValue;
      if (dflt !== undefined) outs = [{ ...outs[0]!, column: columnFromValues(outs[0]!.column.type, [dflt]) }];
    }
    outs.forEach((out, j) => {
      let name = it.names[j]?.name ?? out.name ?? (j === 0 ? (isAggregateCall(it.expr) ? aggregateName(it.expr as A.Call) : columnLikeName(it.expr) ?? nextColumnN(taken)) : nextColumnN(taken));
      // arg_max(x, k) by k: a by-column repeated as a returned column is not output twice.
      if (j > 0 && it.names[j] === undefined && g.keyFields.some((f) => f.name === out.name) && (it.expr as A.Call).args?.[j]?.kind === 'Name') return;
      name = uniqueName(name, taken); taken.add(name);
      fields.push({ name, column: out.column });
    });
  }
  return { fields, physLen: g.groups };
}

export const summarize: OperatorImpl<'Summarize'> = (op, input, o) => summarizeItems(op.aggregates, op.by, input, o);
