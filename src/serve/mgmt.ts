/**
 * Kusto management commands served on `POST /v1/rest/mgmt` (learn.microsoft.com, "Management
 * commands"): the read-only ones a client or notebook asks first. Each answers a result table
 * (columns and rows) that the caller writes in the v1 shape, as Kusto does for management commands.
 *
 *   .show tables                               TableName, DatabaseName, Folder, DocString
 *   .show database schema                      DatabaseName, TableName, ColumnName, ColumnType, …
 *   .show database schema as json              DatabaseSchema: {"Databases": {db: {Tables: …}}}
 *   .show table T schema as json               TableName, Schema, DatabaseName, Folder, DocString
 *   .show version                              BuildVersion, BuildTime, ServiceType, ProductVersion
 *
 * Anything else is an error naming the command (never a silent empty answer).
 */
import type { ScalarType } from '../kql/data.js';

export interface MgmtTable { readonly columns: readonly { readonly name: string; readonly type: ScalarType }[]; readonly rows: readonly (readonly unknown[])[] }
export type MgmtOutcome = { readonly ok: true; readonly table: MgmtTable } | { readonly ok: false; readonly message: string; readonly kind: 'syntax' | 'semantic' | 'request' };

/** What the commands read: the database's tables and their columns, in a stable order. */
export interface MgmtCatalog {
  readonly database: string;
  readonly tables: readonly { readonly name: string; readonly columns: readonly { readonly name: string; readonly type: ScalarType }[] }[];
  readonly version: string;
}

/** .NET type names of Kusto's schema listings. */
export const DOTNET_TYPE: Record<ScalarType, string> = {
  bool: 'System.Boolean', int: 'System.Int32', long: 'System.Int64', real: 'System.Double', decimal: 'System.Data.SqlTypes.SqlDecimal',
  string: 'System.String', datetime: 'System.DateTime', timespan: 'System.TimeSpan', guid: 'System.Guid', dynamic: 'System.Object',
};

const s = (name: string): { name: string; type: ScalarType } => ({ name, type: 'string' });

function tableSchemaJson(t: MgmtCatalog['tables'][number]): { Name: string; OrderedColumns: { Name: string; Type: string; CslType: string }[] } {
  return { Name: t.name, OrderedColumns: t.columns.map((c) => ({ Name: c.name, Type: DOTNET_TYPE[c.type], CslType: c.type })) };
}

/** Runs one management command (`text` as the client sent it, e.g. `.show tables`). */
export function runMgmt(text: string, cat: MgmtCatalog): MgmtOutcome {
  // One command; a trailing `;` and surrounding blanks are allowed, as in Kusto.
  const cmd = text.trim().replace(/;\s*$/, '').replace(/\s+/g, ' ');
  if (!cmd.startsWith('.')) return { ok: false, kind: 'syntax', message: `management commands start with '.': '${cmd.slice(0, 60)}' (queries go to /v1/rest/query or /v2/rest/query)` };
  let m: RegExpExecArray | null;
  if (/^\.show tables$/i.test(cmd)) {
    return { ok: true, table: { columns: [s('TableName'), s('DatabaseName'), s('Folder'), s('DocString')], rows: cat.tables.map((t) => [t.name, cat.database, '', '']) } };
  }
  if (/^\.show database schema$/i.test(cmd) || (m = /^\.show database (\S+) schema$/i.exec(cmd))) {
    const cols = ['DatabaseName', 'TableName', 'ColumnName', 'ColumnType', 'IsDefaultTable', 'IsDefaultColumn', 'PrettyName', 'Version', 'Folder', 'DocString'];
    const rows: unknown[][] = [[cat.database, '', '', '', false, false, '', 'v1.0', '', '']];
    for (const t of cat.tables) {
      rows.push([cat.database, t.name, '', '', false, false, '', 'v1.0', '', '']);
      for (const c of t.columns) rows.push([cat.database, t.name, c.name, DOTNET_TYPE[c.type], false, false, '', 'v1.0', '', '']);
    }
    return { ok: true, table: { columns: cols.map((n) => (n.startsWith('Is') ? { name: n, type: 'bool' as const } : s(n))), rows } };
  }
  if (/^\.show database schema as json$/i.test(cmd) || /^\.show database \S+ schema as json$/i.test(cmd)) {
    const tables = Object.fromEntries(cat.tables.map((t) => [t.name, { ...tableSchemaJson(t), Folder: '', DocString: '' }]));
    const schema = { Plugins: [], Databases: { [cat.database]: { Name: cat.database, Tables: tables, ExternalTables: {}, MaterializedViews: {}, Functions: {}, EntityGroups: {}, MajorVersion: 1, MinorVersion: 0 } } };
    return { ok: true, table: { columns: [s('DatabaseSchema')], rows: [[JSON.stringify(schema)]] } };
  }
  if ((m = /^\.show table (\S+) (?:cslschema|schema as (json|csl))$/i.exec(cmd))) {
    const name = m[1]!.replace(/^\[?['"]?|['"]?\]?$/g, '');
    const t = cat.tables.find((x) => x.name === name);
    if (!t) return { ok: false, kind: 'semantic', message: `'${name}' was not found: the database '${cat.database}' has no table of that name (.show tables lists them)` };
    if ((m[2] ?? 'csl').toLowerCase() === 'json') {
      return { ok: true, table: { columns: [s('TableName'), s('Schema'), s('DatabaseName'), s('Folder'), s('DocString')], rows: [[t.name, JSON.stringify(tableSchemaJson(t)), cat.database, '', '']] } };
    }
    return { ok: true, table: { columns: [s('TableName'), s('Schema'), s('DatabaseName'), s('Folder'), s('DocString')], rows: [[t.name, t.columns.map((c) => `${c.name}:${c.type}`).join(','), cat.database, '', '']] } };
  }
  if (/^\.show version$/i.test(cmd)) {
    return { ok: true, table: { columns: [s('BuildVersion'), { name: 'BuildTime', type: 'datetime' }, s('ServiceType'), s('ProductVersion')], rows: [[cat.version, '2026-01-01T00:00:00.0000000Z', 'cloudhop', `cloudhop ${cat.version}`]] } };
  }
  return { ok: false, kind: 'request', message: `management command not served: '${cmd.slice(0, 80)}' (served: .show tables, .show database schema [as json], .show table T schema as json, .show version)` };
}
