import { type ScalarType, type Value, type DynamicValue, type ColumnSchema, isNumericStorage } from './types.js';

/**
 * Columns are immutable once built. Four storage kinds:
 * - NumberColumn: Float64Array + optional null bitmap (int, long, real, decimal, datetime, timespan)
 * - BoolColumn:   Uint8Array, 0 = false, 1 = true, 2 = null
 * - StringColumn: dictionary-encoded (codes into a table of distinct strings); no nulls
 * - ObjectColumn: plain array of values (guid as string or null, dynamic as JSON value or null)
 */
export type Column = NumberColumn | BoolColumn | StringColumn | ObjectColumn;

export class NumberColumn {
  readonly kind = 'number' as const;
  constructor(
    readonly type: ScalarType,
    readonly data: Float64Array,
    /** nulls[i] === 1 marks a null; undefined when the column has no nulls. */
    readonly nulls: Uint8Array | undefined,
    /**
     * Long columns only: the exact values of the rows beyond ±(2^53 − 1) (types.ts), by row;
     * data[i] holds their nearest float for the typed kernels. Undefined in almost every column.
     */
    readonly big?: ReadonlyMap<number, bigint>,
  ) {}
  get length(): number { return this.data.length; }
  get(i: number): number | bigint | null {
    if (this.nulls !== undefined && this.nulls[i] === 1) return null;
    if (this.big !== undefined) { const b = this.big.get(i); if (b !== undefined) return b; }
    return this.data[i]!;
  }
}

export class BoolColumn {
  readonly kind = 'bool' as const;
  readonly type = 'bool' as const;
  constructor(readonly data: Uint8Array) {}
  get length(): number { return this.data.length; }
  get(i: number): boolean | null { const v = this.data[i]; return v === 2 ? null : v === 1; }
}

export class StringColumn {
  readonly kind = 'string' as const;
  readonly type = 'string' as const;
  constructor(
    /** codes[i] indexes dict. */
    readonly codes: Uint32Array,
    /** The distinct strings; need not be sorted; may hold unused entries. */
    readonly dict: readonly string[],
  ) {}
  get length(): number { return this.codes.length; }
  get(i: number): string { return this.dict[this.codes[i]!]!; }
}

export class ObjectColumn {
  readonly kind = 'object' as const;
  constructor(readonly type: ScalarType, readonly data: readonly Value[]) {}
  get length(): number { return this.data.length; }
  get(i: number): Value { const v = this.data[i]; return v === undefined ? null : v; }
}

/** A named column of a table. */
export interface Field { readonly name: string; readonly column: Column }

/** An in-memory table: named, typed columns of equal length. */
export interface Table {
  readonly name: string;
  readonly fields: readonly Field[];
  readonly rowCount: number;
}

export function schemaOf(t: Table): ColumnSchema[] {
  return t.fields.map((f) => ({ name: f.name, type: f.column.type }));
}

/** Appends boxed values of one type and builds the matching column kind. */
export class ColumnBuilder {
  private nums: number[] = [];
  private nullIdx: number[] = [];
  private codes: number[] = [];
  private dict: string[] = [];
  private dictIndex = new Map<string, number>();
  private objs: Value[] = [];
  private n = 0;
  constructor(readonly type: ScalarType) {}

  get length(): number { return this.n; }

  /** Appends a value already in the boxed form of this.type (see types.ts). */
  push(v: Value): void {
    const t = this.type;
    if (isNumericStorage(t)) {
      if (typeof v === 'bigint') this.nums.push(Number(v)); // a builder keeps the float (ingest never makes bigints)
      else if (v === null || typeof v !== 'number') { this.nullIdx.push(this.n); this.nums.push(0); }
      else this.nums.push(v);
    } else if (t === 'bool') {
      this.nums.push(v === null ? 2 : v ? 1 : 0);
    } else if (t === 'string') {
      const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
      let c = this.dictIndex.get(s);
      if (c === undefined) { c = this.dict.length; this.dict.push(s); this.dictIndex.set(s, c); }
      this.codes.push(c);
    } else {
      this.objs.push(v === undefined ? null : v);
    }
    this.n++;
  }

  finish(): Column {
    const t = this.type;
    if (isNumericStorage(t)) {
      let nulls: Uint8Array | undefined;
      if (this.nullIdx.length > 0) { nulls = new Uint8Array(this.n); for (const i of this.nullIdx) nulls[i] = 1; }
      return new NumberColumn(t, Float64Array.from(this.nums), nulls);
    }
    if (t === 'bool') return new BoolColumn(Uint8Array.from(this.nums));
    if (t === 'string') return new StringColumn(Uint32Array.from(this.codes), this.dict);
    return new ObjectColumn(t, this.objs);
  }
}

/** Builds a table from boxed rows (objects keyed by column name) against a schema. */
export function tableFromRows(name: string, schema: readonly ColumnSchema[], rows: Iterable<Record<string, Value>>): Table {
  const builders = schema.map((c) => new ColumnBuilder(c.type));
  let n = 0;
  for (const r of rows) {
    for (let j = 0; j < schema.length; j++) builders[j]!.push(r[schema[j]!.name] ?? null);
    n++;
  }
  return { name, rowCount: n, fields: schema.map((c, j) => ({ name: c.name, column: builders[j]!.finish() })) };
}

export function dynamicOf(v: unknown): DynamicValue { return v === undefined ? null : (v as DynamicValue); }
