/**
 * check(): parse + bind a query and return its diagnostics and output schema (the front end's
 * public entry point, see api.ts). Never throws on input.
 */
import type { Catalog, CheckOptions, CheckResult, Diagnostic, StoredFunction } from './api.js';
import { bind, bindFunction, type BindResult } from './binder/binder.js';
import { placeIn, prepareFunction } from './stored-functions.js';
import { toSchema } from './binder/scope.js';
import { LineMap, place, type RawDiagnostic } from './diagnostics/make.js';
import { parseRaw } from './syntax/parser.js';

const EMPTY_CATALOG: Catalog = { tables: new Map() };

/** Binder codes about the shape of the query (table vs scalar): noise after a syntax error. */
const STRUCTURAL = new Set(['KQL206', 'KQL207']);

export function check(text: string, options: CheckOptions = {}): CheckResult {
  const parsed = parseRaw(text);
  if (options.syntaxOnly) {
    const diagnostics = place(text, parsed.diagnostics);
    return { ok: !diagnostics.some((d) => d.severity === 'error'), diagnostics };
  }
  return checkResult(text, parsed.diagnostics, bind(parsed.ast, options.catalog ?? EMPTY_CATALOG));
}

/**
 * check()'s result from a parse and a bind already made (prepare() binds once and reports this,
 * so a caller that checks a query and then runs it binds it once: detect's replay).
 */
export function checkResult(text: string, syntax: readonly RawDiagnostic[], bound: BindResult): CheckResult {
  // Binding errors over text the parser already rejected are consequences of the syntax error:
  // drop those whose span contains a syntax error, and structural ones once the syntax is broken.
  const syntaxAt = syntax.filter((d) => d.severity === 'error').map((d) => d.start);
  const semantic = syntaxAt.length === 0 ? bound.diagnostics : bound.diagnostics.filter((d) =>
    !STRUCTURAL.has(d.code) && !syntaxAt.some((s) => s >= d.start && s < d.end));
  const diagnostics = place(text, [...syntax, ...semantic], new LineMap(text));
  return {
    ok: !diagnostics.some((d) => d.severity === 'error'),
    diagnostics,
    schema: bound.result ? toSchema(bound.result) : undefined,
    ...(bound.result?.open ? { open: true } : {}),
  };
}

/** What checkFunctions finds in one stored function. */
export interface FunctionCheck {
  readonly name: string;
  readonly ok: boolean;
  /** Each tagged with `function: {name, part}`: offsets and line:col are in that part's text. */
  readonly diagnostics: readonly Diagnostic[];
  /** Output columns of a tabular function, when clean. */
  readonly schema?: CheckResult['schema'];
}

/**
 * Checks stored functions on their own: syntax of the parameters and body, then binding of the
 * body with the declared parameter types against the catalog's tables (the other functions of
 * the list in scope). Never throws.
 */
export function checkFunctions(functions: readonly StoredFunction[], catalog: Catalog = EMPTY_CATALOG): FunctionCheck[] {
  const cat: Catalog = { ...catalog, functions };
  return functions.map((fn) => {
    const p = prepareFunction(fn);
    if (p.syntax.some((d) => d.severity === 'error')) return { name: fn.name, ok: false, diagnostics: p.syntax };
    const b = bindFunction(p.lambda, cat);
    const diagnostics = [...p.syntax, ...placeIn(fn, 'parameters', b.parameters), ...placeIn(fn, 'body', b.body)];
    return { name: fn.name, ok: !diagnostics.some((d) => d.severity === 'error'), diagnostics, ...(b.result ? { schema: toSchema(b.result) } : {}) };
  });
}
