// Fixture pairs: test/fixtures/ingest/pairs/<case>/input/ → expected.json (every non-empty value
// of every row, the types, the quarantine). One case per reader and naming rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTables } from '../../src/ingest/load.js';
import { snapshot, type Snapshot } from './snapshot.js';
import { ROOT } from '../helpers/shared.js';

const base = join(ROOT, 'test/fixtures/ingest/pairs');

for (const c of readdirSync(base).sort()) {
  test(`ingest fixture ${c}`, async () => {
    const expected = JSON.parse(readFileSync(join(base, c, 'expected.json'), 'utf8')) as Snapshot;
    const { tables, report } = await loadTables([join(base, c, 'input')]);
    const got = snapshot(tables, report);
    assert.deepEqual(Object.keys(got.tables), Object.keys(expected.tables), 'tables');
    for (const [name, exp] of Object.entries(expected.tables)) {
      const g = got.tables[name]!;
      assert.equal(g.rowCount, exp.rowCount, `${name} rows`);
      assert.deepEqual(g.types, exp.types, `${name} types`);
      exp.rows.forEach((r, i) => assert.deepEqual(g.rows[i], r, `${name} row ${i}`));
    }
    assert.deepEqual(got.quarantine, expected.quarantine);
    for (const t of report.tables) assert.equal(t.read, t.ingested + t.quarantined);
  });
}
