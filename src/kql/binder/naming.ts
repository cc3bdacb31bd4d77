/**
 * Kusto's default output column names. The binder and the executor both use these functions, so
 * a query's column names are decided in one place.
 *
 * Rules (Kusto behaviour, from its documentation and observed output):
 * - a column reference keeps its name: `project x` → `x`; `bin(T, 1h)` in `by` → `T`.
 * - dynamic access joins the parts with `_`: `d.a.b` → `d_a_b`, `d['k']` → `d_k`, `d[0]` → `d_0`.
 * - each function has a naming rule (`RESULT_NAMES`): aggregates are `<prefix>_<arg>` (`count()` →
 *   `count_`, `avg(x)` → `avg_x`, `make_set(x)` → `set_x`, `countif(x > 1)` → `countif_`);
 *   conversions and rounding functions take their first argument's name (`tostring(x)` → `x`);
 *   most others have no name and get the operator's default.
 * - defaults: `print` → `print_<index>`; extend/project/summarize → `Column1`, `Column2`… skipping
 *   names already in scope.
 * - duplicates within one operator's output get a numeric suffix: `count_`, `count_1`.
 */
import type { Expr } from '../syntax/ast.js';

export type ResultNameRule =
  | { readonly kind: 'none' }
  /** `<prefix>_<first argument's name>` (prefix alone plus `_` when there is no argument). */
  | { readonly kind: 'prefixAndFirst'; readonly prefix: string }
  /** `<prefix>_<arg>` only when there is exactly one argument. */
  | { readonly kind: 'prefixAndOnly'; readonly prefix: string }
  /** The first argument's name. */
  | { readonly kind: 'first' }
  /** The only argument's name (none when there are several). */
  | { readonly kind: 'only' }
  /** The first argument's string value when a column of that name exists (column_ifexists). */
  | { readonly kind: 'firstValueIfColumn' }
  /** A fixed name. */
  | { readonly kind: 'fixed'; readonly name: string };

const pf = (prefix: string): ResultNameRule => ({ kind: 'prefixAndFirst', prefix });
const FIRST: ResultNameRule = { kind: 'first' };
const ONLY: ResultNameRule = { kind: 'only' };

