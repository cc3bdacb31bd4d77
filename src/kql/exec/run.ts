/**
 * Tabular evaluation: walks the statements of a script and the pipes of each tabular expression,
 * dispatching every operator to its implementation in ./ops (an exhaustive table keyed by kind).
 * Sources: table names (query tables, `let` names, `as` names), user functions and views,
 * `table('T')`, `materialize()`, `_GetWatchlist('alias')`, and the source operators
 * (print, range, datatable, union, evaluate, search, find).
 */
import type * as A from '../syntax/ast.js';
import { type Field, NumberColumn } from '../data/column.js';
import type { ScalarType, Value } from '../data/types.js';
import { type Batch, batchFromTable, columnFromValues, compact, rowIds, withSel } from './batch.js';
import { type Binding, Env, EXEC_CODES, ExecError, type QueryContext, checkDeadline, fail } from './context.js';
import { checkpoint, LimitError, reserve, ROW_BLOCK } from '../governor.js';
import { type Scope, type Compiled, compile, constant, bindLambdaArgs, bindLet, coerce, registerSpecial, evalColumn, findField, filterRows } from './expr.js';
import type { OpEnv } from './operator.js';
import { columnLikeName } from './names.js';
import { IMPLICIT } from './names-internal.js';
import { where } from './ops/where.js';
import { extend } from './ops/extend.js';
import { project } from './ops/project.js';
import { projectAway, projectKeep, projectRename, projectReorder, projectByNames } from './ops/project-away.js';
import { summarize } from './ops/summarize.js';
import { join, lookup } from './ops/join.js';
import { unionOp } from './ops/union.js';
import { sort } from './ops/sort.js';
import { top, countArg } from './ops/top.js';
import { sortKeys } from './ops/sort.js';
import { topRows } from './sort.js';
import { take, sample } from './ops/take.js';
import { distinct, sampleDistinct } from './ops/distinct.js';
import { count } from './ops/count.js';
import { mvExpand } from './ops/mv-expand.js';
import { mvApply } from './ops/mv-apply.js';
import { parse } from './ops/parse.js';
import { parseKv } from './ops/parse-kv.js';
import { evaluate } from './ops/evaluate.js';
import { makeSeries } from './ops/make-series.js';
import { as, serialize, getSchema, render, consume, executeAndCache, assertSchema, invoke } from './ops/misc.js';
import { topNested } from './ops/top-nested.js';
import { partition, topHitters } from './ops/partition.js';
import { search, find } from './ops/search.js';
import { castValue } from './cast.js';
import { planFilterFirst, neededBelow, type FilterFirst } from './pushdown.js';
import { extendItems } from './ops/extend.js';
import { inStoredFunction } from '../stored-functions.js';
import { isTableSource, type ScanRequest, type TermFilter, type TimeRange } from '../scan.js';
import { termFiltersOf, termsBelow, type ConstantOf } from './term-filters.js';
import { rangesBelow, requestKey, timeRangesOf, intersectRanges, type Fold } from './scan-request.js';
import { tupleItemColumns } from './tuple.js';
import { scalarImpl } from '../functions/registry.js';
import { scan } from './ops/scan.js';

/** CLOUDHOP_EXEC_PROFILE=1 prints each operator's time and output rows to stderr (inclusive of nothing but itself). */
const PROFILE = typeof process !== 'undefined' && !!process.env.CLOUDHOP_EXEC_PROFILE;

type Handler = (op: A.Operator, input: Batch, o: OpEnv) => Batch;
const unsupported = (what: string): Handler => (op) => fail(EXEC_CODES.unsupported, `the ${what} operator is not supported by this engine`, op);

