/**
 * Per-query execution state: the fixed `now`, table resolution, let bindings (scopes), the
 * deadline, warnings, and tables named by `as`. Runtime errors are thrown as ExecError (a code, a
 * message and a source span) and turned into diagnostics by execute().
 */
import type { ScalarType, Value } from '../data/types.js';
import type { Column, Table } from '../data/column.js';
import type { ScanRequest, ScanStats, TableSource } from '../scan.js';
import type { Expr, Lambda } from '../syntax/ast.js';
import type { EvalContext } from '../functions/types.js';
import type { WatchlistProvider } from '../api.js';
import type { Batch } from './batch.js';
import { checkpoint } from '../governor.js';
import { D } from '../diagnostics/catalog.js';

/**
 * Run-time error codes, by the executor's names for them: each is a code of the one catalog
 * (diagnostics/catalog.ts). Where the front end has the same error its code is used (unknown
 * table KQL101, unknown column KQL100…); run-time-only errors are KQL5xx.
 */
export const EXEC_CODES = {
  unknownColumn: D.unknownColumn.code,
  unknownTable: D.unknownTable.code,
  unknownFunction: D.unknownFunction.code,
  notScalar: D.tabularInScalar.code,
  badArgument: D.argCount.code,
  typeMismatch: D.operandTypes.code,
  unsupported: D.unsupported.code,
  timeout: D.queryTimeout.code,
  memory: D.memoryLimit.code,
  /** A table's storage could not be read (a damaged workspace segment). */
  storage: D.storageDamaged.code,
  internal: D.internalError.code,
} as const;

export class ExecError extends Error {
  /** Set when start/end are offsets into a stored function's text (its parameters or body), not the query's. */
  fn?: import('../api.js').StoredFunction;
  part?: 'parameters' | 'body';
  constructor(readonly code: string, message: string, readonly start = 0, readonly end = 0) { super(message); }
}

export function fail(code: string, message: string, at?: { start: number; end: number }): never {
  throw new ExecError(code, message, at?.start ?? 0, at?.end ?? 0);
}

/**
 * A compiled scalar expression (exec/expr.ts compiles them). Defined here, with the bindings that
 * hold them, so that this module does not import the compiler (which imports it).
 */
export interface Compiled {
  readonly type: ScalarType;
  readonly fn: (r: number) => Value;
  /** True when the value does not depend on the row (then `value` holds it). */
  readonly constant: boolean;
  readonly value?: Value;
  /** Columns read (distinct). */
  readonly deps: readonly Column[];
  /** Depends on row order (window functions) or randomness: never memoized by dictionary code. */
  readonly ordered?: boolean;
  /** For filters: a vectorized kernel over rows, when one applies. */
  readonly filter?: (rows: Uint32Array) => Uint32Array;
  /** For numeric results: a vectorized kernel writing rows' values (nulls flagged in `nulls`). */
  readonly vector?: (rows: Uint32Array, out: Float64Array, nulls: Uint8Array) => boolean;
  /** Every non-null value is a multiple of this step plus a common offset (`bin(x, step)`): group keys can be dense by arithmetic. */
  readonly step?: number;
}

/** What a `let` name (or a function parameter) stands for. */
export type Binding =
  | { readonly kind: 'scalar'; readonly type: ScalarType; readonly value: Value }
  | { readonly kind: 'tabular'; readonly expr: Expr; readonly env: Env; cache?: Batch; readonly materialized?: boolean }
  | { readonly kind: 'batch'; readonly batch: Batch }
  | { readonly kind: 'lambda'; readonly lambda: Lambda; readonly env: Env }
  /** A function argument that varies per row: the caller's compiled expression (inlined). */
  | { readonly kind: 'compiled'; readonly compiled: Compiled }
  /** A lazily classified `let`: tabular or scalar is decided at first use. */
  | { readonly kind: 'lazy'; readonly expr: Expr; readonly env: Env; resolved?: Binding };

export class Env {
  private readonly vars = new Map<string, Binding>();
  constructor(readonly parent?: Env) {}
  get(name: string): Binding | undefined { return this.vars.get(name) ?? this.parent?.get(name); }
  set(name: string, b: Binding): void { this.vars.set(name, b); }
  child(): Env { return new Env(this); }
  /** Every name bound here or in a parent scope, with its binding (inner scopes win). */
  all(): Map<string, Binding> {
    const m = this.parent ? this.parent.all() : new Map<string, Binding>();
    for (const [k, v] of this.vars) m.set(k, v);
    return m;
  }
}

export interface QueryContext {
  readonly text: string;
  readonly eval: EvalContext;
  readonly resolveTable: (name: string) => Table | TableSource | undefined;
  readonly tableNames: () => string[];
  readonly watchlists?: WatchlistProvider;
  readonly warnings: string[];
  /** Tables named by `as` in this query. */
  readonly asTables: Map<string, Batch>;
  /** `set` options (truncationmaxrecords, notruncation…). */
  readonly options: Map<string, Value>;
  /** Cache of tables converted to batches. */
  readonly tableCache: Map<string, Batch>;
  /** Each scan of a TableSource this query made (for stats and --verbose), when the caller asked. */
  readonly scans?: { readonly table: string; readonly request: ScanRequest; readonly stats?: ScanStats }[];
  /** Stored functions the query may call (ExecuteOptions.functions). */
  readonly functions?: readonly import('../api.js').StoredFunction[];
  /** Reads externaldata's local sources (ExecuteOptions.externalData). */
  readonly externalData?: import('../api.js').ExternalDataProvider;
  /** The query's plans (a prepared query's planner, shared by its runs); made on first use when absent. */
  planner?: import('../plan/nodes.js').Plans;
}

let tick = 0;
/**
 * Checks the query's limits (time and memory, see ../governor.ts). Cheap unless `force`: every
 * 64th call reads the clock.
 */
export function checkDeadline(_ctx: QueryContext, force = false): void {
  if (!force && (++tick & 63) !== 0) return;
  checkpoint();
}

/** Called once per block of ROW_BLOCK rows by row loops that have no context at hand. */
export const rowLoopTick = checkpoint;
