// Golden plan text for the optimizer rule 'time-range' (src/kql/plan/rules/time-range.ts): query, the plan before the rule, after it.
import { test } from 'node:test';
import { checkRule, type RuleCase } from './golden.js';

const CASES: RuleCase[] = [
  {
    query: "T | where t > ago(1d) | project When = t, s | where When < ago(1h)",
    before: `
Project [When = t, s]
  Filter t < ago(1h)
    Filter t > ago(1d)
      Table T scan: columns=[t, s]
`,
    after: `
Project [When = t, s]
  Filter t < ago(1h)
    Filter t > ago(1d)
      Table T scan: columns=[t, s] time t in [2024-06-29T00:00:00.0000000Z .. 2024-06-29T23:00:00.0000000Z]
`,
  },
  {
    query: "T | extend t = t + 1d | where t > ago(1h)",
    before: `
Extend [t = t + 1d] (after the filter)
  Filter (t + 1d) > ago(1h)
    Table T scan: columns=*
`,
    after: `
Extend [t = t + 1d] (after the filter)
  Filter (t + 1d) > ago(1h)
    Table T scan: columns=*
`,
  },
  {
    query: "T | take 10 | where t > ago(1h)",
    before: `
Filter t > ago(1h)
  Limit n=10
    Table T scan: columns=*
`,
    after: `
Filter t > ago(1h)
  Limit n=10
    Table T scan: columns=*
`,
  },
  {
    query: "T | where t between (datetime(2024-06-01) .. 1d) | join (U) on x",
    before: `
HashJoin kind=innerunique on=[x]
  Filter t between (datetime(2024-06-01) .. 1d)
    Table T scan: columns=*
  Table U scan: columns=*
`,
    after: `
HashJoin kind=innerunique on=[x]
  Filter t between (datetime(2024-06-01) .. 1d)
    Table T scan: columns=* time t in [2024-06-01T00:00:00.0000000Z .. 2024-06-02T00:00:00.0000000Z]
  Table U scan: columns=*
`,
  },
  {
    query: "T | where t > ago(1h) or x == 1",
    before: `
Filter t > ago(1h) or x == 1
  Table T scan: columns=*
`,
    after: `
Filter t > ago(1h) or x == 1
  Table T scan: columns=*
`,
  },
];

for (const c of CASES) test(`time-range: ${c.query}`, () => checkRule('time-range', c));
