/**
 * Stored functions (api.ts StoredFunction): each is parsed once per object into a `Lambda`, the
 * same syntax node `let f = (params) { body }` gives, which the binder and the executor then
 * treat like a `let` function declared before the query. The parameters and the body are parsed
 * from their own texts, so every position (syntax error, binding error, run-time error) stays an
 * offset into the function's text; a diagnostic carries `function: {name, part}` to say so.
 */
import type { Diagnostic, StoredFunction } from './api.js';
import type * as A from './syntax/ast.js';
import { parseParameterList, parseRaw } from './syntax/parser.js';
import { D } from './diagnostics/catalog.js';
import { diag, place, type RawDiagnostic } from './diagnostics/make.js';
import { ExecError } from './exec/context.js';

export interface PreparedFunction {
  readonly fn: StoredFunction;
  readonly lambda: A.Lambda;
  /** Syntax errors in the parameters and the body, placed in their own texts. */
  readonly syntax: readonly Diagnostic[];
}

const prepared = new WeakMap<StoredFunction, PreparedFunction>();
const owners = new WeakMap<A.Lambda, StoredFunction>();

/** Places raw diagnostics of one part of a function's text and tags them with it. */
export function placeIn(fn: StoredFunction, part: 'parameters' | 'body', raws: readonly RawDiagnostic[]): Diagnostic[] {
  return place(fn[part], raws).map((d) => ({ ...d, function: { name: fn.name, part } }));
}

/** The function's lambda and syntax errors (parsed on first use of this object, then cached). */
export function prepareFunction(fn: StoredFunction): PreparedFunction {
  const hit = prepared.get(fn);
  if (hit) return hit;
  const params = parseParameterList(fn.parameters);
  const body = parseRaw(fn.body);
  const bodyDiags: RawDiagnostic[] = [...body.diagnostics];
  let statements = body.ast.statements;
  const last = statements[statements.length - 1];
  let result: A.Expr;
  if (last && last.kind === 'QueryStmt') { statements = statements.slice(0, -1); result = last.expr; }
  else {
    const end = fn.body.trimEnd().length;
    bodyDiags.push(diag(D.expected, end, end, 'the function\'s result expression as its last statement', 'end of query'));
    result = { kind: 'Missing', expected: 'function body', start: end, end };
  }
  const lambda: A.Lambda = {
    kind: 'Lambda', params: params.params, isView: false, start: 0, end: fn.body.length,
    body: { kind: 'FunctionBody', statements, result, start: 0, end: fn.body.length },
  };
  owners.set(lambda, fn);
  const p: PreparedFunction = { fn, lambda, syntax: [...placeIn(fn, 'parameters', params.diagnostics), ...placeIn(fn, 'body', bodyDiags)] };
  prepared.set(fn, p);
  return p;
}

/** The stored function a lambda node came from (undefined for a query's own `let` functions). */
export function storedFunctionOf(l: A.Lambda): StoredFunction | undefined { return owners.get(l); }

/**
 * Runs `f` (the evaluation of a stored function's body or parameter defaults); a run-time error
 * raised there, and not already placed in a deeper function, is placed in this function's text.
 */
export function inStoredFunction<T>(l: A.Lambda, part: 'parameters' | 'body', f: () => T): T {
  const fn = owners.get(l);
  if (!fn) return f();
  try { return f(); } catch (e) {
    if (e instanceof ExecError && !e.fn) { e.fn = fn; e.part = part; }
    throw e;
  }
}

/** Every syntax node below `n` (objects with a string `kind`), depth first. */
export function* syntaxNodes(n: unknown): Generator<{ kind: string } & Record<string, unknown>> {
  if (Array.isArray(n)) { for (const x of n) yield* syntaxNodes(x); return; }
  if (typeof n !== 'object' || n === null) return;
  const o = n as { kind?: unknown } & Record<string, unknown>;
  if (typeof o.kind === 'string') yield o as { kind: string } & Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) if (k !== 'kind' && typeof v === 'object') yield* syntaxNodes(v);
}

/**
 * The stored functions a syntax tree refers to, directly or through other stored functions
 * (a name or call spelled like a function counts: a column of that name is a false positive).
 */
export function functionsReferenced(root: unknown, functions: readonly StoredFunction[]): StoredFunction[] {
  const byName = new Map(functions.map((f) => [f.name, f]));
  const out: StoredFunction[] = [];
  const seen = new Set<string>();
  const visit = (n: unknown): void => {
    for (const x of syntaxNodes(n)) {
      const name = x.kind === 'Name' ? (x as unknown as A.Name).name : x.kind === 'Call' ? (x as unknown as A.Call).name.name : undefined;
      if (name === undefined || seen.has(name)) continue;
      const f = byName.get(name);
      if (!f) continue;
      seen.add(name);
      out.push(f);
      visit(prepareFunction(f).lambda);
    }
  };
  visit(root);
  return out;
}

/** The stored functions a query text calls, directly or through other stored functions. */
export function functionsCalledBy(query: string, functions: readonly StoredFunction[]): StoredFunction[] {
  if (!functions.length) return [];
  return functionsReferenced(parseRaw(query).ast, functions);
}

/** Syntax errors of the functions a script uses (the query cannot run while they stand). */
export function usedFunctionErrors(script: A.Script, functions: readonly StoredFunction[] | undefined): Diagnostic[] {
  if (!functions?.length) return [];
  return functionsReferenced(script, functions).flatMap((f) => prepareFunction(f).syntax.filter((d) => d.severity === 'error'));
}

