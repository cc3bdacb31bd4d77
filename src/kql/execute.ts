/**
 * execute(query, options): parses the query, runs its statements with the columnar executor
 * (./exec) and returns the last tabular statement's result — or diagnostics. Never throws.
 *
 * Kusto's limits: the result is truncated at 500,000 rows or 64 MB (estimated) with a warning,
 * unless `set notruncation;` (or `set truncationmaxrecords = n;` / `truncationmaxsize`) says
 * otherwise. The governor (./governor.ts) ends a query that runs past its time limit
 * (ExecuteOptions.timeoutMs, default 4 minutes) with KQL502 or past its memory ceiling
 * (ExecuteOptions.maxMemoryBytes, default 2 GiB) with KQL503, placed on the operator that was
 * running; an allocation failure also becomes KQL503 instead of a crash.
 */
import { declarePattern } from './exec/patterns.js';
import './exec/ingestion-time.js'; // registers ingestion_time()
import './exec/sketch-merge.js'; // registers the scalar hll_merge / merge_tdigest
import { expectTable } from './exec/ops/graph/model.js';
import type { Catalog, CheckResult, Diagnostic, ExecuteOptions, ExecuteOutcome, QueryResult, StoredFunction } from './api.js';
import { bind, type BindResult } from './binder/binder.js';
import { Planner } from './plan/planner.js';
import { windowBatch } from './plan/rules/window-batch.js';
import { optimize } from './plan/optimize.js';
import { synthetic } from './plan/synthetic.js';
import { spanOf, type PlanNode } from './plan/nodes.js';
import type { Table } from './data/column.js';
import type { Value } from './data/types.js';
import { parseRaw } from './syntax/parser.js';
import { check, checkResult } from './check.js';
import { schemaOf, tableFromRows } from './data/column.js';
import { isTableSource, type TableSource } from './scan.js';
import type { TableSchema } from './data/types.js';
import type * as A from './syntax/ast.js';
import { Env, ExecError, EXEC_CODES, type QueryContext } from './exec/context.js';
import { D } from './diagnostics/catalog.js';
import { FunctionError } from './functions/registry.js';
import { beginQuery, endQuery, lowerLimits, LimitError, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_MEMORY } from './governor.js';
import { bindLet, compile } from './exec/expr.js';
import { Runner } from './exec/run.js';
import { type Batch, batchRows, batchToTable, rowCount, withSel, rowIds } from './exec/batch.js';
import { prepareFunction, usedFunctionErrors } from './stored-functions.js';
import { LineMap, place } from './diagnostics/make.js';

export const DEFAULT_MAX_ROWS = 500_000;
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
export { DEFAULT_TIMEOUT_MS, DEFAULT_MAX_MEMORY } from './governor.js';

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1, last = -1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; last = i; }
  return { line, col: offset - last };
}

export function execDiagnostic(text: string, code: string, message: string, start: number, end: number): Diagnostic {
  const { line, col } = lineCol(text, start);
  return { code, severity: 'error', message, start, length: Math.max(0, end - start), line, col };
}

function toTicks(now: Date | number | undefined): number {
  if (now === undefined) return Date.now() * 10_000;
  return typeof now === 'number' ? now : now.getTime() * 10_000;
}

/** Builds the per-query context. */
export function makeContext(text: string, options: ExecuteOptions): QueryContext {
  const tables = options.tables;
  const own = typeof tables === 'function' ? tables : (n: string) => tables.get(n);
  const known = options.knownTables;
  const empty = new Map<string, Table>();
  const resolveTable = !known ? own : (n: string): Table | TableSource | undefined => {
    const t = own(n);
    if (t !== undefined) return t;
    let e = empty.get(n);
    if (!e) { const s = known.get(n); if (!s) return undefined; e = tableFromRows(n, s.columns, []); empty.set(n, e); }
    return e;
  };
  const tableNames = typeof tables === 'function' ? () => [] : () => [...tables.keys()];
  return {
    text,
    eval: { now: toTicks(options.now) },
    resolveTable,
    tableNames,
    ...(options.watchlists ? { watchlists: options.watchlists } : {}),
    ...(options.functions?.length ? { functions: options.functions } : {}),
    ...(options.externalData ? { externalData: options.externalData } : {}),
    warnings: [],
    asTables: new Map(),
    options: new Map(),
    tableCache: new Map(),
    ...(options.scans ? { scans: options.scans } : {}),
  };
}

