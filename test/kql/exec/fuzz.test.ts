// Robustness: mutated golden queries (inserted tokens, deletions, swapped slices) run against the
// cases' tables never throw, never hang and never end in an internal error (KQL599): bad input
// becomes a diagnostic with a place. 800 deterministic inputs here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT } from '../../helpers/shared.js';
import { listCases, buildTables, type GoldenCase } from '../golden.js';
import { execute } from '../../../src/kql/execute.js';

const WORDS = ['|', 'where', 'x', '(', ')', ',', '"a"', '1', 'null', 'dynamic([1])', 'summarize', 'by', 'count()', 'join', 'on',
  '$left.x', '==', 'and', 'or', '*', 'mv-expand', 'extend', 'project', 'sort', 'take', '0', '-1', 'todynamic("{")',
  'datetime(null)', 'union', 'T', 'let', ';', '=', 'toscalar(T)', '[', ']'];

test('executor fuzz: 800 mutated queries, no throw, no internal error, no hang', () => {
  let seed = 11;
  const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  const cases = listCases(join(ROOT, 'test/kql/cases')).map((f) => parseYaml(readFileSync(f, 'utf8')) as GoldenCase)
    .filter((c) => !/range \w+ from 1 to \d{6}/.test(c.query));
  const internal: string[] = [];
  for (let it = 0; it < 800; it++) {
    const c = cases[rnd(cases.length)]!;
    let q = c.query;
    for (let j = 0, m = 1 + rnd(3); j < m; j++) {
      const i = rnd(q.length + 1);
      const op = rnd(3);
      if (op === 0) q = q.slice(0, i) + ' ' + WORDS[rnd(WORDS.length)] + ' ' + q.slice(i);
      else if (op === 1) q = q.slice(0, i) + q.slice(i + 1 + rnd(5));
      else { const k = rnd(q.length + 1); q = q.slice(0, Math.min(i, k)) + q.slice(Math.max(i, k)).slice(0, 10) + q.slice(Math.min(i, k)); }
    }
    const t = Date.now();
    const r = execute(q, { tables: buildTables(c), timeoutMs: 5000 });
    assert.ok(Date.now() - t < 5000, `slow: ${q}`);
    if (!r.ok) {
      const d = r.diagnostics[0]!;
      if (d.code === 'KQL599') internal.push(`${d.message} :: ${q}`);
      assert.ok(d.line >= 1 && d.col >= 1, `diagnostic without a place: ${JSON.stringify(d)}`);
    }
  }
  assert.deepEqual(internal, []);
});
