/**
 * The CLI's reader for KQL `externaldata` over local files (ExternalDataProvider, src/kql/api.ts).
 *
 * - Allowed: files under the given root folders (the CLI: the current folder and the folders of
 *   CLOUDHOP_EXTERNALDATA_DIRS), after links are resolved; anything else is refused, saying so.
 * - Formats (externaldata's `format` property; without it, from the extension, else csv):
 *   `csv`, `tsv`, `scsv` (;), `psv` (|) — columns by position, through the ingest CSV parser;
 *   `txt` (also `raw`) — each line one record, in the first column;
 *   `json` — one JSON record per line; `multijson` — a JSON document: an array of records or
 *   records one after another. JSON records map to columns by name (exact, else ignoring case).
 *   A `.gz` file is decompressed first.
 * - Values are converted to the declared type as ingestion does (src/ingest/coerce.ts); a value
 *   that is not of that type is null, as in Kusto, and the result's row count is the file's
 *   record count. A record the CSV parser cannot read makes the whole source an error (file:line).
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { resolve, sep, extname } from 'node:path';
import type { ExternalDataProvider } from '../kql/index.js';
import type { ColumnSchema, Value } from '../kql/data.js';
import { tableFromRows } from '../kql/data.js';
import { BAD, coerce } from './coerce.js';
import { isCsvError, parseCsv } from './csv.js';

const DELIMITERS: Record<string, string> = { csv: ',', tsv: '\t', tsve: '\t', scsv: ';', psv: '|', sohsv: '\u0001' };
const FORMATS = ['csv', 'tsv', 'tsve', 'scsv', 'psv', 'sohsv', 'txt', 'raw', 'json', 'multijson'];

function formatOf(path: string): string {
  const ext = extname(path.replace(/\.gz$/i, '')).toLowerCase();
  if (ext === '.tsv') return 'tsv';
  if (ext === '.json' || ext === '.jsonl' || ext === '.ndjson') return 'json';
  if (ext === '.txt' || ext === '.log') return 'txt';
  return 'csv';
}

/** JSON values one after another (an array's elements, or concatenated/line-separated documents). */
function multiJson(text: string): unknown[] {
  const t = text.trim();
  if (t.startsWith('[')) { const v = JSON.parse(t) as unknown; return Array.isArray(v) ? v : [v]; }
  const out: unknown[] = [];
  let depth = 0, inStr = false, esc = false, start = -1;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i]!;
    if (inStr) { if (esc) esc = false; else if (ch === '\\') esc = true; else if (ch === '"') inStr = false; continue; }
    if (ch === '"') { inStr = true; continue; }
    if (ch === '{' || ch === '[') { if (depth === 0) start = i; depth++; }
    else if (ch === '}' || ch === ']') { depth--; if (depth === 0) out.push(JSON.parse(t.slice(start, i + 1))); }
  }
  if (depth !== 0) throw new Error('the JSON document ends inside a record');
  return out;
}

export function externalDataReader(roots: readonly string[]): ExternalDataProvider {
  const realRoots = roots.flatMap((r) => { try { return [realpathSync(resolve(r))]; } catch { return []; } });
  return ({ path, format, columns, ignoreFirstRecord }) => {
    const full = resolve(path);
    let real: string;
    try { real = realpathSync(full); } catch { return { error: `${path}: no such file` }; }
    if (!realRoots.some((r) => real === r || real.startsWith(r.endsWith(sep) ? r : r + sep))) {
      return { error: `${path}: outside the folders externaldata may read (${realRoots.join(', ') || 'none'}; add one with CLOUDHOP_EXTERNALDATA_DIRS)` };
    }
    if (!statSync(real).isFile()) return { error: `${path}: not a file` };
    const fmt = (format ?? formatOf(real)).toLowerCase();
    if (!FORMATS.includes(fmt)) return { error: `format '${fmt}' is not supported here (${FORMATS.join(', ')})` };
    let bytes: Buffer = readFileSync(real);
    if (/\.gz$/i.test(real) || (bytes[0] === 0x1f && bytes[1] === 0x8b)) {
      try { bytes = gunzipSync(bytes); } catch (e) { return { error: `${path}: not a readable gzip file (${(e as Error).message})` }; }
    }
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    const typed = (raw: unknown[]): Record<string, Value> => {
      const row: Record<string, Value> = {};
      columns.forEach((c, j) => { const v = coerce(c.type, raw[j]); row[c.name] = v === BAD ? null : v; });
      return row;
    };
    const rows: Record<string, Value>[] = [];
    if (fmt === 'txt' || fmt === 'raw') {
      const lines = text.split(/\r?\n/);
      if (lines.length && lines[lines.length - 1] === '') lines.pop();
      for (const l of lines.slice(ignoreFirstRecord ? 1 : 0)) rows.push(typed([l]));
    } else if (fmt === 'json' || fmt === 'multijson') {
      let records: unknown[];
      try {
        records = fmt === 'multijson' ? multiJson(text) : text.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
      } catch (e) { return { error: `${path}: not ${fmt} (${(e as Error).message})` }; }
      for (const rec of records.slice(ignoreFirstRecord ? 1 : 0)) {
        const o = rec !== null && typeof rec === 'object' && !Array.isArray(rec) ? rec as Record<string, unknown> : {};
        const lower = new Map(Object.keys(o).map((k) => [k.toLowerCase(), k]));
        rows.push(typed(columns.map((c) => o[c.name] ?? o[lower.get(c.name.toLowerCase()) ?? ''])));
      }
    } else {
      let first = true;
      for (const r of parseCsv(text, DELIMITERS[fmt]!)) {
        if (isCsvError(r)) return { error: `${path}:${r.line}: ${r.reason}` };
        if (first && ignoreFirstRecord) { first = false; continue; }
        first = false;
        rows.push(typed(r.cells));
      }
    }
    return { table: tableFromRows('externaldata', columns as ColumnSchema[], rows) };
  };
}
