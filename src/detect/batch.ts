/**
 * Window batching: one query run for all the runs of a replay, when that is provably the same as
 * running it per window. A replay of a 1 h rule over 7 days is 168 query runs; each has a fixed
 * cost (parse, plan, per-dictionary work) that dwarfs the per-row work of a selective rule. For a
 * rule whose windows are disjoint (queryPeriod = queryFrequency) and whose query is a single
 * pipeline over one table made of row-local operators (and joins of such pipelines), optionally
 * one `summarize ... by` with keys, then row-local operators again, the result of window W is exactly the rows of the
 * whole-span result whose source rows fell in W. The source table gets a window-tag column
 * (`__cloudhop_w`, dictionary-encoded, built once: ReplayData.windowTagged); the rewrite carries
 * it through projections and adds it to the summarize keys; one run, split by the tag.
 *
 * Anything not on the allow-lists (joins, unions, lets bound to tables, now()/ago(), sub-queries,
 * take/top/distinct, wildcard projections, ...) falls back to per-window runs, so the rewrite is
 * only applied where equivalence holds. test/detect/batch.test.ts compares both paths.
 */
import { functionRecord, isRowLocal, syntaxNodes, type Ast } from '../kql/index.js';
import type { Rule } from './rule.js';
import { DAY } from './duration.js';

export const WINDOW_COLUMN = '__cloudhop_w';

export interface BatchPlan {
  /** The rewritten query: the original plus the window tag. */
  readonly text: string;
  /** The tables that must carry the window tag column (the pipeline's and joins' sources). */
  readonly tables: readonly string[];
  /** True when the pipeline aggregates (then it runs in chunks of windows: smaller groupings). */
  readonly aggregates: boolean;
  /**
   * True when every aggregate keeps flat per-group state in the engine (count, countif, sum, avg,
   * min, max: typed arrays), so larger chunks are cheap; others (dcount, make_set, arg_max, ...)
   * hold an object per group, whose allocation and GC grow with the groups alive in one query.
   */
  readonly flatState: boolean;
  /**
   * For aggregating plans: the query up to the summarize (untagged) followed by `| count`, to
   * measure on a sample how many rows reach the grouping (chunk sizes follow those rows).
   */
  readonly prefixCount?: string;
}

const FLAT_AGGREGATES = new Set(['count', 'countif', 'sum', 'avg', 'min', 'max']);

const JOIN_KINDS = new Set(['inner', 'innerunique', 'leftouter', 'leftsemi', 'leftanti']);

type ParseFn = (text: string) => { ast: Ast.Script; diagnostics: readonly { severity: string }[] };

const ROW_LOCAL = new Set(['Where', 'Extend', 'Project', 'ProjectAway', 'ProjectRename', 'ProjectReorder', 'ProjectKeep', 'Parse', 'MvExpand', 'Sort']);
/** After a summarize (no joins there: the grouped rows have no time). */
const AFTER_SUMMARIZE = new Set(['Where', 'Extend', 'Project', 'ProjectAway', 'ProjectRename', 'ProjectReorder', 'ProjectKeep', 'Sort']);
/** Expression node kinds that are pure functions of one row (plus constants). */
const SAFE_NODES = new Set(['Literal', 'Name', 'JoinSideRef', 'Member', 'Index', 'Call', 'NamedArg', 'Binary', 'Unary', 'InList', 'Between', 'ColumnItem',
  'SortItem', 'NamePattern', 'Star', 'TypeRef', 'ParseColumn', 'MvItem', 'OpParam', 'TypeOf']);
/**
 * A call whose value is a pure function of one row, the same in every window: the function
 * registry's flags say so (no now(), randomness, row order, other tables or the column set).
 * A name the registry does not hold is not judged here: a rule's stored functions turn the plan
 * off (planBatch), and cluster()/database() never make a timed table source.
 */
function rowLocalCall(name: string): boolean {
  const rec = functionRecord(name);
  return rec === undefined || isRowLocal(rec.flags);
}

function rowLocal(n: unknown): boolean {
  for (const x of syntaxNodes(n)) {
    if (!SAFE_NODES.has(x.kind)) return false;
    if (x.kind === 'Call') {
      const c = x as unknown as Ast.Call;
      if (c.target || !rowLocalCall(c.name.name)) return false;
    }
  }
  return true;
}

