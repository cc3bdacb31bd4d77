/**
 * Scale benchmark (issue 13, "Acceptance"): a 30-day tenant on one machine, against DuckDB.
 * On demand, never part of npm test. Build first (the CLI and the library are run from dist/):
 *
 *   npm run build && node --import tsx bench/scale.ts [--days 30] [--process-per-day 133334] [--signins-per-day 33334]
 *       [--threads N] [--runs 5] [--cli-runs 3] [--only gen,ingest,queries,cli,detect] [--skip-ingest] [--skip-detect]
 *       [--detect-timeout 1800] [--work DIR] [--seed 7] [--json FILE]
 *
 * Defaults are acceptance line 0 (4 M process events + 1 M sign-ins over 30 days); line 1 is
 * `--process-per-day 1000000 --signins-per-day 250000` (37.5 M rows).
 *
 * 1. gen: per-day JSON-lines files `DeviceProcessEvents_dayNN.jsonl` and `SigninLogs_dayNN.jsonl`
 *    (the names `cloudhop ingest` recognises), seeded, streamed, with Defender/Entra column shapes
 *    (sign-ins' LocationDetails/DeviceDetail/Status are objects, NetworkLocationDetails JSON text);
 *    timestamps follow a working-day curve over each day. Cached under <tmp>/cloudhop-scale/ keyed
 *    by the parameters (a `complete` marker is written last; an interrupted generation starts over).
 * 2. ingest: `cloudhop ingest DIR --workspace WS --threads N` (wall, peak RSS by /usr/bin/time -v)
 *    against DuckDB `read_json_auto` into a database file with the same threads, in a child Node
 *    process measured the same way; sizes on disk: workspace, DuckDB file, raw JSON.
 * 3. queries, warm in-process: the workspace opened once through the library (`openWorkspace`,
 *    whatever it returns is passed to `execute` as `tables`), DuckDB's database file opened once
 *    (read-only, same threads); median of `--runs`, alternating. Results checked equal (canonical
 *    sorted row keys, hashed).
 * 4. cli: the same queries end to end (`node bin/cloudhop.js query --workspace WS --now END
 *    --format jsonl`), median wall of `--cli-runs`, peak RSS; results checked against DuckDB's.
 * 5. detect: `cloudhop detect --workspace WS --rules rules/T1021.007` over the whole span, then
 *    the same with CLOUDHOP_TERM_INDEX=0 (the term index off; said when this build ignores it).
 * Prints a table and writes every figure to `--json FILE`.
 */
import { parseArgs } from 'node:util';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync, renameSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({
  options: {
    days: { type: 'string' }, 'process-per-day': { type: 'string' }, 'signins-per-day': { type: 'string' },
    threads: { type: 'string' }, runs: { type: 'string' }, 'cli-runs': { type: 'string' }, only: { type: 'string' },
    'skip-ingest': { type: 'boolean' }, 'skip-detect': { type: 'boolean' }, 'detect-timeout': { type: 'string' },
    work: { type: 'string' }, seed: { type: 'string' }, json: { type: 'string' },
  },
});
const num = (v: string | undefined, d: number, name: string): number => {
  const n = v === undefined ? d : Number(v);
  if (!Number.isFinite(n) || n < 0) { console.error(`bench/scale.ts: --${name} must be a non-negative number (got ${v})`); process.exit(2); }
  return n;
};
const DAYS = num(opt.days, 30, 'days');
const P_DAY = num(opt['process-per-day'], 133_334, 'process-per-day');
const S_DAY = num(opt['signins-per-day'], 33_334, 'signins-per-day');
const THREADS = num(opt.threads, availableParallelism(), 'threads');
const RUNS = num(opt.runs, 5, 'runs');
const CLI_RUNS = num(opt['cli-runs'], 3, 'cli-runs');
const SEED = num(opt.seed, 7, 'seed');
const DETECT_TIMEOUT_S = num(opt['detect-timeout'], 1800, 'detect-timeout');
const PARTS = ['gen', 'ingest', 'queries', 'cli', 'detect'] as const;
const only = new Set((opt.only ?? PARTS.join(',')).split(',').map((s) => s.trim()));
for (const p of only) if (!(PARTS as readonly string[]).includes(p)) { console.error(`bench/scale.ts: --only takes ${PARTS.join(',')} (got ${p})`); process.exit(2); }
if (opt['skip-ingest']) only.delete('ingest');
if (opt['skip-detect']) only.delete('detect');

