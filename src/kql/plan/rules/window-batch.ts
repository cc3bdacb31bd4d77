/**
 * window-batch: the plan of a query that runs once for many disjoint time windows instead of once
 * per window (a detection replay, ../../../detect/batch.ts). Each source table carries a window-tag
 * column (the row's window, given by the caller's tables); the rewrite carries the tag through the
 * plan — appended to `project`/`project-keep`, added as the last `summarize` key and as a
 * `$left.tag == $right.tag` join condition — so the result's rows are the per-window results,
 * each tagged with its window.
 *
 * It applies only where that is provably the same as one run per window: a pipeline over one timed
 * table (and joins of such pipelines) of row-local operators (where, extend, project*, parse,
 * mv-expand, sort), at most one `summarize … by` with keys (row-local operators after it), joins of
 * kinds whose output keeps the left tag; every expression row-local (the function registry's flags:
 * no now()/ago(), randomness, row order, other tables); `let`s only of constants. Anything else:
 * undefined (run per window).
 *
 * Unlike the optimizer's rules it changes the output schema (the tag column is added: the rule
 * checks that is the only change); it runs on the plan as built from a prepared query's one bind
 * (no parse or bind again), before the optimizer's rules, which then run over the tagged plan.
 * Scalar expressions stay syntax expressions: the added ones are made here (`synthetic`, printed by
 * explain as their text) and placed at the operator they extend.
 */
import type * as A from '../../syntax/ast.js';
import type { TableType } from '../../binder/scope.js';
import { functionRecord, isRowLocal } from '../../functions/registry.js';
import { syntaxNodes } from '../../stored-functions.js';
import type { PlanNode, Schema } from '../nodes.js';
import { synthetic } from '../synthetic.js';
import { optimize, SchemaChangedError } from '../optimize.js';
import { sameSchema, schemaText } from '../build.js';

export const WINDOW_BATCH = 'window-batch';

export interface WindowBatchOptions {
  /** The tag column's name (a string column every tagged table has last). */
  readonly column: string;
  /** May this table name be a tagged source (a table with a time column)? */
  readonly timed: (table: string) => boolean;
  /** The plan as built (not optimized) of a nested tabular expression (a join's right side). */
  readonly build: (e: A.Expr) => PlanNode;
}

export interface WindowBatch {
  /** The tagged plan of the query (not optimized). */
  readonly plan: PlanNode;
  /** The tagged plans (not optimized) of nested expressions the runner asks for: join right sides. */
  readonly nested: ReadonlyMap<A.Expr, PlanNode>;
  /** The tables that must carry the tag column. */
  readonly tables: readonly string[];
  /** True when the pipeline aggregates. */
  readonly aggregates: boolean;
  /** True when every aggregate keeps flat per-group state (count, countif, sum, avg, min, max). */
  readonly flatState: boolean;
  /** For an aggregating plan: its input (untagged, as built), counted to size chunks of windows. */
  readonly beforeAggregate?: PlanNode;
}

const FLAT_AGGREGATES = new Set(['count', 'countif', 'sum', 'avg', 'min', 'max']);
const JOIN_KINDS = new Set(['inner', 'innerunique', 'leftouter', 'leftsemi', 'leftanti']);
const ROW_LOCAL = new Set(['Filter', 'Extend', 'Project', 'ProjectAway', 'ProjectRename', 'ProjectReorder', 'ProjectKeep', 'Parse', 'MvExpand', 'Sort']);
/** After a summarize (no joins there: the grouped rows have no time). */
const AFTER_AGGREGATE = new Set(['Filter', 'Extend', 'Project', 'ProjectAway', 'ProjectRename', 'ProjectReorder', 'ProjectKeep', 'Sort']);
/** Expression node kinds that are pure functions of one row (plus constants). */
const SAFE_NODES = new Set(['Literal', 'Name', 'JoinSideRef', 'Member', 'Index', 'Call', 'NamedArg', 'Binary', 'Unary', 'InList', 'Between', 'ColumnItem',
  'SortItem', 'NamePattern', 'Star', 'TypeRef', 'ParseColumn', 'MvItem', 'OpParam', 'TypeOf']);

