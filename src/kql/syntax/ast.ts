/**
 * KQL syntax tree. Every node is readonly data tagged by `kind`, with `start`/`end` UTF-16
 * offsets into the query text (`end` is exclusive; trivia such as comments and whitespace are
 * outside the span). The tree is produced by `parse()` in ./parser.ts and never contains
 * `undefined` where the grammar requires something: a missing piece becomes a `Missing` node and
 * a diagnostic.
 *
 * Tabular and scalar expressions share one `Expr` union, as in Kusto's own grammar: a pipe is an
 * expression (`T | where x`), and a parser cannot tell `let a = T;` (table) from `let a = 5;`
 * (scalar) without binding. Operators that can begin a query (`print`, `range`, `datatable`,
 * `union`, `find`, `search`, `evaluate`, `externaldata`, `inline_external_table`) are members of `Expr`; when
 * one of them appears as a pipe's `operator` it takes the pipe's input, when it appears as a
 * plain expression it has no input.
 *
 * Sub-queries that start with an operator and read an implicit input (the bodies of `mv-apply`,
 * `fork`, `facet ... with`, `partition`) have an `ImplicitSource` node as the leftmost pipe source.
 *
 * Literal values use the boxed representation of ../data/types.ts: datetimes and timespans are
 * 100-ns ticks (numbers), guids are lowercase strings, dynamic values are parsed JSON.
 */
import type { ScalarType, Value } from '../data/types.js';

/** Fields every node has. */
export interface Span {
  /** Offset of the node's first character. */
  readonly start: number;
  /** Offset just past the node's last character. */
  readonly end: number;
}

// ───────────────────────────── script and statements ─────────────────────────────

/** A whole query text: statements separated by `;`. */
export interface Script extends Span {
  readonly kind: 'Script';
  /** The statements in source order. The query's result is the last `QueryStmt`. */
  readonly statements: readonly Statement[];
}

export type Statement = LetStmt | SetStmt | DeclareParamsStmt | QueryStmt | PatternStmt | OtherStmt;

/**
 * `let name = value`. `value` is a scalar or tabular expression, a `Lambda` (user function,
 * `let f = (x:long) { x + 1 }`), a `View` (`let v = view () { T }`) or a `MaterializedView`-style
 * call (`materialize(T)` is a plain `Call`).
 */
export interface LetStmt extends Span {
  readonly kind: 'LetStmt';
  /** The bound name (brackets/quotes removed). */
  readonly name: Name;
  /** What the name is bound to. */
  readonly value: Expr | Lambda;
}

/** `set name [= value]` — a request property such as `set notruncation;`. */
export interface SetStmt extends Span {
  readonly kind: 'SetStmt';
  /** Property name, e.g. `notruncation`, `query_now`. */
  readonly name: Name;
  /** The value when given (`set query_now = datetime(...)`); absent for flags. */
  readonly value?: Expr;
}

/** `declare query_parameters(name:type [= default], ...)`. */
export interface DeclareParamsStmt extends Span {
  readonly kind: 'DeclareParamsStmt';
  /** Declared parameters, each with a scalar type (or tabular schema) and optional default. */
  readonly params: readonly Param[];
}

/**
 * `declare pattern name [= (arg:string, …) [path:string] { (value, …).[pathValue] = { query }; … }]`
 * (pattern-statement.md). A pattern declared without a definition has no params/mappings.
 */
export interface PatternStmt extends Span {
  readonly kind: 'PatternStmt';
  readonly name: Name;
  /** Raw text of the pattern body after the name, if any. */
  readonly text: string;
  readonly params?: readonly Param[];
  readonly path?: Param;
  readonly mappings?: readonly PatternMapping[];
}

/** One mapping of a pattern: argument values (and a path value) to a query. */
export interface PatternMapping extends Span {
  readonly args: readonly Expr[];
  readonly path?: Expr;
  readonly body: FunctionBody;
}

/**
 * A statement kept as raw text only (`alias database …`, `restrict access to (…)`): parsed for
 * agreement with Kusto, not interpreted.
 */
export interface OtherStmt extends Span {
  readonly kind: 'OtherStmt';
  /** The statement's first word, e.g. `alias`, `restrict`. */
  readonly keyword: string;
  /** The statement's text after the keyword. */
  readonly text: string;
}

/** A statement that is an expression: a tabular query (the usual case) or a scalar. */
export interface QueryStmt extends Span {
  readonly kind: 'QueryStmt';
  readonly expr: Expr;
}

/**
 * A user-defined function: `(params) { body }`. The body is its own statement list whose last
 * statement is the function's result.
 */
export interface Lambda extends Span {
  readonly kind: 'Lambda';
  /** Parameters in order. */
  readonly params: readonly Param[];
  /** `let` statements inside the braces, then the result expression. */
  readonly body: FunctionBody;
  /** True for `view (...) { ... }` (a view takes part in `union *`). */
  readonly isView: boolean;
}