/** Runs the statements; returns the last query statement's batch (undefined when none). */
export function runScript(script: A.Script, ctx: QueryContext): Batch | undefined {
  // Stored functions live in a scope of their own above the query's: they see each other, not the query's lets.
  const stored = new Env();
  for (const f of ctx.functions ?? []) stored.set(f.name, { kind: 'lambda', lambda: prepareFunction(f).lambda, env: stored });
  const env = new Env(stored);
  const runner = new Runner(ctx, env);
  let result: Batch | undefined;
  for (const st of script.statements) {
    switch (st.kind) {
      case 'LetStmt': bindLet(st, env); break;
      case 'SetStmt': {
        let v: Value = true;
        if (st.value) { const c = compile(st.value, runner.scope([])); v = c.value ?? null; }
        ctx.options.set(st.name.name.toLowerCase(), v);
        applyLimitOption(st.name.name.toLowerCase(), v);
        if (st.name.name.toLowerCase() === 'query_now' && typeof v === 'number') (ctx.eval as { now: number }).now = v;
        break;
      }
      case 'DeclareParamsStmt':
        for (const p of st.params) {
          if (p.default) { const c = compile(p.default, runner.scope([])); env.set(p.name.name, { kind: 'scalar', type: c.type, value: c.value ?? null }); }
        }
        break;
      case 'QueryStmt': {
        if (runner.isTabular(st.expr, env)) { result = runner.tabular(st.expr, env); expectTable(result, st.expr, 'the query result'); }
        else {
          // A bare scalar expression (`print`-like): one row, one column.
          const c = compile(st.expr, runner.scope([]));
          result = runner.tabular({ kind: 'Print', items: [{ kind: 'ColumnItem', names: [], expr: st.expr, start: st.start, end: st.end }], start: st.start, end: st.end }, env);
          void c;
        }
        break;
      }
      case 'PatternStmt': declarePattern(ctx, st); break;
    }
  }
  return result;
}

/**
 * Kusto request properties that set limits: `set servertimeout = 30s;` (a timespan, in ticks) and
 * `set max_memory_consumption_per_query_per_node = 1000000000;` (bytes). They can only lower the
 * limits the caller gave (a query cannot lift the CLI's --timeout / --max-memory).
 */
function applyLimitOption(name: string, v: Value): void {
  if (typeof v !== 'number' || !(v > 0)) return;
  if (name === 'servertimeout') lowerLimits({ timeoutMs: v / 10_000 });
  else if (name === 'max_memory_consumption_per_query_per_node' || name === 'query_max_memory') lowerLimits({ maxMemoryBytes: v });
}

function estimateRowBytes(b: Batch, sample: Uint32Array): number {
  let bytes = 0;
  for (const f of b.fields) {
    const c = f.column;
    if (c.kind === 'number') bytes += 8 * sample.length;
    else if (c.kind === 'bool') bytes += sample.length;
    else for (const r of sample) { const v = c.get(r); bytes += typeof v === 'string' ? 2 * v.length + 8 : v === null ? 4 : JSON.stringify(v).length * 2; }
  }
  return sample.length ? bytes / sample.length : 0;
}

