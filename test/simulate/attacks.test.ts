// The issue-11 attack scenarios (mfa-fatigue-device, session-replay, low-and-slow,
// sp-credential-abuse, aws-federation-persistence): every variant writes the rows its class is
// defined by (classes.md), with the label's class; output is a function of the seed; the two
// principal sign-in tables load with nothing quarantined; low-and-slow spans days on --days 30.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate, SCENARIOS, type Label, type LabelsFile } from '../../src/simulate/index.js';
import { loadTables } from '../../src/ingest/load.js';

type Row = Record<string, unknown>;
const NEW = ['mfa-fatigue-device', 'session-replay', 'low-and-slow', 'sp-credential-abuse', 'aws-federation-persistence'];
const tmp = (): string => mkdtempSync(join(tmpdir(), 'cloudhop-attacks-test-'));

function rowsOf(dir: string, table: string): Row[] {
  const f = join(dir, `${table}.jsonl`);
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8').trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
}
const obj = (v: unknown): Row => (typeof v === 'string' ? JSON.parse(v) : v) as Row;
// CloudTrail times are whole seconds: a second of slack before the window.
const inWindow = (r: Row, l: Label): boolean => Date.parse(String(r.TimeGenerated)) >= Date.parse(l.window.start) - 1000 && String(r.TimeGenerated) <= l.window.end;

