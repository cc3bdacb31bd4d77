/**
 * The logical plan: a closed discriminated union of plan nodes, each with its input(s) and its
 * output schema as the binder computed it (binder/binder.ts `BindResult.tables`, one entry per
 * tabular node: read once when the plan is built, never re-derived).
 *
 * Scalar expressions inside the nodes stay syntax expressions (../syntax/ast.ts); their bound
 * types are in the binder's `types` side table. A plan node keeps the syntax node it came from
 * (`op`) for the source span of errors and for the operator implementations in ../exec/ops/.
 *
 * Kinds with a plan-specific shape: TableScan (a table, `let` or `as` name), Call (`table()`,
 * `materialize()`, a user function), Implicit (the input of a sub-query body), Filter, Extend,
 * Aggregate, Join{kind}, TopN (`top`, and `sort | take` after the topn rule), Union, Evaluate{plugin}.
 * Every other operator of the syntax (../syntax/ast.ts `Operator`) is a plan node of the same kind
 * (`OpNode`): Project, ProjectAway…, Sort, Take, Distinct, MvExpand, Parse, Print, Range, Datatable,
 * Search, Find, MakeSeries… so a new syntax operator is a plan node as soon as it is parsed, and the
 * executor's tables (../exec/run.ts) do not compile until it has an implementation.
 */
import type * as A from '../syntax/ast.js';
import type { TableType } from '../binder/scope.js';

/** The output row type of a node; undefined when the binder did not reach it (see README). */
export type Schema = TableType | undefined;

interface Common {
  /** Output columns (names + types) as bound. */
  readonly schema: Schema;
  /**
   * The only output columns this node's consumer reads (column pruning; undefined = all). Join
   * and lookup copy only these; a Scan reads only these from its store.
   */
  readonly needed?: ReadonlySet<string>;
}

/**
 * A `where` predicate that holds on a Scan's rows (time-range rule): folded at run time with the
 * run's `now` into ScanRequest time ranges; `column` maps a column the predicate names to the scan's
 * (a `project X = C` between them); undefined: no range from it (an extend redefined it).
 */
export interface TimeFilter { readonly predicate: A.Expr; readonly column: (name: string) => string | undefined }

export interface ScanNode extends Common {
  readonly kind: 'TableScan';
  /** A table, `let`, `as` or stored-function name: resolved by the runner's environment at run time. */
  readonly name: A.Name;
  /** Time predicates above the scan (time-range rule). */
  readonly time: readonly TimeFilter[];
}
/** A call in source position (a stored function, table(), materialize(), a pattern invocation `p("a")`, with `member` for `p("a").b`). */
export interface CallNode extends Common { readonly kind: 'Call'; readonly call: A.Call; readonly member?: A.Name }
export interface ImplicitNode extends Common { readonly kind: 'Implicit'; readonly expr: A.ImplicitSource }

export interface FilterNode extends Common {
  readonly kind: 'Filter'; readonly input: PlanNode; readonly op: A.WhereOp;
  /** The predicate that runs (filter pushdown writes extend items into it); `op.predicate` is as written. */
  readonly predicate: A.Expr;
  /** Set by filter pushdown: the extend items written into the predicate (explain prints them inline). */
  readonly inlined?: readonly { readonly name: string; readonly expr: A.Expr }[];
}
export interface ExtendNode extends Common {
  readonly kind: 'Extend'; readonly input: PlanNode; readonly op: A.ExtendOp;
  /** The items computed (filter pushdown merges chained extends and leaves out unread items). */
  readonly items: readonly A.ColumnItem[];
  /** Set by filter pushdown: the items run after the filter they were moved above. */
  readonly afterFilter?: boolean;
}
export interface AggregateNode extends Common { readonly kind: 'Aggregate'; readonly input: PlanNode; readonly op: A.SummarizeOp }
export interface JoinNode extends Common {
  readonly kind: 'Join'; readonly input: PlanNode; readonly op: A.JoinOp;
  /** The join kind as written, lower-cased (default innerunique). */
  readonly joinKind: string;
  readonly right: PlanNode;
}
export interface TopNNode extends Common {
  readonly kind: 'TopN'; readonly input: PlanNode;
  /** `top n by …`, or the `take` of `sort | take` (topn rule). */
  readonly op: A.TopOp | A.TakeOp;
  readonly count: A.Expr;
  readonly by: readonly A.SortItem[];
}
export interface UnionNode extends Common {
  readonly kind: 'Union'; readonly input: PlanNode | undefined; readonly op: A.UnionOp;
  /** The piped input's table name (withsource names its rows after it). */
  readonly inputName?: string;
}
export interface EvaluateNode extends Common {
  readonly kind: 'Evaluate'; readonly input: PlanNode | undefined; readonly op: A.EvaluateOp;
  /** The plugin's name (`bag_unpack`, `pivot`…). */
  readonly plugin: string;
}

/** The syntax operators with a plan-specific node. */
export type SpecialOperatorKind = 'Where' | 'Extend' | 'Summarize' | 'Join' | 'Top' | 'Union' | 'Evaluate';
export type GenericKind = Exclude<A.Operator['kind'], SpecialOperatorKind>;

/** Every other operator: a plan node of the syntax kind (input undefined for a source: print, range…). */
export type OpNode = { [K in GenericKind]: Common & { readonly kind: K; readonly input: PlanNode | undefined; readonly op: Extract<A.Operator, { kind: K }> } }[GenericKind];

export type PlanNode =
  | ScanNode | CallNode | ImplicitNode
  | FilterNode | ExtendNode | AggregateNode | JoinNode | TopNNode | UnionNode | EvaluateNode
  | OpNode;

export type PlanKind = PlanNode['kind'];

/** The input of a node (undefined for sources). */
export function inputOf(n: PlanNode): PlanNode | undefined {
  return 'input' in n ? n.input : undefined;
}

/** The node with another input (same kind, same fields). */
export function withInput<N extends PlanNode>(n: N, input: PlanNode): N {
  return { ...n, input } as N;
}

/** The source span of a node (errors are placed there). */
export function spanOf(n: PlanNode): A.Span {
  switch (n.kind) {
    case 'TableScan': return n.name;
    case 'Call': return n.call;
    case 'Implicit': return n.expr;
    default: return n.op;
  }
}

/** Applies `f` bottom-up to the main input chain (not join right sides: those are plans of their own). */
export function mapChain(n: PlanNode, f: (n: PlanNode) => PlanNode): PlanNode {
  const input = inputOf(n);
  if (!input) return f(n);
  const mapped = mapChain(input, f);
  return f(mapped === input ? n : withInput(n, mapped));
}

/** The plans of one query, one per tabular syntax node (planner.ts; the runner asks it for each). */
export interface Plans { planOf(e: A.Expr): PlanNode }
