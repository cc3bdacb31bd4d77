/**
 * The binder: resolves names, types every expression and computes the output schema of every
 * pipe stage. It reports problems as diagnostics and never throws; after an error it continues
 * with type `unknown` so one mistake is reported once.
 *
 * Table schemas come from the caller's Catalog; built-in functions from ../functions/catalog.ts.
 */
import { graphOutput } from './graph.js';
import type { Catalog } from '../api.js';
import type { ScalarType } from '../data/types.js';
import { D } from '../diagnostics/catalog.js';
import type { DiagnosticDef } from '../diagnostics/catalog.js';
import { diag } from '../diagnostics/make.js';
import type { RawDiagnostic } from '../diagnostics/make.js';
import { checkCall, functionNames, lookupFunction, returnType } from '../functions/catalog.js';
import type { FunctionSignature } from '../functions/types.js';
import type * as A from '../syntax/ast.js';
import { closest, OPERATOR_KEYWORDS } from '../syntax/parser.js';
import { binaryOperator } from '../semantics/operators.js';
import { DefaultColumnNames, expressionResultName, percentileNames, printColumnName, tupleColumns, unionColumns, UniqueNames } from './naming.js';
import type { NamingContext } from './naming.js';
import { findColumn, OPEN_TABLE, Scope, table, toSchema } from './scope.js';
import { KNOWN_PLUGINS, LOOKUP_PLUGINS, PLUGINS, PLUGIN_ARGUMENTS, numberLiteral } from './plugins.js';
import type { PluginContext } from './plugins.js';
import type { BColumn, BType, Env, LetSymbol, TableType } from './scope.js';
import { prepareFunction } from '../stored-functions.js';

export interface BindResult {
  readonly diagnostics: RawDiagnostic[];
  /** Output of the last tabular statement. */
  readonly result?: TableType;
  /** Output row type of every tabular node bound (pipes, operators used as sources, names…). */
  readonly tables: ReadonlyMap<A.Node, TableType>;
  /** Type of every scalar expression bound. */
  readonly types: ReadonlyMap<A.Node, BType>;
}

let binds = 0;
/**
 * How many scripts bind() has bound in this process (check, prepare, explain alike): a detection
 * replay test counts them (issue 14 acceptance 3: one bind per rule).
 */
export function bindCount(): number { return binds; }

/** Binds a parsed script against a catalog. */
export function bind(script: A.Script, catalog: Catalog): BindResult {
  binds++;
  const b = new Binder(catalog);
  const result = b.bindScript(script);
  return { diagnostics: b.diags, result, tables: b.tables, types: b.types };
}

/**
 * Binds a stored function's parameter defaults and body on their own (declared parameter types;
 * the catalog's other stored functions in scope). Diagnostics are offsets into each part's text.
 */
export function bindFunction(l: A.Lambda, catalog: Catalog): { parameters: RawDiagnostic[]; body: RawDiagnostic[]; result?: TableType } {
  const b = new Binder(catalog);
  const parameters = b.bindDefaults(l);
  const body = new Binder(catalog);
  const r = body.bindBody(l);
  return { parameters, body: body.diags, ...(r.kind === 'table' ? { result: r.table } : {}) };
}

type Bound = { readonly kind: 'scalar'; readonly type: BType } | { readonly kind: 'table'; readonly table: TableType };

/** What may follow `cluster(…).`. */
const REMOTE_FUNCTIONS: ReadonlySet<string> = new Set(['database']);

const JOIN_KINDS = ['inner', 'innerunique', 'leftouter', 'rightouter', 'fullouter', 'leftanti', 'anti', 'leftantisemi',
  'rightanti', 'rightantisemi', 'leftsemi', 'rightsemi'];
const LOOKUP_KINDS = ['leftouter', 'inner'];
const UNION_KINDS = ['inner', 'outer'];

const isNum = (t: BType): boolean => t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
const isLoose = (t: BType): boolean => t === 'unknown' || t === 'dynamic';

const STRING_OPS = new Set(['has', '!has', 'has_cs', '!has_cs', 'hasprefix', '!hasprefix', 'hasprefix_cs', '!hasprefix_cs',
  'hassuffix', '!hassuffix', 'hassuffix_cs', '!hassuffix_cs', 'contains', '!contains', 'contains_cs', '!contains_cs',
  'startswith', '!startswith', 'startswith_cs', '!startswith_cs', 'endswith', '!endswith', 'endswith_cs', '!endswith_cs',
  'matches regex', 'like', 'notlike', 'likecs', 'notlikecs']);
const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=', '=~', '!~']);


class Binder {
  readonly diags: RawDiagnostic[] = [];
  readonly tables = new Map<A.Node, TableType>();
  readonly types = new Map<A.Node, BType>();
  private readonly globals: Scope;
  private depth = 0;
  /** When > 0, diagnostics are dropped (re-binding a function body for a call's result type). */
  private quiet = 0;
  /** Names declared by `declare pattern` (their invocations are tables; exec/patterns.ts). */
  private readonly patterns = new Map<string, A.PatternStmt>();
  /** Pattern invocations bound as the target of `p(…).path` (checked with their path). */
  private readonly patternTargets = new WeakSet<A.Call>();

  constructor(private readonly catalog: Catalog) {
    this.globals = new Scope();
    // Stored functions: like `let` functions declared before the query, in the outermost scope.
    for (const f of catalog.functions ?? []) this.globals.set(f.name, { kind: 'function', lambda: prepareFunction(f).lambda, scope: this.globals });
  }

  /** A stored function's parameter defaults (their diagnostics). */
  bindDefaults(l: A.Lambda): RawDiagnostic[] {
    for (const p of l.params) if (p.default) this.bindScalar(p.default, { scope: this.globals });
    return this.diags;
  }

  /** A stored function's body with its declared parameter types. */
  bindBody(l: A.Lambda): Bound {
    const scope = new Scope(this.globals);
    for (const p of l.params) scope.set(p.name.name, this.paramSymbol(p));
    for (const st of l.body.statements) this.bindStatement(st, scope);
    return this.bindAny(l.body.result, { scope }, 'either');
  }

  private error<Args extends unknown[]>(d: DiagnosticDef<Args>, node: { start: number; end: number }, ...args: Args): void {
    if (this.quiet > 0) return;
    this.diags.push(diag(d, node.start, node.end, ...args));
  }

  // ───────────── statements ─────────────

  bindScript(script: A.Script): TableType | undefined {
    const scope = new Scope(this.globals);
    let result: TableType | undefined;
    for (const s of script.statements) {
      const r = this.bindStatement(s, scope);
      if (r) result = r;
    }
    return result;
  }

  /** Binds one statement; returns the table of a tabular query statement. */
  private bindStatement(s: A.Statement, scope: Scope): TableType | undefined {
    switch (s.kind) {
      case 'LetStmt': {
        if (s.value.kind === 'Lambda') {
          // Check the body once with the declared parameter types.
          this.bindLambdaBody(s.value, scope, undefined);
          scope.set(s.name.name, { kind: 'function', lambda: s.value, scope });
        } else {
          const v = this.bindAny(s.value, { scope }, 'either');
          scope.set(s.name.name, v.kind === 'table' ? { kind: 'table', table: v.table } : { kind: 'scalar', type: v.type });
        }
        return undefined;
      }
      case 'SetStmt': if (s.value) this.bindScalar(s.value, { scope }); return undefined;
      case 'DeclareParamsStmt':
        for (const p of s.params) scope.set(p.name.name, this.paramSymbol(p));
        return undefined;
      case 'PatternStmt':
        this.patterns.set(s.name.name, s);
        for (const m of s.mappings ?? []) this.bindTable(m.body.result, { scope });
        return undefined;
      case 'OtherStmt': return undefined;
      case 'QueryStmt': {
        const v = this.bindAny(s.expr, { scope }, 'table');
        if (v.kind === 'table') return v.table;
        // A scalar statement returns one row, like print.
        return table([{ name: 'print_0', type: v.type }]);
      }
    }
  }

  private paramSymbol(p: A.Param): LetSymbol {
    if (p.type.kind === 'TabularType') return { kind: 'table', table: this.tabularType(p.type) };
    return { kind: 'scalar', type: p.type.type ?? 'unknown' };
  }

  private tabularType(t: A.TabularType): TableType {
    return table(t.columns.map((c) => ({ name: c.name.name, type: c.type.type ?? 'unknown' })), t.open);
  }

  /** Binds a lambda body; `args` gives actual argument bindings (for the call's result), else declared types. */
  private bindLambdaBody(l: A.Lambda, outer: Scope, args: readonly (Bound | undefined)[] | undefined, argExprs: readonly A.Expr[] = []): Bound {
    if (this.depth > 50) return { kind: 'scalar', type: 'unknown' };
    this.depth++;
    try {
      const scope = new Scope(outer);
      l.params.forEach((p, i) => {
        const a = args?.[i];
        if (a && a.kind === 'table') scope.set(p.name.name, { kind: 'table', table: a.table });
        else if (a && a.kind === 'scalar' && p.type.kind === 'TypeRef') {
          // A string literal argument is kept: `table(tableName)` in the body then binds that table.
          const x = argExprs[i];
          const value = x?.kind === 'Literal' && typeof x.value === 'string' ? x.value : undefined;
          scope.set(p.name.name, { kind: 'scalar', type: p.type.type ?? a.type, ...(value !== undefined ? { value } : {}) });
        }
        else scope.set(p.name.name, this.paramSymbol(p));
        if (p.default) this.bindScalar(p.default, { scope: outer });
      });
      for (const st of l.body.statements) this.bindStatement(st, scope);
      return this.bindAny(l.body.result, { scope }, 'either');
    } finally {
      this.depth--;
    }
  }

