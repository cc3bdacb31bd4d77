/**
 * The engine's library API (src/kql/README.md documents it with a runnable example). Everything
 * outside src/kql imports the engine from here, or from ./data.ts (its light part: values,
 * columns, table builders) — never from the files behind them (test/arch/engine-api.test.ts).
 *
 *   parse(text)                      syntax tree + syntax diagnostics
 *   check(text, { catalog })         binding: diagnostics and the output schema, no data
 *   execute(text, { tables, now })   run a query over tables → columns, rows, diagnostics
 *   explain(text, { tables })        the plan that runs, as text
 *   tableFromRows, *Column           build tables; Value, ScalarType, … the types
 *   CODES, renderDiagnostics         the diagnostics catalog and its text form
 *   FUNCTION_RECORDS, functionRecord the function registry (signatures, flags, implementations)
 */
// ── front end
export type * from './api.js';
export { parse } from './syntax/parser.js';
export type { ParseResult } from './syntax/parser.js';
export type * as Ast from './syntax/ast.js';
export { check, checkFunctions } from './check.js';
export type { FunctionCheck } from './check.js';
export { functionsCalledBy, syntaxNodes } from './stored-functions.js';
export { bind } from './binder/binder.js';
export type { BindResult } from './binder/binder.js';
export { expressionResultName, UniqueNames, DefaultColumnNames, printColumnName, percentileNames, tupleColumns } from './binder/naming.js';

// ── execution
export { execute } from './execute.js';
export { explain } from './explain.js';
export type { ExplainOutcome } from './explain.js';
export { isTableSource } from './scan.js';
export { describeRequest } from './exec/scan-request.js';

// ── prepared queries: BEGIN plan exports (engineer `plan`, src/kql/plan/: prepare, run) ──
// Not on main yet when this block was written: add `export { prepare, run } from './plan/…';` here.
// ── END plan exports ──

// ── tables, values, types, term semantics, limits (the light entry)
export * from './data.js';

// ── diagnostics: the one catalog and the text form
export { CODES, codeEntry } from './diagnostics/catalog.js';
export type { CodeEntry, CodeArea } from './diagnostics/catalog.js';
export { renderDiagnostic, renderDiagnostics } from './diagnostics/render.js';

// ── functions: the registry
export { FUNCTION_RECORDS, functionRecord, isImplemented, isMovable, isRowLocal } from './functions/registry.js';
export type { FunctionRecord, Implementation } from './functions/registry.js';
export type { FunctionFlags, FunctionSignature } from './functions/types.js';
