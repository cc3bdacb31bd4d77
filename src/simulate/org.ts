/**
 * The organisation model: who and what exists in the simulated tenant. Everything is drawn from
 * the seed (names, hosts, networks, cloud accounts, naming conventions), so no two seeds look alike.
 */
import { Rng } from './rng.js';
import {
  FIRST_NAMES, LAST_NAMES, COMPANY_WORDS_A, COMPANY_WORDS_B, CITIES, ATTACKER_CITIES, ISP_WORDS,
  ROLE_NAMES_AWS, SSO_PERMISSION_SETS, GCP_PROJECT_WORDS, AWS_REGIONS, GCP_REGIONS, MONITOR_PRODUCTS, type City,
} from './pools.js';
import { buildInfra, type Infra } from './infra.js';

export type NetKind = 'office' | 'home' | 'vpn' | 'mobile' | 'hotel' | 'hosting' | 'aws' | 'gcp' | 'attacker' | 'commercial-vpn';

/** A public network: a /24 (or /16 for ISPs) in one place. */
export interface Network {
  readonly kind: NetKind;
  readonly name: string;
  readonly prefix: string; // "a.b.c" for a /24, "a.b" for a /16
  readonly wide: boolean;
  readonly city: City;
  readonly asn: number;
}

export type DeviceKind = 'workstation' | 'paw' | 'server' | 'build-agent' | 'entra-connect' | 'linux-aws' | 'monitor';

export interface Device {
  readonly id: string; // MDE DeviceId (40 hex)
  readonly aadDeviceId: string;
  readonly name: string; // short host name
  readonly fqdn: string;
  readonly kind: DeviceKind;
  readonly os: 'Windows' | 'Linux' | 'macOS';
  readonly osVersion: string;
  readonly privateIp: string;
  readonly owner?: User;
  readonly office: Office;
}

export interface User {
  readonly id: string;
  readonly upn: string;
  readonly sam: string;
  readonly sid: string;
  readonly first: string;
  readonly last: string;
  readonly displayName: string;
  /** synced: on-prem identity synced to Entra; cloud: cloud-only; guest: B2B guest. */
  readonly source: 'synced' | 'cloud' | 'guest';
  readonly groups: readonly ('staff' | 'devops' | 'cloud-admins' | 'it')[];
  readonly privileged: boolean;
  readonly office: Office;
  readonly homeCity: City;
  readonly homeIp: string;
  readonly carrier: Network;
  /** Relative activity (events per day weight). */
  readonly activity: number;
  readonly workStart: number; // local hour
  readonly workEnd: number;
  readonly remoteDays: number; // probability a weekday is worked from home
  device?: Device;
  paw?: Device;
  /** For IT staff / synced admins: the separate admin identity they use. */
  adminAccount?: User;
  readonly awsPermissionSet?: string;
  readonly gcp: boolean;
}

export interface Office {
  readonly city: City;
  readonly code: string;
  readonly egress: readonly string[];
  readonly net: Network;
  readonly subnet: string; // private "10.x.y"
}

export interface AwsInstance {
  readonly instanceId: string;
  readonly role: string;
  readonly roleId: string; // AROA…
  readonly publicIp: string;
  readonly region: string;
  readonly device: Device;
  readonly accountId: string;
}