  // ───────────── expressions of either kind ─────────────

  /**
   * Binds an expression that may be scalar or tabular. `want` says what the context expects:
   * it decides how an unknown name is reported (table vs column).
   */
  private bindAny(e: A.Expr, env: Env, want: 'table' | 'scalar' | 'either'): Bound {
    switch (e.kind) {
      case 'Pipe': case 'ImplicitSource': case 'Print': case 'Range': case 'Datatable': case 'ExternalData':
      case 'Union': case 'Find': case 'Search': case 'Evaluate':
        return { kind: 'table', table: this.bindTable(e, env) };
      case 'Member':
        // p("a").b: a pattern invocation is a table.
        if (e.target.kind === 'Call' && this.patterns.has(e.target.name.name)) return { kind: 'table', table: this.bindTable(e, env) };
        return { kind: 'scalar', type: this.bindScalar(e, env) };
      case 'Name': {
        const n = e.name;
        if (env.row) {
          const c = findColumn(env.row, n);
          if (c) return this.scalarResult(e, c.type);
        }
        const sym = env.scope.get(n);
        if (sym) {
          if (sym.kind === 'table') return this.tableResult(e, sym.table);
          if (sym.kind === 'scalar') {
            if (want === 'table') { this.error(D.notATable, e, n); return this.tableResult(e, OPEN_TABLE); }
            return this.scalarResult(e, sym.type);
          }
          // A function name without parentheses: Kusto allows calling a parameterless function so.
          if (sym.lambda.params.length === 0) return this.callLambda(e, sym, [], env);
          this.error(D.notAScalar, e, n);
          return this.scalarResult(e, 'unknown');
        }
        const t = this.catalog.tables.get(n);
        if (t) return this.tableResult(e, table(t.columns.map((c) => ({ name: c.name, type: c.type }))));
        if (env.row?.open) return this.scalarResult(e, 'unknown');
        if (want === 'table' || (want === 'either' && !env.row)) {
          this.error(D.unknownTable, e, n, closest(n, [...this.catalog.tables.keys(), ...env.scope.allNames()]));
          return this.tableResult(e, OPEN_TABLE);
        }
        this.reportUnknownName(e, env);
        return this.scalarResult(e, 'unknown');
      }
      case 'Call': {
        const n = e.name.name;
        if (e.target) {
          // cluster('x').database('y') … — remote entities: unknown tables.
          // After cluster(…) only database(…) may follow; after database(…), any stored function.
          if (e.target.kind === 'Call' && e.target.name.name === 'cluster' && !REMOTE_FUNCTIONS.has(n)) this.error(D.unknownFunction, e.name, n, closest(n, ['database']));
          for (const a of e.args) this.bindAny(a, env, 'either');
          return this.tableResult(e, OPEN_TABLE);
        }
        const sym = env.scope.get(n);
        if (sym && sym.kind === 'function') {
          return this.callLambda(e, sym, e.args, env);
        }
        if (sym) { this.error(D.notAFunction, e.name, n); return this.scalarResult(e, 'unknown'); }
        if (this.patterns.has(n)) {
          if (!this.patternTargets.has(e)) this.checkPatternReference(e, undefined);
          for (const a of e.args) this.bindScalar(a, env);
          return this.tableResult(e, OPEN_TABLE);
        }
        switch (n) {
          case 'materialize': {
            const t = e.args[0] ? this.bindTable(e.args[0], env) : OPEN_TABLE;
            if (e.args.length !== 1) this.error(D.argCount, e, n, '1', e.args.length);
            return this.tableResult(e, t);
          }
          case 'table': case 'view': {
            const a = e.args[0];
            const p = a?.kind === 'Name' ? env.scope.get(a.name) : undefined;
            const tname = a && a.kind === 'Literal' && typeof a.value === 'string' ? a.value
              : p?.kind === 'scalar' && p.value !== undefined ? p.value : undefined;
            if (a && a.kind !== 'Literal') this.bindScalar(a, env);
            if (tname !== undefined) {
              const s = env.scope.get(tname);
              if (s && s.kind === 'table') return this.tableResult(e, s.table);
              const t = this.catalog.tables.get(tname);
              if (t) return this.tableResult(e, table(t.columns.map((c) => ({ name: c.name, type: c.type }))));
              // table('X') names a table of this database (table-function.md), as Kusto.Language
              // reads it: an unknown literal name is an error (when there is a database to look
              // in: the catalog has tables); one passed in a parameter is not.
              if (a!.kind === 'Literal' && !tname.includes('.') && this.catalog.tables.size > 0) {
                this.error(D.unknownTable, a!, tname, closest(tname, [...this.catalog.tables.keys(), ...env.scope.allNames()]));
              }
            }
            // A name only known at run time, or 'db.table' of another database: unknown, not an error.
            return this.tableResult(e, OPEN_TABLE);
          }
          case '_GetWatchlist': case 'cluster': case 'database': case 'external_table': case 'materialized_view':
          case 'entity_group':
            for (const a of e.args) this.bindAny(a, env, 'either');
            return this.tableResult(e, n === '_GetWatchlist'
              ? table([{ name: '_DTItemId', type: 'string' }, { name: 'LastUpdatedTimeUTC', type: 'datetime' }, { name: 'SearchKey', type: 'string' }, { name: 'WatchlistItem', type: 'dynamic' }], true)
              : OPEN_TABLE);
        }
        if (want === 'table' && !lookupFunction(n)) {
          for (const a of e.args) this.bindAny(a, env, 'either');
          this.error(D.unknownFunction, e.name, n, closest(n, [...functionNames(), ...env.scope.allNames()]));
          return this.tableResult(e, OPEN_TABLE);
        }
        return this.scalarResult(e, this.bindCall(e, env));
      }
      default: {
        if (A_OPERATOR_KINDS.has(e.kind)) return { kind: 'table', table: this.bindTable(e, env) };
        return { kind: 'scalar', type: this.bindScalar(e, env) };
      }
    }
  }

  private scalarResult(e: A.Node, t: BType): Bound { this.types.set(e, t); return { kind: 'scalar', type: t }; }
  private tableResult(e: A.Node, t: TableType): Bound { this.tables.set(e, t); return { kind: 'table', table: t }; }

  private callLambda(e: A.Call | A.Name, sym: Extract<LetSymbol, { kind: 'function' }>, args: readonly A.Expr[], env: Env): Bound {
    const l = sym.lambda;
    const name = e.kind === 'Call' ? e.name.name : e.name;
    const bound = args.map((a) => this.bindAny(a, env, 'either'));
    const required = l.params.filter((p) => !p.default).length;
    if (args.length < required || args.length > l.params.length) {
      this.error(D.argCount, e, name, required === l.params.length ? String(required) : `${required} to ${l.params.length}`, args.length);
    }
    this.quiet++;
    try {
      const r = this.bindLambdaBody(l, sym.scope, bound, args);
      return r.kind === 'table' ? this.tableResult(e, r.table) : this.scalarResult(e, r.type);
    } finally {
      this.quiet--;
    }
  }

  private reportUnknownName(e: A.Name, env: Env): void {
    const candidates = [...(env.row?.columns.map((c) => c.name) ?? []), ...(env.left?.columns.map((c) => c.name) ?? []),
      ...(env.right?.columns.map((c) => c.name) ?? []), ...env.scope.allNames().filter((n) => env.scope.get(n)?.kind === 'scalar')];
    this.error(D.unknownColumn, e, e.name, closest(e.name, candidates));
  }

  // ───────────── tabular expressions ─────────────

  bindTable(e: A.Expr, env: Env): TableType {
    const t = this.bindTableInner(e, env);
    this.tables.set(e, t);
    return t;
  }

  private bindTableInner(e: A.Expr, env: Env): TableType {
    if (this.depth > 300) return OPEN_TABLE;
    this.depth++;
    try {
      switch (e.kind) {
        case 'Pipe': {
          const input = this.bindTable(e.source, env);
          const out = this.bindOperator(e.operator, input, env);
          this.tables.set(e.operator, out);
          return out;
        }
        case 'ImplicitSource': return env.implicit ?? OPEN_TABLE;
        case 'Missing': return OPEN_TABLE;
        case 'Member': {
          if (e.target.kind === 'Call' && this.patterns.has(e.target.name.name)) {
            this.patternTargets.add(e.target);
            this.checkPatternReference(e.target, e.member);
          }
          // database("x").T, cluster("c").database("d").T: tables elsewhere, schema unknown.
          const v = this.bindAny(e.target, { scope: env.scope, implicit: env.implicit }, 'either');
          if (v.kind === 'table') return OPEN_TABLE;
          this.error(D.scalarInTabular, e);
          return OPEN_TABLE;
        }
        case 'Name': case 'Call': {
          const v = this.bindAny(e, { scope: env.scope, implicit: env.implicit }, 'table');
          if (v.kind === 'table') return v.table;
          if (v.type !== 'unknown') this.error(D.scalarInTabular, e);
          return OPEN_TABLE;
        }
        default:
          if (A_OPERATOR_KINDS.has(e.kind)) return this.bindOperator(e as A.Operator, undefined, env);
          this.bindScalar(e, env);
          this.error(D.scalarInTabular, e);
          return OPEN_TABLE;
      }
    } finally {
      this.depth--;
    }
  }