/** The batch plan of a rule over tables with the given time columns, or undefined (run per window). */
export function planBatch(rule: Rule, parse: ParseFn, hasTime: (table: string) => boolean): BatchPlan | undefined {
  if (rule.kind === 'Hunting' || rule.queryPeriod !== rule.queryFrequency || DAY % rule.queryFrequency !== 0) return undefined;
  const text = rule.query;
  let parsed;
  try { parsed = parse(text); } catch { return undefined; }
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return undefined;
  // A stored function's body is not row-local as far as this plan can see: run per window.
  if (rule.functions?.length) {
    const names = new Set(rule.functions.map((f) => f.name));
    for (const x of syntaxNodes(parsed.ast)) {
      const n = x.kind === 'Name' ? (x as unknown as Ast.Name).name : x.kind === 'Call' ? (x as unknown as Ast.Call).name.name : undefined;
      if (n !== undefined && names.has(n)) return undefined;
    }
  }
  const stmts = parsed.ast.statements;
  const last = stmts[stmts.length - 1];
  if (!last || last.kind !== 'QueryStmt') return undefined;
  const lets = new Set<string>();
  for (const s of stmts.slice(0, -1)) {
    // Only constants may be bound: `let threshold = 5;`, `let apps = dynamic([...]);`.
    if (s.kind !== 'LetStmt' || s.value.kind === 'Lambda' || !rowLocal(s.value)) return undefined;
    lets.add(s.name.name);
  }
  const inserts: { at: number; text: string }[] = [];
  const sources: string[] = [];
  let aggregates = false;
  let flatState = true;
  let prefixCount: string | undefined;
  // A row-local pipeline over one timed table; the source table carries the window tag column
  // (ReplayData.windowTagged) and the rewrite carries it through projections.
  const pipeline = (expr: Ast.Expr, allowSummarize: boolean): boolean => {
    const ops: Ast.Operator[] = [];
    const sourceEnd = new Map<Ast.Operator, number>();
    let e: Ast.Expr = expr;
    while (e.kind === 'Pipe') { ops.unshift(e.operator); sourceEnd.set(e.operator, e.source.end); e = e.source; }
    if (e.kind !== 'Name' || lets.has(e.name) || !hasTime(e.name)) return false;
    sources.push(e.name);
    let seenSummarize = false;
    for (const op of ops) {
      if (op.kind === 'Summarize') {
        if (!allowSummarize || seenSummarize || op.by.length === 0 || op.params.length > 0 || !rowLocal(op.aggregates) || !rowLocal(op.by)) return false;
        seenSummarize = true;
        aggregates = true;
        prefixCount = `${text.slice(0, sourceEnd.get(op)!)}\n| count`;
        for (const x of syntaxNodes(op.aggregates)) if (x.kind === 'Call' && !FLAT_AGGREGATES.has((x as unknown as Ast.Call).name.name.toLowerCase())) flatState = false;
        // The tag is the last key: the engine combines keys left to right through a dense array
        // of (groups so far x next key's cardinality), and the tag's cardinality is the number of
        // windows in the query, so this keeps that array small (the columns other than the tag
        // keep their order).
        inserts.push({ at: op.by[op.by.length - 1]!.end, text: `, ${WINDOW_COLUMN}` });
        continue;
      }
      if (op.kind === 'Join') {
        // Same-window joins: add the tag to the join keys (kinds whose output keeps the left tag).
        if (seenSummarize || op.on.length === 0) return false;
        for (const p of op.params) {
          if (p.name === 'kind') { if (p.value.kind !== 'Name' || !JOIN_KINDS.has(p.value.name.toLowerCase())) return false; }
          else if (!p.name.startsWith('hint.')) return false;
        }
        if (!rowLocal(op.on) || !pipeline(op.right, false)) return false;
        inserts.push({ at: op.on[op.on.length - 1]!.end, text: `, $left.${WINDOW_COLUMN} == $right.${WINDOW_COLUMN}` });
        continue;
      }
      // The operator's own node is allowed by the list; its parts must be row-local.
      if (!(seenSummarize ? AFTER_SUMMARIZE : ROW_LOCAL).has(op.kind) || !rowLocal(Object.entries(op).filter(([k]) => k !== 'kind').map(([, v]) => v))) return false;
      if (op.kind === 'Project') {
        if (op.items.length === 0) return false;
        inserts.push({ at: op.items[op.items.length - 1]!.end, text: `, ${WINDOW_COLUMN}` });
      } else if (op.kind === 'ProjectKeep') {
        if (op.columns.length === 0) return false;
        inserts.push({ at: op.columns[op.columns.length - 1]!.end, text: `, ${WINDOW_COLUMN}` });
      } else if (op.kind === 'ProjectAway' || op.kind === 'ProjectRename' || op.kind === 'ProjectReorder') {
        // A wildcard could drop or move the tag.
        for (const x of syntaxNodes(op)) if (x.kind === 'NamePattern' && String((x as unknown as Ast.NamePattern).pattern).includes('*')) return false;
      } else if (op.kind === 'Parse' && op.params.length > 0) {
        return false;
      } else if (op.kind === 'MvExpand' && (op.params.length > 0 || op.limit)) {
        return false;
      }
    }
    return true;
  };
  if (!pipeline(last.expr, true)) return undefined;
  let out = text;
  for (const ins of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, ins.at) + ins.text + out.slice(ins.at);
  return { text: out, tables: [...new Set(sources)], aggregates, flatState, prefixCount };
}


