/**
 * Engine benchmark (on demand, never in npm test):
 *   node --expose-gc --import tsx bench/engine.ts [--rows 1000000] [--runs 5]
 *
 * Generates N DeviceProcessEvents and N SigninLogs rows (seeded), loads them into cloudhop
 * (columns built directly — typed arrays, dictionary strings — then written to the workspace's
 * Arrow IPC form and read back, as `query --workspace` holds them; `--direct` skips the round
 * trip and keeps the generator's strings), into DuckDB (@duckdb/node-api,
 * in-memory, appender) and into Arquero, then times four queries on each (median of `runs`):
 *   1. the seed rule (verbatim KQL; SQL and Arquero equivalents with the same term semantics),
 *   2. summarize count() by DeviceName, bin(Timestamp, 1h),
 *   3. a join of process and sign-in rows on account,
 *   4. a has_any filter over command lines.
 * Every query's result is checked equal across the three engines (canonical sorted rows).
 * Prints ratios cloudhop/DuckDB and the memory of the loaded cloudhop tables vs the raw column data.
 */
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NumberColumn, StringColumn, ObjectColumn, type Table, type Column } from '../src/kql/data/column.js';
import type { Value } from '../src/kql/data/types.js';
import { execute } from '../src/kql/execute.js';
import { tableToArrow, tableFromArrow } from '../src/store/arrow.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (name: string, d: number): number => { const i = argv.indexOf(name); return i >= 0 ? Number(argv[i + 1]) : d; };
const N = arg('--rows', 1_000_000);
const RUNS = arg('--runs', 5);
const HOUR = 36_000_000_000;
const NOW = Date.UTC(2024, 5, 1, 12) * 10_000;

// ───────────── data generation (seeded) ─────────────
let seed = 7;
const rnd = (): number => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32; };
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

const users = Array.from({ length: 2000 }, (_, i) => `user${i}`);
const devices = Array.from({ length: 500 }, (_, i) => `ws-${String(i).padStart(4, '0')}.contoso.local`);
const files = ['powershell.exe', 'cmd.exe', 'az.exe', 'python.exe', 'node.exe', 'git.exe', 'curl.exe', 'svchost.exe', 'conhost.exe', 'msedge.exe'];
const parents = ['explorer.exe', 'services.exe', 'cmd.exe', 'powershell.exe', 'code.exe', 'svchost.exe'];
const cloudCmds = ['Connect-AzAccount -Tenant contoso', 'Connect-MgGraph -Scopes User.Read.All', 'az login --use-device-code', 'az account show',
  'aws sts get-caller-identity', 'aws configure list', 'gcloud auth login', 'gcloud auth print-access-token', 'Connect-ExchangeOnline -UserPrincipalName x'];
const benign = ['git pull origin main', 'python -m pip install -r requirements.txt', 'node server.js --port', 'curl -s https://intranet/health',
  'svchost.exe -k netsvcs -p', 'conhost.exe 0xffffffff -ForceV1', 'msedge.exe --type=renderer', 'cmd.exe /c dir C:\\Users',
  'powershell.exe -NoProfile Get-ChildItem', 'certutil -urlcache -f http://x/a.exe', 'bitsadmin /transfer job http://x/b'];
function commandLine(): string {
  const r = rnd();
  const base = r < 0.05 ? pick(cloudCmds) : pick(benign);
  // ~100k distinct command lines: a numeric suffix like a real path or id.
  return `${base} ${Math.floor(rnd() * 10_000)}`;
}