/** Body of a lambda: local statements and the final expression. */
export interface FunctionBody extends Span {
  readonly kind: 'FunctionBody';
  /** Statements before the result (lets, usually). */
  readonly statements: readonly Statement[];
  /** The function's result. */
  readonly result: Expr;
}

/**
 * A function or query parameter: `name: type [= default]`.
 * Tabular parameters: `T:(*)` (any schema) or `T:(a:long, b:string)` (at least these columns).
 */
export interface Param extends Span {
  readonly kind: 'Param';
  readonly name: Name;
  /** Scalar type, or a tabular schema for table parameters. */
  readonly type: TypeRef | TabularType;
  /** Default value (scalar parameters only). */
  readonly default?: Expr;
}

/** A scalar type name as written (`long`, `int64`, `double`...), normalized. */
export interface TypeRef extends Span {
  readonly kind: 'TypeRef';
  /** Normalized Kusto type; `undefined` when the name is unknown (a diagnostic is reported). */
  readonly type: ScalarType | undefined;
  /** The type name as written. */
  readonly text: string;
}

/** A tabular type `(*)` or `(a:long, b:string [, *])`. */
export interface TabularType extends Span {
  readonly kind: 'TabularType';
  /** Declared columns. */
  readonly columns: readonly ColumnDecl[];
  /** True when `*` appears (any further columns allowed). */
  readonly open: boolean;
}

/** `name: type` in schemas (datatable, externaldata, parse, parse-kv, tabular params). */
export interface ColumnDecl extends Span {
  readonly kind: 'ColumnDecl';
  readonly name: Name;
  readonly type: TypeRef;
}

// ───────────────────────────── expressions ─────────────────────────────

/** Every expression: scalar and tabular. */
export type Expr =
  | Literal | Name | Star | JoinSideRef | Member | Index | Call | NamedArg | TypeOf
  | Binary | Unary | InList | Between
  | Pipe | ImplicitSource | SourceOperator
  | Missing;

/**
 * A literal with its Kusto type and value in boxed form (../data/types.ts).
 * Covers numbers (`1` is long, `1.5` and `1e3` are real), strings in every quoting form
 * (value is the decoded text), `true/false`, timespans (`1d`, `1.5h`, `time(1.00:00:00)`),
 * `datetime(...)`, `dynamic(...)`, `guid(...)`, typed literals like `int(5)`, `real(nan)`, and
 * typed nulls (`int(null)` → type int, value null).
 */
export interface Literal extends Span {
  readonly kind: 'Literal';
  /** The literal's Kusto type. */
  readonly type: ScalarType;
  /** Value in boxed form: ticks for datetime/timespan, JSON for dynamic, null for typed nulls. */
  readonly value: Value;
  /** The source text exactly as written. */
  readonly text: string;
  /** True for h'…' / h"…" obfuscated strings (value is the clear text; hide it in logs). */
  readonly obfuscated?: boolean;
  /**
   * True when the text is not a valid value of its type (e.g. `datetime(2025, 6, 14)`); `value`
   * is then null. Reported by the binder (not a syntax error, as in Kusto).
   */
  readonly invalid?: boolean;
}

/**
 * A name: a column, table, let-bound variable, or function parameter. `['quoted name']`,
 * `["x"]` and plain identifiers all become `name` without quotes. Keywords used as names
 * (e.g. a column called `count`) are allowed where Kusto allows them.
 */
export interface Name extends Span {
  readonly kind: 'Name';
  /** The identifier's text, unquoted. */
  readonly name: string;
  /** True when written as `['...']` / `["..."]`. */
  readonly quoted: boolean;
}

/**
 * `*` — as a function argument (`arg_max(T, *)`, `pack_all`-style calls), in `distinct *`, or as a
 * parse-pattern wildcard. (Column wildcards such as `Foo*` are `NamePattern`.)
 */
export interface Star extends Span {
  readonly kind: 'Star';
}

/** `$left.x` / `$right.x` in join/lookup conditions. */
export interface JoinSideRef extends Span {
  readonly kind: 'JoinSideRef';
  /** Which input the column belongs to. */
  readonly side: 'left' | 'right';
  /** The column name after the dot. */
  readonly column: Name;
}

/** `target.name` — dynamic property access, or a qualified name such as `database("x").T`. */
export interface Member extends Span {
  readonly kind: 'Member';
  readonly target: Expr;
  /** The property name after the dot. */
  readonly member: Name;
}

/** `target[index]` — `d['k']`, `d[0]`, `d[-1]`. */
export interface Index extends Span {
  readonly kind: 'Index';
  readonly target: Expr;
  /** The subscript expression (string key or integer position). */
  readonly index: Expr;
}

