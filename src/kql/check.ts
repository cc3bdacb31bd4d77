/**
 * check(): parse + bind a query and return its diagnostics and output schema (the front end's
 * public entry point, see api.ts). Never throws on input.
 */
import type { Catalog, CheckOptions, CheckResult } from './api.js';
import { bind } from './binder/binder.js';
import { toSchema } from './binder/scope.js';
import { LineMap, place } from './diagnostics/make.js';
import { parseRaw } from './syntax/parser.js';

const EMPTY_CATALOG: Catalog = { tables: new Map() };

/** Binder codes about the shape of the query (table vs scalar): noise after a syntax error. */
const STRUCTURAL = new Set(['KQL206', 'KQL207']);

export function check(text: string, options: CheckOptions = {}): CheckResult {
  const parsed = parseRaw(text);
  const map = new LineMap(text);
  if (options.syntaxOnly) {
    const diagnostics = place(text, parsed.diagnostics, map);
    return { ok: !diagnostics.some((d) => d.severity === 'error'), diagnostics };
  }
  const bound = bind(parsed.ast, options.catalog ?? EMPTY_CATALOG);
  // Binding errors over text the parser already rejected are consequences of the syntax error:
  // drop those whose span contains a syntax error, and structural ones once the syntax is broken.
  const syntaxAt = parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.start);
  const semantic = syntaxAt.length === 0 ? bound.diagnostics : bound.diagnostics.filter((d) =>
    !STRUCTURAL.has(d.code) && !syntaxAt.some((s) => s >= d.start && s < d.end));
  const diagnostics = place(text, [...parsed.diagnostics, ...semantic], map);
  return {
    ok: !diagnostics.some((d) => d.severity === 'error'),
    diagnostics,
    schema: bound.result ? toSchema(bound.result) : undefined,
  };
}
