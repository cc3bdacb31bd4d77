/**
 * `scan [with_match_id=Id] [declare (c:type[=default], …)] with (step s1 [output=all|last|none]:
 * condition [=> c = expr, …]; …)` — sequence matching over the serialized input, as
 * scan-operator.md's "Scan logic" states it:
 * - the state holds, per step s_k, the records of s_1..s_k of one active sequence (or nothing);
 * - each record is tried against the steps from the last to the first;
 *   check 1: s_k-1's state is active and the condition holds with it → that state moves to s_k,
 *   extended by the record (assignments computed), and the record is output;
 *   check 2 (only if check 1 did not match): s_k's state is active, or s_k is the first step, and the
 *   condition holds with s_k's state → the record replaces s_k's own entry and is output; on the
 *   first step with no active sequence a new sequence (match id + 1) begins;
 * - `s_j.col` reads column col of s_j's record in the state the condition is tried with (when
 *   absent: a declared column's default, else null); declared columns start at their default for each record; an assignment sees the
 *   earlier ones of its step;
 * - output=none never outputs the step's records, output=last only the last of a run of matches of
 *   the step (written when the sequence moves on, or at the end of the input).
 */
import type * as A from '../../syntax/ast.js';
import type { ScalarType, Value } from '../../data/types.js';
import { ObjectColumn, type Field } from '../../data/column.js';
import type { OperatorImpl } from '../operator.js';
import { paramText } from '../operator.js';
import { compile, type Compiled } from '../expr.js';
import { castValue } from '../cast.js';
import { columnFromValues, compact, gather } from '../batch.js';
import { EXEC_CODES, checkDeadline, fail } from '../context.js';

/**
 * A column whose value at row r is written just before an expression is evaluated at r (the scan
 * state seen by a step); compiled expressions read `data[r]`.
 */
class CellColumn extends ObjectColumn {
  declare readonly data: Value[];
  constructor(type: ScalarType, n: number) { super(type, new Array<Value>(n).fill(null)); }
}

interface Rec { readonly row: number; readonly decl: Value[] }
interface Seq { readonly id: number; readonly recs: Rec[] }

const PREFIX = '\u0001scan:';

/** Copies an expression, turning `step.col` into the internal name of a state cell. */
function rewrite(e: unknown, steps: ReadonlySet<string>, refs: Map<string, { step: string; col: string }>): unknown {
  if (Array.isArray(e)) return e.map((x) => rewrite(x, steps, refs));
  if (e === null || typeof e !== 'object') return e;
  const n = e as { kind?: string; target?: { kind?: string; name?: string }; member?: { name: string } } & A.Span;
  if (n.kind === 'Literal') return e;
  if (n.kind === 'Member' && n.target?.kind === 'Name' && steps.has(n.target.name!)) {
    const name = `${PREFIX}${n.target.name}.${n.member!.name}`;
    refs.set(name, { step: n.target.name!, col: n.member!.name });
    return { kind: 'Name', name, quoted: true, start: n.start, end: n.end };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) out[k] = rewrite(v, steps, refs);
  return out;
}

