/**
 * The contract between the engine and a store: what one table reference of a query needs.
 *
 * The executor (today exec/pushdown.ts; later the logical plan's time-range extraction rule, issue
 * 14) derives a ScanRequest for each table reference from the operators directly above it, and
 * asks the table's TableSource for exactly that. The store may answer with ANY SUPERSET of the rows
 * that satisfy the request: the executor still runs every predicate over what it gets, so a store
 * that ignores `time` or `terms` is correct, only slower. A store must never return fewer rows.
 *
 * - `columns`: the only columns the query reads (undefined: all). The result may hold more.
 * - `time`: a conjunction of ranges on datetime columns (ticks, 100 ns since 0001-01-01, as
 *   everywhere in the engine), each bound inclusive, null = unbounded. A row whose column is null
 *   does not satisfy a range (a filter `T > x` is false on null).
 * - `terms`: a conjunction of term filters on string columns. A row satisfies one filter when its
 *   column holds, as whole Kusto terms (semantics/terms.ts: maximal runs of letters and digits,
 *   compared case-insensitively), ALL the terms of AT LEAST ONE entry of `anyOf`. So
 *   `has_any ("az login", "Connect-AzAccount")` is anyOf [["az","login"],["connect","azaccount"]].
 *   Terms are lower-cased (semantics/terms.ts foldCase). An entry with no terms matches every row
 *   (the whole filter then matches every row).
 */
import type { Table } from './data/column.js';
import type { ColumnSchema } from './data/types.js';

export interface TimeRange {
  readonly column: string;
  /** Inclusive lower bound in ticks, or null. */
  readonly min: number | null;
  /** Inclusive upper bound in ticks, or null. */
  readonly max: number | null;
}

export interface TermFilter {
  readonly column: string;
  /** Rows whose column holds every term of at least one entry. Terms lower-cased. */
  readonly anyOf: readonly (readonly string[])[];
}

export interface ScanRequest {
  readonly columns?: ReadonlySet<string>;
  readonly time?: readonly TimeRange[];
  readonly terms?: readonly TermFilter[];
}

/** What a store scanned to answer one request (for `explain`, --verbose and the benchmarks). */
export interface ScanStats {
  readonly segmentsTotal: number;
  readonly segmentsRead: number;
  readonly rowsTotal: number;
  readonly rowsReturned: number;
  /** Bytes read from disk (or from the cache) for this scan. */
  readonly bytesRead: number;
  /** True when a term index narrowed the rows. */
  readonly indexUsed: boolean;
  /** Row groups in every segment, and those read (after the time ranges and the term index). */
  readonly rowGroupsTotal?: number;
  readonly rowGroupsRead?: number;
  /** What the term index (the request's `terms`) removed after the time ranges: whole segments, row groups, rows. */
  readonly indexSegmentsSkipped?: number;
  readonly indexRowGroupsSkipped?: number;
  readonly indexRowsSkipped?: number;
}

/**
 * A table that is read on demand. `schema` and `rowCount` are cheap (from a manifest); `scan`
 * reads what the request needs and returns a superset of the rows that satisfy it.
 */
export interface TableSource {
  readonly kind: 'source';
  readonly name: string;
  readonly schema: readonly ColumnSchema[];
  readonly rowCount: number;
  scan(request: ScanRequest): Table;
  /** The statistics of the last scan (optional). */
  readonly lastScan?: ScanStats;
}

export function isTableSource(t: Table | TableSource | undefined): t is TableSource {
  return t !== undefined && (t as TableSource).kind === 'source';
}
