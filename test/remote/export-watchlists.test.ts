// `export --sentinel` of the built-in pack writes every watchlist its rules and functions read
// (`_GetWatchlist('alias')`), so the exported templates deploy to a workspace where the rules'
// queries find them (docs/deploy.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cli } from './standin.ts';
import { ROOT } from '../helpers/shared.js';

test('every _GetWatchlist alias of the built-in rules and functions has its watchlist template', async () => {
  const pack = join(ROOT, 'rules/T1021.007');
  const texts = [...readdirSync(pack).filter((f) => f.endsWith('.yaml') && !f.endsWith('.tests.yaml') && f !== 'seed-verbatim.yaml').map((f) => join(pack, f)),
    ...readdirSync(join(pack, 'functions')).map((f) => join(pack, 'functions', f))].map((f) => readFileSync(f, 'utf8'));
  const used = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(/_GetWatchlist\(\s*['"]([^'"]+)['"]\s*\)/g)) used.add(m[1]!);
  assert.ok(used.size >= 3, `watchlists used: ${[...used].join(', ')}`);
  const out = mkdtempSync(join(tmpdir(), 'cloudhop-export-'));
  try {
    const r = await cli(['export', '--sentinel', out]);
    assert.equal(r.code, 0, r.err);
    const written = new Set(readdirSync(join(out, 'watchlists')).map((f) => f.replace(/\.json$/, '')));
    for (const alias of used) {
      assert.ok(written.has(alias), `watchlist ${alias} is read by a rule but not exported`);
      const res = JSON.parse(readFileSync(join(out, 'watchlists', `${alias}.json`), 'utf8')).resources[0];
      assert.equal(res.properties.watchlistAlias, alias);
      assert.equal(res.properties.rawContent, readFileSync(join(pack, 'watchlists', `${alias}.csv`), 'utf8'));
    }
  } finally { rmSync(out, { recursive: true, force: true }); }
});
