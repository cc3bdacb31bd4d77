/** `distinct cols` / `distinct *`: one row per distinct combination, first-seen order. */
import type * as A from '../../syntax/ast.js';
import type { OperatorImpl } from '../operator.js';
import { summarizeItems } from './summarize.js';

export const distinct: OperatorImpl<'Distinct'> = (op, input, o) => {
  let items: readonly A.ColumnItem[] = op.items;
  if (items.length === 1 && items[0]!.expr.kind === 'Star') {
    const at = items[0]!;
    items = input.fields.map((f) => ({ kind: 'ColumnItem', names: [], expr: { kind: 'Name', name: f.name, quoted: true, start: at.start, end: at.end }, start: at.start, end: at.end }));
  }
  return summarizeItems([], items, input, o);
};

/** `sample-distinct n of expr`: the first n distinct values. */
export const sampleDistinct: OperatorImpl<'SampleDistinct'> = (op, input, o) => {
  const item: A.ColumnItem = { kind: 'ColumnItem', names: [], expr: op.of, start: op.of.start, end: op.of.end };
  const b = summarizeItems([], [item], input, o);
  const c = (op.count.kind === 'Literal' && typeof op.count.value === 'number') ? op.count.value : b.physLen;
  if (c >= b.physLen) return b;
  const sel = new Uint32Array(c); for (let i = 0; i < c; i++) sel[i] = i;
  return { ...b, sel };
};
