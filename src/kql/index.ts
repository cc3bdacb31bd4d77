/**
 * The engine's public barrel: everything outside src/kql imports the engine from here.
 * Front end: parse (syntax tree + diagnostics) and check (binding, types, output schema).
 * The executor adds its exports (execute, explain) below.
 */
export type * from './api.js';
export { parse } from './syntax/parser.js';
export type { ParseResult } from './syntax/parser.js';
export type * as Ast from './syntax/ast.js';
export { renderDiagnostic, renderDiagnostics } from './diagnostics/render.js';
export { check, checkFunctions } from './check.js';
export type { FunctionCheck } from './check.js';
export { functionsCalledBy, syntaxNodes } from './stored-functions.js';
export { bind } from './binder/binder.js';
export type { BindResult } from './binder/binder.js';
export { expressionResultName, UniqueNames, DefaultColumnNames, printColumnName, percentileNames, tupleColumns } from './binder/naming.js';
export { execute, prepare, run, bindCount } from './execute.js';
export type { Prepared, PrepareOutcome } from './execute.js';
export { explain } from './explain.js';
export type { ExplainOutcome } from './explain.js';
export type * from './scan.js';
export { isTableSource } from './scan.js';
