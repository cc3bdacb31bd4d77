/**
 * Aggregation over dense group ids, shared by summarize, make-series, top-nested.
 * An aggregate item may be an expression over aggregates (`100.0 * countif(x) / count()`): each
 * aggregate call is computed into a hidden column, then the expression is evaluated per group.
 */
import { checkpoint, LimitError, ROW_BLOCK } from '../governor.js';
import { D } from '../diagnostics/catalog.js';
import type { ScalarType, Value } from '../data/types.js';
import type { Column, Field } from '../data/column.js';
import type * as A from '../syntax/ast.js';
import { lookupFunction, returnType, paramFor } from '../functions/catalog.js';
import { aggregateImpl } from '../functions/registry.js';
import type { Accumulator, MultiAccumulator } from '../functions/types.js';
import { type Scope, compile, evalColumn, constant, type Compiled, approxLong, approxColumn } from './expr.js';
import { columnFromValues } from './batch.js';
import { EXEC_CODES, ExecError, fail } from './context.js';
import { columnLikeName } from './names.js';

export function isAggregateCall(e: A.Expr): boolean {
  return e.kind === 'Call' && lookupFunction(e.name.name)?.kind === 'aggregate';
}

/** One output column of an aggregate call. */
export interface AggOutput { readonly name?: string; readonly type: ScalarType; readonly column: Column }

/**
 * Computes one aggregate call for every group.
 * - rows: physical row ids (logical order); ids[k]: group of rows[k]; groups: the count.
 * - inputFields / scope: the input's columns, for `*` and argument compilation.
 */
export function computeAggregate(call: A.Call, rows: Uint32Array, ids: Uint32Array, groups: number, s: Scope, excludeForStar: ReadonlySet<string>): AggOutput[] {
  try {
    return aggregateGroups(call, rows, ids, groups, s, excludeForStar);
  } catch (e) {
    // An exception inside an aggregate's implementation is KQL599 naming it, at the call (as for
    // scalar functions: functions/registry.ts). The engine's own errors and limits, a store's
    // errors met while reading the arguments' columns (a damaged segment: KQL505) and system
    // errors pass as they are.
    if (e instanceof ExecError || e instanceof LimitError || (e instanceof RangeError && /allocation|array length|string length|call stack/i.test(e.message))
      || !(e instanceof Error) || e.name === 'DamagedTableError' || e.name === 'WorkspaceError' || (e as NodeJS.ErrnoException).code !== undefined) throw e;
    return fail(D.functionFailed.code, D.functionFailed.message(call.name.name, e.message), call);
  }
}