  // ───────────── scalar expressions ─────────────

  bindScalar(e: A.Expr, env: Env): BType {
    if (this.depth > 300) return 'unknown';
    this.depth++;
    try {
      const t = this.bindScalarInner(e, env);
      this.types.set(e, t);
      return t;
    } finally {
      this.depth--;
    }
  }

  private bindScalarInner(e: A.Expr, env: Env): BType {
    switch (e.kind) {
      case 'Literal':
        if (e.invalid) this.error(D.invalidLiteral, e, e.type, e.text);
        return e.type;
      case 'Missing': return 'unknown';
      case 'Name': case 'Call': {
        const v = this.bindAny(e, env, 'scalar');
        if (v.kind === 'table') {
          // A table used as a scalar (e.g. `where x in (T)` is handled by InList; here it's an error).
          this.error(D.tabularInScalar, e);
          return 'unknown';
        }
        return v.type;
      }
      case 'Star': return 'unknown';
      case 'TypeOf': return 'unknown';
      case 'NamedArg': return this.bindScalar(e.value, env);
      case 'JoinSideRef': {
        const side = e.side === 'left' ? env.left : env.right;
        if (!side) { this.error(D.joinCondition, e); return 'unknown'; }
        const c = findColumn(side, e.column.name);
        if (c) return c.type;
        if (side.open) return 'unknown';
        this.error(D.unknownJoinSide, e.column, e.side, e.column.name);
        return 'unknown';
      }
      case 'Member': {
        const t = this.bindScalar(e.target, env);
        if (!isLoose(t)) this.error(D.typeMismatch, e.target, 'Member access', 'dynamic', t);
        return 'dynamic';
      }
      case 'Index': {
        const t = this.bindScalar(e.target, env);
        this.bindScalar(e.index, env);
        if (!isLoose(t)) this.error(D.typeMismatch, e.target, 'Indexing', 'dynamic', t);
        return 'dynamic';
      }
      case 'Unary': {
        const t = this.bindScalar(e.operand, env);
        if (!isLoose(t) && !isNum(t) && t !== 'timespan') this.error(D.unaryType, e, e.op, t);
        return t;
      }
      case 'Between': {
        const l = this.bindScalar(e.left, env);
        const lo = this.bindScalar(e.low, env);
        const hi = this.bindScalar(e.high, env);
        this.checkComparable('between', e, l, lo);
        // `T between (datetime(…) .. 1d)`: a timespan upper bound counts from the lower one.
        if (!(l === 'datetime' && hi === 'timespan')) this.checkComparable('between', e, l, hi);
        return 'bool';
      }
      case 'InList': {
        const l = this.bindScalar(e.left, env);
        for (const it of e.items) {
          const v = this.bindAny(it, env, 'either');
          if (v.kind === 'table') {
            if (!v.table.open && v.table.columns.length === 0) this.error(D.scalarInTabular, it);
          }
          // `in` / `!in` take items of any scalar type, as Microsoft's analyzer does (EventID in ("4624")).
        }
        return 'bool';
      }
      case 'Binary': return this.bindBinary(e, env);
      default:
        if (A_OPERATOR_KINDS.has(e.kind) || e.kind === 'Pipe' || e.kind === 'ImplicitSource') {
          this.bindTable(e, env);
          this.error(D.tabularInScalar, e);
          return 'unknown';
        }
        return 'unknown';
    }
  }

  private checkComparable(op: string, e: A.Node, l: BType, r: BType): void {
    if (isLoose(l) || isLoose(r)) return;
    if (!comparable(l, r)) this.error(D.operandTypes, e, op, l, r);
  }

  private bindBinary(e: A.Binary, env: Env): BType {
    if (e.assignment) {
      // `where x = 1`: one error, then bind the sides without a second (type) complaint.
      this.error(D.assignInPredicate, { start: e.opStart, end: e.opStart + 1 });
      this.bindScalar(e.left, env);
      this.bindScalar(e.right, env);
      return 'bool';
    }
    const l = this.bindScalar(e.left, env);
    const r = this.bindScalar(e.right, env);
    const op = e.op;
    const bad = (): BType => { this.error(D.operandTypes, { start: e.opStart, end: e.opStart + op.length }, op, l, r); return 'unknown'; };
    if (op === 'and' || op === 'or') {
      if (!isLoose(l) && l !== 'bool') return bad();
      if (!isLoose(r) && r !== 'bool') return bad();
      return 'bool';
    }
    if (COMPARE_OPS.has(op)) {
      if ((op === '=~' || op === '!~') && !isLoose(l) && !isLoose(r) && !(l === 'string' && r === 'string')) {
        // =~ compares strings (guids convert).
        if (!((l === 'string' || l === 'guid') && (r === 'string' || r === 'guid'))) return bad();
      }
      // Microsoft's analyzer accepts `==` / `!=` between any two scalars (`ResultType == 0` on a
      // string column); the executor compares them as semantics/operators.ts mixedEqImpl says.
      if (op === '==' || op === '!=') return 'bool';
      if (!isLoose(l) && !isLoose(r) && !comparable(l, r)) { bad(); return 'bool'; }
      return 'bool';
    }
    if (STRING_OPS.has(op)) return 'bool';
    // arithmetic
    if (isLoose(l) || isLoose(r)) {
      if (l === 'dynamic' || r === 'dynamic') return 'unknown';
      return isLoose(l) ? (isLoose(r) ? 'unknown' : r === 'datetime' && op === '-' ? 'unknown' : r) : l;
    }
    const t = arithmetic(op, l as ScalarType, r as ScalarType);
    return t ?? bad();
  }

  /** Columns after mv-expand / mv-apply items: each expanded column replaces (or adds) its name, typed dynamic unless `to typeof`. */
  private expandedColumns(items: (A.MvExpandOp | A.MvApplyOp)['items'], inp: TableType, env: Env): BColumn[] {
    const rowEnv = (t: TableType): Env => ({ scope: env.scope, row: t, implicit: env.implicit });
    const cols = [...inp.columns];
    for (const it of items) {
      this.bindScalar(it.item.expr, rowEnv(inp));
      const name = it.item.names[0]?.name ?? expressionResultName(it.item.expr, undefined, this.namingCtx(rowEnv(inp))) ?? 'Column1';
      const type: BType = it.toType ? it.toType.type ?? 'unknown' : 'dynamic';
      const i = cols.findIndex((c) => c.name === name);
      if (i >= 0) cols[i] = { name, type }; else cols.push({ name, type });
    }
    return cols;
  }

  /** A call to a built-in function. Returns its type. */
  private bindCall(e: A.Call, env: Env): BType {
    const n = e.name.name;
    const sig = lookupFunction(n);
    if (!sig) {
      for (const a of e.args) this.bindAny(a, env, 'either');
      this.error(D.unknownFunction, e.name, n, closest(n, [...functionNames(), ...env.scope.allNames()]));
      return 'unknown';
    }
    if (isScalarSketchMerge(e)) { for (const a of e.args) this.bindScalar(a, env); return 'dynamic'; }
    // Valid KQL this engine cannot run (functions/registry.ts: implementation 'none'): a warning.
    if (sig.implemented === false) this.error(D.notImplemented, e.name, sig.name);
    if (sig.kind === 'aggregate' && !env.aggregate) {
      for (const a of e.args) this.bindAny(a, { ...env, aggregate: false }, 'either');
      this.error(D.aggregateOutsideSummarize, e.name, n);
      return 'unknown';
    }
    // Scalar functions may wrap aggregates in summarize (`tohex(binary_all_or(x))`); aggregates may not nest.
    const inner: Env = sig.kind === 'aggregate' ? { ...env, aggregate: false } : env;
    const argTypes: ScalarType[] = [];
    let unknownArg = false;
    let tableArg: TableType | undefined;
    let typeArg: BType | undefined;
    e.args.forEach((a, i) => {
      const p = sig.params[Math.min(i, sig.params.length - 1)];
      if (a.kind === 'Star') { argTypes.push('dynamic'); return; }
      if (a.kind === 'TypeOf') {
        const it = a.items[0];
        typeArg = it && it.kind === 'TypeRef' ? it.type ?? 'unknown' : 'unknown';
        argTypes.push('dynamic');
        return;
      }
      if (p && (p.types.includes('tabular'))) {
        const v = this.bindAny(a, inner, 'either');
        if (v.kind === 'table') { tableArg = v.table; argTypes.push(v.table.columns[0] ? looseToDyn(v.table.columns[0].type) : 'dynamic'); return; }
        if (v.type === 'unknown') unknownArg = true;
        argTypes.push(looseToDyn(v.type));
        return;
      }
      const v = this.bindAny(a, inner, 'scalar');
      if (v.kind === 'table') { this.error(D.tabularInScalar, a); unknownArg = true; argTypes.push('dynamic'); return; }
      if (v.type === 'unknown') unknownArg = true;
      argTypes.push(looseToDyn(v.type));
    });
    let r = checkCall(sig, argTypes);
    if (!r.ok && r.reason === 'type' && tableArg && sig.params[Math.min(r.argIndex, sig.params.length - 1)]?.types.includes('tabular')) {
      // A table passed where a tabular parameter is declared (column_names_of(T), toscalar(T)): fine.
      r = { ok: true, type: returnType(sig, argTypes) };
    }
    if (!r.ok) {
      if (r.reason === 'arity') {
        const want = sig.maxArgs === Infinity ? `at least ${sig.minArgs}` : sig.minArgs === sig.maxArgs ? `${sig.minArgs}` : `${sig.minArgs} to ${sig.maxArgs}`;
        this.error(D.argCount, e, n, want, e.args.length);
      } else if (!unknownArg) {
        const a = e.args[r.argIndex]!;
        const p = sig.params[Math.min(r.argIndex, sig.params.length - 1)];
        this.error(D.typeMismatch, a, `Argument ${r.argIndex + 1} of '${n}'`, (p?.types ?? []).join(' or '), argTypes[r.argIndex]!);
      }
      return 'unknown';
    }
    if (n === 'toscalar' && tableArg) {
      const c = (tableArg as TableType).columns[0];
      return c ? c.type : 'unknown';
    }
    if (typeof sig.returns === 'object' && 'rule' in sig.returns && sig.returns.rule === 'typeArg' && typeArg) return typeArg;
    if (n === 'column_ifexists' || n === 'columnifexists') return argTypes[1] ?? 'unknown';
    return resultTypeOf(sig, r.type, argTypes, unknownArg);
  }

