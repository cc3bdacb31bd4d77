/**
 * Tabular evaluation: walks the statements of a script and the pipes of each tabular expression,
 * dispatching every operator to its implementation in ./ops (an exhaustive table keyed by kind).
 * Sources: table names (query tables, `let` names, `as` names), user functions and views,
 * `table('T')`, `materialize()`, `_GetWatchlist('alias')`, and the source operators
 * (print, range, datatable, union, evaluate, search, find).
 */
import type * as A from '../syntax/ast.js';
import { type Field, NumberColumn } from '../data/column.js';
import { type ScalarType, type Value, type DynamicValue, dynamicNumber } from '../data/types.js';
import { type Batch, batchFromTable, columnFromValues, compact, rowIds, withSel } from './batch.js';
import { type Binding, Env, EXEC_CODES, ExecError, type QueryContext, checkDeadline, fail } from './context.js';
import { checkpoint, LimitError, reserve, ROW_BLOCK } from '../governor.js';
import { type Scope, type Compiled, approxLong, compile, constant, bindLambdaArgs, bindLet, coerce, registerSpecial, evalColumn, findField, filterRows } from './expr.js';
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
import { top, topN } from './ops/top.js';
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
import { extendItems } from './ops/extend.js';
import { inStoredFunction } from '../stored-functions.js';
import { isTableSource, type ScanRequest, type TermFilter, type TimeRange } from '../scan.js';
import { termFiltersOf } from './term-filters.js';
import { requestKey, timeRangesOf, intersectRanges, type Fold } from './scan-request.js';
import type { PlanNode, PlanKind, Plans, ScanNode, GenericKind } from '../plan/nodes.js';
import { inputOf, spanOf } from '../plan/nodes.js';
import { Planner } from '../plan/planner.js';
import { tupleItemColumns } from './tuple.js';
import { scalarImpl } from '../functions/registry.js';
import { scan } from './ops/scan.js';
import { reduce } from './ops/reduce.js';
import { externalData } from './ops/externaldata.js';
import { isPatternCall, patternQuery } from './patterns.js';
import { graphOperator } from './ops/graph/index.js';
import { expectTable } from './ops/graph/model.js';

/** CLOUDHOP_EXEC_PROFILE=1 prints each operator's time and output rows to stderr (inclusive of nothing but itself). */
const PROFILE = typeof process !== 'undefined' && !!process.env.CLOUDHOP_EXEC_PROFILE;

type Handler = (op: A.Operator, input: Batch, o: OpEnv) => Batch;
/** A plan node's implementation: its input's batch (undefined for a source) → its output. */
type PlanHandler<N extends PlanNode> = (n: N, input: Batch | undefined, r: Runner) => Batch;
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
  ExternalData: (op, _input, o) => externalData(op as A.ExternalDataOp, o),
  Render: render as Handler, Sample: sample as Handler, SampleDistinct: sampleDistinct as Handler,
  Fork: unsupported('fork'), Facet: unsupported('facet'), Partition: partition as Handler,
  Consume: consume as Handler, Reduce: reduce as Handler, ExecuteAndCache: executeAndCache as Handler,
  AssertSchema: assertSchema as Handler, Scan: scan as Handler,
  Graph: graphOperator as Handler,
  ProjectByNames: projectByNames as Handler,
  UnknownOp: (op) => fail(EXEC_CODES.unsupported, `unknown operator '${(op as A.UnknownOp).name}'`, op),
};

/** A plan node of a syntax operator's own kind runs that operator's implementation (OPS). */
const viaOps: PlanHandler<Extract<PlanNode, { kind: GenericKind }>> = (n, input, r) => {
  if (!input) {
    // Sources: print/range/datatable ignore their input; search/find without one search every table.
    if (n.kind === 'Search') return search(n.op, undefined, r);
    if (n.kind === 'Find') return find(n.op, undefined, r);
    if (n.kind === 'ExternalData') return externalData(n.op, r);
  }
  return OPS[n.op.kind](n.op, input ?? EMPTY, r);
};
const EMPTY: Batch = { fields: [], physLen: 0 };
const GENERIC = Object.fromEntries(Object.keys(OPS).map((k) => [k, viaOps])) as { [K in GenericKind]: PlanHandler<Extract<PlanNode, { kind: K }>> };

/**
 * One handler per plan node kind (../plan/nodes.ts): a new kind does not compile until it is listed
 * here; a new syntax operator runs through OPS above, which must list it.
 */
