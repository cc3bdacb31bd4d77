import type { Ctx } from './ctx.js';
import { samlIdentity, awsCliUa, CONSOLE_UA, gcloudUa, browserUa } from './ctx.js';
import type { User } from './org.js';
import { APP, RES, type AppRef } from './apps.js';
import { HOUR, MIN, DAY } from './sink.js';
import { GCP_NET, ipIn, place, countryOf, type Place } from './net.js';

/**
 * The month of ordinary work that every scenario hides in: people signing in from office, home and
 * phone in their own time zone; engineers using cloud CLIs on their own machines, AWS through the
 * SAML federation and GCP with gcloud; administrators changing the directory; CI agents, service
 * principals, managed identities, EC2 instances and GCP service accounts on their schedules; the
 * Entra Connect sync account doing its sync.
 */
export function background(c: Ctx, egressLabel?: string): void {
  const { org } = c;
  const pto = new Map<number, Set<number>>();
  for (const u of org.users) { const s = new Set<number>(); const n = c.r.int(0, 3); for (let i = 0; i < n; i++) s.add(c.r.int(0, org.days - 1)); pto.set(u.idx, s); }
  for (let d = 0; d < org.days; d++) {
    for (const u of org.users) {
      if (u.hireDay > d) continue;
      if (u.reimage && d === u.reimage.day) u.device = u.reimage.device;
      if (u.away?.some((a) => d >= a.from && d <= a.to)) continue;
      c.sink.scenario = u.scen?.get(d) ?? (d === org.egressChangeDay && egressLabel ? egressLabel : undefined);
      if (!c.isWorkday(d) && !c.r.chance(u.role === 'devops' || u.role === 'itadmin' ? 0.12 : 0.04)) { phone(c, u, d, 1); continue; }
      if (pto.get(u.idx)!.has(d)) { phone(c, u, d, 1); continue; }
      workday(c, u, d);
    }
    c.sink.scenario = undefined;
    services(c, d);
  }
}

function where(c: Ctx, u: User, d: number): Place {
  if (u.swgFrom !== undefined && d >= u.swgFrom && u.swgPops) return c.r.pick(u.swgPops);
  if (u.vpn?.days.has(d)) return c.r.pick(u.vpn.exits);
  return c.r.chance(u.officeDays) ? c.egress(u.home, c.local(d, 12, u.home)) : u.home_;
}

function workday(c: Ctx, u: User, d: number): void {
  const r = c.r;
  const start = c.local(d, u.startHour + r.normal(0, 0.3), u.home);
  const end = start + (8 + r.normal(0.5, 0.6)) * HOUR;
  const at = where(c, u, d);
  const dev = u.device;
  // Monday (or first day) re-sign-in starts a new session; otherwise the PRT session goes on.
  if (c.weekday(d) === 1 || d === 0) u.sessionId = r.uuid();
  const trusted = c.trusted(at.ip, start);
  if (dev.os === 'Windows') {
    c.signIn({ t: start, who: c.who(u), app: APP.windowsSignIn, res: RES.aadGraph, at, ua: 'Windows-AzureAD-Authentication-Provider/1.0', interactive: true, device: dev, mfa: trusted ? 'none' : 'claim', session: u.sessionId, corr: r.uuid(), uti: r.token(), tokenType: 'primaryRefreshToken', clientApp: 'Mobile Apps and Desktop clients' });
  }
  // occasional failures and prompts before the real sign-in
  if (r.chance(0.03)) c.signIn({ t: start + 20000, who: c.who(u), app: APP.officeHome, res: RES.graph, at, ua: browserUa(dev.os, r), interactive: true, device: dev, result: '50126', session: r.uuid(), corr: r.uuid(), uti: r.token() });
  const prompt = !trusted && r.chance(0.12);
  if (prompt) c.signIn({ t: start + 60000, who: c.who(u), app: APP.officeHome, res: RES.graph, at, ua: browserUa(dev.os, r), interactive: true, device: dev, result: '50074', mfa: 'push', session: u.sessionId, corr: r.uuid(), uti: r.token() });
  c.signIn({ t: start + 90000, who: c.who(u), app: r.pick([APP.officeHome, APP.office, APP.teams]), res: RES.graph, at, ua: browserUa(dev.os, r), interactive: true, device: dev, mfa: trusted ? 'none' : prompt ? 'push' : 'claim', session: u.sessionId, corr: r.uuid(), uti: r.token() });
  // token refreshes through the day
  for (let t = start + r.int(20, 60) * MIN; t < end; t += r.int(50, 110) * MIN) {
    const [app, res] = r.pick([[APP.office, RES.exchange], [APP.teams, RES.teams], [APP.office, RES.sharepoint], [APP.teams, RES.graph], [APP.office, RES.graph]] as [AppRef, AppRef][]);
    // behind the web gateway each request may leave through another point of presence
    const via = u.swgFrom !== undefined && d >= u.swgFrom && u.swgPops && r.chance(0.5) ? r.pick(u.swgPops) : at;
    c.signIn({ t, who: c.who(u), app, res, at: via, ua: app === APP.teams ? 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0 Teams/24295.605.3225.8804/49' : 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.18129; Pro)', interactive: false, device: dev, mfa: 'claim', session: u.sessionId, corr: r.uuid(), uti: r.token() });
  }
  phone(c, u, d, r.int(1, 3));
  endpoint(c, u, start, end);
  if (u.role === 'devops') devops(c, u, d, start, end, at);
  if (u.role === 'itadmin') itadmin(c, u, start, end);
  if (u.role === 'helpdesk' && r.chance(0.5)) helpdesk(c, u, start);
}