  // ───────────── operators ─────────────

  private bindOperator(op: A.Operator, input: TableType | undefined, env: Env): TableType {
    const rowEnv = (t: TableType): Env => ({ scope: env.scope, row: t, implicit: env.implicit });
    const inp = input ?? OPEN_TABLE;
    const needInput = (): void => {
      if (!input) this.error(D.expected, op, 'a tabular input (use a table, then \'|\')', `'${OPERATOR_NAME[op.kind] ?? op.kind}'`);
    };
    switch (op.kind) {
      case 'Where': {
        needInput();
        const t = this.bindScalar(op.predicate, rowEnv(inp));
        if (!isLoose(t) && t !== 'bool') this.error(D.predicateNotBool, op.predicate, t);
        return inp;
      }
      case 'Extend': needInput(); return this.extend(inp, op.items, rowEnv(inp));
      case 'Serialize': needInput(); return this.extend(inp, op.items, rowEnv(inp));
      case 'Project': needInput(); return this.project(inp, op.items, rowEnv(inp));
      case 'ProjectAway': case 'ProjectKeep': {
        needInput();
        const remove = new Set<string>();
        for (const p of op.columns) {
          const m = matchPattern(inp, p.pattern);
          if (m.length === 0 && !p.pattern.includes('*') && !inp.open && p.pattern) this.error(D.unknownColumn, p, p.pattern, closest(p.pattern, inp.columns.map((c) => c.name)));
          for (const c of m) remove.add(c.name);
        }
        return op.kind === 'ProjectAway'
          ? table(inp.columns.filter((c) => !remove.has(c.name)), inp.open)
          : table(inp.columns.filter((c) => remove.has(c.name)), false);
      }
      case 'ProjectRename': {
        needInput();
        let cols = [...inp.columns];
        for (const it of op.items) {
          const i = cols.findIndex((c) => c.name === it.oldName.name);
          if (i < 0) {
            if (!inp.open) this.error(D.unknownColumn, it.oldName, it.oldName.name, closest(it.oldName.name, cols.map((c) => c.name)));
            continue;
          }
          const moved = { name: it.newName.name, type: cols[i]!.type };
          cols = cols.filter((c, j) => j === i || c.name !== it.newName.name);
          cols[cols.findIndex((c) => c.name === it.oldName.name)] = moved;
        }
        return table(cols, inp.open);
      }
      case 'ProjectReorder': {
        needInput();
        const first: BColumn[] = [];
        for (const it of op.items) {
          let m = matchPattern(inp, it.column.pattern).filter((c) => !first.includes(c));
          if (m.length === 0 && !it.column.pattern.includes('*') && !inp.open) this.error(D.unknownColumn, it.column, it.column.pattern, closest(it.column.pattern, inp.columns.map((c) => c.name)));
          if (it.order === 'asc' || it.order === 'granny-asc') m = [...m].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
          if (it.order === 'desc' || it.order === 'granny-desc') m = [...m].sort((a, b) => b.name.toLowerCase().localeCompare(a.name.toLowerCase()));
          first.push(...m);
        }
        return table([...first, ...inp.columns.filter((c) => !first.includes(c))], inp.open);
      }
      case 'Summarize': needInput(); return this.summarize(inp, op, env);
      case 'Join': case 'Lookup': return this.join(inp, op, env);
      case 'Union': return this.union(input, op, env);
      case 'Sort': {
        needInput();
        for (const it of op.items) this.bindScalar(it.expr, rowEnv(inp));
        return inp;
      }
      case 'Top': {
        needInput();
        this.bindConstInt(op.count, env);
        this.bindScalar(op.by.expr, rowEnv(inp));
        return inp;
      }
      case 'Take': case 'Sample': needInput(); this.bindConstInt(op.count, env); return inp;
      case 'SampleDistinct': {
        needInput();
        this.bindConstInt(op.count, env);
        const t = this.bindScalar(op.of, rowEnv(inp));
        return table([{ name: expressionResultName(op.of, 'Column1', this.namingCtx(rowEnv(inp))) ?? 'Column1', type: t }]);
      }
      case 'Distinct': {
        needInput();
        if (op.items.length === 1 && op.items[0]!.expr.kind === 'Star') return inp;
        return this.project(inp, op.items, rowEnv(inp));
      }
      case 'Count': needInput(); return table([{ name: 'Count', type: 'long' }]);
      case 'GetSchema':
        // ColumnOrdinal is an int, as the service returns it and schema-merge-plugin.md documents
        // (Kusto.Language's analyzer says long).
        return table([{ name: 'ColumnName', type: 'string' }, { name: 'ColumnOrdinal', type: 'int' }, { name: 'DataType', type: 'string' }, { name: 'ColumnType', type: 'string' }]);
      case 'TopNested': {
        needInput();
        const cols: BColumn[] = [];
        const names = new UniqueNames();
        for (const c of op.clauses) {
          if (c.count) this.bindConstInt(c.count, env);
          const ot = this.bindScalar(c.of.expr, rowEnv(inp));
          const oname = c.of.names[0]?.name ?? expressionResultName(c.of.expr, undefined, this.namingCtx(rowEnv(inp))) ?? 'Column1';
          cols.push({ name: names.take(oname), type: ot });
          if (c.others) this.bindScalar(c.others, env);
          const bt = this.bindScalar(c.by.expr, { ...rowEnv(inp), aggregate: true });
          cols.push({ name: names.take(c.by.names[0]?.name ?? `aggregated_${oname}`), type: bt });
        }
        return table(cols);
      }
      case 'TopHitters': {
        needInput();
        this.bindConstInt(op.count, env);
        const t = this.bindScalar(op.of, rowEnv(inp));
        const name = expressionResultName(op.of, 'Column1', this.namingCtx(rowEnv(inp))) ?? 'Column1';
        if (op.by) {
          this.bindScalar(op.by, rowEnv(inp));
          return table([{ name, type: t }, { name: `approximate_sum_${expressionResultName(op.by, '', this.namingCtx(rowEnv(inp))) ?? ''}`, type: 'real' }]);
        }
        return table([{ name, type: t }, { name: 'approximate_count_' + name, type: 'long' }]);
      }
      case 'MvExpand': {
        needInput();
        const cols = this.expandedColumns(op.items, inp, env);
        if (op.limit) this.bindConstInt(op.limit, env);
        const idx = op.params.find((p) => p.name === 'with_itemindex');
        if (idx && idx.value.kind === 'Name') cols.push({ name: idx.value.name, type: 'long' });
        return table(cols, inp.open);
      }
      case 'MvApply': {
        needInput();
        const cols = this.expandedColumns(op.items, inp, env);
        const idx = op.params.find((p) => p.name === 'with_itemindex');
        if (idx && idx.value.kind === 'Name') cols.push({ name: idx.value.name, type: 'long' });
        if (op.limit) this.bindConstInt(op.limit, env);
        const expanded = table(cols, inp.open);
        const sub = this.bindTable(op.body, { scope: env.scope, implicit: expanded });
        // Output: the input columns except those iterated over directly (`mv-apply d on …`), then the
        // sub-query's columns (replacing same-named ones in place).
        const applied = new Set(op.items.filter((it) => it.item.names.length === 0 && it.item.expr.kind === 'Name').map((it) => (it.item.expr as A.Name).name));
        const outCols: BColumn[] = inp.columns.filter((c) => !applied.has(c.name));
        for (const c of sub.columns) {
          const i = outCols.findIndex((x) => x.name === c.name);
          if (i >= 0) outCols[i] = c; else outCols.push(c);
        }
        return table(outCols, inp.open || sub.open);
      }
      case 'Parse': {
        needInput();
        const st = this.bindScalar(op.source, rowEnv(inp));
        void st;
        let cols = [...inp.columns];
        for (const p of op.pattern) {
          if (p.kind !== 'ParseColumn') continue;
          const c: BColumn = { name: p.name.name, type: p.type ? p.type.type ?? 'unknown' : 'string' };
          const i = cols.findIndex((x) => x.name === c.name);
          if (i >= 0) cols[i] = c; else cols.push(c);
        }
        return table(cols, inp.open);
      }
      case 'ParseKv': {
        needInput();
        this.bindScalar(op.source, rowEnv(inp));
        const cols = [...inp.columns];
        for (const d of op.columns) cols.push({ name: d.name.name, type: d.type.type ?? 'unknown' });
        return table(cols, inp.open);
      }
      case 'Evaluate': return this.evaluate(input, op, env);
      case 'MakeSeries': {
        needInput();
        const re = rowEnv(inp);
        const names = new UniqueNames();
        const by: BColumn[] = [];
        const defaults = new DefaultColumnNames((n) => !!findColumn(inp, n));
        for (const it of op.by) {
          const t = this.bindScalar(it.expr, re);
          by.push({ name: names.take(it.names[0]?.name ?? expressionResultName(it.expr, undefined, this.namingCtx(re)) ?? defaults.take()), type: t });
        }
        const aggs: BColumn[] = [];
        for (const a of op.aggregates) {
          this.bindScalar(a.item.expr, { ...re, aggregate: true });
          if (a.default) this.bindScalar(a.default, env);
          aggs.push({ name: names.take(a.item.names[0]?.name ?? expressionResultName(a.item.expr, undefined, this.namingCtx(re)) ?? defaults.take()), type: 'dynamic' });
        }
        this.bindScalar(op.on, re);
        if (op.from) this.bindScalar(op.from, env);
        if (op.to) this.bindScalar(op.to, env);
        this.bindScalar(op.step, env);
        const axis = expressionResultName(op.on, undefined, this.namingCtx(re)) ?? defaults.take();
        return table([...by, ...aggs, { name: names.take(axis), type: 'dynamic' }]);
      }
      case 'As': {
        needInput();
        env.scope.set(op.name.name, { kind: 'table', table: inp });
        return inp;
      }
      case 'Invoke': {
        needInput();
        const c = op.call;
        if (c.kind !== 'Call') return OPEN_TABLE;
        const sym = env.scope.get(c.name.name);
        if (!sym || sym.kind !== 'function') {
          if (!sym) this.error(D.unknownFunction, c.name, c.name.name, closest(c.name.name, env.scope.allNames()));
          else this.error(D.notAFunction, c.name, c.name.name);
          return OPEN_TABLE;
        }
        const args = c.args.map((a) => this.bindAny(a, env, 'either'));
        this.quiet++;
        try {
          const r = this.bindLambdaBody(sym.lambda, sym.scope, [{ kind: 'table', table: inp }, ...args]);
          return r.kind === 'table' ? r.table : OPEN_TABLE;
        } finally {
          this.quiet--;
        }
      }
      case 'Search': {
        const tables = op.tables.map((t) => this.legTable(t, env));
        const src = input ? [input] : tables.length ? tables : [...[...this.catalog.tables.values()].map((t) => table(t.columns)), ...this.viewTables(env.scope)];
        const merged = mergeOuter(src);
        this.bindSearchPredicate(op.predicate, { scope: env.scope, row: table(merged.columns, true) });
        return input ? inp : table([{ name: '$table', type: 'string' }, ...merged.columns], merged.open);
      }
      case 'Find': {
        const tables = op.tables.map((t) => this.legTable(t, env));
        const merged = mergeOuter(input ? [input] : tables.length ? tables : [...this.catalog.tables.values()].map((t) => table(t.columns)));
        this.bindSearchPredicate(op.predicate, { scope: env.scope, row: table(merged.columns, true) });
        const src = op.params.find((p) => p.name === 'withsource');
        const srcName = src && src.value.kind === 'Name' ? src.value.name : 'source_';
        const cols: BColumn[] = [{ name: srcName, type: 'string' }];
        if (op.project) for (const it of op.project) {
          const n = it.expr.kind === 'Name' ? it.expr.name : 'Column1';
          cols.push({ name: n, type: findColumn(merged, n)?.type ?? 'unknown' });
        }
        if ((!op.project || op.projectSmart) && merged.columns.length > 0) cols.push({ name: 'pack_', type: 'dynamic' });
        return table(cols);
      }
      case 'Print': {
        if (input) this.error(D.expected, op, "a query source: 'print' begins a query", "'print' after '|'");
        const cols: BColumn[] = [];
        const names = new UniqueNames();
        op.items.forEach((it, i) => {
          const t = this.bindScalar(it.expr, { scope: env.scope });
          // Unnamed print items are print_<index> (even plain names), except tuple functions.
          const produced = it.names.length || (it.expr.kind === 'Call' && tupleColumns(it.expr.name.name, it.expr.args, this.namingCtx({ scope: env.scope })))
            ? this.itemColumns(it, t, { scope: env.scope }, () => printColumnName(i))
            : [{ name: printColumnName(i), type: t }];
          for (const c of produced) cols.push({ name: names.take(c.name), type: c.type });
        });
        return table(cols);
      }
      case 'Range': {
        const f = this.bindScalar(op.from, env);
        const to = this.bindScalar(op.to, env);
        const s = this.bindScalar(op.step, env);
        if (!isLoose(f) && !isLoose(to) && !comparable(f, to)) this.error(D.operandTypes, op, 'range', f, to);
        void s;
        return table([{ name: op.column.name, type: f === 'int' ? 'long' : f }]);
      }
      case 'Datatable': {
        const cols = op.columns.map((c) => ({ name: c.name.name, type: (c.type.type ?? 'unknown') as BType }));
        // Kusto converts datatable values to the column types; only the value count is checked.
        for (const v of op.values) this.bindScalar(v, { scope: env.scope });
        if (cols.length && op.values.length % cols.length !== 0) {
          this.error(D.expected, op, `a multiple of ${cols.length} values`, `${op.values.length}`);
        }
        return table(cols);
      }
      case 'ExternalData': {
        for (const u of op.uris) this.bindScalar(u, env);
        // inline_external_table without a schema: columns come from the files (unknown here).
        if (op.columns.length === 0) return OPEN_TABLE;
        return table(op.columns.map((c) => ({ name: c.name.name, type: c.type.type ?? 'unknown' })));
      }
      case 'Render': needInput(); return inp;
      case 'Fork': {
        needInput();
        let first: TableType | undefined;
        for (const b of op.branches) {
          const t = this.bindTable(b.body, { scope: env.scope, implicit: inp });
          first ??= t;
        }
        return first ?? inp;
      }
      case 'Facet': {
        needInput();
        for (const b of op.by) this.bindScalar(b, rowEnv(inp));
        if (op.with) this.bindTable(op.with, { scope: env.scope, implicit: inp });
        return OPEN_TABLE;
      }
      case 'Partition': {
        needInput();
        this.bindScalar(op.by, rowEnv(inp));
        return this.bindTable(op.body, { scope: env.scope, implicit: inp });
      }
      case 'Consume': needInput(); return table([]);
      case 'Reduce': {
        needInput();
        this.bindScalar(op.by, rowEnv(inp));
        // reduce-operator.md: threshold is a value between 0 and 1 (the executor refuses others).
        const th = op.properties.find((p) => p.name.toLowerCase() === 'threshold');
        const thv = numberLiteral(th?.value);
        if (th && thv !== undefined && !(thv >= 0 && thv <= 1)) this.error(D.argValue, th.value, 'reduce', `threshold must be between 0 and 1 (got ${thv})`);
        // kind=source keeps the rows and appends Pattern (reduce-operator.md).
        if (op.params.some((p) => p.name.toLowerCase() === 'kind')) return table([...inp.columns.filter((c) => c.name !== 'Pattern'), { name: 'Pattern', type: 'string' }], inp.open);
        return table([{ name: 'Pattern', type: 'string' }, { name: 'Count', type: 'long' }, { name: 'Representative', type: 'string' }]);
      }
      case 'ExecuteAndCache': return inp;
      case 'AssertSchema': return inp;
      case 'ProjectByNames': {
        needInput();
        const keep: BColumn[] = [];
        let known = true;
        for (const it of op.items) {
          this.bindAny(it, env, 'either');
          const pats: string[] = [];
          if (it.kind === 'Literal' && typeof it.value === 'string') pats.push(it.value);
          else if (it.kind === 'Literal' && Array.isArray(it.value)) for (const v of it.value) { if (typeof v === 'string') pats.push(v); }
          else known = false;
          for (const p of pats) for (const c of matchPattern(inp, p)) if (!keep.includes(c)) keep.push(c);
        }
        return known ? table(keep) : OPEN_TABLE;
      }
      case 'Scan': {
        needInput();
        // Output: the input, the declared state columns, and with_match_id's column.
        const cols = [...inp.columns];
        for (const d of op.declare) {
          const c = { name: d.name.name, type: d.type.type ?? 'unknown' as BType };
          const i = cols.findIndex((x) => x.name === c.name);
          if (i >= 0) cols[i] = c; else cols.push(c);
        }
        // The match id column appears only when asked for (the documentation's output tables;
        // Microsoft's analyzer also adds one by default).
        const mid = op.params.find((p) => p.name === 'with_match_id');
        if (mid && mid.value.kind === 'Name') cols.push({ name: mid.value.name, type: 'long' });
        return table(cols, inp.open);
      }
      case 'Graph': return graphOutput(op, inp, {
        table: (e) => this.bindTable(e, env),
        body: (e, implicit) => this.bindTable(e, { scope: env.scope, implicit }),
        named: (name, t) => env.scope.set(name, { kind: 'table', table: t }),
        predicate: (e, row) => { this.bindScalar(e, rowEnv(row)); },
        project: (row, items) => this.project(row, items, rowEnv(row)),
        unknownProperty: (name, known) => this.error(D.unknownColumn, name, name.name, closest(name.name, known)),
        mismatch: (at, what, expected, got) => this.error(D.typeMismatch, at, what, expected, got),
      });
      case 'UnknownOp': return OPEN_TABLE;
    }
  }