/** What each class must show in the rows (the definitions of classes.md), per variant. */
function checkShapes(dir: string, L: LabelsFile, l: Label): void {
  const home = L.tenant.homeCountry;
  const sameCountry = l.variant.startsWith('same-country');
  const signins = [...rowsOf(dir, 'SigninLogs'), ...rowsOf(dir, 'AADNonInteractiveUserSignInLogs')];
  const fromAttacker = (r: Row): boolean => l.ips.includes(String(r.IPAddress ?? r.SourceIpAddress));
  const tag = `${l.scenario}:${l.variant}`;
  switch (l.scenario) {
    case 'mfa-fatigue-device': {
      const victim = l.accounts[0]!;
      const mine = rowsOf(dir, 'SigninLogs').filter((r) => r.UserPrincipalName === victim && fromAttacker(r) && inWindow(r, l));
      assert.ok(mine.some((r) => r.ResultType === '50074'), `${tag}: no 50074`);
      const denied = mine.filter((r) => r.ResultType === '500121');
      assert.ok(denied.length >= 5, `${tag}: ${denied.length} MFA failures`);
      const want = l.variant.includes('denied') ? 'MFA denied; user declined the authentication' : 'MFA denied; user did not respond to mobile app notification';
      for (const r of denied) {
        assert.equal(obj(r.Status).additionalDetails, want, tag);
        const steps = JSON.parse(String(r.AuthenticationDetails)) as Row[];
        assert.equal(steps.find((x) => x.authenticationMethod === 'Mobile app notification')?.authenticationStepResultDetail, want, tag);
        assert.equal(r.AuthenticationRequirement, 'multiFactorAuthentication');
      }
      assert.ok(mine.some((r) => r.ResultType === '0'), `${tag}: no approved sign-in`);
      const host = l.devices[0]!;
      const audit = rowsOf(dir, 'AuditLogs').filter((r) => inWindow(r, l) && JSON.stringify(r.TargetResources).includes(host));
      assert.deepEqual([...new Set(audit.map((r) => r.OperationName))].sort(), ['Add device', 'Add registered owner to device', 'Add registered users to device', 'Register device']);
      const fromDevice = signins.filter((r) => obj(r.DeviceDetail).displayName === host);
      assert.ok(fromDevice.length >= 3, `${tag}: ${fromDevice.length} sign-ins from the new device`);
      assert.ok(fromDevice.every((r) => obj(r.DeviceDetail).trustType === (l.variant.endsWith('join') ? 'Azure AD joined' : 'Azure AD registered')), tag);
      assert.ok(fromDevice.some((r) => r.AppDisplayName === 'Azure Portal') && fromDevice.some((r) => ['Azure Resource Manager', 'Microsoft Graph'].includes(String(r.ResourceDisplayName)) && r.IsInteractive === false), tag);
      assert.equal(mine.every((r) => r.Location === home), sameCountry, `${tag}: attacker's country vs ${home}`);
      break;
    }
    case 'session-replay': {
      const victim = l.accounts[0]!;
      const mine = signins.filter((r) => r.UserPrincipalName === victim && inWindow(r, l));
      const attacker = mine.filter(fromAttacker);
      assert.ok(attacker.length >= 4, tag);
      const sid = String(attacker[0]!.SessionId);
      const own = mine.filter((r) => r.SessionId === sid && !fromAttacker(r));
      assert.ok(own.length >= 2, `${tag}: the session is not the user's`);
      assert.ok(attacker.every((r) => r.SessionId === sid), tag);
      assert.notEqual(attacker[0]!.UserAgent, own[0]!.UserAgent);
      assert.equal(obj(attacker[0]!.DeviceDetail).deviceId, '');
      const gapMin = (Date.parse(String(attacker[0]!.TimeGenerated)) - Date.parse(String(own[own.length - 1]!.TimeGenerated))) / 60_000;
      assert.ok(gapMin > 0 && gapMin <= 30, `${tag}: ${gapMin} min between networks`);
      const interactiveReplay = attacker.some((r) => r.IsInteractive === true);
      assert.equal(interactiveReplay, l.variant.includes('interactive') && !l.variant.startsWith('noninteractive'), `${tag}: interactive replay`);
      if (l.variant === 'token-reuse') {
        const uti = own.find((r) => r.IsInteractive === false)!.UniqueTokenIdentifier;
        assert.ok(attacker.some((r) => r.UniqueTokenIdentifier === uti), `${tag}: token not reused`);
      }
      assert.equal(attacker.every((r) => r.Location === home), sameCountry, tag);
      break;
    }
    case 'low-and-slow': {
      const victim = l.accounts[0]!;
      const visits = rowsOf(dir, 'SigninLogs').filter((r) => r.UserPrincipalName === victim && fromAttacker(r));
      const days = visits.map((r) => String(r.TimeGenerated).slice(0, 10));
      assert.equal(new Set(days).size, days.length, `${tag}: more than one interactive sign-in a day`);
      assert.ok(days.length >= Math.min(3, L.days), `${tag}: ${days.length} days`);
      assert.equal(days[days.length - 1], L.attackDay.start.slice(0, 10));
      for (let i = 1; i < days.length; i++) assert.equal(Date.parse(days[i]!) - Date.parse(days[i - 1]!), 86_400_000, `${tag}: days not consecutive`);
      assert.ok(visits.every((r) => r.ResultType === '0' && ['Office 365 Exchange Online', 'Microsoft Graph'].includes(String(r.ResourceDisplayName))), tag);
      const before = signins.filter((r) => r.UserPrincipalName === victim && fromAttacker(r) && String(r.TimeGenerated) < l.window.start);
      assert.equal(before.length, 0, `${tag}: network not new to the user`);
      assert.equal(visits.every((r) => r.Location === home), sameCountry, tag);
      if (l.variant === 'same-country-staff-isp') {
        // New to the user, not to the organisation: other employees sign in from that ISP (ASN).
        const asn = visits[0]!.AutonomousSystemNumber;
        assert.ok(signins.some((r) => r.AutonomousSystemNumber === asn && r.UserPrincipalName !== victim), `${tag}: ASN ${String(asn)} unknown to the org`);
      }
      break;
    }
    case 'sp-credential-abuse': {
      const audit = rowsOf(dir, 'AuditLogs').filter((r) => inWindow(r, l));
      const add = audit.find((r) => String(r.OperationName).startsWith('Update application – Certificates and secrets management'));
      assert.ok(add, `${tag}: no credential added`);
      assert.ok(l.accounts.includes(String(obj(add.InitiatedBy).user && (obj(add.InitiatedBy).user as Row).userPrincipalName)), tag);
      const target = (add.TargetResources as Row[])[0]!;
      const newKey = /KeyIdentifier=([0-9a-f-]{36}),KeyType=(\w+)/g;
      const keys = [...String((target.modifiedProperties as Row[])[0]!.newValue).matchAll(newKey)].map((m) => [m[1], m[2]]);
      const oldKeys = String((target.modifiedProperties as Row[])[0]!.oldValue);
      const added = keys.find(([k]) => !oldKeys.includes(k!))!;
      assert.equal(added[1], l.variant.startsWith('certificate') ? 'AsymmetricX509Cert' : 'Password', tag);
      const spRows = rowsOf(dir, 'AADServicePrincipalSignInLogs');
      const withKey = spRows.filter((r) => r.ServicePrincipalCredentialKeyId === added[0]);
      assert.ok(withKey.length >= 3 && withKey.every(fromAttacker), `${tag}: the new credential's sign-ins`);
      const name = withKey[0]!.ServicePrincipalName;
      assert.equal(name, target.displayName);
      const usual = spRows.filter((r) => r.ServicePrincipalName === name && !fromAttacker(r) && String(r.TimeGenerated) < l.window.start);
      assert.ok(usual.length > 0, `${tag}: no history of ${String(name)}`);
      if (l.variant.startsWith('certificate')) assert.ok(withKey.every((r) => r.ServicePrincipalCredentialThumbprint !== ''), tag);
      const byApp = audit.filter((r) => obj(obj(r.InitiatedBy).app ?? {}).servicePrincipalId === withKey[0]!.ServicePrincipalId);
      assert.equal(byApp.length > 0, l.variant !== 'sp-credential-mail', `${tag}: directory changes by the app`);
      assert.equal(withKey.every((r) => r.Location === home), l.variant.includes('same-country'), tag);
      break;
    }
    case 'aws-federation-persistence': {
      const trail = rowsOf(dir, 'AWSCloudTrail').filter((r) => inWindow(r, l));
      const bad = trail.filter(fromAttacker);
      assert.ok(bad.length >= 4, tag);
      const names = new Set(bad.map((r) => r.EventName));
      assert.ok(['CreateUser', 'CreateAccessKey', 'CreateLoginProfile', 'AttachUserPolicy', 'PutUserPolicy'].some((n) => names.has(n)), `${tag}: no IAM persistence`);
      if (l.variant === 'session-multi-ip') {
        const key = bad[0]!.UserIdentityAccessKeyId;
        const ips = new Set(trail.filter((r) => r.UserIdentityAccessKeyId === key).map((r) => r.SourceIpAddress));
        assert.ok(ips.size >= 3, `${tag}: one session from ${ips.size} IPs`);
        assert.ok(trail.some((r) => r.EventName === 'AssumeRoleWithSAML' && !fromAttacker(r)), tag);
      } else {
        const a = bad.find((r) => r.EventName === 'AssumeRoleWithSAML');
        assert.ok(a && a.UserIdentityType === 'SAMLUser' && l.accounts.includes(String(a.UserIdentityUserName)), `${tag}: AssumeRoleWithSAML`);
        assert.ok(signins.some((r) => fromAttacker(r) && r.AuthenticationProtocol === 'saml20'), `${tag}: no SAML sign-in in Entra`);
      }
      if (l.variant.includes('console')) assert.ok(names.has('ConsoleLogin'), tag);
      if (l.variant.includes('role-chain')) assert.ok(names.has('AssumeRole'), tag);
      break;
    }
    default: assert.fail(`unexpected ${l.scenario}`);
  }
}

