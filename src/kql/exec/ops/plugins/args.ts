/**
 * Argument access shared by the `evaluate` plugins of this folder: a plugin's positional
 * arguments are either columns of its input (evaluated over every row) or constants (folded once).
 */
import type { Value, ScalarType } from '../../../data/types.js';
import type { Column } from '../../../data/column.js';
import type * as A from '../../../syntax/ast.js';
import type { Batch } from '../../batch.js';
import type { OpEnv } from '../../operator.js';
import { compact, rowIds } from '../../batch.js';
import { compile, evalColumn } from '../../expr.js';
import { EXEC_CODES, fail } from '../../context.js';

export interface PluginArgs {
  /** The compacted input. */
  readonly input: Batch;
  readonly call: A.Call;
  /** Positional arguments (named ones excluded). */
  readonly args: readonly A.Expr[];
  /** Argument i evaluated over every input row, with its result name (a column's name) and type. */
  column(i: number, what: string): { name: string; type: ScalarType; column: Column };
  /** Argument i as a row-independent value; `fallback` when absent (an error when there is none). */
  constant(i: number, what: string, fallback?: Value): Value;
  /** Argument i as a number (datetime/timespan: ticks). */
  number(i: number, what: string, fallback?: number): number;
}

export function pluginArgs(call: A.Call, input: Batch, o: OpEnv): PluginArgs {
  const b = compact(input);
  const rows = rowIds(b);
  const s = o.scope(b.fields);
  const args = call.args.filter((a) => a.kind !== 'NamedArg');
  const name = call.name.name;
  const need = (i: number, what: string): A.Expr => args[i] ?? fail(EXEC_CODES.badArgument, `${name}: argument ${i + 1} (${what}) is missing`, call);
  const self: PluginArgs = {
    input: b, call, args,
    column(i, what) {
      const e = need(i, what);
      const c = compile(e, s);
      const col = evalColumn(c, rows);
      return { name: e.kind === 'Name' ? e.name : `${what}`, type: c.type, column: col };
    },
    constant(i, what, fallback) {
      if (!args[i] && fallback !== undefined) return fallback;
      const e = need(i, what);
      const c = compile(e, o.scope([]));
      if (!c.constant) return fail(EXEC_CODES.badArgument, `${name}: ${what} must be a constant`, e);
      return c.value ?? null;
    },
    number(i, what, fallback) {
      const v = self.constant(i, what, fallback);
      if (typeof v !== 'number') return fail(EXEC_CODES.badArgument, `${name}: ${what} must be a number, datetime or timespan`, args[i] ?? call);
      return v;
    },
  };
  return self;
}

/** Groups row ids by the values of `dims` (in first-appearance order). */
export function groupRows(n: number, dims: readonly Column[]): { key: Value[]; rows: number[] }[] {
  const groups = new Map<string, { key: Value[]; rows: number[] }>();
  for (let r = 0; r < n; r++) {
    const key = dims.map((d) => d.get(r));
    const k = JSON.stringify(key);
    let g = groups.get(k);
    if (!g) { g = { key, rows: [] }; groups.set(k, g); }
    g.rows.push(r);
  }
  if (n === 0 && dims.length === 0) return [];
  return [...groups.values()];
}
