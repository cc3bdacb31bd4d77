/**
 * A large alert set through the real code path: synthetic SigninLogs rows → three analytic rules
 * replayed by the detection runtime (real alert records, real incident grouping) → the report.
 * Used by the browser test (behaviour, size) and bench/report.ts (write and open times).
 *
 * The rows: `alerts` suspicious sign-ins over 10 days by 4,000 accounts from 20,000 IPs to 12
 * apps; three rules split them (High: risky + anonymised, grouped by Account; Medium: risky,
 * default grouping; Low: the rest, grouping disabled), so incidents range from 1 to 150 alerts.
 * One row carries bidi overrides, control characters and HTML in its user agent.
 */
import { tableFromRows, type Table } from '../../src/kql/data/column.js';
import type { Value } from '../../src/kql/data/types.js';
import { BUILTIN_TABLES } from '../../src/store/schemas/index.js';
import { loadRuleText, runDetections, type Rule, type DetectionResult } from '../../src/detect/index.js';
import { parseIsoDatetime } from '../../src/kql/data/convert.js';

export const HOSTILE_AGENT = 'curl/8.0 \u202Egnp.exe\u202C <img src=x onerror="window.__pwned=1"> \u0007bell';
export const HOSTILE_USER = 'mallory.rtl@contoso.example';

const START = parseIsoDatetime('2025-03-01T00:00:00Z')!;
const DAY_TICKS = 864_000_000_000;
const APPS = ['Azure Portal', 'Microsoft Azure CLI', 'Azure Active Directory PowerShell', 'Microsoft Graph PowerShell', 'Office 365 Exchange Online',
  'Microsoft Teams', 'AWS Single-Account Access', 'Google Cloud', 'OfficeHome', 'Visual Studio Code', 'Azure DevOps', 'My Apps'];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'NL', 'RO', 'BR', 'IN', 'JP', 'SE'];
const AGENTS = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36', 'python-requests/2.31', 'azsdk-python-identity/1.15', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Firefox/125.0'];

