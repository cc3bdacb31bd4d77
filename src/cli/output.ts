/**
 * Rendering of query results for the CLI, per the contract in docs/CLI.md:
 * table (aligned text), json (one object), jsonl (one object per row), csv (header + rows).
 *
 * JSON values: null → null; bool → true/false; int/long/real → number (a long beyond 2^53 → string);
 * datetime → ISO 8601 UTC with `Z`; timespan → Kusto text; guid → string; dynamic → its JSON value.
 */
import type { ScalarType, Value } from '../kql/data.js';
import { formatDatetime, formatTimespan } from '../kql/data.js';
import { textValue } from '../kql/data.js';
import { terminalCell } from './terminal-text.js';

export type OutputFormat = 'table' | 'json' | 'jsonl' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'jsonl', 'csv'];

export interface ResultLike {
  readonly columns: readonly { readonly name: string; readonly type: ScalarType }[];
  readonly rows: readonly (readonly Value[])[];
}

/** One value in its JSON form (see the file comment). */
export function jsonValue(v: Value, type: ScalarType): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'datetime': return typeof v === 'number' ? formatDatetime(v) : v;
    case 'timespan': return typeof v === 'number' ? formatTimespan(v) : v;
    case 'int': case 'long':
      if (typeof v === 'bigint') return String(v);
      if (typeof v === 'number' && !Number.isSafeInteger(v) && Number.isInteger(v)) return String(BigInt(v));
      return v;
    case 'real': case 'decimal':
      if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
      return v;
    default: return v;
  }
}

/** One value as display text (table and csv cells): strings raw, dynamics as compact JSON, null as empty. */
export { textValue };

export function resultToJson(r: ResultLike): { columns: { name: string; type: ScalarType }[]; rows: unknown[][] } {
  return {
    columns: r.columns.map((c) => ({ name: c.name, type: c.type })),
    rows: r.rows.map((row) => row.map((v, j) => jsonValue(v, r.columns[j]!.type))),
  };
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Renders a result in one of the formats; the text ends with a newline (except an empty jsonl). */
export function renderResult(r: ResultLike, format: OutputFormat): string {
  switch (format) {
    case 'json': return JSON.stringify(resultToJson(r)) + '\n';
    case 'jsonl': {
      let out = '';
      for (const row of r.rows) {
        const o: Record<string, unknown> = {};
        r.columns.forEach((c, j) => { o[c.name] = jsonValue(row[j] ?? null, c.type); });
        out += JSON.stringify(o) + '\n';
      }
      return out;
    }
    case 'csv': {
      const lines = [r.columns.map((c) => csvCell(c.name)).join(',')];
      for (const row of r.rows) lines.push(row.map((v, j) => csvCell(textValue(v, r.columns[j]!.type))).join(','));
      return lines.join('\n') + '\n';
    }
    case 'table': return renderTable(r);
  }
}

const MAX_CELL = 120;

function renderTable(r: ResultLike): string {
  // Terminal text: control and bidi characters of values and names are escaped (terminal-text.ts).
  const header = r.columns.map((c) => terminalCell(c.name));
  const cells = r.rows.map((row) => row.map((v, j) => {
    let s = terminalCell(textValue(v, r.columns[j]!.type));
    if (s.length > MAX_CELL) s = s.slice(0, MAX_CELL - 1) + '…';
    return s;
  }));
  const widths = header.map((h, j) => Math.max(h.length, ...cells.map((row) => row[j]!.length)));
  const numeric = r.columns.map((c) => c.type === 'int' || c.type === 'long' || c.type === 'real' || c.type === 'decimal');
  const line = (vals: string[], isHeader: boolean) =>
    vals.map((s, j) => (!isHeader && numeric[j] ? s.padStart(widths[j]!) : s.padEnd(widths[j]!))).join('  ').trimEnd();
  const out = [line(header, true), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of cells) out.push(line(row, false));
  out.push(`(${r.rows.length} row${r.rows.length === 1 ? '' : 's'})`);
  return out.join('\n') + '\n';
}