/**
 * A function call `name(args)`: built-in scalar or aggregate functions, user functions
 * (let-bound lambdas), tabular functions used as sources (`MyFunc(1)`, `table('T')`,
 * `materialize(T)`, `toscalar(T | count)` — tabular arguments are ordinary `Expr`s such as `Pipe`),
 * and plugin calls inside `evaluate`.
 */
export interface Call extends Span {
  readonly kind: 'Call';
  /** The function name as written (case is significant in Kusto). */
  readonly name: Name;
  /** For dotted calls such as `cluster('c').database('d')`: the expression before the dot. */
  readonly target?: Expr;
  /** Arguments in order; named arguments (`f(x = 1)`) appear as `NamedArg` in their position. */
  readonly args: readonly Expr[];
}

/**
 * `typeof(long)` / `typeof(a:string, b:long)` / `typeof(*, x:long)` — a type or schema written as
 * an argument (mv-expand `to typeof(...)`, plugins such as `bag_unpack(d, OutputColumnPrefix, typeof(...))`).
 */
export interface TypeOf extends Span {
  readonly kind: 'TypeOf';
  /** The types: a bare type (`TypeRef`), named columns (`ColumnDecl`), or `*` (`Star`). */
  readonly items: readonly (TypeRef | ColumnDecl | Star)[];
}

/** `name = value` used as a function or plugin argument. Only valid directly inside `Call.args`. */
export interface NamedArg extends Span {
  readonly kind: 'NamedArg';
  readonly name: Name;
  readonly value: Expr;
}

/**
 * Binary operators with Kusto precedence (lowest first): `or`; `and`; comparison and string
 * operators; `+ -`; `* / %`.
 * `op` is the operator exactly as Kusto spells it, lowercased: arithmetic `+ - * / %`,
 * comparison `== != < <= > >= =~ !~` (`<>` is normalized to `!=`),
 * logical `and or`, string `has !has has_cs !has_cs hasprefix !hasprefix hasprefix_cs
 * !hasprefix_cs hassuffix !hassuffix hassuffix_cs !hassuffix_cs contains !contains contains_cs
 * !contains_cs startswith !startswith startswith_cs !startswith_cs endswith !endswith
 * endswith_cs !endswith_cs matches regex like notlike likecs notlikecs`.
 */
