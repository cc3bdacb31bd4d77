// Writes expected.json beside each fixture's input/ from the current reader output.
// Run by hand (`npx tsx test/ingest/regen-fixtures.mts [case...]`), then REVIEW the diff: an
// expectation is only worth something once a person has checked it against the input.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTables } from '../../src/ingest/load.js';
import { snapshot } from './snapshot.js';
import { ROOT } from '../helpers/shared.js';

const base = join(ROOT, 'test/fixtures/ingest/pairs');
const only = process.argv.slice(2);
for (const c of readdirSync(base).sort()) {
  if (only.length && !only.includes(c)) continue;
  const { tables, report } = await loadTables([join(base, c, 'input')]);
  writeFileSync(join(base, c, 'expected.json'), JSON.stringify(snapshot(tables, report), null, 1) + '\n');
  console.log(c, [...tables].map(([n, t]) => `${n}:${t.rowCount}`).join(' '), `q=${report.quarantined}`);
}
