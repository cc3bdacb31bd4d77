/**
 * The engine's public API. Everything outside src/kql (store, ingest, detect, simulate, cli)
 * uses the engine through these declarations only.
 *
 * Implementations live in the front end (syntax/, binder/) and the executor (exec/); this file
 * states the contract they meet. It never throws on user input: errors come back as diagnostics.
 */
import type { ScalarType, TableSchema, Value, ColumnSchema } from './data/types.js';
import type { Table } from './data/column.js';

export type Severity = 'error' | 'warning' | 'info';

/** One problem found in a query. start/length are UTF-16 offsets into the query text; line/col are 1-based. */
export interface Diagnostic {
  readonly code: string; // stable, e.g. "KQL001"
  readonly severity: Severity;
  readonly message: string;
  readonly start: number;
  readonly length: number;
  readonly line: number;
  readonly col: number;
}

/** What the binder knows about the world: tables (by name) and user functions/views. */
export interface Catalog {
  readonly tables: ReadonlyMap<string, TableSchema>;
}

export interface CheckOptions {
  readonly catalog?: Catalog;
  /** Only lex and parse: no name resolution or typing. */
  readonly syntaxOnly?: boolean;
}

export interface CheckResult {
  readonly ok: boolean; // no error-severity diagnostics
  readonly diagnostics: readonly Diagnostic[];
  /** Output schema of the query's result (last tabular statement), when it could be computed. */
  readonly schema?: readonly ColumnSchema[];
}

/** Resolves `_GetWatchlist('alias')` for the detection runtime. */
export type WatchlistProvider = (alias: string) => Table | undefined;

export interface ExecuteOptions {
  /** Tables available to the query, by name. */
  readonly tables: ReadonlyMap<string, Table> | ((name: string) => Table | undefined);
  /** The value of now(); fixed for the whole query. Ticks or Date. Defaults to the wall clock. */
  readonly now?: Date | number;
  readonly watchlists?: WatchlistProvider;
  /** Result row cap (Kusto: 500,000 unless `set notruncation`). */
  readonly maxRows?: number;
  /** Wall-clock time limit in ms (default 4 minutes, Kusto's servertimeout); exceeding it ends the query with KQL502. */
  readonly timeoutMs?: number;
  /**
   * Memory ceiling in bytes: growth of the heap and typed-array memory during the query (default
   * 2 GiB); exceeding it ends the query with KQL503. See governor.ts.
   */
  readonly maxMemoryBytes?: number;
}

/** A query's result: the last tabular statement's output. */
export interface QueryResult {
  readonly columns: readonly { readonly name: string; readonly type: ScalarType }[];
  /** Row-major boxed values (see data/types.ts), built on first read. */
  readonly rows: readonly (readonly Value[])[];
  readonly warnings: readonly string[];
  /** The columnar table behind rows. */
  readonly table: Table;
}

export type ExecuteOutcome =
  | { readonly ok: true; readonly result: QueryResult; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };
