/**
 * The data-writing management commands (learn.microsoft.com, ".ingest inline command (push)" and
 * "Ingest from query (.set, .append, .set-or-append, .set-or-replace)"): their parsing, and the
 * `.ingest inline` data read against the table's schema.
 *
 *   .ingest inline into table T [with (format=csv|tsv|psv|json, ignoreFirstRecord=true)] <| DATA
 *       DATA as Kusto takes it: CSV by default, one record a line, the columns by position (json:
 *       one object a line, the columns by name). The table must exist (in the workspace, or a known
 *       Log Analytics / Sentinel table). A record with the wrong number of fields, or a cell that is
 *       not of its column's type, fails the command at its line:col (nothing is written).
 *   .set | .append | .set-or-append T [with (extend_schema=true)] <| QUERY
 *       the query's result appended (table created by .set / .set-or-append when absent; .set fails
 *       when it exists, .append when it does not). As Kusto does, the result's columns match the
 *       table's by position and type, not by name; extend_schema=true lets extra columns be added.
 *
 * Not served: `async`, `.set-or-replace`, the bracket form of `.ingest inline`, ingestion mappings
 * and other properties (each named in the error).
 */
import type { ColumnSchema, Table, Value } from '../kql/data.js';
import { tableFromRows } from '../kql/data.js';
import { coerce, BAD } from '../ingest/coerce.js';
import { parseCsv, isCsvError } from '../ingest/csv.js';

export type InlineFormat = 'csv' | 'tsv' | 'psv' | 'json';
const DELIMITER: Record<Exclude<InlineFormat, 'json'>, string> = { csv: ',', tsv: '\t', psv: '|' };

export type MgmtWrite =
  | { readonly kind: 'ingest-inline'; readonly table: string; readonly format: InlineFormat; readonly ignoreFirstRecord: boolean; readonly data: string; readonly dataLine: number }
  | { readonly kind: 'append'; readonly verb: '.set' | '.append' | '.set-or-append'; readonly table: string; readonly query: string; readonly extendSchema: boolean };

const NAME = String.raw`(?:\[\s*(?:'[^']+'|"[^"]+")\s*\]|[A-Za-z_][A-Za-z0-9_]*)`;
const unquote = (n: string): string => n.replace(/^\[\s*['"]|['"]\s*\]$/g, '');

/** `with (a=1, b='x')` → {a: '1', b: 'x'}, or an error text. */
function properties(text: string | undefined): Record<string, string> | string {
  const out: Record<string, string> = {};
  if (!text) return out;
  const re = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^,\s)]+)\s*(,|$)/y;
  let i = 0;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return `cannot read the properties at '${text.slice(i, i + 30)}' (name=value, …)`;
    out[m[1]!.toLowerCase()] = m[2]!.replace(/^(['"])([\s\S]*)\1$/, '$2');
    i = re.lastIndex;
    if (m[3] === '') break;
  }
  return out;
}

/** The command when it is one of the data-writing commands; an error text when it is one but malformed; undefined otherwise. */
export function parseMgmtWrite(text: string): MgmtWrite | { readonly error: string } | undefined {
  const head = text.trimStart();
  if (/^\.ingest\s+inline\b/i.test(head)) {
    const m = new RegExp(String.raw`^\.ingest\s+inline\s+into\s+table\s+(${NAME})(?:\s+with\s*\(([^)]*)\))?\s*<\|`, 'i').exec(head);
    if (!m) return { error: `.ingest inline: expected '.ingest inline into table T [with (format=csv)] <| DATA' (the bracket form [ … ] is not served)` };
    const props = properties(m[2]);
    if (typeof props === 'string') return { error: `.ingest inline: ${props}` };
    const format = (props.format ?? 'csv').toLowerCase();
    if (!['csv', 'tsv', 'psv', 'json'].includes(format)) return { error: `.ingest inline: format '${format}' is not served (csv, tsv, psv, json)` };
    const unknown = Object.keys(props).filter((k) => k !== 'format' && k !== 'ignorefirstrecord');
    if (unknown.length) return { error: `.ingest inline: ingestion propert${unknown.length > 1 ? 'ies' : 'y'} not served: ${unknown.join(', ')} (served: format, ignoreFirstRecord)` };
    // The data starts after `<|` (blanks, then one line break, are not part of it); its line numbers count from the command's.
    let rest = head.slice(m[0].length);
    const lead = /^[ \t]*(\r?\n)?/.exec(rest)![0];
    rest = rest.slice(lead.length);
    const dataLine = head.slice(0, m[0].length + lead.length).split('\n').length + (text.length - head.length ? text.slice(0, text.length - head.length).split('\n').length - 1 : 0);
    return { kind: 'ingest-inline', table: unquote(m[1]!), format: format as InlineFormat, ignoreFirstRecord: /^true$/i.test(props.ignorefirstrecord ?? ''), data: rest, dataLine };
  }
  const v = /^(\.set-or-append|\.set-or-replace|\.append|\.set)\b/i.exec(head);
  if (!v) return undefined;
  const verb = v[1]!.toLowerCase();
  if (verb === '.set-or-replace') return { error: '.set-or-replace is not served (served: .set, .append, .set-or-append)' };
  const m = new RegExp(String.raw`^${verb.replace('.', '\\.')}\s+(async\s+)?(${NAME})(?:\s+with\s*\(([^)]*)\))?\s*<\|([\s\S]*)$`, 'i').exec(head);
  if (!m) return { error: `${verb}: expected '${verb} T [with (extend_schema=true)] <| QUERY'` };
  if (m[1]) return { error: `${verb} async is not served: the command answers after its commit` };
  const props = properties(m[3]);
  if (typeof props === 'string') return { error: `${verb}: ${props}` };
  const unknown = Object.keys(props).filter((k) => k !== 'extend_schema');
  if (unknown.length) return { error: `${verb}: propert${unknown.length > 1 ? 'ies' : 'y'} not served: ${unknown.join(', ')} (served: extend_schema)` };
  const query = m[4]!.trim();
  if (query === '') return { error: `${verb}: no query after '<|'` };
  if (query.startsWith('.')) return { error: `${verb}: a management command as the source is not served (a query is expected)` };
  return { kind: 'append', verb: verb as '.set' | '.append' | '.set-or-append', table: unquote(m[2]!), query, extendSchema: /^true$/i.test(props.extend_schema ?? '') };
}

/**
 * The `.ingest inline` data as a table of `schema`, or the first problem at `line:col` of the
 * command text (`firstLine`: the data's first line there).
 */
export function inlineTable(name: string, schema: readonly ColumnSchema[], format: InlineFormat, data: string, ignoreFirstRecord: boolean, firstLine: number): Table | string {
  const rows: Record<string, Value>[] = [];
  if (format === 'json') {
    const lines = data.split(/\r?\n/);
    for (let i = ignoreFirstRecord ? 1 : 0; i < lines.length; i++) {
      const t = lines[i]!.trim();
      if (t === '') continue;
      const line = firstLine + i;
      let o: unknown;
      try { o = JSON.parse(t); } catch (e) { return `${line}:1: not a JSON object: ${(e as Error).message}`; }
      if (typeof o !== 'object' || o === null || Array.isArray(o)) return `${line}:1: not a JSON object`;
      const rec = o as Record<string, unknown>;
      const extra = Object.keys(rec).filter((k) => !schema.some((c) => c.name === k));
      if (extra.length) return `${line}:1: no column ${extra.map((x) => `'${x}'`).join(', ')} in table ${name} (its columns: ${schema.map((c) => c.name).join(', ')})`;
      const row: Record<string, Value> = {};
      for (const c of schema) {
        const v = coerce(c.type, rec[c.name]);
        if (v === BAD) return `${line}:1: ${c.name} (${c.type}): ${JSON.stringify(rec[c.name])} is not a ${c.type}`;
        row[c.name] = v as Value;
      }
      rows.push(row);
    }
    return tableFromRows(name, schema, rows);
  }
  let first = true;
  for (const r of parseCsv(data, DELIMITER[format], { firstLine })) {
    if (isCsvError(r)) return `${r.line}:1: ${r.reason}`;
    if (first && ignoreFirstRecord) { first = false; continue; }
    first = false;
    if (r.cells.length === 1 && r.cells[0] === '' && schema.length !== 1) continue; // an empty line
    if (r.cells.length !== schema.length) {
      return `${r.line}:1: ${r.cells.length} field(s), table ${name} has ${schema.length} column(s) (${schema.map((c) => `${c.name}:${c.type}`).join(', ')}) (Stream_WrongNumberOfFields)`;
    }
    const row: Record<string, Value> = {};
    let col = 1;
    for (let j = 0; j < schema.length; j++) {
      const c = schema[j]!;
      const raw = r.cells[j]!;
      const v = coerce(c.type, raw);
      if (v === BAD) return `${r.line}:${col}: ${c.name} (${c.type}): ${JSON.stringify(raw)} is not a ${c.type}`;
      row[c.name] = v as Value;
      col += raw.length + 1;
    }
    rows.push(row);
  }
  return tableFromRows(name, schema, rows);
}

/**
 * How a query result fits an existing table (by position and type, as Kusto matches): the result
 * with the table's column names, or why not.
 */
export function fitToTable(result: Table, target: readonly ColumnSchema[] | undefined, table: string, extendSchema: boolean): Table | string {
  if (!target) return result;
  const cols = result.fields;
  if (cols.length < target.length || (cols.length > target.length && !extendSchema)) {
    return `the query has ${cols.length} column(s), table ${table} has ${target.length} (${target.map((c) => `${c.name}:${c.type}`).join(', ')}); the columns match by position${cols.length > target.length ? ' (with (extend_schema=true) adds the extra ones)' : ''}`;
  }
  for (let j = 0; j < target.length; j++) {
    const c = cols[j]!, t = target[j]!;
    if (c.column.type !== t.type) return `column ${j + 1} of the query (${c.name}:${c.column.type}) does not match column ${j + 1} of table ${table} (${t.name}:${t.type}); the columns match by position and type`;
  }
  const names = new Set(target.map((c) => c.name));
  const fields = cols.map((f, j) => {
    if (j < target.length) return { name: target[j]!.name, column: f.column };
    let n = f.name; let k = 1;
    while (names.has(n)) n = `${f.name}${k++}`;
    names.add(n);
    return { name: n, column: f.column };
  });
  return { name: table, rowCount: result.rowCount, fields };
}