  /** Tables of the parameterless views in scope (`let v = view () {…}`): they take part in `search`. */
  private viewTables(scope: Scope): TableType[] {
    const out: TableType[] = [];
    for (const n of scope.allNames()) {
      const s = scope.get(n);
      if (s?.kind !== 'function' || !s.lambda.isView || s.lambda.params.length > 0) continue;
      this.quiet++;
      try {
        const r = this.bindLambdaBody(s.lambda, s.scope, []);
        if (r.kind === 'table') out.push(r.table);
      } finally {
        this.quiet--;
      }
    }
    return out;
  }

  /** search/find predicates: a bare string term is a predicate (matches any column). */
  private bindSearchPredicate(e: A.Expr, env: Env): void {
    if (e.kind === 'Literal' && e.type === 'string') { this.types.set(e, 'bool'); return; }
    if (e.kind === 'Binary' && (e.op === 'and' || e.op === 'or')) {
      this.bindSearchPredicate(e.left, env);
      this.bindSearchPredicate(e.right, env);
      this.types.set(e, 'bool');
      return;
    }
    const t = this.bindScalar(e, env);
    if (!isLoose(t) && t !== 'bool') this.error(D.predicateNotBool, e, t);
  }

  private bindConstInt(e: A.Expr, env: Env): void {
    const t = this.bindScalar(e, { scope: env.scope });
    if (!isLoose(t) && !isNum(t)) this.error(D.typeMismatch, e, 'The row count', 'a number', t);
  }