/** Naming rule per function (lowercase name). Functions not listed have no name (rule `none`). */
export const RESULT_NAMES: Readonly<Record<string, ResultNameRule>> = {
  // aggregates
  count: pf('count'), countif: pf('countif'), dcount: pf('dcount'), dcountif: pf('dcountif'),
  count_distinct: pf('count_distinct'), count_distinctif: pf('count_distinctif'),
  sum: pf('sum'), sumif: pf('sumif'), avg: pf('avg'), avgif: pf('avgif'),
  min: pf('min'), minif: pf('minif'), max: pf('max'), maxif: pf('maxif'),
  stdev: pf('stdev'), stdevif: pf('stdevif'), stdevp: pf('stdevp'),
  variance: pf('variance'), varianceif: pf('varianceif'), variancep: pf('variancep'), variancepif: pf('variancepif'),
  covariance: pf('covariance'), covarianceif: pf('covarianceif'), covariancep: pf('covariancep'), covariancepif: pf('covariancepif'),
  any: pf('any'), anyif: pf('anyif'), take_any: pf('any'), take_anyif: FIRST,
  make_list: pf('list'), makelist: pf('list'), make_list_if: pf('list'), make_list_with_nulls: pf('list'),
  make_set: pf('set'), makeset: pf('set'), make_set_if: pf('set'),
  make_bag: pf('bag'), make_bag_if: pf('bag'), make_dictionary: pf('dictionary'),
  buildschema: pf('schema'), hll: pf('hll'), hll_if: pf('hll_if'), hll_merge: pf('hll_merge'),
  tdigest: pf('tdigest'), tdigest_merge: pf('merge_tdigests'), merge_tdigest: pf('merge_tdigests'),
  dcount_hll: pf('dcount_hll'), percentile_tdigest: pf('percentile_tdigest'),
  percentiles_array_tdigest: pf('percentile_tdigest'), treepath: pf('tree'), cnt: pf('cnt'),
  binary_all_and: FIRST, binary_all_or: FIRST, binary_all_xor: FIRST,
  // scalar functions named after their argument
  strlen: pf('strlen'), string_size: pf('string_size'), gettype: pf('type'), repeat: pf('repeat'),
  abs: FIRST, acos: FIRST, asin: FIRST, atan: FIRST, atan2: FIRST, cos: FIRST, sin: FIRST, tan: FIRST,
  ceiling: FIRST, floor: FIRST, bin: FIRST, bin_at: FIRST, bin_auto: FIRST, round: FIRST,
  exp: FIRST, exp2: FIRST, exp10: FIRST, log: FIRST, log2: FIRST, log10: FIRST, loggamma: FIRST,
  gamma: FIRST, pow: FIRST, sqrt: FIRST, erf: FIRST, erfc: FIRST, rand: FIRST,
  binary_and: FIRST, binary_not: FIRST, binary_or: FIRST, binary_xor: FIRST,
  binary_shift_left: FIRST, binary_shift_right: FIRST, bitset_count_ones: FIRST,
  format_bytes: FIRST, format_datetime: FIRST, format_timespan: FIRST,
  parse_csv: FIRST, parse_json: FIRST, parsejson: FIRST, parse_xml: FIRST, split: FIRST,
  startofday: FIRST, passthrough: FIRST, tohex: FIRST,
  tobool: FIRST, toboolean: FIRST, todatetime: FIRST, todecimal: FIRST, todouble: FIRST,
  toreal: FIRST, todynamic: FIRST, toobject: FIRST, toguid: FIRST, toint: FIRST, tolong: FIRST,
  tostring: FIRST, totime: FIRST, totimespan: FIRST,
  series_fill_backward: FIRST, series_fill_const: FIRST, series_fill_forward: FIRST,
  series_fill_linear: FIRST, series_fir: FIRST, series_iir: FIRST, series_outliers: FIRST,
  make_datetime: ONLY, make_timespan: ONLY,
  column_ifexists: { kind: 'firstValueIfColumn' }, columnifexists: { kind: 'firstValueIfColumn' },
  ingestion_time: { kind: 'fixed', name: '$IngestionTime' },
};

/** Context for naming: whether an expression is dynamic (member access naming depends on it). */
export interface NamingContext {
  /** True when `e` has type dynamic or an unknown type. Default: assume dynamic. */
  readonly isDynamicOrUnknown?: (e: Expr) => boolean;
  /** True when a column of this name exists in the input row (column_ifexists). */
  readonly hasColumn?: (name: string) => boolean;
}

/**
 * The name an expression gives its result column, or `defaultName` when it has none.
 * `defaultName` is usually `undefined` (caller then assigns `Column1`… or `print_i`).
 */
export function expressionResultName(e: Expr, defaultName?: string, ctx: NamingContext = {}): string | undefined {
  switch (e.kind) {
    case 'Name': return e.name;
    case 'JoinSideRef': return e.column.name;
    case 'NamedArg': return e.name.name;
    case 'Index': {
      if (e.index.kind === 'Literal' && (e.index.type === 'string' || e.index.type === 'long' || e.index.type === 'int')) {
        const sel = String(e.index.value);
        if (!(ctx.isDynamicOrUnknown?.(e.target) ?? true)) return sel;
        const left = expressionResultName(e.target, undefined, ctx);
        return left && left.trim() ? `${left}_${sel}` : sel;
      }
      return defaultName;
    }
    case 'Member': {
      const sel = e.member.name;
      if (!(ctx.isDynamicOrUnknown?.(e.target) ?? true)) return sel;
      const left = expressionResultName(e.target, undefined, ctx);
      return left && left.trim() ? `${left}_${sel}` : sel;
    }
    case 'Call': return functionResultName(e.name.name, e.args, defaultName, ctx);
    default: return defaultName;
  }
}

