/**
 * Hints on stderr when a query's answer is empty for a reason the user can fix.
 *
 * The out-of-range hint: a query that counts from now() (ago(), now()) found nothing (0 rows, or a
 * count of 0), and now()
 * lies outside the time span of a table the query names: the message gives each such table's span
 * (first..last TimeGenerated, or Timestamp for Defender tables) and the `--now` that would put the
 * query at the end of the data. The span is asked of the engine (`summarize min(), max()`), so it
 * reads a workspace's tables the way the query did. The tables are the names the query text
 * mentions (a word match against the loaded table names).
 */
import type { Table } from '../kql/data.js';
import { dateFromTicks, formatDatetime, ticksFromDate } from '../kql/data.js';
import { execute, isTableSource } from '../kql/index.js';

export interface TableSpan { readonly table: string; readonly column: string; readonly first: number; readonly last: number; readonly rows: number }

const TIME_COLUMNS = ['TimeGenerated', 'Timestamp'];

/** The time span of a table (ticks), or undefined when it has no time column or no time. */
export function tableSpan(tables: Map<string, Table>, name: string): TableSpan | undefined {
  const t = tables.get(name);
  if (!t) return undefined;
  // A workspace table answers from its schema (reading `fields` would decode the whole column).
  const column = TIME_COLUMNS.find((c) => (isTableSource(t) ? t.schema.some((f) => f.name === c && f.type === 'datetime') : t.fields.some((f) => f.name === c && f.column.type === 'datetime')));
  if (!column) return undefined;
  const r = execute(`['${name.replace(/'/g, "\\'")}'] | summarize first = min(${column}), last = max(${column}), rows = count()`, { tables });
  if (!r.ok) return undefined;
  const [first, last, rows] = r.result.rows[0] ?? [];
  if (typeof first !== 'number' || typeof last !== 'number') return undefined;
  return { table: name, column, first, last, rows: Number(rows) };
}

/** True when a result found nothing: no rows, or one row of zeros (`count`, `summarize count()`). */
export function foundNothing(r: { readonly columns: readonly { readonly type: string }[]; readonly rows: readonly (readonly unknown[])[] }): boolean {
  if (r.rows.length === 0) return true;
  return r.rows.length === 1 && r.columns.length > 0 && r.columns.every((c, j) => ['int', 'long', 'real', 'decimal'].includes(c.type) && r.rows[0]![j] === 0);
}

/** Names of the loaded tables the query text mentions. */
export function tablesNamed(query: string, tables: Map<string, Table>): string[] {
  return [...tables.keys()].filter((n) => new RegExp(`(^|[^\\w.])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`).test(query));
}

const day = (ticks: number): string => formatDatetime(ticks).slice(0, 10);
const TICKS_PER_DAY = 864_000_000_000;

/**
 * The hint for a query that found nothing (foundNothing), or undefined. `now` is the query's now() in ticks
 * (the --now value, else the wall clock).
 */
export function emptyResultHint(query: string, tables: Map<string, Table>, now: number | undefined, nowGiven: boolean): string | undefined {
  if (!/\b(ago|now)\s*\(/i.test(query)) return undefined;
  const at = now ?? ticksFromDate(new Date());
  const spans = tablesNamed(query, tables).map((n) => tableSpan(tables, n)).filter((s): s is TableSpan => !!s && s.rows > 0);
  const outside = spans.filter((s) => at > s.last + TICKS_PER_DAY || at < s.first);
  if (!outside.length) return undefined;
  const last = Math.max(...outside.map((s) => s.last));
  const end = dateFromTicks(last);
  const suggested = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate() + 1)).toISOString().replace('.000Z', 'Z');
  const lines = outside.map((s) => `  the data in ${s.table} spans ${day(s.first)}..${day(s.last)} (${s.column}, ${s.rows} rows)`);
  return `nothing found, and the query counts from now() = ${formatDatetime(at).slice(0, 19)}Z (${nowGiven ? '--now' : 'the wall clock'}), outside the data:\n${lines.join('\n')}\n  pass --now ${suggested} to run the query as of the end of the data`;
}
