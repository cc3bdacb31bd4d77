// The hold-out generator: deterministic per seed, every classes.md class labelled, labels that
// point at rows that exist, files that ingest without quarantine; and the scorer runs the pack
// over the whole span with well-formed figures (printed, not gated: they steer the rule pack).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHoldout, type LabelsFile } from '../../scripts/holdout/gen.js';
import { scoreSeed, formatFigures, mentions } from '../../scripts/holdout/score.js';
import { loadTables } from '../../src/ingest/load.js';

const ATTACK_CLASSES = ['mfa-fatigue-device', 'session-replay', 'aws-federation-persistence', 'sp-credential-abuse', 'low-and-slow', 'cloud-cli-unusual-host', 'impossible-travel', 'sync-account', 'ec2-instance-creds', 'gcp-keys', 'other'];
const BENIGN_CLASSES = ['egress-change', 'devops-token-print', 'app-secret-rotation', 'announced-pentest', 'new-hires', 'reimaged-devices', 'vpn-travellers', 'cloud-proxy', 'helpdesk-password-resets', 'mfa-registration-drive', 'risk-remediated'];
// Log Analytics columns of AADServicePrincipalSignInLogs (shared/schemas/la-tables.json, without the _Billed* system columns)
const SP_COLUMNS = ['AADTenantId', 'Agent', 'AppId', 'AppOwnerTenantId', 'AuthenticationContextClassReferences', 'AuthenticationProcessingDetails', 'AutonomousSystemNumber', 'Category', 'ClientCredentialType', 'ConditionalAccessAudiences', 'ConditionalAccessPolicies', 'ConditionalAccessStatus', 'CorrelationId', 'CreatedDateTime', 'DurationMs', 'FederatedCredentialId', 'Id', 'Identity', 'IPAddress', 'Level', 'Location', 'LocationDetails', 'NetworkLocationDetails', 'OperationName', 'OperationVersion', 'ResourceDisplayName', 'ResourceGroup', 'ResourceIdentity', 'ResourceOwnerTenantId', 'ResourceServicePrincipalId', 'ResultDescription', 'ResultSignature', 'ResultType', 'ServicePrincipalCredentialKeyId', 'ServicePrincipalCredentialThumbprint', 'ServicePrincipalId', 'ServicePrincipalName', 'SessionId', 'SourceSystem', 'TenantId', 'TimeGenerated', 'Type', 'UniqueTokenIdentifier', 'UserAgent'];

const tmp = (p: string): string => mkdtempSync(join(tmpdir(), p));
const readAll = (dir: string): Record<string, string> => Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.jsonl') || f === 'labels.json').map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

test('hold-out generator: the same seed gives the same files byte for byte, another seed does not', () => {
  const a = tmp('ho-a-'), b = tmp('ho-b-'), c = tmp('ho-c-');
  try {
    const la = generateHoldout(a, 11, { users: 40, days: 18 });
    // a short span (the option for fewer days) still holds every attack class, after day 14
    assert.deepEqual([...new Set(la.scenarios.filter((s) => s.kind === 'attack').map((s) => s.class))].sort(), [...ATTACK_CLASSES].sort());
    for (const s of la.scenarios.filter((x) => x.kind === 'attack')) assert.ok(s.window.start >= new Date(Date.parse(la.start) + 14 * 86400000).toISOString(), s.scenario);
    generateHoldout(b, 11, { users: 40, days: 18 });
    generateHoldout(c, 12, { users: 40, days: 18 });
    const fa = readAll(a), fb = readAll(b), fc = readAll(c);
    assert.deepEqual(Object.keys(fa).sort(), Object.keys(fb).sort());
    for (const k of Object.keys(fa)) assert.equal(fa[k], fb[k], `${k} differs between two runs of seed 11`);
    assert.notEqual(fa['SigninLogs.jsonl'], fc['SigninLogs.jsonl']);
    assert.equal(readFileSync(join(a, '_watchlists', 'AuthorizedPentest.csv'), 'utf8'), readFileSync(join(b, '_watchlists', 'AuthorizedPentest.csv'), 'utf8'));
  } finally { for (const d of [a, b, c]) rmSync(d, { recursive: true, force: true }); }
});

