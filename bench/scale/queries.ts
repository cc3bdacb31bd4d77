/**
 * The scale benchmark's queries (bench/scale.ts): each in KQL and in DuckDB SQL, and the canonical
 * row keys both results are compared on. Kusto terms are maximal alphanumeric runs and `has` means
 * the needle starts and ends on term boundaries, case-insensitive: the SQL spells that as an RE2
 * regex, exact on this ASCII data (RE2's [[:alnum:]] is ASCII-only).
 */
import { createHash } from 'node:crypto';
import { HOUR_MS } from './tenant.js';

export type QueryName = 'print' | 'seed' | 'hunt' | 'window';
export const QUERY_NAMES: readonly QueryName[] = ['print', 'seed', 'hunt', 'window'];

export const HUNT_TERMS = ['az login', 'Connect-AzAccount', 'aws sts', 'gcloud auth'];

const reEsc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyRe = (ts: string[]): string => `(^|[^[:alnum:]])(${ts.map(reEsc).join('|')})($|[^[:alnum:]])`;
/**
 * `col has_any (terms)` in DuckDB: the term-boundary regex alone. That is DuckDB's fastest spelling
 * we found: an `ILIKE '%term%'` pre-filter before the regex made the 30-day hunt 5× slower
 * (32 s instead of 6 s on 4 M rows: ILIKE lower-cases every string once per term).
 */
function hasAny(col: string, terms: string[]): string {
  return `regexp_matches(${col}, '${anyRe(terms)}', 'i')`;
}
const SEED_TERMS = ['Connect-AzAccount', 'Connect-MgGraph', 'Connect-ExchangeOnline', 'az login', 'az account', 'aws configure', 'aws sts', 'gcloud auth login', 'gcloud auth print-access-token'];
const AZ = ['Connect-Az', 'Connect-Mg', 'az login', 'az account'], AWS = ['aws configure', 'aws sts', 'aws cli'], GCP = ['gcloud'];
const ts = (ms: number): string => `TIMESTAMP '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'`;

/** The four queries over a tenant whose span ends at `endMs` (the seed's `now`); `window` is the hour from `windowMs`. */
export function scaleQueries(p: { seedKql: string; endMs: number; windowMs: number }): { KQL: Record<QueryName, string>; SQL: Record<QueryName, string> } {
  const { endMs: END, windowMs: WINDOW_MS } = p;
  const WINDOW_ISO = new Date(WINDOW_MS).toISOString();
  const KQL: Record<QueryName, string> = {
    print: 'print 1',
    seed: p.seedKql,
    hunt: `DeviceProcessEvents | where ProcessCommandLine has_any (${HUNT_TERMS.map((t) => JSON.stringify(t)).join(', ')}) | project Timestamp, DeviceName, AccountName, ProcessCommandLine`,
    window: `DeviceProcessEvents | where Timestamp between (datetime(${WINDOW_ISO}) .. 1h) | summarize count() by DeviceName`,
  };
  const SQL: Record<QueryName, string> = {
    print: 'SELECT 1',
    seed: `SELECT * FROM (
        SELECT 'P' AS leg, epoch_ms(Timestamp) AS t, DeviceName AS who, AccountName AS a, CASE WHEN regexp_matches(ProcessCommandLine, '${anyRe(AZ)}', 'i') THEN 'Azure'
               WHEN regexp_matches(ProcessCommandLine, '${anyRe(AWS)}', 'i') THEN 'AWS' WHEN regexp_matches(ProcessCommandLine, '${anyRe(GCP)}', 'i') THEN 'GCP' ELSE 'Unknown' END AS b
        FROM DeviceProcessEvents WHERE Timestamp > ${ts(END - 24 * HOUR_MS)} AND ${hasAny('ProcessCommandLine', SEED_TERMS)}
      UNION ALL
        SELECT 'S', epoch_ms(TimeGenerated), UserPrincipalName, IPAddress, RiskLevelDuringSignIn FROM SigninLogs
        WHERE TimeGenerated > ${ts(END - 24 * HOUR_MS)} AND ResultType = '0'
          AND (RiskLevelDuringSignIn IN ('medium', 'high') OR ${hasAny('NetworkLocationDetails', ['anonymizedIPAddress'])})
      ) ORDER BY t DESC`,
    hunt: `SELECT epoch_ms(Timestamp) AS t, DeviceName, AccountName, ProcessCommandLine FROM DeviceProcessEvents WHERE ${hasAny('ProcessCommandLine', HUNT_TERMS)}`,
    window: `SELECT DeviceName, count(*) AS n FROM DeviceProcessEvents WHERE Timestamp BETWEEN ${ts(WINDOW_MS)} AND ${ts(WINDOW_MS + HOUR_MS)} GROUP BY DeviceName`,
  };
  return { KQL, SQL };
}

/** Goals (ratio cloudhop / DuckDB) from the issue: warm in-process, and end to end through the CLI. */
export const GOAL: Record<QueryName, { warm?: number; cli?: number; cliAbsMs?: number }> = { print: { cliAbsMs: 300 }, seed: { warm: 0.3 }, hunt: { warm: 0.1, cli: 0.3 }, window: { warm: 0.5, cli: 1.0 } };

/** A datetime as epoch ms: engine values are 100 ns ticks, the CLI writes ISO text with 7 fraction digits. */
export const msOf = (v: unknown): number => (typeof v === 'number' ? Math.round(v / 10_000) : typeof v === 'bigint' ? Number(v) : Date.parse(String(v).replace(/(\.\d{3})\d*Z$/, '$1Z')));
/** Canonical keys of one query's result rows (given as objects by column name), sorted and hashed. */
export function keysOf(q: QueryName, rows: Record<string, unknown>[]): string[] {
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
export function sqlKeys(q: QueryName, rows: Record<string, unknown>[]): string[] {
  switch (q) {
    case 'print': return rows.map((r) => String(Object.values(r)[0]));
    case 'seed': return rows.map((r) => `${r.leg}|${Number(r.t)}|${r.who}|${r.a}|${r.b}`);
    case 'hunt': return rows.map((r) => `${Number(r.t)}|${r.DeviceName}|${r.AccountName}|${r.ProcessCommandLine}`);
    case 'window': return rows.map((r) => `${r.DeviceName}|${Number(r.n)}`);
  }
  throw new Error(q);
}
export interface Canon { n: number; hash: string }
export const canon = (keys: string[]): Canon => ({ n: keys.length, hash: createHash('sha1').update(keys.sort().join('\n')).digest('hex').slice(0, 12) });
export const same = (a: Canon | undefined, b: Canon | undefined): string => (!a || !b ? '-' : a.hash === b.hash ? `equal (${a.n.toLocaleString('en-US')} rows)` : `DIFFER ${a.n}/${b.n} rows ${a.hash}/${b.hash}`);