/** One handler per operator kind; a new kind does not compile until it is listed here. */
const OPS: Record<A.Operator['kind'], Handler> = {
  Where: where as Handler, Extend: extend as Handler, Project: project as Handler,
  ProjectAway: projectAway as Handler, ProjectKeep: projectKeep as Handler, ProjectRename: projectRename as Handler,
  ProjectReorder: projectReorder as Handler, Summarize: summarize as Handler, Join: join as Handler,
  Lookup: lookup as Handler, Union: ((op: A.UnionOp, input: Batch, o: OpEnv) => unionOp(op, input, o)) as Handler,
  Sort: sort as Handler, Top: top as Handler, TopNested: topNested as Handler, TopHitters: topHitters as Handler,
  Take: take as Handler, Distinct: distinct as Handler, Count: count as Handler, MvExpand: mvExpand as Handler,
  MvApply: mvApply as Handler, Parse: parse as Handler, ParseKv: parseKv as Handler,
  Evaluate: ((op: A.EvaluateOp, input: Batch, o: OpEnv) => evaluate(op, input, o)) as Handler,
  MakeSeries: makeSeries as Handler, As: as as Handler, Serialize: serialize as Handler, Invoke: invoke as Handler,
  Search: ((op: A.SearchOp, input: Batch, o: OpEnv) => search(op, input, o)) as Handler,
  Find: ((op: A.FindOp, input: Batch, o: OpEnv) => find(op, input, o)) as Handler,
  GetSchema: getSchema as Handler,
  Print: (op, _input, o) => sourceOp(op as A.PrintOp, o),
  Range: (op, _input, o) => sourceOp(op as A.RangeOp, o),
  Datatable: (op, _input, o) => sourceOp(op as A.DatatableOp, o),
  ExternalData: unsupported('externaldata'),
  Render: render as Handler, Sample: sample as Handler, SampleDistinct: sampleDistinct as Handler,
  Fork: unsupported('fork'), Facet: unsupported('facet'), Partition: partition as Handler,
  Consume: consume as Handler, Reduce: unsupported('reduce'), ExecuteAndCache: executeAndCache as Handler,
  AssertSchema: assertSchema as Handler, Scan: scan as Handler,
  Graph: unsupported('graph'),
  ProjectByNames: projectByNames as Handler,
  UnknownOp: (op) => fail(EXEC_CODES.unsupported, `unknown operator '${(op as A.UnknownOp).name}'`, op),
};

export class Runner implements OpEnv {
  constructor(readonly ctx: QueryContext, readonly env: Env, readonly needed?: ReadonlySet<string>) {}

  with(env: Env, needed?: ReadonlySet<string>): Runner { return env === this.env && needed === this.needed ? this : new Runner(this.ctx, env, needed); }

  scope(fields: readonly Field[], env?: Env): Scope {
    const self = env ? this.with(env) : this;
    return {
      fields, env: env ?? this.env, ctx: this.ctx, cursor: { rows: new Uint32Array(0), pos: 0 },
      tabular: (e, en) => self.tabular(e, en),
      isTabular: (e, en) => self.isTabular(e, en),
    };
  }

  apply(op: A.Operator, input: Batch, env: Env, needed?: ReadonlySet<string>): Batch {
    try {
      return this.applyOp(op, input, env, needed);
    } catch (e) {
      // A limit hit inside an operator is reported at that operator (the innermost one).
      if (e instanceof LimitError) throw new ExecError(e.code, e.message, op.start, op.end);
      if (e instanceof RangeError && /allocation|array length|string length|memory|heap/i.test(e.message)) {
        throw new ExecError(EXEC_CODES.memory, `the query ran out of memory (${e.message}); narrow it with where/take or summarize earlier`, op.start, op.end);
      }
      throw e;
    }
  }

  private applyOp(op: A.Operator, input: Batch, env: Env, needed?: ReadonlySet<string>): Batch {
    checkDeadline(this.ctx, true);
    if (!PROFILE) return OPS[op.kind](op, input, this.with(env, needed));
    const t0 = performance.now();
    const out = OPS[op.kind](op, input, this.with(env, needed));
    process.stderr.write(`[exec] ${op.kind.padEnd(12)} ${(performance.now() - t0).toFixed(1).padStart(8)} ms  ${String(out.sel ? out.sel.length : out.physLen).padStart(9)} rows\n`);
    return out;
  }