interface Raw { [col: string]: Value[] }
function genProcess(n: number): Raw {
  const c: Raw = { Timestamp: [], TimeGenerated: [], DeviceName: [], AccountName: [], AccountUpn: [], FileName: [], ProcessCommandLine: [], InitiatingProcessFileName: [] };
  for (let i = 0; i < n; i++) {
    const ts = NOW - Math.floor(rnd() * 48 * HOUR);
    const u = pick(users);
    c.Timestamp!.push(ts); c.TimeGenerated!.push(ts); c.DeviceName!.push(pick(devices)); c.AccountName!.push(u);
    c.AccountUpn!.push(`${u}@contoso.com`); c.FileName!.push(pick(files)); c.ProcessCommandLine!.push(commandLine());
    c.InitiatingProcessFileName!.push(pick(parents));
  }
  return c;
}
const locations = Array.from({ length: 200 }, (_, i) => ({ city: `City${i}`, countryOrRegion: ['NO', 'US', 'DE', 'FR', 'JP'][i % 5]! }));
function genSignin(n: number): Raw {
  const c: Raw = { TimeGenerated: [], UserPrincipalName: [], ResultType: [], AppDisplayName: [], IPAddress: [], LocationDetails: [], RiskLevelDuringSignIn: [], NetworkLocationDetails: [], ConditionalAccessStatus: [] };
  const apps = ['Azure Portal', 'Microsoft Azure CLI', 'Microsoft Azure PowerShell', 'Office 365', 'Microsoft Teams', 'Graph Explorer'];
  for (let i = 0; i < n; i++) {
    c.TimeGenerated!.push(NOW - Math.floor(rnd() * 48 * HOUR));
    c.UserPrincipalName!.push(`${pick(users)}@contoso.com`);
    c.ResultType!.push(rnd() < 0.8 ? '0' : pick(['50126', '50053', '53003']));
    c.AppDisplayName!.push(pick(apps));
    c.IPAddress!.push(`203.0.${Math.floor(rnd() * 40)}.${Math.floor(rnd() * 250)}`);
    c.LocationDetails!.push(pick(locations));
    const rr = rnd();
    c.RiskLevelDuringSignIn!.push(rr < 0.01 ? 'high' : rr < 0.03 ? 'medium' : rr < 0.1 ? 'low' : 'none');
    c.NetworkLocationDetails!.push(rnd() < 0.01 ? '[{"networkType":"anonymizedIPAddress","networkNames":["tor"]}]' : '[]');
    c.ConditionalAccessStatus!.push(pick(['success', 'notApplied', 'failure']));
  }
  return c;
}
const TYPES: Record<string, 'datetime' | 'string' | 'dynamic'> = { Timestamp: 'datetime', TimeGenerated: 'datetime', LocationDetails: 'dynamic' };

// ───────────── cloudhop tables: columns built directly ─────────────
function toColumn(name: string, vals: Value[]): Column {
  const t = TYPES[name] ?? 'string';
  if (t === 'datetime') return new NumberColumn('datetime', Float64Array.from(vals as number[]), undefined);
  // Each row gets its own parsed object, as a loader reading JSON text would build (no sharing).
  if (t === 'dynamic') return new ObjectColumn('dynamic', vals.map((v) => JSON.parse(JSON.stringify(v)) as Value));
  const dict: string[] = []; const index = new Map<string, number>(); const codes = new Uint32Array(vals.length);
  for (let i = 0; i < vals.length; i++) { const s = vals[i] as string; let k = index.get(s); if (k === undefined) { k = dict.length; dict.push(s); index.set(s, k); } codes[i] = k; }
  return new StringColumn(codes, dict);
}
const gc = (globalThis as { gc?: () => void }).gc;
let peakProbe = 0;
const probe = (): void => { const m = process.memoryUsage(); peakProbe = Math.max(peakProbe, m.heapUsed + m.arrayBuffers); };
function toTable(name: string, raw: Raw): Table {
  if (argv.includes('--direct')) {
    const fields = Object.entries(raw).map(([n, v]) => { const column = toColumn(n, v); probe(); return { name: n, column }; });
    return { name, fields, rowCount: fields[0]!.column.length };
  }
  // As `cloudhop query --workspace` holds them: written to the workspace's Arrow IPC form (the
  // columns built for that are dropped) and read back — dictionaries decoded from UTF-8, dynamics
  // parsed, numbers left in the IPC buffer — not the generator's JS values.
  const bytes = arrowOf(name, raw);
  gc?.(); probe();
  const t = tableFromArrow(bytes, name);
  // Columns decode on first use: all of them here, so the memory figure counts every column.
  for (const f of t.fields) void f.column.length;
  probe();
  return t;
}
function arrowOf(name: string, raw: Raw): Uint8Array {
  const fields = Object.entries(raw).map(([n, v]) => ({ name: n, column: toColumn(n, v) }));
  return tableToArrow({ name, fields, rowCount: fields[0]!.column.length });
}
function rawBytes(raw: Raw): number {
  let b = 0;
  for (const [n, vals] of Object.entries(raw)) {
    const t = TYPES[n] ?? 'string';
    if (t === 'datetime') b += 8 * vals.length;
    else for (const v of vals) b += Buffer.byteLength(typeof v === 'string' ? v : JSON.stringify(v));
  }
  return b;
}
const mem = (): number => { gc?.(); gc?.(); const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };

// ───────────── queries ─────────────
const SEED = readFileSync(join(ROOT, 'test/kql/exec/fixtures/T1021.007-seed.kql'), 'utf8');
const KQL = {
  seed: SEED,
  binCount: 'DeviceProcessEvents | summarize count() by DeviceName, bin(Timestamp, 1h)',
  join: 'DeviceProcessEvents | where FileName == "az.exe" | join kind=inner (SigninLogs | where RiskLevelDuringSignIn == "high") on $left.AccountUpn == $right.UserPrincipalName | summarize n = count() by DeviceName',
  hasAny: 'DeviceProcessEvents | where ProcessCommandLine has_any ("certutil", "bitsadmin", "Invoke-WebRequest", "mimikatz") | summarize n = count() by FileName',
};
// Kusto terms are maximal alphanumeric runs; `has` = the text starts and ends on term boundaries (case-insensitive).
const term = (t: string): string => `(^|[^[:alnum:]])(${t})($|[^[:alnum:]])`;
const reEsc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyRe = (ts: string[]): string => term(ts.map(reEsc).join('|'));
const SEED_TERMS = ['Connect-AzAccount', 'Connect-MgGraph', 'Connect-ExchangeOnline', 'az login', 'az account', 'aws configure', 'aws sts', 'gcloud auth login', 'gcloud auth print-access-token'];
const AZ = ['Connect-Az', 'Connect-Mg', 'az login', 'az account'], AWS = ['aws configure', 'aws sts', 'aws cli'], GCP = ['gcloud'];
const HAS_ANY = ['certutil', 'bitsadmin', 'Invoke-WebRequest', 'mimikatz'];
const now24 = NOW - 24 * HOUR;
const SQL = {
  seed: `SELECT * FROM (
      SELECT Timestamp, DeviceName, AccountName, FileName, ProcessCommandLine, InitiatingProcessFileName,
        CASE WHEN regexp_matches(ProcessCommandLine, '${anyRe(AZ)}', 'i') THEN 'Azure'
             WHEN regexp_matches(ProcessCommandLine, '${anyRe(AWS)}', 'i') THEN 'AWS'
             WHEN regexp_matches(ProcessCommandLine, '${anyRe(GCP)}', 'i') THEN 'GCP' ELSE 'Unknown' END AS CloudPlatform
      FROM DeviceProcessEvents WHERE Timestamp > ${now24} AND regexp_matches(ProcessCommandLine, '${anyRe(SEED_TERMS)}', 'i')
    ) UNION ALL BY NAME (
      SELECT TimeGenerated, UserPrincipalName, AppDisplayName AS AppName, IPAddress, LocationDetails AS Location, RiskLevelDuringSignIn, ConditionalAccessStatus
      FROM SigninLogs WHERE TimeGenerated > ${now24} AND ResultType = '0'
        AND (RiskLevelDuringSignIn IN ('medium', 'high') OR regexp_matches(NetworkLocationDetails, '${term('anonymizedIPAddress')}', 'i'))
    ) ORDER BY TimeGenerated DESC NULLS LAST`,
  binCount: `SELECT DeviceName, (Timestamp // ${HOUR}) * ${HOUR} AS Timestamp, count(*) AS count_ FROM DeviceProcessEvents GROUP BY ALL`,
  join: `SELECT p.DeviceName, count(*) AS n FROM (SELECT * FROM DeviceProcessEvents WHERE FileName = 'az.exe') p
         JOIN (SELECT * FROM SigninLogs WHERE RiskLevelDuringSignIn = 'high') s ON p.AccountUpn = s.UserPrincipalName GROUP BY p.DeviceName`,
  hasAny: `SELECT FileName, count(*) AS n FROM DeviceProcessEvents WHERE regexp_matches(ProcessCommandLine, '${anyRe(HAS_ANY)}', 'i') GROUP BY FileName`,
};

