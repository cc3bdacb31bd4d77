/**
 * The engine's library API (src/kql/README.md documents it with a runnable example). Everything
 * outside src/kql imports the engine from here, or from one of its two lighter parts: ./data.ts
 * (values, columns, table builders) and ./frontend.ts (parse, check, diagnostics, without the
 * executor) — never from the files behind them (test/arch/engine-api.test.ts).
 *
 *   parse(text)                      syntax tree + syntax diagnostics
 *   check(text, { catalog })         binding: diagnostics and the output schema, no data
 *   execute(text, { tables, now })   run a query over tables → columns, rows, diagnostics
 *   prepare(text, catalog), run(p, { tables, now })  bind and plan once, run many times
 *   explain(text, { tables })        the plan that runs, as text
 *   tableFromRows, *Column           build tables; Value, ScalarType, … the types
 *   CODES, renderDiagnostics         the diagnostics catalog and its text form
 *   FUNCTION_RECORDS, functionRecord the function registry (signatures, flags, implementations)
 */
// ── front end: parse, check, diagnostics (also from ./frontend.ts, without the executor)
export * from './frontend.js';

// ── execution
export { execute } from './execute.js';
export { explain } from './explain.js';
export type { ExplainOutcome } from './explain.js';
export { isTableSource } from './scan.js';
export { describeRequest } from './exec/scan-request.js';

// ── prepared queries: BEGIN plan exports (engineer `plan`: prepare binds and plans once, run runs it) ──
export { prepare, run, bindCount, prepareWindowBatch } from './execute.js';
export type { Prepared, PrepareOutcome, PrepareOptions, WindowBatchPrepared } from './execute.js';
// ── END plan exports ──

// ── tables, values, types, term semantics, limits (the light entry)
export * from './data.js';

// ── functions: the registry
export { FUNCTION_RECORDS, functionRecord, isImplemented, isMovable, isRowLocal } from './functions/registry.js';
export type { FunctionRecord, Implementation } from './functions/registry.js';
export type { FunctionFlags, FunctionSignature } from './functions/types.js';