  /** Is `e` a tabular expression in `env`? */
  isTabular(e: A.Expr, env: Env): boolean {
    switch (e.kind) {
      case 'Pipe': case 'ImplicitSource': return true;
      case 'Name': {
        const b = env.get(e.name);
        if (b) return this.bindingIsTabular(b);
        return this.ctx.asTables.has(e.name) || this.ctx.resolveTable(e.name) !== undefined;
      }
      case 'Call': {
        const n = e.name.name;
        if (n === 'table' || n === 'materialize' || n === '_GetWatchlist' || n === 'view') return true;
        const b = env.get(n);
        if (b && b.kind === 'lambda') return this.isTabular(b.lambda.body.result, this.lambdaShapeEnv(b.lambda, b.env));
        return false;
      }
      default: return (A_SOURCE_KINDS as ReadonlySet<string>).has(e.kind);
    }
  }

  private lambdaShapeEnv(l: A.Lambda, env: Env): Env {
    // Parameters: tabular params are tables; scalars are scalars. Body lets are lazy.
    const e = env.child();
    for (const p of l.params) e.set(p.name.name, p.type.kind === 'TabularType' ? { kind: 'batch', batch: { fields: [], physLen: 0 } } : { kind: 'scalar', type: 'dynamic', value: null });
    for (const st of l.body.statements) bindLet(st, e);
    return e;
  }

  private bindingIsTabular(b: Binding): boolean {
    switch (b.kind) {
      case 'tabular': case 'batch': return true;
      case 'scalar': case 'compiled': return false;
      case 'lambda': return b.lambda.isView || (b.lambda.params.length === 0 && this.isTabular(b.lambda.body.result, this.lambdaShapeEnv(b.lambda, b.env)));
      case 'lazy': return b.resolved ? this.bindingIsTabular(b.resolved) : this.isTabular(b.expr, b.env);
    }
  }

  /** Evaluates a tabular expression. */
  /**
   * Evaluates a tabular expression. `needed`, when given, lists the only output columns the
   * consumer reads: operators that would copy many columns (join, lookup) may leave the others out.
   */
  /**
   * `time`: ranges that hold on this expression's rows (from `where`s above it, scan-request.ts):
   * a table reference asks its TableSource for only those (src/kql/scan.ts).
   */
  tabular(e: A.Expr, env: Env, needed?: ReadonlySet<string>, time?: readonly TimeRange[], terms?: readonly TermFilter[]): Batch {
    const r = this.with(env);
    switch (e.kind) {
      case 'Pipe': {
        const ff = planFilterFirst(e, needed);
        if (ff) {
          const defined = new Set(ff.items.map((i) => i.name));
          const t = intersectRanges([...(time ?? []).filter((x) => !defined.has(x.column)), ...timeRangesOf(ff.where.predicate, r.folder(env))]);
          const tf = [...(terms ?? []).filter((x) => !defined.has(x.column)), ...termFiltersOf(ff.where.predicate, r.constants(env))];
          return r.filterFirst(ff, env, t, tf);
        }
        // `sort … | take n` runs as a top-n (bounded heap) instead of a full sort.
        if ((e.operator.kind === 'Take') && e.source.kind === 'Pipe' && e.source.operator.kind === 'Sort') {
          const n = countArg(e.operator.count, r);
          const input = r.tabular(e.source.source, env, neededBelow(e.source.operator, needed));
          const { batch, keys } = sortKeys(e.source.operator.items, input, r);
          return withSel(batch, topRows(rowIds(batch), keys, n));
        }
        const input = r.tabular(e.source, env, neededBelow(e.operator, needed), rangesBelow(e.operator, time ?? [], r.folder(env)), termsBelow(e.operator, terms ?? [], r.constants(env)));
        // union's withsource names the piped input after its table when it is one.
        if (e.operator.kind === 'Union') return unionOp(e.operator, input, r, e.source.kind === 'Name' ? e.source.name : undefined);
        return r.apply(e.operator, input, env, needed);
      }
      case 'ImplicitSource': {
        const b = env.get(IMPLICIT);
        if (b && b.kind === 'batch') return b.batch;
        return fail(EXEC_CODES.unsupported, 'no implicit input here', e);
      }
      case 'Name': return pruned(r.named(e, env, { ...(needed ? { columns: needed } : {}), ...(time?.length ? { time } : {}), ...(terms?.length ? { terms } : {}) }), needed);
      case 'Call': return r.call(e, env);
      case 'Print': case 'Range': case 'Datatable': return sourceOp(e, r);
      case 'Union': return unionOp(e, undefined, r);
      case 'Evaluate': return evaluate(e, undefined, r);
      case 'Search': return search(e, undefined, r);
      case 'Find': return find(e, undefined, r);
      case 'ExternalData': return fail(EXEC_CODES.unsupported, 'externaldata is not supported (no network access)', e);
      case 'Member':
        // database("x").T or cluster(...).database(...).T: use the table name.
        return r.tabular(e.member, env);
      default:
        return fail(EXEC_CODES.notScalar, 'a tabular expression is expected here', e);
    }
  }

