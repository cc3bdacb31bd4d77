/**
 * The contract between the function catalog (data), the binder (types, arity) and the executor
 * (dispatch to implementations). See README.md in this folder.
 */
import type { ScalarType, Value } from '../data/types.js';
import type { Column } from '../data/column.js';

/**
 * What a parameter accepts: one of the scalar types, or a class of them.
 * - numeric:   int | long | real | decimal
 * - integer:   int | long
 * - summable:  numeric | timespan
 * - orderable: numeric | datetime | timespan | string | bool | guid
 * - timeish:   numeric | datetime | timespan (bin, floor)
 * - scalar:    any scalar type (also dynamic)
 * - tabular / lambda: a table or lambda argument (special functions only; the binder handles them)
 */
export type TypeClass = 'numeric' | 'integer' | 'summable' | 'orderable' | 'timeish' | 'scalar' | 'tabular' | 'lambda';
export type ParamTypeName = ScalarType | TypeClass;

export interface ParamSpec {
  readonly name: string;
  /** Accepted types (a union). */
  readonly types: readonly ParamTypeName[];
  readonly optional: boolean;
  /**
   * Part of the repeating group. Consecutive variadic parameters form ONE group that repeats
   * (e.g. case's `predicate, then`); parameters after the group are a fixed tail.
   */
  readonly variadic: boolean;
  /** The argument must be a constant (literal or let-bound constant): limits, percents, units. */
  readonly constant: boolean;
}

/**
 * How the result type is computed.
 * - a ScalarType: fixed
 * - { arg: i }: the type of argument i (if absent: 'dynamic')
 * - { rule }: a named rule over the argument types, see RETURN_RULES in catalog.ts
 */
export type ReturnSpec = ScalarType | { readonly arg: number } | { readonly rule: ReturnRuleName };
export type ReturnRuleName =
  | 'common'      // common type of all arguments (max_of, min_of, coalesce)
  | 'iff'         // common type of arguments 1 and 2
  | 'case'        // common type of the `then` arguments and the else argument
  | 'sum'         // int/long/bool → long, real → real, decimal → decimal, timespan → timespan
  | 'avg'         // numeric → real; datetime/timespan → same
  | 'numeric'     // promoted numeric type of all args: int<long<real<decimal (pow, …)
  | 'bin'         // bin/floor/bin_at: datetime/timespan stay; numbers widen with the bin size (bin(long, 0.5) → real)
  | 'toscalar'    // binder: the single column type of the tabular argument
  | 'typeArg'     // extract/extract_json: the type of a trailing typeof(T) literal argument, else string (binder)
  ;

export type FunctionKind = 'scalar' | 'aggregate' | 'window' | 'special';

/**
 * How an aggregate's output columns are formed (the binder names them; the executor fills them).
 * - single: one column (default name `<fn>_<arg>` or `count_` …, binder/naming.ts)
 * - argExtreme: arg_max/arg_min: column for arg 0 then one per further argument (`*` = all input
 *   columns except arg 0's when it is a plain column). Accumulator result is Value[] (see MultiAccumulator).
 * - percentiles: one column per percent argument (percentiles(x, 50, 95) → percentile_x_50, percentile_x_95).
 *   Accumulator result is Value[] (one per percent).
 * - perArgument: take_any(a, b) / take_any(*): one column per argument, all from the same row. Result Value[].
 */
export type AggregateShape = 'single' | 'argExtreme' | 'percentiles' | 'perArgument';

export interface FunctionSignature {
  /** Canonical (lowercase as Kusto spells it) name. */
  readonly name: string;
  readonly aliases: readonly string[];
  readonly kind: FunctionKind;
  readonly params: readonly ParamSpec[];
  readonly returns: ReturnSpec;
  /** Minimum / maximum argument counts (max = Infinity when variadic). */
  readonly minArgs: number;
  readonly maxArgs: number;
  /** aggregates only */
  readonly shape?: AggregateShape;
  /** Value for an empty group when summarize has no `by` (count/sum/dcount → 0, make_* → []). */
  readonly emptyValue?: Value;
  /** What the engine may do with a call (constant folding, moving it, batching it): see FunctionFlags. */
  readonly flags: FunctionFlags;
  /**
   * false: declared for the binder (names, arity, types) but not executable here (geo polygons and
   * cells, series analytics with multi-column results, cluster metadata). The executor reports
   * "not implemented" at the call.
   */
  readonly implemented?: false;
  /** 'tabular': a special function the executor runs where a table is expected (table(), materialize(), _GetWatchlist()). */
  readonly form?: 'tabular';
  /** The signature source text, for messages and docs: `substring(source:string, start:integer, length?:integer): string`. */
  readonly text: string;
}

