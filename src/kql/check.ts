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

export function check(text: string, options: CheckOptions = {}): CheckResult {
  const parsed = parseRaw(text);
  const map = new LineMap(text);
  if (options.syntaxOnly) {
    const diagnostics = place(text, parsed.diagnostics, map);
    return { ok: !diagnostics.some((d) => d.severity === 'error'), diagnostics };
  }
  const bound = bind(parsed.ast, options.catalog ?? EMPTY_CATALOG);
  // Binding errors inside text the parser already rejected are usually consequences: keep the parser's.
  const diagnostics = place(text, [...parsed.diagnostics, ...bound.diagnostics], map);
  return {
    ok: !diagnostics.some((d) => d.severity === 'error'),
    diagnostics,
    schema: bound.result ? toSchema(bound.result) : undefined,
  };
}
