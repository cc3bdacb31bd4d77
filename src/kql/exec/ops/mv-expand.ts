/**
 * `mv-expand [bagexpansion=bag|array] [with_itemindex=I] items [limit n]`: each row repeats once
 * per element of its arrays (several items expand in parallel; the shorter are padded with null).
 * A property bag expands to one `{key: value}` bag per property (bagexpansion=array: `[key, value]`).
 * A scalar or null value gives one row holding it; an empty array gives no row.
 * `to typeof(t)` converts the elements.
 */
import type * as A from '../../syntax/ast.js';
import type { ScalarType, Value } from '../../data/types.js';
import type { Field } from '../../data/column.js';
import type { OpEnv, OperatorImpl } from '../operator.js';
import { paramText } from '../operator.js';
import { compile, evalColumn } from '../expr.js';
import { castValue } from '../cast.js';
import { type Batch, columnFromValues, compact, gather, rowIds } from '../batch.js';
import { columnLikeName } from '../names.js';
import { EXEC_CODES, checkDeadline, fail } from '../context.js';
import { countArg } from './top.js';

export function elementsOf(v: Value, bagAsArray: boolean): Value[] {
  if (Array.isArray(v)) return v;
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => (bagAsArray ? [k, x] : { [k]: x }));
  return [v];
}

export interface Expansion { batch: Batch; itemNames: string[]; origin: Uint32Array }

const MAX_EXPANDED = 32 * 1024 * 1024;

export function expandItems(items: readonly A.MvItem[], params: readonly A.OpParam[], limitExpr: A.Expr | undefined, input: Batch, o: OpEnv): Expansion {
  const op0 = items[0];
  const b = compact(input);
  const rows = rowIds(b);
  const bagAsArray = (paramText(params, 'bagexpansion') ?? 'bag').toLowerCase() === 'array';
  const indexName = paramText(params, 'with_itemindex');
  const limit = limitExpr ? countArg(limitExpr, o) : Infinity;
  const s = o.scope(b.fields);
  const cols = items.map((it) => {
    const c = compile(it.item.expr, s);
    const col = evalColumn(c, rows);
    const name = it.item.names[0]?.name ?? columnLikeName(it.item.expr) ?? 'Column1';
    const type: ScalarType = it.toType?.type ?? 'dynamic';
    return { col, name, type };
  });
  const origin: number[] = [];
  const idx: number[] = [];
  const outVals: Value[][] = cols.map(() => []);
  for (let r = 0; r < b.physLen; r++) {
    const lists = cols.map((c) => elementsOf(c.col.get(r), bagAsArray));
    let n = 0;
    for (const l of lists) n = Math.max(n, l.length);
    n = Math.min(n, limit);
    for (let k = 0; k < n; k++) {
      origin.push(r); idx.push(k);
      lists.forEach((l, j) => { const v = k < l.length ? l[k]! : null; outVals[j]!.push(cols[j]!.type === 'dynamic' ? v : castValue(v, 'dynamic', cols[j]!.type, o.ctx.eval)); });
    }
    if ((r & 0xfff) === 0) {
      checkDeadline(o.ctx);
      if (origin.length > MAX_EXPANDED) fail(EXEC_CODES.memory, `mv-expand output exceeds ${MAX_EXPANDED.toLocaleString('en-US')} rows: add a limit or filter first`, op0);
    }
  }
  const org = Uint32Array.from(origin);
  const fields: Field[] = b.fields.map((f) => ({ name: f.name, column: gather(f.column, org) }));
  cols.forEach((c, j) => {
    const column = columnFromValues(c.type, outVals[j]!);
    const at = fields.findIndex((f) => f.name === c.name);
    if (at >= 0) fields[at] = { name: c.name, column }; else fields.push({ name: c.name, column });
  });
  if (indexName) fields.push({ name: indexName, column: columnFromValues('long', idx) });
  return { batch: { fields, physLen: org.length }, itemNames: cols.map((c) => c.name), origin: org };
}

export const mvExpand: OperatorImpl<'MvExpand'> = (op, input, o) => expandItems(op.items, op.params, op.limit, input, o).batch;
