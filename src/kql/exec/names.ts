/**
 * Output column names the executor gives to unnamed items, following Kusto: a column keeps its
 * name, `d.a.b` → `d_a_b`, aggregates `count()` → `count_`, `avg(x)` → `avg_x`,
 * `make_list(x)` → `list_x`, `arg_max(t, x)` → `max_t`, `x`; `bin(T, 1h)` in `by` → `T`; other
 * expressions `Column1`, `Column2`…; `print` items `print_0`, `print_1`….
 */
import type * as A from '../syntax/ast.js';
import { expressionResultName } from '../binder/naming.js';

/** The name an expression gives its result column (binder/naming.ts rules), or undefined. */
export function columnLikeName(e: A.Expr): string | undefined {
  const n = expressionResultName(e);
  return n === undefined || n === '' ? undefined : n;
}

/** Default name of an aggregate call (first output column). */
export function aggregateName(call: A.Call): string {
  return expressionResultName(call) ?? `${call.name.name}_`;
}

/** Default name of a `by` key / a distinct item: bin(T, …) and similar keep T. */
export function keyName(e: A.Expr): string | undefined { return columnLikeName(e); }

/** Picks `base`, or `base1`, `base2`… when taken (Kusto's rule for duplicate output names). */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 1; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

/** `Column1`, `Column2`…: the first not taken. */
export function nextColumnN(taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) if (!taken.has(`Column${i}`)) return `Column${i}`;
}
