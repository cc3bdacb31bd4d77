/**
 * The engine's public API. Everything outside src/kql (store, ingest, detect, simulate, cli)
 * uses the engine through these declarations only.
 *
 * Implementations live in the front end (syntax/, binder/) and the executor (exec/); this file
 * states the contract they meet. It never throws on user input: errors come back as diagnostics.
 */
import type { ScalarType, TableSchema, Value, ColumnSchema } from './data/types.js';
import type { Table } from './data/column.js';
import type { ScanRequest, ScanStats, TableSource } from './scan.js';

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
  /**
   * Set when the problem lies in a stored function's text rather than the query's: start/length
   * and line/col are then offsets into that function's `parameters` or `body` (see StoredFunction).
   */
  readonly function?: { readonly name: string; readonly part: 'parameters' | 'body' };
}

/**
 * A stored function (Kusto's `.create function Name(parameters) { body }`; Microsoft Sentinel's
 * saved search with a function alias, as its parsers are). The binder and the executor treat it
 * like a `let Name = (parameters) { body };` declared before the query, but its text is parsed on
 * its own (once per StoredFunction object), so positions stay those of the function's text.
 */
export interface StoredFunction {
  /** The name queries call it by (Sentinel's FunctionAlias). Case-sensitive, like every Kusto name. */
  readonly name: string;
  /** The parameter list as Kusto writes it, without parentheses: `lookback:timespan = 14d, T:(*)`; '' for none. */
  readonly parameters: string;
  /** The body: statements separated by `;`, the last one the result (tabular or scalar). */
  readonly body: string;
}

/** What the binder knows about the world: tables (by name) and user functions/views. */
export interface Catalog {
  readonly tables: ReadonlyMap<string, TableSchema>;
  /** Stored functions the query may call (their own errors come from checkFunctions, not check). */
  readonly functions?: readonly StoredFunction[];
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
  /**
   * True when the result also has columns that cannot be known before running (the output of
   * bag_unpack, pivot, a table of another database…): `schema` then lists the known ones only.
   */
  readonly open?: boolean;
}

/** Resolves `_GetWatchlist('alias')` for the detection runtime. */
export type WatchlistProvider = (alias: string) => Table | undefined;

/**
 * Reads one local source of `externaldata` (src/kql/exec/ops/externaldata.ts): `path` is the URI
 * without `file://` (relative or absolute, as written), `format` the `with (format=…)` property
 * (lower case; undefined: from the file's extension, else csv), `columns` the declared schema.
 * Returns the rows as a table of that schema, or a message saying why the source cannot be read.
 * The engine itself reads no files: the caller decides which folders are allowed
 * (src/ingest/external-data.ts is the CLI's provider).
 */
export type ExternalDataProvider = (request: {
  readonly path: string;
  readonly format: string | undefined;
  readonly columns: readonly ColumnSchema[];
  readonly ignoreFirstRecord: boolean;
}) => { readonly table: Table } | { readonly error: string };

export interface ExecuteOptions {
  /**
   * Tables available to the query, by name: in-memory Tables, or TableSources (src/kql/scan.ts,
   * e.g. a workspace's tables) that the executor asks for only what each table reference needs.
   */
  readonly tables: ReadonlyMap<string, Table | TableSource> | ((name: string) => Table | TableSource | undefined);
  /** Filled with each TableSource scan the query made (table, request, and the store's ScanStats when it gives them; their byte count grows as columns are read). */
  readonly scans?: { readonly table: string; readonly request: ScanRequest; readonly stats?: ScanStats }[];
  /**
   * Tables that exist without rows here (a workspace's schema: every Log Analytics / Defender
   * table): a name `tables` does not resolve but this map does reads as an empty table of that
   * schema, as in a Sentinel workspace where the table has no data. Wildcards (`union *`) see
   * only `tables`.
   */
  readonly knownTables?: ReadonlyMap<string, TableSchema>;
  /** The value of now(); fixed for the whole query. Ticks or Date. Defaults to the wall clock. */
  readonly now?: Date | number;
  readonly watchlists?: WatchlistProvider;
  /** Reads `externaldata` over local files; without it a local source is an error saying so. */
  readonly externalData?: ExternalDataProvider;
  /** Stored functions the query may call (each parsed once per object and reused across queries). */
  readonly functions?: readonly StoredFunction[];
  /** Result row cap (Kusto: 500,000 unless `set notruncation`). */
  readonly maxRows?: number;
  /** Wall-clock time limit in ms (default 4 minutes, Kusto's servertimeout); exceeding it ends the query with KQL502. */
  readonly timeoutMs?: number;
  /**
   * Memory ceiling in bytes: growth of the heap and typed-array memory during the query (default
   * 2 GiB); exceeding it ends the query with KQL503. See governor.ts.
   */
  readonly maxMemoryBytes?: number;
  /** A cancel cell (Int32Array over a SharedArrayBuffer): set element 0 non-zero from another thread to end the query with KQL506. See governor.ts. */
  readonly cancel?: Int32Array;
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
