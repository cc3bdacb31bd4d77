import { Rng } from './rng.js';
import { COUNTRIES, TRANSIT, AZURE, AWS_EC2, blockIn, ipIn, place, type Country, type Place, type City } from './net.js';

/**
 * The organisation tenant3 models, drawn from the seed: its name and domains, two home countries
 * with offices and egress (changed company-wide on one day), its people with their devices and
 * naming conventions, its servers, Entra applications, managed identities, AWS accounts and GCP
 * project.
 */
export type Role = 'staff' | 'sales' | 'devops' | 'itadmin' | 'helpdesk' | 'exec';
export type Os = 'Windows' | 'macOS' | 'Linux';
export interface Device { name: string; aadId: string; mdeId: string; os: Os; osVersion: string; browser: string; trust: string; compliant: boolean }
export interface User {
  idx: number; first: string; last: string; display: string; upn: string; sam: string; objectId: string; sid: string;
  home: number; city: City; role: Role; officeDays: number; home_: Place; device: Device; phone: { os: string; model: string };
  hireDay: number; aws: boolean; gcp: boolean; startHour: number; sessionId: string; swg: boolean;
  /** benign scenarios: a re-imaged laptop from a day, days away (travel, conference), a web gateway from a day */
  reimage?: { day: number; device: Device }; away?: { from: number; to: number }[]; swgFrom?: number; swgPops?: Place[];
  /** a personal VPN on some days at home; days whose rows belong to a benign scenario */
  vpn?: { days: Set<number>; exits: Place[] }; scen?: Map<number, string>;
  /** an actor of a benign scenario (attacks pick their victims elsewhere, so labels do not overlap) */
  inBenign?: boolean;
}
export interface Office { country: Country; city: City; before: Place[]; after: Place[] }
export interface App { name: string; appId: string; spId: string; objectId: string; keyId: string; secretHint: string; thumbprint?: string; credType: 'clientSecret' | 'clientAssertion'; place: Place; everyMin: number; resource: [string, string] }
export interface Mi { name: string; spId: string; appId: string; resourceId: string; place: Place; everyMin: number; resource: [string, string] }
export interface Server { name: string; mdeId: string; aadId: string; os: Os; ip: string; place?: Place }
export interface AwsAccount { id: string; name: string }
export interface Org {
  seed: number; name: string; short: string; domain: string; onms: string; adDomain: string; netbios: string; tenantId: string;
  start: number; days: number; egressChangeDay: number; homes: [Country, Country]; offices: [Office, Office];
  users: User[]; upnStyle: string; hostStyle: string;
  syncServer: Server; syncUpn: string; syncObjectId: string; paw: Server[]; jump: Server; fileServer: Server; arcServer: Server;
  ciAgents: Server[]; apps: App[]; mis: Mi[];
  aws: { accounts: AwsAccount[]; samlProvider: string; roles: string[]; prefix: string; ciUser: string; ciKey: string; instances: { id: string; region: string; ip: string; role: string; account: string }[] };
  gcp: { project: string; sas: string[]; orgId: string };
}

const WORDS_A = ['Harrow', 'Veltra', 'Corvid', 'Bramble', 'Kestrel', 'Lumen', 'Ostra', 'Quill', 'Tamber', 'Northwind', 'Alder', 'Birch', 'Calder', 'Dunmore', 'Ember', 'Fenwick', 'Granite', 'Halcyon', 'Ironbridge', 'Juniper'];
const WORDS_B = ['Logistics', 'Foods', 'Biotech', 'Engineering', 'Insurance', 'Media', 'Retail', 'Energy', 'Analytics', 'Pharma', 'Capital', 'Manufacturing'];
const TLDS = ['com', 'io', 'net', 'co', 'group'];

