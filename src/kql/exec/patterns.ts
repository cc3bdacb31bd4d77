/**
 * `declare pattern` (pattern-statement.md): a pattern maps tuples of string arguments (and an
 * optional path value) to a query. An invocation `p("a").b`, `p("a").["b"]` or `p("a")` runs the
 * mapping whose values equal the invocation's (compared as text, exactly: no wildcards). An
 * invocation that no mapping matches — or of a pattern declared without a definition — is the
 * service's error SEM0036: "One or more pattern references were not declared. Detected pattern
 * references: [\"p('a').['b']\"]" (here KQL102, at the invocation).
 */
import type * as A from '../syntax/ast.js';
import { type Env, EXEC_CODES, type QueryContext, fail } from './context.js';
import { bindLet, compile, type Scope } from './expr.js';

const declared = new WeakMap<QueryContext, Map<string, A.PatternStmt>>();

/** Records a pattern statement for the rest of the query (a later declaration replaces it). */
export function declarePattern(ctx: QueryContext, st: A.PatternStmt): void {
  let m = declared.get(ctx);
  if (!m) declared.set(ctx, (m = new Map()));
  m.set(st.name.name, st);
}

export function isPatternCall(ctx: QueryContext, e: A.Expr): e is A.Call {
  return e.kind === 'Call' && declared.get(ctx)?.has(e.name.name) === true;
}

/** The query of the mapping an invocation selects, with the environment to run it in. */
export function patternQuery(ctx: QueryContext, call: A.Call, member: A.Name | undefined, env: Env, scope: Scope): { expr: A.Expr; env: Env } {
  const st = declared.get(ctx)!.get(call.name.name)!;
  const text = (e: A.Expr): string => {
    if (e.kind === 'Name') return e.name; // a path value written .["v"] or .v
    const c = compile(e, scope);
    if (!c.constant) fail(EXEC_CODES.badArgument, `a pattern argument must be a constant string`, e);
    return c.value === null ? '' : String(c.value);
  };
  const args = call.args.map(text);
  const path = member?.name;
  const quote = (s: string) => `'${s.replace(/'/g, "\\'")}'`;
  const ref = `${call.name.name}(${args.map(quote).join(',')})${path !== undefined ? `.[${quote(path)}]` : ''}`;
  const missing = () => fail(EXEC_CODES.unknownFunction, `One or more pattern references were not declared. Detected pattern references: ["${ref}"]`, member ? { start: call.start, end: member.end } : call);
  if (!st.mappings) return missing();
  if (st.params && args.length !== st.params.length) fail(EXEC_CODES.badArgument, `pattern '${st.name.name}' takes ${st.params.length} argument(s), got ${args.length}`, call);
  if (st.path && path === undefined) fail(EXEC_CODES.badArgument, `pattern '${st.name.name}' needs a path value: ${st.name.name}(…).${st.path.name.name}`, call);
  for (const m of st.mappings) {
    if (m.args.length !== args.length || !m.args.every((a, i) => text(a) === args[i])) continue;
    if ((m.path === undefined) !== (path === undefined)) continue;
    if (m.path !== undefined && text(m.path) !== path) continue;
    const inner = env.child();
    for (const s of m.body.statements) bindLet(s, inner);
    return { expr: m.body.result, env: inner };
  }
  return missing();
}
