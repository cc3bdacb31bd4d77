/**
 * `evaluate plugin(args)`: bag_unpack(column [, prefix] [, columnsConflict] [, ignoredProperties])
 * and narrow(); other plugins are reported as unsupported.
 */
import type { Value } from '../../data/types.js';
import type { Field } from '../../data/column.js';
import type { Batch } from '../batch.js';
import type { OpEnv } from '../operator.js';
import type * as A from '../../syntax/ast.js';
import { compile, evalColumn } from '../expr.js';
import { columnFromValues, compact, rowIds } from '../batch.js';
import { EXEC_CODES, fail } from '../context.js';
import { uniqueName } from '../names.js';
import { textValue } from '../format.js';

function bagUnpack(call: A.Call, input: Batch, o: OpEnv): Batch {
  const b = compact(input);
  const rows = rowIds(b);
  const s = o.scope(b.fields);
  const a0 = call.args[0];
  if (!a0) return fail(EXEC_CODES.badArgument, 'bag_unpack needs a dynamic column', call);
  const c = compile(a0.kind === 'NamedArg' ? a0.value : a0, s);
  const col = evalColumn(c, rows);
  const prefixArg = call.args[1] ? compile(call.args[1].kind === 'NamedArg' ? call.args[1].value : call.args[1], s) : undefined;
  const prefix = prefixArg?.constant && typeof prefixArg.value === 'string' ? prefixArg.value : '';
  const keys: string[] = []; const seen = new Set<string>();
  for (let r = 0; r < b.physLen; r++) {
    const v = col.get(r);
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const k of Object.keys(v)) if (!seen.has(k)) { seen.add(k); keys.push(k); }
  }
  const srcName = a0.kind === 'Name' ? a0.name : undefined;
  const fields: Field[] = b.fields.filter((f) => f.name !== srcName);
  const taken = new Set(fields.map((f) => f.name));
  for (const k of keys) {
    const vals: Value[] = new Array(b.physLen);
    for (let r = 0; r < b.physLen; r++) {
      const v = col.get(r);
      vals[r] = v && typeof v === 'object' && !Array.isArray(v) ? ((v as Record<string, Value>)[k] ?? null) : null;
    }
    const name = uniqueName(prefix + k, taken); taken.add(name);
    fields.push({ name, column: columnFromValues('dynamic', vals) });
  }
  return { fields, physLen: b.physLen };
}

function narrow(input: Batch): Batch {
  const b = compact(input);
  const row: Value[] = [], col: Value[] = [], val: Value[] = [];
  for (let r = 0; r < b.physLen; r++) for (const f of b.fields) { row.push(r); col.push(f.name); val.push(textValue(f.column.get(r), f.column.type)); }
  return { fields: [{ name: 'Row', column: columnFromValues('int', row) }, { name: 'Column', column: columnFromValues('string', col) }, { name: 'Value', column: columnFromValues('string', val) }], physLen: row.length };
}

export function evaluate(op: A.EvaluateOp, input: Batch | undefined, o: OpEnv): Batch {
  const call = op.call;
  if (call.kind !== 'Call') return fail(EXEC_CODES.badArgument, 'evaluate needs a plugin call', call);
  const name = call.name.name;
  if (name === 'bag_unpack' && input) return bagUnpack(call, input, o);
  if (name === 'narrow' && input) return narrow(input);
  return fail(EXEC_CODES.unsupported, `plugin '${name}' is not supported`, call.name);
}