/**
 * A call whose value is a pure function of one row, the same in every window (the registry's
 * flags). A name the registry does not hold is not judged here: the caller turns batching off for
 * queries that call stored functions.
 */
function rowLocalCall(name: string): boolean {
  const rec = functionRecord(name);
  return rec === undefined || isRowLocal(rec.flags);
}

/** Is every expression under `n` row-local? */
export function rowLocal(n: unknown): boolean {
  for (const x of syntaxNodes(n)) {
    if (!SAFE_NODES.has(x.kind)) return false;
    if (x.kind === 'Call') {
      const c = x as unknown as A.Call;
      if (c.target || !rowLocalCall(c.name.name)) return false;
    }
  }
  return true;
}

/** The schema with the tag column inserted at `at` (undefined/open schemas stay as they are: their own names stand). */
function withTag(s: Schema, at: number, name: string): Schema {
  if (!s || s.open || at > s.columns.length) return s;
  const columns = [...s.columns];
  columns.splice(at, 0, { name, type: 'string' } as TableType['columns'][number]);
  return { ...s, columns };
}

/**
 * The tagged plan of the last statement of a script (its `let`s must be constants), or undefined
 * when batching is not provably equivalent.
 */
export function windowBatch(script: A.Script, plan: PlanNode, o: WindowBatchOptions): WindowBatch | undefined {
  const stmts = script.statements;
  const lets = new Set<string>();
  for (const s of stmts.slice(0, -1)) {
    // Only constants may be bound: `let threshold = 5;`, `let apps = dynamic([...]);`.
    if (s.kind !== 'LetStmt' || s.value.kind === 'Lambda' || !rowLocal(s.value)) return undefined;
    lets.add(s.name.name);
  }
  const tag = o.column;
  const nested = new Map<A.Expr, PlanNode>();
  const sources: string[] = [];
  let aggregates = false, flatState = true;
  let beforeAggregate: PlanNode | undefined;
  const name = (at: number): A.Name => synthetic({ kind: 'Name', name: tag, quoted: false, start: at, end: at }, tag);

  // Tags one pipeline (its main chain, source first); undefined when a node is not allowed.
  const pipeline = (root: PlanNode, allowAggregate: boolean): PlanNode | undefined => {
    const chain: PlanNode[] = [];
    for (let n: PlanNode | undefined = root; n; n = 'input' in n ? n.input : undefined) chain.unshift(n);
    const src = chain[0]!;
    if (src.kind !== 'TableScan' || lets.has(src.name.name) || !o.timed(src.name.name)) return undefined;
    sources.push(src.name.name);
    let cur: PlanNode = { ...src, schema: withTag(src.schema, src.schema?.columns.length ?? 0, tag) };
    let seenAggregate = false;
    for (const n of chain.slice(1)) {
      const inCount = ('input' in n && n.input?.schema?.columns.length) || 0;
      switch (n.kind) {
        case 'Aggregate': {
          const op = n.op;
          if (!allowAggregate || seenAggregate || op.by.length === 0 || op.params.length > 0 || !rowLocal(op.aggregates) || !rowLocal(op.by)) return undefined;
          seenAggregate = aggregates = true;
          beforeAggregate = n.input;
          for (const x of syntaxNodes(op.aggregates)) if (x.kind === 'Call' && !FLAT_AGGREGATES.has((x as unknown as A.Call).name.name.toLowerCase())) flatState = false;
          // The tag is the last key: the engine combines keys left to right through a dense array of
          // (groups so far x next key's cardinality); the tag's is the number of windows.
          const at = op.by[op.by.length - 1]!.end;
          const key = synthetic<A.ColumnItem>({ kind: 'ColumnItem', names: [], expr: name(at), start: at, end: at }, tag);
          cur = { ...n, input: cur, op: { ...op, by: [...op.by, key] }, schema: withTag(n.schema, op.by.length, tag) };
          continue;
        }
        case 'Join': {
          // Same-window joins: the tag joins the keys (kinds whose output keeps the left tag).
          const op = n.op;
          if (seenAggregate || op.on.length === 0 || !JOIN_KINDS.has(n.joinKind) || !rowLocal(op.on)) return undefined;
          for (const p of op.params) if (p.name !== 'kind' && !p.name.startsWith('hint.')) return undefined;
          const built = pipeline(o.build(op.right), false);
          if (!built) return undefined;
          const right = optimize(built); // a join's right side is a plan of its own
          nested.set(op.right, right);
          const at = op.on[op.on.length - 1]!.end;
          const side = (s: 'left' | 'right'): A.JoinSideRef => ({ kind: 'JoinSideRef', side: s, column: name(at), start: at, end: at });
          const cond = synthetic<A.Binary>({ kind: 'Binary', op: '==', left: side('left'), right: side('right'), opStart: at, start: at, end: at } as A.Binary, `$left.${tag} == $right.${tag}`);
          const leftCount = n.input.schema?.columns.length ?? 0;
          // The output: the left columns and its tag, then the right's (its tag renamed with a 1).
          let schema = withTag(n.schema, leftCount, tag);
          if (!n.joinKind.startsWith('leftsemi') && !n.joinKind.startsWith('leftanti')) schema = withTag(schema, schema?.columns.length ?? 0, `${tag}1`);
          cur = { ...n, input: cur, op: { ...op, on: [...op.on, cond] }, right, schema };
          continue;
        }
        default: {
          if (!(seenAggregate ? AFTER_AGGREGATE : ROW_LOCAL).has(n.kind) || !('op' in n) || !rowLocal(Object.entries(n.op).filter(([k]) => k !== 'kind').map(([, v]) => v))) return undefined;
          if (n.kind === 'Filter' && !rowLocal(n.predicate)) return undefined;
          if (n.kind === 'Project') {
            const op = n.op;
            if (op.items.length === 0) return undefined;
            const at = op.items[op.items.length - 1]!.end;
            const item = synthetic<A.ColumnItem>({ kind: 'ColumnItem', names: [], expr: name(at), start: at, end: at }, tag);
            cur = { ...n, input: cur, op: { ...op, items: [...op.items, item] }, schema: withTag(n.schema, n.schema?.columns.length ?? 0, tag) } as PlanNode;
            continue;
          }
          if (n.kind === 'ProjectKeep') {
            const op = n.op;
            if (op.columns.length === 0) return undefined;
            const at = op.columns[op.columns.length - 1]!.end;
            const col = synthetic<A.NamePattern>({ kind: 'NamePattern', pattern: tag, start: at, end: at }, tag);
            cur = { ...n, input: cur, op: { ...op, columns: [...op.columns, col] }, schema: withTag(n.schema, n.schema?.columns.length ?? 0, tag) } as PlanNode;
            continue;
          }
          if (n.kind === 'ProjectAway' || n.kind === 'ProjectRename' || n.kind === 'ProjectReorder') {
            // A wildcard could drop or move the tag.
            for (const x of syntaxNodes(n.op)) if (x.kind === 'NamePattern' && String((x as unknown as A.NamePattern).pattern).includes('*')) return undefined;
          } else if (n.kind === 'Parse' && n.op.params.length > 0) return undefined;
          else if (n.kind === 'MvExpand' && (n.op.params.length > 0 || n.op.limit)) return undefined;
          // The tag stays where its input had it: after the input's columns, before any new ones
          // (extend, parse), or last (project-away, -rename, -reorder without wildcards).
          const at = n.kind === 'ProjectAway' || n.kind === 'ProjectRename' || n.kind === 'ProjectReorder' ? n.schema?.columns.length ?? 0 : inCount;
          cur = { ...n, input: cur, schema: withTag(n.schema, at, tag) } as PlanNode;
        }
      }
    }
    return cur;
  };
  const tagged = pipeline(plan, true);
  if (!tagged) return undefined;
  // The only change to the output schema is the tag column(s).
  const untagged: Schema = tagged.schema && { ...tagged.schema, columns: tagged.schema.columns.filter((c) => c.name !== tag && c.name !== `${tag}1`) };
  if (!sameSchema(untagged, plan.schema)) throw new SchemaChangedError(WINDOW_BATCH, schemaText(plan.schema), schemaText(tagged.schema));
  return { plan: tagged, nested, tables: [...new Set(sources)], aggregates, flatState, ...(beforeAggregate ? { beforeAggregate } : {}) };
}