export const scan: OperatorImpl<'Scan'> = (op, input, o) => {
  const b = compact(input);
  const n = b.physLen;
  const stepNames = op.steps.map((s) => s.name.name);
  const stepIndex = new Map(stepNames.map((s, i) => [s, i]));
  if (stepIndex.size !== stepNames.length) return fail(EXEC_CODES.badArgument, 'scan: step names must be unique', op);
  if (op.steps.length === 0) return fail(EXEC_CODES.badArgument, 'scan: at least one step is needed', op);
  const decl = op.declare.map((d, i) => {
    const type: ScalarType = d.type.type ?? 'string';
    const dflt = op.defaults[i];
    let v: Value = type === 'string' ? '' : null;
    if (dflt) {
      const c = compile(dflt, o.scope([]));
      if (!c.constant) return fail(EXEC_CODES.badArgument, `scan: the default of '${d.name.name}' must be a constant`, dflt);
      v = c.type === type ? (c.value ?? null) : castValue(c.value ?? null, c.type, type, o.ctx.eval);
    }
    return { name: d.name.name, type, dflt: v, cell: new CellColumn(type, n) };
  });
  const declIndex = new Map(decl.map((d, i) => [d.name, i]));
  const inputIndex = new Map(b.fields.map((f, i) => [f.name, i]));
  // Fields the steps see: the input row, the record's declared columns, the state cells.
  const refs = new Map<string, { step: string; col: string }>();
  const stepSet = new Set(stepNames);
  const exprs = op.steps.map((st) => ({
    cond: rewrite(st.condition, stepSet, refs) as A.Expr,
    assigns: st.assignments.map((a) => ({ name: a.name.name, expr: rewrite(a.expr, stepSet, refs) as A.Expr })),
  }));
  const cells: { name: string; step: number; input?: number; decl?: number; cell: CellColumn }[] = [];
  for (const [name, r] of refs) {
    const input = inputIndex.get(r.col), d = declIndex.get(r.col);
    if (d === undefined && input === undefined) return fail(EXEC_CODES.unknownColumn, `scan: unknown column '${r.col}' of step '${r.step}'`, op);
    const type: ScalarType = d !== undefined ? decl[d]!.type : b.fields[input!]!.column.type;
    cells.push({ name, step: stepIndex.get(r.step)!, ...(d !== undefined ? { decl: d } : { input }), cell: new CellColumn(type, n) });
  }
  const fields: Field[] = [
    ...b.fields.filter((f) => !declIndex.has(f.name)),
    ...decl.map((d) => ({ name: d.name, column: d.cell })),
    ...cells.map((c) => ({ name: c.name, column: c.cell })),
  ];
  const s = o.scope(fields);
  const compiled = exprs.map((x, k) => ({
    cond: compile(x.cond, s),
    assigns: x.assigns.map((a): { at: number; c: Compiled } => {
      const at = declIndex.get(a.name);
      if (at === undefined) return fail(EXEC_CODES.unknownColumn, `scan: '${a.name}' is not a declared column (step '${stepNames[k]}')`, op.steps[k]!);
      return { at, c: compile(a.expr, s) };
    }),
  }));
  const setState = (seq: Seq | null, r: number): void => {
    for (const c of cells) {
      const rec = seq?.recs[c.step];
      // An absent record reads as the declared column's default (0 in the docs' cumulative sum), or null.
      c.cell.data[r] = c.decl !== undefined ? (rec === undefined ? decl[c.decl]!.dflt : rec.decl[c.decl]!) : rec === undefined ? null : b.fields[c.input!]!.column.get(rec.row);
    }
  };
  const extend = (k: number, r: number, seq: Seq | null): Rec => {
    setState(seq, r);
    const vals = decl.map((d) => d.dflt);
    decl.forEach((d, i) => { d.cell.data[r] = vals[i]!; });
    for (const a of compiled[k]!.assigns) {
      const v = a.c.fn(r);
      const t = decl[a.at]!.type;
      vals[a.at] = a.c.type === t ? v : castValue(v, a.c.type, t, o.ctx.eval);
      decl[a.at]!.cell.data[r] = vals[a.at]!;
    }
    return { row: r, decl: vals };
  };
  const matches = (k: number, r: number, seq: Seq | null): boolean => {
    setState(seq, r);
    decl.forEach((d) => { d.cell.data[r] = d.dflt; });
    return compiled[k]!.cond.fn(r) === true;
  };

  const out: { rec: Rec; id: number }[] = [];
  const pending: ({ rec: Rec; id: number } | undefined)[] = op.steps.map(() => undefined);
  const emit = (k: number, rec: Rec, id: number): void => {
    const mode = op.steps[k]!.output;
    if (mode === 'all') out.push({ rec, id });
    else if (mode === 'last') pending[k] = { rec, id };
  };
  const flush = (k: number): void => { const p = pending[k]; if (p) { out.push(p); pending[k] = undefined; } };
  const state: (Seq | null)[] = op.steps.map(() => null);
  let matchId = -1;
  for (let r = 0; r < n; r++) {
    for (let k = op.steps.length - 1; k >= 0; k--) {
      const prev = k > 0 ? state[k - 1]! : null;
      if (prev && matches(k, r, prev)) {
        const rec = extend(k, r, prev);
        flush(k - 1);
        flush(k);
        state[k] = { id: prev.id, recs: [...prev.recs, rec] };
        state[k - 1] = null;
        emit(k, rec, prev.id);
        continue;
      }
      const cur = state[k]!;
      if ((cur || k === 0) && matches(k, r, cur)) {
        const rec = extend(k, r, cur);
        if (cur) {
          const recs = cur.recs.slice(); recs[k] = rec;
          state[k] = { id: cur.id, recs };
          emit(k, rec, cur.id);
        } else {
          state[k] = { id: ++matchId, recs: [rec] };
          emit(k, rec, matchId);
        }
      }
    }
    if ((r & 1023) === 0) checkDeadline(o.ctx);
  }
  for (let k = 0; k < pending.length; k++) flush(k);

  const rows = Uint32Array.from(out.map((x) => x.rec.row));
  const result: Field[] = [];
  for (const f of b.fields) if (!declIndex.has(f.name)) result.push({ name: f.name, column: gather(f.column, rows) });
  decl.forEach((d, i) => {
    const col = columnFromValues(d.type, out.map((x) => x.rec.decl[i]!));
    const at = b.fields.findIndex((f) => f.name === d.name);
    if (at >= 0) result.splice(at, 0, { name: d.name, column: col }); else result.push({ name: d.name, column: col });
  });
  const mid = paramText(op.params, 'with_match_id');
  if (mid) result.push({ name: mid, column: columnFromValues('long', out.map((x) => x.id)) });
  return { fields: result, physLen: out.length };
};