  /**
   * Runs `extends | where` as: the where (the items it reads substituted in), then the items the
   * consumer reads over the surviving rows; restores the column order of the original chain.
   */
  private filterFirst(ff: FilterFirst, env: Env, time: readonly TimeRange[], terms: readonly TermFilter[]): Batch {
    const input = this.tabular(ff.base, env, ff.baseNeeded, time, terms);
    const order = input.fields.map((f) => f.name);
    for (const it of ff.all) if (!order.includes(it.name)) order.push(it.name);
    let b = this.apply(ff.where, input, env);
    if (ff.rest.length) b = extendItems(ff.rest, b, this);
    const byName = new Map(b.fields.map((f) => [f.name, f]));
    return { ...b, fields: order.map((n) => byName.get(n)!).filter((f) => f !== undefined) };
  }

  /** A row-independent expression's value (term-filters.ts), by the fold below. */
  constants(env: Env): ConstantOf { const f = this.folder(env); return (x) => f(x)?.value; }

  /** Folds a row-independent expression with the query's `now` and `let`s (scan-request.ts). */
  folder(env: Env): Fold {
    return (x) => {
      if (x.kind === 'Name' && !env.get(x.name)) return undefined; // a column
      try {
        const c = compile(x, this.scope([], env));
        return c.constant ? { type: c.type, value: c.value ?? null } : undefined;
      } catch { return undefined; }
    };
  }

  /** `request`: what the operators above a table reference need of it (a TableSource reads only that). */
  private named(e: A.Name, env: Env, request: ScanRequest = {}): Batch {
    const b = env.get(e.name);
    if (b) {
      switch (b.kind) {
        case 'batch': return b.batch;
        case 'tabular': if (!b.cache) b.cache = compact(this.tabular(b.expr, b.env)); return b.cache;
        case 'lambda': return this.invokeLambda(b.lambda, b.env, { kind: 'Call', name: e, args: [], start: e.start, end: e.end });
        case 'lazy': {
          if (!b.resolved) {
            if (!this.isTabular(b.expr, b.env)) return fail(EXEC_CODES.notScalar, `'${e.name}' is a scalar, not a table`, e);
            b.resolved = { kind: 'tabular', expr: b.expr, env: b.env };
          }
          return this.named(e, wrapEnv(e.name, b.resolved));
        }
        case 'scalar': case 'compiled': return fail(EXEC_CODES.notScalar, `'${e.name}' is a scalar, not a table`, e);
      }
    }
    const as = this.ctx.asTables.get(e.name);
    if (as) return as;
    let cached = this.ctx.tableCache.get(e.name);
    if (!cached) {
      const t = this.ctx.resolveTable(e.name);
      if (!t) {
        const names = this.ctx.tableNames();
        const near = names.find((n) => n.toLowerCase() === e.name.toLowerCase());
        return fail(EXEC_CODES.unknownTable, `unknown table '${e.name}'${near ? ` (did you mean '${near}'?)` : ''}`, e);
      }
      if (isTableSource(t)) {
        // Scanned once per (name, request) per query; ranges only on the source's datetime columns.
        const dt = new Set(t.schema.filter((c) => c.type === 'datetime').map((c) => c.name));
        const time = request.time?.filter((x) => dt.has(x.column));
        // Term filters only on the source's string columns (its term index covers those).
        const str = new Set(t.schema.filter((c) => c.type === 'string').map((c) => c.name));
        const terms = request.terms?.filter((x) => str.has(x.column));
        const req: ScanRequest = { ...(request.columns ? { columns: request.columns } : {}), ...(time?.length ? { time } : {}), ...(terms?.length ? { terms } : {}) };
        const key = `${e.name}\u0000${requestKey(req)}`;
        let b = this.ctx.tableCache.get(key);
        if (!b) {
          b = batchFromTable(t.scan(req));
          this.ctx.tableCache.set(key, b);
          this.ctx.scans?.push({ table: e.name, request: req, ...(t.lastScan ? { stats: t.lastScan } : {}) });
        }
        return b;
      }
      cached = batchFromTable(t);
      this.ctx.tableCache.set(e.name, cached);
    }
    return cached;
  }