function aggregateGroups(call: A.Call, rows: Uint32Array, ids: Uint32Array, groups: number, s: Scope, excludeForStar: ReadonlySet<string>): AggOutput[] {
  const sig = lookupFunction(call.name.name);
  if (!sig || sig.kind !== 'aggregate') return fail(EXEC_CODES.unknownFunction, `unknown aggregate function '${call.name.name}'`, call.name);
  const impl = aggregateImpl(sig.name);
  if (!impl) return fail(EXEC_CODES.unsupported, `aggregate '${sig.name}' is not implemented`, call.name);
  // Arguments: `*` expands to the input's columns (minus keys and arg 0's column).
  const args: Compiled[] = [];
  const argNames: (string | undefined)[] = [];
  const a0name = call.args[0] ? columnLikeName(call.args[0]) : undefined;
  for (const a of call.args) {
    if (a.kind === 'Star') {
      for (const f of s.fields) {
        if (excludeForStar.has(f.name) || f.name === a0name) continue;
        args.push(compile({ kind: 'Name', name: f.name, quoted: false, start: a.start, end: a.end }, s));
        argNames.push(f.name);
      }
      continue;
    }
    args.push(compile(a.kind === 'NamedArg' ? a.value : a, s));
    argNames.push(columnLikeName(a));
  }
  // Aggregates see exact longs beyond 2^53 as their nearest floats (data/types.ts).
  for (let i = 0; i < args.length; i++) if (args[i]!.type === 'long') args[i] = approxLong(args[i]!);
  const argTypes = args.map((a) => a.type);
  const consts = args.map((a, i) => (paramFor(sig, i, args.length)?.constant ? (a.value ?? null) : undefined));
  const shape = sig.shape ?? 'single';
  const n = rows.length;

  if (shape === 'single') {
    const type = returnType(sig, argTypes);
    const kernel = impl.grouped?.(argTypes, consts);
    if (kernel) {
      const cols: Column[] = [];
      let feedRows = rows;
      const plain = args.every((a, i) => consts[i] !== undefined || (a.deps.length === 1 && !a.constant && call.args[i]?.kind === 'Name'));
      if (plain) {
        for (let i = 0; i < args.length; i++) if (consts[i] === undefined) cols.push(approxColumn(args[i]!.deps[0]!));
      } else {
        for (let i = 0; i < args.length; i++) if (consts[i] === undefined) cols.push(evalColumn(args[i]!, rows));
        feedRows = new Uint32Array(n); for (let k = 0; k < n; k++) feedRows[k] = k;
      }
      kernel.update(feedRows, ids, groups, cols);
      const vals: Value[] = new Array(groups);
      for (let g = 0; g < groups; g++) vals[g] = kernel.result(g);
      return [{ name: singleName(sig.name, argNames, args), type, column: columnFromValues(type, vals) }];
    }
  }
  const accs: (Accumulator | MultiAccumulator)[] = new Array(groups);
  for (let g = 0; g < groups; g++) accs[g] = impl.create(argTypes, consts);
  const fns = args.map((a) => a.fn);
  const na = fns.length;
  const buf: Value[] = new Array(na);
  for (let k0 = 0; k0 < n; k0 += ROW_BLOCK) {
    for (let k = k0, e = Math.min(n, k0 + ROW_BLOCK); k < e; k++) {
      const r = rows[k]!;
      const vals = na === 0 ? [] : new Array<Value>(na);
      for (let i = 0; i < na; i++) vals[i] = fns[i]!(r);
      accs[ids[k]!]!.add(na === 0 ? buf : vals);
    }
    checkpoint();
  }
  if (shape === 'single') {
    const type = returnType(sig, argTypes);
    const vals: Value[] = new Array(groups);
    for (let g = 0; g < groups; g++) vals[g] = accs[g]!.result() as Value;
    return [{ name: singleName(sig.name, argNames, args), type, column: columnFromValues(type, vals) }];
  }
  // Multi-column shapes.
  const results = accs.map((a) => a.result() as Value[]);
  const outTypes: ScalarType[] =
    shape === 'percentiles' ? args.slice(sig.name.startsWith('percentilesw') ? 2 : 1).map(() => returnType(sig, argTypes))
      : argTypes.slice();
  const outs: AggOutput[] = [];
  const prefix = call.name.name;
  for (let j = 0; j < outTypes.length; j++) {
    const t = outTypes[j]!;
    const vals: Value[] = new Array(groups);
    for (let g = 0; g < groups; g++) vals[g] = results[g]?.[j] ?? null;
    let name: string | undefined;
    if (shape === 'percentiles') {
      const base = argNames[0] ?? '';
      const p = args[j + (sig.name.startsWith('percentilesw') ? 2 : 1)]?.value;
      name = `percentile_${base}_${String(p).replace(/[^A-Za-z0-9_]/g, '_')}`;
    } else if (shape === 'argExtreme') {
      // arg 0: its column name when it is a plain column, else max_<name> / min_<name>.
      const prefix = sig.name.includes('max') ? 'max' : 'min';
      name = j === 0 ? (call.args[0]?.kind === 'Name' ? argNames[0] : `${prefix}_${argNames[0] ?? ''}`) : argNames[j];
    } else {
      // take_any(a, b…): each column keeps its argument's name.
      name = argNames[j];
    }
    outs.push({ name, type: t, column: columnFromValues(t, vals) });
  }
  return outs;
}

