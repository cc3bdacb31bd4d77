/**
 * The engine's front end as a public entry: parse, check (binding, types, output schema), stored
 * functions' own diagnostics, the diagnostics catalog and its text — without loading the executor
 * and the function implementations, so `cloudhop check` starts fast (it loads 38 of our modules
 * with this file, 98 with ./index.ts). `./index.ts` re-exports all of it with the rest of the API;
 * outside src/kql, import the engine from index.ts, frontend.ts or data.ts only
 * (test/arch/engine-api.test.ts).
 */
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
// ── diagnostics: the one catalog and the text form
export { CODES, codeEntry } from './diagnostics/catalog.js';
export type { CodeEntry, CodeArea } from './diagnostics/catalog.js';
export { renderDiagnostic, renderDiagnostics } from './diagnostics/render.js';
