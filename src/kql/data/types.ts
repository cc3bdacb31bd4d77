/**
 * Kusto scalar types and their JavaScript representation. This file is the contract between
 * every layer that produces or consumes engine values (ingest, store, executor, CLI output).
 *
 * Representation of one value ("boxed" form, as returned by Column.get and accepted by builders):
 * - null            → null (every type but string may be null)
 * - bool            → boolean
 * - int, long, real, decimal → number (decimal is stored as real)
 * - long beyond ±(2^53 − 1) → bigint, exact, where the value comes from an exact source (hash,
 *   hash_combine, hash_many, the bitwise functions, long arithmetic on such values); a long within
 *   the range is always a number (canonical: `exactLong`), so equal longs are equal JS values.
 *   Columns keep the float64 approximation for their typed kernels and the exact values beside it
 *   (NumberColumn.big). Dynamic values hold numbers only: a bigint put into a dynamic becomes its
 *   nearest float (docs/conformance/docs-examples.md, "exact 64-bit long").
 * - string          → string; Kusto strings have no null: a missing string is ""
 * - datetime        → number: 100-ns ticks since 1970-01-01T00:00:00Z (Kusto's tick unit), UTC.
 *                     A float64 holds ticks exactly until 1998 and to 200 ns until 2027, 400 ns after:
 *                     sub-microsecond precision is kept, the 7th fractional digit may round.
 * - timespan        → number: 100-ns ticks
 * - guid            → string, lowercase canonical 8-4-4-4-12 form
 * - dynamic         → the parsed JSON value (object, array, string, number, boolean); null for null
 */
export type ScalarType =
  | 'bool' | 'int' | 'long' | 'real' | 'decimal' | 'string' | 'datetime' | 'timespan' | 'guid' | 'dynamic';

export const SCALAR_TYPES: readonly ScalarType[] = [
  'bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid', 'dynamic',
];

export type DynamicValue = null | boolean | number | string | DynamicValue[] | { [key: string]: DynamicValue };
export type Value = null | boolean | number | bigint | string | DynamicValue;

/** A 64-bit integer in the canonical boxed form: a number within ±(2^53 − 1), else an exact bigint. */
export function exactLong(x: bigint): number | bigint {
  const v = BigInt.asIntN(64, x);
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** A value for a dynamic: a bigint becomes its nearest float (dynamic holds JSON numbers). */
export function dynamicNumber(v: Value): DynamicValue {
  return typeof v === 'bigint' ? Number(v) : v;
}

/** Types whose values are numbers in the boxed form and a Float64Array in columns. */
export function isNumericStorage(t: ScalarType): boolean {
  return t === 'int' || t === 'long' || t === 'real' || t === 'decimal' || t === 'datetime' || t === 'timespan';
}

export function isScalarType(s: string): s is ScalarType {
  return (SCALAR_TYPES as readonly string[]).includes(s);
}

/** Type-name aliases Kusto accepts in schemas and casts (`boolean`, `double`, `date`, `time`, `uniqueid`…). */
export const TYPE_ALIASES: Readonly<Record<string, ScalarType>> = {
  bool: 'bool', boolean: 'bool', int: 'int', int32: 'int', long: 'long', int64: 'long',
  real: 'real', double: 'real', float: 'real', decimal: 'decimal', string: 'string',
  datetime: 'datetime', date: 'datetime', timespan: 'timespan', time: 'timespan',
  guid: 'guid', uniqueid: 'guid', dynamic: 'dynamic',
};

export function normalizeTypeName(s: string): ScalarType | undefined {
  return TYPE_ALIASES[s.trim().toLowerCase()];
}

export const TICKS_PER_MS = 10_000;
export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_DAY = 864_000_000_000;

export interface ColumnSchema { readonly name: string; readonly type: ScalarType; readonly description?: string }
export interface TableSchema { readonly name: string; readonly columns: readonly ColumnSchema[] }