/** The phone keeps its own long-lived session (another device, another refresh token). */
const PHONE_SESSIONS = new WeakMap<User, string>();
function phoneSession(u: User): string { let s = PHONE_SESSIONS.get(u); if (!s) PHONE_SESSIONS.set(u, (s = u.objectId.replace(/^.{8}/, u.sessionId.slice(0, 8)))); return s; }
function phone(c: Ctx, u: User, d: number, n: number): void {
  const r = c.r, k = countryOf(u.home_.country);
  const cell = place(ipIn(r, r.pick(k.mobile.cidrs)), k.mobile, k.code, u.city);
  for (let i = 0; i < n; i++) {
    const t = c.local(d, r.int(7, 21) + r.next(), u.home);
    c.signIn({ t, who: c.who(u), app: APP.outlookMobile, res: RES.exchange, at: r.chance(0.5) ? cell : u.swgFrom !== undefined && d >= u.swgFrom ? cell : u.home_, ua: u.phone.os === 'iOS' ? 'Outlook-iOS/2.0' : 'Outlook-Android/2.0', interactive: false, device: { name: u.phone.model, aadId: '', os: u.phone.os, browser: 'Rich Client', trust: '', compliant: false }, mfa: 'claim', session: phoneSession(u), corr: r.uuid(), uti: r.token() });
  }
}

