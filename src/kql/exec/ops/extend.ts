/**
 * `extend items`: computes columns over the input rows; a name that exists is replaced in place,
 * a new one appended. Later items see earlier ones. A selected input is compacted first (columns
 * of one batch share one physical length).
 */
import type { Field } from '../../data/column.js';
import type * as A from '../../syntax/ast.js';
import type { OperatorImpl, OpEnv } from '../operator.js';
import { compile, evalColumn } from '../expr.js';
import { type Batch, compact, rowIds } from '../batch.js';
import { columnLikeName, nextColumnN } from '../names.js';
import { tupleItemColumns } from '../tuple.js';

/** Adds computed items to a compacted batch (shared by extend and serialize). */
export function extendItems(items: readonly A.ColumnItem[], input: Batch, o: OpEnv): Batch {
  // A large selection keeps its rows in place: new columns are laid out over the physical rows
  // (cheaper than copying every other column); a small one is compacted first.
  const inPlace = input.sel !== undefined && input.sel.length * 4 > input.physLen;
  const b = inPlace ? input : compact(input);
  const fields: Field[] = [...b.fields];
  const rows = rowIds(b);
  for (const it of items) {
    const s = { ...o.scope(fields), operatorInput: b.fields };
    const tuple = tupleItemColumns(it, s, rows, inPlace ? b.physLen : undefined);
    if (tuple) {
      for (const f of tuple) { const at = fields.findIndex((x) => x.name === f.name); if (at >= 0) fields[at] = f; else fields.push(f); }
      continue;
    }
    const c = compile(it.expr, s);
    const column = evalColumn(c, rows, c.ordered ? s.cursor : undefined, undefined, inPlace ? b.physLen : undefined);
    const taken = new Set(fields.map((f) => f.name));
    const name = it.names[0]?.name ?? columnLikeName(it.expr) ?? nextColumnN(taken);
    const at = fields.findIndex((f) => f.name === name);
    if (at >= 0) fields[at] = { name, column }; else fields.push({ name, column });
  }
  return { fields, physLen: b.physLen, ...(b.sel ? { sel: b.sel } : {}) };
}

export const extend: OperatorImpl<'Extend'> = (op, input, o) => extendItems(op.items, input, o);
