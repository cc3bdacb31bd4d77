import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, statSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { simulate, SCENARIOS, ATTACK_NAMES, BENIGN_NAMES, SimulateError, type LabelsFile } from '../../src/simulate/index.js';
import { BUILTIN_TABLES } from '../../src/store/schemas/index.js';

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => { for (const n of readdirSync(d).sort()) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else out.push(p); } };
  walk(dir);
  return out;
}
function digest(dir: string): Map<string, string> {
  return new Map(files(dir).map((f) => [relative(dir, f), createHash('sha256').update(readFileSync(f)).digest('hex')]));
}
const tmp = (): string => mkdtempSync(join(tmpdir(), 'cloudhop-sim-test-'));
const SMALL = { days: 6, scale: 12_000 } as const;

test('same seed gives byte-identical output; different seed differs but is labelled alike', async () => {
  const [a, b, c] = [tmp(), tmp(), tmp()];
  try {
    const ra = await simulate({ out: a, seed: 11, ...SMALL });
    await simulate({ out: b, seed: 11, ...SMALL });
    const rc = await simulate({ out: c, seed: 12, ...SMALL });
    const da = digest(a), db = digest(b), dc = digest(c);
    assert.deepEqual([...da.keys()], [...db.keys()]);
    for (const [f, h] of da) assert.equal(db.get(f), h, `${f} differs between two runs of seed 11`);
    for (const [f, h] of da) if (f !== 'labels.json' || true) assert.notEqual(dc.get(f), h, `${f} is identical for seeds 11 and 12`);
    // Equally labelled: the same scenarios, kinds and label structure, every attack fully labelled.
    const la = ra.labels, lc = rc.labels;
    assert.deepEqual(la.scenarios.map((s) => [s.scenario, s.kind]), lc.scenarios.map((s) => [s.scenario, s.kind]));
    assert.deepEqual(la.scenarios.map((s) => s.scenario).sort(), SCENARIOS.map((s) => s.name).sort());
    for (const L of [la, lc]) {
      assert.equal(L.totalRows, 12_000);
      for (const s of L.scenarios) {
        // Benign actors may be workload identities only (a rotation automation) or addresses only.
        assert.ok(s.accounts.length > 0 || s.devices.length > 0 || (s.kind === 'benign' && s.cloudIdentities.length + s.ips.length > 0), `${s.scenario}: no labelled entities`);
        assert.ok(Object.values(s.rows).some((n) => (n ?? 0) > 0), `${s.scenario}: no rows`);
        if (s.kind === 'attack') {
          assert.ok(s.timeline.length >= 3, `${s.scenario}: timeline too short`);
          assert.ok(s.accounts.length > 0 && (s.ips.length > 0 || s.devices.length > 0), `${s.scenario}: needs an account and an IP or a device`);
          // Every attack ends on the attack day; only multi-day classes (low-and-slow) start before it.
          assert.ok(s.window.end >= L.attackDay.start && s.window.end < L.attackDay.end, `${s.scenario}: window ${s.window.start}..${s.window.end} does not end on the attack day`);
          assert.ok(s.window.start >= (s.class === 'low-and-slow' ? L.start : L.attackDay.start), `${s.scenario}: window starts ${s.window.start}`);
          assert.ok(s.class.length > 0, `${s.scenario}: no class`);
        }
      }
    }
    // Names come from the seed: the two tenants share almost no accounts, hosts or networks.
    const ids = (L: LabelsFile): Set<string> => new Set(L.scenarios.flatMap((s) => [...s.accounts, ...s.devices, ...s.ips]));
    const ia = ids(la), ic = ids(lc);
    const shared = [...ia].filter((x) => ic.has(x));
    assert.ok(shared.length <= ia.size * 0.05, `seeds 11 and 12 share ${shared.length} of ${ia.size} labelled identifiers: ${shared.slice(0, 5).join(', ')}`);
    assert.notEqual(la.tenant.domain, lc.tenant.domain);
  } finally { for (const d of [a, b, c]) rmSync(d, { recursive: true, force: true }); }
});