  private call(e: A.Call, env: Env): Batch {
    const n = e.name.name;
    const arg0 = e.args[0];
    const constArg = (): string => {
      if (!arg0) return fail(EXEC_CODES.badArgument, `${n} needs an argument`, e);
      const c = compile(arg0, this.scope([], env));
      if (!c.constant || typeof c.value !== 'string') return fail(EXEC_CODES.badArgument, `${n} needs a constant string`, arg0);
      return c.value;
    };
    if (n === 'table') return this.named({ kind: 'Name', name: constArg(), quoted: true, start: e.start, end: e.end }, env);
    if (n === 'materialize' || n === 'view') {
      if (!arg0) return fail(EXEC_CODES.badArgument, 'materialize needs a table', e);
      return compact(this.tabular(arg0, env));
    }
    if (n === '_GetWatchlist') {
      const alias = constArg();
      const t = this.ctx.watchlists?.(alias);
      if (!t) return fail(EXEC_CODES.unknownTable, `unknown watchlist '${alias}'`, e);
      return batchFromTable(t);
    }
    const b = env.get(n);
    if (b && b.kind === 'lambda') return this.invokeLambda(b.lambda, b.env, e);
    // Table-valued use of a stored table name written as a call: T()
    return fail(EXEC_CODES.unknownFunction, `unknown tabular function '${n}'`, e.name);
  }

  invoke(call: A.Call, input?: Batch): Batch {
    const b = this.env.get(call.name.name);
    if (!b || b.kind !== 'lambda') return fail(EXEC_CODES.unknownFunction, `unknown function '${call.name.name}'`, call.name);
    return this.invokeLambda(b.lambda, b.env, call, input);
  }

  private invokeLambda(l: A.Lambda, lenv: Env, call: A.Call, input?: Batch): Batch {
    let env: Env;
    if (input) {
      // invoke: the input binds to the first parameter.
      const first = l.params[0];
      const rest: A.Lambda = { ...l, params: l.params.slice(1) };
      env = bindLambdaArgs(call, rest, lenv, this.scope([], this.env));
      if (first) env.set(first.name.name, { kind: 'batch', batch: input });
    } else env = bindLambdaArgs(call, l, lenv, this.scope([], this.env));
    return inStoredFunction(l, 'body', () => {
      for (const st of l.body.statements) bindLet(st, env);
      return this.tabular(l.body.result, env);
    });
  }
}

/** Column pruning at a source: only the columns the consumer reads (order kept). */
function pruned(b: Batch, needed: ReadonlySet<string> | undefined): Batch {
  if (!needed) return b;
  const fields = b.fields.filter((f) => needed.has(f.name));
  return fields.length === b.fields.length ? b : { ...b, fields };
}

function wrapEnv(name: string, b: Binding): Env { const e = new Env(); e.set(name, b); return e; }

const A_SOURCE_KINDS: ReadonlySet<string> = new Set(['Print', 'Range', 'Datatable', 'ExternalData', 'Union', 'Find', 'Search', 'Evaluate']);