function rng(seed: number): () => number {
  return () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

export function largeTables(alerts: number, seed = 7): Map<string, Table> {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const users = Array.from({ length: 4000 }, (_, i) => `user${i}@contoso.example`);
  // Each account signs in from a few addresses of its own (home, office, phone) to a few apps.
  const ipsOf = users.map((_, i) => [0, 1, 2].map((k) => `${100 + ((i * 7 + k * 13) % 100)}.${(i >> 4) & 255}.${(i * 3 + k) & 255}.${1 + ((i + k * 31) % 250)}`));
  const appsOf = users.map((_, i) => [APPS[i % APPS.length]!, APPS[(i * 5 + 1) % APPS.length]!]);
  const rows: Record<string, Value>[] = [];
  for (let i = 0; i < alerts; i++) {
    // Skewed: half the rows are 20 service accounts, each from its one address to its one app.
    const svc = r() < 0.5;
    const ui = svc ? Math.floor(r() * 20) : Math.floor(r() * users.length);
    const u = users[ui]!;
    // One sign-in in five comes from an address seen once (travel, a hotel, an attacker).
    const ip = r() < 0.2 ? `${100 + Math.floor(r() * 100)}.${Math.floor(r() * 200)}.${i % 97}.${Math.floor(r() * 250) + 1}` : svc ? ipsOf[ui]![0]! : pick(ipsOf[ui]!);
    const x = r(), risk = x < 0.1 ? 'high' : x < 0.8 ? 'medium' : 'low';
    rows.push({
      TimeGenerated: START + Math.floor(r() * 10 * DAY_TICKS), UserPrincipalName: u, IPAddress: ip, AppDisplayName: svc ? appsOf[ui]![0]! : pick(appsOf[ui]!),
      ResultType: '0', RiskLevelDuringSignIn: risk, Location: pick(COUNTRIES), UserAgent: pick(AGENTS),
      NetworkLocationDetails: risk === 'high' && r() < 0.5 ? '[{"networkType":"anonymizedIPAddress"}]' : '[]',
    });
  }
  rows.push({ TimeGenerated: START + 5 * DAY_TICKS, UserPrincipalName: HOSTILE_USER, IPAddress: '203.0.113.66', AppDisplayName: 'Azure Portal', ResultType: '0',
    RiskLevelDuringSignIn: 'high', Location: 'RO', UserAgent: HOSTILE_AGENT, NetworkLocationDetails: '[{"networkType":"anonymizedIPAddress"}]' });
  rows.sort((a, b) => (a.TimeGenerated as number) - (b.TimeGenerated as number));
  const full = BUILTIN_TABLES.get('SigninLogs')!.columns;
  const schema = ['TimeGenerated', 'UserPrincipalName', 'IPAddress', 'AppDisplayName', 'ResultType', 'RiskLevelDuringSignIn', 'Location', 'UserAgent', 'NetworkLocationDetails']
    .map((c) => full.find((x) => x.name === c)!);
  return new Map([['SigninLogs', tableFromRows('SigninLogs', schema, rows)]]);
}

function rule(id: string, name: string, severity: string, where: string, grouping: string[]): Rule {
  const text = [
    `id: ${id}`, `name: ${name}`, 'description: synthetic rule for the large report replay', `severity: ${severity}`,
    'requiredDataConnectors:', '  - connectorId: AzureActiveDirectory', '    dataTypes: [SigninLogs]',
    'queryFrequency: 5m', 'queryPeriod: 5m', 'triggerOperator: gt', 'triggerThreshold: 0', 'tactics: [LateralMovement]', 'relevantTechniques: [T1021.007]',
    'query: |', '  SigninLogs', `  | where ${where}`, '  | project TimeGenerated, UserPrincipalName, IPAddress, AppDisplayName, Location, UserAgent, RiskLevelDuringSignIn',
    'entityMappings:',
    '  - entityType: Account', '    fieldMappings:', '      - identifier: FullName', '        columnName: UserPrincipalName',
    '  - entityType: IP', '    fieldMappings:', '      - identifier: Address', '        columnName: IPAddress',
    '  - entityType: CloudApplication', '    fieldMappings:', '      - identifier: Name', '        columnName: AppDisplayName',
    'eventGroupingSettings:', '  aggregationKind: AlertPerResult',
    'alertDetailsOverride:', '  alertDisplayNameFormat: "Sign-in by {{UserPrincipalName}} to {{AppDisplayName}} from {{IPAddress}}"',
    '  alertDescriptionFormat: "Risk {{RiskLevelDuringSignIn}}; user agent {{UserAgent}}"',
    'customDetails:', '  Country: Location', '  UserAgent: UserAgent',
    ...grouping,
  ].join('\n');
  const r = loadRuleText(`${name}.yaml`, text);
  if (!r.rule) throw new Error(JSON.stringify(r.problems));
  return r.rule;
}

export const LARGE_RULES: readonly Rule[] = [
  rule('0a000000-0000-4000-8000-000000000001', 'Risky anonymised sign-in', 'High', 'RiskLevelDuringSignIn == "high" and NetworkLocationDetails has "anonymizedIPAddress"',
    ['incidentConfiguration:', '  createIncident: true', '  groupingConfiguration:', '    enabled: true', '    lookbackDuration: 1d', '    matchingMethod: Selected', '    groupByEntities: [Account]']),
  rule('0a000000-0000-4000-8000-000000000002', 'Risky sign-in', 'Medium', 'RiskLevelDuringSignIn in ("high", "medium") and not(NetworkLocationDetails has "anonymizedIPAddress")', []),
  rule('0a000000-0000-4000-8000-000000000003', 'Low-risk sign-in to a control plane', 'Low', 'RiskLevelDuringSignIn == "low"',
    ['incidentConfiguration:', '  createIncident: true', '  groupingConfiguration:', '    enabled: false']),
];

/** Replays LARGE_RULES (every 5 minutes, as Sentinel schedules them) over largeTables(n): n + 1 alerts (one per row), grouped into incidents. */
export async function largeReplay(alerts: number): Promise<DetectionResult> {
  return runDetections({ tables: largeTables(alerts), rules: LARGE_RULES, from: START, to: START + 10 * DAY_TICKS + 1 });
}