test('hold-out generator: bad options are refused with the limit named', () => {
  assert.throws(() => generateHoldout(join(tmpdir(), 'ho-never'), 1, { days: 0 }), /days must be an integer in 2\.\.90, got 0/);
  assert.throws(() => generateHoldout(join(tmpdir(), 'ho-never'), 1, { users: 5 }), /users must be an integer in 40\.\.2000, got 5/);
});

for (const seed of [1, 2, 3]) {
  test(`hold-out seed ${seed}: 30 days, every classes.md class labelled, labels point at real rows, files ingest cleanly`, async () => {
    const dir = tmp(`ho-s${seed}-`);
    try {
      const lf: LabelsFile = generateHoldout(dir, seed, { users: 40 });
      const onDisk = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as LabelsFile;
      assert.deepEqual(onDisk, lf, 'labels.json is what generateHoldout returns');
      assert.equal(lf.generator, 'holdout'); assert.equal(lf.seed, seed); assert.equal(lf.days, 30);
      const spanDays = (Date.parse(lf.end) - Date.parse(lf.start)) / 86400000;
      assert.ok(spanDays >= 30 && spanDays < 30.5, `span ${lf.start}..${lf.end}`);
      assert.deepEqual([...new Set(lf.scenarios.filter((s) => s.kind === 'attack').map((s) => s.class))].sort(), [...ATTACK_CLASSES].sort());
      assert.deepEqual([...new Set(lf.scenarios.filter((s) => s.kind === 'benign').map((s) => s.class))].filter((c) => c !== 'other').sort(), [...BENIGN_CLASSES].sort());
      assert.ok(lf.scenarios.some((s) => s.kind === 'attack' && s.class === 'session-replay' && Object.keys(s.rows).join() === 'AADNonInteractiveUserSignInLogs'), 'a session replay seen only in the non-interactive log');
      // attacks after the 14-day baseline, on several days
      const attacks = lf.scenarios.filter((s) => s.kind === 'attack');
      const base = Date.parse(lf.start) + 14 * 86400000;
      for (const s of attacks) assert.ok(Date.parse(s.window.start) >= base, `${s.scenario} starts after the baseline`);
      assert.ok(new Set(attacks.map((s) => s.window.start.slice(0, 10))).size >= 8, 'attacks spread over at least 8 days');
      assert.equal(lf.attackDay.start, attacks.map((s) => s.window.start).sort()[0]!.slice(0, 10) + 'T00:00:00.000Z');
      // every label: a window inside the span, rows, identifiers that occur in its tables
      const text: Record<string, string> = {};
      for (const f of lf.files) text[f.replace('.jsonl', '')] = readFileSync(join(dir, f), 'utf8').toLowerCase();
      const all = Object.values(text).join('\n');
      const egress = new Set<string>();
      for (const s of lf.scenarios) {
        assert.ok(s.window.start && s.window.start <= s.window.end && s.window.start >= lf.start && s.window.end <= lf.end, `${s.scenario} window ${s.window.start}..${s.window.end}`);
        assert.ok(Object.values(s.rows).reduce((a, b) => a + b, 0) > 0 && s.timeline.length > 0, `${s.scenario} has rows`);
        const ids = [...s.accounts, ...s.devices, ...s.ips, ...s.cloudIdentities];
        assert.ok(ids.length > 0, `${s.scenario} has identifiers`);
        for (const x of ids) assert.ok(all.includes(x.toLowerCase()), `${s.scenario}: identifier ${x} occurs in the logs`);
        if (s.class === 'egress-change') s.ips.forEach((ip) => egress.add(ip));
      }
      for (const s of attacks) for (const ip of s.ips) assert.ok(!egress.has(ip), `${s.scenario} does not list the org's egress ${ip}`);
      assert.ok(lf.totalRows > 10000 && lf.totalRows <= 400000, `rows ${lf.totalRows}`);
      // the SP sign-in table uses the Log Analytics column names
      const spRow = JSON.parse(readFileSync(join(dir, 'AADServicePrincipalSignInLogs.jsonl'), 'utf8').split('\n')[0]!) as Record<string, unknown>;
      assert.deepEqual(Object.keys(spRow).sort(), [...SP_COLUMNS].sort());
      // column conventions of the built-in tables
      const si = JSON.parse(readFileSync(join(dir, 'SigninLogs.jsonl'), 'utf8').split('\n')[0]!);
      assert.equal(typeof si.LocationDetails, 'object'); assert.equal(typeof si.ResultType, 'string'); assert.match(si.AutonomousSystemNumber, /^[1-9]\d*$/);
      const ni = JSON.parse(readFileSync(join(dir, 'AADNonInteractiveUserSignInLogs.jsonl'), 'utf8').split('\n')[0]!);
      assert.equal(typeof ni.LocationDetails, 'string'); assert.equal(typeof ni.DeviceDetail, 'string');
      // every table file ingests, nothing quarantined. The files are named (lf.files): a folder load
      // would also read labels.json as a table 'labels' (the loader reads every *.json); _watchlists/ is
      // skipped by the loader (leading '_'). AADServicePrincipalSignInLogs / AADManagedIdentitySignInLogs
      // may not be built-in tables yet: they then load as inferred tables, which must still quarantine nothing.
      const { tables, report } = await loadTables(lf.files.map((f) => join(dir, f)));
      assert.equal(report.quarantined, 0, JSON.stringify(report.quarantine.slice(0, 3)));
      for (const [t, n] of Object.entries(lf.tables)) assert.equal(tables.get(t)?.rowCount, n, `${t} rows ingested`);
      assert.deepEqual([...tables.keys()].sort(), Object.keys(lf.tables).sort());
      assert.ok(existsSync(join(dir, '_watchlists', 'AuthorizedPentest.csv')));
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
}

test('scorer: identifiers match whole names and addresses only', () => {
  assert.equal(mentions('{"ip":"3.91.2.55"}', '3.91.2.5'), false);
  assert.equal(mentions('{"ip":"3.91.2.5"}', '3.91.2.5'), true);
  assert.equal(mentions('"adm-jokafor@northwind-intl.com"', 'jokafor@northwind-intl.com'), false);
  assert.equal(mentions('"de-lt1234.corp.northwind-intl.com"', 'de-lt1234'), true);
  assert.equal(mentions('"xde-lt1234"', 'de-lt1234'), false);
});

test('hold-out scoring: the pack replays the whole span and the figures are well-formed', async () => {
  const f = await scoreSeed(7, { users: 40, days: 18 });
  process.stdout.write(formatFigures(f) + '\n');
  assert.equal(f.seed, 7); assert.equal(f.days, 18);
  assert.equal(f.quarantined, 0);
  assert.ok(f.rules.length > 0 && f.rules.some((r) => r.seed), 'rules ran, the seed rule among them');
  for (const r of f.rules) {
    assert.equal(r.alerts, r.tp + r.fp, `${r.rule}: alerts = TP + FP`);
    assert.deepEqual(r.errors, [], `${r.rule} binds against the hold-out tables`);
  }
  assert.deepEqual(Object.keys(f.recallByClass).sort(), [...ATTACK_CLASSES].sort());
  for (const v of Object.values(f.recallByClass)) assert.ok(v.detected >= 0 && v.detected <= v.total && v.total >= 1);
  for (const x of [f.improved, f.seedRule]) {
    assert.ok(x.recall >= 0 && x.recall <= 1);
    assert.ok(x.precision === null || (x.precision >= 0 && x.precision <= 1));
  }
});
