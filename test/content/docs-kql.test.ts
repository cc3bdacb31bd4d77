/**
 * Every KQL block of docs/T1021.007 (investigation guide, playbook, tuning guide, coverage) and every
 * hunt in docs/T1021.007/hunting runs on cloudhop, without error, against a simulated tenant
 * (15 days: 14 of history and the attack day), with now() at the end of the simulated span.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { simulate } from '../../src/simulate/index.js';
import { loadTables } from '../../src/ingest/load.js';
import { loadEngine, loadPack, loadWatchlistDir, watchlistProvider } from '../../src/detect/index.js';
import { ROOT } from '../helpers/shared.js';
import type { Table } from '../../src/kql/data/column.js';
import { docQueries } from './doc-queries.js';

let dir = '';
let tables: Map<string, Table>;
let now: Date;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cloudhop-docs-'));
  const { labels } = await simulate({ out: dir, seed: 3, days: 15, scale: 30_000 });
  tables = (await loadTables(labels.files.map((f) => join(dir, f)))).tables;
  now = new Date(labels.end);
});

after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test('every documentation and hunting query runs on the simulated tenant', async () => {
  const engine = await loadEngine();
  // The pack's stored functions and watchlists, as deployed beside the rules (docs/T1021.007/network-context.md).
  const pack = loadPack([join(ROOT, 'rules', 'T1021.007')]);
  const watchlists = watchlistProvider(...pack.watchlistDirs.map((d) => loadWatchlistDir(d, [])));
  const qs = docQueries();
  assert.ok(qs.length >= 20, `only ${qs.length} queries found`);
  const failures: string[] = [];
  let withRows = 0;
  for (const { where, query } of qs) {
    const out = await engine.execute(query, { tables, now, functions: pack.functions, watchlists });
    if (!out.ok) failures.push(`${where}: ${out.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`).join('; ')}`);
    else if (out.result.rows.length > 0) withRows++;
  }
  assert.deepEqual(failures, []);
  // The hunts and the generic questions find something on a tenant with attacks in it.
  assert.ok(withRows >= 8, `only ${withRows} of ${qs.length} queries returned rows`);
});