export interface Org {
  readonly seed: number;
  readonly tenantId: string;
  readonly workspaceId: string;
  readonly company: string;
  readonly domain: string; // primary UPN suffix
  readonly onmicrosoft: string;
  readonly adDomain: string; // on-prem DNS domain
  readonly netbios: string;
  readonly homeCountry: string;
  readonly offices: readonly Office[];
  readonly users: readonly User[]; // everyone with a sign-in identity, including admin accounts
  readonly people: readonly User[]; // humans' primary accounts (staff, devops, it)
  readonly devops: readonly User[];
  readonly itStaff: readonly User[];
  readonly cloudAdmins: readonly User[]; // cloud-only admin accounts
  readonly syncedAdmins: readonly User[]; // synced privileged accounts (what M1026 warns about)
  readonly guests: readonly User[];
  readonly devices: readonly Device[];
  readonly workstations: readonly Device[];
  readonly paws: readonly Device[];
  readonly servers: readonly Device[];
  readonly buildAgents: readonly Device[];
  readonly syncServer: Device;
  readonly syncAccount: { readonly upn: string; readonly id: string; readonly displayName: string };
  readonly msolAccount: string;
  readonly monitor: { readonly product: string; readonly device: Device; readonly account: User; readonly exe: string; readonly awsUser: string; readonly gcpSa: string };
  readonly ci: { readonly spAppId: string; readonly spName: string; readonly svcAccount: string; readonly awsRole: string; readonly gcpSa: string; readonly egress: string };
  readonly vpn: Network; // corporate VPN egress (trusted named location)
  readonly commercialVpns: readonly Network[];
  readonly carriers: readonly Network[];
  readonly hotelNets: readonly Network[];
  readonly aws: { readonly accounts: readonly { id: string; name: string }[]; readonly instances: readonly AwsInstance[]; readonly ssoRegion: string; readonly homeRegion: string; readonly serviceNet: Network };
  readonly gcp: { readonly projects: readonly string[]; readonly region: string; readonly serviceAccounts: readonly string[]; readonly net: Network };
  readonly attackerNets: readonly Network[];
  /** Every public network of the model (for IP → place lookups). */
  readonly networks: readonly Network[];
  readonly hostingNets: readonly Network[];
  /** Real providers' address space: VPS / hosting, residential ISPs (proxy exits), Azure datacenters. */
  readonly infra: Infra;
  /** Naming conventions this org happens to use (for tests and docs). */
  readonly conventions: { readonly sam: string; readonly host: string; readonly admin: string };
}

const BAD_FIRST_OCTETS = new Set([0, 10, 100, 127, 169, 172, 192, 198, 203, 224]);

/** Allocates public networks that never collide within one org. */
class NetAllocator {
  private used = new Set<string>();
  readonly all: Network[] = [];
  constructor(private rng: Rng) {}
  private firstOctet(): number {
    for (;;) { const a = this.rng.int(2, 223); if (!BAD_FIRST_OCTETS.has(a)) return a; }
  }
  alloc(kind: NetKind, city: City, name: string, wide = false): Network {
    for (;;) {
      const a = this.firstOctet(), b = this.rng.int(0, 255);
      const key16 = `${a}.${b}`;
      if (this.used.has(key16)) continue;
      this.used.add(key16);
      const prefix = wide ? key16 : `${key16}.${this.rng.int(0, 255)}`;
      const net: Network = { kind, name, prefix, wide, city, asn: this.rng.int(1000, 64000) };
      this.all.push(net);
      return net;
    }
  }
}

/** A host address inside a network. */
export function ipIn(net: Network, rng: Rng): string {
  return net.wide ? `${net.prefix}.${rng.int(0, 255)}.${rng.int(1, 254)}` : `${net.prefix}.${rng.int(1, 254)}`;
}

function cap(s: string): string { return s[0]!.toUpperCase() + s.slice(1); }
function ascii(s: string): string { return s.toLowerCase().replace(/[^a-z0-9]/g, ''); }

const SAM_CONVENTIONS = ['first.last', 'flast', 'firstl', 'last.first', 'lastf', 'numbered'] as const;
const HOST_CONVENTIONS = ['WS-{n}', 'LT-{city}{n}', 'DESKTOP-{rand}', '{city}-PC{n}', 'NB{n}', 'CL{city}{n}'] as const;
const ADMIN_CONVENTIONS = ['adm-{sam}', 'admin.{sam}', 'a-{sam}', '{sam}-adm', 't0-{sam}', '{sam}.admin'] as const;
const PAW_NAMES = ['PAW-{n}', 'ADMWS{n}', 'T0-PAW{n}', 'SECWS-{n}', 'PAW{city}{n}'];
const SERVER_ROLES = ['FS', 'SQL', 'APP', 'WEB', 'DC', 'PRT', 'HV', 'EXCH', 'CA', 'WSUS', 'SCCM', 'BKP'];
const SYNC_NAMES = ['AADC{n}', 'SYNC-{n}', 'ENTRACONN{n}', 'ADSYNC{n}', 'IDSYNC-{n}', 'AZADC{n}', 'MIIS{n}'];
const AGENT_NAMES = ['BLD{n}', 'AGENT-{n}', 'CI-RUNNER-{n}', 'BUILD{city}{n}', 'GHA-RUNNER{n}', 'ADO-AGENT{n}'];
const LINUX_NAMES = ['ip-{ipdash}', 'web-{n}', 'etl-{n}', 'api-{n}', 'worker-{n}', 'node-{n}'];