const dist = (p: string): string => join(ROOT, 'dist', p);
if (!existsSync(dist('cli/main.js'))) { console.error('bench/scale.ts: run `npm run build` first (dist/ is missing)'); process.exit(2); }
if (!existsSync('/usr/bin/time')) { console.error('bench/scale.ts: /usr/bin/time (GNU time, for peak RSS) is missing'); process.exit(2); }

const WORK = opt.work ?? join(tmpdir(), 'cloudhop-scale');
const KEY = `d${DAYS}-p${P_DAY}-s${S_DAY}-r${SEED}-v1`;
const DATA = join(WORK, `data-${KEY}`);
const WS = join(WORK, `ws-${KEY}`);
const DUCK = join(WORK, `duck-${KEY}.duckdb`);
/** Written when the data is complete; beside the folder, not in it (`cloudhop ingest DATA` would read it as a table). */
const MARKER = join(WORK, `data-${KEY}.complete.json`);
mkdirSync(WORK, { recursive: true });

const DAY_MS = 86_400_000, HOUR_MS = 3_600_000;
const START = Date.UTC(2024, 5, 1); // 2024-06-01T00:00:00Z
const END = START + DAYS * DAY_MS;
const NOW_ISO = new Date(END).toISOString();
const WINDOW_MS = START + Math.floor(DAYS / 2) * DAY_MS + 10 * HOUR_MS; // a working hour mid-span
const WINDOW_ISO = new Date(WINDOW_MS).toISOString();
const dayName = (d: number): string => `day${String(d + 1).padStart(2, '0')}`;

const out: Record<string, unknown> = {
  params: { days: DAYS, processPerDay: P_DAY, signinsPerDay: S_DAY, rows: DAYS * (P_DAY + S_DAY), threads: THREADS, runs: RUNS, cliRuns: CLI_RUNS, seed: SEED, now: NOW_ISO, window: WINDOW_ISO },
  machine: { cores: cpus().length, cpu: cpus()[0]?.model, memGB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version, loadStart: loadavg().map((x) => +x.toFixed(2)) },
  paths: { data: DATA, workspace: WS, duckdb: DUCK },
};
const lines: string[] = [];
const say = (s: string): void => { console.log(s); lines.push(s); };
const fmtS = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const fmtMB = (b: number): string => `${(b / 1e6).toFixed(0)} MB`;
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN; };
const load1 = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');

// ───────────────────────── 1. generator ─────────────────────────
// mulberry32: fast, seeded, good enough for value distributions.
let rs = SEED >>> 0;
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
const DAY_PREFIX = Array.from({ length: DAYS }, (_, d) => new Date(START + d * DAY_MS).toISOString().slice(0, 11));
function iso(ms: number): string {
  const off = ms - START, d = Math.floor(off / DAY_MS);
  let r = off - d * DAY_MS;
  const h = Math.floor(r / HOUR_MS); r -= h * HOUR_MS;
  const m = Math.floor(r / 60_000); r -= m * 60_000;
  const sec = Math.floor(r / 1000);
  return `${DAY_PREFIX[d]}${P2[h]}:${P2[m]}:${P2[sec]}.${P3[r - sec * 1000]}Z`;
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

function generate(): { rows: number; bytes: number; ms: number; cpuMs: number; cached: boolean } {
  const marker = MARKER;
  if (existsSync(marker)) { const m = JSON.parse(readFileSync(marker, 'utf8')) as { rows: number; bytes: number; ms: number; cpuMs: number }; return { ...m, cached: true }; }
  rmSync(DATA, { recursive: true, force: true });
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
    if (process.stdout.isTTY) process.stdout.write(`\rgenerating ${DATA}: day ${d + 1}/${DAYS}`);
  }
  if (process.stdout.isTTY) process.stdout.write('\n');
  const ms = performance.now() - t0, c = process.cpuUsage(c0), cpuMs = (c.user + c.system) / 1000;
  const rows = DAYS * (P_DAY + S_DAY);
  const bytes = dirBytes(DATA);
  writeFileSync(marker, JSON.stringify({ rows, bytes, ms, cpuMs }));
  return { rows, bytes, ms, cpuMs, cached: false };
}

function dirBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let b = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) b += dirBytes(p); else if (e.isFile()) b += statSync(p).size;
  }
  return b;
}
const jsonBytes = (): number => readdirSync(DATA).filter((f) => f.endsWith('.jsonl')).reduce((a, f) => a + statSync(join(DATA, f)).size, 0);

// ───────────────────────── measuring child processes ─────────────────────────
interface Run { ms: number; cpuMs: number; rssMB: number; status: number | null; stdout: string; stderr: string; timedOut: boolean }
/**
 * Runs a command under /usr/bin/time -v: wall time (measured here), CPU time (user + system, all
 * threads), peak RSS (maximum resident set size). In its own process group, so a timeout stops the
 * whole tree (`cloudhop` re-runs itself with a larger heap: killing /usr/bin/time alone would leave
 * that child running).
 */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutS = 0): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-v', cmd, ...args], { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const so: Buffer[] = [], se: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => so.push(b));
    child.stderr.on('data', (b: Buffer) => se.push(b));
    let timedOut = false;
    const timer = timeoutS ? setTimeout(() => { timedOut = true; try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ } }, timeoutS * 1000) : undefined;
    child.on('error', reject);
    child.on('close', (status) => {
      if (timer) clearTimeout(timer);
      const ms = performance.now() - t0;
      const err = Buffer.concat(se).toString('utf8');
      const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(err)?.[1] ?? NaN) / 1024;
      const cpuMs = (Number(/User time \(seconds\): ([\d.]+)/.exec(err)?.[1] ?? NaN) + Number(/System time \(seconds\): ([\d.]+)/.exec(err)?.[1] ?? NaN)) * 1000;
      const stderr = err.replace(/\n?\tCommand being timed:[\s\S]*$/, '');
      resolve({ ms, cpuMs, rssMB: rss, status, stdout: Buffer.concat(so).toString('utf8'), stderr, timedOut });
    });
  });
}
const CLI = join(ROOT, 'bin', 'cloudhop.js');