const attacks = SCENARIOS.filter((s) => NEW.includes(s.name));
const maxV = Math.max(...attacks.map((s) => s.variants.length));

test('every variant of the new attack classes writes the rows its class is defined by', async () => {
  assert.deepEqual(attacks.map((s) => s.name), NEW);
  for (let i = 0; i < maxV; i++) {
    const dir = tmp();
    try {
      const sel = attacks.map((s) => `${s.name}:${s.variants[i % s.variants.length]}`);
      const r = await simulate({ out: dir, seed: 300 + i, days: 8, scale: 6000, scenarios: sel });
      for (const l of r.labels.scenarios) {
        assert.equal(l.class, l.scenario, `${l.scenario}: class`);
        assert.ok(l.timeline.length >= 3, `${l.scenario}:${l.variant}: ${l.timeline.length} steps`);
        assert.ok(l.ips.length > 0 && l.accounts.length > 0, `${l.scenario}: identifiers`);
        checkShapes(dir, r.labels, l);
      }
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }
});

test('same seed, same attacks; the principal sign-in tables load with nothing quarantined', async () => {
  const [a, b] = [tmp(), tmp()];
  try {
    const ra = await simulate({ out: a, seed: 42, days: 5, scale: 5000, scenarios: [...NEW, 'benign'] });
    const rb = await simulate({ out: b, seed: 42, days: 5, scale: 5000, scenarios: [...NEW, 'benign'] });
    assert.deepEqual(rb.labels, ra.labels);
    for (const f of ra.labels.files) assert.equal(readFileSync(join(b, f), 'utf8'), readFileSync(join(a, f), 'utf8'), f);
    const { tables, report } = await loadTables(ra.labels.files.map((f) => join(a, f)));
    assert.equal(report.quarantined, 0, JSON.stringify(report.quarantine.slice(0, 2)));
    for (const t of ['AADServicePrincipalSignInLogs', 'AADManagedIdentitySignInLogs']) {
      // (The background fills what the scenarios leave of --scale: eighteen benign scenarios leave ~1,900 rows here.)
      assert.ok((ra.labels.tables[t] ?? 0) > 30, `${t}: ${ra.labels.tables[t]} rows`);
      assert.equal(tables.get(t)?.rowCount, ra.labels.tables[t]);
      const types = new Map(tables.get(t)!.fields.map((f) => [f.name, f.column.type]));
      assert.equal(types.get('TimeGenerated'), 'datetime');
      assert.equal(types.get('ServicePrincipalName'), 'string');
    }
  } finally { for (const d of [a, b]) rmSync(d, { recursive: true, force: true }); }
});

test('--days 30: low-and-slow spans up to a week before the attack day', async () => {
  const dir = tmp();
  try {
    const r = await simulate({ out: dir, seed: 9, days: 30, scale: 6000, scenarios: ['low-and-slow:same-country-vps-graph'] });
    const l = r.labels.scenarios[0]!;
    const span = (Date.parse(l.window.end) - Date.parse(l.window.start)) / 86_400_000;
    assert.ok(span >= 3.5 && span < 7, `window spans ${span} days`);
    checkShapes(dir, r.labels, l);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
