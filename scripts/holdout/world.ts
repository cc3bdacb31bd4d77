// The hold-out tenant's world: randomness, organisation (people, devices, servers, app
// registrations), network allocation, and one builder per log table. Scenario files (background,
// benign, attacks) only call these builders, so every row of a table has the same shape.
import { OFFICES, HOME_ISPS, VPN, type Net, type Office, type Site } from './net.js';
import { LabelRecorder } from './labels.js';

export function rng(seed: number): () => number {
  let a = (seed * 2654435761) >>> 0 || 1;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const APPS = {
  azcli: ['Microsoft Azure CLI', '04b07795-8ddb-461a-bbee-02f9e1bf7b46'],
  azps: ['Microsoft Azure PowerShell', '1950a258-227b-4e31-a9cf-717495945fc2'],
  graphps: ['Microsoft Graph Command Line Tools', '14d82eec-204b-4c2f-b7e8-296a70dab67e'],
  exo: ['Microsoft Exchange Online PowerShell', 'fb78d390-0c51-40cd-8e17-fdbfab77341b'],
  aadps: ['Azure Active Directory PowerShell', '1b730954-1685-4b74-9bfd-dac224a7b894'],
  portal: ['Azure Portal', 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c'],
  outlook: ['Microsoft Outlook', '5d661950-3475-41cd-a2c3-d671a3162bc1'],
  owa: ['Office 365 Exchange Online', '00000002-0000-0ff1-ce00-000000000000'],
  teams: ['Microsoft Teams', '1fec8e78-bce4-4aaf-ab1b-5451cc387264'],
  office: ['Office 365', '4765445b-32c6-49b0-83e6-1d93765276ca'],
  onedrive: ['OneDrive SyncEngine', 'ab9b8c07-8f02-4f72-87fa-80105867a763'],
  authenticator: ['Microsoft Authenticator App', '4813382a-8fa7-425e-ab75-3b753aab3abb'],
  mysignins: ['My Signins', '19db86c3-b2b9-44cc-b339-36da233a3be2'],
  drs: ['Device Registration Client', 'dd762716-544d-4aeb-a526-687b73838a22'],
  broker: ['Microsoft Authentication Broker', '29d9ed98-a469-4536-ade2-f981bc1d605e'],
  graphexplorer: ['Graph Explorer', 'de8bc8b5-d9f9-48b1-a8ad-b748da725064'],
  aadsync: ['Microsoft Azure Active Directory Connect', 'cb1056e2-e479-49de-ae31-7812af012ed8'],
  awssso: ['AWS IAM Identity Center', '3b4a2c5e-9d1f-4e7a-8c6b-2f0e1d3a4b5c'],
  gcpsso: ['Google Cloud', '7e2d9f1a-5c3b-4a8e-9f6d-1b2c3d4e5f60'],
} as const;
export type AppKey = keyof typeof APPS;
export const RESOURCES: Record<string, [string, string]> = {
  arm: ['Windows Azure Service Management API', '797f4846-ba00-4fd7-ba43-dac1f8f63013'],
  graph: ['Microsoft Graph', '00000003-0000-0000-c000-000000000000'],
  aadgraph: ['Windows Azure Active Directory', '00000002-0000-0000-c000-000000000000'],
  exo: ['Office 365 Exchange Online', '00000002-0000-0ff1-ce00-000000000000'],
  spo: ['Office 365 SharePoint Online', '00000003-0000-0ff1-ce00-000000000000'],
  drs: ['Device Registration Service', '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9'],
  kv: ['Azure Key Vault', 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093'],
};
const FAILURES: Record<string, string> = {
  '50126': 'Error validating credentials due to invalid username or password.',
  '50074': 'Strong Authentication is required.',
  '50076': 'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.',
  '500121': 'Authentication failed during strong authentication request.',
  '50140': 'This error occurred due to "Keep me signed in" interrupt when the user was signing-in.',
  '50079': 'Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access.',
  '50072': 'User needs to enroll for second factor authentication.',
  '70044': 'The session has expired or is invalid due to sign-in frequency checks by conditional access.',
};

export type Os = 'Windows' | 'macOS' | 'Linux' | 'iOS' | 'Android';
export interface Device { name: string; id: string; os: Os; fqdn: string }
/** Population classes of the background (scenario classes are in the labels). */
export type Pop = 'regular' | 'traveller' | 'vpn' | 'devops' | 'cloud-admin' | 'field' | 'risk-remediated' | 'helpdesk';
export interface User {
  first: string; last: string; upn: string; sam: string; id: string; display: string; sid: string;
  office: Office; home: Site; homeIsp: Net; homeIp: string; pop: Pop; device: Device; admin?: User;
  /** Day index of the first day at work (new hires). */
  startDay: number;
}
export interface AppReg { name: string; appId: string; objectId: string; spId: string; keyId: string; credType: 'clientSecret' | 'clientAssertion' | 'federatedIdentityCredential'; thumb: string; ips: string[]; site: Site; res: string; perDay: number; owner?: User }

export interface SignIn {
  t: number; u: { upn: string; display: string; id: string }; app: AppKey; res: string; ip: string; site: Site; dev?: Device | null;
  interactive: boolean; ua?: string; result?: string; risk?: string; riskState?: string; riskDetail?: string; riskEvents?: string[]; anon?: boolean; mfa?: boolean; mfaMethod?: string;
  session?: string; corr?: string; uti?: string; protocol?: string; token?: string; named?: string;
}
export interface Proc { t: number; dev: Device; acct: { sam: string; upn: string; sid: string } | null; file: string; folder: string; cmd: string; parent: string; parentCmd: string; grand?: string; system?: boolean }
export type Cmd = Pick<Proc, 'file' | 'folder' | 'cmd' | 'parent' | 'parentCmd'>;
export interface Ct { t: number; name: string; src: string; type: string; arn: string; principal: string; ua: string; ip: string; mfa?: boolean; issuer?: string; issuerType?: string; key?: string; req?: unknown; resp?: unknown; add?: unknown; err?: string; user?: string; ro?: boolean; consoleType?: boolean; sessionDate?: number }
export interface By { upn?: string; id?: string; ip?: string; app?: string; appId?: string; spId?: string }
export interface Target { [k: string]: unknown }

export const TABLES = ['SigninLogs', 'AADNonInteractiveUserSignInLogs', 'AADServicePrincipalSignInLogs', 'AADManagedIdentitySignInLogs', 'AuditLogs', 'DeviceProcessEvents', 'AWSCloudTrail', 'GCPAuditLogs'] as const;

const FIRST = ['Amara', 'Bjorn', 'Chen', 'Dalia', 'Elif', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Liam', 'Mateo', 'Nadia', 'Oskar', 'Priya', 'Quinn', 'Rafael', 'Sanne', 'Tomas', 'Uma', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zofia', 'Aiko', 'Bruno', 'Carmen', 'Dev', 'Noor', 'Leila', 'Kenji', 'Astrid', 'Joaquin', 'Mei'];
const LAST = ['Okafor', 'Lindqvist', 'Tanaka', 'Mendoza', 'Schreiber', 'Nair', 'Hoffmann', 'Castillo', 'Wong', 'Brennan', 'Kowalski', 'Ferreira', 'Ishikawa', 'Novak', 'Rahman', 'Dubois', 'Moreau', 'Petrov', 'Sato', 'Vargas', 'Yilmaz', 'Zhang', 'Abbott', 'Becker', 'Iyer', 'Haddad', 'Lund', 'Ortega'];

export type World = ReturnType<typeof createWorld>;

export interface WorldOptions { seed: number; users: number; days: number }

export function createWorld(o: WorldOptions) {
  const r = rng(o.seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const hex = (n: number): string => { let s = ''; for (let i = 0; i < n; i++) s += Math.floor(r() * 16).toString(16); return s; };
  const guid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
  const chance = (p: number): boolean => r() < p;
  const domain = 'northwind-intl.com';
  const tenantDomain = 'nwintl.onmicrosoft.com';
  const tenantId = guid();
  const ntDomain = 'NWINTL';
  const awsAcct = String(int(100000000000, 999999999999));
  const gcpProject = `nw-platform-${hex(4)}`;
  const DAY = 86400000;
  // first day: a Monday, somewhere in spring-autumn 2025
  let start = Date.UTC(2025, 2, 3) + int(0, 26) * 7 * DAY;
  while (new Date(start).getUTCDay() !== 1) start += DAY;
  const dayStart = (i: number): number => start + i * DAY;
  const dayOf = (t: number): number => Math.floor((t - start) / DAY);
  const isWeekend = (i: number): boolean => { const d = new Date(dayStart(i)).getUTCDay(); return d === 0 || d === 6; };
  const iso = (t: number): string => new Date(t).toISOString();

  const tables: Record<string, Record<string, unknown>[]> = Object.fromEntries(TABLES.map((t) => [t, []]));
  const rec = new LabelRecorder();
  const push = (table: string, row: Record<string, unknown>): void => { tables[table]!.push(row); rec.note(table, row); };
  const actors = new Map<string, Set<string>>();
  const own = (cls: string, ...keys: string[]): void => {
    for (const k of keys) { if (!k) continue; const kk = k.toLowerCase(); if (!actors.has(kk)) actors.set(kk, new Set()); actors.get(kk)!.add(cls); }
  };

  // ---------- networks
  const asnOf = new Map<string, number>();
  const orgShared = new Set<string>();
  const ipIn = (net: Net): string => {
    const parts = net.prefix.split('.');
    const ip = parts.length === 3 ? `${net.prefix}.${int(2, 254)}` : `${net.prefix}.${int(0, 255)}.${int(1, 254)}`;
    asnOf.set(ip, net.asn);
    if (net.kind === 'office' || net.kind === 'swg') orgShared.add(ip);
    return ip;
  };
  /** The company changes its office egress (new ISP, new ASN) on this day. */
  const egressChangeDay = Math.min(20, Math.max(1, o.days - 5));
  const officeIps = new Map<Office, { before: string[]; after: string[] }>();
  for (const of of OFFICES) {
    const mk = (net: Net): string[] => Array.from({ length: 6 }, (_, i) => { const ip = `${net.prefix}.${10 + i * 7}`; asnOf.set(ip, net.asn); orgShared.add(ip); return ip; });
    officeIps.set(of, { before: mk(of.before), after: mk(of.after) });
  }
  const newEgress = new Set([...officeIps.values()].flatMap((x) => x.after));
  const swgIp = (ip: string): boolean => ip.startsWith('165.225.') || ip.startsWith('147.161.');
  const officeIp = (of: Office, t: number): string => pick(dayOf(t) >= egressChangeDay ? officeIps.get(of)!.after : officeIps.get(of)!.before);
  const vpnIps = Array.from({ length: 4 }, (_, i) => { const ip = `${VPN.net.prefix}.${20 + i}`; asnOf.set(ip, VPN.net.asn); orgShared.add(ip); return ip; });

  // ---------- people and devices
  const used = new Set<string>();
  const mkDevice = (u: { first: string; sam: string } | null, os: Os, prefix: string): Device => {
    let name: string;
    if (os === 'macOS') name = u ? `${u.first.toLowerCase()}s-macbook-pro` : `${prefix}-mac${int(10, 99)}`;
    else if (os === 'Linux') name = u ? `${u.sam}-ubuntu` : `${prefix}${int(10, 99)}`;
    else if (os === 'iOS') name = u ? `${u.first}'s iPhone` : `iPhone`;
    else if (os === 'Android') name = u ? `${u.first}'s Pixel 8` : `Pixel 8`;
    else name = u ? `${prefix}${int(1000, 9999)}` : `${prefix}${int(10, 99)}`;
    while (used.has(name)) name += int(0, 9);
    used.add(name);
    const fqdn = os === 'Windows' ? `${name.toLowerCase()}.corp.${domain}` : name.toLowerCase();
    return { name, id: guid(), os, fqdn };
  };
  const users: User[] = [];
  const mkUser = (pop: Pop, office: Office, os: Os, startDay = 0): User => {
    let first: string, last: string, sam: string, upn: string;
    do {
      first = pick(FIRST); last = pick(LAST);
      sam = (first[0]! + last).toLowerCase().slice(0, 12);
      upn = `${first.toLowerCase()}.${last.toLowerCase()}@${domain}`;
      if (used.has(sam) || used.has(upn)) { sam += int(1, 9); upn = `${first.toLowerCase()}.${last.toLowerCase()}${int(2, 99)}@${domain}`; }
    } while (used.has(sam) || used.has(upn));
    used.add(sam); used.add(upn);
    const isp = pick(HOME_ISPS[office.site.cc]!);
    const u: User = {
      first, last, sam, upn, id: guid(), display: `${first} ${last}`, sid: `S-1-5-21-3623811015-3361044348-30300820-${int(1100, 99999)}`,
      office, home: office.site, homeIsp: isp, homeIp: ipIn(isp), pop, device: null as unknown as Device, startDay,
    };
    u.device = mkDevice(u, os, `${office.site.cc.toLowerCase()}-lt`);
    own(pop, u.upn, u.sam, u.device.name, u.device.fqdn);
    return u;
  };
  const pops: Pop[] = [];
  for (let i = 0; i < o.users; i++) {
    const x = r();
    pops.push(x < 0.08 ? 'devops' : x < 0.11 ? 'cloud-admin' : x < 0.16 ? 'traveller' : x < 0.21 ? 'vpn' : x < 0.28 ? 'field' : x < 0.31 ? 'risk-remediated' : x < 0.33 ? 'helpdesk' : 'regular');
  }
  // enough of each for the scenarios
  // the scenarios need up to 9 DevOps engineers, 5 cloud admins, 11 regular staff of their own
  const fixed: Pop[] = [...Array<Pop>(10).fill('devops'), ...Array<Pop>(6).fill('cloud-admin'), ...Array<Pop>(14).fill('regular'), 'helpdesk', 'vpn', 'traveller', 'traveller', 'field', 'field', 'risk-remediated', 'risk-remediated'];
  fixed.forEach((p, i) => { if (i < pops.length) pops[i] = p; });
  for (let i = 0; i < o.users; i++) {
    const pop = pops[i]!;
    const office = i < fixed.length ? OFFICES[i % 2]! : pick(OFFICES);
    const os: Os = pop === 'devops' ? (['macOS', 'Linux', 'Windows'] as Os[])[i % 3]! : pop === 'cloud-admin' || pop === 'helpdesk' || (i < fixed.length && i % 3 !== 0) ? 'Windows' : r() < 0.3 ? 'macOS' : 'Windows';
    users.push(mkUser(pop, office, os));
  }
  // synced admin accounts (adm-<sam>) for cloud admins and some devops; cloud admins use PAWs
  for (const u of users) {
    if (u.pop === 'cloud-admin' || (u.pop === 'devops' && r() < 0.3)) {
      const a: User = { ...u, sam: `adm-${u.sam}`, upn: `adm-${u.sam}@${domain}`, id: guid(), display: `${u.display} (Admin)`, sid: `S-1-5-21-3623811015-3361044348-30300820-${int(100000, 199999)}` };
      if (u.pop === 'cloud-admin') { a.device = mkDevice(null, 'Windows', `paw-${u.home.cc.toLowerCase()}-`); own('cloud-admin', a.device.name, a.device.fqdn); }
      u.admin = a; own(u.pop, a.upn, a.sam);
    }
  }
  const objectIdOf = new Map<string, string>();
  const registerObjectId = (u: User): void => { objectIdOf.set(u.sam, u.id); if (u.admin) objectIdOf.set(u.admin.sam, u.admin.id); };
  users.forEach(registerObjectId);

  // ---------- servers and workloads
  const syncHost = mkDevice(null, 'Windows', 'AADC');
  const syncId = hex(12);
  const sync = { upn: `Sync_${syncHost.name}_${syncId}@${tenantDomain}`, display: 'On-Premises Directory Synchronization Service Account', id: guid() };
  const syncIp = `${OFFICES[0]!.before.prefix}.${int(200, 250)}`; asnOf.set(syncIp, OFFICES[0]!.before.asn);
  own('hybrid-agent', syncHost.name, syncHost.fqdn, sync.upn, syncIp);
  const arcHosts = [mkDevice(null, 'Linux', 'arc-db'), mkDevice(null, 'Windows', 'ARC-FS'), mkDevice(null, 'Linux', 'arc-web')];
  for (const h of arcHosts) own('hybrid-agent', h.name, h.fqdn);
  const servers = [mkDevice(null, 'Linux', 'ops-bastion'), mkDevice(null, 'Windows', 'HAM-FS'), mkDevice(null, 'Linux', 'pg-reporting'), mkDevice(null, 'Windows', 'MSP-JUMP')];
  for (const h of servers) own('server', h.name, h.fqdn);

  // ---------- row builders
  const loc = (s: Site) => ({ city: s.city, state: s.state, countryOrRegion: s.cc, geoCoordinates: { latitude: +(s.lat + (r() - 0.5) * 0.1).toFixed(4), longitude: +(s.lon + (r() - 0.5) * 0.1).toFixed(4) } });
  const browserOf = (os: Os): string => (os === 'macOS' ? 'Safari 17.4' : os === 'Linux' ? 'Firefox 124.0' : os === 'iOS' ? 'Mobile Safari' : os === 'Android' ? 'Chrome Mobile 122' : 'Edge 122.0.0');
  const osName = (os: Os): string => (os === 'Windows' ? 'Windows 10' : os === 'macOS' ? 'MacOs' : os === 'Linux' ? 'Linux' : os);
  const sessions = new Map<string, string>();
  /** A device session lasts the working day: interactive and non-interactive rows share it. */
  const sessionOf = (upn: string, dev: Device | null | undefined, t: number): string => {
    const k = `${upn}|${dev?.id ?? ''}|${dayOf(t)}`;
    let s = sessions.get(k); if (!s) { s = guid(); sessions.set(k, s); } return s;
  };
  const signIn = (s: SignIn): string => {
    const [appName, appId] = APPS[s.app];
    const [resName, resId] = RESOURCES[s.res]!;
    const id = guid();
    const result = s.result ?? '0';
    const status = result === '0' ? { errorCode: 0, additionalDetails: s.mfa ? 'MFA requirement satisfied by claim in the token' : undefined } : { errorCode: Number(result), failureReason: FAILURES[result] ?? 'Other' };
    const os = s.dev ? osName(s.dev.os) : pick(['Windows 10', 'MacOs']);
    const dd = { deviceId: s.dev ? s.dev.id : '', displayName: s.dev ? s.dev.name : '', operatingSystem: os, browser: s.interactive ? browserOf(s.dev?.os ?? 'Windows') : '', isCompliant: !!s.dev && s.dev.os !== 'Linux', isManaged: !!s.dev, trustType: s.dev ? (s.dev.os === 'Windows' ? 'Hybrid Azure AD joined' : 'Azure AD registered') : '' };
    const ld = loc(s.site);
    // the 'Corporate offices' named location lists the new egress only three days after the change
    const officeNamed = orgShared.has(s.ip) && !swgIp(s.ip) && !(newEgress.has(s.ip) && dayOf(s.t) < egressChangeDay + 3);
    const named = s.named ?? (vpnIps.includes(s.ip) ? 'Corp VPN' : officeNamed ? 'Corporate offices' : '');
    const row: Record<string, unknown> = {
      TenantId: tenantId, AADTenantId: tenantId, HomeTenantId: tenantId, ResourceTenantId: tenantId, SourceSystem: 'Azure AD', Type: s.interactive ? 'SigninLogs' : 'AADNonInteractiveUserSignInLogs',
      TimeGenerated: iso(s.t + int(60, 400) * 1000), CreatedDateTime: iso(s.t), Id: id, CorrelationId: s.corr ?? guid(), OriginalRequestId: id, UniqueTokenIdentifier: s.uti ?? hex(22),
      OperationName: 'Sign-in activity', OperationVersion: '1.0', Category: s.interactive ? 'SignInLogs' : 'NonInteractiveUserSignInLogs', Level: '4',
      UserPrincipalName: s.u.upn, UserDisplayName: s.u.display, UserId: s.u.id, Identity: s.u.display, UserType: 'Member', AlternateSignInName: s.u.upn, SignInIdentifier: s.u.upn,
      AppDisplayName: appName, AppId: appId, ResourceDisplayName: resName, ResourceIdentity: resId, ResourceId: `/tenants/${tenantId}/providers/Microsoft.aadiam`,
      IPAddress: s.ip, Location: s.site.cc, AutonomousSystemNumber: String(asnOf.get(s.ip) ?? 0),
      ResultType: result, ResultSignature: result === '0' ? 'SUCCESS' : 'FAILURE', ResultDescription: result === '0' ? '' : (status as { failureReason?: string }).failureReason,
      ClientAppUsed: s.interactive ? (s.app === 'outlook' || s.app === 'teams' || s.app === 'authenticator' ? 'Mobile Apps and Desktop clients' : 'Browser') : 'Mobile Apps and Desktop clients',
      IsInteractive: s.interactive, IsRisky: !!s.risk && s.risk !== 'none' && s.riskState === 'atRisk',
      UserAgent: s.ua ?? (s.interactive ? 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0' : ''),
      RiskLevelDuringSignIn: s.risk ?? 'none', RiskLevelAggregated: s.risk ?? 'none', RiskState: s.riskState ?? 'none', RiskDetail: s.riskDetail ?? (s.riskState === 'remediated' ? 'userPassedMFADrivenByRiskBasedPolicy' : 'none'),
      RiskEventTypes: JSON.stringify(s.riskEvents ?? []), RiskEventTypes_V2: JSON.stringify(s.riskEvents ?? []),
      NetworkLocationDetails: s.anon ? '[{"networkType":"anonymizedIPAddress","networkNames":[]}]' : named ? `[{"networkType":"namedNetwork","networkNames":["${named}"]}]` : '[]',
      AuthenticationRequirement: s.mfa || result === '500121' || result === '50074' ? 'multiFactorAuthentication' : 'singleFactorAuthentication', ConditionalAccessStatus: result === '0' ? 'success' : 'notApplied',
      TokenIssuerType: 'AzureAD', TokenIssuerName: '', AuthenticationProtocol: s.protocol ?? 'none', IncomingTokenType: s.token ?? (s.interactive ? 'none' : 'refreshToken'),
      SessionId: s.session ?? sessionOf(s.u.upn, s.dev, s.t), ProcessingTimeInMilliseconds: String(int(40, 400)), IsTenantRestricted: false, IsThroughGlobalSecureAccess: false, CrossTenantAccessType: 'none',
    };
    const mfaD = s.mfa ? { authMethod: s.mfaMethod ?? 'Mobile app notification', authDetail: '' } : result === '500121' ? { authMethod: 'Mobile app notification', authDetail: pick(['MFA denied; user declined the authentication', 'MFA denied; user did not respond to mobile app notification']) } : {};
    if (s.interactive) { row.LocationDetails = ld; row.DeviceDetail = dd; row.Status = status; row.MfaDetail = mfaD; row.ConditionalAccessPolicies = []; push('SigninLogs', row); }
    else { row.LocationDetails = JSON.stringify(ld); row.DeviceDetail = JSON.stringify(dd); row.Status = JSON.stringify(status); row.MfaDetail = JSON.stringify(mfaD); row.ConditionalAccessPolicies = '[]'; push('AADNonInteractiveUserSignInLogs', row); }
    return id;
  };

  /** A service principal (or managed identity) sign-in, Log Analytics column names. */
  const spSignIn = (p: { t: number; app: AppReg | { name: string; appId: string; spId: string; keyId: string; thumb: string; credType: string }; ip: string; site: Site; res: string; mi?: boolean; result?: string; ua?: string }): string => {
    const [resName, resId] = RESOURCES[p.res]!;
    const id = guid();
    const result = p.result ?? '0';
    const row: Record<string, unknown> = {
      TenantId: tenantId, AADTenantId: tenantId, SourceSystem: 'Azure AD', Type: p.mi ? 'AADManagedIdentitySignInLogs' : 'AADServicePrincipalSignInLogs',
      TimeGenerated: iso(p.t + int(60, 300) * 1000), CreatedDateTime: iso(p.t), Id: id, CorrelationId: guid(), OperationName: 'Sign-in activity', OperationVersion: '1.0',
      Category: p.mi ? 'ManagedIdentitySignInLogs' : 'ServicePrincipalSignInLogs', Level: '4', Identity: p.app.name,
      AppId: p.app.appId, AppOwnerTenantId: tenantId, ServicePrincipalId: p.app.spId, ServicePrincipalName: p.app.name,
      ServicePrincipalCredentialKeyId: p.mi ? '' : p.app.keyId, ServicePrincipalCredentialThumbprint: p.mi ? '' : p.app.thumb, ClientCredentialType: p.mi ? 'managedIdentity' : p.app.credType,
      FederatedCredentialId: p.app.credType === 'federatedIdentityCredential' ? p.app.keyId : '',
      ResourceDisplayName: resName, ResourceIdentity: resId, ResourceOwnerTenantId: tenantId, ResourceServicePrincipalId: guid(), ResourceGroup: '',
      IPAddress: p.ip, Location: p.site.cc, LocationDetails: JSON.stringify(loc(p.site)), AutonomousSystemNumber: String(asnOf.get(p.ip) ?? 0), NetworkLocationDetails: '[]',
      ResultType: result, ResultSignature: result === '0' ? 'SUCCESS' : 'FAILURE', ResultDescription: result === '0' ? '' : 'Invalid client secret provided.',
      ConditionalAccessStatus: 'notApplied', ConditionalAccessPolicies: '[]', ConditionalAccessAudiences: '[]', AuthenticationContextClassReferences: '[]',
      AuthenticationProcessingDetails: JSON.stringify([{ key: 'Azure AD App Authentication Library', value: 'Family: MSAL Library: MSAL.Python 1.28.0 Platform: Python' }]),
      DurationMs: int(0, 120), SessionId: '', UniqueTokenIdentifier: hex(22), UserAgent: p.ua ?? '', Agent: '{"agentType":"notAgentic"}',
    };
    if (p.mi) { row.ManagedServiceIdentity = JSON.stringify({ msiType: 'SystemAssigned', associatedResourceId: `/subscriptions/${tenantId}/resourceGroups/rg-arc/providers/Microsoft.HybridCompute/machines/${p.app.name}` }); row.SourceAppClientId = ''; }
    push(p.mi ? 'AADManagedIdentitySignInLogs' : 'AADServicePrincipalSignInLogs', row);
    return id;
  };

  let pid = 4000;
  const proc = (p: Proc): string => {
    const id = int(1000, 999999) * 1000 + int(0, 999);
    const acct = p.system ? { sam: 'system', upn: '', sid: 'S-1-5-18' } : p.acct!;
    const dom = p.system ? 'nt authority' : p.dev.os === 'Windows' ? ntDomain.toLowerCase() : p.dev.name.toLowerCase();
    const tt = iso(p.t);
    push('DeviceProcessEvents', {
      TenantId: tenantId, Type: 'DeviceProcessEvents', SourceSystem: '', Timestamp: tt, TimeGenerated: iso(p.t + int(30, 300) * 1000), DeviceId: p.dev.id.replace(/-/g, '') + hex(8), DeviceName: p.dev.fqdn,
      ActionType: 'ProcessCreated', FileName: p.file, FolderPath: p.folder, ProcessCommandLine: p.cmd, ProcessId: (pid += int(4, 400)), ProcessCreationTime: tt,
      ProcessIntegrityLevel: p.system ? 'System' : 'Medium', ProcessTokenElevation: 'TokenElevationTypeDefault',
      AccountDomain: dom, AccountName: acct.sam, AccountSid: acct.sid, AccountUpn: p.dev.os === 'Windows' || p.dev.os === 'macOS' ? acct.upn : '', AccountObjectId: p.dev.os === 'Windows' && !p.system ? (objectIdOf.get(acct.sam) ?? '') : '',
      InitiatingProcessFileName: p.parent, InitiatingProcessCommandLine: p.parentCmd, InitiatingProcessFolderPath: '', InitiatingProcessAccountName: acct.sam, InitiatingProcessAccountDomain: dom,
      InitiatingProcessAccountUpn: acct.upn, InitiatingProcessAccountSid: acct.sid, InitiatingProcessParentFileName: p.grand ?? (p.dev.os === 'Windows' ? 'explorer.exe' : p.dev.os === 'macOS' ? 'launchd' : 'sshd'),
      InitiatingProcessId: pid - 1, SHA256: hex(64), SHA1: hex(40), MD5: hex(32), ReportId: id, MachineGroup: '',
    });
    return String(id);
  };

  const ct = (c: Ct): string => {
    const id = `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
    push('AWSCloudTrail', {
      TenantId: tenantId, Type: 'AWSCloudTrail', TimeGenerated: iso(c.t), AwsEventId: id, AwsRequestId: guid(), EventVersion: c.consoleType ? '1.09' : '1.08', EventSource: c.src,
      EventTypeName: c.consoleType ? 'AwsConsoleSignIn' : 'AwsApiCall', EventName: c.name, UserIdentityType: c.type, UserIdentityArn: c.arn, UserIdentityPrincipalid: c.principal,
      UserIdentityAccountId: awsAcct, UserIdentityAccessKeyId: c.key ?? '', UserIdentityUserName: c.user ?? '', SessionMfaAuthenticated: c.mfa ?? false,
      SessionCreationDate: c.issuer ? iso(c.sessionDate ?? c.t - int(60, 3000) * 1000) : null, SessionIssuerType: c.issuerType ?? (c.issuer ? 'Role' : ''), SessionIssuerArn: c.issuer ? `arn:aws:iam::${awsAcct}:role/${c.issuer}` : '',
      SessionIssuerUserName: c.issuer ?? '', SessionIssuerAccountId: c.issuer ? awsAcct : '', SessionIssuerPrincipalId: c.issuer ? `AROA${hex(16).toUpperCase()}` : '',
      AWSRegion: c.src === 'signin.amazonaws.com' || c.src === 'iam.amazonaws.com' ? 'us-east-1' : pick(['us-east-1', 'eu-central-1', 'ap-southeast-1']), SourceIpAddress: c.ip, UserAgent: c.ua,
      ErrorCode: c.err ?? '', ErrorMessage: '', RequestParameters: c.req === undefined ? '' : JSON.stringify(c.req), ResponseElements: c.resp === undefined ? '' : JSON.stringify(c.resp),
      AdditionalEventData: c.add === undefined ? '' : JSON.stringify(c.add), RecipientAccountId: awsAcct, ReadOnly: c.ro ?? false, ManagementEvent: true,
      EC2RoleDelivery: c.principal.includes(':i-') ? '2.0' : '', TlsVersion: 'TLSv1.3', CipherSuite: 'TLS_AES_128_GCM_SHA256', ClientProvidedHostHeader: `${c.src.split('.')[0]}.amazonaws.com`,
    });
    return id;
  };
  const gcp = (t: number, email: string, method: string, service: string, ip: string, ua: string, resource: string): string => {
    const id = hex(12);
    push('GCPAuditLogs', {
      TenantId: tenantId, Type: 'GCPAuditLogs', TimeGenerated: iso(t + 20000), Timestamp: iso(t), ServiceName: service, MethodName: method, PrincipalEmail: email,
      AuthenticationInfo: { principalEmail: email }, AuthorizationInfo: [{ permission: method.split('.').slice(-2).join('.'), granted: true, resource }],
      RequestMetadata: { callerIp: ip, callerSuppliedUserAgent: ua, requestAttributes: {}, destinationAttributes: {} }, ProjectId: gcpProject, GCPResourceName: resource,
      GCPResourceType: service.startsWith('storage') ? 'gcs_bucket' : service.startsWith('iam') ? 'service_account' : 'project', Severity: 'NOTICE', Status: {},
      LogName: `projects/${gcpProject}/logs/cloudaudit.googleapis.com%2F${/\.(list|get|aggregatedList)$|List|Get/.test(method) ? 'data_access' : 'activity'}`, InsertId: id, Request: {}, Response: {}, Metadata: {},
    });
    return id;
  };
  const audit = (t: number, op: string, category: string, by: By, targets: Target[], opts: { ua?: string; service?: string; result?: string } = {}): string => {
    const id = `Directory_${guid()}`;
    const initiatedBy = by.app ? { app: { displayName: by.app, appId: by.appId ?? null, servicePrincipalId: by.spId ?? guid(), servicePrincipalName: null } } : { user: { id: by.id, displayName: null, userPrincipalName: by.upn, ipAddress: by.ip ?? '', roles: [] } };
    push('AuditLogs', {
      TenantId: tenantId, AADTenantId: tenantId, Type: 'AuditLogs', SourceSystem: 'Azure AD', TimeGenerated: iso(t + 30000), ActivityDateTime: iso(t), Id: id, CorrelationId: guid(),
      OperationName: op, ActivityDisplayName: op, Category: category, Result: opts.result ?? 'success', ResultType: '', ResultReason: '', ResultDescription: '', LoggedByService: opts.service ?? 'Core Directory',
      AADOperationType: op.startsWith('Add') || op.startsWith('Register') ? 'Assign' : op.startsWith('Reset') || op.startsWith('Change') ? 'Reset' : 'Update', OperationVersion: '1.0', Level: '4', Location: '',
      InitiatedBy: initiatedBy, TargetResources: targets, AdditionalDetails: opts.ua ? [{ key: 'User-Agent', value: opts.ua }] : [], Identity: by.upn ?? by.app ?? '', ResourceId: `/tenants/${tenantId}/providers/Microsoft.aadiam`,
    });
    return id;
  };
  const userTarget = (u: { id: string; upn: string; display: string }, props: { displayName: string; oldValue: string | null; newValue: string }[] = []): Target =>
    ({ id: u.id, displayName: u.display, userPrincipalName: u.upn, type: 'User', modifiedProperties: props, administrativeUnits: [] });
  const roleProp = (role: string) => [{ displayName: 'Role.DisplayName', oldValue: null, newValue: `"${role}"` }, { displayName: 'Role.TemplateId', oldValue: null, newValue: `"${guid()}"` }];
  const deviceTarget = (d: Device): Target => ({ id: guid(), displayName: d.name, type: 'Device', modifiedProperties: [{ displayName: 'DeviceId', oldValue: null, newValue: `"${d.id}"` }, { displayName: 'DeviceOSType', oldValue: null, newValue: `"${d.os}"` }, { displayName: 'DeviceTrustType', oldValue: null, newValue: '"Workplace"' }] });
  const keyProp = (keyId: string, kind: 'Password' | 'AsymmetricX509Cert', name: string, old: string[] = []) => [{ displayName: 'KeyDescription', oldValue: JSON.stringify(old), newValue: JSON.stringify([...old, `[KeyIdentifier=${keyId},KeyType=${kind},KeyUsage=${kind === 'Password' ? 'Verify' : 'Verify'},DisplayName=${name}]`]) }];

  // ---------- command spellings per platform
  const azCmd = (dev: Device, sub: string): Cmd => {
    if (dev.os === 'Windows') {
      const v = r();
      if (v < 0.5) return { file: 'python.exe', folder: 'C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\python.exe', cmd: `"C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\python.exe" -IBm azure.cli ${sub}`, parent: 'cmd.exe', parentCmd: `C:\\WINDOWS\\system32\\cmd.exe /d /c "C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\wbin\\az.cmd" ${sub}` };
      if (v < 0.8) return { file: 'cmd.exe', folder: 'C:\\Windows\\System32\\cmd.exe', cmd: `C:\\WINDOWS\\system32\\cmd.exe /d /c "C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\wbin\\az.cmd" ${sub}`, parent: 'pwsh.exe', parentCmd: '"C:\\Program Files\\PowerShell\\7\\pwsh.exe" -NoLogo' };
      return { file: 'python.exe', folder: 'C:\\Users\\dev\\.venvs\\ops\\Scripts\\python.exe', cmd: `python -m azure.cli ${sub}`, parent: 'WindowsTerminal.exe', parentCmd: 'wt.exe' };
    }
    if (dev.os === 'macOS') return { file: 'python3.12', folder: '/opt/homebrew/Cellar/azure-cli/2.61.0/libexec/bin/python3.12', cmd: `/opt/homebrew/Cellar/azure-cli/2.61.0/libexec/bin/python -Im azure.cli ${sub}`, parent: 'zsh', parentCmd: '-zsh' };
    return { file: 'python3', folder: '/opt/az/bin/python3', cmd: `/opt/az/bin/python3 -Im azure.cli ${sub}`, parent: 'bash', parentCmd: '-bash' };
  };
  const awsCmd = (dev: Device, sub: string): Cmd => {
    if (dev.os === 'Windows') return { file: 'aws.exe', folder: 'C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe', cmd: `"C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe" ${sub}`, parent: 'powershell.exe', parentCmd: 'powershell.exe' };
    if (dev.os === 'macOS') return { file: 'aws', folder: '/usr/local/aws-cli/aws', cmd: `/usr/local/aws-cli/aws ${sub}`, parent: 'zsh', parentCmd: '-zsh' };
    return { file: 'aws', folder: '/usr/local/aws-cli/v2/current/dist/aws', cmd: `aws ${sub}`, parent: 'bash', parentCmd: '-bash' };
  };
  const gcloudCmd = (dev: Device, sub: string): Cmd => {
    if (dev.os === 'Windows') return { file: 'python.exe', folder: 'C:\\Users\\dev\\AppData\\Local\\Google\\Cloud SDK\\google-cloud-sdk\\platform\\bundledpython\\python.exe', cmd: `"C:\\Users\\dev\\AppData\\Local\\Google\\Cloud SDK\\google-cloud-sdk\\platform\\bundledpython\\python.exe" "C:\\Users\\dev\\AppData\\Local\\Google\\Cloud SDK\\google-cloud-sdk\\lib\\gcloud.py" ${sub}`, parent: 'cmd.exe', parentCmd: 'cmd.exe /c gcloud.cmd ' + sub };
    if (dev.os === 'macOS') return { file: 'python3', folder: '/opt/homebrew/opt/python@3.11/bin/python3.11', cmd: `/opt/homebrew/opt/python@3.11/bin/python3.11 /opt/homebrew/Caskroom/google-cloud-sdk/latest/google-cloud-sdk/lib/gcloud.py ${sub}`, parent: 'zsh', parentCmd: '-zsh' };
    return { file: 'python3', folder: '/usr/bin/python3', cmd: `/usr/bin/python3 /usr/lib/google-cloud-sdk/lib/gcloud.py ${sub}`, parent: 'bash', parentCmd: '-bash' };
  };
  const pwshCmd = (dev: Device, script: string): Cmd => {
    if (dev.os === 'Windows' && r() < 0.4) return { file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', cmd: `powershell.exe -NoProfile -Command "${script}"`, parent: 'explorer.exe', parentCmd: 'C:\\WINDOWS\\Explorer.EXE' };
    if (dev.os === 'Windows') return { file: 'pwsh.exe', folder: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe', cmd: `"C:\\Program Files\\PowerShell\\7\\pwsh.exe" -NoExit -Command ${script}`, parent: 'WindowsTerminal.exe', parentCmd: 'wt.exe' };
    return { file: 'pwsh', folder: dev.os === 'macOS' ? '/usr/local/microsoft/powershell/7/pwsh' : '/opt/microsoft/powershell/7/pwsh', cmd: `pwsh -c "${script}"`, parent: dev.os === 'macOS' ? 'zsh' : 'bash', parentCmd: dev.os === 'macOS' ? '-zsh' : '-bash' };
  };
  const CLI_UA = {
    az: (os: Os) => `python/3.11.8 (${os === 'Windows' ? 'Windows-10-10.0.22631-SP0' : os === 'macOS' ? 'macOS-14.4-arm64-arm-64bit' : 'Linux-6.5.0-1016-azure-x86_64-with-glibc2.35'}) AZURECLI/2.61.0`,
    awscli: (os: Os) => `aws-cli/2.15.${int(10, 40)} md/awscrt#0.19.19 ua/2.0 os/${os === 'Windows' ? 'windows#10' : os === 'macOS' ? 'macos#23.4.0' : 'linux#6.5.0-1016-aws'} md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe command/${pick(['s3.ls', 'sts.get-caller-identity', 'ec2.describe-instances'])}`,
    gcloud: () => `google-cloud-sdk gcloud/471.0.0 command/gcloud.${pick(['compute.instances.list', 'projects.describe', 'storage.ls'])} invocation-id/${hex(32)} environment/None environment-version/None client-os/LINUX client-os-ver/6.5.0 client-pltf-arch/x86_64 interactive/True from-script/False python/3.11.8 term/xterm-256color (Linux 6.5.0-1016)`,
    browser: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
    chrome: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36',
    ps51: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.4291',
  };
  /** A time during local working hours of `site` on day `i`. */
  const workTime = (i: number, site: Site, fromH = 8, toH = 18): number => {
    const localH = fromH + r() * (toH - fromH);
    return dayStart(i) + ((localH - site.tz + 24) % 24) * 3600000 + Math.floor(r() * 60000);
  };
  /** An object id of the users' cloud account (the same per person). */
  const acctOf = (u: User) => ({ sam: u.sam, upn: u.upn, sid: u.sid });

  // ---------- app registrations with service principals (daemons signing in with their credentials)
  const mkApp = (name: string, credType: AppReg['credType'], ips: string[], site: Site, res: string, perDay: number): AppReg =>
    ({ name, appId: guid(), objectId: guid(), spId: guid(), keyId: guid(), credType, thumb: credType === 'clientAssertion' ? hex(40).toUpperCase() : '', ips, site, res, perDay });

  return {
    seed: o.seed, days: o.days, r, pick, int, hex, guid, chance, DAY, domain, tenantDomain, tenantId, ntDomain, awsAcct, gcpProject,
    start, dayStart, dayOf, isWeekend, iso, tables, rec, push, actors, own, asnOf, orgShared, ipIn, egressChangeDay, officeIp, vpnIps,
    used, mkDevice, users, mkUser, registerObjectId, syncHost, sync, syncIp, arcHosts, servers,
    signIn, spSignIn, proc, ct, gcp, audit, userTarget, roleProp, deviceTarget, keyProp, sessionOf,
    azCmd, awsCmd, gcloudCmd, pwshCmd, CLI_UA, workTime, acctOf, mkApp,
  };
}