/** Draws the organisation for one seed. */
export function buildOrg(seed: number, days: number, usersWanted?: number): Org {
  const r = new Rng(seed, 'org');
  const a = r.pick(WORDS_A), b = r.pick(WORDS_B);
  const name = `${a} ${b}`;
  const short = (a.slice(0, 2) + b.slice(0, 1)).toUpperCase() + (r.chance(0.4) ? String(r.int(1, 9)) : '');
  const domain = `${a.toLowerCase()}${r.pick(['', '', b.toLowerCase(), `-${b.toLowerCase()}`])}.${r.pick(TLDS)}`;
  const onms = `${(a + b).toLowerCase()}${r.chance(0.3) ? r.int(1, 99) : ''}.onmicrosoft.com`;
  const adDomain = r.pick([`corp.${domain}`, `ad.${domain}`, `${short.toLowerCase()}.local`, `int.${domain}`]);
  const netbios = short.replace(/\d/g, '') + r.pick(['', 'CORP', 'AD']);
  const tenantId = r.uuid();
  const startDay = Date.UTC(2026, 7, 3) + ((seed * 11) % 70) * 86400000;
  const pool = r.shuffle([...COUNTRIES]);
  const homes: [Country, Country] = [pool[0]!, pool[1]!];
  const tA = r.sample(TRANSIT, 2);
  const mkOffice = (k: Country): Office => {
    const city = r.pick(k.cities);
    const before = blockIn(r, r.pick(tA[0]!.cidrs), 2).map((ip) => place(ip, tA[0]!, k.code, city));
    const after = blockIn(r, r.pick(tA[1]!.cidrs), 2).map((ip) => place(ip, tA[1]!, k.code, city));
    return { country: k, city, before, after };
  };
  const offices: [Office, Office] = [mkOffice(homes[0]), mkOffice(homes[1])];
  const n = usersWanted ?? r.int(250, 500);
  const upnStyle = r.pick(['first.last', 'flast', 'f.last', 'firstl', 'first.last+n']);
  const hostStyle = r.pick(['PREFIX-TYPE-NNNNN', 'CCTYPENNNN', 'prefix-os-nnnn', 'PREFIX-SERIAL']);
  const users: User[] = [];
  const seen = new Set<string>();
  const seenHost = new Set<string>();
  for (let i = 0; i < n; i++) {
    const home = r.chance(0.64) ? 0 : 1;
    const k = homes[home]!;
    const first = r.pick(k.names.first), last = r.pick(k.names.last);
    const fl = first.toLowerCase(), ll = last.toLowerCase();
    let base = upnStyle === 'flast' ? fl[0] + ll : upnStyle === 'f.last' ? `${fl[0]}.${ll}` : upnStyle === 'firstl' ? fl + ll[0] : `${fl}.${ll}`;
    if (upnStyle === 'first.last+n') base += String(r.int(1, 99));
    let local = base, j = 1;
    while (seen.has(local)) local = base + String(++j);
    seen.add(local);
    const role: Role = r.weighted<Role>([['staff', 70], ['sales', 12], ['devops', 9], ['itadmin', 4], ['helpdesk', 3], ['exec', 2]]);
    const os: Os = role === 'devops' ? r.weighted<Os>([['Windows', 35], ['macOS', 40], ['Linux', 25]]) : r.weighted<Os>([['Windows', 76], ['macOS', 21], ['Linux', 3]]);
    const device = makeDevice(r, org0Host(r, hostStyle, short, k.code, os, fl, ll, seenHost), os);
    const isp = r.pick(k.isps);
    const city = r.pick(k.cities);
    users.push({
      idx: i, first, last, display: `${first} ${last}`, upn: `${local}@${domain}`,
      sam: (upnStyle === 'first.last' || upnStyle === 'first.last+n' ? local : local).replace(/\+/g, '').slice(0, 20),
      objectId: r.uuid(), sid: `S-1-5-21-${seed * 7919 % 4000000000}-${1000000 + seed}-${2000000 + seed * 3}-${1100 + i}`,
      home, city, role, officeDays: r.pick([0.2, 0.4, 0.6, 0.8]), home_: place(ipIn(r, r.pick(isp.cidrs)), isp, k.code, city),
      device, phone: r.chance(0.55) ? { os: 'iOS', model: r.pick(['iPhone 14', 'iPhone 15', 'iPhone 13', 'iPhone 16']) } : { os: 'Android', model: r.pick(['Pixel 8', 'Galaxy S23', 'Galaxy A54', 'Pixel 7a']) },
      hireDay: -1, aws: role === 'devops' || (role === 'itadmin' && r.chance(0.5)), gcp: role === 'devops' && r.chance(0.6),
      startHour: Math.max(6.5, Math.min(10.5, r.normal(8.3, 0.7))), sessionId: r.uuid(), swg: false,
    });
  }
  // Every organisation, however small, has a few admins, helpdesk staff and engineers.
  for (const [role, min] of [['itadmin', 5], ['helpdesk', 2], ['devops', 6], ['exec', 1]] as [Role, number][]) {
    let have = users.filter((u) => u.role === role).length;
    for (const u of users) { if (have >= min) break; if (u.role === 'staff') { u.role = role; have++; } }
  }
  const eng = users.filter((u) => u.role === 'devops');
  eng.forEach((u, i) => { u.aws = true; if (i < 3) u.gcp = true; });
  // Fix SIDs to the domain's single SID prefix.
  const dom = `S-1-5-21-${r.int(1000000000, 4000000000)}-${r.int(1000000000, 4000000000)}-${r.int(100000000, 4000000000)}`;
  for (const u of users) u.sid = `${dom}-${r.int(1104, 90000)}`;
  const hq = offices[0];
  const srv = (nm: string, os: Os, ip?: string): Server => ({ name: nm, mdeId: r.hex(40), aadId: r.uuid(), os, ip: ip ?? `10.${r.int(10, 40)}.${r.int(0, 20)}.${r.int(5, 250)}` });
  const srvName = (role: string): string => (hostStyle.startsWith('prefix') ? `${short.toLowerCase()}-${role.toLowerCase()}` : `${short}-${role}`);
  const syncServer = srv(srvName(r.pick(['ADSYNC01', 'AADC01', 'ENTRACON01', 'IDSYNC1'])), 'Windows');
  const syncUpn = `Sync_${syncServer.name.toUpperCase()}_${r.hex(12)}@${onms}`;
  const paw = [srv(srvName('PAW01'), 'Windows'), srv(srvName('PAW02'), 'Windows')];
  const jump = srv(srvName(r.pick(['JMP01', 'RDSH02', 'MGMT01'])), 'Windows');
  const fileServer = srv(srvName(r.pick(['FS01', 'FILE02', 'NAS01'])), 'Windows');
  const arcServer = srv(srvName(r.pick(['SQL03', 'APP07', 'ERP01'])), r.chance(0.5) ? 'Windows' : 'Linux');
  const azSite = r.pick(AZURE.sites);
  const ciAgents = Array.from({ length: r.int(3, 5) }, (_, i) => {
    const ip = ipIn(r, azSite.cidr);
    return { ...srv(`${r.pick(['build', 'ado-agent', 'gh-runner', 'ci'])}-${String(i + 1).padStart(2, '0')}`.replace(/^(.*)-(\d\d)$/, (_m, p, d) => `${p}-${d}`), 'Linux', ip), place: place(ip, AZURE.net, azSite.country, azSite.city) };
  });
  // the same naming for all agents
  const agentBase = ciAgents[0]!.name.replace(/-\d\d$/, '');
  ciAgents.forEach((s, i) => { s.name = `${agentBase}-${String(i + 1).padStart(2, '0')}`; });
  const egress0 = hq.before[0]!;
  const apps: App[] = [];
  const appNames = r.sample(['HR Feed Connector', 'Backup Reporter', 'Terraform Deployer', 'Ticketing Integration', 'Mailbox Archiver', 'Payroll Export', 'Asset Inventory Sync', 'Security Posture Scanner'], 5);
  for (const an of appNames) {
    const onCi = an === 'Terraform Deployer' || r.chance(0.3);
    const p = onCi ? ciAgents[0]!.place! : r.chance(0.5) ? egress0 : (() => { const s = r.pick(AZURE.sites); return place(ipIn(r, s.cidr), AZURE.net, s.country, s.city); })();
    const cert = r.chance(0.4);
    apps.push({ name: an, appId: r.uuid(), spId: r.uuid(), objectId: r.uuid(), keyId: r.uuid(), secretHint: r.upper(3, 'abcdefghijklmnopqrstuvwxyz0123456789'), thumbprint: cert ? r.hex(40).toUpperCase() : undefined, credType: cert ? 'clientAssertion' : 'clientSecret', place: p, everyMin: r.pick([15, 30, 60, 120, 240]), resource: r.chance(0.7) ? ['Microsoft Graph', '00000003-0000-0000-c000-000000000000'] : ['Azure Resource Manager', '797f4846-ba00-4fd7-ba43-dac1f8f63013'] });
  }
  if (!apps.some((x) => x.name === 'Terraform Deployer')) { const t = apps[0]!; t.name = 'Terraform Deployer'; t.place = ciAgents[0]!.place!; t.resource = ['Azure Resource Manager', '797f4846-ba00-4fd7-ba43-dac1f8f63013']; }
  const mis: Mi[] = [];
  for (const mn of r.sample(['func-invoice-processor', 'vm-reporting-01', 'logic-ticket-router', 'aks-prod-agentpool', 'func-image-resize', 'vmss-batch'], 4)) {
    const s = r.pick(AZURE.sites);
    mis.push({ name: mn, spId: r.uuid(), appId: r.uuid(), resourceId: `/subscriptions/${r.uuid()}/resourcegroups/rg-${mn.split('-')[1]}-prod/providers/${mn.startsWith('func') || mn.startsWith('logic') ? 'Microsoft.Web/sites' : mn.startsWith('aks') ? 'Microsoft.ContainerService/managedClusters' : 'Microsoft.Compute/virtualMachines'}/${mn}`, place: place(ipIn(r, s.cidr), AZURE.net, s.country, s.city), everyMin: r.pick([10, 20, 30, 60]), resource: r.pick([['Azure Key Vault', 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093'], ['Azure Storage', 'e406a681-f3d4-42a8-90b6-c2b029497af1'], ['Microsoft Graph', '00000003-0000-0000-c000-000000000000']] as [string, string][]) });
  }
  // the Arc-enabled server's managed identity (used by the 'other' attack of some seeds)
  mis.push({ name: arcServer.name.toLowerCase(), spId: r.uuid(), appId: r.uuid(), resourceId: `/subscriptions/${r.uuid()}/resourceGroups/rg-arc-onprem/providers/Microsoft.HybridCompute/machines/${arcServer.name.toLowerCase()}`, place: egress0, everyMin: 360, resource: ['Azure Resource Manager', '797f4846-ba00-4fd7-ba43-dac1f8f63013'] });
  const prefix = r.pick([short, short.toLowerCase(), 'Entra', 'SSO', 'Fed']);
  const accounts: AwsAccount[] = [
    { id: r.digits(12).replace(/^0/, '4'), name: 'prod' }, { id: r.digits(12).replace(/^0/, '7'), name: 'dev' }, { id: r.digits(12).replace(/^0/, '2'), name: 'security' },
  ];
  const region = r.pick(Object.keys(AWS_EC2));
  const instances = Array.from({ length: r.int(3, 5) }, () => ({ id: `i-0${r.hex(16)}`, region, ip: ipIn(r, r.pick(AWS_EC2[region]!.cidrs)), role: r.pick(['app-server-role', 'ec2-web-tier', 'worker-node-role', 'batch-runner']), account: accounts[0]!.id }));
  const proj = `${short.toLowerCase()}-${r.pick(['data', 'analytics', 'ml', 'platform'])}-${r.pick(['prod', 'prd', 'live'])}-${r.int(100, 999)}`;
  const org: Org = {
    seed, name, short, domain, onms, adDomain, netbios, tenantId, start: startDay, days, egressChangeDay: r.int(19, 21), homes, offices, users, upnStyle, hostStyle,
    syncServer, syncUpn, syncObjectId: r.uuid(), paw, jump, fileServer, arcServer, ciAgents, apps, mis,
    aws: { accounts, samlProvider: r.pick(['EntraID', 'AzureAD', 'AAD-SSO', `${short}-IdP`]), roles: ['Admin', 'PowerUser', 'ReadOnly', 'Developer'].map((x) => `${prefix}-${x}`), prefix, ciUser: r.pick(['svc-ci-deploy', 'ci-pipeline', 'deploy-bot']), ciKey: `AKIA${r.upper(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, instances },
    gcp: { project: proj, sas: [`etl-runner@${proj}.iam.gserviceaccount.com`, `ci-deployer@${proj}.iam.gserviceaccount.com`, `looker-reader@${proj}.iam.gserviceaccount.com`], orgId: r.digits(12) },
  };
  return org;
}

const WIN = ['10.0.22631', '10.0.22621', '10.0.26100', '10.0.19045'];
const MAC = ['14.6.1', '15.1', '15.2', '13.6.9'];
const LNX = ['Ubuntu 22.04', 'Ubuntu 24.04', 'Fedora 40'];
export function makeDevice(r: Rng, name: string, os: Os): Device {
  return {
    name, os, aadId: r.uuid(), mdeId: r.hex(40),
    osVersion: os === 'Windows' ? r.pick(WIN) : os === 'macOS' ? r.pick(MAC) : r.pick(LNX),
    browser: os === 'Windows' ? r.pick(['Edge 131.0.0', 'Chrome 131.0.0', 'Edge 130.0.0']) : os === 'macOS' ? r.pick(['Safari 18.1', 'Chrome 131.0.0', 'Edge 131.0.0']) : r.pick(['Firefox 133.0', 'Chrome 131.0.0']),
    trust: os === 'Linux' ? 'Azure AD registered' : os === 'macOS' ? 'Azure AD registered' : r.chance(0.8) ? 'Hybrid Azure AD joined' : 'Azure AD joined',
    compliant: os !== 'Linux',
  };
}

export function org0Host(r: Rng, style: string, short: string, cc: string, os: Os, fl: string, ll: string, seen: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const t = os === 'Windows' ? r.pick(['LT', 'LT', 'DT']) : os === 'macOS' ? 'MB' : 'LX';
    const nm = style === 'PREFIX-TYPE-NNNNN' ? `${short}-${t}-${r.digits(5)}`
      : style === 'CCTYPENNNN' ? `${cc}${t}${r.digits(4)}`
      : style === 'prefix-os-nnnn' ? `${short.toLowerCase()}-${os === 'Windows' ? 'win' : os === 'macOS' ? 'mac' : 'lnx'}-${r.digits(4)}`
      : os === 'macOS' ? `${fl}s-MacBook-Pro${r.chance(0.3) ? '-' + r.int(2, 4) : ''}` : os === 'Linux' ? `${fl[0]}${ll}-${r.pick(['thinkpad', 'xps', 'ws'])}` : `${short}-${r.upper(7)}`;
    const name = attempt < 8 ? nm : `${nm}-${r.int(5, 999)}`; // personal Mac and Linux names repeat: number them
    if (!seen.has(name)) { seen.add(name); return name; }
  }
}