/** print / range / datatable. */
function sourceOp(e: A.PrintOp | A.RangeOp | A.DatatableOp, o: OpEnv): Batch {
  const s = o.scope([]);
  if (e.kind === 'Print') {
    const fields: Field[] = [];
    const taken = new Set<string>();
    e.items.forEach((it, i) => {
      const tuple = tupleItemColumns(it, { ...s, fields }, Uint32Array.of(0));
      if (tuple) {
        for (const f of tuple) { let nm = f.name; while (taken.has(nm)) nm = nm + '1'; taken.add(nm); fields.push({ name: nm, column: f.column }); }
        return;
      }
      const c = compile(it.expr, { ...s, fields });
      // Unnamed print items are print_<index>, even plain names (binder/naming.ts agrees).
      let name = it.names[0]?.name ?? `print_${i}`;
      while (taken.has(name)) name = name + '1';
      taken.add(name);
      fields.push({ name, column: evalColumn(c, Uint32Array.of(0)) });
    });
    return { fields, physLen: 1 };
  }
  if (e.kind === 'Range') {
    const from = compile(e.from, s), to = compile(e.to, s), step = compile(e.step, s);
    const a = from.value, b = to.value, st = step.value;
    if (typeof a !== 'number' || typeof b !== 'number' || typeof st !== 'number') return fail(EXEC_CODES.badArgument, 'range: from, to and step must be constants', e);
    if (st === 0) return fail(EXEC_CODES.badArgument, 'range: step must not be 0', e.step);
    const n = Math.max(0, Math.floor((b - a) / st + 1e-9) + 1);
    if (n > 50_000_000) return fail(EXEC_CODES.memory, `range: ${n.toLocaleString('en-US')} rows exceed the engine's limit of 50,000,000`, e);
    reserve(n * 8, `range of ${n.toLocaleString('en-US')} rows`);
    const d = new Float64Array(n);
    for (let i0 = 0; i0 < n; i0 += ROW_BLOCK * 64) {
      for (let i = i0, end = Math.min(n, i0 + ROW_BLOCK * 64); i < end; i++) d[i] = a + i * st;
      checkpoint();
    }
    const type: ScalarType = from.type === 'int' ? 'long' : from.type;
    // The typed array is the column (no copy through a sink: 40 M rows took 1.5 s and twice the memory).
    return { fields: [{ name: e.column.name, column: new NumberColumn(type, d, undefined) }], physLen: n };
  }
  // datatable
  const cols = e.columns.map((c) => ({ name: c.name.name, type: (c.type.type ?? 'string') as ScalarType }));
  const w = cols.length;
  if (w === 0) return { fields: [], physLen: 0 };
  const n = Math.floor(e.values.length / w);
  const vals: Value[][] = cols.map(() => new Array<Value>(n));
  for (let i = 0; i < n * w; i++) {
    const col = cols[i % w]!;
    const c = compile(e.values[i]!, s);
    const v = c.value ?? null;
    vals[i % w]![Math.floor(i / w)] = c.type === col.type ? v : col.type === 'dynamic' ? v : castValue(v, c.type, col.type, o.ctx.eval);
  }
  return { fields: cols.map((c, j) => ({ name: c.name, column: columnFromValues(c.type, vals[j]!) })), physLen: n };
}


// ───────────────────────────── special scalar functions ─────────────────────────────

registerSpecial('toscalar', (e, s) => {
  const a = e.args[0];
  if (!a) return fail(EXEC_CODES.badArgument, 'toscalar needs an argument', e);
  if (!s.isTabular(a, s.env)) return compile(a, s);
  const b = s.tabular(a, s.env);
  const f = b.fields[0];
  if (!f) return constant('dynamic', null);
  const rows = rowIds(b);
  return constant(f.column.type, rows.length ? f.column.get(rows[0]!) : (f.column.type === 'string' ? '' : null));
});

registerSpecial('column_names_of', (e, s) => {
  const a = e.args[0];
  if (!a || !s.isTabular(a, s.env)) return fail(EXEC_CODES.badArgument, 'column_names_of(T) needs a table', e);
  return constant('dynamic', s.tabular(a, s.env).fields.map((f) => f.name));
});

