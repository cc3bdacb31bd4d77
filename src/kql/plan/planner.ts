/**
 * The plans of one query: the binder's result (schemas) and one optimized plan per tabular syntax
 * node, built on first use and kept (a prepared query keeps its Planner across runs, so nothing is
 * bound or planned twice). Nested tabular expressions (join right sides, union legs, sub-queries,
 * let-bound tables, function bodies) are planned here too when the runner first reaches them.
 */
import type * as A from '../syntax/ast.js';
import type { BindResult } from '../binder/binder.js';
import { buildPlan } from './build.js';
import type { PlanNode, Plans, Schema } from './nodes.js';
import { optimize, type RuleStep } from './optimize.js';

export class Planner implements Plans {
  private readonly plans = new WeakMap<A.Expr, PlanNode>();
  /**
   * `given`: plans a rewrite made for some expressions (window-batch), used instead of building
   * them; the rest is built from `bound` as usual.
   */
  constructor(readonly bound?: BindResult, private readonly given?: ReadonlyMap<A.Expr, PlanNode>) {}

  /** The plan of a tabular expression as built (not optimized): a rewrite's input. Nested plans are the optimized ones. */
  build(e: A.Expr): PlanNode {
    return buildPlan(e, { schemaOf: (x) => this.schemaOf(x), planOf: (x) => this.planOf(x) });
  }

  /** A planner over the same bind that runs `plans` for their expressions (no bind again). */
  withPlans(plans: ReadonlyMap<A.Expr, PlanNode>): Planner { return new Planner(this.bound, plans); }

  schemaOf(e: A.Node): Schema { return this.bound?.tables.get(e); }

  /** The optimized plan of a tabular expression; `trace` (explain --verbose) gets the plan after each rule. */
  planOf(e: A.Expr, trace?: RuleStep[]): PlanNode {
    const given = this.given?.get(e);
    if (given) return given;
    let p = trace ? undefined : this.plans.get(e);
    if (!p) {
      const built = this.build(e);
      trace?.push({ rule: 'initial', plan: built });
      p = optimize(built, trace);
      this.plans.set(e, p);
    }
    return p;
  }
}