  private namingCtx(env: Env): NamingContext {
    return {
      isDynamicOrUnknown: (x) => { const t = this.types.get(x); return t === undefined || t === 'dynamic' || t === 'unknown'; },
      hasColumn: (n) => !!(env.row && findColumn(env.row, n)),
    };
  }

  /** extend / serialize: computed columns replace same-named ones in place, others are appended. */
  private extend(inp: TableType, items: readonly A.ColumnItem[], env: Env): TableType {
    const cols = [...inp.columns];
    const defaults = new DefaultColumnNames((n) => cols.some((c) => c.name === n));
    for (const it of items) {
      const t = this.bindScalar(it.expr, env);
      for (const { name, type } of this.itemColumns(it, t, env, () => defaults.take())) {
        const i = cols.findIndex((c) => c.name === name);
        if (i >= 0) cols[i] = { name, type }; else cols.push({ name, type });
      }
    }
    return table(cols, inp.open);
  }

  /**
   * The columns one extend/project/print item produces: its name or default name, or the
   * columns of a tuple-returning function (`series_fit_line(y)`, `(a, b) = series_stats(x)`).
   */
  private itemColumns(it: A.ColumnItem, t: BType, env: Env, defaultName: () => string): BColumn[] {
    const tuple = it.expr.kind === 'Call' && !env.scope.get(it.expr.name.name) ? tupleColumns(it.expr.name.name, it.expr.args, this.namingCtx(env)) : undefined;
    if (tuple && tuple.length) {
      if (it.names.length > 1) return it.names.map((n, i) => ({ name: n.name, type: tuple[i]?.type ?? 'unknown' }));
      if (it.names.length === 1) return [{ name: it.names[0]!.name, type: tuple[0]!.type }, ...tuple.slice(1)];
      return tuple;
    }
    if (it.names.length) return it.names.map((n) => ({ name: n.name, type: it.names.length > 1 ? 'unknown' : t }));
    return [{ name: expressionResultName(it.expr, undefined, this.namingCtx(env)) ?? defaultName(), type: t }];
  }

  private project(inp: TableType, items: readonly A.ColumnItem[], env: Env): TableType {
    const cols: BColumn[] = [];
    const names = new UniqueNames();
    const declared = new Set<string>();
    const defaults = new DefaultColumnNames((n) => !!findColumn(inp, n));
    for (const it of items) {
      const t = this.bindScalar(it.expr, env);
      const produced = this.itemColumns(it, t, env, () => defaults.take());
      it.names.forEach((n) => {
        if (declared.has(n.name)) this.error(D.duplicateColumn, n, n.name);
        declared.add(n.name);
      });
      for (const c of produced) cols.push({ name: names.take(c.name), type: c.type });
    }
    return table(cols);
  }

  private summarize(inp: TableType, op: A.SummarizeOp, env: Env): TableType {
    const re: Env = { scope: env.scope, row: inp, implicit: env.implicit };
    const names = new UniqueNames();
    const defaults = new DefaultColumnNames((n) => !!findColumn(inp, n));
    const out: BColumn[] = [];
    const byCols: BColumn[] = [];
    for (const it of op.by) {
      const t = this.bindScalar(it.expr, re);
      if (containsAggregate(it.expr)) this.error(D.aggregateOutsideSummarize, it.expr, callName(it.expr));
      const n = it.names[0]?.name ?? expressionResultName(it.expr, undefined, this.namingCtx(re)) ?? defaults.take();
      const c = { name: names.take(n), type: t };
      byCols.push(c);
      out.push(c);
    }
    for (const it of op.aggregates) {
      const ae: Env = { ...re, aggregate: true };
      const t = this.bindScalar(it.expr, ae);
      if (!containsAggregate(it.expr) && it.expr.kind !== 'Missing' && t !== 'unknown') {
        this.error(D.notAggregate, it.expr, `'${exprText(it.expr)}'`);
      }
      const sig = it.expr.kind === 'Call' ? lookupFunction(it.expr.name.name) : undefined;
      let shape = sig?.kind === 'aggregate' ? sig.shape : undefined;
      if (sig && /^percentiles?w?(_array)?$/.test(sig.name)) shape = 'percentiles';
      if (it.expr.kind === 'Call' && shape && shape !== 'single' && it.names.length <= 1) {
        for (const c of this.multiAggregateColumns(it.expr, sig!, shape, inp, byCols, re, it.names[0]?.name)) out.push({ name: names.take(c.name), type: c.type });
        continue;
      }
      if (it.names.length > 1) {
        // `(a, b) = arg_max(t, x)`: the names replace the aggregate's columns in order.
        const cols = it.expr.kind === 'Call' && shape && shape !== 'single' ? this.multiAggregateColumns(it.expr, sig!, shape, inp, [], re) : [];
        it.names.forEach((n, i) => out.push({ name: names.take(n.name), type: cols[i]?.type ?? 'unknown' }));
        continue;
      }
      const n = it.names[0]?.name ?? expressionResultName(it.expr, undefined, this.namingCtx(re)) ?? defaults.take();
      out.push({ name: names.take(n), type: t });
    }
    // arg_max(t, *), take_any(*) over an open input return its unknown columns too.
    const star = inp.open && op.aggregates.some((it) => it.expr.kind === 'Call' && it.expr.args.some((a) => a.kind === 'Star'));
    return table(out, star);
  }

  /**
   * A pattern invocation `p("a")` / `p("a").b` that no mapping of its `declare pattern` matches
   * (or of a pattern declared without mappings) is an error naming the reference, as the executor
   * reports it (exec/patterns.ts; pattern-statement.md). Values are compared as text, exactly (no
   * wildcards); an argument or mapping value that is not a literal is not judged here.
   */
  private checkPatternReference(call: A.Call, member: A.Name | undefined): void {
    const st = this.patterns.get(call.name.name)!;
    const text = (x: A.Expr): string | undefined => (x.kind === 'Name' ? x.name : x.kind === 'Literal' ? (x.value === null ? '' : String(x.value)) : undefined);
    const args = call.args.map(text);
    if (args.some((a) => a === undefined)) return;
    const path = member?.name;
    const quote = (v: string | undefined): string => `'${(v ?? '').replace(/'/g, "\\'")}'`;
    const ref = `${call.name.name}(${args.map(quote).join(',')})${path !== undefined ? `.[${quote(path)}]` : ''}`;
    const at = member ? { start: call.start, end: member.end } : call;
    if (st.mappings) {
      // Argument count and a missing path are the executor's other errors: not this one.
      if (st.params && args.length !== st.params.length) return;
      if (st.path && path === undefined) return;
      for (const m of st.mappings) {
        const margs = m.args.map(text);
        const mpath = m.path ? text(m.path) : undefined;
        if (margs.some((a) => a === undefined) || (m.path && mpath === undefined)) return;
        if (margs.length !== args.length || !margs.every((a, i) => a === args[i])) continue;
        if ((m.path === undefined) !== (path === undefined)) continue;
        if (m.path !== undefined && mpath !== path) continue;
        return;
      }
    }
    this.error(D.undeclaredPattern, at, ref);
  }