/** Applies Kusto's result truncation; returns the (possibly cut) batch and warnings. */
function truncate(b: Batch, ctx: QueryContext, maxRowsOpt: number | undefined): Batch {
  const opts = ctx.options;
  if (opts.get('notruncation') === true) return b;
  const maxRows = typeof opts.get('truncationmaxrecords') === 'number' ? (opts.get('truncationmaxrecords') as number) : maxRowsOpt ?? DEFAULT_MAX_ROWS;
  const maxBytes = typeof opts.get('truncationmaxsize') === 'number' ? (opts.get('truncationmaxsize') as number) : DEFAULT_MAX_BYTES;
  const ids = rowIds(b);
  let limit = ids.length;
  if (limit > maxRows) limit = maxRows;
  const sample = ids.subarray(0, Math.min(ids.length, 1000));
  const perRow = estimateRowBytes(b, sample);
  if (perRow > 0 && perRow * limit > maxBytes) limit = Math.max(1, Math.floor(maxBytes / perRow));
  if (limit >= ids.length) return b;
  ctx.warnings.push(`result truncated to ${limit} of ${ids.length} rows (Kusto limits: ${maxRows} records / ${maxBytes} bytes; use 'set notruncation;' to lift)`);
  return withSel(b, ids.slice(0, limit));
}

/** Executes a query. Never throws: errors come back as diagnostics. */
export function execute(query: string, options: ExecuteOptions): ExecuteOutcome {
  const p = prepare(query, catalogOf(options));
  if (!p.ok) return p;
  return run(p.prepared, options.tables, options);
}

/**
 * A query parsed, bound and planned once (its plans are built on first use and kept): run it any
 * number of times over other tables or at another `now` (a detection replay runs each rule's
 * prepared query once per window). The catalog gives the table schemas the plan's schemas come
 * from; binding problems are not errors here (the run reports what it cannot do, at its place).
 */
export interface Prepared {
  readonly query: string;
  readonly ast: A.Script;
  /** Parser warnings (returned with each run's result). */
  readonly diagnostics: readonly Diagnostic[];
  readonly planner: Planner;
  readonly functions?: readonly StoredFunction[];
  /**
   * What check(query, { catalog }) reports, from this prepare's one bind (undefined when prepared
   * with `bind: false`): a caller that checks a query before running it binds it once.
   */
  readonly check?: CheckResult;
}

export type PrepareOutcome = { readonly ok: true; readonly prepared: Prepared } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** How many scripts have been bound in this process (check, prepare, explain): a replay test counts them. */
export { bindCount } from './binder/binder.js';

/** prepare()'s options: `bind: false` plans without the binder (no schemas: the executor's own names stand). */
export interface PrepareOptions { readonly bind?: boolean }

/**
 * Parses, binds and plans a query (syntax errors and stored-function syntax errors come back as
 * diagnostics; binding errors do not fail it: they are in `prepared.check`). Never throws.
 */
export function prepare(query: string, catalog: Catalog = { tables: new Map() }, options: PrepareOptions = {}): PrepareOutcome {
  const raw = parseRaw(query);
  const map = new LineMap(query);
  const diagnostics = place(query, raw.diagnostics, map);
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  const fnErrors = usedFunctionErrors(raw.ast, catalog.functions);
  if (fnErrors.length) return { ok: false, diagnostics: fnErrors };
  let bound: BindResult | undefined;
  if (options.bind !== false) {
    try { bound = bind(raw.ast, catalog); } catch { bound = undefined; /* e.g. a stack exhausted by a deep query: the run reports it */ }
  }
  // check's result is placed on first read (execute() never reads it unless a run fails).
  let checked: CheckResult | undefined;
  const b = bound;
  return {
    ok: true,
    prepared: {
      query, ast: raw.ast, diagnostics, planner: new Planner(bound), ...(catalog.functions ? { functions: catalog.functions } : {}),
      get check(): CheckResult | undefined { return b ? (checked ??= checkResult(query, raw.diagnostics, b)) : undefined; },
    },
  };
}

/** A prepared query rewritten to run once for many disjoint windows (plan/rules/window-batch.ts). */
export interface WindowBatchPrepared {
  /** The tagged query: run it over tables whose `tables` carry the tag column last. */
  readonly prepared: Prepared;
  /** For an aggregating query: the rows reaching its summarize, counted (`… | count`), untagged. */
  readonly count?: Prepared;
  readonly tables: readonly string[];
  readonly aggregates: boolean;
  readonly flatState: boolean;
}