registerSpecial('column_ifexists', (e, s) => {
  const a0 = e.args[0], a1 = e.args[1];
  if (!a0 || !a1) return fail(EXEC_CODES.badArgument, 'column_ifexists(name, default)', e);
  const nm = compile(a0, { ...s, fields: [] });
  if (typeof nm.value === 'string') {
    const f = findField(s.fields, nm.value);
    if (f) return compile({ kind: 'Name', name: f.name, quoted: true, start: a0.start, end: a0.end }, s);
  }
  return compile(a1, s);
});

registerSpecial('pack_all', (e, s) => {
  const ignoreEmpty = e.args[0] ? compile(e.args[0], s).value === true : false;
  // The operator's input row only: a sibling item of the same extend is not packed (Kusto docs,
  // pack-all-function.md: Packed and PackedIgnoreNullEmpty do not see each other).
  const s0 = s.operatorInput ? { ...s, fields: s.operatorInput } : s;
  const cols = s0.fields.map((f) => ({ name: f.name, fn: compile({ kind: 'Name', name: f.name, quoted: true, start: e.start, end: e.end }, s0) }));
  return {
    type: 'dynamic', constant: false, deps: cols.flatMap((c) => c.fn.deps),
    fn: (r) => {
      const o: Record<string, Value> = {};
      for (const c of cols) { const v = c.fn.fn(r); if (ignoreEmpty && (v === null || v === '')) continue; o[c.name] = c.fn.type === 'datetime' || c.fn.type === 'timespan' ? castValue(v, c.fn.type, 'string', s.ctx.eval) : v; }
      return o;
    },
  };
});

function windowCompiled(type: ScalarType, deps: Compiled['deps'], fn: (r: number) => Value): Compiled {
  return { type, fn, constant: false, deps, ordered: true };
}

registerSpecial('row_number', (e, s) => {
  const start = e.args[0] ? compile(e.args[0], s) : undefined;
  const restart = e.args[1] ? compile(e.args[1], s) : undefined;
  const base = typeof start?.value === 'number' ? start.value : 1;
  const cur = s.cursor;
  let n = base;
  return windowCompiled('long', restart?.deps ?? [], (r) => {
    if (cur.pos === 0 || (restart && restart.fn(r) === true)) n = base; else n++;
    return n;
  });
});

function prevNext(dir: -1 | 1): (e: A.Call, s: Scope) => Compiled {
  return (e, s) => {
    const a0 = e.args[0];
    if (!a0) return fail(EXEC_CODES.badArgument, `${dir < 0 ? 'prev' : 'next'}(column[, offset[, default]])`, e);
    const c = compile(a0, s);
    const off = e.args[1] ? compile(e.args[1], s).value : 1;
    const dflt = e.args[2] ? compile(e.args[2], s) : undefined;
    const k = typeof off === 'number' ? off : 1;
    const cur = s.cursor;
    return windowCompiled(c.type, c.deps, () => {
      const p = cur.pos + dir * k;
      if (p < 0 || p >= cur.rows.length) return dflt ? coerce(dflt.value ?? null, c.type) : (c.type === 'string' ? '' : null);
      return c.fn(cur.rows[p]!);
    });
  };
}
registerSpecial('prev', prevNext(-1));
registerSpecial('next', prevNext(1));

registerSpecial('row_cumsum', (e, s) => {
  const a0 = e.args[0];
  if (!a0) return fail(EXEC_CODES.badArgument, 'row_cumsum(term[, restart])', e);
  const c = compile(a0, s);
  const restart = e.args[1] ? compile(e.args[1], s) : undefined;
  const cur = s.cursor;
  let acc = 0;
  return windowCompiled(c.type === 'int' ? 'long' : c.type, c.deps, (r) => {
    if (cur.pos === 0 || (restart && restart.fn(r) === true)) acc = 0;
    const v = c.fn(r);
    if (typeof v === 'number') acc += v;
    return acc;
  });
});

