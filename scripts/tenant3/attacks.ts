import type { Ctx } from './ctx.js';
import { browserUa, awsCliUa, samlIdentity, CONSOLE_UA, gcloudUa } from './ctx.js';
import type { LabelDraft } from './labels.js';
import type { User } from './org.js';
import { makeDevice } from './org.js';
import { APP, RES, type AppRef } from './apps.js';
import { MIN, HOUR } from './sink.js';
import { vps, residential, mobile, ec2, farCountry, otherCountry } from './infra.js';
import { awsSession, SOURCE } from './background.js';

/**
 * The attacks: every attack class of issue 11 at least once, each on its own day after day 14, with
 * the variant drawn from the seed, plus one lateral movement of our own (class `other`). Each
 * attack sets the sink's scenario so its rows are counted, and writes a label listing only what it
 * touched: the victim, the attacker's addresses, devices and cloud identities.
 */
type Attack = (c: Ctx, d: number, id: string) => LabelDraft;
const T1021 = ['T1021.007'];

export function attacks(c: Ctx, drafts: LabelDraft[]): void {
  const list: [string, Attack][] = [
    ['mfa-fatigue-device', mfaFatigue], ['session-replay', sessionReplay], ['aws-federation-persistence', awsPersistence],
    ['sp-credential-abuse', spCredential], ['low-and-slow', lowAndSlow], ['cloud-cli-unusual-host', cliHost], ['impossible-travel', impossibleTravel],
    ['sync-account', syncAccount], ['ec2-instance-creds', ec2Creds], ['gcp-keys', gcpKeys], ['other', arcPivot],
  ];
  const first = 15, last = c.org.days - 2;
  const slots = c.r.shuffle(Array.from({ length: last - first + 1 }, (_, i) => first + i));
  list.forEach(([cls, fn], i) => {
    // low-and-slow needs room for up to a week of days before the end
    const d = cls === 'low-and-slow' ? Math.min(slots[i % slots.length]!, Math.max(first, c.org.days - 8)) : slots[i % slots.length]!;
    const id = `t3-attack-${String(i + 1).padStart(2, '0')}-${cls}`;
    c.sink.scenario = id;
    drafts.push(fn(c, d, id));
    c.sink.scenario = undefined;
  });
}

const used = new WeakSet<User>();
function victim(c: Ctx, roles: User['role'][], pred: (u: User) => boolean = () => true): User {
  const free = (u: User): boolean => !used.has(u) && u.hireDay < 0 && !u.inBenign && !u.away && u.swgFrom === undefined && !u.reimage && !u.vpn;
  const pool = c.org.users.filter((u) => roles.includes(u.role) && free(u) && pred(u));
  // small organisations may run out of people no scenario touches: then any untouched-by-attacks person
  const fallback = [c.org.users.filter((x) => free(x) && pred(x)), c.org.users.filter(free), c.org.users.filter((x) => !used.has(x) && x.hireDay < 0)].find((xs) => xs.length > 0) ?? c.org.users;
  const u = pool.length ? c.r.pick(pool) : c.r.pick(fallback);
  used.add(u);
  return u;
}
const attackerBrowser = { name: '', aadId: '', os: 'Windows 10', browser: 'Chrome 131.0.0', trust: '', compliant: false };
const CHROME_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
function draft(id: string, cls: string, variant: string, description: string, who: { accounts?: string[]; devices?: string[]; ips?: string[]; cloud?: string[] }, technique = T1021): LabelDraft {
  return { scenario: id, kind: 'attack', class: cls, variant, description, technique, accounts: who.accounts ?? [], devices: who.devices ?? [], ips: who.ips ?? [], cloudIdentities: who.cloud ?? [] };
}

// ---------------------------------------------------------------- mfa-fatigue-device
function mfaFatigue(c: Ctx, d: number, id: string): LabelDraft {
  const r = c.r;
  const u = victim(c, ['staff', 'sales', 'itadmin', 'devops']);
  const variant = r.pick(['domestic-residential', 'vps-abroad', 'domestic-mobile']);
  const at = variant === 'domestic-residential' ? residential(r, u.home_.country) : variant === 'domestic-mobile' ? mobile(r, u.home_.country) : vps(r, { notCountries: [u.home_.country] });
  let t = c.local(d, r.pick([6.2, 21.5, 22.8, 23.4]), u.home);
  const n = r.int(7, 16);
  for (let i = 0; i < n; i++) {
    const code = i % 4 === 0 ? '50074' : '500121';
    c.signIn({ t, who: c.who(u), app: APP.officeHome, res: RES.graph, at, ua: CHROME_WIN, interactive: true, device: attackerBrowser, result: code, mfa: code === '50074' ? 'push' : r.pick(['push-denied', 'push-timeout'] as const), session: r.uuid(), corr: r.uuid(), uti: r.token() }, i === 0 ? 'first MFA prompt' : undefined);
    t += r.int(35, 120) * 1000;
  }
  const session = r.uuid();
  c.signIn({ t, who: c.who(u), app: APP.officeHome, res: RES.graph, at, ua: CHROME_WIN, interactive: true, device: attackerBrowser, mfa: 'push', session, corr: r.uuid(), uti: r.token() }, 'victim approves a prompt');
  // register a device of the attacker's
  const dev = makeDevice(r, `DESKTOP-${r.upper(7)}`, 'Windows');
  dev.trust = 'Azure AD registered'; dev.compliant = false;
  t += r.int(2, 6) * MIN;
  c.signIn({ t, who: c.who(u), app: APP.broker, res: RES.drs, at, ua: 'Windows-AzureAD-Authentication-Provider/1.0', interactive: true, device: attackerBrowser, mfa: 'claim', session, corr: r.uuid(), uti: r.token() }, 'token for Device Registration Service');
  const drs = { app: 'Device Registration Service', spId: r.uuid(), appId: RES.drs[1] };
  const devTarget = { type: 'Device' as const, displayName: dev.name, id: dev.aadId };
  const details = { 'Device Id': dev.aadId, 'Device OS': 'Windows', 'Device Trust Type': 'Workplace' };
  c.audit({ t: t + 20000, op: 'Add device', category: 'Device', service: 'Core Directory', by: drs, targets: [devTarget], details }, 'Add device');
  c.audit({ t: t + 21000, op: 'Add registered owner to device', category: 'Device', by: drs, targets: [devTarget, { type: 'User', displayName: u.display, id: u.objectId, upn: u.upn }] }, 'Add registered owner to device');
  c.audit({ t: t + 21500, op: 'Add registered users to device', category: 'Device', by: drs, targets: [devTarget, { type: 'User', displayName: u.display, id: u.objectId, upn: u.upn }] });
  c.audit({ t: t + 22000, op: 'Register device', category: 'Device', service: 'Device Registration Service', by: drs, targets: [devTarget], details: { ...details, 'Device Profile': 'RegisteredDevice', AccountUpn: u.upn } }, 'Register device');
  // the new device, now with a PRT, reaches the control plane
  t += r.int(5, 20) * MIN;
  c.signIn({ t, who: c.who(u), app: APP.windowsSignIn, res: RES.aadGraph, at, ua: 'Windows-AzureAD-Authentication-Provider/1.0', interactive: true, device: dev, mfa: 'claim', session, corr: r.uuid(), uti: r.token(), tokenType: 'primaryRefreshToken' }, 'PRT sign-in from the new device');
  c.signIn({ t: t + 3 * MIN, who: c.who(u), app: APP.portal, res: RES.arm, at, ua: browserUa('Windows', r), interactive: true, device: dev, mfa: 'claim', session, corr: r.uuid(), uti: r.token() }, 'Azure Portal from the new device');
  for (let i = 0; i < r.int(3, 7); i++) c.signIn({ t: t + (5 + i * r.int(3, 9)) * MIN, who: c.who(u), app: r.pick([APP.azCli, APP.portal, APP.azPs] as AppRef[]), res: RES.arm, at, ua: browserUa('Windows', r), interactive: false, device: dev, mfa: 'claim', session, corr: r.uuid(), uti: r.token() }, i === 0 ? 'ARM token refreshes' : undefined);
  if (r.chance(0.5)) c.audit({ t: t + 40 * MIN, op: 'User registered security info', category: 'UserManagement', service: 'Authentication Methods', by: { upn: u.upn, id: u.objectId, ip: at.ip, display: u.display }, targets: [{ type: 'User', displayName: u.display, id: u.objectId, upn: u.upn }], details: { Method: 'Authenticator app' } }, 'attacker adds an authenticator');
  return draft(id, 'mfa-fatigue-device', variant, `Scattered Spider / Lapsus$-style MFA fatigue against ${u.upn} (${n} prompts from ${at.org}, ${at.country}), approval, a new device ${dev.name} registered, then Azure Portal/ARM from it.`, { accounts: [u.upn], devices: [dev.name, dev.aadId], ips: [at.ip], cloud: [u.upn] }, ['T1021.007', 'T1621', 'T1098.005', 'T1078.004']);
}