/**
 * The window-batch rewrite of a prepared query's plan (no parse or bind again): undefined when
 * running it once for all windows is not provably the same as once per window.
 */
export function prepareWindowBatch(p: Prepared, o: { readonly column: string; readonly timed: (table: string) => boolean }): WindowBatchPrepared | undefined {
  const last = p.ast.statements[p.ast.statements.length - 1];
  if (!last || last.kind !== 'QueryStmt') return undefined;
  const planner = p.planner;
  const wb = windowBatch(p.ast, planner.build(last.expr), { ...o, build: (e) => planner.build(e) });
  if (!wb) return undefined;
  const plans = new Map(wb.nested);
  plans.set(last.expr, optimize(wb.plan));
  let count: Prepared | undefined;
  if (wb.beforeAggregate) {
    const at = wb.beforeAggregate.kind === 'TableScan' ? wb.beforeAggregate.name.end : spanOf(wb.beforeAggregate).end;
    const op = synthetic<A.CountOp>({ kind: 'Count', start: at, end: at }, 'count');
    const counted: PlanNode = { kind: 'Count', op, input: wb.beforeAggregate, schema: { columns: [{ name: 'Count', type: 'long' }], open: false } as PlanNode['schema'] };
    count = { ...p, planner: planner.withPlans(new Map([[last.expr, optimize(counted)]])) };
  }
  return { prepared: { ...p, planner: planner.withPlans(plans) }, ...(count ? { count } : {}), tables: wb.tables, aggregates: wb.aggregates, flatState: wb.flatState };
}

/** The catalog of the tables and functions an execute() call is given (a function-valued `tables` lists none). */
export function catalogOf(options: Pick<ExecuteOptions, 'tables' | 'knownTables' | 'functions'>): Catalog {
  const own = new Map<string, TableSchema>();
  if (typeof options.tables !== 'function') for (const [name, t] of options.tables) own.set(name, { name, columns: isTableSource(t) ? [...t.schema] : schemaOf(t) });
  const known = options.knownTables;
  const tables = known && known.size !== 0 ? overlay(own, known) : own;
  return { tables, ...(options.functions ? { functions: options.functions } : {}) };
}

/**
 * `own`, then the tables of `known` it does not name, as one read-only map (the same entries, in
 * the same order, as copying both into a Map) that looks a known table up only when asked: the
 * CLI passes every Log Analytics table (~800) as `knownTables`, and copying them cost ~10 ms of
 * every query's start.
 */
function overlay(own: ReadonlyMap<string, TableSchema>, known: ReadonlyMap<string, TableSchema>): ReadonlyMap<string, TableSchema> {
  let all: Map<string, TableSchema> | undefined;
  const whole = (): Map<string, TableSchema> => {
    if (!all) { all = new Map(own); for (const [name, t] of known) if (!all.has(name)) all.set(name, t); }
    return all;
  };
  return {
    get: (n: string) => own.get(n) ?? known.get(n),
    has: (n: string) => own.has(n) || known.has(n),
    get size() { return whole().size; },
    keys: () => whole().keys(),
    values: () => whole().values(),
    entries: () => whole().entries(),
    forEach: (cb: (v: TableSchema, k: string, m: ReadonlyMap<string, TableSchema>) => void) => whole().forEach((v, k) => cb(v, k, whole())),
    [Symbol.iterator]: () => whole().entries(),
  } as ReadonlyMap<string, TableSchema>;
}

