/**
 * Empty columns (every value null; "" for strings): what most columns of a log schema are in a
 * given export. Columns are immutable, so every empty column of one length shares its buffers —
 * a table with 60 empty columns costs one set of buffers, not 60 — and writers recognise them
 * (an Arrow Null column on disk, nothing at all between threads). No Arrow import here: the
 * ingest workers use this module.
 */
import type { ScalarType, Value } from '../kql/data.js';
import { type Column, NumberColumn, BoolColumn, StringColumn, ObjectColumn } from '../kql/data.js';

/** The dictionary of every empty string column, so concatenating them is a plain copy. */
export const EMPTY_DICT: readonly string[] = Object.freeze(['']);

const emptyColumns = new WeakSet<Column>();

const shared = new Map<string, unknown>();
function sharedBuffer<T>(key: string, n: number, make: () => T): T {
  const k = `${key}:${n}`;
  let b = shared.get(k) as T | undefined;
  if (b === undefined) { if (shared.size > 32) shared.clear(); b = make(); shared.set(k, b); }
  return b;
}

/** A column of n empty values of `type`, on shared buffers (never write into them). */
export function emptyColumn(type: ScalarType, n: number): Column {
  let c: Column;
  if (type === 'string') c = new StringColumn(sharedBuffer('u32', n, () => new Uint32Array(n)), EMPTY_DICT);
  else if (type === 'bool') c = new BoolColumn(sharedBuffer('bool', n, () => new Uint8Array(n).fill(2)));
  else if (type === 'guid' || type === 'dynamic') c = new ObjectColumn(type, sharedBuffer('obj', n, () => Object.freeze(new Array<Value>(n).fill(null))));
  else c = new NumberColumn(type, sharedBuffer('f64', n, () => new Float64Array(n)), sharedBuffer('nulls', n, () => new Uint8Array(n).fill(1)));
  emptyColumns.add(c);
  return c;
}

/** True for a column made by emptyColumn (read from an Arrow Null column, or never written). */
export function isEmptyColumn(c: Column): boolean { return emptyColumns.has(c); }