function functionResultName(fn: string, args: readonly Expr[], defaultName: string | undefined, ctx: NamingContext): string | undefined {
  const rule = RESULT_NAMES[fn] ?? RESULT_NAMES[fn.toLowerCase()] ?? { kind: 'none' };
  const argName = (i: number): string => expressionResultName(args[i]!, '', ctx) ?? '';
  switch (rule.kind) {
    case 'prefixAndFirst': return args.length > 0 ? `${rule.prefix}_${argName(0)}` : `${rule.prefix}_`;
    case 'prefixAndOnly': return args.length === 1 ? `${rule.prefix}_${argName(0)}` : defaultName;
    case 'first': return args.length > 0 ? (expressionResultName(args[0]!, defaultName, ctx)) : undefined;
    case 'only': return args.length === 1 ? expressionResultName(args[0]!, defaultName, ctx) : defaultName;
    case 'firstValueIfColumn': {
      const a = args[0];
      if (a && a.kind === 'Literal' && typeof a.value === 'string') return ctx.hasColumn?.(a.value) ? a.value : defaultName;
      return defaultName;
    }
    case 'fixed': return rule.name;
    case 'none': return defaultName;
  }
}

/** Column names for `percentile(x, 50)` / `percentiles(x, 5, 50, 99.5)`: `percentile_x_50`, `percentile_x_99_5`. */
export function percentileNames(valueArg: Expr, percentileValues: readonly (number | string)[], ctx: NamingContext = {}): string[] {
  const v = expressionResultName(valueArg, '', ctx) ?? '';
  return percentileValues.map((p) => `percentile_${v}_${String(p).replace(/[^A-Za-z0-9_]/g, '_')}`);
}

/**
 * Hands out unique names within one operator's output: the first `x` stays `x`, later ones become
 * `x1`, `x2`… (Kusto appends the smallest unused number).
 */
export class UniqueNames {
  private readonly used = new Map<string, number>();
  constructor(initial: Iterable<string> = []) { for (const n of initial) this.reserve(n); }
  reserve(name: string): void { if (!this.used.has(name)) this.used.set(name, 0); }
  has(name: string): boolean { return this.used.has(name); }
  /** Returns `name` if unused, else `name` + the next free number; records the result. */
  take(name: string): string {
    const last = this.used.get(name);
    if (last === undefined) { this.used.set(name, 0); return name; }
    for (let s = last + 1; ; s++) {
      const cand = name + s;
      if (!this.used.has(cand)) { this.used.set(name, s); this.used.set(cand, 0); return cand; }
    }
  }
}

/**
 * Hands out `Column1`, `Column2`… for unnamed computed columns of one operator, skipping names
 * that already exist in the input (`exists`).
 */
export class DefaultColumnNames {
  private next = 1;
  constructor(private readonly exists: (name: string) => boolean = () => false) {}
  take(): string {
    for (;;) {
      const n = `Column${this.next++}`;
      if (!this.exists(n)) return n;
    }
  }
}

/** Default name of the i-th (0-based) unnamed item of `print`. */
export function printColumnName(index: number): string { return `print_${index}`; }

/**
 * Functions that return several columns (a tuple). Each output column is named
 * `<function>_<first argument's name>_<field>` (e.g. `series_decompose_y_trend`), unless the
 * item gives names: `(a, b) = f(y)` names them in order; a single name replaces the first.
 */
