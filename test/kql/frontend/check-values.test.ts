// check reports, without running the query, what the executor refuses at run time: a pattern
// reference no `declare pattern` mapping matches (KQL102), reduce's threshold outside 0..1 and
// plugin argument values (KQL200) — each at its place, with the executor's code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../../src/kql/index.js';

const errors = (q: string): string[] => check(q).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.line}:${d.col} ${d.message}`);

const CASES: [string, string[]][] = [
  ['declare pattern p;\np("a")', [`KQL102 2:1 One or more pattern references were not declared. Detected pattern references: ["p('a')"]`]],
  ['declare pattern app = (id:string)[ev:string] { ("X").["Stop"] = { print x = 1 }; };\napp("X").["*"]', [`KQL102 2:1 One or more pattern references were not declared. Detected pattern references: ["app('X').['*']"]`]],
  ['declare pattern app = (id:string)[ev:string] { ("X").["Stop"] = { print x = 1 }; };\napp("X").["Stop"]', []],
  ['declare pattern app = (id:string) { ("X") = { print x = 1 }; };\napp(strcat("X", ""))', []], // not a literal: not judged here
  ['range x from 1 to 3 step 1 | project s = tostring(x) | reduce by s with threshold=2', ['KQL200 1:83 reduce: threshold must be between 0 and 1 (got 2).']],
  ['range x from 1 to 3 step 1 | project s = tostring(x) | reduce by s with threshold=0.5', []],
  ['datatable(lon:real, lat:real)[1.0, 2.0] | evaluate geo_line_lookup(datatable(k:dynamic)[dynamic(null)], k, lon, lat)', ['KQL200 1:52 geo_line_lookup: needs a radius in meters.']],
  ['datatable(lon:real, lat:real)[1.0, 2.0] | evaluate geo_polygon_lookup(datatable(k:dynamic)[dynamic(null)], k, lon, lat, -5)', ['KQL200 1:121 geo_polygon_lookup: radius must be 0 or more meters.']],
  ['range x from 1 to 5 step 1 | evaluate rolling_percentile(x, 50, x, 0, 3)', ['KQL200 1:68 rolling_percentile: BinSize must be positive.']],
  ['range x from 1 to 5 step 1 | evaluate rolling_percentile(x, 50, x, 1, 0)', ['KQL200 1:71 rolling_percentile: BinsToLookBack must be at least 1.']],
  ['range x from 1 to 5 step 1 | evaluate rolling_percentile(x, 50, x, 1, 3)', []],
];

for (const [q, want] of CASES) test(`check: ${q.replace(/\n/g, ' ⏎ ').slice(0, 90)}`, () => assert.deepEqual(errors(q), want));