const WIN_APPS: [string, string, string][] = [
  ['msedge.exe', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application', '"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --single-argument https://outlook.office.com/'],
  ['OUTLOOK.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16', '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE" '],
  ['ms-teams.exe', 'C:\\Program Files\\WindowsApps\\MSTeams_24295.605.3225.8804_x64__8wekyb3d8bbwe', '"ms-teams.exe" --system-initiated'],
  ['EXCEL.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16', '"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE" /dde'],
  ['OneDrive.exe', 'C:\\Program Files\\Microsoft OneDrive', '"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe" /background'],
  ['notepad.exe', 'C:\\Windows\\System32', '"C:\\Windows\\System32\\notepad.exe"'],
  ['Code.exe', 'C:\\Users\\Public\\AppData\\Local\\Programs\\Microsoft VS Code', '"Code.exe" --type=renderer'],
];
const MAC_APPS: [string, string, string][] = [
  ['Microsoft Outlook', '/Applications/Microsoft Outlook.app/Contents/MacOS', '/Applications/Microsoft Outlook.app/Contents/MacOS/Microsoft Outlook'],
  ['Safari', '/Applications/Safari.app/Contents/MacOS', '/Applications/Safari.app/Contents/MacOS/Safari'],
  ['MSTeams', '/Applications/Microsoft Teams.app/Contents/MacOS', '/Applications/Microsoft Teams.app/Contents/MacOS/MSTeams'],
  ['git', '/usr/bin', 'git pull --rebase'],
  ['python3', '/usr/bin', 'python3 -m pip list'],
];
const LNX_APPS: [string, string, string][] = [
  ['firefox', '/usr/lib/firefox', '/usr/lib/firefox/firefox'], ['git', '/usr/bin', 'git fetch --all'], ['docker', '/usr/bin', 'docker ps'], ['ssh', '/usr/bin', 'ssh bastion-01'], ['python3', '/usr/bin', 'python3 manage.py test'],
];
function endpoint(c: Ctx, u: User, start: number, end: number): void {
  const r = c.r, dev = u.device;
  const list = dev.os === 'Windows' ? WIN_APPS : dev.os === 'macOS' ? MAC_APPS : LNX_APPS;
  const parent = dev.os === 'Windows' ? { file: 'explorer.exe', folder: 'C:\\Windows', cmd: 'C:\\Windows\\Explorer.EXE' } : dev.os === 'macOS' ? { file: 'launchd', folder: '/sbin', cmd: '/sbin/launchd' } : { file: 'bash', folder: '/usr/bin', cmd: '-bash' };
  const n = r.int(3, 7);
  for (let i = 0; i < n; i++) {
    const [file, folder, cmd] = r.pick(list);
    c.proc({ t: start + r.next() * (end - start), host: dev, sam: u.sam, upn: u.upn, sid: u.sid, oid: u.objectId, file, folder, cmd, parent });
  }
  if (dev.os === 'Windows' && r.chance(0.25)) {
    c.proc({ t: start + r.next() * (end - start), host: dev, sam: u.sam, upn: u.upn, sid: u.sid, file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', cmd: `powershell.exe -NoProfile -ExecutionPolicy Bypass -File "C:\\Program Files (x86)\\Microsoft Intune Management Extension\\Policies\\Scripts\\${c.org.tenantId}_${c.r.uuid()}.ps1"`, parent: { file: 'AgentExecutor.exe', folder: 'C:\\Program Files (x86)\\Microsoft Intune Management Extension', cmd: '"AgentExecutor.exe" -powershell' }, system: true, gparent: 'Microsoft.Management.Services.IntuneWindowsAgent.exe' });
  }
}

function devops(c: Ctx, u: User, d: number, start: number, end: number, at: Place): void {
  const r = c.r, dev = u.device, org = c.org;
  const mid = () => start + r.next() * (end - start);
  // Azure CLI: a fresh login about weekly, refreshes on other days
  if (r.chance(0.6)) {
    const t = mid();
    c.cli(u, dev, t, at, c.weekday(d) === 1 || r.chance(0.1) ? 'az-login' : 'az-cmd', { device: dev });
    for (let i = 0; i < r.int(1, 4); i++) c.cli(u, dev, t + r.int(2, 90) * MIN, at, 'az-cmd', { interactive: false, device: dev });
  }
  if (r.chance(0.2)) c.cli(u, dev, mid(), at, r.pick(['terraform', 'kubectl'] as const));
  if (dev.os !== 'Linux' && r.chance(0.15)) c.cli(u, dev, mid(), at, 'connect-az', { device: dev });
  if (u.aws && r.chance(0.55)) awsSession(c, u, mid(), at, r.chance(0.7) ? 'cli' : 'console');
  if (u.gcp && r.chance(0.5)) {
    const t = mid();
    if (c.weekday(d) === 1) c.cli(u, dev, t - 5 * MIN, at, 'gcloud-login');
    c.cli(u, dev, t, at, 'gcloud-cmd');
    for (let i = 0; i < r.int(1, 5); i++) c.gcp({ t: t + r.int(5, 3000) * 1000, project: org.gcp.project, principal: u.upn, method: r.pick(['v1.compute.instances.list', 'storage.buckets.list', 'google.cloud.bigquery.v2.JobService.InsertJob', 'io.k8s.core.v1.pods.list', 'v1.compute.instances.get']), service: r.pick(['compute.googleapis.com', 'storage.googleapis.com', 'bigquery.googleapis.com']), resource: `projects/${org.gcp.project}`, resType: 'project', ip: at.ip, ua: gcloudUa(dev.os), activity: false });
  }
}

/** One AWS session through the Entra SAML app: sign-in to the enterprise app, AssumeRoleWithSAML, then calls. */
export function awsSession(c: Ctx, u: User, t: number, at: Place, how: 'cli' | 'console', o: { role?: string; account?: string; step?: string; calls?: string[] } = {}): { arn: string; key: string } {
  const r = c.r, org = c.org;
  const acct = o.account ?? r.pick(org.aws.accounts.slice(0, 2)).id;
  const role = o.role ?? (u.role === 'itadmin' ? org.aws.roles[0]! : r.pick([org.aws.roles[1]!, org.aws.roles[3]!, org.aws.roles[2]!]));
  const key = `ASIA${r.upper(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
  c.signIn({ t, who: c.who(u), app: [`AWS ${org.short} Federation`, org.tenantId.replace(/^.{8}/, 'a3f1c2d4')], res: [`AWS ${org.short} Federation`, org.tenantId.replace(/^.{8}/, 'a3f1c2d4')], at, ua: browserUa(u.device.os, r), interactive: true, device: u.device, mfa: c.trusted(at.ip, t) ? 'none' : 'claim', session: u.sessionId, corr: r.uuid(), uti: r.token(), protocol: 'saml20' }, o.step);
  const ident = samlIdentity(org, acct, role, u, key, t + 3000);
  c.ct({ t: t + 3000, name: 'AssumeRoleWithSAML', source: 'sts.amazonaws.com', region: 'us-east-1', ip: at.ip, ua: how === 'console' ? 'signin.amazonaws.com' : awsCliUa(u.device.os), account: acct,
    identity: { type: 'SAMLUser', principalId: `${org.aws.samlProvider}:${u.upn}`, userName: u.upn, identityProvider: `arn:aws:iam::${acct}:saml-provider/${org.aws.samlProvider}` },
    req: { sAMLAssertionID: `_${r.uuid()}`, roleSessionName: u.upn, roleArn: `arn:aws:iam::${acct}:role/${role}`, principalArn: `arn:aws:iam::${acct}:saml-provider/${org.aws.samlProvider}`, durationSeconds: 3600 },
    resp: { credentials: { accessKeyId: key, sessionToken: '[redacted]', expiration: new Date(t + 3600000).toUTCString() }, assumedRoleUser: { assumedRoleId: `AROA${key.slice(4, 20)}:${u.upn}`, arn: `arn:aws:sts::${acct}:assumed-role/${role}/${u.upn}` }, subject: u.upn, subjectType: 'persistent', issuer: `https://sts.windows.net/${org.tenantId}/`, audience: 'https://signin.aws.amazon.com/saml' } }, o.step ? 'AssumeRoleWithSAML' : undefined);
  if (how === 'console') c.ct({ t: t + 6000, name: 'ConsoleLogin', source: 'signin.amazonaws.com', region: 'us-east-1', ip: at.ip, ua: CONSOLE_UA, account: acct, identity: ident, resp: { ConsoleLogin: 'Success' }, extra: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No', SamlProviderArn: `arn:aws:iam::${acct}:saml-provider/${org.aws.samlProvider}` } });
  const calls = o.calls ?? r.sample(['DescribeInstances', 'ListBuckets', 'GetCallerIdentity', 'DescribeLogGroups', 'ListFunctions20150331', 'DescribeClusters', 'GetMetricData'], r.int(2, 6));
  for (const [i, name] of calls.entries()) c.ct({ t: t + (i + 2) * r.int(20, 400) * 1000, name, source: SOURCE[name] ?? 'ec2.amazonaws.com', region: r.pick(['us-east-1', 'eu-west-1', 'eu-central-1']), ip: at.ip, ua: how === 'console' ? CONSOLE_UA : awsCliUa(u.device.os), account: acct, identity: ident });
  return { arn: ident.arn as string, key };
}
export const SOURCE: Record<string, string> = {
  DescribeInstances: 'ec2.amazonaws.com', ListBuckets: 's3.amazonaws.com', GetCallerIdentity: 'sts.amazonaws.com', DescribeLogGroups: 'logs.amazonaws.com', ListFunctions20150331: 'lambda.amazonaws.com', DescribeClusters: 'eks.amazonaws.com', GetMetricData: 'monitoring.amazonaws.com',
  ListUsers: 'iam.amazonaws.com', ListRoles: 'iam.amazonaws.com', CreateUser: 'iam.amazonaws.com', CreateAccessKey: 'iam.amazonaws.com', CreateLoginProfile: 'iam.amazonaws.com', AttachUserPolicy: 'iam.amazonaws.com', PutUserPolicy: 'iam.amazonaws.com', GetParameter: 'ssm.amazonaws.com', Decrypt: 'kms.amazonaws.com', AssumeRole: 'sts.amazonaws.com', GetSecretValue: 'secretsmanager.amazonaws.com', ListAttachedRolePolicies: 'iam.amazonaws.com', SendCommand: 'ssm.amazonaws.com', GetObject: 's3.amazonaws.com', ListAccessKeys: 'iam.amazonaws.com', GetAccountAuthorizationDetails: 'iam.amazonaws.com',
};

function itadmin(c: Ctx, u: User, start: number, end: number): void {
  const r = c.r, org = c.org;
  const paw = org.paw[u.idx % 2]!;
  const at = c.egress(0, start);
  const t = start + r.next() * (end - start);
  c.session(u, t, at, { app: APP.portal, res: RES.arm, device: { name: paw.name, aadId: paw.aadId, os: 'Windows', browser: 'Edge 131.0.0', trust: 'Hybrid Azure AD joined', compliant: true }, refreshes: r.int(1, 3) });
  if (r.chance(0.4)) c.cli(u, { name: paw.name, mdeId: paw.mdeId, os: 'Windows' }, t + 10 * MIN, at, 'connect-mg', { device: null });
  // now and then an admin hops into the security account: SAML into prod, then the organisation access role
  if (u.aws && r.chance(0.12)) {
    const prod = org.aws.accounts[0]!.id, sec = org.aws.accounts[2]!.id;
    const t1 = t + r.int(10, 200) * MIN;
    const s = awsSession(c, u, t1, at, 'cli', { role: org.aws.roles[0], account: prod, calls: ['GetCallerIdentity'] });
    const ident = samlIdentity(org, prod, org.aws.roles[0]!, u, s.key, t1 + 3000);
    const key2 = `ASIA${r.upper(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
    const sess = u.sam.slice(0, 32);
    c.ct({ t: t1 + 2 * MIN, name: 'AssumeRole', source: 'sts.amazonaws.com', region: 'us-east-1', ip: at.ip, ua: awsCliUa('Windows'), account: prod, identity: ident, req: { roleArn: `arn:aws:iam::${sec}:role/OrganizationAccountAccessRole`, roleSessionName: sess }, resp: { assumedRoleUser: { arn: `arn:aws:sts::${sec}:assumed-role/OrganizationAccountAccessRole/${sess}` }, credentials: { accessKeyId: key2 } } });
    const chained = { type: 'AssumedRole', principalId: `AROA${key2.slice(4, 20)}:${sess}`, arn: `arn:aws:sts::${sec}:assumed-role/OrganizationAccountAccessRole/${sess}`, accountId: sec, accessKeyId: key2, sessionContext: { sessionIssuer: { type: 'Role', principalId: `AROA${key2.slice(4, 20)}`, arn: `arn:aws:iam::${sec}:role/OrganizationAccountAccessRole`, accountId: sec, userName: 'OrganizationAccountAccessRole' }, attributes: { creationDate: new Date(t1 + 2 * MIN).toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: 'false' } } };
    for (const name of r.sample(['ListUsers', 'ListRoles', 'GetAccountAuthorizationDetails', 'ListAccessKeys', 'DescribeLogGroups'], r.int(2, 4))) c.ct({ t: t1 + r.int(3, 30) * MIN, name, source: SOURCE[name]!, region: 'us-east-1', ip: at.ip, ua: awsCliUa('Windows'), account: sec, identity: chained });
  }
  const n = r.int(1, 5);
  for (let i = 0; i < n; i++) {
    const target = r.pick(org.users);
    const op = r.weighted<string>([['Add member to group', 4], ['Update user', 4], ['Change user license', 2], ['Remove member from group', 1], ['Update group', 1]]);
    c.audit({ t: t + r.int(1, 120) * MIN, op, category: op.includes('group') ? 'GroupManagement' : 'UserManagement', by: { upn: u.upn, id: u.objectId, ip: at.ip }, targets: [{ type: 'User', displayName: target.display, id: target.objectId, upn: target.upn }, ...(op.includes('group') ? [{ type: 'Group' as const, displayName: r.pick(['SG-Finance-Readers', 'SG-VPN-Users', 'SG-Dev-Contributors', 'M365-Sales']), id: r.uuid() }] : [])] });
  }
}

function helpdesk(c: Ctx, u: User, start: number): void {
  const r = c.r, org = c.org;
  const at = c.egress(u.home, start);
  const target = r.pick(org.users);
  const t = start + r.int(30, 400) * MIN;
  c.audit({ t, op: 'Reset user password', category: 'UserManagement', by: { upn: u.upn, id: u.objectId, ip: at.ip }, targets: [{ type: 'User', displayName: target.display, id: target.objectId, upn: target.upn }] });
  c.audit({ t: t + 1000, op: 'Reset password (by admin)', category: 'UserManagement', service: 'Self-service Password Management', by: { upn: u.upn, id: u.objectId, ip: at.ip }, targets: [{ type: 'User', displayName: target.display, id: target.objectId, upn: target.upn }] });
}

/** What an HR-driven AD change looks like when Entra Connect writes it to the cloud user. */
function syncChange(r: Ctx['r']): { displayName: string; oldValue: string; newValue: string } {
  const f = r.pick(['Department', 'JobTitle', 'TelephoneNumber', 'Mobile', 'PhysicalDeliveryOfficeName']);
  const vals: Record<string, string[]> = { Department: ['Finance', 'Sales', 'Marketing', 'Engineering', 'Operations', 'Legal', 'HR'], JobTitle: ['Analyst', 'Senior Analyst', 'Manager', 'Engineer', 'Senior Engineer', 'Coordinator', 'Director'], TelephoneNumber: ['+44 20 7946 0123', '+49 30 901820', '+1 212 555 0142', '+31 20 794 6000'], Mobile: ['+44 7700 900123', '+49 151 23456789', '+1 646 555 0199'], PhysicalDeliveryOfficeName: ['HQ 3rd floor', 'HQ 5th floor', 'Branch office', 'Remote'] };
  const [a, b] = r.sample(vals[f]!, 2);
  return { displayName: f, oldValue: JSON.stringify([a]), newValue: JSON.stringify([b]) };
}

/** Machines and non-human identities, every day, weekends included. */
function services(c: Ctx, d: number): void {
  const r = c.r, org = c.org;
  const d0 = c.day(d);
  // service principals and managed identities on their schedules
  for (const a of org.apps) for (let t = d0 + r.int(0, a.everyMin) * MIN; t < d0 + DAY; t += a.everyMin * MIN + r.int(-60, 60) * 1000) {
    if (a.name === 'Terraform Deployer') continue;
    c.appSignIn({ t, table: 'AADServicePrincipalSignInLogs', name: a.name, appId: a.appId, spId: a.spId, res: a.resource, at: a.place, credType: a.credType, keyId: a.keyId, thumbprint: a.thumbprint });
  }
  for (const m of org.mis) for (let t = d0 + r.int(0, m.everyMin) * MIN; t < d0 + DAY; t += m.everyMin * MIN + r.int(-30, 30) * 1000) {
    c.appSignIn({ t, table: 'AADManagedIdentitySignInLogs', name: m.name, appId: m.appId, spId: m.spId, res: m.resource, at: null, miResource: m.resourceId });
  }
  // Entra Connect sync: the Sync_ account signs in every 30 minutes from the sync server
  const sync = { upn: org.syncUpn, display: 'On-Premises Directory Synchronization Service Account', objectId: org.syncObjectId };
  for (let t = d0 + r.int(0, 29) * MIN; t < d0 + DAY; t += 30 * MIN + r.int(-20, 20) * 1000) {
    const at = c.egress(0, t);
    c.signIn({ t, who: sync, app: APP.aadConnect, res: RES.aadGraph, at, ua: '', interactive: false, device: null, os: 'Windows 10', mfa: 'none', session: '', corr: r.uuid(), uti: r.token(), protocol: 'ropc', clientApp: 'Mobile Apps and Desktop clients' });
  }
  const ss = org.syncServer;
  for (const h of [2, 14]) c.proc({ t: c.local(d, h, 0) + r.int(0, 600000), host: ss, sam: 'system', upn: '', sid: 'S-1-5-18', file: 'DirectorySyncClientCmd.exe', folder: 'C:\\Program Files\\Microsoft Azure AD Sync\\Bin', cmd: '"C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\DirectorySyncClientCmd.exe" delta', parent: { file: 'miiserver.exe', folder: 'C:\\Program Files\\Microsoft Azure AD Sync\\Bin', cmd: '"C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\miiserver.exe"' }, system: true, gparent: 'services.exe' });
  for (let i = 0; i < r.int(2, 8); i++) {
    const u = r.pick(org.users);
    c.audit({ t: d0 + r.int(0, 1439) * MIN, op: 'Update user', category: 'UserManagement', by: { upn: org.syncUpn, id: org.syncObjectId, ip: '', display: 'On-Premises Directory Synchronization Service Account' }, targets: [{ type: 'User', displayName: u.display, id: u.objectId, upn: u.upn, props: [syncChange(r)] }] });
  }
  // CI/CD agents: pipelines on workdays plus a nightly build
  const runs = c.isWorkday(d) ? r.int(6, 14) : 1;
  const tf = org.apps.find((a) => a.name === 'Terraform Deployer')!;
  for (let i = 0; i < runs; i++) {
    const agent = r.pick(org.ciAgents);
    const t = i === 0 && !c.isWorkday(d) ? c.local(d, 2, 0) : c.local(d, r.int(8, 19) + r.next(), 0);
    const host = { name: agent.name, mdeId: agent.mdeId };
    const parent = { file: 'bash', folder: '/usr/bin', cmd: `/bin/bash --noprofile --norc -e -o pipefail /home/agent/_work/_temp/${r.uuid()}.sh` };
    c.proc({ t, host, sam: 'agent', upn: '', sid: 'S-1-5-21-0-0-0-1001', file: 'az', folder: '/usr/bin', cmd: `az login --service-principal -u ${tf.appId} --tenant ${org.tenantId} --federated-token ***`, parent, gparent: 'Agent.Worker' });
    c.appSignIn({ t: t + 3000, table: 'AADServicePrincipalSignInLogs', name: tf.name, appId: tf.appId, spId: tf.spId, res: RES.arm, at: agent.place!, credType: 'federatedIdentityCredential', keyId: '' });
    c.proc({ t: t + 20000, host, sam: 'agent', upn: '', sid: 'S-1-5-21-0-0-0-1001', file: 'terraform', folder: '/usr/local/bin', cmd: r.pick(['terraform plan -out=tfplan -input=false', 'terraform apply -input=false tfplan', 'terraform init -backend-config=prod.hcl']), parent, gparent: 'Agent.Worker' });
    // AWS deploy with the CI IAM user's key, assuming the deploy role
    if (r.chance(0.5)) {
      const acct = org.aws.accounts[0]!.id;
      c.ct({ t: t + 40000, name: 'AssumeRole', source: 'sts.amazonaws.com', region: 'us-east-1', ip: agent.ip, ua: awsCliUa('Linux'), account: acct, identity: { type: 'IAMUser', principalId: `AIDA${org.aws.ciKey.slice(4, 20)}`, arn: `arn:aws:iam::${acct}:user/${org.aws.ciUser}`, accountId: acct, accessKeyId: org.aws.ciKey, userName: org.aws.ciUser },
        req: { roleArn: `arn:aws:iam::${acct}:role/${org.aws.prefix}-Deploy`, roleSessionName: `pipeline-${r.int(1000, 99999)}` }, resp: { assumedRoleUser: { arn: `arn:aws:sts::${acct}:assumed-role/${org.aws.prefix}-Deploy/pipeline` } } });
    }
    if (r.chance(0.4)) c.gcp({ t: t + 60000, project: org.gcp.project, principal: org.gcp.sas[1]!, method: r.pick(['google.cloud.run.v2.Services.UpdateService', 'io.k8s.apps.v1.deployments.patch', 'storage.objects.create']), service: r.pick(['run.googleapis.com', 'container.googleapis.com']), resource: `projects/${org.gcp.project}/locations/europe-west1/services/api`, resType: 'cloud_run_revision', ip: agent.ip, ua: 'google-cloud-sdk gcloud/502.0.0 command/gcloud.run.deploy', saKeyName: `//iam.googleapis.com/projects/${org.gcp.project}/serviceAccounts/${org.gcp.sas[1]}/keys/${'c1'.repeat(20)}` });
  }
  // EC2 instance roles working from their instances
  for (const inst of org.aws.instances) for (let t = d0 + r.int(0, 60) * MIN; t < d0 + DAY; t += r.int(40, 120) * MIN) {
    const key = `ASIA${inst.id.slice(2, 18).toUpperCase()}`;
    const call = r.pick(['GetParameter', 'Decrypt', 'GetSecretValue', 'DescribeInstances']);
    c.ct({ t, name: call, source: SOURCE[call]!, region: inst.region, ip: inst.ip, ua: 'aws-sdk-java/2.29.6 Linux/6.1.115-126.197.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Amazon.com_Inc. md/internal exec-env/AWS_ECS_EC2', account: inst.account,
      identity: { type: 'AssumedRole', principalId: `AROA${inst.role.length}${key.slice(5, 20)}:${inst.id}`, arn: `arn:aws:sts::${inst.account}:assumed-role/${inst.role}/${inst.id}`, accountId: inst.account, accessKeyId: key, sessionContext: { sessionIssuer: { type: 'Role', principalId: `AROA${inst.role.length}${key.slice(5, 20)}`, arn: `arn:aws:iam::${inst.account}:role/${inst.role}`, accountId: inst.account, userName: inst.role }, attributes: { creationDate: new Date(d0).toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: 'false' }, ec2RoleDelivery: '2.0' } } });
  }
  // GCP service accounts from GCP itself
  const gcpIp = ipIn(r, GCP_NET.cidrs[1]!);
  for (let t = d0 + r.int(0, 59) * MIN; t < d0 + DAY; t += r.int(50, 90) * MIN) {
    c.gcp({ t, project: org.gcp.project, principal: org.gcp.sas[0]!, method: r.pick(['google.cloud.bigquery.v2.JobService.InsertJob', 'storage.objects.get', 'storage.objects.list']), service: r.pick(['bigquery.googleapis.com', 'storage.googleapis.com']), resource: `projects/${org.gcp.project}/datasets/warehouse`, resType: 'bigquery_dataset', ip: gcpIp.replace(/\.\d+$/, '.17'), ua: 'google-api-python-client/2.151.0 gl-python/3.11 gccl/3.27.0', activity: false });
  }

}