  /** Columns of arg_max/arg_min, percentiles, take_any(a, b…). */
  private multiAggregateColumns(e: A.Call, sig: FunctionSignature, shape: string, inp: TableType, byCols: readonly BColumn[], env: Env, given?: string): BColumn[] {
    const ctx = this.namingCtx(env);
    const typeOf = (x: A.Expr): BType => this.types.get(x) ?? 'unknown';
    if (shape === 'percentiles') {
      const first = e.args[0];
      if (!first) return [];
      const weighted = sig.name.startsWith('percentilew') || sig.name.startsWith('percentilesw');
      const pcts = e.args.slice(weighted ? 2 : 1).map((a) => (a.kind === 'Literal' && typeof a.value === 'number' ? a.value : exprText(a)));
      const names = percentileNames(first, pcts, ctx);
      let t = typeOf(first);
      if (t === 'int') t = 'long';
      if (t === 'decimal') t = 'real';
      if (sig.name.endsWith('_array')) return [{ name: given ?? `percentiles_${expressionResultName(first, '', ctx) ?? ''}`, type: 'dynamic' }];
      return names.map((n, i) => ({ name: i === 0 && given ? given : n, type: t }));
    }
    if (shape === 'argExtreme') {
      const prefix = sig.name.includes('max') ? 'max' : 'min';
      const out: BColumn[] = [];
      const seen = new Set<string>(byCols.map((c) => c.name));
      // `*` adds the input columns not already named by an argument.
      for (const a of e.args) if (a.kind === 'Name') seen.add(a.name);
      e.args.forEach((a, i) => {
        if (a.kind === 'Star') {
          for (const c of inp.columns) if (!seen.has(c.name)) { seen.add(c.name); out.push(c); }
          return;
        }
        const n = (i === 0 ? given : undefined) ?? (a.kind === 'NamedArg' ? a.name.name : expressionResultName(a, undefined, ctx)) ?? `${prefix}_${expressionResultName(e.args[0]!, '', ctx)}`;
        const name = i === 0 && !given && a.kind !== 'Name' && a.kind !== 'NamedArg' ? `${prefix}_${expressionResultName(a, '', ctx) ?? ''}` : n;
        // A column argument that repeats an earlier argument or a by column adds nothing; one that
        // repeats the assigned name (`ReportId = arg_max(Timestamp, ReportId)`) is kept and made
        // unique by the caller (ReportId1), as Kusto does.
        // The extremum itself (i = 0) is always output: `arg_max(T, *) by bin(T, 1h)` gives T, T1.
        if (a.kind === 'Name' && i > 0 && (out.some((c, j) => c.name === name && !(j === 0 && given !== undefined)) || byCols.some((c) => c.name === name))) return;
        seen.add(name);
        out.push({ name, type: typeOf(a.kind === 'NamedArg' ? a.value : a) });
      });
      return out;
    }
    // perArgument (take_any)
    if (e.args.length === 1 && e.args[0]!.kind !== 'Star') {
      const a = e.args[0]!;
      return [{ name: given ?? (expressionResultName(a, undefined, ctx) || 'any_arg0'), type: typeOf(a) }];
    }
    const out: BColumn[] = [];
    for (const a of e.args) {
      if (a.kind === 'Star') { for (const c of inp.columns) if (!byCols.some((b) => b.name === c.name)) out.push(c); continue; }
      out.push({ name: expressionResultName(a, undefined, ctx) || `any_arg${e.args.indexOf(a)}`, type: typeOf(a) });
    }
    return out;
  }

  private join(inp: TableType, op: A.JoinOp | A.LookupOp, env: Env): TableType {
    const kindParam = op.params.find((p) => p.name === 'kind');
    let kind = op.kind === 'Join' ? 'innerunique' : 'leftouter';
    if (kindParam) {
      const v = kindParam.value.kind === 'Name' ? kindParam.value.name : exprText(kindParam.value);
      const allowed = op.kind === 'Join' ? JOIN_KINDS : LOOKUP_KINDS;
      if (!allowed.includes(v)) this.error(D.badParamValue, kindParam.value, 'kind', v, allowed.join(', '));
      else kind = v;
    }
    const right = this.bindTable(op.right, { scope: env.scope, implicit: env.implicit });
    const keys: string[] = [];
    if (op.on.length === 0) this.error(D.missingJoinOn, { start: op.start, end: op.start + (op.kind === 'Join' ? 4 : 6) }, op.kind === 'Join' ? 'join' : 'lookup');
    const onEnv: Env = { scope: env.scope, left: inp, right };
    for (const c of op.on) this.bindJoinCondition(c, inp, right, onEnv, keys);
    const open = inp.open || right.open;
    if (op.kind === 'Lookup') {
      const names = new UniqueNames(inp.columns.map((c) => c.name));
      const rcols = right.columns.filter((c) => !keys.includes(c.name)).map((c) => ({ name: names.take(c.name), type: c.type }));
      return table([...inp.columns, ...rcols], open);
    }
    if (kind === 'leftsemi' || kind === 'leftanti' || kind === 'anti' || kind === 'leftantisemi') return table(inp.columns, inp.open);
    if (kind === 'rightsemi' || kind === 'rightanti' || kind === 'rightantisemi') return table(right.columns, right.open);
    const names = new UniqueNames(inp.columns.map((c) => c.name));
    return table([...inp.columns, ...right.columns.map((c) => ({ name: names.take(c.name), type: c.type }))], open);
  }

  private bindJoinCondition(c: A.Expr, left: TableType, right: TableType, env: Env, keys: string[]): void {
    if (c.kind === 'Name') {
      const l = findColumn(left, c.name), r = findColumn(right, c.name);
      if (!l && !left.open) this.error(D.unknownJoinSide, c, 'left', c.name);
      else if (!r && !right.open) this.error(D.unknownJoinSide, c, 'right', c.name);
      else if (l && r && !comparable(l.type, r.type) && !isLoose(l.type) && !isLoose(r.type)) this.error(D.operandTypes, c, '==', l.type, r.type);
      keys.push(c.name);
      return;
    }
    if (c.kind === 'Binary' && c.op === 'and') {
      this.bindJoinCondition(c.left, left, right, env, keys);
      this.bindJoinCondition(c.right, left, right, env, keys);
      return;
    }
    if (c.kind === 'Binary' && (c.op === '==' || c.op === '=~')) {
      this.bindBinary(c, env);
      // The right side's key column (lookup leaves it out: `$left.a == $right.b` keeps a, drops b).
      const rn = c.right.kind === 'JoinSideRef' && c.right.side === 'right' ? c.right.column.name
        : c.left.kind === 'JoinSideRef' && c.left.side === 'right' ? c.left.column.name : undefined;
      if (rn) keys.push(rn);
      if (c.left.kind !== 'JoinSideRef' && c.right.kind !== 'JoinSideRef') this.error(D.joinCondition, c);
      return;
    }
    if (c.kind === 'Missing') return;
    this.bindScalar(c, env);
    if (c.kind !== 'Binary') this.error(D.joinCondition, c);
  }

  private legTable(t: A.Expr | A.NamePattern, env: Env): TableType {
    if (t.kind === 'NamePattern') {
      const re = wildcard(t.pattern);
      const found = [...this.catalog.tables.values()].filter((x) => re.test(x.name)).map((x) => table(x.columns));
      for (const n of env.scope.allNames()) { const s = env.scope.get(n); if (s?.kind === 'table' && re.test(n)) found.push(s.table); }
      if (found.length === 0) return OPEN_TABLE;
      // Several tables behind one wildcard leg are unified by name first (Kusto.Language: `union *`
      // over the workspace gives Timestamp:datetime, not Timestamp_datetime/Timestamp_string); the
      // legs are then unified by name and type (mergeOuter).
      return found.length === 1 ? found[0]! : mergeByName(found);
    }
    return this.bindTable(t, { scope: env.scope, implicit: env.implicit });
  }

  private union(input: TableType | undefined, op: A.UnionOp, env: Env): TableType {
    const kindParam = op.params.find((p) => p.name === 'kind');
    let kind = 'outer';
    if (kindParam) {
      const v = kindParam.value.kind === 'Name' ? kindParam.value.name : exprText(kindParam.value);
      if (!UNION_KINDS.includes(v)) this.error(D.badParamValue, kindParam.value, 'kind', v, UNION_KINDS.join(', '));
      else kind = v;
    }
    const legs: TableType[] = [];
    if (input) legs.push(input);
    const fuzzy = op.params.some((p) => p.name === 'isfuzzy' && p.value.kind === 'Literal' && p.value.value === true);
    let dropped = 0;
    for (const t of op.tables) {
      const mark = this.diags.length;
      const leg = this.legTable(t, env);
      if (!fuzzy) { legs.push(leg); continue; }
      // isfuzzy=true: a leg whose table or function does not resolve is left out with a warning
      // (union-operator.md: "any resolution failure yields a warning … but won't prevent the query
      // execution"; Kusto.Language warns on a fuzzy name only, an unknown column stays an error).
      // The executor leaves such a leg out too (exec/ops/union.ts).
      // No warning from check: rule packs union tables a workspace may lack on purpose, and their
      // lint stays clean (the executor's result carries the warning).
      const found = this.diags.splice(mark);
      const fuzzyMiss = found.some((d) => FUZZY_CODES.has(d.code));
      for (const d of found) if (!(fuzzyMiss && FUZZY_CODES.has(d.code))) this.diags.push(d);
      if (!fuzzyMiss) legs.push(leg);
      else dropped++;
    }
    // No leg resolved: Kusto's analyzer only warns (the run fails): the result is unknown.
    if (dropped > 0 && legs.length === 0) return OPEN_TABLE;
    const merged = kind === 'inner' ? mergeInner(legs) : mergeOuter(legs);
    const ws = op.params.find((p) => p.name === 'withsource');
    if (ws) {
      const n = ws.value.kind === 'Name' ? ws.value.name : 'TableName';
      return table([{ name: n, type: 'string' }, ...merged.columns], merged.open);
    }
    return merged;
  }

