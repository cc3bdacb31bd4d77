// Golden plan text for the optimizer rule 'filter-pushdown' (src/kql/plan/rules/filter-pushdown.ts): query, the plan before the rule, after it.
import { test } from 'node:test';
import { checkRule, type RuleCase } from './golden.js';

const CASES: RuleCase[] = [
  {
    query: "T | extend a = strlen(s), b = x * 2 | where b > 2 | project x, a",
    before: `
Project [x, a]
  Filter b > 2
    Extend [a = strlen(s), b = x * 2]
      Table T scan: columns=*
`,
    after: `
Project [x, a]
  Extend [a = strlen(s), b = x * 2] (after the filter)
    Filter (x * 2) > 2
      Table T scan: columns=*
`,
  },
  {
    query: "T | extend y = x + 1 | extend x = y * 10, z = y | where z > 2",
    before: `
Filter z > 2
  Extend [x = y * 10, z = y]
    Extend [y = x + 1]
      Table T scan: columns=*
`,
    after: `
Extend [y = x + 1, x = y * 10, z = y] (after the filter)
  Filter ((x + 1)) > 2
    Table T scan: columns=*
`,
  },
  {
    query: "T | project When = t, s | where When > ago(1h)",
    before: `
Filter When > ago(1h)
  Project [When = t, s]
    Table T scan: columns=*
`,
    after: `
Project [When = t, s]
  Filter t > ago(1h)
    Table T scan: columns=*
`,
  },
  {
    query: "T | project a = x, s | extend c = a + 1 | where c > 2",
    before: `
Filter c > 2
  Extend [c = a + 1]
    Project [a = x, s]
      Table T scan: columns=*
`,
    after: `
Extend [c = a + 1] (after the filter)
  Project [a = x, s]
    Filter (x + 1) > 2
      Table T scan: columns=*
`,
  },
  {
    query: "T | extend r = row_number() | where r > 2",
    before: `
Filter r > 2
  Extend [r = row_number()]
    Table T scan: columns=*
`,
    after: `
Filter r > 2
  Extend [r = row_number()]
    Table T scan: columns=*
`,
  },
  {
    query: "T | project a = x + 1 | where a > 2",
    before: `
Filter a > 2
  Project [a = x + 1]
    Table T scan: columns=*
`,
    after: `
Filter a > 2
  Project [a = x + 1]
    Table T scan: columns=*
`,
  },
  {
    query: "let k = 3; T | project x | where x > k",
    before: `
Filter x > k
  Project [x]
    Table T scan: columns=*
`,
    after: `
Filter x > k
  Project [x]
    Table T scan: columns=*
`,
  },
];

for (const c of CASES) test(`filter-pushdown: ${c.query}`, () => checkRule('filter-pushdown', c));
