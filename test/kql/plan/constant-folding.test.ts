// Golden plan text for the optimizer rule 'constant-folding' (src/kql/plan/rules/constant-folding.ts): query, the plan before the rule, after it.
import { test } from 'node:test';
import { checkRule, type RuleCase } from './golden.js';

const CASES: RuleCase[] = [
  {
    query: "T | where x > 60 * 60 and true | extend y = 2 * 3 + x, z = 7 / 2, w = 7.0 / 2",
    before: `
Extend [y = 2 * 3 + x, z = 7 / 2, w = 7.0 / 2]
  Filter x > 60 * 60 and true
    Table T scan: columns=*
`,
    after: `
Extend [y = 6 + x, z = 3, w = 3.5]
  Filter x > 3600
    Table T scan: columns=*
`,
  },
  {
    query: "T | where not(1 > 2) | where x > 1 / 0",
    before: `
Filter x > 1 / 0
  Filter not(1 > 2)
    Table T scan: columns=*
`,
    after: `
Filter x > 1 / 0
  Table T scan: columns=*
`,
  },
  {
    query: "T | where true | count",
    before: `
Count
  Filter true
    Table T scan: columns=*
`,
    after: `
Count
  Table T scan: columns=*
`,
  },
  {
    query: "T | where t > ago(2h * 2)",
    before: `
Filter t > ago(2h * 2)
  Table T scan: columns=*
`,
    after: `
Filter t > ago(2h * 2)
  Table T scan: columns=*
`,
  },
];

for (const c of CASES) test(`constant-folding: ${c.query}`, () => checkRule('constant-folding', c));
