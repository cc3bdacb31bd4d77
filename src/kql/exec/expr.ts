/**
 * Expression compiler: a scalar AST expression becomes, once per query and operator, a closure
 * over physical row ids (`(r) => Value`) with its Kusto type, its constant value when it has one
 * (constant folding), and the columns it reads. No per-row AST walking.
 *
 * Column kernels (evalColumn, filterRows) then apply a compiled expression over a batch:
 * - an expression reading a single dictionary-encoded string column is evaluated once per distinct
 *   value (memo by dictionary code);
 * - `a and b` filters by `a` then evaluates `b` only on the survivors;
 * - comparisons of a number column with a constant run as a typed-array loop.
 */
import type { ScalarType, Value } from '../data/types.js';
import { isNumericStorage, TICKS_PER_DAY } from '../data/types.js';
import { parseIsoDatetime } from '../data/convert.js';
import { type Column, type Field, NumberColumn, StringColumn } from '../data/column.js';
import type * as A from '../syntax/ast.js';
import { lookupFunction, returnType } from '../functions/catalog.js';
import { scalarImpl } from '../functions/registry.js';
import { D } from '../diagnostics/catalog.js';
import { binValue } from '../functions/scalar/datetime.js';
import { binaryOperator, betweenImpl, checkBetween, compileListPredicate, type ListOp } from '../semantics/operators.js';
import { type QueryContext, type Env, type Compiled, EXEC_CODES, fail, rowLoopTick } from './context.js';
import { reserve, ROW_BLOCK } from '../governor.js';

/** Rows above which a new column's memory is reserved before it is built. */
const LARGE_COLUMN = 1 << 20;
import { type Batch, rowIds, columnFromValues, ColumnSink } from './batch.js';
import { termRegex, type TermMode } from './term-regex.js';
import { inStoredFunction } from '../stored-functions.js';

/** A compiled scalar expression (defined with the execution state in context.ts). */
export type { Compiled } from './context.js';

/** Row position for window functions: evalColumn sets `pos` to the logical index before each call. */
export interface RowCursor { rows: Uint32Array; pos: number }

/** What an expression can see: the input's columns, the let scope, the query, and callbacks for sub-queries. */
export interface Scope {
  readonly fields: readonly Field[];
  /** The operator's input columns when they differ from `fields` (extend items see their earlier
   * siblings, pack_all() packs only the input row). */
  readonly operatorInput?: readonly Field[];
  readonly env: Env;
  readonly ctx: QueryContext;
  readonly cursor: RowCursor;
  /** Evaluates a tabular expression (for toscalar, `in (subquery)`). */
  readonly tabular: (e: A.Expr, env: Env) => Batch;
  /** Is this expression tabular (a table, a pipe, a tabular let…)? */
  readonly isTabular: (e: A.Expr, env: Env) => boolean;
}

export function constant(type: ScalarType, value: Value): Compiled {
  return { type, fn: () => value, constant: true, value, deps: [] };
}

function mergeDeps(...xs: readonly Compiled[]): Column[] {
  const s = new Set<Column>();
  for (const x of xs) for (const d of x.deps) s.add(d);
  return [...s];
}

export function findField(fields: readonly Field[], name: string): Field | undefined {
  for (const f of fields) if (f.name === name) return f;
  return undefined;
}

/** The accessor closure of each plain column reference (lets kernels recognise `f(column)`). */
const plainRef = new WeakMap<Column, (r: number) => Value>();

function columnRef(col: Column): Compiled {
  let fn: (r: number) => Value;
  switch (col.kind) {
    case 'number': {
      const d = col.data, n = col.nulls;
      // A long column holding exact values beyond 2^53 (NumberColumn.big) reads through get().
      fn = col.big !== undefined ? (r) => col.get(r) : n ? (r) => (n[r] === 1 ? null : d[r]!) : (r) => d[r]!;
      break;
    }
    case 'string': { const c = col.codes, dict = col.dict; fn = (r) => dict[c[r]!]!; break; }
    case 'bool': { const d = col.data; fn = (r) => { const v = d[r]; return v === 2 ? null : v === 1; }; break; }
    case 'object': { const d = col.data; fn = (r) => { const v = d[r]; return v === undefined ? null : v; }; break; }
  }
  plainRef.set(col, fn);
  return { type: col.type, fn, constant: false, deps: [col] };
}

const TYPE_DEFAULT_NULL: Record<ScalarType, Value> = {
  bool: null, int: null, long: null, real: null, decimal: null, string: '', datetime: null, timespan: null, guid: null, dynamic: null,
};
export function nullOf(t: ScalarType): Value { return TYPE_DEFAULT_NULL[t]; }

