/**
 * The function registry: one record per built-in function — its signature, result-type rule and
 * flags (from the catalog line, catalog.ts) joined with its implementation (scalar/*.ts,
 * aggregates.ts, or a form the executor compiles itself). Every consumer reads the record:
 * the binder (types, arity, "not implemented"), the executor (implementation, constant folding),
 * the rewrites (exec/pushdown.ts: what may move) and replay batching (detect/batch.ts: what is
 * row-local). test/kql/functions/registry.test.ts asserts every record is complete.
 *
 * Scalar implementations are wrapped once per call site: an exception inside one is a run-time
 * error (KQL599) naming the function, placed at the call by the caller's `onError` — never a
 * silent null (the documented null results for invalid input are the implementations' own
 * returns). A limit error or an allocation failure ends the query as itself; large results are
 * charged to the query's memory ceiling.
 */
import type { AggregateImpl, FunctionFlags, FunctionSignature, ScalarImpl } from './types.js';
import type { Value } from '../data/types.js';
import { charge, LimitError } from '../governor.js';
import { D } from '../diagnostics/catalog.js';
import { FUNCTIONS, lookupFunction } from './catalog.js';
import { SCALARS } from './scalar/index.js';
import { AGGREGATES } from './aggregates.js';

/**
 * How a function runs:
 * - scalar: a ScalarImpl over boxed values (scalar/*.ts; some special functions too, e.g. dcount_hll);
 * - aggregate: an AggregateImpl (aggregates.ts);
 * - executor: the executor compiles the call itself — `expression` forms are registered with
 *   exec/expr.ts registerSpecial (window functions, toscalar, column_ifexists, pack_all, bin_auto…),
 *   `tabular` forms stand where a table is expected (table(), materialize(), _GetWatchlist());
 * - none: declared for the binder only; `check` warns "not implemented" (KQL210), running it fails (KQL501).
 */
export type Implementation =
  | { readonly kind: 'scalar'; readonly fn: ScalarImpl }
  | { readonly kind: 'aggregate'; readonly impl: AggregateImpl }
  | { readonly kind: 'executor'; readonly form: 'expression' | 'tabular' }
  | { readonly kind: 'none' };

/** One function: signature, result-type rule (`returns`), flags and implementation. */
export interface FunctionRecord extends FunctionSignature {
  readonly implementation: Implementation;
}

function implementationOf(sig: FunctionSignature): Implementation {
  if (sig.implemented === false) return { kind: 'none' };
  const agg = AGGREGATES.get(sig.name);
  if (sig.kind === 'aggregate') return agg ? { kind: 'aggregate', impl: agg } : { kind: 'none' };
  const fn = SCALARS.get(sig.name);
  if (fn) return { kind: 'scalar', fn };
  if (sig.kind === 'window' || sig.kind === 'special') return { kind: 'executor', form: sig.form ?? 'expression' };
  return { kind: 'none' };
}

const RECORDS = new Map<string, FunctionRecord>();
for (const sig of FUNCTIONS) RECORDS.set(sig.name, { ...sig, implementation: implementationOf(sig) });

/** Every function record (canonical names; aliases are in each record's `aliases`). */
export const FUNCTION_RECORDS: readonly FunctionRecord[] = [...RECORDS.values()];

/** The record of a function by name or alias (case-sensitive, like Kusto), or undefined. */
export function functionRecord(name: string): FunctionRecord | undefined {
  const sig = lookupFunction(name);
  return sig ? RECORDS.get(sig.name) : undefined;
}

/** Does the executor run this function? (false: declared for the binder only.) */
export function isImplemented(rec: FunctionRecord): boolean { return rec.implementation.kind !== 'none'; }

/**
 * May a call be moved to run before or after other operators (filter pushdown substitutes it into
 * a predicate)? Not when it depends on row order, on randomness or on the input's column set.
 */
export function isMovable(flags: FunctionFlags): boolean { return !flags.rowOrder && !flags.volatile && !flags.schema; }

/**
 * Is a call's value the same in every run and every time window, given its arguments and the rows
 * it reads? A scalar call then depends on its row only; an aggregate on its group's rows only.
 * (Replay batching runs such a pipeline once over many windows: detect/batch.ts.)
 */
export function isRowLocal(flags: FunctionFlags): boolean {
  return isMovable(flags) && !flags.usesNow && !flags.context;
}

/** An exception inside a scalar function, when the caller gave no `onError` (KQL599, the function named). */
export class FunctionError extends Error {
  readonly code = D.functionFailed.code;
  constructor(message: string) { super(message); this.name = 'FunctionError'; }
}

function throwFunctionError(message: string): never { throw new FunctionError(message); }

function isAllocationFailure(e: unknown): boolean {
  return e instanceof RangeError && /allocation|array length|string length|call stack/i.test(e.message);
}

/**
 * The implementation of a scalar function by canonical name (resolve aliases with lookupFunction
 * or functionRecord first), wrapped for one call site. `onError` receives the KQL599 message when
 * the implementation throws (the executor places it at the call); without it a FunctionError is thrown.
 */
export function scalarImpl(name: string, onError: (message: string) => never = throwFunctionError): ScalarImpl | undefined {
  const impl = SCALARS.get(name);
  if (!impl) return undefined;
  return (args, types, ctx) => {
    let v: Value;
    try { v = impl(args, types, ctx); } catch (e) {
      // The query's limits and allocation failures are not the function's fault: they end the query as themselves.
      if (e instanceof LimitError || isAllocationFailure(e)) throw e;
      return onError(D.functionFailed.message(name, e instanceof Error ? e.message : String(e)));
    }
    // Large results are charged to the query's memory ceiling (../governor.ts).
    if (typeof v === 'string') {
      if (v.length > LARGE) {
        if (v.length > MAX_STRING) throw new LimitError(D.memoryLimit.code, `${name}() would return a string of ${v.length.toLocaleString('en-US')} characters, over the engine's limit of ${MAX_STRING.toLocaleString('en-US')} for one value.`);
        charge(2 * v.length, `${name}() result`);
      }
    }
    else if (Array.isArray(v) && v.length > LARGE / 8) charge(16 * v.length, `${name}() result`);
    return v;
  };
}

/** A result larger than this (characters; elements × 8) is charged to the memory ceiling. */
const LARGE = 4096;
/** The longest string value (64 Mi characters, 128 MB): V8's own limit is 512 Mi, and functions that walk code points would allocate far more. */
export const MAX_STRING = 64 * 1024 * 1024;

export function aggregateImpl(name: string): AggregateImpl | undefined { return AGGREGATES.get(name); }
