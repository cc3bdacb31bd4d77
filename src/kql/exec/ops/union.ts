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
import { type Batch, columnFromValues, concatColumns, rowCount, rowIds, constColumn } from '../batch.js';
import { castValue } from '../cast.js';
import type { Value } from '../../data/types.js';
import { ExecError, EXEC_CODES } from '../context.js';
import { unionColumns } from '../../binder/naming.js';

export interface Leg { readonly name: string; readonly batch: Batch }

/**
 * `isfuzzy=true` (union-operator.md): "the set of union sources is reduced to the set of table
 * references that exist … If at least one such table was found, any resolution failure yields a
 * warning … If no resolutions were successful, the query returns an error", and "once the set of
 * source tables is determined, possible additional query failures won't be suppressed". So a leg
 * whose table or function does not resolve is left out with a warning; other failures stay errors.
 */
const RESOLUTION: ReadonlySet<string> = new Set([EXEC_CODES.unknownTable, EXEC_CODES.unknownFunction]);

export function resolveLegs(tables: readonly (A.Expr | A.NamePattern)[], o: OpEnv, fuzzy: boolean, offset = 0): Leg[] {
  const legs: Leg[] = [];
  const failed: ExecError[] = [];
  for (const t of tables) {
    if (t.kind === 'NamePattern') {
      if (!t.pattern.includes('*')) { pushLeg(legs, failed, t.pattern, { kind: 'Name', name: t.pattern, quoted: false, start: t.start, end: t.end }, o, fuzzy); continue; }
      const names = new Set<string>();
      for (const n of o.ctx.tableNames()) if (patternMatches(t.pattern, n)) names.add(n);
      for (const n of [...o.ctx.asTables.keys()]) if (patternMatches(t.pattern, n)) names.add(n);
      const first = legs.length;
      for (const n of [...names].sort()) pushLeg(legs, failed, n, { kind: 'Name', name: n, quoted: false, start: t.start, end: t.end }, o, fuzzy);
      unifyByName(legs, first, o);
      continue;
    }
    const name = t.kind === 'Name' ? t.name
      : t.kind === 'Call' && t.name.name === 'table' && t.args[0]?.kind === 'Literal' ? String(t.args[0].value)
        : t.kind === 'Pipe' && t.operator.kind === 'As' ? t.operator.name.name
          : `union_arg${offset + legs.length}`;
    pushLeg(legs, failed, name, t, o, fuzzy);
  }
  // No leg resolved: the query fails (as documented), naming the first missing source.
  if (failed.length > 0 && legs.length === 0 && offset === 0) throw failed[0]!;
  for (const e of failed) o.ctx.warnings.push(`union isfuzzy=true: a leg was left out: ${e.code} ${e.message}`);
  return legs;
}

/**
 * The tables behind one wildcard leg (`union *`, `union Sec*`) are unified by name before the
 * union: a column the tables type differently takes the type most of them give (the first seen on
 * a tie) and the others' values are converted to it — the binder's rule (binder.ts mergeByName,
 * as Kusto.Language types such a leg), so `union * | where Timestamp > ago(1d)` binds and runs.
 */
function unifyByName(legs: Leg[], from: number, o: OpEnv): void {
  if (legs.length - from < 2) return;
  const counts = new Map<string, Map<ScalarType, number>>();
  for (let i = from; i < legs.length; i++) for (const f of legs[i]!.batch.fields) {
    let m = counts.get(f.name);
    if (!m) { m = new Map(); counts.set(f.name, m); }
    m.set(f.column.type, (m.get(f.column.type) ?? 0) + 1);
  }
  const target = new Map<string, ScalarType>();
  for (const [name, m] of counts) {
    if (m.size < 2) continue;
    let best: ScalarType | undefined, n = 0;
    for (const [t, k] of m) if (k > n) { best = t; n = k; }
    target.set(name, best!);
  }
  if (target.size === 0) return;
  for (let i = from; i < legs.length; i++) {
    const b = legs[i]!.batch;
    if (!b.fields.some((f) => target.has(f.name) && target.get(f.name) !== f.column.type)) continue;
    const fields = b.fields.map((f) => {
      const to = target.get(f.name);
      if (to === undefined || to === f.column.type) return f;
      const vals: Value[] = new Array(b.physLen);
      for (let r = 0; r < b.physLen; r++) vals[r] = castValue(f.column.get(r), f.column.type, to, o.ctx.eval);
      return { name: f.name, column: columnFromValues(to, vals) };
    });
    legs[i] = { name: legs[i]!.name, batch: { ...b, fields } };
  }
}

function pushLeg(legs: Leg[], failed: ExecError[], name: string, e: A.Expr, o: OpEnv, fuzzy: boolean): void {
  try { legs.push({ name, batch: o.tabular(e, o.env) }); }
  catch (err) {
    if (!fuzzy || !(err instanceof ExecError) || !RESOLUTION.has(err.code)) throw err;
    failed.push(err);
  }
}

export function unionLegs(legs: readonly Leg[], params: readonly A.OpParam[]): Batch {
  const kind = (paramText(params, 'kind') ?? 'outer').toLowerCase();
  const source = paramText(params, 'withsource');
  // Names and order: binder/naming.ts unionColumns (one rule for check and execution).
  let outCols = unionColumns(legs.map((l) => l.batch.fields.map((f) => ({ name: f.name, type: f.column.type }))));
  // Each leg's fields by (name, type): `union *` meets hundreds of legs × thousands of columns.
  const key = (name: string, type: ScalarType): string => `${type}\u0000${name}`;
  const parts = legs.map((l) => ({ l, ids: l.batch.sel ?? null, n: rowCount(l.batch), byKey: new Map(l.batch.fields.map((f) => [key(f.name, f.column.type), f])) }));
  if (kind === 'inner') outCols = outCols.filter((c) => parts.every((p) => p.byKey.has(key(c.src, c.type))));
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
  // Legs without rows add nothing to a column (union * over empty tables: most of them).
  const live = parts.filter((p) => p.n > 0);
  for (const c of outCols) {
    fields.push({
      name: c.name,
      column: concatColumns(c.type, live.map((p) => {
        const f = p.byKey.get(key(c.src, c.type));
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
