/**
 * Syntax tree → plan. One node per pipe stage; each takes its output schema from the binder's side
 * table (`BindResult.tables`, keyed by syntax node) — the plan never derives a type or a name.
 * Sub-queries (join right sides) are planned by `Planner.planOf`, so they are optimized and cached
 * once per syntax node like the main query.
 */
import type * as A from '../syntax/ast.js';
import type { TableType } from '../binder/scope.js';
import type { GenericKind, OpNode, PlanNode, Schema } from './nodes.js';

export interface BuildContext {
  /** The binder's output type of a tabular syntax node (undefined when not bound). */
  schemaOf(e: A.Node): Schema;
  /** The (optimized) plan of a nested tabular expression. */
  planOf(e: A.Expr): PlanNode;
}

/** database(), cluster(): a member of theirs is a table name. */
const REMOTE: ReadonlySet<string> = new Set(['database', 'cluster']);

/** Source expressions that are tabular operators (no pipe input). */
const SOURCE_OPS: ReadonlySet<string> = new Set(['Print', 'Range', 'Datatable', 'ExternalData', 'Union', 'Find', 'Search', 'Evaluate']);

/** Builds the plan of a tabular expression. Expressions that are not tabular become a Call/Scan the runner rejects at its place. */
export function buildPlan(e: A.Expr, c: BuildContext): PlanNode {
  const schema = c.schemaOf(e);
  switch (e.kind) {
    case 'Pipe': return operatorNode(e.operator, buildPlan(e.source, c), c.schemaOf(e.operator) ?? schema, c, e.source.kind === 'Name' ? e.source.name : undefined);
    case 'Name': return { kind: 'TableScan', name: e, time: [], schema };
    case 'Call': return { kind: 'Call', call: e, schema };
    case 'ImplicitSource': return { kind: 'Implicit', expr: e, schema };
    // database("x").T, cluster(…).database(…).T: the table by its name; any other call's member is a
    // pattern invocation p("a").b (declare pattern), resolved by the runner
    case 'Member':
      if (e.target.kind === 'Call' && !REMOTE.has(e.target.name.name.toLowerCase())) return { kind: 'Call', call: e.target, member: e.member, schema };
      return buildPlan(e.member, c);
    default:
      if (SOURCE_OPS.has(e.kind)) return operatorNode(e as A.Operator, undefined, schema, c);
      // A scalar where a table is expected: the runner reports it at this place.
      return { kind: 'Call', call: { kind: 'Call', name: { kind: 'Name', name: '', quoted: true, start: e.start, end: e.end }, args: [e], start: e.start, end: e.end }, schema: undefined };
  }
}

type Builder<K extends A.Operator['kind']> = (op: Extract<A.Operator, { kind: K }>, input: PlanNode | undefined, schema: Schema, c: BuildContext, inputName?: string) => PlanNode;

const generic = <K extends GenericKind>(op: Extract<A.Operator, { kind: K }>, input: PlanNode | undefined, schema: Schema): PlanNode =>
  ({ kind: (op as A.Operator).kind, op, input, schema } as OpNode);

/** The plan node of each syntax operator: a new operator kind does not compile until it is listed. */
const BUILD: { [K in A.Operator['kind']]: Builder<K> } = {
  Where: (op, input, schema) => ({ kind: 'Filter', op, input: input!, predicate: op.predicate, schema }),
  Extend: (op, input, schema) => ({ kind: 'Extend', op, input: input!, items: op.items, schema }),
  Summarize: (op, input, schema) => ({ kind: 'Aggregate', op, input: input!, schema }),
  Join: (op, input, schema, c) => ({ kind: 'Join', op, input: input!, joinKind: joinKindOf(op), right: c.planOf(op.right), schema }),
  Top: (op, input, schema) => ({ kind: 'TopN', op, input: input!, count: op.count, by: [op.by], schema }),
  Union: (op, input, schema, _c, inputName) => ({ kind: 'Union', op, input, ...(inputName !== undefined ? { inputName } : {}), schema }),
  Evaluate: (op, input, schema) => ({ kind: 'Evaluate', op, input, plugin: op.call.kind === 'Call' ? op.call.name.name : '', schema }),
  Project: generic, ProjectAway: generic, ProjectKeep: generic, ProjectRename: generic, ProjectReorder: generic,
  ProjectByNames: generic, Lookup: generic, Sort: generic, TopNested: generic, TopHitters: generic, Take: generic,
  Distinct: generic, Count: generic, MvExpand: generic, MvApply: generic, Parse: generic, ParseKv: generic,
  MakeSeries: generic, As: generic, Serialize: generic, Invoke: generic, Search: generic, Find: generic,
  GetSchema: generic, Print: generic, Range: generic, Datatable: generic, ExternalData: generic, Render: generic,
  Sample: generic, SampleDistinct: generic, Fork: generic, Facet: generic, Partition: generic, Consume: generic,
  Reduce: generic, ExecuteAndCache: generic, AssertSchema: generic, Scan: generic, Graph: generic, UnknownOp: generic,
};

function operatorNode(op: A.Operator, input: PlanNode | undefined, schema: Schema, c: BuildContext, inputName?: string): PlanNode {
  return (BUILD[op.kind] as Builder<A.Operator['kind']>)(op, input, schema, c, inputName);
}

/** A schema as text: `(a:long, b:string)`, `(a:long, …)` for an open table, `?` when not bound. */
export function schemaText(s: TableType | undefined): string {
  if (!s) return '?';
  return `(${[...s.columns.map((x) => `${x.name}:${x.type}`), ...(s.open ? ['…'] : [])].join(', ')})`;
}

/** Are two schemas the same (names, types, openness)? */
export function sameSchema(a: Schema, b: Schema): boolean {
  if (!a || !b) return a === b;
  return a.open === b.open && a.columns.length === b.columns.length && a.columns.every((x, i) => x.name === b.columns[i]!.name && x.type === b.columns[i]!.type);
}

/** A join's `kind=` as written, lower-cased (default innerunique). */
function joinKindOf(op: A.JoinOp): string {
  const v = op.params.find((p) => p.name.toLowerCase() === 'kind')?.value;
  const t = v?.kind === 'Name' ? v.name : v?.kind === 'Literal' && v.value !== null ? String(v.value) : undefined;
  return (t ?? 'innerunique').toLowerCase();
}
