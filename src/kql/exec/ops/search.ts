/**
 * `search [in (T…)] predicate` and `find [in (T…)] where predicate [project …]`.
 * A bare string term in the predicate matches a row when any column `has` it (case-insensitive);
 * `Col:"x"` is a `has` on that column. Several tables: a `$table` (search) / `source_` (find)
 * column names the table of each row.
 */
import { dynamicNumber } from '../../data/types.js';
import { wildcardMatcher } from '../../regex/wildcard.js';
import type * as A from '../../syntax/ast.js';
import type { Field } from '../../data/column.js';
import type { OpEnv } from '../operator.js';
import { type Batch, columnFromValues, compact, rowIds, withSel } from '../batch.js';
import { compile, filterRows } from '../expr.js';
import { resolveLegs, unionLegs } from './union.js';
import { binaryOperator } from '../../semantics/operators.js';
import { textValue } from '../format.js';
import { EXEC_CODES, fail } from '../context.js';

function termFilter(term: string, b: Batch, cs = false): Uint32Array {
  const op = binaryOperator(cs ? 'has_cs' : 'has', 'string', 'string');
  if ('error' in op) return fail(EXEC_CODES.internal, op.error);
  const rows = rowIds(b);
  const out: number[] = [];
  const wildcard = term.includes('*');
  // `*` is any run of characters, matched without backtracking (../../regex/wildcard.ts).
  const re = wildcard ? { test: wildcardMatcher(term, '*', undefined, !cs, false) } : undefined;
  for (const r of rows) {
    for (const f of b.fields) {
      const t = textValue(f.column.get(r), f.column.type);
      if (re ? re.test(t) : op.impl(t, term) === true) { out.push(r); break; }
    }
  }
  return Uint32Array.from(out);
}

function filterBatch(pred: A.Expr, b: Batch, o: OpEnv, cs = false): Batch {
  if (pred.kind === 'Literal' && typeof pred.value === 'string') return withSel(b, termFilter(pred.value, b, cs));
  if (pred.kind === 'Binary' && (pred.op === 'and' || pred.op === 'or')) {
    const l = filterBatch(pred.left, b, o, cs);
    if (pred.op === 'and') return filterBatch(pred.right, l, o, cs);
    const r = filterBatch(pred.right, b, o, cs);
    const set = new Set<number>([...rowIds(l), ...rowIds(r)]);
    return withSel(b, Uint32Array.from(rowIds(b).filter((x) => set.has(x))));
  }
  const s = o.scope(b.fields);
  let c;
  try { c = compile(pred, s); } catch { return withSel(b, new Uint32Array(0)); }
  return withSel(b, filterRows(c, rowIds(b), s.cursor));
}

/** Tables a `search`/`find` without `in (…)` looks at: the query's tables and the views in scope. */
function allSources(o: OpEnv): string[] {
  const names = new Set(o.ctx.tableNames());
  for (const [k, b] of o.env.all()) if (b.kind === 'lambda' && b.lambda.isView) names.add(k);
  return [...names];
}

export function search(op: A.SearchOp, input: Batch | undefined, o: OpEnv): Batch {
  const kindP = op.params.find((p) => p.name === 'kind');
  const cs = kindP !== undefined && kindP.value.kind === 'Name' && kindP.value.name.toLowerCase() === 'case_sensitive';
  if (input) return filterBatch(op.predicate, compact(input), o, cs);
  const tables = op.tables.length ? op.tables : allSources(o).map((n): A.NamePattern => ({ kind: 'NamePattern', pattern: n, start: op.start, end: op.start }));
  const legs = resolveLegs(tables, o, true).map((l) => ({ name: l.name, batch: compact(filterBatch(op.predicate, compact(l.batch), o, cs)) }));
  const u = unionLegs(legs, [{ kind: 'OpParam', name: 'withsource', value: { kind: 'Name', name: '$table', quoted: true, start: 0, end: 0 }, start: 0, end: 0 }]);
  return u;
}

export function find(op: A.FindOp, input: Batch | undefined, o: OpEnv): Batch {
  const legs = input ? [{ name: 'input', batch: input }] : resolveLegs(op.tables.length ? op.tables : allSources(o).map((n): A.NamePattern => ({ kind: 'NamePattern', pattern: n, start: op.start, end: op.start })), o, true);
  const parts = legs.map((l) => ({ name: l.name, batch: compact(filterBatch(op.predicate, compact(l.batch), o)) }));
  const src = op.params.find((p) => p.name === 'withsource');
  const srcName = src && src.value.kind === 'Name' ? src.value.name : 'source_';
  const fields: Field[] = [];
  const n = parts.reduce((a, p) => a + p.batch.physLen, 0);
  fields.push({ name: srcName, column: columnFromValues('string', parts.flatMap((p) => new Array<string>(p.batch.physLen).fill(p.name))) });
  if (op.project) {
    for (const it of op.project) {
      const name = it.names[0]?.name ?? (it.expr.kind === 'Name' ? it.expr.name : 'Column1');
      const vals = parts.flatMap((p) => { const f = p.batch.fields.find((x) => x.name === (it.expr.kind === 'Name' ? it.expr.name : '')); return Array.from({ length: p.batch.physLen }, (_, r) => f ? f.column.get(r) : null); });
      const t = parts.map((p) => p.batch.fields.find((x) => x.name === (it.expr.kind === 'Name' ? it.expr.name : ''))?.column.type).find((x) => x) ?? 'string';
      fields.push({ name, column: columnFromValues(t, vals) });
    }
  } else {
    const vals = parts.flatMap((p) => Array.from({ length: p.batch.physLen }, (_, r) => {
      const obj: Record<string, import('../../data/types.js').DynamicValue> = {};
      for (const f of p.batch.fields) { const v = f.column.get(r); if (v !== null && v !== '') obj[f.name] = f.column.type === 'datetime' || f.column.type === 'timespan' ? textValue(v, f.column.type) : dynamicNumber(v) as import('../../data/types.js').DynamicValue; }
      return obj;
    }));
    fields.push({ name: 'pack_', column: columnFromValues('dynamic', vals) });
  }
  void compile;
  return { fields, physLen: n };
}