/** Default names that the naming table does not give: percentile(x, p) → percentile_x_p, percentiles_array(x, …) → percentiles_x. */
function singleName(fn: string, argNames: readonly (string | undefined)[], args: readonly Compiled[]): string | undefined {
  if (fn === 'percentile' || fn === 'percentilew') {
    const p = args[fn === 'percentilew' ? 2 : 1]?.value;
    return `percentile_${argNames[0] ?? ''}_${String(p).replace(/[^A-Za-z0-9_]/g, '_')}`;
  }
  if (fn === 'percentiles_array' || fn === 'percentilesw_array') return `percentiles_${argNames[0] ?? ''}`;
  return undefined;
}

/** Collects the aggregate calls inside an expression (not descending into them). */
export function collectAggregates(e: A.Expr, out: A.Call[]): void {
  if (isAggregateCall(e)) { out.push(e as A.Call); return; }
  switch (e.kind) {
    case 'Binary': collectAggregates(e.left, out); collectAggregates(e.right, out); break;
    case 'Unary': collectAggregates(e.operand, out); break;
    case 'Call': for (const a of e.args) collectAggregates(a, out); break;
    case 'NamedArg': collectAggregates(e.value, out); break;
    case 'Member': collectAggregates(e.target, out); break;
    case 'Index': collectAggregates(e.target, out); collectAggregates(e.index, out); break;
    case 'InList': collectAggregates(e.left, out); for (const i of e.items) collectAggregates(i, out); break;
    case 'Between': collectAggregates(e.left, out); collectAggregates(e.low, out); collectAggregates(e.high, out); break;
    default: break;
  }
}

/** Replaces sub-expressions (by identity) with names; used to evaluate `f(agg1, agg2)` over hidden columns. */
export function replaceNodes(e: A.Expr, map: ReadonlyMap<A.Expr, string>): A.Expr {
  const hit = map.get(e);
  if (hit !== undefined) return { kind: 'Name', name: hit, quoted: true, start: e.start, end: e.end };
  switch (e.kind) {
    case 'Binary': return { ...e, left: replaceNodes(e.left, map), right: replaceNodes(e.right, map) };
    case 'Unary': return { ...e, operand: replaceNodes(e.operand, map) };
    case 'Call': return { ...e, args: e.args.map((a) => replaceNodes(a, map)) };
    case 'NamedArg': return { ...e, value: replaceNodes(e.value, map) };
    case 'Member': return { ...e, target: replaceNodes(e.target, map) };
    case 'Index': return { ...e, target: replaceNodes(e.target, map), index: replaceNodes(e.index, map) };
    case 'InList': return { ...e, left: replaceNodes(e.left, map), items: e.items.map((i) => replaceNodes(i, map)) };
    case 'Between': return { ...e, left: replaceNodes(e.left, map), low: replaceNodes(e.low, map), high: replaceNodes(e.high, map) };
    default: return e;
  }
}

/**
 * Evaluates an aggregate item (a call or an expression over calls) for all groups.
 * `keyFields` are the group key columns (one row per group) visible to the outer expression.
 */
export function aggregateItem(item: A.ColumnItem, rows: Uint32Array, ids: Uint32Array, groups: number, s: Scope, keyFields: readonly Field[], exclude: ReadonlySet<string>): AggOutput[] {
  if (isAggregateCall(item.expr)) return computeAggregate(item.expr as A.Call, rows, ids, groups, s, exclude);
  const calls: A.Call[] = [];
  collectAggregates(item.expr, calls);
  if (calls.length === 0) return fail(EXEC_CODES.badArgument, 'summarize needs an aggregate function here (count(), sum(x)…)', item.expr);
  const map = new Map<A.Expr, string>();
  const hidden: Field[] = [];
  calls.forEach((c, i) => {
    const name = `\u0000agg${i}`;
    map.set(c, name);
    const out = computeAggregate(c, rows, ids, groups, s, exclude)[0]!;
    hidden.push({ name, column: out.column });
  });
  const expr = replaceNodes(item.expr, map);
  const gs = { ...s, fields: [...keyFields, ...hidden] };
  const c = compile(expr, gs);
  const gRows = new Uint32Array(groups); for (let g = 0; g < groups; g++) gRows[g] = g;
  return [{ type: c.type, column: evalColumn(c, gRows) }];
}

export { constant };