// ───────────── result canonicalization ─────────────
function canon(rows: unknown[][], order: boolean): { n: number; hash: string } {
  const lines = rows.map((r) => JSON.stringify(r.map((v) => (typeof v === 'bigint' ? Number(v) : v === undefined ? null : v))));
  if (!order) lines.sort();
  return { n: lines.length, hash: createHash('sha1').update(lines.join('\n')).digest('hex').slice(0, 12) };
}
const SEED_COLS = ['Timestamp', 'DeviceName', 'AccountName', 'FileName', 'ProcessCommandLine', 'InitiatingProcessFileName', 'CloudPlatform', 'TimeGenerated', 'UserPrincipalName', 'AppName', 'IPAddress', 'Location', 'RiskLevelDuringSignIn', 'ConditionalAccessStatus'];
const COLS: Record<string, string[]> = { seed: SEED_COLS, binCount: ['DeviceName', 'Timestamp', 'count_'], join: ['DeviceName', 'n'], hasAny: ['FileName', 'n'] };

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };

/** Wall time and process CPU time (user+system, all threads: DuckDB's workers included). */
interface Timing { ms: number; cpu: number; res: unknown[][] }
const cpuNow = (): number => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };

function runCloudhop(tables: Map<string, Table>, q: keyof typeof KQL, check: boolean): Timing {
  const t = performance.now(), c0 = cpuNow();
  const out = execute(KQL[q], { tables, now: NOW, maxRows: 10_000_000 });
  const ms = performance.now() - t, cpu = cpuNow() - c0;
  if (!out.ok) throw new Error(`cloudhop ${q}: ${JSON.stringify(out.diagnostics)}`);
  if (!check) return { ms, cpu, res: [] };
  const cols = COLS[q]!.map((c) => out.result.columns.findIndex((x) => x.name === c));
  return { ms, cpu, res: out.result.rows.map((r) => cols.map((j) => { const v = r[j]; return v !== null && typeof v === 'object' ? JSON.stringify(v) : v; })) };
}

