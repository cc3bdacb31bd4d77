/**
 * The optimizer: runs the rules (./rules) in order over a plan. After each rule the root's output
 * schema must be the one before it (names, types, order): a rule that changed it is a bug in the
 * rule, reported as SchemaChangedError (never a silently different result).
 */
import type { PlanNode } from './nodes.js';
import { RULES, type OptimizerRule } from './rules/index.js';
import { sameSchema, schemaText } from './build.js';

export class SchemaChangedError extends Error {
  constructor(readonly rule: string, before: string, after: string) {
    super(`optimizer rule '${rule}' changed the plan's output schema from ${before} to ${after}`);
    this.name = 'SchemaChangedError';
  }
}

/** One step of `explain --verbose`: the plan after a rule. */
export interface RuleStep { readonly rule: string; readonly plan: PlanNode }

export function optimize(plan: PlanNode, trace?: RuleStep[], rules: readonly OptimizerRule[] = RULES): PlanNode {
  let p = plan;
  for (const r of rules) {
    const next = r.apply(p);
    if (!sameSchema(p.schema, next.schema)) throw new SchemaChangedError(r.name, schemaText(p.schema), schemaText(next.schema));
    trace?.push({ rule: r.name, plan: next });
    p = next;
  }
  return p;
}
