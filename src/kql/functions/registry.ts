/**
 * Implementations by canonical function name (resolve aliases with lookupFunction first).
 * Scalar functions: scalar/*.ts; aggregates: aggregates.ts.
 *
 * Scalar implementations are wrapped once so that an unexpected exception on a bad value becomes
 * null (the engine's "bad input never crashes" rule); the wrapper costs one call frame.
 */
import type { AggregateImpl, ScalarImpl } from './types.js';
import { SCALARS } from './scalar/index.js';
import { AGGREGATES } from './aggregates.js';

const SAFE = new Map<string, ScalarImpl>();
for (const [name, impl] of SCALARS) {
  SAFE.set(name, (args, types, ctx) => {
    try { return impl(args, types, ctx); } catch { return null; }
  });
}

export function scalarImpl(name: string): ScalarImpl | undefined { return SAFE.get(name); }
export function aggregateImpl(name: string): AggregateImpl | undefined { return AGGREGATES.get(name); }
