/**
 * The scale benchmark (bench/scale.ts) compares cloudhop with DuckDB on queries written twice, in
 * KQL and in SQL: its ratios mean something only if both spellings return the same rows. This test
 * runs them on a small tenant from the bench's own generator (two days) through the real loader
 * and engine and an in-memory DuckDB, and compares the canonical row keys the bench compares.
 * It also checks that every generated file is recognised by name and read without quarantine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadTables } from '../../src/ingest/load.js';
import { execute } from '../../src/kql/execute.js';
import { writeTenant, START, DAY_MS, HOUR_MS } from '../../bench/scale/tenant.js';
import { scaleQueries, QUERY_NAMES, keysOf, sqlKeys } from '../../bench/scale/queries.js';

const SEED_KQL = readFileSync(fileURLToPath(new URL('../kql/exec/fixtures/T1021.007-seed.kql', import.meta.url)), 'utf8');

test('scale bench: generated tenant loads cleanly and every query agrees with its DuckDB spelling', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-scale-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const days = 2, perDay = 6000, signins = 1500;
  const g = writeTenant({ dir, days, processPerDay: perDay, signinsPerDay: signins, seed: 11 });
  assert.equal(g.rows, days * (perDay + signins));
  assert.deepEqual(readdirSync(dir).sort(), ['DeviceProcessEvents_day01.jsonl', 'DeviceProcessEvents_day02.jsonl', 'SigninLogs_day01.jsonl', 'SigninLogs_day02.jsonl']);

  const { tables, report } = await loadTables([dir], { threads: 1 });
  assert.equal(report.quarantined, 0);
  assert.equal(tables.get('DeviceProcessEvents')?.rowCount, days * perDay);
  assert.equal(tables.get('SigninLogs')?.rowCount, days * signins);

  const end = START + days * DAY_MS;
  const { KQL, SQL } = scaleQueries({ seedKql: SEED_KQL, endMs: end, windowMs: START + DAY_MS + 10 * HOUR_MS });
  const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
  const con = await inst.connect();
  t.after(() => { con.closeSync(); inst.closeSync(); });
  for (const name of ['DeviceProcessEvents', 'SigninLogs']) await con.run(`CREATE TABLE ${name} AS SELECT * FROM read_json_auto('${dir}/${name}_day*.jsonl')`);

  for (const q of QUERY_NAMES) {
    const o = execute(KQL[q], { tables, now: end * 10_000 });
    assert.ok(o.ok, `${q}: ${o.ok ? '' : JSON.stringify(o.diagnostics)}`);
    const names = o.result.columns.map((c) => c.name);
    const ours = keysOf(q, o.result.rows.map((r) => Object.fromEntries(names.map((n, j) => [n, r[j]])))).sort();
    const theirs = sqlKeys(q, (await con.runAndReadAll(SQL[q])).getRowObjectsJS() as Record<string, unknown>[]).sort();
    assert.deepEqual(ours, theirs, `${q}: cloudhop and DuckDB differ`);
    // Not vacuous: every query finds rows in this tenant (the cloud CLI terms are rare but present).
    assert.ok(ours.length > 0, `${q}: no rows`);
  }
});
