// Golden plan text for the optimizer rule 'topn' (src/kql/plan/rules/topn.ts): query, the plan before the rule, after it.
import { test } from 'node:test';
import { checkRule, type RuleCase } from './golden.js';

const CASES: RuleCase[] = [
  {
    query: "T | sort by x asc | take 2 | project s",
    before: `
Project [s]
  Limit n=2
    Sort by=[x asc nulls first]
      Table T scan: columns=*
`,
    after: `
Project [s]
  TopN n=2 by=[x asc nulls first] (sort | take)
    Table T scan: columns=*
`,
  },
  {
    query: "T | top 3 by x",
    before: `
TopN n=3 by=[x desc nulls last]
  Table T scan: columns=*
`,
    after: `
TopN n=3 by=[x desc nulls last]
  Table T scan: columns=*
`,
  },
  {
    query: "T | sort by x | where x > 1 | take 2",
    before: `
Limit n=2
  Filter x > 1
    Sort by=[x desc nulls last]
      Table T scan: columns=*
`,
    after: `
Limit n=2
  Filter x > 1
    Sort by=[x desc nulls last]
      Table T scan: columns=*
`,
  },
  {
    query: "T | take 5 | sort by x",
    before: `
Sort by=[x desc nulls last]
  Limit n=5
    Table T scan: columns=*
`,
    after: `
Sort by=[x desc nulls last]
  Limit n=5
    Table T scan: columns=*
`,
  },
];

for (const c of CASES) test(`topn: ${c.query}`, () => checkRule('topn', c));
