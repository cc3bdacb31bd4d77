/**
 * The tenant's workload identities: app registrations with service principals (the CI pipeline's,
 * line-of-business integrations on premises, in Azure, or at a SaaS vendor) and managed identities
 * of Azure resources. Each signs in from where it runs, at its own rate, to its own resources; the
 * background draws their sign-ins and attacks pick one to abuse. Drawn from the seed on a stream of
 * their own, so the rest of the organisation model is unchanged by them.
 */
import { Rng } from './rng.js';
import type { Org, User } from './org.js';
import { ipIn } from './org.js';
import type { PrincipalRef } from './rows.js';
import { RESOURCES, type App } from './apps.js';

export interface AppPrincipal extends PrincipalRef {
  readonly kind: 'sp';
  /** Object id of the application (AuditLogs targets of "Update application"). */
  readonly appObjectId: string;
  readonly credential: { readonly type: 'clientSecret' | 'clientAssertion'; readonly keyId: string; readonly thumbprint?: string };
  readonly where: 'ci' | 'onprem' | 'azure' | 'saas';
  readonly ips: readonly string[];
  /** Sign-ins a day (the background's weight). */
  readonly perDay: number;
  readonly resources: readonly App[];
  readonly library: string;
  /** The person listed as the app's owner. */
  readonly owner: User;
}

export interface ManagedIdentity extends PrincipalRef {
  readonly kind: 'mi';
  readonly msiType: 'systemAssigned' | 'userAssigned';
  readonly resourceId: string;
  readonly ips: readonly string[];
  readonly perDay: number;
  readonly resources: readonly App[];
}

export interface Principals { readonly sps: readonly AppPrincipal[]; readonly mis: readonly ManagedIdentity[] }

const SP_NAMES = ['Reporting Connector', 'Mail Archiver', 'HR Sync', 'Backup Orchestrator', 'Teams Bot Connector', 'DataSync Service',
  'Invoice Processor', 'SIEM Connector', 'Ticketing Integration', 'Power BI Gateway', 'SharePoint Migration', 'Contract Signing',
  'Expense Import', 'Asset Inventory', 'License Reporter', 'Calendar Sync'];
const MI_WORDS = ['invoice', 'orders', 'billing', 'ingest', 'portal', 'reports', 'catalog', 'notify', 'etl', 'search', 'payments', 'media'];
const LIBS = ['Family: MSAL Library: MSAL.NET 4.61.3 Platform: .NET', 'Family: MSAL Library: MSAL.Python 1.28.0 Platform: Python',
  'Family: MSAL Library: MSAL.Java 1.14.3 Platform: Java', 'Family: MSAL Library: MSAL.js 2.38.1 Platform: Node'];

const cache = new WeakMap<Org, Principals>();

/** The workload identities of an organisation (the same object for the same org). */
export function principalsOf(org: Org): Principals {
  let p = cache.get(org);
  if (!p) cache.set(org, (p = build(org)));
  return p;
}

function cap(s: string): string { return s ? s[0]!.toUpperCase() + s.slice(1) : s; }

function build(org: Org): Principals {
  const rng = new Rng(org.seed).fork('principals');
  const owners = org.devops.length ? org.devops : org.people;
  const infra = org.infra;
  const azureIps = (n: number): string[] => Array.from({ length: n }, () => ipIn(infra.azureHome, rng));
  const saasNets = infra.vps.filter((n) => n.name.startsWith('Amazon'));
  const sps: AppPrincipal[] = [];
  const mkSp = (name: string, appId: string, where: AppPrincipal['where'], ips: string[], perDay: number, resources: App[]): void => {
    const cert = rng.chance(0.35);
    sps.push({
      kind: 'sp', name, appId, spId: rng.guid(), appObjectId: rng.guid(), where, ips, perDay, resources,
      credential: cert ? { type: 'clientAssertion', keyId: rng.guid(), thumbprint: rng.hex(40).toUpperCase() } : { type: 'clientSecret', keyId: rng.guid() },
      library: rng.pick(LIBS), owner: rng.pick(owners),
    });
  };
  mkSp(org.ci.spName, org.ci.spAppId, 'ci', [org.ci.egress], rng.int(30, 60), [RESOURCES.arm, RESOURCES.keyVault, RESOURCES.graph]);
  const n = Math.min(SP_NAMES.length, Math.max(3, Math.round(org.people.length / 25)));
  for (const base of rng.sample(SP_NAMES, n)) {
    const where = rng.weighted(['onprem', 'azure', 'saas'] as const, [4, 4, 2]);
    const ips = where === 'onprem' ? [rng.pick(org.offices).egress[0]!] : where === 'azure' ? azureIps(rng.int(1, 3)) : Array.from({ length: rng.int(2, 4) }, () => ipIn(rng.pick(saasNets.length ? saasNets : infra.vps), rng));
    const resources = base.includes('Mail') || base.includes('Calendar') ? [RESOURCES.exchange, RESOURCES.graph] : base.includes('SharePoint') ? [RESOURCES.sharepoint, RESOURCES.graph] : rng.chance(0.7) ? [RESOURCES.graph] : [RESOURCES.graph, RESOURCES.arm];
    mkSp(rng.chance(0.5) ? `${cap(org.company)} ${base}` : base, rng.guid(), where, ips, rng.int(8, 48), resources);
  }
  const sub = rng.guid();
  const mis: ManagedIdentity[] = Array.from({ length: rng.int(3, 6) }, (_, i) => {
    const word = MI_WORDS[(rng.int(0, MI_WORDS.length - 1) + i) % MI_WORDS.length]!;
    const kind = rng.pick(['func', 'app', 'vm', 'aks', 'logic'] as const);
    const name = kind === 'func' ? `func-${word}-prod` : kind === 'app' ? `app-${word}-api` : kind === 'vm' ? `vm-${word}-0${rng.int(1, 4)}` : kind === 'aks' ? `id-aks-${word}` : `logic-${word}`;
    const rg = `rg-${word}-${rng.pick(['prod', 'prd', 'live'])}`;
    const provider = kind === 'func' || kind === 'app' ? 'Microsoft.Web/sites' : kind === 'vm' ? 'Microsoft.Compute/virtualMachines' : kind === 'aks' ? 'Microsoft.ManagedIdentity/userAssignedIdentities' : 'Microsoft.Logic/workflows';
    const resources = rng.sample([RESOURCES.keyVault, RESOURCES.storage, RESOURCES.arm, RESOURCES.sqlDatabase, RESOURCES.graph], rng.int(1, 3));
    return {
      kind: 'mi' as const, name, appId: rng.guid(), spId: rng.guid(), msiType: kind === 'aks' ? 'userAssigned' as const : 'systemAssigned' as const,
      resourceId: `/subscriptions/${sub}/resourceGroups/${rg}/providers/${provider}/${name}`, ips: azureIps(rng.int(1, 2)), perDay: rng.int(24, 96), resources,
    };
  });
  return { sps, mis };
}
