/** The shape of an optimizer rule: a named rewrite of a plan that keeps its output schema. */
import type { PlanNode } from '../nodes.js';

export interface OptimizerRule {
  /** Shown by `explain --verbose` and in schema-check failures. */
  readonly name: string;
  /** The rewritten plan (the same object when nothing applies). Never changes the root's schema. */
  apply(plan: PlanNode): PlanNode;
}
