/**
 * Implementations by canonical function name (resolve aliases with lookupFunction first).
 * Scalar functions: scalar/*.ts; aggregates: aggregates.ts.
 */
import type { AggregateImpl, ScalarImpl } from './types.js';
import { SCALARS } from './scalar/index.js';
import { AGGREGATES } from './aggregates.js';

export function scalarImpl(name: string): ScalarImpl | undefined { return SCALARS.get(name); }
export function aggregateImpl(name: string): AggregateImpl | undefined { return AGGREGATES.get(name); }