/** Converts a value to the boxed form of `t` (used when a column is built with a declared type). */
export function coerce(v: Value, t: ScalarType): Value {
  if (v === null || v === undefined) return nullOf(t);
  switch (t) {
    case 'string': return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'int': case 'long': return typeof v === 'number' ? Math.trunc(v) : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Math.trunc(Number(v)) : null;
    case 'real': case 'decimal': return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : null;
    case 'bool': return typeof v === 'boolean' ? v : typeof v === 'number' ? v !== 0 : typeof v === 'string' ? (/^(true|1)$/i.test(v) ? true : /^(false|0)$/i.test(v) ? false : null) : null;
    case 'datetime': return typeof v === 'number' ? v : typeof v === 'string' ? parseIsoDatetime(v) : null;
    case 'timespan': return typeof v === 'number' ? v : null;
    case 'guid': return typeof v === 'string' ? v.toLowerCase() : null;
    case 'dynamic': return v;
  }
}

/** Dynamic member access: objects by key, arrays by (possibly negative) index; anything else → null. */
export function dynGet(target: Value, key: Value): Value {
  if (target === null || typeof target !== 'object') {
    if (typeof target === 'string' && (target.startsWith('{') || target.startsWith('['))) {
      try { return dynGet(JSON.parse(target) as Value, key); } catch { return null; }
    }
    return null;
  }
  if (Array.isArray(target)) {
    if (typeof key !== 'number') return null;
    const i = key < 0 ? target.length + key : key;
    const v = target[Math.trunc(i)];
    return v === undefined ? null : v;
  }
  if (typeof key !== 'string') return null;
  const v = (target as Record<string, Value>)[key];
  return v === undefined || !Object.prototype.hasOwnProperty.call(target, key) ? null : v;
}

function truthy(v: Value): boolean { return v === true; }

export function compile(e: A.Expr, s: Scope): Compiled {
  switch (e.kind) {
    case 'Literal': return constant(e.type, e.value);
    case 'Name': return compileName(e, s);
    case 'Member': {
      const t = compile(e.target, s);
      const key = e.member.name;
      if (t.constant) return constant('dynamic', dynGet(t.value ?? null, key));
      const f = t.fn;
      return { type: 'dynamic', fn: (r) => dynGet(f(r), key), constant: false, deps: t.deps, ordered: t.ordered };
    }
    case 'Index': {
      const t = compile(e.target, s), k = compile(e.index, s);
      if (t.constant && k.constant) return constant('dynamic', dynGet(t.value ?? null, k.value ?? null));
      const f = t.fn, g = k.fn;
      return { type: 'dynamic', fn: (r) => dynGet(f(r), g(r)), constant: false, deps: mergeDeps(t, k), ordered: t.ordered || k.ordered };
    }
    case 'Unary': {
      const o = compile(e.operand, s);
      if (e.op === '+') return o;
      const f = o.fn;
      const fn = (r: number) => { const v = f(r); return typeof v === 'number' ? -v : null; };
      return o.constant ? constant(o.type, fn(0)) : { type: o.type, fn, constant: false, deps: o.deps, ordered: o.ordered };
    }
    case 'Binary': return compileBinary(e, s);
    case 'Between': return compileBetween(e, s);
    case 'InList': return compileInList(e, s);
    case 'Call': return compileCall(e, s);
    case 'NamedArg': return compile(e.value, s);
    case 'JoinSideRef': return compileName(e.column, s);
    case 'TypeOf': { const t = typeofArg(e); return constant('string', t ?? 'dynamic'); }
    case 'Star': return fail(EXEC_CODES.unsupported, '`*` is not a scalar expression here', e);
    case 'Missing': return fail(EXEC_CODES.badArgument, `missing ${e.expected}`, e);
    case 'Pipe': case 'ImplicitSource':
      return fail(EXEC_CODES.notScalar, 'a tabular expression is used where a scalar is expected (wrap it in toscalar())', e);
    default:
      return fail(EXEC_CODES.notScalar, `a tabular operator is used where a scalar is expected`, e);
  }
}

function compileName(e: A.Name, s: Scope): Compiled {
  const f = findField(s.fields, e.name);
  if (f) return columnRef(f.column);
  const b = s.env.get(e.name);
  if (b) {
    if (b.kind === 'scalar') return constant(b.type, b.value);
    if (b.kind === 'compiled') return b.compiled;
    if (b.kind === 'lazy') {
      if (!b.resolved) {
        if (s.isTabular(b.expr, b.env)) return fail(EXEC_CODES.notScalar, `'${e.name}' is a table; use toscalar() to read a value from it`, e);
        const c = compile(b.expr, { ...s, fields: [], env: b.env });
        if (!c.constant) return c;
        b.resolved = { kind: 'scalar', type: c.type, value: c.value ?? null };
      }
      const r = b.resolved;
      if (r.kind === 'scalar') return constant(r.type, r.value);
    }
    if (b.kind === 'tabular' || b.kind === 'batch') return fail(EXEC_CODES.notScalar, `'${e.name}' is a table; use toscalar() to read a value from it`, e);
    // A parameterless function may be called without parentheses: `let a = () {123}; … x * a`.
    if (b.kind === 'lambda' && b.lambda.params.length === 0) return compileUserCall({ kind: 'Call', name: e, args: [], start: e.start, end: e.end }, b.lambda, b.env, s);
  }
  const near = s.fields.find((x) => x.name.toLowerCase() === e.name.toLowerCase());
  return fail(EXEC_CODES.unknownColumn, `unknown column or variable '${e.name}'${near ? ` (did you mean '${near.name}'?)` : ''}`, e);
}