test('rows use the built-in schemas: known column names, ResultType strings, dynamic vs string shapes', async () => {
  const d = tmp();
  try {
    const r = await simulate({ out: d, seed: 5, days: 4, scale: 6000 });
    for (const f of r.labels.files) {
      const table = f.replace(/\.jsonl$/, '');
      const schema = BUILTIN_TABLES.get(table);
      assert.ok(schema, `unknown table file ${f}`);
      const types = new Map(schema.columns.map((c) => [c.name, c.type]));
      const lines = readFileSync(join(d, f), 'utf8').trimEnd().split('\n');
      assert.equal(lines.length, r.labels.tables[table]);
      let prev = '';
      for (const line of lines.slice(0, 3000)) {
        const row = JSON.parse(line) as Record<string, unknown>;
        for (const k of Object.keys(row)) assert.ok(types.has(k), `${table}: column ${k} is not in the schema`);
        const t = String(row.TimeGenerated);
        assert.match(t, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        assert.ok(table === 'GCPAuditLogs' || t >= prev, `${table}: rows out of time order`);
        prev = t;
        for (const [k, v] of Object.entries(row)) {
          const ty = types.get(k)!;
          if (v === null) continue;
          if (ty === 'string') assert.equal(typeof v, 'string', `${table}.${k} should be a string`);
          if (ty === 'bool') assert.equal(typeof v, 'boolean', `${table}.${k} should be a bool`);
          if (ty === 'long' || ty === 'int' || ty === 'real') assert.equal(typeof v, 'number', `${table}.${k} should be a number`);
        }
        if (table === 'SigninLogs') { assert.equal(typeof row.LocationDetails, 'object'); assert.equal(typeof row.Status, 'object'); assert.equal(typeof row.DeviceDetail, 'object'); }
        if (table === 'AADNonInteractiveUserSignInLogs') { assert.equal(typeof row.LocationDetails, 'string'); JSON.parse(row.LocationDetails as string); }
        if (table === 'DeviceProcessEvents') assert.equal(row.Timestamp, row.TimeGenerated);
      }
    }
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test('every variant of every attack generates a labelled timeline inside the attack day', async () => {
  const attacks = SCENARIOS.filter((s) => s.kind === 'attack');
  const maxV = Math.max(...attacks.map((s) => s.variants.length));
  for (let i = 0; i < maxV; i++) {
    const d = tmp();
    try {
      const sel = attacks.map((s) => `${s.name}:${s.variants[i % s.variants.length]}`);
      const r = await simulate({ out: d, seed: 100 + i, days: 3, scale: 1500, scenarios: [...sel, 'benign'] });
      for (const s of r.labels.scenarios.filter((x) => x.kind === 'attack')) {
        const want = attacks.find((a) => a.name === s.scenario)!.variants[i % attacks.find((a) => a.name === s.scenario)!.variants.length];
        assert.equal(s.variant, want);
        assert.ok(s.timeline.length >= 3, `${s.scenario}:${s.variant} timeline has ${s.timeline.length} steps`);
        const last = s.timeline[s.timeline.length - 1]!.time;
        assert.ok(last >= r.labels.attackDay.start && last < r.labels.attackDay.end, `${s.scenario}:${s.variant} does not end on the attack day`);
        if (s.class !== 'low-and-slow') assert.ok(s.timeline.every((t) => t.time >= r.labels.attackDay.start && t.time < r.labels.attackDay.end), `${s.scenario}:${s.variant} steps outside the attack day`);
      }
    } finally { rmSync(d, { recursive: true, force: true }); }
  }
});

test('scenario selection: names, variants, groups; bad input is a SimulateError', async () => {
  const d = tmp();
  try {
    const r = await simulate({ out: d, seed: 3, days: 3, scale: 2000, scenarios: ['token-theft-replay:gcloud-token', 'travel'] });
    assert.deepEqual(r.labels.scenarios.map((s) => `${s.scenario}:${s.variant}`), ['token-theft-replay:gcloud-token', 'travel:default']);
    const n = await simulate({ out: d, seed: 3, days: 3, scale: 2000, scenarios: ['none'] });
    assert.equal(n.labels.scenarios.length, 0);
    assert.equal(n.labels.totalRows, 2000);
    // Smallest run: two days, no background; every scenario still present and labelled.
    const z = await simulate({ out: d, seed: 3, days: 2, scale: 0 });
    assert.equal(z.labels.scenarios.length, SCENARIOS.length);
    assert.equal(z.labels.totalRows, z.labels.scenarios.reduce((x, s) => x + Object.values(s.rows).reduce((y, n) => y + (n ?? 0), 0), 0));
    for (const s of z.labels.scenarios.filter((x) => x.kind === 'attack')) assert.ok(s.timeline.length >= 3, s.scenario);
    await assert.rejects(simulate({ out: d, scenarios: ['apt30'] }), SimulateError);
    await assert.rejects(simulate({ out: d, scenarios: ['apt29-synced-admin:nope'] }), SimulateError);
    await assert.rejects(simulate({ out: d, days: 0 }), SimulateError);
    await assert.rejects(simulate({ out: d, scale: -1 }), SimulateError);
    assert.deepEqual(ATTACK_NAMES, ['apt29-synced-admin', 'storm0501-entra-connect', 'scattered-spider-ec2-creds', 'token-theft-replay', 'federated-console-sso',
      'mfa-fatigue-device', 'session-replay', 'low-and-slow', 'sp-credential-abuse', 'aws-federation-persistence']);
    assert.deepEqual(BENIGN_NAMES, ['devops-cli', 'cicd-agents', 'paw-admins', 'multicloud-monitoring', 'hybrid-agents', 'travel', 'vpn-users', 'risk-remediated',
      'egress-change', 'devops-token-print', 'app-secret-rotation', 'announced-pentest', 'new-hires', 'reimaged-devices', 'vpn-travellers', 'cloud-proxy',
      'helpdesk-password-resets', 'mfa-registration-drive']);
    await assert.rejects(simulate({ out: d, days: 5, egressChangeDay: 5 }), SimulateError);
  } finally { rmSync(d, { recursive: true, force: true }); }
});
