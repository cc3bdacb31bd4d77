/**
 * Entity neighbours from the data (the incident page's graph, issue 18 item 5): given an account,
 * IP address, host or cloud application, the entities of the other kinds that appear in the same
 * rows of the workspace's tables. A column's kind comes from its name (COLUMNS: the columns of the
 * Log Analytics / Defender / CloudTrail schemas that hold such identifiers); every table holding a
 * column of the asked kind is searched, each pair (column of the kind, column of another kind) with
 * one query: `T | where tolower(col) == tolower(value) | summarize n = count() by other | top`.
 *
 * Limits, said in the answer: PER_COLUMN neighbours per (table, column) pair by row count, MAX_TOTAL
 * in all (`limited: true` when cut); an optional [from, to] window on the table's time column.
 */
import type { Table } from '../kql/data.js';
import { schemaOf } from '../kql/data.js';
import { execute, isTableSource, type TableSource } from '../kql/index.js';

export const ENTITY_KINDS = ['account', 'ip', 'host', 'cloud-application'] as const;
export type EntityKind = typeof ENTITY_KINDS[number];

/** Columns holding each kind of identifier, by name (string columns only). */
export const COLUMNS: Readonly<Record<EntityKind, readonly string[]>> = {
  account: ['UserPrincipalName', 'AccountUpn', 'InitiatingProcessAccountUpn', 'UserId', 'Caller', 'UserIdentityArn', 'UserIdentityPrincipalid', 'TargetUserName', 'AccountName', 'Identity'],
  ip: ['IPAddress', 'IpAddress', 'RemoteIP', 'LocalIP', 'SourceIpAddress', 'CallerIpAddress', 'ClientIP', 'SrcIpAddr', 'DstIpAddr', 'SourceIP', 'DestinationIP'],
  host: ['DeviceName', 'Computer', 'HostName', 'SourceHostName', 'Workstation'],
  'cloud-application': ['AppDisplayName', 'ResourceDisplayName', 'Application', 'EventSource'],
};
export const PER_COLUMN = 8;
export const MAX_TOTAL = 60;
const TIME_COLUMNS = ['TimeGenerated', 'Timestamp'];

export interface Neighbour { type: EntityKind; value: string; table: string; column: string; via: string; rows: number }
export interface NeighbourAnswer { entity: { type: EntityKind; value: string }; neighbours: Neighbour[]; limited: boolean; searched: string[]; note: string }

function stringColumns(t: Table | TableSource): Map<string, string> {
  const cols = isTableSource(t) ? [...t.schema] : schemaOf(t);
  return new Map(cols.map((c) => [c.name, c.type]));
}

const lit = (s: string): string => '"' + s.replace(/[\\"]/g, (c) => '\\' + c).replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t') + '"';
const col = (s: string): string => `['${s}']`;

/**
 * The row test for the asked entity: equal ignoring case; an account also as `name@…` (a UPN whose
 * name it is) and a host as `name.…` (an FQDN whose first label it is).
 */
function match(c: string, kind: EntityKind, value: string): string {
  const v = value.toLowerCase();
  const eq = `tolower(${c}) == ${lit(v)}`;
  if (kind === 'account' && !v.includes('@')) return `(${eq} or tolower(${c}) startswith ${lit(v + '@')})`;
  if (kind === 'host' && !v.includes('.')) return `(${eq} or tolower(${c}) startswith ${lit(v + '.')})`;
  return eq;
}

export function neighbours(tables: ReadonlyMap<string, Table>, kind: EntityKind, value: string, span: { from?: number; to?: number } = {}): NeighbourAnswer {
  const out: Neighbour[] = [];
  const searched: string[] = [];
  let limited = false;
  for (const name of [...tables.keys()].sort()) {
    if (name === 'SecurityAlert' || name === 'SecurityIncident') continue;
    const t = tables.get(name)! as Table | TableSource;
    if (t.rowCount === 0) continue;
    const cols = stringColumns(t);
    const mine = COLUMNS[kind].filter((c) => cols.get(c) === 'string');
    if (!mine.length) continue;
    const timeCol = TIME_COLUMNS.find((c) => cols.get(c) === 'datetime');
    const window = timeCol && (span.from !== undefined || span.to !== undefined)
      ? ` | where ${[span.from !== undefined ? `${col(timeCol)} >= datetime(${new Date(span.from).toISOString()})` : '', span.to !== undefined ? `${col(timeCol)} <= datetime(${new Date(span.to).toISOString()})` : ''].filter(Boolean).join(' and ')}`
      : '';
    for (const c of mine) {
      searched.push(`${name}.${c}`);
      for (const other of ENTITY_KINDS) {
        if (other === kind) continue;
        for (const oc of COLUMNS[other].filter((x) => cols.get(x) === 'string')) {
          const q = `${col(name)}${window} | where ${match(col(c), kind, value)} | where isnotempty(${col(oc)}) | summarize n = count() by v = ${col(oc)} | top ${PER_COLUMN + 1} by n desc`;
          const r = execute(q, { tables });
          if (!r.ok) continue;
          if (r.result.rows.length > PER_COLUMN) limited = true;
          for (const row of r.result.rows.slice(0, PER_COLUMN)) out.push({ type: other, value: String(row[0]), table: name, column: oc, via: c, rows: Number(row[1]) });
        }
      }
    }
  }
  // One node per (type, value): the row counts summed, the first table and column kept.
  const merged = new Map<string, Neighbour>();
  for (const n of out) {
    const k = `${n.type}\u0000${n.value.toLowerCase()}`;
    const m = merged.get(k);
    if (m) m.rows += n.rows; else merged.set(k, { ...n });
  }
  let list = [...merged.values()].sort((a, b) => b.rows - a.rows || a.value.localeCompare(b.value));
  if (list.length > MAX_TOTAL) { list = list.slice(0, MAX_TOTAL); limited = true; }
  return {
    entity: { type: kind, value }, neighbours: list, limited, searched,
    note: `entities in the same rows as ${kind} '${value}' (at most ${PER_COLUMN} per table column, ${MAX_TOTAL} in all)${limited ? '; more exist: cut' : ''}`,
  };
}