// bin_auto(x) (bin-auto-function.md): bin_at(x, query_bin_auto_size, query_bin_auto_at) with the
// query's `set` options; the size defaults to 1h for datetimes/timespans and 1 for numbers, the
// anchor (without query_bin_auto_at) that of bin().
registerSpecial('bin_auto', (e, s) => {
  const a0 = e.args[0];
  if (!a0 || e.args.length !== 1) return fail(EXEC_CODES.badArgument, 'bin_auto(value)', e);
  const x = compile(a0, s);
  const timeish = x.type === 'datetime' || x.type === 'timespan';
  const size = s.ctx.options.get('query_bin_auto_size');
  const at = s.ctx.options.get('query_bin_auto_at');
  const sz = typeof size === 'number' ? size : timeish ? 36_000_000_000 : 1;
  if (!(sz > 0)) return fail(EXEC_CODES.badArgument, 'bin_auto: query_bin_auto_size must be positive', e);
  const impl = typeof at === 'number' ? scalarImpl('bin_at')! : scalarImpl('bin')!;
  const args = (v: Value): Value[] => (typeof at === 'number' ? [v, sz, at] : [v, sz]);
  const argTypes: ScalarType[] = [x.type, timeish ? 'timespan' : 'real', x.type];
  const fn = (r: number): Value => impl(args(x.fn(r)), argTypes, s.ctx.eval);
  return x.constant ? constant(x.type, impl(args(x.value ?? null), argTypes, s.ctx.eval)) : { type: x.type, constant: false, deps: x.deps, fn };
});

// row_window_session(expr, maxFromFirst, maxBetweenNeighbors[, restart]) (row-window-session-function.md):
// the value at the start of the row's session. A session starts on the first row, after a null, when
// the value reaches the session's first value + maxFromFirst, or the previous value +
// maxBetweenNeighbors, or when restart is true.
registerSpecial('row_window_session', (e, s) => {
  const [a0, a1, a2, a3] = e.args;
  if (!a0 || !a1 || !a2) return fail(EXEC_CODES.badArgument, 'row_window_session(expr, maxDistanceFromFirst, maxDistanceBetweenNeighbors[, restart])', e);
  const x = compile(a0, s), first = compile(a1, s), near = compile(a2, s);
  const restart = a3 ? compile(a3, s) : undefined;
  const cur = s.cursor;
  let start: number | null = null, prev: number | null = null;
  return windowCompiled('datetime', [...x.deps, ...first.deps, ...near.deps, ...(restart?.deps ?? [])], (r) => {
    if (cur.pos === 0) { start = null; prev = null; }
    const v = x.fn(r), f = first.fn(r), n = near.fn(r);
    if (typeof v !== 'number') { start = null; prev = null; return null; }
    const fresh = start === null || prev === null || (restart !== undefined && restart.fn(r) === true)
      || (typeof f === 'number' && v >= start + f) || (typeof n === 'number' && v >= prev + n);
    if (fresh) start = v;
    prev = v;
    return start;
  });
});

function rank(dense: boolean) {
  return (e: A.Call, s: Scope): Compiled => {
    const a0 = e.args[0];
    if (!a0) return fail(EXEC_CODES.badArgument, 'row_rank(term[, restart])', e);
    const c = compile(a0, s);
    const restart = e.args[1] ? compile(e.args[1], s) : undefined;
    const cur = s.cursor;
    let last: Value = null, rk = 0, seen = 0;
    return windowCompiled('long', c.deps, (r) => {
      const v = c.fn(r);
      if (cur.pos === 0 || (restart && restart.fn(r) === true)) { rk = 1; seen = 1; last = v; return 1; }
      seen++;
      if (v !== last) { rk = dense ? rk + 1 : seen; last = v; }
      return rk;
    });
  };
}
registerSpecial('row_rank_dense', rank(true));
registerSpecial('row_rank_min', rank(false));

/** `T | where` style predicate used by search/find (exported for ops/search). */
export function predicateRows(e: A.Expr, b: Batch, o: OpEnv): Uint32Array {
  const s = o.scope(b.fields);
  return filterRows(compile(e, s), rowIds(b), s.cursor);
}