const PLAN: { [K in PlanKind]: PlanHandler<Extract<PlanNode, { kind: K }>> } = {
  ...GENERIC,
  TableScan: (n, _input, r) => pruned(r.named(n.name, r.env, r.requestOf(n)), n.needed),
  Call: (n, _input, r) => {
    // a pattern invocation p("a") or p("a").b (declare pattern) runs the matching mapping's query
    if (!isPatternCall(r.ctx, n.call)) return n.member ? r.tabular(n.member, r.env) : r.call(n.call, r.env);
    const p = patternQuery(r.ctx, n.call, n.member, r.env, r.scope([], r.env));
    return r.tabular(p.expr, p.env);
  },
  Implicit: (n, _input, r) => {
    const b = r.env.get(IMPLICIT);
    if (b && b.kind === 'batch') return b.batch;
    return fail(EXEC_CODES.unsupported, 'no implicit input here', n.expr);
  },
  Filter: (n, input, r) => where(n.predicate === n.op.predicate ? n.op : { ...n.op, predicate: n.predicate }, input!, r),
  Extend: (n, input, r) => {
    if (!n.afterFilter) return extendItems(n.items, input!, r);
    // Items moved above their filter: the column order of the extends as written.
    const order = input!.fields.map((f) => f.name);
    for (const it of n.items) { const nm = it.names[0]?.name ?? columnLikeName(it.expr); if (nm !== undefined && !order.includes(nm)) order.push(nm); }
    const b = n.items.length ? extendItems(n.items, input!, r) : input!;
    const byName = new Map(b.fields.map((f) => [f.name, f]));
    return { ...b, fields: order.map((nm) => byName.get(nm)!).filter((f) => f !== undefined) };
  },
  Aggregate: (n, input, r) => summarize(n.op, input!, r),
  Join: (n, input, r) => join(n.op, input!, r),
  TopN: (n, input, r) => topN(n.by, n.count, input!, r),
  Union: (n, input, r) => unionOp(n.op, input, r, n.inputName),
  Evaluate: (n, input, r) => evaluate(n.op, input, r),
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
    if (op.kind !== 'Graph') expectTable(input, op, `the ${op.kind} operator`);
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
      case 'Member': return isPatternCall(this.ctx, e.target); // p("a").b: a pattern invocation
      case 'Call': {
        const n = e.name.name;
        if (n === 'table' || n === 'materialize' || n === '_GetWatchlist' || n === 'view') return true;
        if (isPatternCall(this.ctx, e)) return true;
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

  /** Evaluates a tabular expression: runs its plan (../plan: built and optimized once per syntax node). */
  tabular(e: A.Expr, env: Env): Batch {
    return this.with(env).runPlan(this.planner.planOf(e));
  }

  /** The plans of this query (the prepared query's, or a planner without schemas). */
  get planner(): Plans { return (this.ctx.planner ??= new Planner()); }

  /** Runs a plan node in this runner's environment. */
  runPlan(n: PlanNode): Batch {
    const inNode = inputOf(n);
    const input = inNode ? this.runPlan(inNode) : undefined;
    const r = n.needed === this.needed ? this : new Runner(this.ctx, this.env, n.needed);
    // a graph (make-graph's result) flows only into graph operators
    if (input && n.kind !== 'Graph') expectTable(input, spanOf(n), `the ${n.kind === 'Filter' ? 'where' : n.kind} operator`);
    try {
      checkDeadline(this.ctx, true);
      if (!PROFILE) return boundNames((PLAN[n.kind] as PlanHandler<PlanNode>)(n, input, r), n);
      const t0 = performance.now();
      const out = boundNames((PLAN[n.kind] as PlanHandler<PlanNode>)(n, input, r), n);
      process.stderr.write(`[exec] ${n.kind.padEnd(12)} ${(performance.now() - t0).toFixed(1).padStart(8)} ms  ${String(out.sel ? out.sel.length : out.physLen).padStart(9)} rows\n`);
      return out;
    } catch (e) {
      // A limit hit inside an operator is reported at that operator (the innermost one).
      if (n.kind === 'TableScan' || n.kind === 'Call' || n.kind === 'Implicit') throw e;
      const at = spanOf(n);
      if (e instanceof LimitError) throw new ExecError(e.code, e.message, at.start, at.end);
      if (e instanceof RangeError && /allocation|array length|string length|memory|heap/i.test(e.message)) {
        throw new ExecError(EXEC_CODES.memory, `the query ran out of memory (${e.message}); narrow it with where/take or summarize earlier`, at.start, at.end);
      }
      throw e;
    }
  }

  /** What a Scan asks its store for: the columns its consumer reads, the time ranges of the filters above it (folded now). */
  requestOf(n: ScanNode): ScanRequest {
    let time: TimeRange[] | undefined;
    if (n.time.length) {
      const fold = this.folder(this.env);
      time = intersectRanges(n.time.flatMap((f) => timeRangesOf(f.predicate, fold).flatMap((x) => {
        const column = f.column(x.column);
        return column === undefined ? [] : [{ ...x, column }];
      })));
    }
    // The term filters the same predicates imply (term-filters.ts), on the scan's columns: a
    // store with a term index skips the row groups and rows that cannot match.
    let terms: TermFilter[] | undefined;
    if (n.time.length) {
      const fold = this.folder(this.env);
      const constantOf = (x: A.Expr): Value | undefined => fold(x)?.value;
      terms = n.time.flatMap((f) => termFiltersOf(f.predicate, constantOf).flatMap((x) => {
        const column = f.column(x.column);
        return column === undefined ? [] : [{ ...x, column }];
      }));
    }
    return { ...(n.needed ? { columns: n.needed } : {}), ...(time?.length ? { time } : {}), ...(terms?.length ? { terms } : {}) };
  }

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
  named(e: A.Name, env: Env, request: ScanRequest = {}): Batch {
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

  call(e: A.Call, env: Env): Batch {
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

/**
 * Output column names come from the plan (the binder's names, binder/naming.ts): where the
 * operator named a column differently from the bound schema (a name the schema lacks, at a place
 * whose bound name the output lacks), it takes the bound name, so a later operator finds the column
 * `check` promised. Not applied where the binder could not type the node (no schema, an open table)
 * or where the output has other columns than the schema (a scan or join narrowed by column pruning);
 * table references keep their table's names. Types are the executed columns' own.
 */
function boundNames(b: Batch, n: PlanNode): Batch {
  const s = n.schema;
  if (!s || s.open || s.columns.length !== b.fields.length || n.kind === 'TableScan') return b;
  let out: Field[] | undefined;
  let got: Set<string> | undefined, want: Set<string> | undefined;
  for (let i = 0; i < b.fields.length; i++) {
    const f = b.fields[i]!, name = s.columns[i]!.name;
    if (f.name === name) continue;
    got ??= new Set(b.fields.map((x) => x.name));
    want ??= new Set(s.columns.map((x) => x.name));
    if (want.has(f.name) || got.has(name)) continue;
    out ??= [...b.fields];
    out[i] = { name, column: f.column };
  }
  return out ? { ...b, fields: out } : b;
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
// columnifexists: the deprecated spelling of column_ifexists (functions/catalog.ts lists both).
registerSpecial('columnifexists', (e, s) => compile({ ...e, name: { ...e.name, name: 'column_ifexists' } }, s));

registerSpecial('pack_all', (e, s) => {
  const ignoreEmpty = e.args[0] ? compile(e.args[0], s).value === true : false;
  // The operator's input row only: a sibling item of the same extend is not packed (Kusto docs,
  // pack-all-function.md: Packed and PackedIgnoreNullEmpty do not see each other).
  const s0 = s.operatorInput ? { ...s, fields: s.operatorInput } : s;
  const cols = s0.fields.map((f) => ({ name: f.name, fn: compile({ kind: 'Name', name: f.name, quoted: true, start: e.start, end: e.end }, s0) }));
  return {
    type: 'dynamic', constant: false, deps: cols.flatMap((c) => c.fn.deps),
    fn: (r) => {
      const o: Record<string, DynamicValue> = {};
      for (const c of cols) { const v = c.fn.fn(r); if (ignoreEmpty && (v === null || v === '')) continue; o[c.name] = (c.fn.type === 'datetime' || c.fn.type === 'timespan' ? castValue(v, c.fn.type, 'string', s.ctx.eval) : dynamicNumber(v)) as DynamicValue; }
      return o;
    },
  };
});

// bag_pack_columns(c1, c2, …) (bag-pack-columns-function.md): a bag keyed by the columns' names,
// values as pack_all stores them (a null stays null); an argument that is not a column is an
// error at its place (KQL200).
registerSpecial('bag_pack_columns', (e, s) => {
  const cols = e.args.map((a) => {
    if (a.kind !== 'Name') return fail(EXEC_CODES.badArgument, 'bag_pack_columns: each argument must be a column (its name is the key)', a);
    return { name: a.name, fn: compile(a, s) };
  });
  return {
    type: 'dynamic', constant: false, deps: cols.flatMap((c) => c.fn.deps),
    fn: (r) => {
      const o: Record<string, DynamicValue> = {};
      for (const c of cols) { const v = c.fn.fn(r); o[c.name] = (v !== null && (c.fn.type === 'datetime' || c.fn.type === 'timespan') ? castValue(v, c.fn.type, 'string', s.ctx.eval) : dynamicNumber(v)) as DynamicValue; }
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
  const c = approxLong(compile(a0, s));
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