const CMP_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const HAS_OPS: Partial<Record<string, { mode: TermMode; cs: boolean; neg: boolean }>> = {
  has: { mode: 'has', cs: false, neg: false }, '!has': { mode: 'has', cs: false, neg: true },
  has_cs: { mode: 'has', cs: true, neg: false }, '!has_cs': { mode: 'has', cs: true, neg: true },
  hasprefix: { mode: 'hasprefix', cs: false, neg: false }, '!hasprefix': { mode: 'hasprefix', cs: false, neg: true },
  hassuffix: { mode: 'hassuffix', cs: false, neg: false }, '!hassuffix': { mode: 'hassuffix', cs: false, neg: true },
};

/**
 * `* has "x"` (where-operator.md, has-operator.md): the term test over every column of the input,
 * each as a string — any column for a positive operator, every column for a negated one (`* !has`).
 * Over no columns (a union of no tables): no row matches a positive test, every row a negated one.
 */
function compileStarTerm(e: A.Binary, s: Scope): Compiled {
  const neg = e.op.startsWith('!');
  const at = { start: e.left.start, end: e.left.end };
  const tests: A.Expr[] = s.fields.map((f) => ({ ...e, left: { kind: 'Call', name: { kind: 'Name', name: 'tostring', quoted: false, ...at }, args: [{ kind: 'Name', name: f.name, quoted: true, ...at }], ...at } as A.Call }));
  if (tests.length === 0) return constant('bool', neg);
  const joined = tests.reduce((a, b) => ({ kind: 'Binary', op: neg ? 'and' : 'or', left: a, right: b, opStart: e.opStart, start: e.start, end: e.end } as A.Binary));
  return compile(joined, s);
}

function compileBinary(e: A.Binary, s: Scope): Compiled {
  if (e.left.kind === 'Star' && (HAS_OPS[e.op] !== undefined || /^!?(contains|startswith|endswith)(_cs)?$/.test(e.op))) return compileStarTerm(e, s);
  const l = compile(e.left, s), r = compile(e.right, s);
  const deps = mergeDeps(l, r);
  const ordered = l.ordered || r.ordered;
  if (e.op === 'and' || e.op === 'or') {
    const lf = l.fn, rf = r.fn;
    const fn = e.op === 'and'
      ? (i: number) => { const a = lf(i); if (a === false) return false; const b = rf(i); if (b === false) return false; return a === true && b === true ? true : null; }
      : (i: number) => { const a = lf(i); if (a === true) return true; const b = rf(i); if (b === true) return true; return a === false && b === false ? false : null; };
    if (l.constant && r.constant) return constant('bool', fn(0));
    const out: Compiled = { type: 'bool', fn, constant: false, deps, ordered };
    if (e.op === 'and') {
      return { ...out, filter: (rows) => filterRows(r, filterRows(l, rows)) };
    }
    // or: rows where the left side is true, plus the others where the right side is true (order kept).
    return { ...out, filter: (rows) => {
      const a = filterRows(l, rows);
      if (a.length === rows.length) return rows;
      let max = 0; for (let i = 0; i < rows.length; i++) if (rows[i]! > max) max = rows[i]!;
      const mark = new Uint8Array(max + 1);
      for (let i = 0; i < a.length; i++) mark[a[i]!] = 1;
      const restRows = new Uint32Array(rows.length - a.length); let k = 0;
      for (let i = 0; i < rows.length; i++) if (mark[rows[i]!] === 0) restRows[k++] = rows[i]!;
      const b = filterRows(r, restRows);
      for (let i = 0; i < b.length; i++) mark[b[i]!] = 1;
      const out2 = new Uint32Array(a.length + b.length); let j = 0;
      for (let i = 0; i < rows.length; i++) if (mark[rows[i]!] === 1) out2[j++] = rows[i]!;
      return out2;
    } };
  }
  const fastHas = HAS_OPS[e.op];
  if (fastHas && l.type === 'string' && r.constant && typeof r.value === 'string' && !l.constant) {
    const re = termRegex([r.value], fastHas.mode, fastHas.cs);
    if (re) {
      const lf = l.fn, neg = fastHas.neg;
      return { type: 'bool', fn: (i) => re.test(lf(i) as string) !== neg, constant: false, deps: l.deps, ordered: l.ordered };
    }
  }
  const op = binaryOperator(e.op, l.type, r.type);
  if ('error' in op) return fail(EXEC_CODES.typeMismatch, op.error, { start: e.opStart, end: e.opStart + e.op.length });
  const impl = op.impl;
  const rt = r.type;
  if (l.constant && r.constant) return constant(op.type, impl(l.value ?? null, r.value ?? null));
  let fn: (i: number) => Value;
  if (r.constant) { const rv = r.value ?? null, lf = l.fn; fn = (i) => impl(lf(i), rv); }
  else if (l.constant) { const lv = l.value ?? null, rf = r.fn; fn = (i) => impl(lv, rf(i)); }
  else { const lf = l.fn, rf = r.fn; fn = (i) => impl(lf(i), rf(i)); }
  const out: Compiled = { type: op.type, fn, constant: false, deps, ordered };
  // Typed-array kernel: number column <op> number constant.
  if (CMP_OPS.has(e.op) && r.constant && typeof r.value === 'number' && l.deps.length === 1 && e.left.kind === 'Name' && l.deps[0]!.kind === 'number') {
    const col = l.deps[0]!; const c = r.value; const op2 = e.op;
    if (col.kind === 'number' && isNumericStorage(rt)) return { ...out, filter: (rows) => numFilter(col.data, col.nulls, rows, op2, c) };
  }
  return out;
}