export interface OrgOptions { readonly seed: number; readonly users: number }

export function buildOrg(opts: OrgOptions): Org {
  const rng = new Rng(opts.seed).fork('org');
  const nets = new NetAllocator(rng.fork('nets'));
  const company = `${rng.pick(COMPANY_WORDS_A)}${rng.pick(COMPANY_WORDS_B)}`;
  const tld = rng.pick(['com', 'com', 'net', 'io', 'co', 'org', 'eu']);
  const domain = `${company}.${tld}`;
  const onmicrosoft = `${company}${rng.chance(0.5) ? '' : rng.digits(2)}.onmicrosoft.com`;
  const netbios = rng.pick(['CORP', company.slice(0, 8).toUpperCase(), 'AD', 'HQ', company.slice(0, 4).toUpperCase() + 'NET']);
  const adDomain = rng.pick([`corp.${domain}`, `${company}.local`, `ad.${domain}`, `${netbios.toLowerCase()}.${domain}`]);
  const conv = { sam: rng.pick(SAM_CONVENTIONS), host: rng.pick(HOST_CONVENTIONS), admin: rng.pick(ADMIN_CONVENTIONS) };

  // Home country and offices.
  const countries = [...new Set(CITIES.map((c) => c.country))];
  const homeCountry = rng.pick(countries.filter((c) => CITIES.filter((x) => x.country === c).length >= 2));
  const homeCities = CITIES.filter((c) => c.country === homeCountry);
  const officeCities = rng.sample(homeCities, Math.min(homeCities.length, rng.int(1, 3)));
  const offices: Office[] = officeCities.map((city, i) => {
    const net = nets.alloc('office', city, `${cap(company)} ${city.city} egress`);
    const egress = Array.from({ length: rng.int(1, 3) }, (_, k) => `${net.prefix}.${10 + k * rng.int(3, 40)}`);
    return { city, code: ascii(city.city).slice(0, 3).toUpperCase(), egress, net, subnet: `10.${10 + i * 10 + rng.int(0, 9)}.${rng.int(0, 200)}` };
  });
  const ispNets = homeCities.map((c) => nets.alloc('home', c, `${cap(rng.pick(COMPANY_WORDS_A))} ${rng.pick(ISP_WORDS)}`, true));
  const carriers = Array.from({ length: 3 }, () => nets.alloc('mobile', rng.pick(homeCities), `${cap(rng.pick(COMPANY_WORDS_A))} Mobile`, true));
  const vpn = nets.alloc('vpn', rng.pick(CITIES.filter((c) => c.country !== homeCountry)), `${cap(company)} VPN`);
  const commercialVpns = Array.from({ length: 3 }, () => nets.alloc('commercial-vpn', rng.pick(CITIES.filter((c) => c.country !== homeCountry)), `${cap(rng.pick(COMPANY_WORDS_A))}VPN`));
  const hotelNets = Array.from({ length: 6 }, () => nets.alloc('hotel', rng.pick(CITIES.filter((c) => c.country !== homeCountry)), `${cap(rng.pick(COMPANY_WORDS_A))} ${rng.pick(ISP_WORDS)}`, true));
  const attackerNets = Array.from({ length: 8 }, () => nets.alloc('attacker', rng.pick(ATTACKER_CITIES), `${cap(rng.pick(COMPANY_WORDS_A))} ${rng.pick(['Hosting', 'Servers', 'Datacenter', 'Cloud', 'VPS'])}`));
  const hostingNets = Array.from({ length: 4 }, () => nets.alloc('hosting', rng.pick(CITIES), `${cap(rng.pick(COMPANY_WORDS_A))} Cloud`));

  // People.
  const usedSam = new Set<string>();
  const usedUpn = new Set<string>();
  let serial = rng.int(10000, 60000);
  const ridBase = `S-1-5-21-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}-${rng.int(1e8, 4e9)}`;
  let rid = rng.int(1100, 5000);
  const mkSam = (first: string, last: string): string => {
    const f = ascii(first), l = ascii(last);
    let base: string;
    switch (conv.sam) {
      case 'first.last': base = `${f}.${l}`; break;
      case 'flast': base = `${f[0]}${l}`; break;
      case 'firstl': base = `${f}${l[0]}`; break;
      case 'last.first': base = `${l}.${f}`; break;
      case 'lastf': base = `${l}${f[0]}`; break;
      default: base = `u${serial++}`;
    }
    base = base.slice(0, 20);
    let s = base, k = 2;
    while (usedSam.has(s)) s = `${base.slice(0, 18)}${k++}`;
    usedSam.add(s);
    return s;
  };
  const mkUpnLocal = (first: string, last: string): string => {
    const base = rng.chance(0.8) ? `${ascii(first)}.${ascii(last)}` : `${ascii(first)[0]}${ascii(last)}`;
    let s = base, k = 2;
    while (usedUpn.has(s)) s = `${base}${k++}`;
    usedUpn.add(s);
    return s;
  };

  const n = Math.max(24, opts.users);
  const people: User[] = [];
  const nDevops = Math.min(60, Math.max(4, Math.round(n * 0.08)));
  const nIt = Math.min(30, Math.max(3, Math.round(n * 0.04)));
  for (let i = 0; i < n; i++) {
    const first = rng.pick(FIRST_NAMES), last = rng.pick(LAST_NAMES);
    const office = rng.pick(offices);
    const homeCity = rng.chance(0.8) ? office.city : rng.pick(homeCities);
    const isp = ispNets[homeCities.indexOf(homeCity)]!;
    const groups: User['groups'][number][] = ['staff'];
    if (i < nDevops) groups.push('devops');
    else if (i < nDevops + nIt) groups.push('it');
    const start = rng.pick([7, 7.5, 8, 8, 8.5, 9, 9, 9.5, 10]);
    const u: User = {
      id: rng.guid(), upn: `${mkUpnLocal(first, last)}@${domain}`, sam: mkSam(first, last), sid: `${ridBase}-${rid++}`,
      first, last, displayName: `${first} ${last}`, source: 'synced', groups, privileged: false, office, homeCity,
      homeIp: `${isp.prefix}.${rng.int(0, 255)}.${rng.int(1, 254)}`, carrier: rng.pick(carriers),
      activity: Math.max(0.2, rng.normal(1, 0.35)) * (groups.includes('devops') || groups.includes('it') ? 1.4 : 1),
      workStart: start, workEnd: start + rng.pick([8, 8.5, 9, 9.5]), remoteDays: rng.pick([0.1, 0.2, 0.4, 0.6, 0.8]),
      awsPermissionSet: groups.includes('devops') ? rng.pick(['PowerUserAccess', 'DeveloperAccess', 'ReadOnlyAccess']) : undefined,
      gcp: groups.includes('devops') && rng.chance(0.7),
    };
    people.push(u);
  }
  const devops = people.filter((u) => u.groups.includes('devops'));
  const itStaff = people.filter((u) => u.groups.includes('it'));

  // Admin identities: cloud-only for most IT staff (M1026), synced for a couple (the risk APT29 used).
  const adminName = (sam: string): string => conv.admin.replace('{sam}', sam);
  const cloudAdmins: User[] = [];
  const syncedAdmins: User[] = [];
  itStaff.forEach((p, i) => {
    const synced = i < Math.max(2, Math.round(itStaff.length / 3));
    const sam = adminName(p.sam).slice(0, 20);
    usedSam.add(sam);
    const a: User = {
      ...p, id: rng.guid(), sam, sid: `${ridBase}-${rid++}`, displayName: `${p.displayName} (Admin)`,
      upn: synced ? `${sam}@${domain}` : `${sam}@${onmicrosoft}`, source: synced ? 'synced' : 'cloud',
      groups: ['cloud-admins'], privileged: true, activity: 0.3, awsPermissionSet: rng.pick(['AdministratorAccess', 'SecurityAudit', 'NetworkAdmin']), gcp: rng.chance(0.5),
    };
    p.adminAccount = a;
    (synced ? syncedAdmins : cloudAdmins).push(a);
  });
  // Two devops engineers also hold synced privileged roles (common in practice).
  for (const d of devops.slice(0, 1)) syncedAdmins.push(Object.assign(d, { privileged: true }) as User);

  const guests: User[] = Array.from({ length: Math.min(200, Math.max(2, Math.round(n * 0.03))) }, () => {
    const first = rng.pick(FIRST_NAMES), last = rng.pick(LAST_NAMES);
    const ext = `${rng.pick(COMPANY_WORDS_A)}${rng.pick(COMPANY_WORDS_B)}.com`;
    const mail = `${ascii(first)}.${ascii(last)}_${ext}`;
    const city = rng.pick(CITIES);
    const net = nets.alloc('home', city, `${cap(rng.pick(COMPANY_WORDS_A))} ${rng.pick(ISP_WORDS)}`);
    return {
      id: rng.guid(), upn: `${mail}#EXT#@${onmicrosoft}`, sam: '', sid: '', first, last, displayName: `${first} ${last} (${ext})`,
      source: 'guest', groups: ['staff'], privileged: false, office: rng.pick(offices), homeCity: city, homeIp: ipIn(net, rng),
      carrier: rng.pick(carriers), activity: 0.15, workStart: 9, workEnd: 17, remoteDays: 1, gcp: false,
    } as User;
  });

  // Devices.
  const devices: Device[] = [];
  const usedHosts = new Set<string>();
  let hostN = rng.int(100, 900);
  const hostName = (pattern: string, office: Office, extra: Record<string, string> = {}): string => {
    for (;;) {
      const name = pattern.replace('{n}', String(hostN++).padStart(3, '0')).replace('{city}', office.code)
        .replace('{rand}', rng.alnum(7)).replace('{ipdash}', extra.ipdash ?? rng.digits(3));
      if (!usedHosts.has(name)) { usedHosts.add(name); return name; }
    }
  };
  const mkDevice = (kind: DeviceKind, name: string, office: Office, os: Device['os'], owner?: User): Device => {
    const d: Device = {
      id: rng.hex(40), aadDeviceId: rng.guid(), name, kind, os, office, owner,
      fqdn: os === 'Linux' ? name.toLowerCase() : `${name.toLowerCase()}.${adDomain}`,
      osVersion: os === 'Windows' ? (kind === 'workstation' || kind === 'paw' ? rng.pick(['Windows 11', 'Windows 11', 'Windows 10']) : rng.pick(['Windows Server 2022', 'Windows Server 2019'])) : os === 'Linux' ? rng.pick(['Ubuntu 22.04', 'Amazon Linux 2023', 'RHEL 9']) : 'macOS 14',
      privateIp: `${office.subnet}.${rng.int(2, 250)}`,
    };
    devices.push(d);
    return d;
  };
  for (const p of people) {
    const mac = p.groups.includes('devops') && rng.chance(0.2);
    p.device = mkDevice('workstation', hostName(conv.host, p.office), p.office, mac ? 'macOS' : 'Windows', p);
  }
  const pawPattern = rng.pick(PAW_NAMES);
  const paws: Device[] = [];
  for (const p of itStaff) { const d = mkDevice('paw', hostName(pawPattern, p.office), p.office, 'Windows', p.adminAccount); paws.push(d); p.paw = d; if (p.adminAccount) p.adminAccount.paw = d; }
  const servers = Array.from({ length: Math.min(60, Math.max(4, Math.round(n * 0.05))) }, () => {
    const o = rng.pick(offices);
    return mkDevice('server', hostName(`SRV-${rng.pick(SERVER_ROLES)}{n}`, o), o, 'Windows');
  });
  const agentPattern = rng.pick(AGENT_NAMES);
  const buildAgents = Array.from({ length: rng.int(2, 4) }, () => { const o = rng.pick(offices); return mkDevice('build-agent', hostName(agentPattern, o), o, rng.chance(0.5) ? 'Windows' : 'Linux'); });
  const syncServer = mkDevice('entra-connect', hostName(rng.pick(SYNC_NAMES), offices[0]!), offices[0]!, 'Windows');
  const monitorDevice = mkDevice('monitor', hostName(`SRV-MON{n}`, offices[0]!), offices[0]!, rng.chance(0.5) ? 'Windows' : 'Linux');

  // AWS.
  const awsNet = nets.alloc('aws', rng.pick(CITIES), 'Amazon.com, Inc.', true);
  const homeRegion = rng.pick(AWS_REGIONS);
  const accounts = Array.from({ length: rng.int(2, 3) }, (_, i) => ({ id: String(rng.int(100000, 999999)) + rng.digits(6), name: [`${company}-prod`, `${company}-dev`, `${company}-shared`][i]! }));
  const roles = rng.sample(ROLE_NAMES_AWS, 4);
  const instances: AwsInstance[] = Array.from({ length: rng.int(3, 6) }, (_, i) => {
    const ip = `${awsNet.prefix}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    const office = offices[0]!;
    const pat = rng.pick(LINUX_NAMES);
    const name = hostName(pat, office, { ipdash: `10-${rng.int(0, 255)}-${rng.int(0, 255)}-${rng.int(1, 254)}` });
    const dev = mkDevice('linux-aws', name, office, 'Linux');
    return { instanceId: `i-0${rng.hex(16)}`, role: roles[i % roles.length]!, roleId: `AROA${rng.alnum(17)}`, publicIp: ip, region: homeRegion, device: dev, accountId: accounts[0]!.id };
  });
  // GCP.
  const gcpNet = nets.alloc('gcp', rng.pick(CITIES), 'Google LLC', true);
  const projects = rng.sample(GCP_PROJECT_WORDS, 3).map((w) => `${company.slice(0, 12)}-${w}-${rng.int(100000, 999999)}`);
  const serviceAccounts = projects.flatMap((p) => [`${rng.pick(['deployer', 'etl', 'app', 'backup', 'api'])}@${p}.iam.gserviceaccount.com`]);

  const monitorProduct = rng.pick(MONITOR_PRODUCTS);
  const monSlug = ascii(monitorProduct);
  const monitorAccount: User = {
    id: rng.guid(), upn: `svc-${monSlug}@${domain}`, sam: `svc_${monSlug}`.slice(0, 20), sid: `${ridBase}-${rid++}`, first: 'svc', last: monSlug,
    displayName: `${monitorProduct} Service`, source: 'synced', groups: ['staff'], privileged: false, office: offices[0]!, homeCity: offices[0]!.city,
    homeIp: offices[0]!.egress[0]!, carrier: carriers[0]!, activity: 0, workStart: 0, workEnd: 24, remoteDays: 0, gcp: true,
  };
  const ciSlug = rng.pick(['build', 'cicd', 'pipeline', 'deploy', 'devops', 'release']);
  const syncId = rng.hex(12);
  const users = [...people, ...cloudAdmins, ...syncedAdmins.filter((a) => !people.includes(a)), ...guests, monitorAccount];
  // Its own stream, so adding it changed none of the draws above.
  const infra = buildInfra(new Rng(opts.seed).fork('infra'), homeCountry, new Set(nets.all.map((x) => x.prefix.split('.').slice(0, 2).join('.'))));
  return {
    seed: opts.seed, tenantId: rng.guid(), workspaceId: rng.guid(), company, domain, onmicrosoft, adDomain, netbios,
    homeCountry, offices, users, people, devops, itStaff, cloudAdmins, syncedAdmins, guests, devices,
    workstations: devices.filter((d) => d.kind === 'workstation'), paws, servers, buildAgents, syncServer,
    syncAccount: { upn: `Sync_${syncServer.name}_${syncId}@${onmicrosoft}`, id: rng.guid(), displayName: 'On-Premises Directory Synchronization Service Account' },
    msolAccount: `MSOL_${rng.hex(12)}`,
    monitor: {
      product: monitorProduct, device: monitorDevice, account: monitorAccount, exe: `${monSlug}-collector${monitorDevice.os === 'Windows' ? '.exe' : ''}`,
      awsUser: `${monSlug}-readonly`, gcpSa: `${monSlug}-poller@${projects[0]}.iam.gserviceaccount.com`,
    },
    ci: {
      spAppId: rng.guid(), spName: `${ciSlug}-${rng.pick(['sp', 'automation', 'deployer', 'pipeline'])}`, svcAccount: `svc_${ciSlug}${rng.int(1, 9)}`,
      awsRole: `${ciSlug}-${rng.pick(['oidc', 'deploy', 'terraform'])}-role`, gcpSa: `${ciSlug}-ci@${projects[0]}.iam.gserviceaccount.com`,
      egress: offices[0]!.egress[offices[0]!.egress.length - 1]!,
    },
    vpn, commercialVpns, carriers, hotelNets,
    aws: { accounts, instances, ssoRegion: homeRegion, homeRegion, serviceNet: awsNet },
    gcp: { projects, region: rng.pick(GCP_REGIONS), serviceAccounts, net: gcpNet },
    attackerNets, hostingNets, infra, networks: [...nets.all, ...infra.vps, ...infra.proxies, ...infra.azure], conventions: conv,
  };
}

/** Where an IP is, for sign-in location details. */
export function cityOfNet(net: Network): City { return net.city; }

/** Random member of a list of permission sets (re-exported for scenarios). */
export { SSO_PERMISSION_SETS };
