/** `where predicate`: a new selection over the same columns (no copy). Null and false drop the row. */
import type { OperatorImpl } from '../operator.js';
import { compile, filterRows } from '../expr.js';
import { rowIds, withSel } from '../batch.js';
import { fail } from '../context.js';

export const where: OperatorImpl<'Where'> = (op, input, o) => {
  const s = o.scope(input.fields);
  const c = compile(op.predicate, s);
  if (c.type !== 'bool' && c.type !== 'dynamic') {
    // Same code as the front end's "predicate must be bool" diagnostic.
    fail('KQL203', `The predicate must be bool but is ${c.type}.`, op.predicate);
  }
  // Over a whole table the rows are 0..n-1: a shared read-only identity, not a new array each time.
  const rows = input.sel ?? (c.ordered ? rowIds(input) : sharedIdentity(input.physLen));
  const sel = filterRows(c, rows, c.ordered ? s.cursor : undefined);
  if (sel === rows && !input.sel) return input; // every row passed
  return withSel(input, sel);
};

let identity = new Uint32Array(0);
/** 0..n-1, shared between calls: callers only read it (a kernel that keeps every row returns it, and then the input is returned instead). */
function sharedIdentity(n: number): Uint32Array {
  if (identity.length < n) { identity = new Uint32Array(n); for (let i = 0; i < n; i++) identity[i] = i; }
  return identity.subarray(0, n);
}
