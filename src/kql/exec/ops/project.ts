/**
 * `project items`: plain column references keep the input's columns and selection (no copy);
 * computed items compact the input first.
 */
import type { Field } from '../../data/column.js';
import type { OperatorImpl } from '../operator.js';
import { compile, evalColumn, findField } from '../expr.js';
import { compact, rowIds } from '../batch.js';
import { columnLikeName, nextColumnN, uniqueName } from '../names.js';
import { EXEC_CODES, fail } from '../context.js';
import { tupleItemColumns } from '../tuple.js';

export const project: OperatorImpl<'Project'> = (op, input, o) => {
  const plain = op.items.every((it) => it.expr.kind === 'Name' && findField(input.fields, it.expr.name));
  const b = plain ? input : compact(input);
  const rows = plain ? undefined : rowIds(b);
  const fields: Field[] = [];
  const taken = new Set<string>();
  for (const it of op.items) {
    if (it.expr.kind === 'Star') { for (const f of b.fields) if (!taken.has(f.name)) { fields.push(f); taken.add(f.name); } continue; }
    let name = it.names[0]?.name ?? columnLikeName(it.expr) ?? nextColumnN(taken);
    if (it.expr.kind === 'Name') {
      const f = findField(b.fields, it.expr.name);
      if (f && rows === undefined) {
        if (taken.has(name)) name = uniqueName(name, taken);
        fields.push({ name, column: f.column }); taken.add(name); continue;
      }
      if (!f && !o.env.get(it.expr.name)) fail(EXEC_CODES.unknownColumn, `unknown column '${it.expr.name}'`, it.expr);
    }
    const s = o.scope(b.fields);
    const tuple = tupleItemColumns(it, s, rows ?? rowIds(b));
    if (tuple) {
      for (const f of tuple) { const nm = taken.has(f.name) ? uniqueName(f.name, taken) : f.name; fields.push({ name: nm, column: f.column }); taken.add(nm); }
      continue;
    }
    const c = compile(it.expr, s);
    const column = evalColumn(c, rows ?? rowIds(b), c.ordered ? s.cursor : undefined);
    if (taken.has(name)) name = uniqueName(name, taken);
    fields.push({ name, column }); taken.add(name);
  }
  return { fields, physLen: b.physLen, ...(b.sel ? { sel: b.sel } : {}) };
};