  private evaluate(input: TableType | undefined, op: A.EvaluateOp, env: Env): TableType {
    const c = op.call;
    const inp = input ?? OPEN_TABLE;
    const name = c.kind === 'Call' ? c.name.name : '';
    const args = c.kind === 'Call' ? c.args : [];
    if (c.kind === 'Call' && !c.target && !KNOWN_PLUGINS.has(name)) this.error(D.unknownPlugin, c.name, name, closest(name, KNOWN_PLUGINS));
    const argRow: TableType = LOOKUP_PLUGINS.has(name) ? { ...inp, open: true } : inp;
    const tables: (TableType | undefined)[] = [];
    for (const a of args) {
      if (a.kind === 'TypeOf' || a.kind === 'Star') { tables.push(undefined); continue; }
      const v = this.bindAny(a, { scope: env.scope, row: argRow, aggregate: true }, 'either');
      tables.push(v.kind === 'table' ? v.table : undefined);
    }
    const ctx: PluginContext = {
      input: inp, args,
      column: (i) => { const a = args[i]; return a && a.kind === 'Name' ? findColumn(inp, a.name) : undefined; },
      tableArg: (i) => tables[i],
      nameOf: (i) => { const a = args[i]; return a ? expressionResultName(a, '', this.namingCtx({ scope: env.scope, row: inp })) ?? '' : ''; },
      literal: (i) => { const a = args[i]; return a && a.kind === 'Literal' ? String(a.value) : ''; },
    };
    const bad = c.kind === 'Call' ? PLUGIN_ARGUMENTS[name]?.(ctx) : undefined;
    if (bad) this.error(D.argValue, bad.at ?? c, name, bad.message);
    if (op.schema) {
      const declared = this.tabularType(op.schema);
      if (declared.open) {
        // `(*, a:long)`: the plugin's own output, then the declared columns.
        const base = PLUGINS[name]?.(ctx) ?? inp;
        const names = new Set(declared.columns.map((x) => x.name));
        return table([...base.columns.filter((x) => !names.has(x.name)), ...declared.columns], false);
      }
      return declared;
    }
    // python / r / csharp: the output schema is the typeof() argument.
    const first = args[0];
    if (first && first.kind === 'TypeOf' && (name === 'python' || name === 'r' || name === 'csharp')) {
      const cols: BColumn[] = [];
      for (const it of first.items) {
        if (it.kind === 'Star') cols.push(...inp.columns);
        else if (it.kind === 'ColumnDecl') cols.push({ name: it.name.name, type: it.type.type ?? 'unknown' });
      }
      return table(cols);
    }
    const f = PLUGINS[name];
    return f ? f(ctx) : OPEN_TABLE;
  }
}

// ───────────── helpers ─────────────

const A_OPERATOR_KINDS: ReadonlySet<string> = new Set([
  'Where', 'Extend', 'Project', 'ProjectAway', 'ProjectKeep', 'ProjectRename', 'ProjectReorder', 'Summarize', 'Join',
  'Lookup', 'Union', 'Sort', 'Top', 'TopNested', 'TopHitters', 'Take', 'Distinct', 'Count', 'MvExpand', 'MvApply',
  'Parse', 'ParseKv', 'Evaluate', 'MakeSeries', 'As', 'Serialize', 'Invoke', 'Search', 'Find', 'GetSchema', 'Print',
  'Range', 'Datatable', 'ExternalData', 'Render', 'Sample', 'SampleDistinct', 'Fork', 'Facet', 'Partition', 'Consume',
  'Reduce', 'ExecuteAndCache', 'AssertSchema', 'Scan', 'Graph', 'ProjectByNames', 'UnknownOp',
]);

const OPERATOR_NAME: Readonly<Record<string, string>> = Object.fromEntries(
  OPERATOR_KEYWORDS.map((k) => [k.split('-').map((p) => p[0]!.toUpperCase() + p.slice(1)).join(''), k]),
);

function looseToDyn(t: BType): ScalarType { return t === 'unknown' ? 'dynamic' : t; }

function resultTypeOf(sig: FunctionSignature, t: ScalarType, argTypes: readonly ScalarType[], unknownArg: boolean): BType {
  // Result types that follow an argument are unknown when that argument's type is.
  if (typeof sig.returns === 'object' && unknownArg) {
    if ('arg' in sig.returns) return argTypes[sig.returns.arg] === 'dynamic' ? 'unknown' : t;
  }
  return t;
}

function comparable(a: BType, b: BType): boolean {
  if (a === b || isLoose(a) || isLoose(b)) return true;
  if (isNum(a) && isNum(b)) return true;
  if ((a === 'string' && b === 'guid') || (a === 'guid' && b === 'string')) return true;
  if ((a === 'bool' && isNum(b)) || (b === 'bool' && isNum(a))) return true;
  return false;
}

/** Type of arithmetic `l op r` (concrete types), or undefined when Kusto rejects it: the executor's own rule. */
function arithmetic(op: string, l: ScalarType, r: ScalarType): BType | undefined {
  const res = binaryOperator(op as '+' | '-' | '*' | '/' | '%', l, r);
  return 'type' in res ? res.type : undefined;
}

/** `hll_merge(a, b, …)`, `merge_tdigest(a, b, …)`: with two or more arguments, the scalar merge (exec/sketch-merge.ts). */
function isScalarSketchMerge(e: A.Call): boolean {
  return e.args.length >= 2 && ['hll_merge', 'merge_tdigest', 'tdigest_merge'].includes(e.name.name);
}

function containsAggregate(e: A.Expr): boolean {
  switch (e.kind) {
    case 'Call': {
      const s = lookupFunction(e.name.name);
      if (s?.kind === 'aggregate' && !isScalarSketchMerge(e)) return true;
      return e.args.some(containsAggregate);
    }
    case 'Binary': return containsAggregate(e.left) || containsAggregate(e.right);
    case 'Unary': return containsAggregate(e.operand);
    case 'Member': case 'Index': return containsAggregate(e.target);
    case 'NamedArg': return containsAggregate(e.value);
    case 'Between': return containsAggregate(e.left) || containsAggregate(e.low) || containsAggregate(e.high);
    case 'InList': return containsAggregate(e.left) || e.items.some(containsAggregate);
    default: return false;
  }
}

function callName(e: A.Expr): string {
  if (e.kind === 'Call') {
    if (lookupFunction(e.name.name)?.kind === 'aggregate') return e.name.name;
    for (const a of e.args) { const n = callName(a); if (n) return n; }
  }
  if (e.kind === 'Binary') return callName(e.left) || callName(e.right);
  return '';
}

function exprText(e: A.Expr): string {
  switch (e.kind) {
    case 'Name': return e.name;
    case 'Literal': return e.text;
    case 'Call': return `${e.name.name}(${e.args.map(exprText).join(', ')})`;
    case 'Binary': return `${exprText(e.left)} ${e.op} ${exprText(e.right)}`;
    case 'Member': return `${exprText(e.target)}.${e.member.name}`;
    default: return e.kind;
  }
}

function wildcard(p: string): RegExp {
  return new RegExp('^' + p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
}

function matchPattern(t: TableType, p: string): BColumn[] {
  if (!p.includes('*')) { const c = findColumn(t, p); return c ? [c] : []; }
  const re = wildcard(p);
  return t.columns.filter((c) => re.test(c.name));
}

/** Outer union: columns by name in order of appearance; a name with several types becomes name_type columns. */
/**
 * Columns of several tables unified by name: a name the tables type differently takes the type
 * most of them give (the first seen on a tie) — what Kusto.Language reports for a wildcard leg
 * (`union *`: Operation is string in 11 tables and dynamic in 3 → string).
 */
function mergeByName(tables: readonly TableType[]): TableType {
  const order: string[] = [];
  const counts = new Map<string, Map<BType, number>>();
  for (const t of tables) for (const c of t.columns) {
    let m = counts.get(c.name);
    if (!m) { m = new Map(); counts.set(c.name, m); order.push(c.name); }
    m.set(c.type, (m.get(c.type) ?? 0) + 1);
  }
  const cols = order.map((name): BColumn => {
    let best: BType = 'unknown', n = 0;
    for (const [t, k] of counts.get(name)!) if (t !== 'unknown' && k > n) { best = t; n = k; }
    return { name, type: best };
  });
  return table(cols, tables.some((t) => t.open));
}

/** Unknown table / function: what `union isfuzzy=true` forgives in a leg. */
const FUZZY_CODES: ReadonlySet<string> = new Set([D.unknownTable.code, D.unknownFunction.code]);

function mergeOuter(legs: readonly TableType[]): TableType {
  const cols: BColumn[] = unionColumns(legs.map((l) => l.columns), (t) => t === 'unknown').map((c) => ({ name: c.name, type: c.type }));
  return table(cols, legs.some((l) => l.open));
}

function mergeInner(legs: readonly TableType[]): TableType {
  if (legs.length === 0) return OPEN_TABLE;
  const first = legs[0]!;
  const cols = first.columns.filter((c) => legs.every((l) => l.open || l.columns.some((x) => x.name === c.name && (x.type === c.type || isLoose(x.type)))));
  return table(cols, legs.every((l) => l.open));
}

export { toSchema };
