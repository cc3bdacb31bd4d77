/**
 * The engine's light public entry: values, types, columns and table builders, the text of values,
 * term semantics (`has`), scan contracts and query limits — what the store, ingestion, output and
 * remote layers need, without loading the parser, binder and executor (`cloudhop ingest`, `tables`
 * and the terminal printers start faster). `./index.ts` re-exports all of it with the rest of the
 * API; outside src/kql, import the engine from index.ts, frontend.ts or this file only
 * (test/arch/engine-api.test.ts).
 */
// ── values and types
export * from './data/types.js';
// ── columns and table builders
export * from './data/column.js';
// ── value conversions and text
export { parseIsoDatetime, formatDatetime, formatTimespan, ticksFromDate, dateFromTicks } from './data/convert.js';
export { parseTimespanText } from './semantics/convert.js';
export { textValue } from './exec/format.js';
export { gather } from './exec/batch.js';
// ── term semantics (has, has_any): shared with the store's term index
export { foldCase, terms } from './semantics/terms.js';
export { forEachTermKey, hasKeyHazard, termKey } from './semantics/term-keys.js';
// ── scans (a table source the store implements) and query limits
export type * from './scan.js';
export { DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT_MS, checkpoint, parseDuration, parseSize } from './governor.js';
