// The optimizer checks after each rule that the plan's output schema is unchanged
// (src/kql/plan/optimize.ts), and every rule keeps it on real plans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../src/kql/syntax/parser.js';
import { bind } from '../../../src/kql/binder/binder.js';
import { Planner } from '../../../src/kql/plan/planner.js';
import { buildPlan, schemaText } from '../../../src/kql/plan/build.js';
import { inputOf } from '../../../src/kql/plan/nodes.js';
import { optimize, SchemaChangedError, type RuleStep } from '../../../src/kql/plan/optimize.js';
import { RULES } from '../../../src/kql/plan/rules/index.js';
import { CATALOG } from './golden.js';

function planOf(query: string) {
  const p = parse(query);
  const last = p.ast.statements[p.ast.statements.length - 1]!;
  assert.equal(last.kind, 'QueryStmt');
  const planner = new Planner(bind(p.ast, CATALOG));
  return { planner, expr: (last as { expr: Parameters<Planner['planOf']>[0] }).expr };
}

test('a rule that changes the output schema is reported by name', () => {
  const { planner, expr } = planOf('T | project x, s');
  const built = buildPlan(expr, { schemaOf: (e) => planner.schemaOf(e), planOf: (e) => planner.planOf(e) });
  assert.equal(schemaText(built.schema), '(x:long, s:string)');
  const dropProject = { name: 'drop-project', apply: (n: typeof built) => inputOf(n) ?? n };
  assert.throws(() => optimize(built, undefined, [dropProject]),
    (e: unknown) => e instanceof SchemaChangedError && e.message === "optimizer rule 'drop-project' changed the plan's output schema from (x:long, s:string) to (x:long, s:string, t:datetime)");
});

test('every rule keeps the schema: the steps of a plan that all rules rewrite', () => {
  const { planner, expr } = planOf('T | extend a = strlen(s), b = x * (60 * 60) | project a, b, t | where b > 2 and t > ago(1h) | sort by a | take 3');
  const steps: RuleStep[] = [];
  planner.planOf(expr, steps);
  assert.deepEqual(steps.map((s) => s.rule), ['initial', ...RULES.map((r) => r.name)]);
  for (const s of steps) assert.equal(schemaText(s.plan.schema), '(a:long, b:long, t:datetime)', s.rule);
});