export interface Binary extends Span {
  readonly kind: 'Binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  /** Offset where the operator token starts (for diagnostics). */
  readonly opStart: number;
  /**
   * True when written `a = b` inside an expression (e.g. `where x = 1`). Kusto's grammar accepts
   * it (as a named expression); the binder reports it (KQL017) and binds it as `==`.
   */
  readonly assignment?: boolean;
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '==' | '!=' | '<' | '<=' | '>' | '>=' | '=~' | '!~'
  | 'and' | 'or'
  | 'has' | '!has' | 'has_cs' | '!has_cs'
  | 'hasprefix' | '!hasprefix' | 'hasprefix_cs' | '!hasprefix_cs'
  | 'hassuffix' | '!hassuffix' | 'hassuffix_cs' | '!hassuffix_cs'
  | 'contains' | '!contains' | 'contains_cs' | '!contains_cs'
  | 'startswith' | '!startswith' | 'startswith_cs' | '!startswith_cs'
  | 'endswith' | '!endswith' | 'endswith_cs' | '!endswith_cs'
  | 'matches regex'
  | 'like' | 'notlike' | 'likecs' | 'notlikecs';

/** Unary `-x` / `+x`. (`not` is the function `not(x)` in KQL, a `Call`.) */
export interface Unary extends Span {
  readonly kind: 'Unary';
  readonly op: '-' | '+';
  readonly operand: Expr;
}

/**
 * List operators: `x in (a, b)`, `!in`, `in~`, `!in~`, `has_any (…)`, `has_all (…)`.
 * `items` holds what is inside the parentheses: scalars, `dynamic([...])` literals, or a single
 * tabular expression (sub-query whose first column is the set).
 */
export interface InList extends Span {
  readonly kind: 'InList';
  readonly op: 'in' | '!in' | 'in~' | '!in~' | 'has_any' | 'has_all';
  readonly left: Expr;
  readonly items: readonly Expr[];
  /** Offset where the operator token starts. */
  readonly opStart: number;
}

/** `x between (low .. high)` and `x !between (low .. high)`. */
export interface Between extends Span {
  readonly kind: 'Between';
  readonly negated: boolean;
  readonly left: Expr;
  readonly low: Expr;
  readonly high: Expr;
}

/** `source | operator`. Pipes nest to the left: `T | a | b` is Pipe(Pipe(T, a), b). */
export interface Pipe extends Span {
  readonly kind: 'Pipe';
  /** The input: a table name, call, another pipe, a source operator, or `ImplicitSource`. */
  readonly source: Expr;
  /** The operator applied to the input. */
  readonly operator: Operator;
}

/** The implicit input of a sub-query body (mv-apply, fork, facet, partition). Zero-width span. */
export interface ImplicitSource extends Span {
  readonly kind: 'ImplicitSource';
}

/**
 * Placeholder for something the grammar requires but the text lacks (an error was reported).
 * `expected` describes what was expected, e.g. "expression", "column name".
 */
export interface Missing extends Span {
  readonly kind: 'Missing';
  readonly expected: string;
}

// ───────────────────────────── operator building blocks ─────────────────────────────

/**
 * An operator parameter written `name=value` before the operator's main arguments:
 * `kind=inner`, `hint.strategy=broadcast`, `withsource=T`, `isfuzzy=true`, `bagexpansion=array`,
 * `with_itemindex=i`. `value` is a `Name` for bare words (`inner`, `broadcast`) or a `Literal`.
 */
export interface OpParam extends Span {
  readonly kind: 'OpParam';
  /** Parameter name, lowercased as Kusto matches them (e.g. `kind`, `hint.strategy`). */
  readonly name: string;
  readonly value: Expr;
}

/**
 * One item of extend / project / summarize (aggregates and `by`) / print / serialize /
 * mv-expand / make-series by: `expr`, `name = expr`, or `(a, b) = expr` (tuple for functions
 * returning several columns, e.g. `(a, b) = series_fit_line(y)`).
 */
export interface ColumnItem extends Span {
  readonly kind: 'ColumnItem';
  /** Names given with `=`; empty when the default name applies (see binder/naming.ts). */
  readonly names: readonly Name[];
  readonly expr: Expr;
}

/** A sort key: `expr [asc|desc] [nulls first|last]`. */
export interface SortItem extends Span {
  readonly kind: 'SortItem';
  readonly expr: Expr;
  /** As written; absent means Kusto's default (desc). */
  readonly order?: 'asc' | 'desc';
  /** As written; absent means the default (asc → nulls first, desc → nulls last). */
  readonly nulls?: 'first' | 'last';
}

/** A column name or wildcard pattern in project-away / project-keep / project-reorder / union: `Foo*`, `*Id`. */
export interface NamePattern extends Span {
  readonly kind: 'NamePattern';
  /** The pattern text; `*` matches any run of characters. A plain name has no `*`. */
  readonly pattern: string;
}

/** `key = value` property inside `with (...)` (render, externaldata, parse-kv, evaluate...). */
export interface Property extends Span {
  readonly kind: 'Property';
  readonly name: string;
  readonly value: Expr;
}

// ───────────────────────────── tabular operators ─────────────────────────────

/** Operators that may begin a query (no pipe input needed). */
export type SourceOperator =
  | PrintOp | RangeOp | DatatableOp | ExternalDataOp | UnionOp | FindOp | SearchOp | EvaluateOp;

/** Every tabular operator that can follow `|`. */
export type Operator =
  | WhereOp | ExtendOp | ProjectOp | ProjectAwayOp | ProjectKeepOp | ProjectRenameOp
  | ProjectReorderOp | SummarizeOp | JoinOp | LookupOp | UnionOp | SortOp | TopOp | TopNestedOp
  | TopHittersOp | TakeOp | DistinctOp | CountOp | MvExpandOp | MvApplyOp | ParseOp | ParseKvOp
  | EvaluateOp | MakeSeriesOp | AsOp | SerializeOp | InvokeOp | SearchOp | FindOp | GetSchemaOp
  | PrintOp | RangeOp | DatatableOp | ExternalDataOp | RenderOp | SampleOp | SampleDistinctOp
  | ForkOp | FacetOp | PartitionOp | ConsumeOp | ReduceOp | ExecuteAndCacheOp | AssertSchemaOp
  | ScanOp | GraphOp | ProjectByNamesOp | UnknownOp;

/** `where predicate` (also spelled `filter`). */
export interface WhereOp extends Span {
  readonly kind: 'Where';
  readonly params: readonly OpParam[];
  readonly predicate: Expr;
}

/** `extend items`. */
export interface ExtendOp extends Span {
  readonly kind: 'Extend';
  readonly items: readonly ColumnItem[];
}

/** `project items` (names, renames and computed columns, output in this order). */
export interface ProjectOp extends Span {
  readonly kind: 'Project';
  readonly items: readonly ColumnItem[];
}

/** `project-away patterns`. */
export interface ProjectAwayOp extends Span {
  readonly kind: 'ProjectAway';
  readonly columns: readonly NamePattern[];
}

/** `project-keep patterns`. */
export interface ProjectKeepOp extends Span {
  readonly kind: 'ProjectKeep';
  readonly columns: readonly NamePattern[];
}

/** `project-rename new = old, ...`. */
export interface ProjectRenameOp extends Span {
  readonly kind: 'ProjectRename';
  readonly items: readonly { readonly newName: Name; readonly oldName: Name; readonly start: number; readonly end: number }[];
}

/** `project-reorder pattern [asc|desc|granny-asc|granny-desc], ...`. */
export interface ProjectReorderOp extends Span {
  readonly kind: 'ProjectReorder';
  readonly items: readonly { readonly column: NamePattern; readonly order?: 'asc' | 'desc' | 'granny-asc' | 'granny-desc' }[];
}

/** `summarize [params] [aggregates] [by groupKeys]`. */
export interface SummarizeOp extends Span {
  readonly kind: 'Summarize';
  /** `hint.shufflekey=...`, `hint.strategy=...`, `hint.num_partitions=...`. */
  readonly params: readonly OpParam[];
  /** Aggregate expressions (may be empty: `summarize by x`). */
  readonly aggregates: readonly ColumnItem[];
  /** Group keys (`bin(T, 1h)` keeps the column name `T`). Empty when there is no `by`. */
  readonly by: readonly ColumnItem[];
}

/**
 * `join [kind=...] [hints] right on conditions`. `on` items are a column name (`on a` = equal
 * names on both sides), or `$left.a == $right.b` (a `Binary` with `JoinSideRef`s), joined by
 * `and` or commas. `where` is the newer `join ... on ... where` filter form, if present.
 */
export interface JoinOp extends Span {
  readonly kind: 'Join';
  /** `kind=...` (default innerunique) and `hint.*` parameters. */
  readonly params: readonly OpParam[];
  /** The right side: a table name, a parenthesized pipe, a call. */
  readonly right: Expr;
  /** Join conditions; empty when `on` is missing (an error). */
  readonly on: readonly Expr[];
}

/** `lookup [kind=leftouter|inner] right on conditions` (same condition forms as join). */
export interface LookupOp extends Span {
  readonly kind: 'Lookup';
  readonly params: readonly OpParam[];
  readonly right: Expr;
  readonly on: readonly Expr[];
}

/**
 * `union [kind=inner|outer] [withsource=Col] [isfuzzy=true] tables`. Tables are names,
 * wildcard patterns (`NamePattern`, e.g. `Sign*`), calls or parenthesized queries. As a pipe
 * operator the pipe's input is the first union leg.
 */
export interface UnionOp extends Span {
  readonly kind: 'Union';
  readonly params: readonly OpParam[];
  readonly tables: readonly (Expr | NamePattern)[];
}

/** `sort by items` / `order by items`. */
export interface SortOp extends Span {
  readonly kind: 'Sort';
  readonly params: readonly OpParam[];
  readonly items: readonly SortItem[];
}

/** `top count by expr [asc|desc] [nulls first|last]`. */
export interface TopOp extends Span {
  readonly kind: 'Top';
  readonly params: readonly OpParam[];
  readonly count: Expr;
  readonly by: SortItem;
}

/**
 * `top-nested [n] of expr [with others = v] by agg [asc|desc], ...`. Each clause names
 * (optionally) its `of` column and aggregate.
 */
export interface TopNestedOp extends Span {
  readonly kind: 'TopNested';
  readonly clauses: readonly TopNestedClause[];
}

export interface TopNestedClause extends Span {
  readonly kind: 'TopNestedClause';
  /** `n` after `top-nested`; absent means all values. */
  readonly count?: Expr;
  /** The grouping expression after `of` (with optional name). */
  readonly of: ColumnItem;
  /** `with others = value`, if given. */
  readonly others?: Expr;
  /** The aggregate after `by` (with optional name). */
  readonly by: ColumnItem;
  readonly order?: 'asc' | 'desc';
}

/** `top-hitters n of expr [by expr]`. */
export interface TopHittersOp extends Span {
  readonly kind: 'TopHitters';
  readonly count: Expr;
  readonly of: Expr;
  readonly by?: Expr;
}

/** `take n` / `limit n`. */
export interface TakeOp extends Span {
  readonly kind: 'Take';
  readonly params: readonly OpParam[];
  readonly count: Expr;
}

/** `distinct cols` or `distinct *` (a single `Star`). */
export interface DistinctOp extends Span {
  readonly kind: 'Distinct';
  readonly params: readonly OpParam[];
  readonly items: readonly ColumnItem[];
}

/** `count` — one row, one column `Count` (long). */
export interface CountOp extends Span {
  readonly kind: 'Count';
}

/**
 * `mv-expand [bagexpansion=bag|array] [with_itemindex=Name] items [limit n]`, item: `[name =]
 * expr [to typeof(type)]`.
 */
export interface MvExpandOp extends Span {
  readonly kind: 'MvExpand';
  readonly params: readonly OpParam[];
  readonly items: readonly MvItem[];
  readonly limit?: Expr;
}

export interface MvItem extends Span {
  readonly kind: 'MvItem';
  readonly item: ColumnItem;
  /** Type from `to typeof(t)`; absent means dynamic. */
  readonly toType?: TypeRef;
}

/**
 * `mv-apply [params] items [limit n] on (subquery)`. The sub-query body starts
 * with `ImplicitSource` (the expanded rows of one input row).
 */
export interface MvApplyOp extends Span {
  readonly kind: 'MvApply';
  readonly params: readonly OpParam[];
  readonly items: readonly MvItem[];
  readonly limit?: Expr;
  readonly body: Expr;
}

/**
 * `parse [kind=simple|regex|relaxed [flags=...]] source with pattern` and `parse-where` (same
 * shape, `where` true: rows that do not match are dropped).
 */
export interface ParseOp extends Span {
  readonly kind: 'Parse';
  /** True for parse-where. */
  readonly where: boolean;
  readonly params: readonly OpParam[];
  readonly source: Expr;
  /** Pattern parts in order: string literals, `*`, and columns with optional type. */
  readonly pattern: readonly ParsePart[];
}

/** A piece of a parse pattern: literal text, `*` wildcard, or a column to extract. */
export type ParsePart = Literal | Star | ParseColumn;

export interface ParseColumn extends Span {
  readonly kind: 'ParseColumn';
  readonly name: Name;
  /** Declared type (`name:long`); absent means string. */
  readonly type?: TypeRef;
}

/** `parse-kv source as (col:type, ...) [with (pair_delimiter=..., kv_delimiter=..., ...)]`. */
export interface ParseKvOp extends Span {
  readonly kind: 'ParseKv';
  readonly source: Expr;
  readonly columns: readonly ColumnDecl[];
  readonly properties: readonly Property[];
}

/** `evaluate [hints] plugin(args)`. */
export interface EvaluateOp extends Span {
  readonly kind: 'Evaluate';
  readonly params: readonly OpParam[];
  /** The plugin invocation, e.g. `bag_unpack(d)`, `pivot(k)`, `autocluster()`. */
  readonly call: Expr;
  /** Declared output schema: `evaluate plugin(...) : (a:long, *)`. */
  readonly schema?: TabularType;
}

/**
 * `make-series [kind=nonempty] aggregates [default=v] on axis [from a] [to b] step s [by keys]`
 * (or `on axis in range(a, b, s)`).
 */
export interface MakeSeriesOp extends Span {
  readonly kind: 'MakeSeries';
  readonly params: readonly OpParam[];
  readonly aggregates: readonly MakeSeriesAgg[];
  readonly on: Expr;
  readonly from?: Expr;
  readonly to?: Expr;
  readonly step: Expr;
  readonly by: readonly ColumnItem[];
}

export interface MakeSeriesAgg extends Span {
  readonly kind: 'MakeSeriesAgg';
  readonly item: ColumnItem;
  /** `default = value` after the aggregate. */
  readonly default?: Expr;
}

/** `as [hint.materialized=true] Name` — names the input for later use in the query (`union`). */
export interface AsOp extends Span {
  readonly kind: 'As';
  readonly params: readonly OpParam[];
  readonly name: Name;
}

/** `serialize [items]` — marks the input ordered; items extend like `extend`. */
export interface SerializeOp extends Span {
  readonly kind: 'Serialize';
  readonly items: readonly ColumnItem[];
}

/** `invoke f(args)` — calls a tabular function with the input as its first argument. */
export interface InvokeOp extends Span {
  readonly kind: 'Invoke';
  readonly call: Expr;
}

/**
 * `search [kind=case_sensitive|case_insensitive] [in (T1, T2)] predicate`. A bare string term
 * in `predicate` searches all columns; `Col:"x"` is represented as Binary `has` with a Name.
 */
export interface SearchOp extends Span {
  readonly kind: 'Search';
  readonly params: readonly OpParam[];
  /** Tables of `in (...)`; empty means all (or the pipe input). */
  readonly tables: readonly (Expr | NamePattern)[];
  readonly predicate: Expr;
}

/** `find [withsource=C] [in (tables)] where predicate [project-smart | project cols]`. */
export interface FindOp extends Span {
  readonly kind: 'Find';
  readonly params: readonly OpParam[];
  readonly tables: readonly (Expr | NamePattern)[];
  readonly predicate: Expr;
  /** `project` columns, or undefined; `projectSmart` true for project-smart. */
  readonly project?: readonly ColumnItem[];
  readonly projectSmart: boolean;
}

/** `getschema` — one row per input column: ColumnName, ColumnOrdinal, DataType, ColumnType. */
export interface GetSchemaOp extends Span {
  readonly kind: 'GetSchema';
}

/** `print items` — one row; unnamed items are `print_0`, `print_1`... */
export interface PrintOp extends Span {
  readonly kind: 'Print';
  readonly items: readonly ColumnItem[];
}

/** `range Col from a to b step s`. */
export interface RangeOp extends Span {
  readonly kind: 'Range';
  readonly column: Name;
  readonly from: Expr;
  readonly to: Expr;
  readonly step: Expr;
}

/** `datatable (col:type, ...) [values...]` — values row-major, `columns.length` per row. */
export interface DatatableOp extends Span {
  readonly kind: 'Datatable';
  readonly params: readonly OpParam[];
  readonly columns: readonly ColumnDecl[];
  readonly values: readonly Expr[];
}

/**
 * `externaldata (col:type, ...) [uris] [with (props)]`; also `external_data` and
 * `inline_external_table [(schema)] kind=… dataformat=… (uris)` (then `columns` may be empty:
 * the schema comes from the files, and `params` holds kind/dataformat/pathformat).
 */
export interface ExternalDataOp extends Span {
  readonly kind: 'ExternalData';
  readonly params: readonly OpParam[];
  readonly columns: readonly ColumnDecl[];
  readonly uris: readonly Expr[];
  readonly properties: readonly Property[];
}

/** `render chart [with (props)]` — output unchanged; the chart kind is kept for reports. */
export interface RenderOp extends Span {
  readonly kind: 'Render';
  readonly chart: Name;
  readonly properties: readonly Property[];
}

/** `sample n`. */
export interface SampleOp extends Span {
  readonly kind: 'Sample';
  readonly params: readonly OpParam[];
  readonly count: Expr;
}

/** `sample-distinct n of expr`. */
export interface SampleDistinctOp extends Span {
  readonly kind: 'SampleDistinct';
  readonly params: readonly OpParam[];
  readonly count: Expr;
  readonly of: Expr;
}

/** `fork [name =] (subquery) ...` — several results; parsed, not executed. */
export interface ForkOp extends Span {
  readonly kind: 'Fork';
  readonly branches: readonly { readonly name?: Name; readonly body: Expr }[];
}

/** `facet by cols [with (subquery)]` — parsed, not executed. */
export interface FacetOp extends Span {
  readonly kind: 'Facet';
  readonly by: readonly Expr[];
  readonly with?: Expr;
}

/** `partition [hint.*] by col (subquery)` or `partition by col { subquery with `as` }`. */
export interface PartitionOp extends Span {
  readonly kind: 'Partition';
  readonly params: readonly OpParam[];
  readonly by: Expr;
  readonly body: Expr;
}

/** `consume` — reads the input and returns nothing. */
export interface ConsumeOp extends Span {
  readonly kind: 'Consume';
  readonly params: readonly OpParam[];
}

/** `reduce by expr [with threshold=..., characters=...]`. */
export interface ReduceOp extends Span {
  readonly kind: 'Reduce';
  readonly params: readonly OpParam[];
  readonly by: Expr;
  readonly properties: readonly Property[];
}

/** `execute-and-cache`. */
export interface ExecuteAndCacheOp extends Span {
  readonly kind: 'ExecuteAndCache';
}

/** `assert-schema (col:type, ...)`. */
export interface AssertSchemaOp extends Span {
  readonly kind: 'AssertSchema';
  readonly schema: TabularType;
}

/**
 * `scan [with_match_id=Id] [declare (col:type [= default], ...)] with (step ...)`. The declared
 * state columns are parsed; the steps are kept as source text, not interpreted.
 */
export interface ScanOp extends Span {
  readonly kind: 'Scan';
  /** `with_match_id=...` and other parameters. */
  readonly params: readonly OpParam[];
  /** Columns of `declare (...)`. */
  readonly declare: readonly ColumnDecl[];
  /** Their `= default` values, by index of `declare` (undefined: null). */
  readonly defaults: readonly (Expr | undefined)[];
  /** The steps of the `with (...)` block, in order. */
  readonly steps: readonly ScanStep[];
  /** The text of the `with (...)` step block. */
  readonly text: string;
}

/** `step name [output=all|last|none]: condition [=> col = expr, …];` */
export interface ScanStep extends Span {
  readonly kind: 'ScanStep';
  readonly name: Name;
  readonly output: 'all' | 'last' | 'none';
  readonly condition: Expr;
  readonly assignments: readonly { readonly name: Name; readonly expr: Expr }[];
}

/**
 * Graph operators (`make-graph`, `graph-match`, `graph-to-table`, `graph-shortest-paths`,
 * `graph-mark-components`, `graph-merge`). `spec` holds the parsed operator (syntax/graph-parser.ts);
 * it is absent for `graph-merge`, which is kept as text only.
 */
export interface GraphOp extends Span {
  readonly kind: 'Graph';
  /** The operator keyword. */
  readonly name: string;
  /** The operator's text after the keyword. */
  readonly text: string;
  readonly spec?: GraphSpec;
}

/** `make-graph Source --> Target [with_node_id=Name] [with NodesTable on Key [, …]]`. */
export interface MakeGraphSpec {
  readonly op: 'make-graph';
  readonly source: Name;
  readonly target: Name;
  readonly nodeId?: Name;
  readonly nodes: readonly { readonly table: Expr; readonly key: Name }[];
  /** `partitioned-by Column (graph operators)`: one graph per value of the column, the operators run on each. */
  readonly partition?: { readonly column: Name; readonly body: Expr };
}

/** `graph-match [cycles=…] pattern[, pattern…] [where …] [project …]`, and `graph-shortest-paths [output=…]` likewise. */
export interface GraphMatchSpec {
  readonly op: 'graph-match' | 'graph-shortest-paths';
  readonly params: readonly OpParam[];
  readonly patterns: readonly GraphPattern[];
  readonly where?: Expr;
  readonly project: readonly ColumnItem[];
}

/**
 * `graph-to-table nodes [as N] [with_node_id=X]`, `graph-to-table edges [as E] [with_source_id=X]
 * [with_target_id=Y]`, or both, comma-separated: each part named with `as` becomes a table of that
 * name (as the `as` operator does); the operator's own result is the last part.
 */
export interface GraphToTableSpec {
  readonly op: 'graph-to-table';
  readonly parts: readonly GraphTablePart[];
}
export interface GraphTablePart {
  readonly entity: 'nodes' | 'edges';
  readonly as?: Name;
  readonly nodeId?: Name;
  readonly sourceId?: Name;
  readonly targetId?: Name;
}

/** `graph-mark-components [kind=weak|strong] [with_component_id=X]`. */
export interface GraphMarkComponentsSpec {
  readonly op: 'graph-mark-components';
  readonly kind: 'weak' | 'strong';
  readonly componentId?: Name;
}

export type GraphSpec = MakeGraphSpec | GraphMatchSpec | GraphToTableSpec | GraphMarkComponentsSpec;

/** A path pattern: nodes[0] edges[0] nodes[1] … (nodes.length = edges.length + 1). */
export interface GraphPattern extends Span {
  readonly nodes: readonly GraphNodePattern[];
  readonly edges: readonly GraphEdgePattern[];
}
/** `(name)` or `()`. */
export interface GraphNodePattern extends Span { readonly name?: Name }
/** `-[name*min..max]->`, `<-[…]-`, `-[…]-`, `-->`, `<--`, `--`; `variable` when written with `*`. */
export interface GraphEdgePattern extends Span {
  readonly name?: Name;
  readonly direction: 'out' | 'in' | 'any';
  readonly min: number;
  readonly max: number;
  readonly variable: boolean;
}

/** `project-by-names "a", "b*", dynamic([...]), column_names_of(T)` — columns chosen by name values. */
export interface ProjectByNamesOp extends Span {
  readonly kind: 'ProjectByNames';
  /** Expressions giving names or wildcard patterns. */
  readonly items: readonly Expr[];
}

/**
 * An operator the parser does not know or could not parse (an error was reported). `name` is
 * the word after `|`, possibly empty.
 */
export interface UnknownOp extends Span {
  readonly kind: 'UnknownOp';
  readonly name: string;
}

/** Every node kind. */
export type Node =
  | Script | Statement | Lambda | FunctionBody | Param | TypeRef | TabularType | ColumnDecl
  | Expr | Operator | OpParam | ColumnItem | SortItem | NamePattern | Property | TopNestedClause
  | MvItem | ParseColumn | MakeSeriesAgg;

export type NodeKind = Node['kind'];
export type OperatorKind = Operator['kind'];

/** Kinds of the operators that can begin a query. */
export const SOURCE_OPERATOR_KINDS: ReadonlySet<string> = new Set<SourceOperator['kind']>([
  'Print', 'Range', 'Datatable', 'ExternalData', 'Union', 'Find', 'Search', 'Evaluate',
]);

/** True when `e` is an operator node (it may then be a pipe's operator or a query source). */
export function isOperator(n: Node): n is Operator {
  return OPERATOR_KINDS.has(n.kind);
}

export const OPERATOR_KINDS: ReadonlySet<string> = new Set<OperatorKind>([
  'Where', 'Extend', 'Project', 'ProjectAway', 'ProjectKeep', 'ProjectRename', 'ProjectReorder',
  'Summarize', 'Join', 'Lookup', 'Union', 'Sort', 'Top', 'TopNested', 'TopHitters', 'Take',
  'Distinct', 'Count', 'MvExpand', 'MvApply', 'Parse', 'ParseKv', 'Evaluate', 'MakeSeries', 'As',
  'Serialize', 'Invoke', 'Search', 'Find', 'GetSchema', 'Print', 'Range', 'Datatable',
  'ExternalData', 'Render', 'Sample', 'SampleDistinct', 'Fork', 'Facet', 'Partition', 'Consume',
  'Reduce', 'ExecuteAndCache', 'AssertSchema', 'Scan', 'Graph', 'ProjectByNames', 'UnknownOp',
]);