function numFilter(d: Float64Array, nulls: Uint8Array | undefined, rows: Uint32Array, op: string, c: number): Uint32Array {
  // Branch-free: every row is written, the count advances only on a match (no mispredictions
  // when about half the rows pass, the usual time-window case).
  const n = rows.length;
  const out = new Uint32Array(n + 1); let k = 0;
  switch (op) {
    case '>': for (let i = 0; i < n; i++) { const r = rows[i]!; out[k] = r; k += +(d[r]! > c); } break;
    case '>=': for (let i = 0; i < n; i++) { const r = rows[i]!; out[k] = r; k += +(d[r]! >= c); } break;
    case '<': for (let i = 0; i < n; i++) { const r = rows[i]!; out[k] = r; k += +(d[r]! < c); } break;
    case '<=': for (let i = 0; i < n; i++) { const r = rows[i]!; out[k] = r; k += +(d[r]! <= c); } break;
    case '==': for (let i = 0; i < n; i++) { const r = rows[i]!; out[k] = r; k += +(d[r]! === c); } break;
    case '!=': for (let i = 0; i < n; i++) { const r = rows[i]!; out[k] = r; k += +(d[r]! !== c || (nulls !== undefined && nulls[r] === 1)); } break;
  }
  if (nulls && op !== '!=') {
    // Nulls are stored as 0: drop them (null compares to nothing).
    let j = 0;
    for (let i = 0; i < k; i++) { const r = out[i]!; out[j] = r; j += +(nulls[r] !== 1); }
    k = j;
  }
  if (k === n) return rows;
  // A large survivor set keeps its buffer (a view); a small one is copied out of it.
  return k * 2 > n ? out.subarray(0, k) : out.slice(0, k);
}

function compileBetween(e: A.Between, s: Scope): Compiled {
  const x = compile(e.left, s), lo = compile(e.low, s), hi = compile(e.high, s);
  const bad = checkBetween(x.type, lo.type, hi.type);
  if (bad) return fail(EXEC_CODES.typeMismatch, bad, e);
  const impl = betweenImpl(e.negated, x.type, hi.type);
  const xf = x.fn, lf = lo.fn, hf = hi.fn;
  const fn = (r: number): Value => impl(xf(r), lf(r), hf(r));
  if (x.constant && lo.constant && hi.constant) return constant('bool', fn(0));
  return { type: 'bool', fn, constant: false, deps: mergeDeps(x, lo, hi), ordered: x.ordered };
}

/** Flattens `in`/`has_any` list items: scalars, dynamic arrays, or a one-column sub-query. */
function listValues(items: readonly A.Expr[], s: Scope): { values: Value[]; types: ScalarType[]; rowDependent: Compiled[] } {
  const values: Value[] = [], types: ScalarType[] = [];
  const rowDependent: Compiled[] = [];
  for (const it of items) {
    if (items.length === 1 && s.isTabular(it, s.env)) {
      const b = s.tabular(it, s.env);
      const f = b.fields[0];
      if (f) for (const r of rowIds(b)) { values.push(f.column.get(r)); types.push(f.column.type); }
      continue;
    }
    const c = compile(it, s);
    if (!c.constant) { rowDependent.push(c); continue; }
    values.push(c.value ?? null); types.push(c.type);
  }
  return { values, types, rowDependent };
}

