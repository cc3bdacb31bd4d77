/** `project-away`, `project-keep`, `project-rename`, `project-reorder`: column list edits, no data copy. */
import type { Field } from '../../data/column.js';
import type { OperatorImpl } from '../operator.js';
import { patternMatches } from '../operator.js';
import { EXEC_CODES, fail } from '../context.js';
import { compile } from '../expr.js';

export const projectAway: OperatorImpl<'ProjectAway'> = (op, input) => {
  for (const p of op.columns) if (!p.pattern.includes('*') && !input.fields.some((f) => f.name === p.pattern)) fail(EXEC_CODES.unknownColumn, `unknown column '${p.pattern}'`, p);
  return { ...input, fields: input.fields.filter((f) => !op.columns.some((p) => patternMatches(p.pattern, f.name))) };
};

export const projectKeep: OperatorImpl<'ProjectKeep'> = (op, input) => {
  for (const p of op.columns) if (!p.pattern.includes('*') && !input.fields.some((f) => f.name === p.pattern)) fail(EXEC_CODES.unknownColumn, `unknown column '${p.pattern}'`, p);
  return { ...input, fields: input.fields.filter((f) => op.columns.some((p) => patternMatches(p.pattern, f.name))) };
};

export const projectRename: OperatorImpl<'ProjectRename'> = (op, input) => {
  const fields: Field[] = [...input.fields];
  for (const it of op.items) {
    const i = fields.findIndex((f) => f.name === it.oldName.name);
    if (i < 0) fail(EXEC_CODES.unknownColumn, `unknown column '${it.oldName.name}'`, it.oldName);
    fields[i] = { name: it.newName.name, column: fields[i]!.column };
  }
  return { ...input, fields };
};

export const projectReorder: OperatorImpl<'ProjectReorder'> = (op, input) => {
  const out: Field[] = [];
  const used = new Set<string>();
  for (const it of op.items) {
    let matched = input.fields.filter((f) => !used.has(f.name) && patternMatches(it.column.pattern, f.name));
    if (it.order) {
      const asc = it.order === 'asc' || it.order === 'granny-asc';
      const granny = it.order.startsWith('granny');
      const cmp = (a: string, b: string): number => {
        if (granny) {
          const x = a.localeCompare(b, undefined, { numeric: true });
          return x;
        }
        return a < b ? -1 : a > b ? 1 : 0;
      };
      matched = [...matched].sort((a, b) => (asc ? 1 : -1) * cmp(a.name, b.name));
    }
    for (const f of matched) { out.push(f); used.add(f.name); }
  }
  for (const f of input.fields) if (!used.has(f.name)) out.push(f);
  return { ...input, fields: out };
};

/** `project-by-names "a", "b*", dynamic([...])`: keeps columns whose names match the values, in that order. */
export const projectByNames: OperatorImpl<'ProjectByNames'> = (op, input, o) => {
  const names: string[] = [];
  for (const it of op.items) {
    const c = compile(it, o.scope(input.fields));
    const v = c.value;
    if (Array.isArray(v)) for (const x of v) names.push(String(x)); else if (typeof v === 'string') names.push(v);
  }
  const out: Field[] = [];
  for (const n of names) for (const f of input.fields) if (patternMatches(n, f.name) && !out.includes(f)) out.push(f);
  return { ...input, fields: out };
};
