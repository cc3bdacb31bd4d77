import type { Value } from '../kql/data.js';
import { type Column, type Table, NumberColumn, BoolColumn, StringColumn, ObjectColumn } from '../kql/data.js';
import { emptyColumn, isEmptyColumn } from '../store/empty.js';

/** A table as plain data for postMessage between threads, with its buffers in a transfer list. */
export interface PackedColumn { kind: Column['kind']; type: Column['type']; /** an empty column: no buffers cross */ empty?: boolean; data?: ArrayBufferView; nulls?: Uint8Array; codes?: Uint32Array; dict?: readonly string[]; values?: readonly Value[] }
export interface PackedTable { name: string; rowCount: number; fields: { name: string; column: PackedColumn }[] }

export function packTable(t: Table, transfer: ArrayBuffer[]): PackedTable {
  const take = <T extends ArrayBufferView>(a: T): T => {
    // Transfer only buffers the view owns whole; a shared one is copied by the structured clone.
    if (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer && !transfer.includes(a.buffer)) transfer.push(a.buffer);
    return a;
  };
  return {
    name: t.name, rowCount: t.rowCount,
    fields: t.fields.map((f) => {
      const c = f.column;
      if (isEmptyColumn(c)) return { name: f.name, column: { kind: c.kind, type: c.type, empty: true } };
      switch (c.kind) {
        case 'number': return { name: f.name, column: { kind: c.kind, type: c.type, data: take(c.data), nulls: c.nulls ? take(c.nulls) : undefined } };
        case 'bool': return { name: f.name, column: { kind: c.kind, type: c.type, data: take(c.data) } };
        case 'string': return { name: f.name, column: { kind: c.kind, type: c.type, codes: take(c.codes), dict: c.dict } };
        case 'object': return { name: f.name, column: { kind: c.kind, type: c.type, values: c.data } };
      }
    }),
  };
}

export function unpackTable(p: PackedTable): Table {
  return {
    name: p.name, rowCount: p.rowCount,
    fields: p.fields.map(({ name, column: c }) => {
      let col: Column;
      if (c.empty) return { name, column: emptyColumn(c.type, p.rowCount) };
      switch (c.kind) {
        case 'number': col = new NumberColumn(c.type, c.data as Float64Array, c.nulls); break;
        case 'bool': col = new BoolColumn(c.data as Uint8Array); break;
        case 'string': col = new StringColumn(c.codes!, c.dict!); break;
        default: col = new ObjectColumn(c.type, c.values!);
      }
      return { name, column: col };
    }),
  };
}