// ───────────────────────── queries ─────────────────────────
const SEED_KQL = readSeed();
function readSeed(): string {
  const shared = process.env.CLOUDHOP_SHARED ?? join(ROOT, '..', 'shared');
  for (const p of [join(shared, 'seed', 'T1021.007-seed.kql'), join(ROOT, 'test', 'kql', 'exec', 'fixtures', 'T1021.007-seed.kql')]) if (existsSync(p)) return readFileSync(p, 'utf8');
  console.error('bench/scale.ts: the seed query is missing (../shared/seed/T1021.007-seed.kql; set CLOUDHOP_SHARED)'); process.exit(2);
}
const HUNT_TERMS = ['az login', 'Connect-AzAccount', 'aws sts', 'gcloud auth'];
const KQL: Record<string, string> = {
  print: 'print 1',
  seed: SEED_KQL,
  hunt: `DeviceProcessEvents | where ProcessCommandLine has_any (${HUNT_TERMS.map((t) => JSON.stringify(t)).join(', ')}) | project Timestamp, DeviceName, AccountName, ProcessCommandLine`,
  window: `DeviceProcessEvents | where Timestamp between (datetime(${WINDOW_ISO}) .. 1h) | summarize count() by DeviceName`,
};
// SQL equivalents. Kusto terms are maximal alphanumeric runs; `has` = the needle starts and ends on
// term boundaries, case-insensitive (the data is ASCII, so RE2's [[:alnum:]] is the same class).
const reEsc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyRe = (ts: string[]): string => `(^|[^[:alnum:]])(${ts.map(reEsc).join('|')})($|[^[:alnum:]])`;
const SEED_TERMS = ['Connect-AzAccount', 'Connect-MgGraph', 'Connect-ExchangeOnline', 'az login', 'az account', 'aws configure', 'aws sts', 'gcloud auth login', 'gcloud auth print-access-token'];
const AZ = ['Connect-Az', 'Connect-Mg', 'az login', 'az account'], AWS = ['aws configure', 'aws sts', 'aws cli'], GCP = ['gcloud'];
const ts = (ms: number): string => `TIMESTAMP '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'`;
const SQL: Record<string, string> = {
  print: 'SELECT 1',
  seed: `SELECT * FROM (
      SELECT 'P' AS leg, epoch_ms(Timestamp) AS t, DeviceName AS who, AccountName AS a, CASE WHEN regexp_matches(ProcessCommandLine, '${anyRe(AZ)}', 'i') THEN 'Azure'
             WHEN regexp_matches(ProcessCommandLine, '${anyRe(AWS)}', 'i') THEN 'AWS' WHEN regexp_matches(ProcessCommandLine, '${anyRe(GCP)}', 'i') THEN 'GCP' ELSE 'Unknown' END AS b
      FROM DeviceProcessEvents WHERE Timestamp > ${ts(END - 24 * HOUR_MS)} AND regexp_matches(ProcessCommandLine, '${anyRe(SEED_TERMS)}', 'i')
    UNION ALL
      SELECT 'S', epoch_ms(TimeGenerated), UserPrincipalName, IPAddress, RiskLevelDuringSignIn FROM SigninLogs
      WHERE TimeGenerated > ${ts(END - 24 * HOUR_MS)} AND ResultType = '0'
        AND (RiskLevelDuringSignIn IN ('medium', 'high') OR regexp_matches(NetworkLocationDetails, '${anyRe(['anonymizedIPAddress'])}', 'i'))
    ) ORDER BY t DESC`,
  hunt: `SELECT epoch_ms(Timestamp) AS t, DeviceName, AccountName, ProcessCommandLine FROM DeviceProcessEvents WHERE regexp_matches(ProcessCommandLine, '${anyRe(HUNT_TERMS)}', 'i')`,
  window: `SELECT DeviceName, count(*) AS n FROM DeviceProcessEvents WHERE Timestamp BETWEEN ${ts(WINDOW_MS)} AND ${ts(WINDOW_MS + HOUR_MS)} GROUP BY DeviceName`,
};
/** Goals (ratio cloudhop / DuckDB) from the issue: warm in-process, and end to end through the CLI. */
const GOAL: Record<string, { warm?: number; cli?: number; cliAbsMs?: number }> = { print: { cliAbsMs: 300 }, seed: { warm: 0.3 }, hunt: { warm: 0.1, cli: 0.3 }, window: { warm: 0.5, cli: 1.0 } };

/** A datetime as epoch ms: engine values are 100 ns ticks, the CLI writes ISO text with 7 fraction digits. */
const msOf = (v: unknown): number => (typeof v === 'number' ? Math.round(v / 10_000) : typeof v === 'bigint' ? Number(v) : Date.parse(String(v).replace(/(\.\d{3})\d*Z$/, '$1Z')));
/** Canonical keys of one query's result rows (given as objects by column name), sorted and hashed. */
function keysOf(q: string, rows: Record<string, unknown>[]): string[] {
  switch (q) {
    case 'print': return rows.map((r) => String(Object.values(r)[0]));
    case 'seed': return rows.map((r) => (r.DeviceName !== undefined && r.DeviceName !== null && r.DeviceName !== ''
      ? `P|${msOf(r.Timestamp)}|${r.DeviceName}|${r.AccountName}|${r.CloudPlatform}`
      : `S|${msOf(r.TimeGenerated)}|${r.UserPrincipalName}|${r.IPAddress}|${r.RiskLevelDuringSignIn}`));
    case 'hunt': return rows.map((r) => `${msOf(r.Timestamp)}|${r.DeviceName}|${r.AccountName}|${r.ProcessCommandLine}`);
    case 'window': return rows.map((r) => `${r.DeviceName}|${Number(r.count_)}`);
  }
  throw new Error(q);
}
function sqlKeys(q: string, rows: Record<string, unknown>[]): string[] {
  switch (q) {
    case 'print': return rows.map((r) => String(Object.values(r)[0]));
    case 'seed': return rows.map((r) => `${r.leg}|${Number(r.t)}|${r.who}|${r.a}|${r.b}`);
    case 'hunt': return rows.map((r) => `${Number(r.t)}|${r.DeviceName}|${r.AccountName}|${r.ProcessCommandLine}`);
    case 'window': return rows.map((r) => `${r.DeviceName}|${Number(r.n)}`);
  }
  throw new Error(q);
}
interface Canon { n: number; hash: string }
const canon = (keys: string[]): Canon => ({ n: keys.length, hash: createHash('sha1').update(keys.sort().join('\n')).digest('hex').slice(0, 12) });
const same = (a: Canon | undefined, b: Canon | undefined): string => (!a || !b ? '-' : a.hash === b.hash ? `equal (${a.n.toLocaleString('en-US')} rows)` : `DIFFER ${a.n}/${b.n} rows ${a.hash}/${b.hash}`);