function compileInList(e: A.InList, s: Scope): Compiled {
  const x = compile(e.left, s);
  const { values, types, rowDependent } = listValues(e.items, s);
  const op = e.op as ListOp;
  const xf = x.fn;
  let fn: (r: number) => Value;
  const fast = rowDependent.length === 0 && x.type === 'string' && (op === 'has_any' || op === '!has_any')
    && values.every((v) => typeof v === 'string') ? termRegex(values as string[], 'has', false) : undefined;
  if (fast) {
    const neg = op === '!has_any';
    fn = (r) => { const v = xf(r); return fast.test(typeof v === 'string' ? v : '') !== neg; };
  } else if (rowDependent.length === 0) {
    const p = compileListPredicate(op, x.type, values, types);
    fn = (r) => p(xf(r));
  } else {
    // Items that vary per row: build the list per row (rare).
    fn = (r) => {
      const vs = [...values], ts = [...types];
      for (const c of rowDependent) { vs.push(c.fn(r)); ts.push(c.type); }
      return compileListPredicate(op, x.type, vs, ts)(xf(r));
    };
  }
  if (x.constant && rowDependent.length === 0) return constant('bool', fn(0));
  return { type: 'bool', fn, constant: false, deps: mergeDeps(x, ...rowDependent), ordered: x.ordered || rowDependent.some((c) => c.ordered) };
}

// ───────────────────────────── calls ─────────────────────────────

export type SpecialCompiler = (e: A.Call, s: Scope) => Compiled | undefined;
const specials = new Map<string, SpecialCompiler>();
/** Registers a compiler for a special function (toscalar, column_ifexists, window functions…). */
export function registerSpecial(name: string, c: SpecialCompiler): void { specials.set(name, c); }
/** The names of the functions compiled as special forms (the registry's `executor` expression forms; exec/run.ts registers them). */
export function specialForms(): string[] { return [...specials.keys()]; }

function typeofArg(e: A.Expr): ScalarType | undefined {
  if (e.kind === 'TypeOf') { const t = e.items[0]; return t && t.kind === 'TypeRef' ? t.type : undefined; }
  if (e.kind === 'Call' && e.name.name === 'typeof' && e.args.length === 1) {
    const a = e.args[0]!;
    if (a.kind === 'Name') return normalize(a.name);
    if (a.kind === 'Literal') return normalize(a.text);
  }
  return undefined;
}
function normalize(n: string): ScalarType | undefined {
  const m: Record<string, ScalarType> = { bool: 'bool', boolean: 'bool', int: 'int', long: 'long', real: 'real', double: 'real', decimal: 'decimal', string: 'string', datetime: 'datetime', date: 'datetime', timespan: 'timespan', time: 'timespan', guid: 'guid', dynamic: 'dynamic' };
  return m[n.toLowerCase()];
}

/** Functions that take an exact long beyond 2^53 as it is (a bigint): see compileCall. */
const EXACT_LONG_FUNCTIONS = new Set([
  'hash', 'hash_xxhash64', 'hash_combine', 'hash_many', 'hash_sha256', 'hash_sha1', 'hash_md5',
  'binary_and', 'binary_or', 'binary_xor', 'binary_not', 'binary_shift_left', 'binary_shift_right',
  'tostring', 'tolong', 'strcat', 'strcat_delim', 'iff', 'iif', 'case', 'coalesce', 'min_of', 'max_of',
  'isnull', 'isnotnull', 'isempty', 'isnotempty', 'toint',
]);

/** A long column without its exact values beyond 2^53 (NumberColumn.big): the floats only. */
export function approxColumn(c: Column): Column {
  return c.kind === 'number' && c.big !== undefined ? new NumberColumn(c.type, c.data, c.nulls) : c;
}

/** The expression with an exact long (bigint) replaced by its nearest float. */
export function approxLong(c: Compiled): Compiled {
  if (c.constant) return typeof c.value === 'bigint' ? { ...c, value: Number(c.value), fn: () => Number(c.value) } : c;
  const f = c.fn;
  return { ...c, fn: (r) => { const v = f(r); return typeof v === 'bigint' ? Number(v) : v; } };
}

