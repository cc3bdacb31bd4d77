/**
 * Tuple-returning functions at the top of an extend/project/print item (`array_sort_asc(a, b)`,
 * `series_fit_line(y)`, `(s, i) = series_stats(x)`): the function's value is an array holding one
 * value per output column; the item becomes those columns, named as the binder names them
 * (binder/naming.ts `tupleColumns`: given names in order, a single name replaces the first, else
 * `<function>_<argument>_<field>` or `<array>_sorted`). Inside a larger expression the value stays
 * one dynamic array.
 */
import type * as A from '../syntax/ast.js';
import type { Field, Column } from '../data/column.js';
import type { Value } from '../data/types.js';
import { tupleColumns } from '../binder/naming.js';
import { columnFromValues } from './batch.js';
import { compile, evalColumn, type Scope } from './expr.js';

/** The columns of a tuple item, or undefined when the item is not a tuple-returning call. */
export function tupleItemColumns(it: A.ColumnItem, s: Scope, rows: Uint32Array, physLen?: number): Field[] | undefined {
  const e = it.expr;
  if (e.kind !== 'Call' || s.env.get(e.name.name)) return undefined;
  const tuple = tupleColumns(e.name.name, e.args);
  if (!tuple || tuple.length < 2) return undefined;
  const c = compile(e, s);
  const packed = evalColumn(c, rows, c.ordered ? s.cursor : undefined);
  const n = physLen ?? rows.length;
  const names = tuple.map((t, i) => (it.names.length > 1 ? it.names[i]?.name : i === 0 ? it.names[0]?.name : undefined) ?? t.name);
  const out: Field[] = [];
  for (let j = 0; j < tuple.length; j++) {
    const vals = new Array<Value>(n).fill(null);
    for (let k = 0; k < rows.length; k++) {
      const v = packed.get(k);
      vals[physLen === undefined ? k : rows[k]!] = Array.isArray(v) ? ((v as Value[])[j] ?? null) : null;
    }
    const column: Column = columnFromValues(tuple[j]!.type, vals);
    out.push({ name: names[j]!, column });
  }
  return out;
}