// ───────────────────────── main ─────────────────────────
async function main(): Promise<void> {
  say(`bench/scale.ts: ${DAYS} days × (${P_DAY.toLocaleString('en-US')} process events + ${S_DAY.toLocaleString('en-US')} sign-ins) a day = ${(DAYS * (P_DAY + S_DAY)).toLocaleString('en-US')} rows; threads ${THREADS}; `
    + `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; load average ${load1()}`);

  // 1. data
  if (only.has('gen') || !existsSync(MARKER)) {
    const g = generate();
    out.gen = g;
    say(`data: ${DATA} — ${g.rows.toLocaleString('en-US')} rows, ${fmtMB(g.bytes)} of JSON lines${g.cached ? ' (cached)' : `, generated in ${fmtS(g.ms)} (${Math.round(g.rows / g.ms * 1000).toLocaleString('en-US')} rows/s; CPU ${fmtS(g.cpuMs)}, ${Math.round(g.rows / g.cpuMs * 1000).toLocaleString('en-US')} rows per CPU second)`}`);
  }
  const rawBytes = jsonBytes();

  // 2. ingest
  if (only.has('ingest')) {
    rmSync(WS, { recursive: true, force: true });
    const ch = await timed(process.execPath, [CLI, 'ingest', DATA, '--workspace', WS, '--threads', String(THREADS), '--quiet']);
    if (ch.status !== 0) { say(`cloudhop ingest failed (exit ${ch.status}):\n${ch.stderr.slice(-2000)}`); process.exit(1); }
    rmSync(DUCK, { force: true }); rmSync(`${DUCK}.wal`, { force: true });
    const script = `import { DuckDBInstance } from '@duckdb/node-api';
const [db, threads, dir] = process.argv.slice(1);
const inst = await DuckDBInstance.create(db, { threads });
const con = await inst.connect();
const t0 = performance.now();
for (const t of ['DeviceProcessEvents', 'SigninLogs']) await con.run(\`CREATE TABLE \${t} AS SELECT * FROM read_json_auto('\${dir}/\${t}_day*.jsonl')\`);
await con.run('CHECKPOINT');
const ms = performance.now() - t0;
const n = (await con.runAndReadAll('SELECT (SELECT count(*) FROM DeviceProcessEvents) + (SELECT count(*) FROM SigninLogs)')).getRows()[0][0];
con.closeSync(); inst.closeSync();
console.log(JSON.stringify({ ms, rows: Number(n) }));`;
    const dk = await timed(process.execPath, ['--input-type=module', '-e', script, DUCK, String(THREADS), DATA]);
    if (dk.status !== 0) { say(`DuckDB load failed (exit ${dk.status}):\n${dk.stderr.slice(-2000)}`); process.exit(1); }
    const dkIn = JSON.parse(dk.stdout.trim().split('\n').pop()!) as { ms: number; rows: number };
    const wsBytes = dirBytes(WS), duckBytes = statSync(DUCK).size + (existsSync(`${DUCK}.wal`) ? statSync(`${DUCK}.wal`).size : 0);
    const rows = DAYS * (P_DAY + S_DAY);
    out.ingest = { cloudhop: { ms: ch.ms, cpuMs: ch.cpuMs, rssMB: ch.rssMB, report: ch.stdout.trim().split('\n').slice(-3) }, duckdb: { ms: dk.ms, cpuMs: dk.cpuMs, loadMs: dkIn.ms, rssMB: dk.rssMB, rows: dkIn.rows }, sizes: { rawJson: rawBytes, workspace: wsBytes, duckdb: duckBytes } };
    say('');
    say(`ingest (${rows.toLocaleString('en-US')} rows, ${fmtMB(rawBytes)} JSON, ${THREADS} threads each)       wall   CPU (all threads)   peak RSS   on disk`);
    say(`  cloudhop ingest (CLI)                         ${fmtS(ch.ms).padStart(9)} ${fmtS(ch.cpuMs).padStart(9)}   ${`${ch.rssMB.toFixed(0)} MB`.padStart(9)}   ${fmtMB(wsBytes)} workspace (${(wsBytes / rawBytes).toFixed(2)} of the JSON)`);
    say(`  DuckDB read_json_auto → file (child process)  ${fmtS(dk.ms).padStart(9)} ${fmtS(dk.cpuMs).padStart(9)}   ${`${dk.rssMB.toFixed(0)} MB`.padStart(9)}   ${fmtMB(duckBytes)} database file (${(duckBytes / rawBytes).toFixed(2)}); load alone ${fmtS(dkIn.ms)}, ${dkIn.rows.toLocaleString('en-US')} rows`);
    say(`  ratio cloudhop / DuckDB: wall ${(ch.ms / dk.ms).toFixed(2)}× (goal ≤ 1.0), CPU ${(ch.cpuMs / dk.cpuMs).toFixed(2)}×, workspace / DuckDB file ${(wsBytes / duckBytes).toFixed(2)}×   (load average ${load1()})`);
    if (dkIn.rows !== rows) say(`  WARNING: DuckDB holds ${dkIn.rows} rows, generated ${rows}`);
  }
  if (!['queries', 'cli', 'detect'].some((p) => only.has(p))) { finish(); return; }
  if (!existsSync(WS) || !existsSync(DUCK)) { say(`no workspace/DuckDB file yet at ${WS} / ${DUCK}: run without --skip-ingest first`); finish(); process.exit(2); }

  // DuckDB answers: the reference for every check.
  const qs = Object.keys(KQL);
  const duckRef: Record<string, Canon> = {};
  const warm: Record<string, { cloudhop: number[]; duckdb: number[]; check?: string }> = {};
  if (only.has('queries') || only.has('cli')) {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(DUCK, { threads: String(THREADS), access_mode: 'READ_ONLY' });
    const con = await inst.connect();
    const duckRun = async (q: string, read: boolean): Promise<number> => {
      const t0 = performance.now();
      const r = await con.runAndReadAll(SQL[q]!);
      const ms = performance.now() - t0;
      if (read) duckRef[q] = canon(sqlKeys(q, r.getRowObjectsJS() as Record<string, unknown>[]));
      return ms;
    };
    if (only.has('queries')) {
      type LoadMod = typeof import('../src/ingest/load.js');
      type ExecMod = typeof import('../src/kql/execute.js');
      const { openWorkspace } = (await import(dist('ingest/load.js'))) as LoadMod;
      const { execute } = (await import(dist('kql/execute.js'))) as ExecMod;
      const rss0 = process.memoryUsage().rss;
      const t0 = performance.now();
      const tables = await openWorkspace(WS);
      const openMs = performance.now() - t0;
      const rssOpen = process.memoryUsage().rss;
      const now = END * 10_000;
      const chRun = (q: string, read: boolean): { ms: number; keys?: string[] } => {
        const t = performance.now();
        const o = execute(KQL[q]!, { tables, now, maxRows: 10_000_000 });
        const ms = performance.now() - t;
        if (!o.ok) throw new Error(`cloudhop ${q}: ${JSON.stringify(o.diagnostics).slice(0, 500)}`);
        if (!read) return { ms };
        const names = o.result.columns.map((c) => c.name);
        return { ms, keys: keysOf(q, o.result.rows.map((r) => Object.fromEntries(names.map((n, j) => [n, r[j]])))) };
      };
      let rssMax = rssOpen;
      for (const q of qs) {
        const w: { cloudhop: number[]; duckdb: number[]; check?: string } = (warm[q] = { cloudhop: [], duckdb: [] });
        let mine: Canon | undefined;
        for (let i = 0; i < RUNS; i++) {
          const r = chRun(q, i === 0);
          if (r.keys) mine = canon(r.keys);
          w.cloudhop.push(r.ms);
          rssMax = Math.max(rssMax, process.memoryUsage().rss);
          w.duckdb.push(await duckRun(q, i === 0));
        }
        w.check = same(mine, duckRef[q]);
      }
      out.warm = { openMs, rssBeforeOpenMB: rss0 / 1048576, rssAfterOpenMB: rssOpen / 1048576, rssMaxMB: rssMax / 1048576, queries: Object.fromEntries(qs.map((q) => [q, { cloudhopMs: median(warm[q]!.cloudhop), duckdbMs: median(warm[q]!.duckdb), runs: warm[q], check: warm[q]!.check }])) };
      say('');
      say(`warm in-process, median of ${RUNS} (workspace opened once in ${fmtS(openMs)}, RSS ${(rss0 / 1048576).toFixed(0)} → ${(rssOpen / 1048576).toFixed(0)} MB, max ${(rssMax / 1048576).toFixed(0)} MB; DuckDB file opened read-only, ${THREADS} threads)`);
      say(`  query     cloudhop     DuckDB    ratio   goal    result`);
      for (const q of qs) {
        const a = median(warm[q]!.cloudhop), b = median(warm[q]!.duckdb), g = GOAL[q]!.warm;
        say(`  ${q.padEnd(8)} ${fmtS(a).padStart(9)} ${fmtS(b).padStart(10)} ${`${(a / b).toFixed(2)}×`.padStart(8)}   ${g === undefined ? '  -  ' : `≤ ${g} ${a / b <= g ? 'met' : 'NOT met'}`.padEnd(5)}  ${warm[q]!.check}`);
      }
      say(`  (load average ${load1()})`);
    } else {
      for (const q of qs) await duckRun(q, true);
      for (const q of qs) { const ms: number[] = []; for (let i = 0; i < RUNS; i++) ms.push(await duckRun(q, false)); warm[q] = { cloudhop: [], duckdb: ms }; }
    }
    con.closeSync(); inst.closeSync();
  }

  // 4. CLI end to end
  if (only.has('cli')) {
    const cli: Record<string, unknown> = {};
    say('');
    say(`end to end through the CLI (node bin/cloudhop.js query --workspace … --now ${NOW_ISO} --format jsonl), median of ${CLI_RUNS}; vs DuckDB warm in-process`);
    say(`  query        wall       CPU   peak RSS     DuckDB    ratio   goal            result`);
    for (const q of qs) {
      const runs: Run[] = [];
      for (let i = 0; i < CLI_RUNS; i++) runs.push(await timed(process.execPath, [CLI, 'query', '--workspace', WS, '--now', NOW_ISO, '--format', 'jsonl', KQL[q]!]));
      const bad = runs.find((r) => r.status !== 0);
      const wall = median(runs.map((r) => r.ms)), rss = Math.max(...runs.map((r) => r.rssMB));
      const rows = runs[0]!.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
      const check = bad ? `exit ${bad.status}: ${bad.stderr.trim().split('\n')[0]}` : same(canon(keysOf(q, rows)), duckRef[q]);
      const dk = median(warm[q]?.duckdb ?? []);
      const g = GOAL[q]!;
      const goal = g.cliAbsMs !== undefined ? `≤ ${g.cliAbsMs / 1000} s ${wall <= g.cliAbsMs ? 'met' : 'NOT met'}` : g.cli !== undefined ? `≤ ${g.cli}× ${wall / dk <= g.cli ? 'met' : 'NOT met'}` : '-';
      const cpu = median(runs.map((r) => r.cpuMs));
      cli[q] = { wallMs: wall, cpuMs: cpu, runsMs: runs.map((r) => r.ms), peakRssMB: rss, duckdbWarmMs: dk, ratio: wall / dk, check, stderr: runs[0]!.stderr.slice(0, 500) };
      say(`  ${q.padEnd(8)} ${fmtS(wall).padStart(9)} ${fmtS(cpu).padStart(9)} ${`${rss.toFixed(0)} MB`.padStart(10)} ${fmtS(dk).padStart(10)} ${`${(wall / dk).toFixed(1)}×`.padStart(8)}   ${goal.padEnd(14)}  ${check}`);
    }
    say(`  (load average ${load1()})`);
    out.cli = cli;
  }

  // 5. detect replay
  if (only.has('detect')) {
    const honoured = spawnSync('grep', ['-rlq', 'CLOUDHOP_TERM_INDEX', join(ROOT, 'dist')]).status === 0;
    const det: Record<string, unknown> = { termIndexVariableRead: honoured };
    const hashes: string[] = [];
    say('');
    say(`detect replay: cloudhop detect --workspace … --rules rules/T1021.007 --format jsonl (the data's whole span)`);
    // When this build does not read the variable, the second run would be the same code path: not run.
    const variants = [['term index on (default)', {}], ['CLOUDHOP_TERM_INDEX=0', { CLOUDHOP_TERM_INDEX: '0' }]] as const;
    for (const [label, env] of honoured ? variants : variants.slice(0, 1)) {
      const alerts = join(WORK, `alerts-${KEY}-${label.startsWith('CLOUD') ? 'noindex' : 'index'}.jsonl`);
      rmSync(alerts, { force: true });
      const r = await timed(process.execPath, [CLI, 'detect', '--workspace', WS, '--rules', join(ROOT, 'rules', 'T1021.007'), '--format', 'jsonl', '--out', alerts], env, DETECT_TIMEOUT_S);
      const n = existsSync(alerts) ? readFileSync(alerts, 'utf8').split('\n').filter((l) => l.trim()).length : 0;
      const errs = r.stderr.trim().split('\n').filter((l) => l.trim()).slice(0, 5);
      const text = existsSync(alerts) ? readFileSync(alerts, 'utf8') : '';
      hashes.push(canon(text.split('\n').filter((l) => l.trim())).hash);
      det[label] = { ms: r.ms, cpuMs: r.cpuMs, peakRssMB: r.rssMB, exit: r.status, timedOut: r.timedOut, alerts: n, alertsHash: hashes[hashes.length - 1], stderr: errs };
      say(`  ${label.padEnd(24)} ${r.timedOut ? `stopped after ${DETECT_TIMEOUT_S} s (--detect-timeout)` : `${fmtS(r.ms)} (CPU ${fmtS(r.cpuMs)}), peak RSS ${r.rssMB.toFixed(0)} MB, exit ${r.status}, ${n} alerts`}`);
      for (const e of errs) say(`      ${e.slice(0, 200)}`);
    }
    if (honoured) {
      say(`  alerts of the two runs ${hashes[0] === hashes[1] ? 'identical' : `DIFFER (${hashes.join(' / ')})`} (sorted alert lines, hashed)`);
      det.alertsIdentical = hashes[0] === hashes[1];
    } else say('  CLOUDHOP_TERM_INDEX=0: not run — this build does not read CLOUDHOP_TERM_INDEX (no term index yet), so it would be the same code path');
    say(`  (load average ${load1()})`);
    out.detect = det;
  }
  finish();
}

function finish(): void {
  (out.machine as Record<string, unknown>).loadEnd = loadavg().map((x) => +x.toFixed(2));
  out.text = lines;
  if (opt.json) { writeFileSync(opt.json, JSON.stringify(out, null, 2)); console.log(`\nfigures written to ${opt.json}`); }
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