async function main(): Promise<void> {
  const only = argv.indexOf('--only');
  const QS = (only >= 0 ? argv[only + 1]!.split(',') : Object.keys(KQL)) as (keyof typeof KQL)[];
  console.log(`generating ${N.toLocaleString()} DeviceProcessEvents + ${N.toLocaleString()} SigninLogs rows…`);
  let rawP: Raw | undefined = genProcess(N), rawS: Raw | undefined = genSignin(N);
  const raw = rawBytes(rawP) + rawBytes(rawS);
  const m0 = mem();
  const tables = new Map<string, Table>([['DeviceProcessEvents', toTable('DeviceProcessEvents', rawP)], ['SigninLogs', toTable('SigninLogs', rawS)]]);
  const m1 = mem();
  const loaded = m1 - m0;
  const peak = Math.max(peakProbe, m1) - m0;
  const memLine = `raw column data ${(raw / 1e6).toFixed(1)} MB; loaded cloudhop tables ${(loaded / 1e6).toFixed(1)} MB (ratio ${(loaded / raw).toFixed(2)}, goal ≤ 1.5); peak while loading ${(peak / 1e6).toFixed(1)} MB (${(peak / raw).toFixed(2)})`;
  console.log(memLine);
  if (argv.includes('--memory-only')) return;

  // DuckDB: its own copy, outside the JS heap.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con = await inst.connect();
  const load = async (name: string, rawT: Raw): Promise<void> => {
    const cols = Object.keys(rawT);
    await con.run(`CREATE TABLE ${name} (${cols.map((c) => `${c} ${TYPES[c] === 'datetime' ? 'BIGINT' : 'VARCHAR'}`).join(', ')})`);
    const app = await con.createAppender(name);
    const n = rawT[cols[0]!]!.length;
    for (let i = 0; i < n; i++) {
      for (const c of cols) { const v = rawT[c]![i]; if (TYPES[c] === 'datetime') app.appendBigInt(BigInt(v as number)); else app.appendVarchar(typeof v === 'string' ? v : JSON.stringify(v)); }
      app.endRow();
    }
    app.closeSync();
  };
  await load('DeviceProcessEvents', rawP); await load('SigninLogs', rawS);
  // Phase 1: cloudhop and DuckDB, with only their own data loaded (the raw JS arrays released).
  rawP = undefined; rawS = undefined; mem();
  const results: Record<string, { ch: Timing[]; dk: Timing[]; aq: Timing[] }> = {};
  for (const q of QS) {
    const r = (results[q] = { ch: [] as Timing[], dk: [] as Timing[], aq: [] as Timing[] });
    for (let i = 0; i < RUNS; i++) {
      // Results are read out (boxed rows, for the equality check) after the first run only: the
      // garbage of that check is the bench's, not the engines'.
      r.ch.push(runCloudhop(tables, q, i === 0));
      const t = performance.now(), c0 = cpuNow();
      const rd = await con.runAndReadAll(SQL[q]);
      const ms = performance.now() - t, cpu = cpuNow() - c0;
      if (i > 0) { r.dk.push({ ms, cpu, res: [] }); continue; }
      const names = rd.columnNames();
      const idx = COLS[q]!.map((c) => names.indexOf(c));
      r.dk.push({ ms, cpu, res: rd.getRowsJS().map((row) => idx.map((j) => { const v = j < 0 ? null : row[j]; return typeof v === 'bigint' ? Number(v) : v === null && (j < 0 || !/Timestamp|TimeGenerated/.test(names[j]!)) && q === 'seed' ? '' : v; })) });
    }
  }
  con.closeSync(); inst.closeSync();
  if (argv.includes('--no-arquero')) { report(QS, results, memLine, false); return; }
  // Phase 2: Arquero over the same data (regenerated from the same seed), cloudhop tables released.
  tables.clear(); mem();
  seed = 7;
  const rp = genProcess(N), rs = genSignin(N);
  const aq = await import('arquero');
  const aqP = aq.table(rp as Record<string, unknown[]>);
  const aqS = aq.table({ ...rs, LocationDetails: (rs.LocationDetails as Value[]).map((v) => JSON.stringify(v)) } as Record<string, unknown[]>);
  const AQ = arqueroQueries(aq, aqP, aqS);
  for (const q of QS) for (let i = 0; i < RUNS; i++) { const t = performance.now(), c0 = cpuNow(); const res = AQ[q]!(); results[q]!.aq.push({ ms: performance.now() - t, cpu: cpuNow() - c0, res }); }
  report(QS, results, memLine, true);
}

function report(QS: string[], results: Record<string, { ch: Timing[]; dk: Timing[]; aq: Timing[] }>, memLine: string, withAq: boolean): void {
  const load = (os.loadavg()[0] ?? 0).toFixed(1);
  console.log(`\n${N.toLocaleString()} rows per table, median of ${RUNS} runs (Node ${process.version}, DuckDB 2 threads, ${os.cpus().length} cores, load average ${load}); wall ms (cpu ms)`);
  for (const q of QS) {
    const r = results[q]!;
    const med = (ts: Timing[]): number => median(ts.map((x) => x.ms));
    const cpu = (ts: Timing[]): string => `(${median(ts.map((x) => x.cpu)).toFixed(0)})`;
    const a = canon(r.ch[0]!.res, false), b = canon(r.dk[0]!.res, false), c = withAq ? canon(r.aq[0]!.res, false) : a;
    const equal = a.hash === b.hash && a.hash === c.hash;
    console.log(`${q.padEnd(9)} cloudhop ${med(r.ch).toFixed(0).padStart(5)} ${cpu(r.ch).padStart(7)} | duckdb ${med(r.dk).toFixed(0).padStart(5)} ${cpu(r.dk).padStart(7)} | ${withAq ? `arquero ${med(r.aq).toFixed(0).padStart(5)} ${cpu(r.aq).padStart(7)} | ` : ''}cloudhop/duckdb wall ${(med(r.ch) / med(r.dk)).toFixed(2)} cpu ${(median(r.ch.map((x) => x.cpu)) / median(r.dk.map((x) => x.cpu))).toFixed(2)} | rows ${a.n}/${b.n}${withAq ? `/${c.n}` : ''} ${equal ? 'equal' : `DIFFER ${a.hash} ${b.hash} ${c.hash}`}`);
  }
  console.log(memLine);
}

