// `cloudhop hunt`: each hunting query shipped in docs/T1021.007/hunting/ runs through `hunt` on
// simulated data (three days, the attacks on the last) and answers rows; the seed's
// sync-account profile finds the Storm-0501 sync account's password reset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloudhop } from '../detect/cli.js';
import { ROOT } from '../helpers/shared.js';

const HUNTS = readdirSync(join(ROOT, 'docs/T1021.007/hunting')).filter((f) => f.endsWith('.yaml')).sort();
const NOW = '2026-11-18T00:00:00Z'; // simulate's default: the last simulated day is 2026-11-17

test('each hunting YAML in docs/T1021.007/hunting runs through hunt on simulated data', () => {
  const data = mkdtempSync(join(tmpdir(), 'cloudhop-hunt-'));
  const sim = cloudhop(['simulate', '--out', data, '--days', '3', '--scale', '3000', '--seed', '1', '--quiet']);
  assert.equal(sim.code, 0, sim.stderr);
  assert.ok(HUNTS.length >= 9, `${HUNTS.length} hunts`);
  const rows = new Map<string, number>();
  for (const f of HUNTS) {
    // By file (FILE.yaml) for one half, by name (the file stem) for the other: both ways resolve.
    const arg = HUNTS.indexOf(f) % 2 ? join(ROOT, 'docs/T1021.007/hunting', f) : f.replace(/\.yaml$/, '');
    const r = cloudhop(['hunt', arg, '--data', data, '--now', NOW, '--format', 'json']);
    assert.equal(r.code, 0, `${f}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /error/i, f);
    const out = JSON.parse(r.stdout) as { columns: unknown[]; rows: unknown[][] };
    assert.ok(out.columns.length > 0, f);
    rows.set(f, out.rows.length);
  }
  // Three days hold every attack the hunts look for except a dormant account (13 quiet days needed)
  // and CLI sign-ins without a CLI process: those two may answer no rows.
  const empty = [...rows].filter(([, n]) => n === 0).map(([f]) => f);
  assert.ok(empty.every((f) => /dormant-account|cli-app-signin-without-endpoint/.test(f)), `no rows: ${empty.join(', ')}`);
  const sync = cloudhop(['hunt', 'sync-account-profile', '--data', data, '--now', NOW, '--format', 'csv']);
  assert.match(sync.stdout, /^Sync_[^,]+,directory change,Reset user password,/m);
});
