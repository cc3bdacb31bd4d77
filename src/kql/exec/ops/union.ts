/**
 * `union [kind=outer|inner] [withsource=C] [isfuzzy=true] legs`: legs are tables, wildcard
 * patterns over table names, let names or sub-queries; as a pipe operator the input is the first
 * leg. Outer: every column by name in order of appearance; a name seen with different types
 * becomes one column per type, `name_type`. Inner: only the columns every leg has.
 */
import { reserve } from '../../governor.js';
import type * as A from '../../syntax/ast.js';
import type { ScalarType } from '../../data/types.js';
import type { Field } from '../../data/column.js';
import type { OpEnv } from '../operator.js';
import { paramText, patternMatches } from '../operator.js';
import { type Batch, concatColumns, rowCount, rowIds, constColumn } from '../batch.js';
import { ExecError, EXEC_CODES } from '../context.js';

export interface Leg { readonly name: string; readonly batch: Batch }

export function resolveLegs(tables: readonly (A.Expr | A.NamePattern)[], o: OpEnv, fuzzy: boolean, offset = 0): Leg[] {
  const legs: Leg[] = [];
  for (const t of tables) {
    if (t.kind === 'NamePattern') {
      if (!t.pattern.includes('*')) { pushLeg(legs, t.pattern, { kind: 'Name', name: t.pattern, quoted: false, start: t.start, end: t.end }, o, fuzzy); continue; }
      const names = new Set<string>();
      for (const n of o.ctx.tableNames()) if (patternMatches(t.pattern, n)) names.add(n);
      for (const n of [...o.ctx.asTables.keys()]) if (patternMatches(t.pattern, n)) names.add(n);
      for (const n of [...names].sort()) pushLeg(legs, n, { kind: 'Name', name: n, quoted: false, start: t.start, end: t.end }, o, fuzzy);
      continue;
    }
    const name = t.kind === 'Name' ? t.name
      : t.kind === 'Call' && t.name.name === 'table' && t.args[0]?.kind === 'Literal' ? String(t.args[0].value)
        : t.kind === 'Pipe' && t.operator.kind === 'As' ? t.operator.name.name
          : `union_arg${offset + legs.length}`;
    pushLeg(legs, name, t, o, fuzzy);
  }
  return legs;
}

function pushLeg(legs: Leg[], name: string, e: A.Expr, o: OpEnv, fuzzy: boolean): void {
  try { legs.push({ name, batch: o.tabular(e, o.env) }); }
  catch (err) { if (fuzzy && err instanceof ExecError && err.code === EXEC_CODES.unknownTable) return; throw err; }
}

export function unionLegs(legs: readonly Leg[], params: readonly A.OpParam[]): Batch {
  const kind = (paramText(params, 'kind') ?? 'outer').toLowerCase();
  const source = paramText(params, 'withsource');
  // (name, type) pairs in first-appearance order; a name seen with several types gets `name_type`.
  const pairs: { name: string; type: ScalarType }[] = [];
  const types = new Map<string, ScalarType[]>();
  for (const l of legs) for (const f of l.batch.fields) {
    let ts = types.get(f.name);
    if (!ts) { ts = []; types.set(f.name, ts); }
    if (!ts.includes(f.column.type)) { ts.push(f.column.type); pairs.push({ name: f.name, type: f.column.type }); }
  }
  // Suffixed names may meet an existing column of that name: later ones get a number (x_long1).
  const used = new Set<string>();
  let outCols: { name: string; src: string; type: ScalarType }[] = pairs.map((p) => {
    let name = types.get(p.name)!.length > 1 ? `${p.name}_${p.type}` : p.name;
    if (used.has(name)) { let i = 1; while (used.has(`${name}${i}`)) i++; name = `${name}${i}`; }
    used.add(name);
    return { name, src: p.name, type: p.type };
  });
  if (kind === 'inner') outCols = outCols.filter((c) => legs.every((l) => l.batch.fields.some((f) => f.name === c.src && f.column.type === c.type)));
  const parts = legs.map((l) => ({ l, ids: l.batch.sel ?? null, n: rowCount(l.batch) }));
  // Strings copy 4-byte codes; other columns pass through boxed values (~24 bytes a row) on the way.
  const rows = parts.reduce((a, p) => a + p.n, 0);
  reserve(rows * outCols.reduce((a, c) => a + (c.type === 'string' ? 4 : 24), source ? 4 : 0), `union of ${rows.toLocaleString('en-US')} rows`);
  const fields: Field[] = [];
  if (source) {
    const total = parts.reduce((a, p) => a + p.n, 0);
    const vals: string[] = [];
    for (const p of parts) for (let i = 0; i < p.n; i++) vals.push(p.l.name);
    fields.push({ name: source, column: total === 0 ? constColumn('string', '', 0) : concatColumns('string', parts.map((p) => ({ column: constColumn('string', p.l.name, p.n), ids: null, n: p.n }))) });
  }
  for (const c of outCols) {
    fields.push({
      name: c.name,
      column: concatColumns(c.type, parts.map((p) => {
        const f = p.l.batch.fields.find((x) => x.name === c.src && x.column.type === c.type);
        return { column: f?.column, ids: p.ids, n: p.n };
      })),
    });
  }
  return { fields, physLen: parts.reduce((a, p) => a + p.n, 0) };
}

export function unionOp(op: A.UnionOp, input: Batch | undefined, o: OpEnv, inputName?: string): Batch {
  const fuzzy = (paramText(op.params, 'isfuzzy') ?? 'false').toLowerCase() === 'true';
  const legs: Leg[] = [];
  if (input) legs.push({ name: inputName ?? 'union_arg0', batch: input });
  legs.push(...resolveLegs(op.tables, o, fuzzy, legs.length));
  void rowIds;
  return unionLegs(legs, op.params);
}
