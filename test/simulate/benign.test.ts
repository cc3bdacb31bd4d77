import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { simulate, SCENARIOS, type LabelsFile, type Label } from '../../src/simulate/index.js';
import type { Org } from '../../src/simulate/org.js';

// Issue 11's benign classes: each generates the rows that make it a look-alike, with a label that
// names its class; one run per variant, alone (no background, no other scenario), so every row
// checked belongs to the class. Output files are read back, not the generator's memory.

type Row = Record<string, unknown>;
const tmp = (): string => mkdtempSync(join(tmpdir(), 'cloudhop-benign-test-'));
function read(dir: string, table: string): Row[] {
  const f = join(dir, `${table}.jsonl`);
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
}
const obj = (v: unknown): Row => (typeof v === 'string' ? JSON.parse(v) as Row : (v ?? {}) as Row);
const ips = (rows: Row[]): Set<string> => new Set(rows.map((r) => String(r.IPAddress)));
const signins = (dir: string): Row[] => [...read(dir, 'SigninLogs'), ...read(dir, 'AADNonInteractiveUserSignInLogs')];
const t = (r: Row): number => Date.parse(String(r.TimeGenerated));

const TAXONOMY = ['egress-change', 'devops-token-print', 'app-secret-rotation', 'announced-pentest', 'new-hires', 'reimaged-devices',
  'vpn-travellers', 'cloud-proxy', 'helpdesk-password-resets', 'mfa-registration-drive', 'risk-remediated'];

