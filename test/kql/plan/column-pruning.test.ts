// Golden plan text for the optimizer rule 'column-pruning' (src/kql/plan/rules/column-pruning.ts): query, the plan before the rule, after it.
import { test } from 'node:test';
import { checkRule, type RuleCase } from './golden.js';

const CASES: RuleCase[] = [
  {
    query: "T | extend a = strlen(s), b = x * 2, c = toupper(s) | where b > 2 | project x, a",
    before: `
Project [x, a]
  Extend [a = strlen(s), b = x * 2, c = toupper(s)] (after the filter)
    Filter (x * 2) > 2
      Table T scan: columns=*
`,
    after: `
Project [x, a]
  Extend [a = strlen(s)] (after the filter)
    Filter (x * 2) > 2
      Table T scan: columns=[x, s]
`,
  },
  {
    query: "T | join kind=leftouter (U | where x > 0) on x | project s, u",
    before: `
Project [s, u]
  HashJoin kind=leftouter on=[x]
    Table T scan: columns=*
    Filter x > 0
      Table U scan: columns=*
`,
    after: `
Project [s, u]
  HashJoin kind=leftouter on=[x]
    Table T scan: columns=*
    Filter x > 0
      Table U scan: columns=*
`,
  },
  {
    query: "T | summarize n = count() by s | where n > 1",
    before: `
Filter n > 1
  Aggregate aggs=[n = count()] by=[s]
    Table T scan: columns=*
`,
    after: `
Filter n > 1
  Aggregate aggs=[n = count()] by=[s]
    Table T scan: columns=[s]
`,
  },
  {
    query: "T | where x > 1 | project-away s",
    before: `
ProjectAway [s]
  Filter x > 1
    Table T scan: columns=*
`,
    after: `
ProjectAway [s]
  Filter x > 1
    Table T scan: columns=*
`,
  },
];

for (const c of CASES) test(`column-pruning: ${c.query}`, () => checkRule('column-pruning', c));
