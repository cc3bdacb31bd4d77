/**
 * Applies TermFilters (kql/scan.ts) to an in-memory table through term indexes: the rows whose
 * string column's code is a candidate of every filter the indexes can answer. What a store does
 * per segment at scan time; also what the index-vs-scan equivalence test and bench/term-index.ts
 * run. The result is a superset of the rows the filters' source predicate accepts.
 */
import { type Table, StringColumn } from '../kql/data.js';
import type { TermFilter } from '../kql/data.js';
import { gather } from '../kql/data.js';
import type { TermIndex } from './term-index.js';

/**
 * The ascending row ids that may satisfy every filter, or undefined when no filter could narrow
 * (no index for its column, the column is not a string column, or the index declined).
 * `indexOf(column)` gives the index built from that column's dictionary (buildTermIndex).
 */
export function candidateRows(table: Table, filters: readonly TermFilter[], indexOf: (column: string) => TermIndex | undefined): Uint32Array | undefined {
  let rows: Uint32Array | undefined;
  for (const f of filters) {
    const field = table.fields.find((x) => x.name === f.column);
    if (!field || !(field.column instanceof StringColumn)) continue;
    const index = indexOf(f.column);
    if (!index || index.dictSize !== field.column.dict.length) continue;
    const ok = index.candidateMask(f.anyOf);
    if (ok === undefined) continue;
    const rowCodes = field.column.codes;
    // Branch-free: every row id is written, the count advances only for a candidate.
    if (!rows) {
      const out = new Uint32Array(rowCodes.length + 1);
      let k = 0;
      for (let r = 0; r < rowCodes.length; r++) { out[k] = r; k += ok[rowCodes[r]!]!; }
      rows = out.slice(0, k);
    } else {
      let k = 0;
      for (let i = 0; i < rows.length; i++) { const r = rows[i]!; rows[k] = r; k += ok[rowCodes[r]!]!; }
      rows = rows.subarray(0, k);
    }
  }
  return rows;
}

/**
 * The table restricted to `rows`. String columns keep only the dictionary entries those rows use
 * (a narrowed segment holds few of its distinct values, and whatever concatenates segments
 * afterwards merges dictionaries string by string); other columns are gathered.
 */
export function takeRows(table: Table, rows: Uint32Array): Table {
  return { name: table.name, rowCount: rows.length, fields: table.fields.map((f) => ({ name: f.name, column: f.column instanceof StringColumn ? compactGather(f.column, rows) : gather(f.column, rows) })) };
}

function compactGather(c: StringColumn, rows: Uint32Array): StringColumn {
  const remap = new Int32Array(c.dict.length).fill(-1);
  const dict: string[] = [];
  const codes = new Uint32Array(rows.length);
  const src = c.codes;
  for (let i = 0; i < rows.length; i++) {
    const old = src[rows[i]!]!;
    let m = remap[old]!;
    if (m < 0) { m = remap[old] = dict.length; dict.push(c.dict[old]!); }
    codes[i] = m;
  }
  return new StringColumn(codes, dict);
}

/** The table narrowed by the filters (the same table when nothing narrowed). */
export function prefilterTable(table: Table, filters: readonly TermFilter[], indexOf: (column: string) => TermIndex | undefined): Table {
  const rows = candidateRows(table, filters, indexOf);
  return rows === undefined ? table : takeRows(table, rows);
}
