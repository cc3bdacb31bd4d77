/**
 * Applies TermFilters (kql/scan.ts) to an in-memory table through term indexes: the rows whose
 * string column's code is a candidate of every filter the indexes can answer. What a store does
 * per segment at scan time; also what the index-vs-scan equivalence test and bench/term-index.ts
 * run. The result is a superset of the rows the filters' source predicate accepts.
 */
import { type Table, StringColumn } from '../kql/data/column.js';
import type { TermFilter } from '../kql/scan.js';
import { gather } from '../kql/exec/batch.js';
import type { TermIndex } from './term-index.js';

/**
 * The ascending row ids that may satisfy every filter, or undefined when no filter could narrow
 * (no index for its column, the column is not a string column, or the index declined).
 * `indexOf(column)` gives the index built from that column's dictionary (buildTermIndex).
 */
export function candidateRows(table: Table, filters: readonly TermFilter[], indexOf: (column: string) => TermIndex | undefined): Uint32Array | undefined {
  let mark: Uint8Array | undefined;
  for (const f of filters) {
    const field = table.fields.find((x) => x.name === f.column);
    if (!field || !(field.column instanceof StringColumn)) continue;
    const index = indexOf(f.column);
    if (!index || index.dictSize !== field.column.dict.length) continue;
    const codes = index.candidates(f.anyOf);
    if (codes === undefined) continue;
    const ok = new Uint8Array(index.dictSize);
    for (let i = 0; i < codes.length; i++) ok[codes[i]!] = 1;
    const rowCodes = field.column.codes;
    if (!mark) { mark = new Uint8Array(table.rowCount); for (let r = 0; r < rowCodes.length; r++) mark[r] = ok[rowCodes[r]!]!; }
    else for (let r = 0; r < rowCodes.length; r++) mark[r] = mark[r]! & ok[rowCodes[r]!]!;
  }
  if (!mark) return undefined;
  let n = 0;
  for (let r = 0; r < mark.length; r++) n += mark[r]!;
  const rows = new Uint32Array(n);
  let k = 0;
  for (let r = 0; r < mark.length; r++) if (mark[r] === 1) rows[k++] = r;
  return rows;
}

/** The table restricted to `rows` (dictionaries shared, not copied). */
export function takeRows(table: Table, rows: Uint32Array): Table {
  return { name: table.name, rowCount: rows.length, fields: table.fields.map((f) => ({ name: f.name, column: gather(f.column, rows) })) };
}

/** The table narrowed by the filters (the same table when nothing narrowed). */
export function prefilterTable(table: Table, filters: readonly TermFilter[], indexOf: (column: string) => TermIndex | undefined): Table {
  const rows = candidateRows(table, filters, indexOf);
  return rows === undefined ? table : takeRows(table, rows);
}