export const TUPLE_RESULTS: Readonly<Record<string, readonly { readonly field: string; readonly type: 'real' | 'long' | 'dynamic' }[]>> = (() => {
  const d = (...fields: string[]) => fields.map((field) => ({ field, type: 'dynamic' as const }));
  const fit = [
    { field: 'rsquare', type: 'real' as const }, { field: 'slope', type: 'real' as const }, { field: 'variance', type: 'real' as const },
    { field: 'rvariance', type: 'real' as const }, { field: 'interception', type: 'real' as const }, { field: 'line_fit', type: 'dynamic' as const },
  ];
  const r = (field: string) => ({ field, type: 'real' as const });
  return {
    series_decompose: d('baseline', 'seasonal', 'trend', 'residual'),
    series_decompose_forecast: d('baseline', 'seasonal', 'trend', 'residual'),
    series_decompose_anomalies: d('ad_flag', 'ad_score', 'baseline'),
    series_fft: d('real', 'imaginary'), // unnamed columns' fields are not documented (the docs always name both)
    series_ifft: d('real', 'imaginary'),
    series_periods_detect: d('periods', 'scores'),
    series_periods_validate: d('periods', 'scores'),
    series_fit_line: fit,
    series_fit_2lines: [r('rsquare'), { field: 'split_idx', type: 'long' }, r('variance'), r('rvariance'), { field: 'line_fit', type: 'dynamic' },
      r('right_rsquare'), r('right_slope'), r('right_interception'), r('right_variance'), r('right_rvariance'),
      r('left_rsquare'), r('left_slope'), r('left_interception'), r('left_variance'), r('left_rvariance')],
    series_fit_poly: [r('rsquare'), { field: 'coefficients', type: 'dynamic' }, r('variance'), r('rvariance'), { field: 'poly_fit', type: 'dynamic' }],
    series_stats: [r('min'), { field: 'min_idx', type: 'long' }, r('max'), { field: 'max_idx', type: 'long' }, r('avg'), r('stdev'), r('variance')],
  };
})();

/** Output columns (name, type) of a tuple-returning call, or undefined for ordinary functions. */
export function tupleColumns(fn: string, args: readonly Expr[], ctx: NamingContext = {}): { name: string; type: 'real' | 'long' | 'dynamic' }[] | undefined {
  if (fn === 'array_sort_asc' || fn === 'array_sort_desc') {
    // One `<array>_sorted` column per array argument (a trailing bool is nulls_last).
    const arrays = args.filter((a, i) => !(i === args.length - 1 && a.kind === 'Literal' && typeof a.value === 'boolean'));
    return arrays.map((a, i) => ({ name: `${expressionResultName(a, '', ctx) || `array${i}`}_sorted`, type: 'dynamic' }));
  }
  const fields = TUPLE_RESULTS[fn];
  if (!fields) return undefined;
  const arg = args[0] ? expressionResultName(args[0], '', ctx) ?? '' : '';
  const prefix = fn === 'series_fit_poly' ? 'series_fit_poly' : fn;
  return fields.map((f) => ({ name: [prefix, arg || undefined, f.field].filter((x) => x !== undefined).join('_'), type: f.type }));
}

/**
 * Output columns of an outer `union` (union-operator.md), shared by the binder and the executor:
 * columns by name in order of first appearance; a name the legs give different types becomes one
 * column per type, `<name>_<type>`, at the name's first position. A plain column keeps its name;
 * a suffixed name that meets it takes the next number (`x=1`, `x=int(2)`, `x_long=3` →
 * `x_long1, x_int, x_long`, as the documentation's example shows). `loose` types (the binder's
 * `unknown`) do not count as a different type.
 */
export function unionColumns<T extends string>(legs: readonly (readonly { readonly name: string; readonly type: T }[])[], loose: (t: T) => boolean = () => false): { name: string; src: string; type: T }[] {
  const order: string[] = [];
  const types = new Map<string, T[]>();
  for (const l of legs) for (const c of l) {
    let ts = types.get(c.name);
    if (!ts) { ts = []; types.set(c.name, ts); order.push(c.name); }
    if (!ts.includes(c.type)) ts.push(c.type);
  }
  const cols: { base: string; src: string; type: T; plain: boolean }[] = [];
  for (const n of order) {
    const all = types.get(n)!;
    const ts = all.filter((t) => !loose(t));
    if (ts.length <= 1) cols.push({ base: n, src: n, type: ts[0] ?? all[0]!, plain: true });
    else for (const t of ts) cols.push({ base: `${n}_${t}`, src: n, type: t, plain: false });
  }
  const names = new UniqueNames(cols.filter((c) => c.plain).map((c) => c.base));
  return cols.map((c) => ({ name: c.plain ? c.base : names.take(c.base), src: c.src, type: c.type }));
}
