/** Small operators: as, serialize, invoke, getschema, render, consume, execute-and-cache, assert-schema. */
import type { OperatorImpl } from '../operator.js';
import { columnFromValues, compact, rowIds } from '../batch.js';
import { extendItems } from './extend.js';
import { EXEC_CODES, fail } from '../context.js';

export const as: OperatorImpl<'As'> = (op, input, o) => { o.ctx.asTables.set(op.name.name, input); return input; };

export const serialize: OperatorImpl<'Serialize'> = (op, input, o) => (op.items.length ? extendItems(op.items, input, o) : input);

const DOTNET: Record<string, string> = {
  bool: 'System.SByte', int: 'System.Int32', long: 'System.Int64', real: 'System.Double', decimal: 'System.Data.SqlTypes.SqlDecimal',
  string: 'System.String', datetime: 'System.DateTime', timespan: 'System.TimeSpan', guid: 'System.Guid', dynamic: 'System.Object',
};

export const getSchema: OperatorImpl<'GetSchema'> = (_op, input) => {
  const f = input.fields;
  return {
    fields: [
      { name: 'ColumnName', column: columnFromValues('string', f.map((x) => x.name)) },
      { name: 'ColumnOrdinal', column: columnFromValues('int', f.map((_, i) => i)) },
      { name: 'DataType', column: columnFromValues('string', f.map((x) => DOTNET[x.column.type] ?? 'System.Object')) },
      { name: 'ColumnType', column: columnFromValues('string', f.map((x) => x.column.type)) },
    ],
    physLen: f.length,
  };
};

export const render: OperatorImpl<'Render'> = (_op, input) => input;
export const consume: OperatorImpl<'Consume'> = (_op, input) => ({ fields: input.fields.map((f) => ({ name: f.name, column: columnFromValues(f.column.type, []) })), physLen: 0 });
export const executeAndCache: OperatorImpl<'ExecuteAndCache'> = (_op, input) => input;
export const assertSchema: OperatorImpl<'AssertSchema'> = (op, input) => {
  for (const c of op.schema.columns) {
    const f = input.fields.find((x) => x.name === c.name.name);
    if (!f || (c.type.type && f.column.type !== c.type.type)) fail(EXEC_CODES.typeMismatch, `assert-schema: column '${c.name.name}' missing or of another type`, c);
  }
  return input;
};

export const invoke: OperatorImpl<'Invoke'> = (op, input, o) => {
  const call = op.call;
  if (call.kind !== 'Call') return fail(EXEC_CODES.badArgument, 'invoke needs a function call', call);
  return o.invoke(call, compact(input));
};
void rowIds;