/** Runs a prepared query over `tables` (`options`: now, limits, watchlists, maxRows…). Never throws. */
export function run(prepared: Prepared, tables: ExecuteOptions['tables'], options: Omit<ExecuteOptions, 'tables'> = {}): ExecuteOutcome {
  const query = prepared.query;
  const opts: ExecuteOptions = { ...options, tables, ...(prepared.functions && !options.functions ? { functions: prepared.functions } : {}) };
  const ctx = makeContext(query, opts);
  ctx.planner = prepared.planner;
  const parsed = { ast: prepared.ast, diagnostics: prepared.diagnostics };
  const prevLimits = beginQuery({ timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxMemoryBytes: opts.maxMemoryBytes ?? DEFAULT_MAX_MEMORY, ...(opts.cancel ? { cancel: opts.cancel } : {}) });
  try {
    const b = runScript(parsed.ast, ctx);
    if (!b) return { ok: false, diagnostics: [execDiagnostic(query, D.noTabularResult.code, D.noTabularResult.message(), 0, query.length)] };
    const cut = truncate(b, ctx, opts.maxRows);
    const table = batchToTable('result', cut);
    // Rows are boxed on first read: a caller that reads the columnar `table` never pays for it.
    let rows: Value[][] | undefined;
    const result: QueryResult = {
      columns: table.fields.map((f) => ({ name: f.name, type: f.column.type })),
      get rows() { return (rows ??= batchRows({ fields: table.fields, physLen: table.rowCount })); },
      warnings: ctx.warnings,
      table,
    };
    void rowCount;
    return { ok: true, result, diagnostics: parsed.diagnostics };
  } catch (e) {
    if (e instanceof LimitError) return { ok: false, diagnostics: [execDiagnostic(query, e.code, e.message, 0, 0)] };
    // An exception in a function called without a place (casts, bin_auto): the function is named.
    if (e instanceof FunctionError) return { ok: false, diagnostics: [execDiagnostic(query, e.code, e.message, 0, 0)] };
    if (e instanceof ExecError && e.fn) {
      const part = e.part ?? 'body';
      const { line, col } = new LineMap(e.fn[part]).position(e.start);
      return { ok: false, diagnostics: [{ code: e.code, severity: 'error', message: e.message, start: e.start, length: Math.max(0, e.end - e.start), line, col, function: { name: e.fn.name, part } }] };
    }
    if (e instanceof ExecError) {
      const d = execDiagnostic(query, e.code, e.message, e.start, e.end);
      return { ok: false, diagnostics: [e.code.startsWith('KQL5') ? d : betterDiagnostic(query, opts, d, prepared.check)] };
    }
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      return { ok: false, diagnostics: [execDiagnostic(query, D.stackExhausted.code, D.stackExhausted.message(), 0, 0)] };
    }
    if (isAllocationFailure(e)) {
      return { ok: false, diagnostics: [execDiagnostic(query, EXEC_CODES.memory, `the query ran out of memory (${(e as Error).message}); narrow it with where/take or summarize earlier`, 0, 0)] };
    }
    // A store's own errors (a damaged workspace segment: src/store/workspace.ts) name the table and file.
    if (e instanceof Error && (e.name === 'DamagedTableError' || e.name === 'WorkspaceError')) return { ok: false, diagnostics: [execDiagnostic(query, EXEC_CODES.storage, e.message, 0, 0)] };
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, diagnostics: [execDiagnostic(query, EXEC_CODES.internal, D.internalError.message(msg), 0, 0)] };
  } finally {
    endQuery(prevLimits);
  }
}

/** V8's catchable allocation failures: a too-large array, typed array or string. */
export function isAllocationFailure(e: unknown): boolean {
  return e instanceof RangeError && /allocation|array length|string length|memory|heap/i.test(e.message);
}

/**
 * A run-time error at a place where the binder also reports one (e.g. an unknown column) is shown
 * with the binder's diagnostic, which carries the same code `check` gives and a "did you mean".
 * The prepared query's check result is used when it has one (its bind); otherwise the binder runs on
 * this error path, against the schemas of the tables the query was given.
 */
function betterDiagnostic(query: string, options: ExecuteOptions, d: Diagnostic, checked?: CheckResult): Diagnostic {
  try {
    if (!checked && typeof options.tables === 'function') return d;
    const bound = checked ?? check(query, { catalog: catalogOf(options) });
    const same = bound.diagnostics.find((b) => b.severity === 'error' && b.start === d.start);
    return same ?? d;
  } catch {
    return d;
  }
}