type Aq = typeof import('arquero');
function arqueroQueries(aq: Aq, aqP: ReturnType<Aq['table']>, aqS: ReturnType<Aq['table']>): Record<string, () => unknown[][]> {
  const reOf = (ts: string[]): RegExp => new RegExp(`(^|[^\\p{L}\\p{N}])(${ts.map(reEsc).join('|')})($|[^\\p{L}\\p{N}])`, 'iu');
  const rSeed = reOf(SEED_TERMS), rAz = reOf(AZ), rAws = reOf(AWS), rGcp = reOf(GCP), rAnon = reOf(['anonymizedIPAddress']), rHas = reOf(HAS_ANY);
  return {
    seed: () => {
      const p = aqP.filter(aq.escape((d: Record<string, string & number>) => d.Timestamp > now24 && rSeed.test(d.ProcessCommandLine)))
        .derive({ CloudPlatform: aq.escape((d: Record<string, string>) => (rAz.test(d.ProcessCommandLine!) ? 'Azure' : rAws.test(d.ProcessCommandLine!) ? 'AWS' : rGcp.test(d.ProcessCommandLine!) ? 'GCP' : 'Unknown')) })
        .select('Timestamp', 'DeviceName', 'AccountName', 'FileName', 'ProcessCommandLine', 'InitiatingProcessFileName', 'CloudPlatform');
      const s = aqS.filter(aq.escape((d: Record<string, string & number>) => d.TimeGenerated > now24 && d.ResultType === '0' && (d.RiskLevelDuringSignIn === 'medium' || d.RiskLevelDuringSignIn === 'high' || rAnon.test(d.NetworkLocationDetails))))
        .derive({ AppName: (d: Record<string, string>) => d.AppDisplayName, Location: (d: Record<string, string>) => d.LocationDetails })
        .select('TimeGenerated', 'UserPrincipalName', 'AppName', 'IPAddress', 'Location', 'RiskLevelDuringSignIn', 'ConditionalAccessStatus');
      const rows: unknown[][] = [];
      for (const o of s.orderby(aq.desc('TimeGenerated')).objects() as Record<string, unknown>[]) rows.push(SEED_COLS.map((c) => o[c] ?? (['Timestamp', 'TimeGenerated'].includes(c) ? null : '')));
      for (const o of p.objects() as Record<string, unknown>[]) rows.push(SEED_COLS.map((c) => o[c] ?? (['Timestamp', 'TimeGenerated'].includes(c) ? null : '')));
      return rows;
    },
    binCount: () => (aqP.derive({ H: aq.escape((d: Record<string, number>) => Math.floor(d.Timestamp! / HOUR) * HOUR) }).groupby('DeviceName', 'H').count({ as: 'count_' }).objects() as Record<string, unknown>[]).map((o) => [o.DeviceName, o.H, o.count_]),
    join: () => {
      const p = aqP.filter((d: Record<string, string>) => d.FileName === 'az.exe');
      const s = aqS.filter((d: Record<string, string>) => d.RiskLevelDuringSignIn === 'high');
      return (p.join(s, ['AccountUpn', 'UserPrincipalName']).groupby('DeviceName').count({ as: 'n' }).objects() as Record<string, unknown>[]).map((o) => [o.DeviceName, o.n]);
    },
    hasAny: () => (aqP.filter(aq.escape((d: Record<string, string>) => rHas.test(d.ProcessCommandLine!))).groupby('FileName').count({ as: 'n' }).objects() as Record<string, unknown>[]).map((o) => [o.FileName, o.n]),
  };
}

main().catch((e) => { console.error(e); process.exit(1); });
