import { basename } from 'node:path';
import type { Table } from '../../src/kql/data/column.js';
import { formatDatetime, formatTimespan } from '../../src/kql/data/convert.js';
import type { LoadReport } from '../../src/ingest/load.js';

/**
 * The comparable form of a load: per table the row count, the types of the columns that hold a
 * value, and the rows with their non-empty values (datetimes as ISO text); the quarantine entries
 * by file name, line and reason. Fixture expectations (expected.json) are in this form.
 */
export interface Snapshot {
  tables: Record<string, { rowCount: number; types: Record<string, string>; rows: Record<string, unknown>[] }>;
  quarantine: { file: string; line: number; kind: string; table?: string; reason: string }[];
}

export function rowsOf(t: Table): { types: Record<string, string>; rows: Record<string, unknown>[] } {
  const types: Record<string, string> = {};
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < t.rowCount; i++) {
    const r: Record<string, unknown> = {};
    for (const f of t.fields) {
      const v = f.column.get(i);
      if (v === null || v === '') continue;
      types[f.name] = f.column.type;
      r[f.name] = f.column.type === 'datetime' ? formatDatetime(v as number) : f.column.type === 'timespan' ? formatTimespan(v as number) : v;
    }
    rows.push(r);
  }
  return { types, rows };
}

export function snapshot(tables: ReadonlyMap<string, Table>, report: LoadReport): Snapshot {
  const out: Snapshot = { tables: {}, quarantine: [] };
  for (const name of [...tables.keys()].sort()) {
    const t = tables.get(name)!;
    out.tables[name] = { rowCount: t.rowCount, ...rowsOf(t) };
  }
  out.quarantine = report.quarantine.map((e) => ({ file: basename(e.file), line: e.line, kind: e.kind, ...(e.table ? { table: e.table } : {}), reason: e.reason }));
  return out;
}
