/**
 * `mv-apply items on (subquery)`: for each input row, the sub-query runs over that row's expanded
 * values; its implicit input holds the expanded columns, the item index and the row's other
 * columns repeated (the docs' example reads the unexpanded `Pack` inside the sub-query,
 * mv-apply-operator.md). Each result row is joined back to its input row: output = the input's
 * unexpanded columns (the sub-query's value where it produces that name) followed by the sub-query's
 * other columns; the input column of a named item (`x = x`) stays among the former.
 */
import type { Field } from '../../data/column.js';
import type { OperatorImpl } from '../operator.js';
import { paramText } from '../operator.js';
import { type Batch, compact, gather, withSel, rowCount } from '../batch.js';
import { expandItems } from './mv-expand.js';
import { unionLegs } from './union.js';
import { IMPLICIT } from '../names-internal.js';
import { checkDeadline } from '../context.js';

export const mvApply: OperatorImpl<'MvApply'> = (op, input, o) => {
  const base = compact(input);
  const ex = expandItems(op.items, op.params, op.limit, base, o);
  const indexName = paramText(op.params, 'with_itemindex');
  const inner = new Set([...ex.itemNames, ...(indexName ? [indexName] : [])]);
  const innerFields = [...ex.batch.fields.filter((f) => inner.has(f.name)), ...ex.batch.fields.filter((f) => !inner.has(f.name))];
  // An item written with a name (`x = x`, `y = x`) leaves the input's column of that name in the
  // output, at its place (the sub-query's value where it produces that name), as Kusto.Language and
  // check do; an unnamed item (`mv-apply x on …`) replaces the input column.
  const named = new Set(op.items.filter((it) => it.item.names.length > 0).flatMap((it) => it.item.names.map((n) => n.name)));
  const outer = base.fields.filter((f) => !inner.has(f.name) || (named.has(f.name) && f.name !== indexName));
  const outerNames = new Set(outer.map((f) => f.name));
  const all: Batch = { fields: innerFields, physLen: ex.batch.physLen };
  const org = ex.origin;
  const env = o.env.child();
  const joinBack = (res: Batch, rep: Uint32Array): Field[] => {
    const byName = new Map(res.fields.map((f) => [f.name, f]));
    return [
      ...outer.map((f) => byName.get(f.name) ?? { name: f.name, column: gather(f.column, rep) }),
      ...res.fields.filter((f) => !outerNames.has(f.name)),
    ];
  };
  const parts: Batch[] = [];
  let start = 0;
  const runOne = (ids: Uint32Array, inputRow: number): void => {
    env.set(IMPLICIT, { kind: 'batch', batch: withSel(all, ids) });
    const res = compact(o.tabular(op.body, env));
    const n = rowCount(res);
    const rep = new Uint32Array(n).fill(inputRow);
    parts.push({ fields: joinBack(res, rep), physLen: n });
  };
  while (start < org.length) {
    let end = start + 1;
    while (end < org.length && org[end] === org[start]) end++;
    const ids = new Uint32Array(end - start); for (let i = 0; i < ids.length; i++) ids[i] = start + i;
    runOne(ids, org[start]!);
    start = end;
    checkDeadline(o.ctx);
  }
  if (parts.length === 0) {
    // No expanded rows anywhere: the schema from running the sub-query on nothing.
    env.set(IMPLICIT, { kind: 'batch', batch: { fields: innerFields.map((f) => ({ name: f.name, column: gather(f.column, new Uint32Array(0)) })), physLen: 0 } });
    const res = compact(o.tabular(op.body, env));
    return { fields: joinBack(res, new Uint32Array(0)), physLen: 0 };
  }
  return unionLegs(parts.map((b, i) => ({ name: String(i), batch: b })), []);
};
