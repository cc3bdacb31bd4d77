/**
 * The scale benchmark's tenant (bench/scale.ts): per-day JSON-lines files of DeviceProcessEvents
 * and SigninLogs, named as `cloudhop ingest` recognises them (`DeviceProcessEvents_day01.jsonl`),
 * seeded (mulberry32), written in 1 MiB chunks (~200 k rows per CPU second). Values follow the
 * Defender / Entra export shapes (src/simulate/rows.ts): sign-ins' LocationDetails, DeviceDetail
 * and Status are objects, NetworkLocationDetails is JSON text, ResultType a string; datetimes are
 * ISO 8601 UTC with milliseconds. Each day's times follow a working-day curve and are sorted.
 */
import { closeSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const DAY_MS = 86_400_000, HOUR_MS = 3_600_000;
/** The first day of every generated tenant: 2024-06-01T00:00:00Z. */
export const START = Date.UTC(2024, 5, 1);
export const TABLES = ['DeviceProcessEvents', 'SigninLogs'] as const;
export const dayName = (d: number): string => `day${String(d + 1).padStart(2, '0')}`;

export interface TenantSpec {
  readonly dir: string; readonly days: number; readonly processPerDay: number; readonly signinsPerDay: number; readonly seed: number;
  /** Called after each day is written. */
  readonly progress?: (daysDone: number) => void;
}
// mulberry32: fast, seeded, good enough for value distributions.
let rs = 0;
const rnd = (): number => { rs = (rs + 0x6d2b79f5) | 0; let t = Math.imul(rs ^ (rs >>> 15), 1 | rs); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const int = (n: number): number => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
/** Picks by weight: a cumulative table and a binary search. */
function weighted<T>(pairs: readonly (readonly [T, number])[]): () => T {
  const cum: number[] = []; let tot = 0;
  for (const [, w] of pairs) cum.push((tot += w));
  return () => { const r = rnd() * tot; let lo = 0, hi = cum.length - 1; while (lo < hi) { const m = (lo + hi) >> 1; if (cum[m]! > r) hi = m; else lo = m + 1; } return pairs[lo]![0]; };
}
const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex8 = (): string => { const x = Math.floor(rnd() * 4294967296); return HEX2[x >>> 24]! + HEX2[(x >>> 16) & 255]! + HEX2[(x >>> 8) & 255]! + HEX2[x & 255]!; };
const hex = (n: number): string => { let s = ''; while (s.length < n) s += hex8(); return s.slice(0, n); };
const guid = (): string => { const a = hex8(), b = hex8(), c = hex8(); return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-a${c.slice(1, 4)}-${c.slice(4)}${hex8()}`; };
/** A JSON string literal's inside (the value escaped, no quotes). */
const js = (s: string): string => JSON.stringify(s).slice(1, -1);

interface User { name: string; upn: string; display: string; id: string; country: string; city: string; lat: number; lon: number; ip: string; sid: string }
interface Device { name: string; id: string; aadId: string; os: string; kind: 'ws' | 'srv' }
const COUNTRIES: [string, string, string, number, number][] = [['US', 'Seattle', 'Washington', 47.61, -122.33], ['US', 'New York', 'New York', 40.71, -74.0], ['GB', 'London', 'England', 51.51, -0.13],
  ['DE', 'Berlin', 'Berlin', 52.52, 13.4], ['NO', 'Oslo', 'Oslo', 59.91, 10.75], ['FR', 'Paris', 'Ile-de-France', 48.86, 2.35], ['IN', 'Bengaluru', 'Karnataka', 12.97, 77.59], ['JP', 'Tokyo', 'Tokyo', 35.68, 139.69]];
const FOREIGN: [string, string, string, number, number][] = [['RO', 'Bucharest', 'Bucuresti', 44.43, 26.1], ['BR', 'Sao Paulo', 'Sao Paulo', -23.55, -46.63], ['NL', 'Amsterdam', 'Noord-Holland', 52.37, 4.9], ['SG', 'Singapore', 'Singapore', 1.35, 103.82]];
const FIRST = ['anna', 'bjorn', 'carla', 'deepak', 'eva', 'farid', 'grace', 'hiro', 'ines', 'jonas', 'kari', 'li', 'maria', 'nils', 'olga', 'pedro', 'quinn', 'rosa', 'sven', 'tariq'];
const LAST = ['smith', 'larsen', 'garcia', 'patel', 'muller', 'tanaka', 'dubois', 'berg', 'okafor', 'novak', 'silva', 'chen', 'haugen', 'rossi', 'kowalski'];

function makeTenant(): { users: User[]; devices: Device[] } {
  const users: User[] = [];
  for (let i = 0; i < 6000; i++) {
    const f = FIRST[i % FIRST.length]!, l = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const name = `${f}.${l}${i >= FIRST.length * LAST.length ? Math.floor(i / (FIRST.length * LAST.length)) : ''}`;
    const c = COUNTRIES[i % 10 < 5 ? 0 : i % 10 < 7 ? 1 : 2 + (i % COUNTRIES.length - 2 + COUNTRIES.length) % (COUNTRIES.length - 2)]!;
    users.push({ name, upn: `${name}@contoso.com`, display: `${f[0]!.toUpperCase()}${f.slice(1)} ${l[0]!.toUpperCase()}${l.slice(1)}`, id: guid(), country: c[0], city: c[1], lat: c[3], lon: c[4],
      ip: `${[20, 40, 52, 104][i % 4]}.${(i * 7) % 250}.${(i * 13) % 250}.${1 + (i % 250)}`, sid: `S-1-5-21-1004336348-1177238915-682003330-${1100 + i}` });
  }
  const devices: Device[] = [];
  for (let i = 0; i < 4000; i++) {
    const srv = i % 10 === 9;
    devices.push({ name: srv ? `srv-${String(i).padStart(4, '0')}.corp.contoso.com` : `ws-${String(i).padStart(4, '0')}.corp.contoso.com`, id: hex(40), aadId: guid(), os: srv ? 'WindowsServer2022' : 'Windows11', kind: srv ? 'srv' : 'ws' });
  }
  return { users, devices };
}

// Process command lines: [file, folder, template, weight]; `#` becomes a number, `@` a user name.
// Cloud CLI sign-ins are rare (~0.3 %), with look-alikes that share words but not the terms.
const PROC: [string, string, string, number][] = [
  ['svchost.exe', 'C:\\Windows\\System32', 'svchost.exe -k netsvcs -p -s Schedule', 14],
  ['conhost.exe', 'C:\\Windows\\System32', '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1', 10],
  ['msedge.exe', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application', '"msedge.exe" --type=renderer --renderer-client-id=# --mojo-platform-channel-handle=#', 14],
  ['chrome.exe', 'C:\\Program Files\\Google\\Chrome\\Application', '"chrome.exe" --type=utility --utility-sub-type=network.mojom.NetworkService --field-trial-handle=#', 8],
  ['cmd.exe', 'C:\\Windows\\System32', 'cmd.exe /c "C:\\Users\\@\\AppData\\Local\\Temp\\build_#.bat"', 6],
  ['powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', 'powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\ProgramData\\Scripts\\inventory_#.ps1', 6],
  ['powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', 'powershell.exe -nop -c "Get-Process | Sort-Object CPU -Descending | Select-Object -First #"', 3],
  ['git.exe', 'C:\\Program Files\\Git\\cmd', 'git.exe fetch --progress --prune origin refs/heads/feature-#', 5],
  ['python.exe', 'C:\\Python311', 'python.exe -m pip install --upgrade azure-storage-blob==12.#.0', 3],
  ['node.exe', 'C:\\Program Files\\nodejs', 'node.exe C:\\src\\web-#\\node_modules\\.bin\\vite build', 4],
  ['Code.exe', 'C:\\Users\\@\\AppData\\Local\\Programs\\Microsoft VS Code', '"Code.exe" --type=gpu-process --gpu-preferences=# --field-trial-handle=#', 6],
  ['curl.exe', 'C:\\Windows\\System32', 'curl.exe -s https://intranet.contoso.com/health?id=#', 2],
  ['taskhostw.exe', 'C:\\Windows\\System32', 'taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E} #', 5],
  ['WmiPrvSE.exe', 'C:\\Windows\\System32\\wbem', 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', 4],
  ['az.cmd', 'C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\wbin', 'az.cmd version --output json #', 0.3],
  ['python.exe', 'C:\\Python311', 'python.exe -m awscli --version #', 0.2],
  ['gcloud.cmd', 'C:\\Users\\@\\AppData\\Local\\Google\\Cloud SDK\\google-cloud-sdk\\bin', 'gcloud.cmd components list --format=json #', 0.2],
  ['powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', 'powershell.exe -c "Get-Module -ListAvailable Az.Accounts" #', 0.2],
  // the terms the seed and the hunts look for (≈0.3 % of events together; the look-alikes above ≈1 %)
  ['az.cmd', 'C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\wbin', 'az.cmd login --use-device-code', 0.05],
  ['python.exe', 'C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2', '"python.exe" -IBm azure.cli login --tenant contoso.onmicrosoft.com', 0.03],
  ['cmd.exe', 'C:\\Windows\\System32', 'cmd.exe /c az login --service-principal -u # --tenant contoso', 0.03],
  ['cmd.exe', 'C:\\Windows\\System32', 'cmd.exe /c az account get-access-token --resource https://management.azure.com', 0.03],
  ['powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', 'powershell.exe -nop -c "Connect-AzAccount -Identity; Get-AzSubscription"', 0.04],
  ['pwsh.exe', 'C:\\Program Files\\PowerShell\\7', 'pwsh.exe -c Connect-MgGraph -Scopes User.Read.All,Directory.Read.All', 0.02],
  ['pwsh.exe', 'C:\\Program Files\\PowerShell\\7', 'pwsh.exe -c Connect-ExchangeOnline -UserPrincipalName @@contoso.com', 0.01],
  ['aws.exe', 'C:\\Program Files\\Amazon\\AWSCLIV2', 'aws.exe sts get-caller-identity --profile prod-#', 0.03],
  ['cmd.exe', 'C:\\Windows\\System32', 'cmd.exe /c aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Admin --role-session-name #', 0.01],
  ['aws.exe', 'C:\\Program Files\\Amazon\\AWSCLIV2', 'aws.exe configure list', 0.01],
  ['gcloud.cmd', 'C:\\Users\\@\\AppData\\Local\\Google\\Cloud SDK\\google-cloud-sdk\\bin', 'gcloud.cmd auth login --no-launch-browser', 0.02],
  ['cmd.exe', 'C:\\Windows\\System32', 'cmd.exe /c gcloud auth print-access-token', 0.01],
];
/** [parent file, its parent] */
const PARENT = weighted<[string, string]>([[['explorer.exe', 'userinit.exe'], 45], [['services.exe', 'wininit.exe'], 25], [['cmd.exe', 'explorer.exe'], 12],
  [['powershell.exe', 'explorer.exe'], 8], [['Code.exe', 'explorer.exe'], 7], [['svchost.exe', 'services.exe'], 2.5], [['wsmprovhost.exe', 'svchost.exe'], 0.5]]);
const procPick = weighted(PROC.map((p) => [[p[0], js(p[2])] as const, p[3]] as const));

// Sign-ins: apps (name, id, resource), result codes, user agents.
const APPS = weighted<[string, string, string]>([[['Office 365 Exchange Online', '00000002-0000-0ff1-ce00-000000000000', 'Office 365 Exchange Online'], 40], [['Microsoft Teams', '1fec8e78-bce4-4aaf-ab1b-5451cc387264', 'Microsoft Teams Services'], 25],
  [['Azure Portal', 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', 'Windows Azure Service Management API'], 10], [['OfficeHome', '4765445b-32c6-49b0-83e6-1d93765276ca', 'Office 365 SharePoint Online'], 12],
  [['Microsoft Azure CLI', '04b07795-8ddb-461a-bbee-02f9e1bf7b46', 'Windows Azure Service Management API'], 5], [['Microsoft Azure PowerShell', '1950a258-227b-4e31-a9cf-717495945fc2', 'Windows Azure Service Management API'], 4],
  [['Graph Explorer', 'de8bc8b5-d9f9-48b1-a8ad-b748da725064', 'Microsoft Graph'], 2], [['Microsoft Authentication Broker', '29d9ed98-a469-4536-ade2-f981bc1d605e', 'Device Registration Service'], 2]]);
const RESULT = weighted<[string, string]>([[['0', ''], 88], [['50126', 'Invalid username or password.'], 4], [['50074', 'Strong Authentication is required.'], 3],
  [['50140', 'Keep me signed in interrupt.'], 3], [['53003', 'Blocked by Conditional Access.'], 1], [['50053', 'Account is locked.'], 1]]);
const UA = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0.0.0 Edg/124.0.0.0', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4) Teams/6.8.0', 'python-requests/2.31.0', 'Windows-AzureAD-Authentication-Provider/1.0'];
const UA_PICK = weighted(UA.map((u, i) => [js(u), [50, 20, 20, 1, 9][i]!] as const));
const RISK = weighted<[string, string, string]>([[['none', 'none', 'none'], 97.5], [['low', 'atRisk', 'none'], 1], [['medium', 'atRisk', 'none'], 1], [['high', 'atRisk', 'none'], 0.3], [['medium', 'remediated', 'userPerformedSecuredPasswordChange'], 0.2]]);

/** Sorted timestamps (ms) for n events of one day, following a working-day curve (weekends quieter in shape, not in count). */
const HOUR_W = [1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 12, 10, 13, 14, 13, 11, 8, 5, 4, 3, 2, 2, 1];
/** ±0.05° of jitter around a city, as text (toFixed per row is slow). */
const JITTER = Array.from({ length: 1000 }, (_, i) => (i - 500) / 10_000);
const coord = (x: number): string => (x + JITTER[int(1000)]!).toFixed(4);
const cityCoords = new Map<number, string[]>();
const coordText = (x: number): string => { let c = cityCoords.get(x); if (!c) cityCoords.set(x, (c = Array.from({ length: 64 }, () => coord(x)))); return c[int(64)]!; };
/** ISO 8601 text of a time in the span (toISOString per row is a fifth of the generator's time). */
const P2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const P3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const DAY_PREFIX: string[] = [];
function iso(ms: number): string {
  const off = ms - START, d = Math.floor(off / DAY_MS);
  let r = off - d * DAY_MS;
  const h = Math.floor(r / HOUR_MS); r -= h * HOUR_MS;
  const m = Math.floor(r / 60_000); r -= m * 60_000;
  const sec = Math.floor(r / 1000);
  const day = DAY_PREFIX[d] ?? (DAY_PREFIX[d] = new Date(START + d * DAY_MS).toISOString().slice(0, 11));
  return `${day}${P2[h]}:${P2[m]}:${P2[sec]}.${P3[r - sec * 1000]}Z`;
}
const hourPick = weighted(HOUR_W.map((w, h) => [h, w] as const));
function dayTimes(day: number, n: number): Float64Array {
  const t = new Float64Array(n);
  const base = START + day * DAY_MS;
  for (let i = 0; i < n; i++) t[i] = base + hourPick() * HOUR_MS + int(HOUR_MS);
  return t.sort();
}

/** A template's pieces: `#` becomes a number, `@` the user's name (split once, not per row). */
const pieces = new Map<string, string[]>();
function fill(s: string, user: User): string {
  let p = pieces.get(s);
  if (!p) pieces.set(s, (p = s.split(/([#@])/)));
  if (p.length === 1) return s; // (templates reach here JSON-escaped: see procPick)
  let r = '';
  for (const x of p) r += x === '#' ? String(int(100_000)) : x === '@' ? user.name : x;
  return r;
}

function writeRows(path: string, n: number, row: (i: number) => string): void {
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, 'w');
  try {
    let chunk = '';
    for (let i = 0; i < n; i++) {
      chunk += row(i);
      if (chunk.length > 1 << 20) { writeSync(fd, chunk); chunk = ''; }
    }
    if (chunk) writeSync(fd, chunk);
  } finally { closeSync(fd); }
  renameSync(tmp, path);
}

/**
 * Writes the tenant's per-day files into `spec.dir` (created; files already there are overwritten).
 * The same spec always writes the same bytes.
 */
export function writeTenant(spec: TenantSpec): { rows: number; bytes: number; ms: number; cpuMs: number } {
  const { dir: DATA, days: DAYS, processPerDay: P_DAY, signinsPerDay: S_DAY } = spec;
  rs = spec.seed >>> 0;
  mkdirSync(DATA, { recursive: true });
  const t0 = performance.now(), c0 = process.cpuUsage();
  const { users, devices } = makeTenant();
  const userOf = devices.map((_, i) => users[(i * 7919) % users.length]!);
  let report = 1;
  for (let d = 0; d < DAYS; d++) {
    const pt = dayTimes(d, P_DAY);
    writeRows(join(DATA, `DeviceProcessEvents_${dayName(d)}.jsonl`), P_DAY, (i) => {
      const di = rnd() < 0.9 ? int(devices.length) : int(40); // a few busy build servers
      const dev = devices[di]!;
      const u = dev.kind === 'srv' && rnd() < 0.7 ? users[int(users.length)]! : userOf[di]!;
      const [file, tmpl] = procPick();
      const [pf, pp] = PARENT();
      const ts = iso(pt[i]!);
      // Templates are JSON-escaped once (pieces); what fill() inserts (numbers, user names) needs no escaping.
      return `{"Timestamp":"${ts}","TimeGenerated":"${ts}","DeviceName":"${dev.name}","ActionType":"ProcessCreated","FileName":"${file}","ProcessCommandLine":"${fill(tmpl, u)}",`
        + `"AccountDomain":"contoso","AccountName":"${u.name}","AccountUpn":"${u.upn}","InitiatingProcessFileName":"${pf}","InitiatingProcessParentFileName":"${pp}","ReportId":${report++}}\n`;
    });
    const st = dayTimes(d, S_DAY);
    writeRows(join(DATA, `SigninLogs_${dayName(d)}.jsonl`), S_DAY, (i) => {
      const u = users[int(users.length)]!;
      const away = rnd() < 0.02;
      const c = away ? pick(FOREIGN) : [u.country, u.city, '', u.lat, u.lon] as const;
      const ip = away ? `${[185, 45, 91][int(3)]}.${int(250)}.${int(250)}.${1 + int(250)}` : rnd() < 0.8 ? u.ip : `10.${int(250)}.${int(250)}.${1 + int(250)}`;
      const [app, appId, resource] = APPS();
      const [code, desc] = RESULT();
      const [risk, riskState, riskDetail] = RISK();
      const anon = rnd() < 0.004;
      const net = anon ? '[{\\"networkType\\":\\"anonymizedIPAddress\\",\\"networkNames\\":[\\"tor\\"]}]' : rnd() < 0.3 ? '[{\\"networkType\\":\\"trustedNamedLocation\\",\\"networkNames\\":[\\"HQ\\"]}]' : '[]';
      const ts = iso(st[i]!);
      const dev = devices[int(devices.length)]!;
      const managed = rnd() < 0.85;
      return `{"TimeGenerated":"${ts}","ResultType":"${code}","ResultDescription":"${desc}","Location":"${c[0]}","AppDisplayName":"${app}","AppId":"${appId}","ResourceDisplayName":"${resource}",`
        + `"ConditionalAccessStatus":"${code === '53003' ? 'failure' : rnd() < 0.7 ? 'success' : 'notApplied'}","IPAddress":"${ip}","AutonomousSystemNumber":"${away ? 9009 : 8075}","IsInteractive":true,`
        + `"RiskLevelDuringSignIn":"${risk}","RiskState":"${riskState}","RiskDetail":"${riskDetail}","NetworkLocationDetails":"${net}","UserAgent":"${UA_PICK()}","UserId":"${u.id}","UserPrincipalName":"${u.upn}","SessionId":"${hex8()}${hex8()}",`
        + `"LocationDetails":{"city":"${c[1]}","countryOrRegion":"${c[0]}","geoCoordinates":{"latitude":${coordText(c[3])},"longitude":${coordText(c[4])}}},`
        + `"DeviceDetail":{"deviceId":"${managed ? dev.aadId : ''}","operatingSystem":"${managed ? dev.os : 'Windows10'}","trustType":"${managed ? 'Hybrid Azure AD joined' : ''}"},"Status":{"errorCode":${Number(code)}}}\n`;
    });
    spec.progress?.(d + 1);
  }
  const ms = performance.now() - t0, c = process.cpuUsage(c0), cpuMs = (c.user + c.system) / 1000;
  const rows = DAYS * (P_DAY + S_DAY);
  let bytes = 0;
  for (let d = 0; d < DAYS; d++) for (const t of TABLES) bytes += statSync(join(DATA, `${t}_${dayName(d)}.jsonl`)).size;
  return { rows, bytes, ms, cpuMs };
}
