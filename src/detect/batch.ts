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
 * The rewrite is the engine's plan rule `window-batch` (src/kql/plan/rules/window-batch.ts) over
 * the rule's prepared query: no query text is spliced, parsed or bound again. Anything not on its
 * allow-lists (unions, lets bound to tables, now()/ago(), sub-queries, take/top/distinct, wildcard
 * projections, ...) falls back to per-window runs, so the rewrite is only applied where
 * equivalence holds. test/detect/batch.test.ts compares both paths.
 */
import { KNOWN_TABLES } from '../store/schemas/index.js';
import { syntaxNodes, type Ast, type Prepared } from '../kql/index.js';
import type { Rule } from './rule.js';
import type { Engine } from './engine.js';
import { DAY } from './duration.js';

export const WINDOW_COLUMN = '__cloudhop_w';

export interface BatchPlan {
  /** The rule's prepared query with its plan rewritten to carry the window tag (window-batch rule). */
  readonly prepared: Prepared;
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
  readonly prefixCount?: Prepared;
}

/**
 * The batch plan of a rule over tables with the given time columns, or undefined (run per window).
 * `prepared`: the rule's query as the replay prepared it (its one bind); without it the query is
 * prepared here against the known tables.
 */
export function planBatch(rule: Rule, engine: Pick<Engine, 'prepare' | 'windowBatch'>, hasTime: (table: string) => boolean, prepared?: Prepared): BatchPlan | undefined {
  if (rule.kind === 'Hunting' || rule.queryPeriod !== rule.queryFrequency || DAY % rule.queryFrequency !== 0) return undefined;
  if (!engine.windowBatch) return undefined;
  if (!prepared) {
    const p = engine.prepare?.(rule.query, { tables: KNOWN_TABLES, ...(rule.functions?.length ? { functions: rule.functions } : {}) });
    if (!p?.ok) return undefined;
    prepared = p.prepared;
  }
  // A stored function's body is not row-local as far as the rewrite can see: run per window.
  if (rule.functions?.length) {
    const names = new Set(rule.functions.map((f) => f.name));
    for (const x of syntaxNodes(prepared.ast)) {
      const n = x.kind === 'Name' ? (x as unknown as Ast.Name).name : x.kind === 'Call' ? (x as unknown as Ast.Call).name.name : undefined;
      if (n !== undefined && names.has(n)) return undefined;
    }
  }
  let b;
  try { b = engine.windowBatch(prepared, { column: WINDOW_COLUMN, timed: hasTime }); } catch { return undefined; /* a rewrite that changed more than the tag: run per window */ }
  if (!b) return undefined;
  return { prepared: b.prepared, tables: b.tables, aggregates: b.aggregates, flatState: b.flatState, ...(b.count ? { prefixCount: b.count } : {}) };
}
