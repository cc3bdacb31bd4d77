/**
 * Implementations by canonical function name (resolve aliases with lookupFunction first).
 * Scalar functions: scalar/*.ts; aggregates: aggregates.ts.
 *
 * Scalar implementations are wrapped once so that an unexpected exception on a bad value becomes
 * null (the engine's "bad input never crashes" rule), except a limit error or an allocation failure,
 * which end the query; large results are charged to the query's memory ceiling. The wrapper costs
 * one call frame.
 */
import type { AggregateImpl, ScalarImpl } from './types.js';
import type { Value } from '../data/types.js';
import { charge, LimitError } from '../governor.js';
import { D } from '../diagnostics/catalog.js';
import { SCALARS } from './scalar/index.js';
import { AGGREGATES } from './aggregates.js';

const SAFE = new Map<string, ScalarImpl>();
for (const [name, impl] of SCALARS) {
  SAFE.set(name, (args, types, ctx) => {
    let v: Value;
    try { v = impl(args, types, ctx); } catch (e) {
      // The query's limits and allocation failures are not bad values: they end the query.
      if (e instanceof LimitError || (e instanceof RangeError && /allocation|array length|string length|call stack/i.test(e.message))) throw e;
      return null;
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
  });
}

/** A result larger than this (characters; elements × 8) is charged to the memory ceiling. */
const LARGE = 4096;
/** The longest string value (64 Mi characters, 128 MB): V8's own limit is 512 Mi, and functions that walk code points would allocate far more. */
export const MAX_STRING = 64 * 1024 * 1024;

export function scalarImpl(name: string): ScalarImpl | undefined { return SAFE.get(name); }
export function aggregateImpl(name: string): AggregateImpl | undefined { return AGGREGATES.get(name); }