/** What each class must put in the logs (the behaviour a rule has to tolerate), given its label. */
const EXPECT: Record<string, (dir: string, l: Label, org: Org, variant: string) => void> = {
  'egress-change': (dir, l, org, variant) => {
    const cut = Date.parse(l.window.start);
    const old = new Set(org.offices.flatMap((o) => o.egress));
    const all = [...signins(dir), ...read(dir, 'AuditLogs')];
    // Rows of this scenario alone: the named-location updates, from the new range.
    const upd = read(dir, 'AuditLogs').filter((r) => r.OperationName === 'Update named location');
    assert.ok(upd.length >= (variant === 'isp-migration' ? 2 : 1), 'named locations updated');
    for (const r of upd) assert.ok(t(r) >= cut && l.ips.includes(String(obj(r.InitiatedBy).user && (obj(r.InitiatedBy).user as Row).ipAddress)), 'admin acts from the new egress');
    let moved = 0;
    for (const r of all) if (t(r) >= cut) { assert.ok(!old.has(String(r.IPAddress)), 'no old egress after the cut-over'); if (l.ips.includes(String(r.IPAddress))) moved++; }
    assert.ok(moved > 20, `background rows from the new egress: ${moved}`);
    for (const r of all) if (t(r) < cut) assert.ok(!l.ips.includes(String(r.IPAddress)), 'new egress before the cut-over');
    assert.ok(l.ips.length >= org.offices.length, 'new egress addresses labelled');
    assert.ok(Date.parse(l.window.end) > cut);
  },
  'devops-token-print': (dir, l) => {
    const procs = read(dir, 'DeviceProcessEvents');
    const token = procs.filter((r) => /get-access-token|Get-AzAccessToken|print-access-token|print-identity-token|get-login-password|--expose-token/.test(String(r.ProcessCommandLine)));
    assert.ok(token.length >= 5, `token commands: ${token.length}`);
    for (const r of token) assert.ok(l.devices.includes(String(r.DeviceName)), `token printed on a labelled runner (${r.DeviceName})`);
    assert.ok(token.some((r) => /Agent\.Worker|Runner\.Worker|gitlab-runner|bash|sh|pwsh/.test(String(r.InitiatingProcessFileName) + String(r.InitiatingProcessParentFileName))), 'run by the agent');
    // Tokens are used from the runners' NAT addresses and nowhere else.
    const used = [...read(dir, 'AADServicePrincipalSignInLogs').map((r) => String(r.IPAddress)), ...read(dir, 'AADManagedIdentitySignInLogs').map((r) => String(r.IPAddress)),
      ...read(dir, 'AWSCloudTrail').map((r) => String(r.SourceIpAddress)), ...read(dir, 'GCPAuditLogs').map((r) => String(obj(r.RequestMetadata).callerIp))];
    assert.ok(used.length > 0);
    for (const ip of used) assert.ok(l.ips.includes(ip), `token use from ${ip}, not a runner address`);
  },
  'app-secret-rotation': (dir, l) => {
    const audit = read(dir, 'AuditLogs').filter((r) => String(r.OperationName).startsWith('Update application – Certificates and secrets management'));
    assert.ok(audit.length >= 2, 'rotation audit rows');
    const sp = read(dir, 'AADServicePrincipalSignInLogs');
    for (const appId of l.cloudIdentities.filter((c) => /^[0-9a-f-]{36}$/.test(c))) {
      const own = sp.filter((r) => r.AppId === appId);
      if (!own.length) continue; // the automation's managed identity signs in elsewhere
      assert.ok(own.every((r) => l.ips.includes(String(r.IPAddress))), `${appId} signs in from its usual addresses`);
      assert.ok(own.every((r) => r.ResultType === '0' && String(r.ServicePrincipalCredentialKeyId).length === 36), `${appId}: successful, with a key id`);
    }
    assert.ok(l.timeline.some((s) => s.table === 'AADServicePrincipalSignInLogs'), 'the app signs in after rotation');
  },
  'announced-pentest': (dir, l) => {
    const dev = l.devices[0]!;
    const wl = readFileSync(join(dir, 'watchlists', 'CloudhopCloudAdminDevices.csv'), 'utf8');
    assert.match(wl, /^HostName,Role,Notes\n/);
    assert.ok(wl.includes(dev), 'the workstation is in the watchlist');
    assert.ok(readFileSync(join(dir, 'watchlists', 'CloudhopAuthorizedTesting.csv'), 'utf8').includes(l.accounts.find((a) => a.includes('@'))!));
    const procs = read(dir, 'DeviceProcessEvents').filter((r) => r.DeviceName === dev);
    for (const re of [/azure\.cli.*login/, /Connect-MgGraph/, /Connect-AzAccount/, /aws sso login/, /gcloud\.py"? auth login/]) assert.ok(procs.some((r) => re.test(String(r.ProcessCommandLine))), `${re} on ${dev}`);
    assert.ok(signins(dir).some((r) => r.AppDisplayName === 'Microsoft Azure CLI' && l.accounts.includes(String(r.UserPrincipalName))));
  },
  'new-hires': (dir, l, _org, variant) => {
    const audit = read(dir, 'AuditLogs');
    const upns = l.accounts.filter((a) => a.includes('@'));
    for (const u of upns) {
      const target = (r: Row): boolean => JSON.stringify(r.TargetResources).includes(u);
      const added = audit.find((r) => r.OperationName === 'Add user' && target(r));
      const registered = audit.find((r) => r.OperationName === 'User registered all required security info' && target(r));
      assert.ok(added && registered, `${u}: created and registered`);
      const own = signins(dir).filter((r) => r.UserPrincipalName === u);
      assert.ok(own.length > 0 && own.every((r) => t(r) > t(added)), `${u}: signs in only after creation`);
      if (variant === 'synced-from-hr') assert.ok(own.some((r) => r.ResultType === '50079'), `${u}: MFA registration interrupt`);
    }
    assert.ok(read(dir, 'DeviceProcessEvents').some((r) => /azure\.cli login/.test(String(r.ProcessCommandLine))), 'a DevOps hire runs az login for the first time');
  },
  'reimaged-devices': (dir, l) => {
    const procs = read(dir, 'DeviceProcessEvents');
    // (The background registers devices too: only the labelled laptops count.)
    const names = new Set(l.devices.map((d) => d.split('.')[0]!.toLowerCase()));
    const ofLaptop = (r: Row): boolean => names.has(String(((r.TargetResources as Row[])[0] as Row).displayName).toLowerCase());
    const adds = read(dir, 'AuditLogs').filter((r) => r.OperationName === 'Add device' && ofLaptop(r));
    const deletes = read(dir, 'AuditLogs').filter((r) => r.OperationName === 'Delete device' && ofLaptop(r));
    assert.ok(adds.length >= 2 && deletes.length === adds.length);
    assert.ok(read(dir, 'AuditLogs').some((r) => r.OperationName === 'Register device'), 'new phones registered');
    // With the background on: each owner's process events move from the old DeviceId to the new one
    // and never go back (the old device is retired), on labelled devices only.
    const owners = new Map<string, string[]>();
    const laptopOwners = new Set(procs.filter((x) => l.devices.includes(String(x.DeviceName))).map((x) => String(x.AccountUpn)));
    for (const r of procs.filter((x) => laptopOwners.has(String(x.AccountUpn)) && x.AccountUpn).sort((x, y) => t(x) - t(y))) {
      const seq = owners.get(String(r.AccountUpn)) ?? [];
      if (seq[seq.length - 1] !== r.DeviceId) seq.push(String(r.DeviceId));
      owners.set(String(r.AccountUpn), seq);
      assert.ok(l.devices.includes(String(r.DeviceName)), `${r.AccountUpn} on unlabelled ${r.DeviceName}`);
    }
    const moved = [...owners.values()].filter((seq) => seq.length === 2);
    assert.ok(moved.length >= 2, `owners moved to a new device: ${moved.length}`);
    for (const seq of owners.values()) assert.ok(seq.length <= 2, `device ids interleave: ${seq.join(' ')}`);
  },
  'vpn-travellers': (dir, l, org) => {
    const rows = signins(dir).sort((a, b) => t(a) - t(b));
    const bySession = new Map<string, Row[]>();
    for (const r of rows) bySession.set(String(r.SessionId), [...(bySession.get(String(r.SessionId)) ?? []), r]);
    const flips = [...bySession.values()].filter((rs) => ips(rs).size >= 2 && rs.some((r) => String(r.IPAddress).startsWith(org.vpn.prefix + '.')));
    assert.ok(flips.length >= 2, `sessions seen from hotel and VPN: ${flips.length}`);
    for (const rs of flips) {
      assert.equal(new Set(rs.map((r) => String(r.UserAgent))).size, 1, 'one user agent per session');
      assert.equal(new Set(rs.map((r) => String(obj(r.DeviceDetail).deviceId))).size, 1, 'one device per session');
      const k = rs.findIndex((r, i) => i > 0 && r.IPAddress !== rs[i - 1]!.IPAddress);
      assert.ok(t(rs[k]!) - t(rs[k - 1]!) <= 30 * 60_000, 'network flips within minutes');
    }
    assert.ok(l.accounts.length === 3);
  },
  'cloud-proxy': (dir, l) => {
    const rows = signins(dir);
    const usersPerIp = new Map<string, Set<string>>();
    for (const r of rows) { const s = usersPerIp.get(String(r.IPAddress)) ?? new Set(); s.add(String(r.UserPrincipalName)); usersPerIp.set(String(r.IPAddress), s); }
    assert.ok([...usersPerIp.values()].some((s) => s.size >= 3), 'an egress address shared by several users');
    assert.ok(new Set(rows.map((r) => String(r.Location))).size >= 3, 'egress in several countries');
    assert.equal(new Set(rows.map((r) => String(r.AutonomousSystemNumber))).size, 1, 'one provider ASN');
    assert.ok(l.accounts.length >= 8);
  },
  'helpdesk-password-resets': (dir) => {
    const audit = read(dir, 'AuditLogs');
    const resets = audit.filter((r) => r.OperationName === 'Reset user password');
    assert.ok(resets.length >= 5);
    const ok = signins(dir).filter((r) => r.ResultType === '0');
    for (const r of resets) {
      const u = String(((r.TargetResources as Row[])[0] as Row).userPrincipalName);
      assert.ok(ok.some((s) => s.UserPrincipalName === u && t(s) > t(r)), `${u} signs in after the reset`);
    }
  },
  'mfa-registration-drive': (dir, l) => {
    const audit = read(dir, 'AuditLogs');
    const reg = audit.filter((r) => r.OperationName === 'User registered security info');
    const span = Math.max(...reg.map(t)) - Math.min(...reg.map(t));
    assert.ok(reg.length >= 10 && span <= 7 * 86_400_000, `${reg.length} registrations in ${span / 86_400_000} days`);
    assert.ok(audit.filter((r) => r.OperationName === 'User registered all required security info').length === l.accounts.length);
    assert.ok(signins(dir).some((r) => r.ResultType === '500121' && /MFA denied/.test(String(obj(r.Status).additionalDetails))), 'denied first prompts');
  },
  'risk-remediated': (dir, _l, _org, variant) => {
    const risky = read(dir, 'SigninLogs').filter((r) => r.RiskState === 'remediated');
    assert.ok(risky.length >= 3 && risky.every((r) => ['medium', 'high'].includes(String(r.RiskLevelDuringSignIn))));
    if (variant === 'password-change') assert.ok(read(dir, 'AuditLogs').some((r) => r.OperationName === 'Change password (self-service)'));
  },
};

for (const cls of TAXONOMY) {
  const sc = SCENARIOS.find((s) => s.kind === 'benign' && s.name === cls);
  test(`benign class ${cls}: every variant writes its look-alike rows with a labelled class`, async () => {
    assert.ok(sc && sc.class === cls, `no benign scenario ${cls} of class ${cls}`);
    for (const variant of sc.variants) {
      const dir = tmp();
      try {
        // The classes that change everyone's rows run over a background; the others alone.
        const scale = cls === 'egress-change' || cls === 'reimaged-devices' ? 9 * 600 : 0;
        const r = await simulate({ out: dir, seed: 31, days: 9, scale, scenarios: [`${sc.name}:${variant}`] });
        const [l] = r.labels.scenarios;
        assert.ok(l && l.class === cls && l.kind === 'benign' && l.variant === variant, `${cls}:${variant} label`);
        assert.ok(l.description.length > 40 && l.timeline.length >= 1, `${cls}:${variant}: description and timeline`);
        assert.ok(l.accounts.length + l.devices.length + l.ips.length + l.cloudIdentities.length > 0, `${cls}:${variant}: no identifiers`);
        assert.ok(l.window.start < l.window.end && l.window.start >= r.labels.start && l.window.end <= r.labels.end, `${cls}:${variant}: window`);
        assert.ok(r.labels.totalRows > 0);
        EXPECT[cls]!(dir, l, r.org, variant);
      } catch (e) { (e as Error).message = `${cls}:${variant}: ${(e as Error).message}`; throw e; }
      finally { rmSync(dir, { recursive: true, force: true }); }
    }
  });
}

function digest(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => { for (const n of readdirSync(d).sort()) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex')); } };
  walk(dir);
  return out;
}

test('benign classes are deterministic per seed and differ between seeds', async () => {
  const [a, b, c] = [tmp(), tmp(), tmp()];
  try {
    const opts = { days: 6, scale: 4000, scenarios: ['benign'] } as const;
    await simulate({ out: a, seed: 41, ...opts });
    await simulate({ out: b, seed: 41, ...opts });
    await simulate({ out: c, seed: 42, ...opts });
    const da = digest(a), db = digest(b), dc = digest(c);
    assert.deepEqual([...da.keys()], [...db.keys()]);
    for (const [f, h] of da) assert.equal(db.get(f), h, `${f} differs between two runs of seed 41`);
    assert.ok([...da].some(([f, h]) => dc.get(f) !== h), 'seed 42 wrote the same files');
  } finally { for (const d of [a, b, c]) rmSync(d, { recursive: true, force: true }); }
});

test('simulate --days 30 gives a tenant with every benign class, the egress move on day 20', async () => {
  const d = tmp();
  try {
    const r = await simulate({ out: d, seed: 7, days: 30, scale: 30 * 600 });
    const L: LabelsFile = r.labels;
    const benign = L.scenarios.filter((s) => s.kind === 'benign');
    for (const cls of TAXONOMY) {
      const ls = benign.filter((s) => s.class === cls);
      assert.ok(ls.length > 0, `no ${cls}`);
      assert.ok(ls.some((s) => Object.values(s.rows).some((n) => (n ?? 0) > 0)), `${cls}: no rows`);
    }
    const eg = benign.find((s) => s.class === 'egress-change')!;
    const day = Math.floor((Date.parse(eg.window.start) - Date.parse(L.start)) / 86_400_000);
    assert.ok(day === 19 || day === 20, `egress move on day ${day}`); // day 20 local, early morning (UTC may be the evening before)
    assert.ok(L.watchlists?.includes('watchlists/CloudhopCloudAdminDevices.csv'));
  } finally { rmSync(d, { recursive: true, force: true }); }
});
