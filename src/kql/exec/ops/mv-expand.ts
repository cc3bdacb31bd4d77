/**
 * `mv-expand [bagexpansion=bag|array] [with_itemindex=I] items [limit n]`: each row repeats once
 * per element of its arrays (several items expand in parallel; the shorter are padded with null).
 * A property bag expands to one `{key: value}` bag per property (bagexpansion=array, or its older
 * spelling kind=array: `[key, value]`).
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
import { type Batch, batchRowBytes, columnFromValues, compact, gather, rowIds } from '../batch.js';
import { columnLikeName } from '../names.js';
import { EXEC_CODES, fail, rowLoopTick } from '../context.js';
import { reserve, ROW_BLOCK } from '../../governor.js';
import { countArg } from './top.js';

export function elementsOf(v: Value, bagAsArray: boolean): Value[] {
  if (Array.isArray(v)) return v;
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => (bagAsArray ? [k, x] : { [k]: x }));
  return [v];
}

/** The number of rows a value expands to (as elementsOf, without building them). */
function lengthOf(v: Value): number {
  if (Array.isArray(v)) return v.length;
  if (v !== null && typeof v === 'object') return Object.keys(v).length;
  return 1;
}

export interface Expansion { batch: Batch; itemNames: string[]; origin: Uint32Array }

const MAX_EXPANDED = 32 * 1024 * 1024;

export function expandItems(items: readonly A.MvItem[], params: readonly A.OpParam[], limitExpr: A.Expr | undefined, input: Batch, o: OpEnv): Expansion {
  const op0 = items[0];
  const b = compact(input);
  const rows = rowIds(b);
  // `kind=array` is the documented older spelling of `bagexpansion=array` (mv-expand-operator.md).
  const bagAsArray = (paramText(params, 'bagexpansion') ?? paramText(params, 'kind') ?? 'bag').toLowerCase() === 'array';
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
  // Pass 1: the output size, checked (rows and estimated bytes) before anything is built. JS arrays
  // cannot pass ~112 M elements (V8 aborts the process), hence the row cap besides the byte ceiling.
  const counts = new Uint32Array(b.physLen);
  let total = 0;
  for (let r0 = 0; r0 < b.physLen; r0 += ROW_BLOCK) {
    for (let r = r0, e = Math.min(b.physLen, r0 + ROW_BLOCK); r < e; r++) {
      let n = 0;
      for (const c of cols) n = Math.max(n, lengthOf(c.col.get(r)));
      n = Math.min(n, limit);
      counts[r] = n;
      total += n;
    }
    if (total > MAX_EXPANDED) fail(EXEC_CODES.memory, `mv-expand output exceeds the engine's limit of ${MAX_EXPANDED.toLocaleString('en-US')} rows (at least ${total.toLocaleString('en-US')}): add a limit or filter first`, op0);
    rowLoopTick();
  }
  reserve(total * (8 + 8 * cols.length + (indexName ? 8 : 0) + batchRowBytes(b)), `mv-expand of ${total.toLocaleString('en-US')} rows`);
  // Pass 2: fill.
  const origin = new Uint32Array(total);
  const idx = indexName ? new Array<Value>(total) : undefined;
  const outVals: Value[][] = cols.map(() => new Array<Value>(total));
  let k = 0;
  for (let r0 = 0; r0 < b.physLen; r0 += ROW_BLOCK) {
    for (let r = r0, e = Math.min(b.physLen, r0 + ROW_BLOCK); r < e; r++) {
      const n = counts[r]!;
      if (n === 0) continue;
      const lists = cols.map((c) => elementsOf(c.col.get(r), bagAsArray));
      for (let i = 0; i < n; i++, k++) {
        origin[k] = r;
        if (idx) idx[k] = i;
        for (let j = 0; j < lists.length; j++) {
          const l = lists[j]!;
          const v = i < l.length ? l[i]! : null;
          outVals[j]![k] = cols[j]!.type === 'dynamic' ? v : castValue(v, 'dynamic', cols[j]!.type, o.ctx.eval);
        }
      }
    }
    rowLoopTick();
  }
  const org = origin;
  const fields: Field[] = b.fields.map((f) => ({ name: f.name, column: gather(f.column, org) }));
  cols.forEach((c, j) => {
    const column = columnFromValues(c.type, outVals[j]!);
    const at = fields.findIndex((f) => f.name === c.name);
    if (at >= 0) fields[at] = { name: c.name, column }; else fields.push({ name: c.name, column });
  });
  if (indexName) fields.push({ name: indexName, column: columnFromValues('long', idx!) });
  return { batch: { fields, physLen: org.length }, itemNames: cols.map((c) => c.name), origin: org };
}

export const mvExpand: OperatorImpl<'MvExpand'> = (op, input, o) => expandItems(op.items, op.params, op.limit, input, o).batch;