/**
 * Facts about a function that rewrites and the executor read (one place: the catalog entry).
 * - volatile: not deterministic given (args, ctx): rand, new_guid. Never constant-folded, never moved.
 * - rowOrder: the value depends on the row's position among the others (prev, next, row_number,
 *   row_cumsum, row_rank_*, row_window_session): needs serialized input; never moved across operators.
 * - usesNow: reads the query's now() (now, ago): fixed per query, differs between runs and windows.
 * - aggregate: an aggregation over a group (summarize, make-series).
 * - window: a window function (kind 'window'): evaluated by the executor over serialized rows.
 * - context: reads something outside the row and its arguments — another table or sub-query
 *   (toscalar, table, materialize, _GetWatchlist) or the environment (current_*, cursor_*, extent_*).
 * - schema: reads the input's set of columns, not only its arguments (pack_all, column_ifexists,
 *   iscolumnexists, estimate_data_size(*)): never moved to a place with other columns.
 */
export interface FunctionFlags {
  readonly volatile: boolean;
  readonly rowOrder: boolean;
  readonly usesNow: boolean;
  readonly aggregate: boolean;
  readonly window: boolean;
  readonly context: boolean;
  readonly schema: boolean;
}

/** Evaluation context of one query: `now` is fixed once per query (ticks). */
export interface EvalContext {
  readonly now: number;
  /** Source of rand(); Math.random when absent. Give a seeded generator for reproducible runs. */
  readonly random?: () => number;
}

/**
 * A scalar function implementation over boxed values (data/types.ts). Datetimes/timespans are ticks,
 * so argTypes tells them apart from numbers. Null in → mostly null out (per function). Never throws
 * on bad values: returns null instead.
 */
export type ScalarImpl = (args: readonly Value[], argTypes: readonly ScalarType[], ctx: EvalContext) => Value;

/** Accumulates one group. add() receives ALL argument values of one row, in order (constants included). */
export interface Accumulator {
  add(args: readonly Value[]): void;
  result(): Value;
}

/** argExtreme / percentiles aggregates: result() returns one value per output column. */
export interface MultiAccumulator {
  add(args: readonly Value[]): void;
  result(): Value[];
}

/**
 * A grouped, columnar fast path (count, sum, min, max, avg, countif, dcount…): the executor assigns
 * a dense group id per row and feeds whole columns.
 * - rows: the row indices (the selection) to feed; groups[k] is the group of rows[k].
 * - args: one column per argument (constants evaluated to 1-row columns are NOT passed; see consts).
 */
export interface GroupedKernel {
  /** Feeds rows; may be called several times (batches). nGroups is the current group count. */
  update(rows: Uint32Array, groups: Uint32Array, nGroups: number, args: readonly Column[]): void;
  /** The value of group g (0 ≤ g < nGroups). Groups never fed give the empty value. */
  result(g: number): Value;
}

export interface AggregateImpl {
  /**
   * Creates an accumulator for one group. `consts[i]` holds the value of argument i when its
   * parameter is `constant` in the catalog (e.g. make_list's maxSize, percentile's percent), else undefined.
   */
  create(argTypes: readonly ScalarType[], consts: readonly (Value | undefined)[]): Accumulator | MultiAccumulator;
  /** Optional columnar fast path (all groups at once). Undefined when the argument types do not suit it. */
  grouped?(argTypes: readonly ScalarType[], consts: readonly (Value | undefined)[]): GroupedKernel | undefined;
}