function compileCall(e: A.Call, s: Scope): Compiled {
  const name = e.name.name;
  const sp = specials.get(name);
  if (sp) { const c = sp(e, s); if (c) return c; }
  // User function (let f = (x) { ... })?
  const b = s.env.get(name);
  if (b && b.kind === 'lambda') return compileUserCall(e, b.lambda, b.env, s);
  const sig = lookupFunction(name);
  if (!sig) return fail(EXEC_CODES.unknownFunction, `unknown function '${name}'`, e.name);
  if (sig.kind === 'aggregate') return fail(EXEC_CODES.unsupported, `aggregate function '${name}' is only allowed in summarize`, e.name);
  // An exception inside the implementation is KQL599 at this call (functions/registry.ts).
  const impl = scalarImpl(sig.name, (message) => fail(D.functionFailed.code, message, e));
  if (!impl) return fail(EXEC_CODES.unsupported, `function '${name}' is not implemented`, e.name);
  // typeof(T) arguments become type-name string constants; the result type follows them.
  let castType: ScalarType | undefined;
  const args: Compiled[] = [];
  for (const a of e.args) {
    const t = typeofArg(a);
    if (t) { castType = t; args.push(constant('string', t)); continue; }
    // `f(*)`: every input column, in order (estimate_data_size(*), hash_many(*)…).
    if (a.kind === 'Star') { for (const f of s.fields) args.push(columnRef(f.column)); continue; }
    args.push(compile(a.kind === 'NamedArg' ? a.value : a, s));
  }
  if (args.length < sig.minArgs || args.length > sig.maxArgs) {
    const want = sig.maxArgs === Infinity ? `at least ${sig.minArgs}` : sig.minArgs === sig.maxArgs ? `${sig.minArgs}` : `${sig.minArgs} to ${sig.maxArgs}`;
    return fail(EXEC_CODES.badArgument, `function '${name}' expects ${want} arguments, got ${args.length}`, e);
  }
  // Exact longs beyond 2^53 (bigints, data/types.ts) reach only the functions that keep them
  // exact; every other function gets the nearest float, as before exact longs existed.
  if (!EXACT_LONG_FUNCTIONS.has(sig.name)) for (let i = 0; i < args.length; i++) if (args[i]!.type === 'long') args[i] = approxLong(args[i]!);
  const argTypes = args.map((a) => a.type);
  let type = returnType(sig, argTypes);
  if (castType && (sig.returns as { rule?: string }).rule === 'typeArg') type = castType;
  const ev = s.ctx.eval;
  const n = args.length;
  const fns = args.map((a) => a.fn);
  const wrap = (v: Value): Value => (v === undefined ? nullOf(type) : type === 'string' && v === null ? '' : v);
  if (!sig.flags.volatile && args.every((a) => a.constant)) {
    return constant(type, wrap(impl(args.map((a) => a.value ?? null), argTypes, ev)));
  }
  let fn: (r: number) => Value;
  const fast = (sig.name === 'bin' || sig.name === 'floor') && n === 2 ? binFast(args[0]!, args[1]!, type) : undefined;
  if (fast) return fast;
  if (n === 1) { const f0 = fns[0]!; fn = (r) => wrap(impl([f0(r)], argTypes, ev)); }
  else if (n === 2) { const f0 = fns[0]!, f1 = fns[1]!; fn = (r) => wrap(impl([f0(r), f1(r)], argTypes, ev)); }
  else fn = (r) => { const vs = new Array<Value>(n); for (let i = 0; i < n; i++) vs[i] = fns[i]!(r); return wrap(impl(vs, argTypes, ev)); };
  return { type, fn, constant: false, deps: mergeDeps(...args), ordered: sig.flags.volatile || args.some((a) => a.ordered) };
}

/**
 * bin(x, size) with a constant size: no argument array per row (the hot key of summarize … by
 * bin(Timestamp, 1h)). Same arithmetic as functions/scalar/datetime.ts binValue (whose datetime
 * offset, computed once here, aligns bins to 0001-01-01 as .NET ticks do).
 */
function binFast(x: Compiled, size: Compiled, type: ScalarType): Compiled | undefined {
  if (x.constant || !size.constant || typeof size.value !== 'number' || !(size.value > 0)) return undefined;
  if (!isNumericStorage(x.type) || !isNumericStorage(type)) return undefined;
  const c = size.value, xf = x.fn;
  const col = x.deps.length === 1 && x.deps[0]!.kind === 'number' && !x.ordered ? x.deps[0] as NumberColumn : undefined;
  if (x.type === 'datetime') {
    const zero = binValue(0, c, 'datetime');
    if (zero === null) return undefined;
    const off = -zero;
    // Over a plain column: one typed-array loop (returns true when any null was written).
    const vector = col && xf === plainRef.get(col) ? (rows: Uint32Array, out: Float64Array, nulls: Uint8Array): boolean => {
      const d = col.data, cn = col.nulls; let any = false;
      const single = c < 2 ** 52;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!; const v = d[r]!;
        if ((cn !== undefined && cn[r] === 1) || !Number.isFinite(v)) { nulls[i] = 1; any = true; continue; }
        // One remainder a row: for steps under 2^52 ticks, ((x % c) + c) % c is exactly x % c,
        // plus c when negative.
        let rem = (v + off) % c;
        if (rem < 0) rem += c;
        out[i] = single ? v - rem : v - (((v + off) % c) + c) % c;
      }
      return any;
    } : undefined;
    return { type, fn: (r) => { const v = xf(r); if (typeof v !== 'number' || !Number.isFinite(v)) return null; return v - (((v + off) % c) + c) % c; }, constant: false, deps: x.deps, ordered: x.ordered, step: c, ...(vector ? { vector } : {}) };
  }
  const t = x.type;
  return { type, fn: (r) => { const v = xf(r); return typeof v === 'number' ? binValue(v, c, t) : null; }, constant: false, deps: x.deps, ordered: x.ordered };
}

