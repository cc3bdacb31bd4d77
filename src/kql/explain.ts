/**
 * explain(query): the plan that runs (../plan: built from the binder's result, then the optimizer's
 * rules) as indented text, one node per line, the consumer above its input (plan/text.ts). The
 * runner executes this very plan (exec/run.ts runs plan nodes; the Planner builds each plan once).
 * `verbose`: the plan as built and after each rule, with the output schema the binder gave it.
 *
 *     Sort by=[TimeGenerated desc nulls last]
 *       Union kind=outer
 *         Project [Timestamp, DeviceName, …]
 *           …
 */
import type { Catalog, Diagnostic } from './api.js';
import { parse } from './syntax/parser.js';
import type * as A from './syntax/ast.js';
import { describeRequest } from './exec/scan-request.js';
import { makeContext } from './execute.js';
import { Env } from './exec/context.js';
import { Runner } from './exec/run.js';
import { bindLet } from './exec/expr.js';
import { formatDatetime } from './data/convert.js';
import { bind } from './binder/binder.js';
import { Planner } from './plan/planner.js';
import { planText } from './plan/text.js';
import { schemaText } from './plan/build.js';
import { optimize, type RuleStep } from './plan/optimize.js';
import { windowBatch, WINDOW_BATCH } from './plan/rules/window-batch.js';

/**
 * `scan`: also print, on each table reference, the ScanRequest the executor gives it (src/kql/scan.ts:
 * the columns it reads and the time ranges of the `where`s above it, constants folded with `now`,
 * ticks; default the wall clock). `verbose`: the plan after each optimizer rule. `catalog`: the
 * table schemas the plan's schemas come from (default none: schemas print as `?`/open).
 */
export interface ExplainOptions {
  readonly scan?: boolean; readonly now?: number; readonly verbose?: boolean; readonly catalog?: Catalog;
  /**
   * Explain the window-batch rewrite (plan/rules/window-batch.ts) of the query: its tag column and
   * which tables are timed. Verbose: the plan as built, after window-batch, after each rule.
   */
  readonly windowBatch?: { readonly column: string; readonly timed: (table: string) => boolean };
}

export type ExplainOutcome = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export function explain(query: string, opts: ExplainOptions = {}): ExplainOutcome {
  const p = parse(query);
  if (p.diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics: p.diagnostics };
  let last: A.QueryStmt | undefined;
  for (const st of p.ast.statements) if (st.kind === 'QueryStmt') last = st;
  if (!last) return { ok: true, text: '(no query)' };
  const planner = new Planner(bind(p.ast, opts.catalog ?? { tables: new Map() }));
  const lets = new Map<string, A.Expr>();
  for (const st of p.ast.statements) if (st.kind === 'LetStmt' && st.value.kind !== 'Lambda') lets.set(st.name.name, st.value);
  const env = new Env();
  for (const st of p.ast.statements) if (st.kind === 'LetStmt') { try { bindLet(st, env); } catch { /* not a constant */ } }
  const ctx = makeContext(query, { tables: new Map(), ...(opts.now !== undefined ? { now: opts.now } : {}) });
  ctx.planner = planner;
  const runner = new Runner(ctx, env);
  const text = (root: import('./plan/nodes.js').PlanNode): string => planText(root, {
    query,
    planOf: (e) => planner.planOf(e),
    letOf: (n) => lets.get(n),
    ...(opts.scan ? { scanText: (n) => describeRequest(runner.requestOf(n), formatDatetime) } : {}),
  });
  const steps: RuleStep[] = [];
  if (opts.windowBatch) {
    const built = planner.build(last.expr);
    const wb = windowBatch(p.ast, built, { ...opts.windowBatch, build: (e) => planner.build(e) });
    if (!opts.verbose) return { ok: true, text: wb ? text(optimize(wb.plan)) : '(window-batch does not apply: one run per window)' };
    steps.push({ rule: 'initial', plan: built });
    if (!wb) return { ok: true, text: [`schema: ${schemaText(built.schema)}`, '== initial plan', text(built), `== after ${WINDOW_BATCH} (does not apply: one run per window)`, text(built)].join('\n') };
    steps.push({ rule: WINDOW_BATCH, plan: wb.plan });
    optimize(wb.plan, steps);
  } else {
    if (!opts.verbose) return { ok: true, text: text(planner.planOf(last.expr)) };
    planner.planOf(last.expr, steps);
  }
  const out: string[] = [`schema: ${schemaText(steps[0]!.plan.schema)}`];
  let prev = '';
  for (const s of steps) {
    const t = text(s.plan);
    out.push(s.rule === 'initial' ? '== initial plan' : `== after ${s.rule}${t === prev ? ' (unchanged)' : ''}`, t);
    prev = t;
  }
  return { ok: true, text: out.join('\n') };
}
