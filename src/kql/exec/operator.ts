/**
 * The shape of a tabular operator implementation: (operator node, input batch, environment) →
 * output batch. One operator per file in ./ops/.
 */
import type * as A from '../syntax/ast.js';
import type { Field } from '../data/column.js';
import type { Batch } from './batch.js';
import type { Env, QueryContext } from './context.js';
import type { Scope } from './expr.js';

export interface OpEnv {
  readonly env: Env;
  readonly ctx: QueryContext;
  /** The only output columns the consumer reads (undefined = all): join/lookup skip copying the rest. */
  readonly needed?: ReadonlySet<string>;
  /** Evaluates a tabular expression. */
  tabular(e: A.Expr, env: Env): Batch;
  isTabular(e: A.Expr, env: Env): boolean;
  /** A compile scope over these fields. */
  scope(fields: readonly Field[], env?: Env): Scope;
  /** Runs an operator on an input (used by operators built from others, e.g. mv-apply bodies). */
  apply(op: A.Operator, input: Batch, env: Env): Batch;
  /** Calls a user-defined tabular function; `input` (invoke) binds to its first parameter. */
  invoke(call: A.Call, input?: Batch): Batch;
}

export type OperatorImpl<K extends A.Operator['kind']> = (op: Extract<A.Operator, { kind: K }>, input: Batch, o: OpEnv) => Batch;

/** The value of an `OpParam` as text (`kind=inner` → "inner"), or undefined. */
export function paramText(params: readonly A.OpParam[], name: string): string | undefined {
  const p = params.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!p) return undefined;
  const v = p.value;
  if (v.kind === 'Name') return v.name;
  if (v.kind === 'Literal') return v.value === null ? undefined : String(v.value);
  return undefined;
}

/** Does a wildcard pattern (`Foo*`, `*Id`) match a name? A pattern without `*` matches exactly. */
export function patternMatches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(name);
}