/** Inlines a user scalar function: parameters bound to the compiled arguments. */
function compileUserCall(e: A.Call, lam: A.Lambda, lamEnv: Env, s: Scope): Compiled {
  const env = bindLambdaArgs(e, lam, lamEnv, s);
  return inStoredFunction(lam, 'body', () => {
    for (const st of lam.body.statements) bindLet(st, env, s);
    return compile(lam.body.result, { ...s, env });
  });
}

/**
 * Binds a call's arguments to a lambda's parameters (positional, then named, then defaults) in a
 * child of the lambda's environment. Scalar arguments must be constants here unless the caller
 * compiles them per row: row-dependent arguments are bound as "expr" via a synthetic let.
 */
export function bindLambdaArgs(e: A.Call, lam: A.Lambda, lamEnv: Env, s: Scope): Env {
  const env = lamEnv.child();
  // Named arguments bind first; positional ones fill the remaining parameters in order.
  const given = new Map<string, A.Expr>();
  for (const a of e.args) if (a.kind === 'NamedArg') given.set(a.name.name, a.value);
  const free = lam.params.filter((p) => !given.has(p.name.name));
  let pos = 0;
  for (const a of e.args) if (a.kind !== 'NamedArg') { const p = free[pos++]; if (p) given.set(p.name.name, a); }
  for (const p of lam.params) {
    const arg = given.get(p.name.name);
    const tabularParam = p.type.kind === 'TabularType';
    if (!arg) {
      if (p.default) { const c = inStoredFunction(lam, 'parameters', () => compile(p.default!, { ...s, fields: [], env: lamEnv })); env.set(p.name.name, { kind: 'scalar', type: c.type, value: c.value ?? null }); continue; }
      return fail(EXEC_CODES.badArgument, `missing argument '${p.name.name}' of '${e.name.name}'`, e);
    }
    if (tabularParam || s.isTabular(arg, s.env)) { env.set(p.name.name, { kind: 'batch', batch: s.tabular(arg, s.env) }); continue; }
    const c = compile(arg, s);
    const declared = p.type.kind === 'TypeRef' ? p.type.type : undefined;
    if (c.constant) env.set(p.name.name, { kind: 'scalar', type: declared ?? c.type, value: declared ? coerce(c.value ?? null, declared) : c.value ?? null });
    else env.set(p.name.name, { kind: 'compiled', compiled: c });
  }
  return env;
}

/** Adds a `let` statement of a function body or query to `env` (lazily: classified at first use). */
export function bindLet(st: A.Statement, env: Env, _s?: Scope): void {
  if (st.kind !== 'LetStmt') return;
  const v = st.value;
  if (v.kind === 'Lambda') env.set(st.name.name, { kind: 'lambda', lambda: v, env });
  else env.set(st.name.name, { kind: 'lazy', expr: v, env });
}

// ───────────────────────────── column kernels ─────────────────────────────

