import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTenant3 } from '../../scripts/tenant3/gen.js';
import { loadTables } from '../../src/ingest/load.js';

// The class lists of issue 11 (/work/briefs/classes.md): every one must be labelled in every seed.
const ATTACK_CLASSES = ['mfa-fatigue-device', 'session-replay', 'aws-federation-persistence', 'sp-credential-abuse', 'low-and-slow', 'cloud-cli-unusual-host', 'impossible-travel', 'sync-account', 'ec2-instance-creds', 'gcp-keys', 'other'];
const BENIGN_CLASSES = ['egress-change', 'devops-token-print', 'app-secret-rotation', 'announced-pentest', 'new-hires', 'reimaged-devices', 'vpn-travellers', 'cloud-proxy', 'helpdesk-password-resets', 'mfa-registration-drive', 'risk-remediated'];
const OWN_BENIGN = ['conference-wifi', 'ci-runner-migration', 'break-glass-test', 'personal-vpn'];

interface Labels { generator: string; seed: number; files: string[]; tables: Record<string, number>; totalRows: number; scenarios: { kind: string; class: string; variant: string; window: { start: string }; accounts: string[]; ips: string[]; rows: Record<string, number> }[]; start: string }
const digest = (dir: string, files: string[]): string => { const h = createHash('sha256'); for (const f of files) h.update(f).update(readFileSync(join(dir, f))); return h.digest('hex'); };
// Small organisations keep the test quick; the full size is the CLI default.
const OPTS = { users: 60 };

test('tenant3: same seed gives byte-identical files; another seed another organisation', async () => {
  const a = mkdtempSync(join(tmpdir(), 't3a-')), b = mkdtempSync(join(tmpdir(), 't3b-')), c = mkdtempSync(join(tmpdir(), 't3c-'));
  try {
    await generateTenant3(a, 7, OPTS);
    await generateTenant3(b, 7, OPTS);
    await generateTenant3(c, 8, OPTS);
    const la = JSON.parse(readFileSync(join(a, 'labels.json'), 'utf8')) as Labels & { tenant: { domain: string } };
    const lc = JSON.parse(readFileSync(join(c, 'labels.json'), 'utf8')) as Labels & { tenant: { domain: string } };
    assert.deepEqual(JSON.parse(readFileSync(join(b, 'labels.json'), 'utf8')).files, la.files);
    assert.equal(digest(b, [...la.files, 'labels.json']), digest(a, [...la.files, 'labels.json']));
    assert.notEqual(digest(c, lc.files), digest(a, la.files));
    assert.notDeepEqual(lc.scenarios.map((s) => s.ips), la.scenarios.map((s) => s.ips));
  } finally { for (const d of [a, b, c]) rmSync(d, { recursive: true, force: true }); }
});

test('tenant3: every class is labelled, after day 14, and every file ingests with nothing quarantined', async () => {
  const dir = mkdtempSync(join(tmpdir(), 't3-'));
  try {
    await generateTenant3(dir, 3, OPTS);
    const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Labels;
    assert.equal(labels.generator, 'tenant3');
    const classes = (kind: string): string[] => [...new Set(labels.scenarios.filter((s) => s.kind === kind).map((s) => s.class))].sort();
    assert.deepEqual(classes('attack'), [...ATTACK_CLASSES].sort());
    assert.deepEqual(classes('benign'), [...BENIGN_CLASSES, ...OWN_BENIGN].sort());
    const day14 = Date.parse(labels.start) + 14 * 86400000;
    for (const s of labels.scenarios.filter((x) => x.kind === 'attack')) {
      assert.ok(Date.parse(s.window.start) >= day14, `${s.class} starts after 14 days of history`);
      assert.ok(s.accounts.length + s.ips.length > 0, `${s.class} names what it touched`);
    }
    const { report } = await loadTables([dir]);
    assert.equal(report.quarantined, 0, JSON.stringify(report.quarantine.slice(0, 3)));
    const read = Object.fromEntries(report.tables.filter((t) => t.table !== 'labels').map((t) => [t.table, t.ingested]));
    assert.deepEqual(read, labels.tables);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