// ---------------------------------------------------------------- session-replay
function sessionReplay(c: Ctx, d: number, id: string): LabelDraft {
  const r = c.r;
  const u = victim(c, ['staff', 'sales', 'exec', 'itadmin']);
  const variant = r.pick(['aitm-proxy', 'noninteractive-only', 'noninteractive-only-domestic-vps']);
  const home = u.home_;
  const t0 = c.local(d, r.int(9, 15) + r.next(), u.home);
  const thief = variant === 'noninteractive-only-domestic-vps' ? vps(r, { country: u.home_.country }) : vps(r, { notCountries: [u.home_.country] });
  const session = r.uuid();
  const ips = [thief.ip];
  if (variant === 'aitm-proxy') {
    const proxy = vps(r, {});
    ips.push(proxy.ip);
    // the victim types password and MFA into the phishing proxy: the interactive sign-in comes from the proxy
    c.signIn({ t: t0, who: c.who(u), app: APP.officeHome, res: RES.graph, at: proxy, ua: browserUa(u.device.os, r), interactive: true, device: { name: '', aadId: '', os: u.device.os === 'macOS' ? 'MacOs' : 'Windows 10', browser: u.device.browser, trust: '', compliant: false }, mfa: 'push', session, corr: r.uuid(), uti: r.token() }, 'sign-in through the AiTM proxy');
  } else {
    // the victim's ordinary session on their own device
    c.session(u, t0, home.ip === u.home_.ip ? home : home, { session, refreshes: 2, spanMin: 20, step: 'victim signs in', mfa: 'claim' });
  }
  const corr = r.uuid();
  let t = t0 + r.int(3, 14) * MIN;
  const ua = r.pick([CHROME_WIN, 'python-requests/2.32.3', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36']);
  const victimRefresh = { who: c.who(u), at: home, ua: browserUa(u.device.os, r), interactive: false as const, device: u.device, mfa: 'claim' as const, session };
  if (variant !== 'aitm-proxy') c.signIn({ ...victimRefresh, t: t - 60000, app: APP.office, res: RES.exchange, corr, uti: r.token() });
  const seq: [AppRef, AppRef][] = [[APP.office, RES.exchange], [APP.officeHome, RES.graph], [APP.office, RES.sharepoint], [APP.portal, RES.arm], [APP.azPs, RES.arm], [APP.graphCli, RES.graph]];
  for (const [i, [app, res]] of seq.entries()) {
    c.signIn({ t, who: c.who(u), app, res, at: thief, ua, interactive: false, device: { name: '', aadId: '', os: 'Windows 10', browser: 'Chrome 131.0.0', trust: '', compliant: false }, mfa: 'claim', session, corr: i === 0 ? corr : r.uuid(), uti: r.token() }, i === 0 ? 'same session from the thief\'s network' : res === RES.arm && app === APP.portal ? 'ARM with the stolen session' : undefined);
    t += r.int(1, 6) * MIN;
  }
  if (variant === 'aitm-proxy') c.signIn({ ...victimRefresh, t: t + 5 * MIN, app: APP.office, res: RES.exchange, corr: r.uuid(), uti: r.token() }, 'victim\'s own refresh in the same session');
  return draft(id, 'session-replay', variant, `Session ${session} of ${u.upn} replayed from ${thief.org} (${thief.country}) minutes after the victim used it${variant === 'aitm-proxy' ? ', captured by an AiTM proxy' : ' (only non-interactive sign-ins show it)'}.`, { accounts: [u.upn], ips, cloud: [u.upn] }, ['T1021.007', 'T1550.004', 'T1539', 'T1557']);
}

// ---------------------------------------------------------------- aws-federation-persistence
function awsPersistence(c: Ctx, d: number, id: string): LabelDraft {
  const r = c.r, org = c.org;
  const u = victim(c, ['devops', 'itadmin'], (x) => x.aws);
  const variant = r.pick(['saml-from-vps', 'role-chaining-stolen-session']);
  const at = vps(r, { notCountries: [u.home_.country] });
  const t0 = c.local(d, r.int(10, 20) + r.next(), u.home);
  const prod = org.aws.accounts[0]!.id, sec = org.aws.accounts[2]!.id;
  const newUser = r.pick(['svc-backup-sync', 'aws-health-monitor', 'cloudwatch-exporter', 'support-automation']);
  const newKey = `AKIA${r.upper(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
  const cloud: string[] = [u.upn];
  let ident: Record<string, unknown>;
  let acct = prod;
  let t = t0;
  const ips = [at.ip];
  if (variant === 'saml-from-vps') {
    const s = awsSession(c, u, t0, at, 'cli', { role: org.aws.roles[0], account: prod, step: 'SAML sign-in from the attacker', calls: ['GetCallerIdentity', 'ListUsers', 'ListRoles'] });
    ident = samlIdentity(org, prod, org.aws.roles[0]!, u, s.key, t0 + 3000);
    cloud.push(s.arn);
    t = t0 + 20 * MIN;
  } else {
    // the victim's own session, then its keys used from elsewhere and chained into the security account
    const s = awsSession(c, u, t0, u.home_, 'cli', { role: org.aws.roles[1], account: prod, step: 'victim\'s own SAML session' });
    const stolen = samlIdentity(org, prod, org.aws.roles[1]!, u, s.key, t0 + 3000);
    cloud.push(s.arn);
    t = t0 + r.int(20, 50) * MIN;
    c.ct({ t, name: 'GetCallerIdentity', source: 'sts.amazonaws.com', region: 'us-east-1', ip: at.ip, ua: awsCliUa('Linux'), account: prod, identity: stolen }, 'same role session from a new address');
    const role = 'OrganizationAccountAccessRole';
    const key2 = `ASIA${r.upper(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
    c.ct({ t: t + 40000, name: 'AssumeRole', source: 'sts.amazonaws.com', region: 'us-east-1', ip: at.ip, ua: awsCliUa('Linux'), account: prod, identity: stolen, req: { roleArn: `arn:aws:iam::${sec}:role/${role}`, roleSessionName: 'maint' }, resp: { assumedRoleUser: { arn: `arn:aws:sts::${sec}:assumed-role/${role}/maint` }, credentials: { accessKeyId: key2 } } }, 'AssumeRole into the security account');
    ident = { type: 'AssumedRole', principalId: `AROA${key2.slice(4, 20)}:maint`, arn: `arn:aws:sts::${sec}:assumed-role/${role}/maint`, accountId: sec, accessKeyId: key2, sessionContext: { sessionIssuer: { type: 'Role', principalId: `AROA${key2.slice(4, 20)}`, arn: `arn:aws:iam::${sec}:role/${role}`, accountId: sec, userName: role }, attributes: { creationDate: new Date(t + 40000).toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: 'false' } } };
    cloud.push(`arn:aws:sts::${sec}:assumed-role/${role}/maint`);
    acct = sec;
    t += 3 * MIN;
  }
  const call = (name: string, req: Record<string, unknown> | null, resp: Record<string, unknown> | null, step?: string): void => { c.ct({ t, name, source: SOURCE[name] ?? 'iam.amazonaws.com', region: 'us-east-1', ip: at.ip, ua: awsCliUa('Linux'), account: acct, identity: ident, req, resp }, step); t += r.int(8, 60) * 1000; };
  call('CreateUser', { userName: newUser }, { user: { userName: newUser, arn: `arn:aws:iam::${acct}:user/${newUser}`, userId: `AIDA${r.upper(17)}` } }, 'CreateUser');
  call('CreateAccessKey', { userName: newUser }, { accessKey: { userName: newUser, accessKeyId: newKey, status: 'Active' } }, 'CreateAccessKey');
  if (r.chance(0.5)) call('AttachUserPolicy', { userName: newUser, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, null, 'AttachUserPolicy AdministratorAccess');
  else call('PutUserPolicy', { userName: newUser, policyName: 'inline-maint', policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }, null, 'PutUserPolicy *:*');
  call('CreateLoginProfile', { userName: newUser, passwordResetRequired: false }, { loginProfile: { userName: newUser, passwordResetRequired: false } }, 'CreateLoginProfile');
  cloud.push(`arn:aws:iam::${acct}:user/${newUser}`, newKey);
  // the backdoor user logs in to the console later from another VPS
  const at2 = vps(r, { notCountries: [u.home_.country] });
  ips.push(at2.ip);
  c.ct({ t: t + r.int(2, 9) * HOUR, name: 'ConsoleLogin', source: 'signin.amazonaws.com', region: 'us-east-1', ip: at2.ip, ua: CONSOLE_UA, account: acct, identity: { type: 'IAMUser', principalId: `AIDA${r.upper(17)}`, arn: `arn:aws:iam::${acct}:user/${newUser}`, accountId: acct, userName: newUser }, resp: { ConsoleLogin: 'Success' }, extra: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' } }, 'ConsoleLogin as the new IAM user');
  return draft(id, 'aws-federation-persistence', variant, `${variant === 'saml-from-vps' ? 'AssumeRoleWithSAML as ' + u.upn + ' from a VPS' : 'The AWS role session of ' + u.upn + ' reused from a VPS and chained into the security account'}, then IAM user ${newUser} with a key, admin policy and console password.`, { accounts: [u.upn], ips, cloud }, ['T1021.007', 'T1078.004', 'T1136.003', 'T1098.001']);
}

// ---------------------------------------------------------------- sp-credential-abuse
function spCredential(c: Ctx, d: number, id: string): LabelDraft {
  const r = c.r, org = c.org;
  const u = victim(c, ['itadmin', 'devops']);
  const app = r.pick(org.apps.filter((a) => a.name !== 'Terraform Deployer'));
  const cred = r.pick(['secret', 'certificate'] as const);
  const level = r.pick(['application', 'service-principal'] as const);
  const variant = `${cred}-on-${level}`;
  const at = vps(r, {});
  const spAt = r.chance(0.5) ? at : vps(r, {});
  let t = c.local(d, r.int(17, 22) + r.next(), u.home);
  c.signIn({ t, who: c.who(u), app: APP.graphCli, res: RES.graph, at, ua: 'Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.19045; en-US) PowerShell/7.4.6', interactive: true, device: null, os: 'Windows 10', mfa: 'push', session: r.uuid(), corr: r.uuid(), uti: r.token() }, 'admin signs in to Graph PowerShell from a VPS');
  t += r.int(3, 10) * MIN;
  const keyId = r.uuid();
  const thumb = r.hex(40).toUpperCase();
  const keyDesc = `[KeyIdentifier="${keyId}",KeyType="${cred === 'secret' ? 'Password' : 'AsymmetricX509Cert'}",KeyUsage="${cred === 'secret' ? 'Verify' : 'Verify'}",DisplayName="${cred === 'secret' ? 'sync' : 'CN=' + app.name.replace(/ /g, '')}"]`;
  const by = { upn: u.upn, id: u.objectId, ip: at.ip, display: u.display };
  if (level === 'application') {
    c.audit({ t, op: 'Update application – Certificates and secrets management ', category: 'ApplicationManagement', by, targets: [{ type: 'Application', displayName: app.name, id: app.objectId, props: [{ displayName: 'KeyDescription', oldValue: `[[KeyIdentifier="${app.keyId}"]]`, newValue: `[[KeyIdentifier="${app.keyId}"],${keyDesc}]` }] }], details: { AppId: app.appId } }, 'new credential on the application');
    c.audit({ t: t + 1000, op: 'Update application', category: 'ApplicationManagement', by, targets: [{ type: 'Application', displayName: app.name, id: app.objectId }], details: { AppId: app.appId } });
  } else {
    c.audit({ t, op: 'Add service principal credentials', category: 'ApplicationManagement', by, targets: [{ type: 'ServicePrincipal', displayName: app.name, id: app.spId, props: [{ displayName: 'KeyDescription', oldValue: '[]', newValue: `[${keyDesc}]` }] }], details: { AppId: app.appId } }, 'new credential on the service principal');
    c.audit({ t: t + 1000, op: 'Update service principal', category: 'ApplicationManagement', by, targets: [{ type: 'ServicePrincipal', displayName: app.name, id: app.spId }], details: { AppId: app.appId } });
  }
  t += r.int(5, 40) * MIN;
  for (let i = 0; i < r.int(4, 9); i++) {
    c.appSignIn({ t, table: 'AADServicePrincipalSignInLogs', name: app.name, appId: app.appId, spId: app.spId, res: RES.graph, at: spAt, credType: cred === 'secret' ? 'clientSecret' : 'clientAssertion', keyId, thumbprint: cred === 'certificate' ? thumb : undefined }, i === 0 ? 'the app signs in with the new credential from a new address' : undefined);
    t += r.int(2, 15) * MIN;
  }
  const spBy = { app: app.name, spId: app.spId, appId: app.appId };
  const target = r.pick(org.users.filter((x) => x.role === 'itadmin'));
  c.audit({ t, op: 'Add app role assignment to service principal', category: 'ApplicationManagement', by: spBy, targets: [{ type: 'ServicePrincipal', displayName: app.name, id: app.spId, props: [{ displayName: 'AppRole.Value', oldValue: '', newValue: '"RoleManagement.ReadWrite.Directory"' }] }] }, 'the app grants itself a directory permission');
  c.audit({ t: t + 4 * MIN, op: 'Add member to role', category: 'RoleManagement', by: spBy, targets: [{ type: 'User', displayName: target.display, id: target.objectId, upn: target.upn }, { type: 'Role', displayName: 'Privileged Authentication Administrator', id: r.uuid() }] }, 'the app adds a member to a privileged role');
  return draft(id, 'sp-credential-abuse', variant, `Midnight Blizzard style: ${u.upn} (signed in from ${at.org}) adds a ${cred} to ${level === 'application' ? 'the application' : 'the service principal'} "${app.name}", which then signs in from ${spAt.ip} and changes the directory.`, { accounts: [u.upn], ips: [...new Set([at.ip, spAt.ip])], cloud: [app.name, app.appId, app.spId, keyId] }, ['T1021.007', 'T1098.001', 'T1550.001']);
}

// ---------------------------------------------------------------- low-and-slow
function lowAndSlow(c: Ctx, d: number, id: string): LabelDraft {
  const r = c.r, org = c.org;
  const u = victim(c, ['staff', 'sales', 'exec']);
  const variant = r.pick(['residential-proxy-domestic', 'vps-abroad', 'mobile-neighbour-country']);
  const at = variant === 'residential-proxy-domestic' ? residential(r, u.home_.country) : variant === 'vps-abroad' ? vps(r, { notCountries: [u.home_.country] }) : mobile(r, otherCountry(r, [u.home_.country]));
  const n = Math.min(r.int(3, 7), org.days - 1 - d);
  const ua = r.pick([CHROME_WIN, 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15']);
  for (let k = 0; k < Math.max(3, n); k++) {
    const day = Math.min(d + k, org.days - 1);
    const t = c.local(day, r.int(5, 22) + r.next(), u.home) - (k >= n ? 0 : 0);
    const session = r.uuid();
    c.signIn({ t, who: c.who(u), app: r.pick([APP.officeHome, APP.office] as AppRef[]), res: RES.exchange, at, ua, interactive: true, device: attackerBrowser, mfa: 'claim', session, corr: r.uuid(), uti: r.token() }, `daily sign-in ${k + 1}`);
    for (let i = 0; i < r.int(1, 3); i++) c.signIn({ t: t + r.int(2, 25) * MIN, who: c.who(u), app: APP.office, res: r.pick([RES.exchange, RES.graph]), at, ua, interactive: false, device: attackerBrowser, mfa: 'claim', session, corr: r.uuid(), uti: r.token() });
  }
  return draft(id, 'low-and-slow', variant, `One quiet sign-in a day for ${Math.max(3, n)} days as ${u.upn} from ${at.ip} (${at.org}, ${at.country}), reading mail and Graph.`, { accounts: [u.upn], ips: [at.ip], cloud: [u.upn] }, ['T1021.007', 'T1078.004', 'T1114.002']);
}

// ---------------------------------------------------------------- cloud-cli-unusual-host
function cliHost(c: Ctx, d: number, id: string): LabelDraft {
  const r = c.r, org = c.org;
  const u = victim(c, ['itadmin', 'devops']);
  const variant = r.pick(['powershell-encodedcommand', 'full-path-az', '8dot3-path-az', 'pwsh-linux', 'aws-and-gcloud']);
  const linux = variant === 'pwsh-linux';
  const srv = linux ? { ...org.arcServer, name: org.arcServer.os === 'Linux' ? org.arcServer.name : `${org.short.toLowerCase()}-lnx-util01`, os: 'Linux' as const } : r.pick([org.jump, org.fileServer]);
  const host = { name: srv.name, mdeId: linux && org.arcServer.os !== 'Linux' ? r.hex(40) : srv.mdeId, os: srv.os };
  const at = c.egress(0, c.local(d, 12, 0));
  let t = c.local(d, r.int(7, 21) + r.next(), 0);
  const rdp = { file: 'explorer.exe', folder: 'C:\\Windows', cmd: 'C:\\Windows\\Explorer.EXE' };
  const cmdExe = { file: 'cmd.exe', folder: 'C:\\Windows\\System32', cmd: '"C:\\Windows\\system32\\cmd.exe" ' };
  const step = 'cloud CLI on a host this account never used for it';
  switch (variant) {
    case 'powershell-encodedcommand': {
      const script = `Connect-AzAccount -UseDeviceAuthentication; Get-AzRoleAssignment | Export-Csv $env:TEMP\\ra.csv; Connect-MgGraph -Scopes Directory.Read.All`;
      const enc = Buffer.from(script, 'utf16le').toString('base64');
      c.proc({ t, host, sam: u.sam, upn: u.upn, sid: u.sid, oid: u.objectId, file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', cmd: `powershell.exe -nop -w hidden -EncodedCommand ${enc}`, parent: cmdExe, gparent: 'explorer.exe' }, step);
      c.signIn({ t: t + 40000, who: c.who(u), app: APP.azPs, res: RES.arm, at, ua: 'Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.20348; en-US) PowerShell/5.1.20348.2849', interactive: true, device: null, os: 'Windows Server', mfa: 'push', session: r.uuid(), corr: r.uuid(), uti: r.token(), protocol: 'deviceCode' }, 'Azure PowerShell sign-in (device code)');
      c.signIn({ t: t + 90000, who: c.who(u), app: APP.graphCli, res: RES.graph, at, ua: 'Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.20348; en-US) PowerShell/5.1.20348.2849', interactive: true, device: null, os: 'Windows Server', mfa: 'claim', session: r.uuid(), corr: r.uuid(), uti: r.token() });
      break;
    }
    case 'full-path-az':
    case '8dot3-path-az': {
      const path = variant === 'full-path-az' ? 'C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\wbin' : 'C:\\PROGRA~1\\MICROS~2\\Azure\\CLI2\\wbin';
      const exe = variant === 'full-path-az' ? `"${path}\\az.cmd"` : `${path}\\az.cmd`;
      c.proc({ t, host, sam: u.sam, upn: u.upn, sid: u.sid, oid: u.objectId, file: 'cmd.exe', folder: 'C:\\Windows\\System32', cmd: `C:\\Windows\\system32\\cmd.exe /c ${exe} login --use-device-code`, parent: rdp }, step);
      c.proc({ t: t + 1500, host, sam: u.sam, upn: u.upn, sid: u.sid, oid: u.objectId, file: 'python.exe', folder: 'C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2', cmd: `"C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\python.exe" -IBm azure.cli login --use-device-code`, parent: cmdExe });
      c.signIn({ t: t + 50000, who: c.who(u), app: APP.azCli, res: RES.arm, at, ua: 'MSAL.Python/1.31.0 Python/3.11.9 (Windows-2022Server-10.0.20348-SP0) azure-cli/2.67.0', interactive: true, device: null, os: 'Windows Server', mfa: 'push', session: r.uuid(), corr: r.uuid(), uti: r.token(), protocol: 'deviceCode' }, 'Azure CLI sign-in');
      for (const sub of ['role assignment list --all', 'ad sp list --all', 'keyvault list']) c.proc({ t: t + r.int(2, 20) * MIN, host, sam: u.sam, upn: u.upn, sid: u.sid, oid: u.objectId, file: 'cmd.exe', folder: 'C:\\Windows\\System32', cmd: `C:\\Windows\\system32\\cmd.exe /c ${exe} ${sub}`, parent: rdp });
      break;
    }
    case 'pwsh-linux': {
      const parent = { file: 'bash', folder: '/usr/bin', cmd: '-bash' };
      c.proc({ t, host, sam: u.sam, upn: u.upn, sid: u.sid, oid: u.objectId, file: 'pwsh', folder: '/opt/microsoft/powershell/7', cmd: `pwsh -NoProfile -Command "Install-Module Az.Accounts -Scope CurrentUser -Force; Connect-AzAccount -UseDeviceAuthentication; Get-AzKeyVault"`, parent, gparent: 'sshd' }, step);
      c.signIn({ t: t + 70000, who: c.who(u), app: APP.azPs, res: RES.arm, at, ua: 'Mozilla/5.0 (Linux; Ubuntu 22.04.5 LTS; en-US) PowerShell/7.4.6', interactive: true, device: null, os: 'Linux', mfa: 'push', session: r.uuid(), corr: r.uuid(), uti: r.token(), protocol: 'deviceCode' }, 'Azure PowerShell sign-in from Linux pwsh');
      break;
    }
    case 'aws-and-gcloud': {
      c.proc({ t, host, sam: u.sam, upn: u.upn, sid: u.sid, oid: u.objectId, file: 'aws.exe', folder: 'C:\\Program Files\\Amazon\\AWSCLIV2', cmd: '"C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe" configure sso --profile ops', parent: cmdExe }, step);
      awsSession(c, u, t + 60000, at, 'cli', { role: org.aws.roles[0], account: org.aws.accounts[0]!.id, calls: ['GetCallerIdentity', 'ListUsers', 'ListRoles', 'GetAccountAuthorizationDetails'], step: 'AWS SAML session from the server' });
      c.proc({ t: t + 8 * MIN, host, sam: u.sam, upn: u.upn, sid: u.sid, oid: u.objectId, file: 'gcloud.cmd', folder: 'C:\\Program Files (x86)\\Google\\Cloud SDK\\google-cloud-sdk\\bin', cmd: 'gcloud auth login --no-launch-browser', parent: cmdExe });
      c.gcp({ t: t + 10 * MIN, project: org.gcp.project, principal: u.upn, method: 'GetIamPolicy', service: 'cloudresourcemanager.googleapis.com', resource: `projects/${org.gcp.project}`, resType: 'project', ip: at.ip, ua: gcloudUa('Windows'), activity: false });
      break;
    }
  }
  return draft(id, 'cloud-cli-unusual-host', variant, `APT29 style: ${u.upn}'s on-premises account runs a cloud CLI (${variant}) on ${host.name}, a server it never used for that, and signs in to the cloud control plane.`, { accounts: [u.upn, u.sam], devices: [host.name.toLowerCase(), `${host.name.toLowerCase()}.${org.adDomain}`], cloud: [u.upn] }, ['T1021.007', 'T1059.001']);
}

// ---------------------------------------------------------------- impossible-travel
function impossibleTravel(c: Ctx, d: number, id: string): LabelDraft {
  const r = c.r;
  const u = victim(c, ['staff', 'sales', 'exec', 'devops', 'itadmin']);
  const variant = r.pick(['vps-other-continent', 'residential-other-continent']);
  const t0 = c.local(d, r.int(9, 14) + r.next(), u.home);
  const here = c.trusted(c.egress(u.home, t0).ip, t0) && r.chance(0.5) ? c.egress(u.home, t0) : u.home_;
  c.session(u, t0, here, { step: 'victim at home or office', refreshes: 1 });
  const far = farCountry(r, here, 5000);
  const at = variant === 'vps-other-continent' ? vps(r, { country: far }) : residential(r, far);
  const t1 = t0 + r.int(35, 110) * MIN;
  const s = c.session(u, t1, at, { device: attackerBrowser, ua: CHROME_WIN, mfa: 'push', step: 'sign-in from another continent', refreshes: 2, spanMin: 15 });
  c.signIn({ t: t1 + 20 * MIN, who: c.who(u), app: APP.portal, res: RES.arm, at, ua: CHROME_WIN, interactive: true, device: attackerBrowser, mfa: 'claim', session: s, corr: r.uuid(), uti: r.token() }, 'Azure Portal');
  return draft(id, 'impossible-travel', variant, `${u.upn} signs in from ${here.country} and ${Math.round((t1 - t0) / MIN)} minutes later from ${at.country} (${at.org}), then opens the Azure Portal.`, { accounts: [u.upn], ips: [at.ip], cloud: [u.upn] }, ['T1021.007', 'T1078.004']);
}

// ---------------------------------------------------------------- sync-account (Storm-0501)
function syncAccount(c: Ctx, d: number, id: string): LabelDraft {
  const r = c.r, org = c.org;
  const variant = r.pick(['sync-creds-from-vps', 'non-sync-work-on-sync-server', 'sync-creds-on-other-host']);
  const sync = { upn: org.syncUpn, display: 'On-Premises Directory Synchronization Service Account', objectId: org.syncObjectId };
  const admin = victim(c, ['itadmin']);
  let t = c.local(d, r.int(1, 5) + r.next(), 0);
  const hostSrv = variant === 'sync-creds-on-other-host' ? org.jump : org.syncServer;
  const ips: string[] = [];
  const devices = [hostSrv.name.toLowerCase(), `${hostSrv.name.toLowerCase()}.${org.adDomain}`];
  const psParent = { file: 'cmd.exe', folder: 'C:\\Windows\\System32', cmd: '"C:\\Windows\\system32\\cmd.exe"' };
  const aadint = `powershell.exe -ep bypass -c "Import-Module .\\AADInternals.psd1; $c = Get-AADIntSyncCredentials; Get-AADIntAccessTokenForAADGraph -Credentials $c -SaveToCache"`;
  c.proc({ t, host: hostSrv, sam: r.pick(admin.sam ? [admin.sam] : ['administrator']), upn: admin.upn, sid: admin.sid, file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', cmd: aadint, parent: psParent, elevated: true, gparent: 'explorer.exe' }, 'sync credentials extracted with AADInternals');
  const at = variant === 'sync-creds-from-vps' ? vps(r, {}) : c.egress(0, t);
  if (variant === 'sync-creds-from-vps') ips.push(at.ip);
  t += r.int(5, 60) * MIN;
  c.signIn({ t, who: sync, app: variant === 'sync-creds-from-vps' ? APP.aadPs : APP.graphCli, res: variant === 'sync-creds-from-vps' ? RES.aadGraph : RES.graph, at, ua: 'Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.20348; en-US) PowerShell/5.1.20348.2849', interactive: false, device: null, os: 'Windows Server', mfa: 'none', session: '', corr: r.uuid(), uti: r.token(), protocol: 'ropc' }, 'Sync_ account signs in with a non-sync client');
  t += r.int(1, 5) * MIN;
  c.audit({ t, op: 'Reset user password', category: 'UserManagement', by: { upn: sync.upn, id: sync.objectId, ip: at.ip, display: sync.display }, targets: [{ type: 'User', displayName: admin.display, id: admin.objectId, upn: admin.upn }] }, 'Sync_ resets a cloud admin\'s password');
  c.audit({ t: t + 2000, op: 'Update user', category: 'UserManagement', by: { upn: sync.upn, id: sync.objectId, ip: at.ip, display: sync.display }, targets: [{ type: 'User', displayName: admin.display, id: admin.objectId, upn: admin.upn, props: [{ displayName: 'PasswordProfile', oldValue: '', newValue: '' }] }] });
  const at2 = vps(r, {});
  ips.push(at2.ip);
  t += r.int(10, 50) * MIN;
  const s = c.session(admin, t, at2, { app: APP.portal, res: RES.arm, device: attackerBrowser, ua: CHROME_WIN, mfa: 'sms', step: 'the admin account used from a VPS', refreshes: 2 });
  c.audit({ t: t + 12 * MIN, op: 'Add member to role', category: 'RoleManagement', by: { upn: admin.upn, id: admin.objectId, ip: at2.ip, display: admin.display }, targets: [{ type: 'User', displayName: admin.display, id: admin.objectId, upn: admin.upn }, { type: 'Role', displayName: 'Global Administrator', id: r.uuid() }] }, 'Global Administrator added');
  c.signIn({ t: t + 20 * MIN, who: c.who(admin), app: APP.azCli, res: RES.arm, at: at2, ua: 'MSAL.Python/1.31.0 Python/3.11.9 (Linux-6.8.0-49-generic-x86_64-with-glibc2.39) azure-cli/2.67.0', interactive: false, device: null, os: 'Linux', mfa: 'claim', session: s, corr: r.uuid(), uti: r.token() });
  return draft(id, 'sync-account', variant, `Storm-0501 style: the Entra Connect account ${sync.upn} used ${variant === 'sync-creds-from-vps' ? 'from a VPS' : variant === 'non-sync-work-on-sync-server' ? 'on the sync server for non-sync work' : 'from ' + hostSrv.name} to reset ${admin.upn}'s password; that admin then signs in from a VPS and becomes Global Administrator.`, { accounts: [sync.upn, admin.upn], devices, ips, cloud: [sync.upn, admin.upn] }, ['T1021.007', 'T1078.002', 'T1098']);
}

// ---------------------------------------------------------------- ec2-instance-creds
function ec2Creds(c: Ctx, d: number, id: string): LabelDraft {
  const r = c.r, org = c.org;
  const inst = r.pick(org.aws.instances);
  const variant = r.pick(['vps-abroad', 'attacker-ec2-other-region', 'ssm-then-exfil']);
  const otherRegion = r.pick(['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'].filter((x) => x !== inst.region));
  const at = variant === 'attacker-ec2-other-region' ? ec2(r, otherRegion) : vps(r, {});
  const key = `ASIA${inst.id.slice(2, 18).toUpperCase()}`;
  const arn = `arn:aws:sts::${inst.account}:assumed-role/${inst.role}/${inst.id}`;
  const ident = { type: 'AssumedRole', principalId: `AROA${inst.role.length}${key.slice(5, 20)}:${inst.id}`, arn, accountId: inst.account, accessKeyId: key, sessionContext: { sessionIssuer: { type: 'Role', principalId: `AROA${inst.role.length}${key.slice(5, 20)}`, arn: `arn:aws:iam::${inst.account}:role/${inst.role}`, accountId: inst.account, userName: inst.role }, attributes: { creationDate: new Date(c.day(d)).toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: 'false' }, ec2RoleDelivery: '1.0' } };
  let t = c.day(d) + r.int(1, 22) * HOUR;
  const accounts: string[] = [];
  const ips = [at.ip];
  const cloud = [arn, inst.id, key];
  if (variant === 'ssm-then-exfil') {
    const u = victim(c, ['devops'], (x) => x.aws);
    accounts.push(u.upn);
    const adminAt = vps(r, {});
    ips.push(adminAt.ip);
    const s = awsSession(c, u, t, adminAt, 'cli', { role: org.aws.roles[0], account: inst.account, calls: ['DescribeInstances'], step: 'admin session from a VPS (Scattered Spider)' });
    cloud.push(s.arn);
    t += 10 * MIN;
    c.ct({ t, name: 'SendCommand', source: 'ssm.amazonaws.com', region: inst.region, ip: at.ip, ua: awsCliUa('Linux'), account: inst.account, identity: samlIdentity(org, inst.account, org.aws.roles[0]!, u, s.key, t - 10 * MIN), req: { instanceIds: [inst.id], documentName: 'AWS-RunShellScript', parameters: 'HIDDEN_DUE_TO_SECURITY_REASONS' } }, 'SSM SendCommand to the instance');
    t += 5 * MIN;
  }
  const calls: [string, [string, string] | undefined][] = [['GetCallerIdentity', undefined], ['ListBuckets', undefined], ['ListRoles', undefined], ['ListAttachedRolePolicies', undefined], ['GetSecretValue', undefined], ['CreateAccessKey', ['AccessDenied', `User: ${arn} is not authorized to perform: iam:CreateAccessKey`]], ['AssumeRole', undefined]];
  for (const [i, [name, err]] of calls.entries()) {
    c.ct({ t, name, source: SOURCE[name]!, region: inst.region, ip: at.ip, ua: r.pick([awsCliUa('Linux'), 'Boto3/1.35.60 md/Botocore#1.35.60 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.6 Botocore/1.35.60']), account: inst.account, identity: ident, error: err,
      req: name === 'AssumeRole' ? { roleArn: `arn:aws:iam::${org.aws.accounts[2]!.id}:role/${org.aws.prefix}-Admin`, roleSessionName: inst.id } : null }, i === 0 ? 'instance role credentials used outside the instance' : name === 'AssumeRole' ? 'AssumeRole with the instance credentials' : undefined);
    t += r.int(10, 120) * 1000;
  }
  return draft(id, 'ec2-instance-creds', variant, `Instance-role credentials of ${inst.id} (${inst.role}) used from ${at.ip} (${at.org}, ${at.country}), outside the instance, to enumerate and escalate.`, { accounts, ips, cloud, devices: [inst.id] }, ['T1021.007', 'T1552.005', 'T1078.004']);
}

// ---------------------------------------------------------------- gcp-keys
function gcpKeys(c: Ctx, d: number, id: string): LabelDraft {
  const r = c.r, org = c.org;
  const variant = r.pick(['sa-key-new-source', 'user-credentials-stolen', 'key-created-then-used']);
  const at = vps(r, {});
  let t = c.day(d) + r.int(0, 22) * HOUR + r.int(0, 59) * MIN;
  const p = org.gcp.project;
  const accounts: string[] = [], cloud: string[] = [], ips = [at.ip];
  const sa = org.gcp.sas[variant === 'user-credentials-stolen' ? 0 : r.int(0, 2)]!;
  const keyName = (k: string): string => `//iam.googleapis.com/projects/${p}/serviceAccounts/${sa}/keys/${k}`;
  const ua = 'google-cloud-sdk gcloud/499.0.0 command/gcloud.storage.ls invocation-id/5b1 environment/None client-os/LINUX interactive/True python/3.12.3';
  let principal = sa, key = r.hex(40);
  if (variant === 'user-credentials-stolen') {
    const u = victim(c, ['devops'], (x) => x.gcp);
    principal = u.upn; accounts.push(u.upn); cloud.push(u.upn);
  } else if (variant === 'key-created-then-used') {
    const u = victim(c, ['devops', 'itadmin']);
    accounts.push(u.upn); cloud.push(u.upn, sa);
    const at0 = vps(r, {}); ips.push(at0.ip);
    c.gcp({ t, project: p, principal: u.upn, method: 'google.iam.admin.v1.CreateServiceAccountKey', service: 'iam.googleapis.com', resource: `projects/-/serviceAccounts/${sa}`, resType: 'service_account', ip: at0.ip, ua: gcloudUa('Linux'), request: { name: `projects/-/serviceAccounts/${sa}`, '@type': 'type.googleapis.com/google.iam.admin.v1.CreateServiceAccountKeyRequest' } }, 'a user creates a key for a service account');
    t += r.int(10, 90) * MIN;
  } else {
    cloud.push(sa);
    key = 'c1'.repeat(20).replace(/^c1/, r.hex(2));
  }
  if (principal === sa) cloud.push(keyName(key));
  const methods: [string, string, string][] = [['storage.buckets.list', 'storage.googleapis.com', `projects/_/buckets`], ['storage.objects.list', 'storage.googleapis.com', `projects/_/buckets/${p}-exports`], ['v1.compute.instances.list', 'compute.googleapis.com', `projects/${p}/zones/europe-west1-b/instances`], ['GetIamPolicy', 'cloudresourcemanager.googleapis.com', `projects/${p}`], ['SetIamPolicy', 'cloudresourcemanager.googleapis.com', `projects/${p}`], ['google.iam.admin.v1.CreateServiceAccountKey', 'iam.googleapis.com', `projects/-/serviceAccounts/${org.gcp.sas[2]}`]];
  for (const [i, [method, service, resource]] of methods.entries()) {
    c.gcp({ t, project: p, principal, method, service, resource, resType: service.startsWith('storage') ? 'gcs_bucket' : service.startsWith('iam') ? 'service_account' : 'project', ip: at.ip, ua, activity: /Set|Create/.test(method), saKeyName: principal === sa ? keyName(key) : undefined,
      request: method === 'SetIamPolicy' ? { policy: { bindings: [{ role: 'roles/owner', members: [`user:${r.pick(['ops.contractor', 'gcp.audit', 'it.support'])}.${r.int(10, 99)}@gmail.com`] }] }, '@type': 'type.googleapis.com/google.iam.v1.SetIamPolicyRequest' } : undefined }, i === 0 ? 'credentials used from a new source' : method === 'SetIamPolicy' ? 'SetIamPolicy adds an outside owner' : undefined);
    t += r.int(20, 300) * 1000;
  }
  return draft(id, 'gcp-keys', variant, `GCP ${principal === sa ? 'service-account key of ' + sa : 'user credentials of ' + principal} used from ${at.ip} (${at.org}), a new source, to list data and change IAM.`, { accounts, ips, cloud }, ['T1021.007', 'T1552.001', 'T1078.004']);
}

// ---------------------------------------------------------------- other: Azure Arc managed identity pivot
function arcPivot(c: Ctx, d: number, id: string): LabelDraft {
  const r = c.r, org = c.org;
  const srv = org.arcServer;
  const mi = org.mis[org.mis.length - 1]!;
  const variant = `arc-himds-token-${srv.os === 'Linux' ? 'linux-curl' : 'windows-powershell'}`;
  const u = victim(c, ['itadmin', 'devops', 'staff']);
  let t = c.local(d, r.int(0, 23) + r.next(), 0);
  const host = { name: srv.name, mdeId: srv.mdeId };
  if (srv.os === 'Linux') {
    const parent = { file: 'bash', folder: '/usr/bin', cmd: '-bash' };
    c.proc({ t, host, sam: u.sam, upn: u.upn, sid: u.sid, oid: u.objectId, file: 'curl', folder: '/usr/bin', cmd: 'curl -s -D - -H Metadata:true "http://127.0.0.1:40342/metadata/identity/oauth2/token?api-version=2020-06-01&resource=https://management.azure.com/"', parent, gparent: 'sshd' }, 'challenge from the Arc agent (HIMDS)');
    c.proc({ t: t + 8000, host, sam: 'root', upn: '', sid: 'S-1-5-21-0-0-0-0', file: 'cat', folder: '/usr/bin', cmd: 'cat /var/opt/azcmagent/tokens/' + r.hex(8) + '.key', parent: { file: 'sudo', folder: '/usr/bin', cmd: 'sudo cat /var/opt/azcmagent/tokens/*.key' }, elevated: true }, 'the challenge key read as root');
    c.proc({ t: t + 15000, host, sam: u.sam, upn: u.upn, sid: u.sid, oid: u.objectId, file: 'curl', folder: '/usr/bin', cmd: 'curl -s -H Metadata:true -H "Authorization: Basic $(cat /tmp/k)" "http://127.0.0.1:40342/metadata/identity/oauth2/token?api-version=2020-06-01&resource=https://vault.azure.net"', parent });
  } else {
    const ps = { file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0' };
    c.proc({ t, host, sam: u.sam, upn: u.upn, sid: u.sid, oid: u.objectId, ...ps, cmd: 'powershell.exe -c "try { Invoke-WebRequest -UseBasicParsing -Uri \'http://localhost:40342/metadata/identity/oauth2/token?api-version=2020-06-01&resource=https%3A%2F%2Fmanagement.azure.com\' -Headers @{Metadata=\'true\'} } catch { $_.Exception.Response.Headers[\'WWW-Authenticate\'] }"', parent: { file: 'cmd.exe', folder: 'C:\\Windows\\System32', cmd: 'cmd.exe' }, elevated: true }, 'challenge from the Arc agent (HIMDS)');
    c.proc({ t: t + 9000, host, sam: u.sam, upn: u.upn, sid: u.sid, oid: u.objectId, ...ps, cmd: 'powershell.exe -c "$k = Get-Content C:\\ProgramData\\AzureConnectedMachineAgent\\Tokens\\*.key; Invoke-RestMethod -Uri \'http://localhost:40342/metadata/identity/oauth2/token?api-version=2020-06-01&resource=https%3A%2F%2Fvault.azure.net\' -Headers @{Metadata=\'true\'; Authorization=\\"Basic $k\\"}"', parent: { file: 'cmd.exe', folder: 'C:\\Windows\\System32', cmd: 'cmd.exe' }, elevated: true }, 'token requested with the challenge key');
  }
  t += 20000;
  const resources: [string, string][] = [['Azure Resource Manager', '797f4846-ba00-4fd7-ba43-dac1f8f63013'], ['Azure Key Vault', 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093'], ['Microsoft Graph', '00000003-0000-0000-c000-000000000000'], ['Azure Storage', 'e406a681-f3d4-42a8-90b6-c2b029497af1']];
  for (const [i, res] of resources.entries()) {
    c.appSignIn({ t: t + i * r.int(20, 200) * 1000, table: 'AADManagedIdentitySignInLogs', name: mi.name, appId: mi.appId, spId: mi.spId, res, at: null, miResource: mi.resourceId }, i === 0 ? 'Arc machine identity token for ARM' : i === 1 ? 'tokens for resources the machine never used' : undefined);
  }
  return draft(id, 'other', variant, `Lateral movement from the on-premises server ${srv.name} into Azure: a local account asks the Azure Arc agent (HIMDS, port 40342) for the machine's managed-identity tokens and uses them on ARM, Key Vault, Graph and Storage, resources that identity never used.`, { accounts: [u.upn, u.sam], devices: [srv.name.toLowerCase(), `${srv.name.toLowerCase()}.${org.adDomain}`], cloud: [mi.name, mi.spId, mi.resourceId] }, ['T1021.007', 'T1552.005', 'T1528']);
}