/** Evaluates a compiled expression over the rows of a batch into a new column (length = rows.length). */
export function evalColumn(c: Compiled, rows: Uint32Array, cursor?: RowCursor, asType?: ScalarType, physLen?: number): Column {
  const type = asType ?? c.type;
  const n = rows.length;
  // A large column is reserved first (numbers 9 bytes a row with nulls, string codes 4, others 8).
  if ((physLen ?? n) > LARGE_COLUMN) reserve((physLen ?? n) * (type === 'string' ? 4 : isNumericStorage(type) ? 9 : 8), `a column of ${(physLen ?? n).toLocaleString('en-US')} rows`);
  // physLen given: the column is laid out over the physical rows (value of row r at index r), so a
  // selected batch can gain a column without copying its other columns.
  const at = physLen !== undefined ? (i: number) => rows[i]! : (i: number) => i;
  if (physLen !== undefined && c.constant) return evalColumn(c, identity(physLen), undefined, asType);
  if (c.constant) {
    const v = coerceIf(c.value ?? null, c.type, type);
    if (type === 'string') return new StringColumn(new Uint32Array(n), [v === null ? '' : String(v)]);
    return columnFromValues(type, new Array<Value>(n).fill(v));
  }
  const f = c.fn;
  const conv = type !== c.type ? (v: Value) => coerceIf(v, c.type, type) : undefined;
  if (c.vector && !cursor && physLen === undefined && type === c.type && isNumericStorage(type)) {
    const out = new Float64Array(n), nulls = new Uint8Array(n);
    const any = c.vector(rows, out, nulls);
    return new NumberColumn(type, out, any ? nulls : undefined);
  }
  const sink = new ColumnSink(type, physLen ?? n);
  const dep = c.deps.length === 1 ? c.deps[0]! : undefined;
  if (dep && dep.kind === 'string' && !c.ordered && n > dep.dict.length / 4) {
    // Once per distinct input value; string results map input codes to output codes.
    const codes = dep.codes;
    if (type === 'string') {
      const memo = new Int32Array(dep.dict.length).fill(-1);
      for (let b0 = 0; b0 < n; b0 += ROW_BLOCK) {
        for (let i = b0, e = Math.min(n, b0 + ROW_BLOCK); i < e; i++) {
          const r = rows[i]!; const code = codes[r]!;
          let k = memo[code]!;
          if (k < 0) { const v = f(r); k = sink.code(conv ? conv(v) : v); memo[code] = k; }
          sink.setCode(at(i), k);
        }
        rowLoopTick();
      }
    } else {
      const memo: Value[] = new Array(dep.dict.length);
      const seen = new Uint8Array(dep.dict.length);
      for (let b0 = 0; b0 < n; b0 += ROW_BLOCK) {
        for (let i = b0, e = Math.min(n, b0 + ROW_BLOCK); i < e; i++) {
          const r = rows[i]!; const code = codes[r]!;
          if (seen[code] === 0) { const v = f(r); memo[code] = conv ? conv(v) : v; seen[code] = 1; }
          sink.set(at(i), memo[code]!);
        }
        rowLoopTick();
      }
    }
  } else if (cursor) {
    cursor.rows = rows;
    for (let b0 = 0; b0 < n; b0 += ROW_BLOCK) {
      for (let i = b0, e = Math.min(n, b0 + ROW_BLOCK); i < e; i++) { cursor.pos = i; const v = f(rows[i]!); sink.set(at(i), conv ? conv(v) : v); }
      rowLoopTick();
    }
  } else if (conv) {
    for (let b0 = 0; b0 < n; b0 += ROW_BLOCK) {
      for (let i = b0, e = Math.min(n, b0 + ROW_BLOCK); i < e; i++) sink.set(at(i), conv(f(rows[i]!)));
      rowLoopTick();
    }
  } else if (physLen !== undefined) {
    for (let b0 = 0; b0 < n; b0 += ROW_BLOCK) {
      for (let i = b0, e = Math.min(n, b0 + ROW_BLOCK); i < e; i++) { const r = rows[i]!; sink.set(r, f(r)); }
      rowLoopTick();
    }
  } else {
    for (let b0 = 0; b0 < n; b0 += ROW_BLOCK) {
      for (let i = b0, e = Math.min(n, b0 + ROW_BLOCK); i < e; i++) sink.set(i, f(rows[i]!));
      rowLoopTick();
    }
  }
  return sink.finish();
}

function identity(n: number): Uint32Array { const a = new Uint32Array(n); for (let i = 0; i < n; i++) a[i] = i; return a; }

function coerceIf(v: Value, from: ScalarType, to: ScalarType): Value { return from === to ? v : coerce(v, to); }

/** The rows (a subset of `rows`, order kept) where the predicate is true. Null and non-bool drop. */
export function filterRows(c: Compiled, rows: Uint32Array, cursor?: RowCursor): Uint32Array {
  if (c.constant) return c.value === true ? rows : new Uint32Array(0);
  if (c.filter && !c.ordered) return c.filter(rows);
  const n = rows.length;
  const out = new Uint32Array(n); let k = 0;
  const f = c.fn;
  const dep = c.deps.length === 1 ? c.deps[0]! : undefined;
  if (dep && dep.kind === 'string' && !c.ordered) {
    // Once per distinct value: 0 unknown, 1 false, 2 true.
    const memo = new Uint8Array(dep.dict.length);
    const codes = dep.codes;
    for (let b0 = 0; b0 < n; b0 += ROW_BLOCK) {
      for (let i = b0, e = Math.min(n, b0 + ROW_BLOCK); i < e; i++) {
        const r = rows[i]!; const code = codes[r]!;
        let m = memo[code]!;
        if (m === 0) { m = truthy(f(r)) ? 2 : 1; memo[code] = m; }
        if (m === 2) out[k++] = r;
      }
      rowLoopTick();
    }
  } else if (cursor) {
    cursor.rows = rows;
    for (let b0 = 0; b0 < n; b0 += ROW_BLOCK) {
      for (let i = b0, e = Math.min(n, b0 + ROW_BLOCK); i < e; i++) { cursor.pos = i; const r = rows[i]!; if (f(r) === true) out[k++] = r; }
      rowLoopTick();
    }
  } else {
    for (let b0 = 0; b0 < n; b0 += ROW_BLOCK) {
      for (let i = b0, e = Math.min(n, b0 + ROW_BLOCK); i < e; i++) { const r = rows[i]!; if (f(r) === true) out[k++] = r; }
      rowLoopTick();
    }
  }
  return k === n ? rows : out.slice(0, k);
}

export const DAY = TICKS_PER_DAY;
