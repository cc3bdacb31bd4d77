/** Aggregate implementations, keyed by canonical name. */
import type { AggregateImpl } from './types.js';

export const AGGREGATES = new Map<string, AggregateImpl>();
