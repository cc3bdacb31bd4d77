import type { ScalarType, Value } from '../kql/data/types.js';
import { isNumericStorage } from '../kql/data/types.js';
import { type Column, NumberColumn, BoolColumn, StringColumn, ObjectColumn } from '../kql/data/column.js';

/**
 * A column builder over growable typed arrays (the kql ColumnBuilder keeps JS number arrays,
 * 8 bytes a slot before the final copy; ingestion of millions of rows needs the typed form from
 * the start so that memory stays near the size of the finished columns). Values are boxed
 * (types.ts) and already of the builder's type.
 */
export class GrowingColumn {
  private f64: Float64Array = new Float64Array(0);
  private u8: Uint8Array = new Uint8Array(0);
  private u32: Uint32Array = new Uint32Array(0);
  private nulls: Uint8Array | undefined;
  private dict: string[] = [];
  private dictIndex = new Map<string, number>();
  private objs: Value[] = [];
  private n = 0;
  private readonly storage: 'number' | 'bool' | 'string' | 'object';

  constructor(readonly type: ScalarType, capacity = 1024) {
    this.storage = isNumericStorage(type) ? 'number' : type === 'bool' ? 'bool' : type === 'string' ? 'string' : 'object';
    if (this.storage === 'number') this.f64 = new Float64Array(capacity);
    else if (this.storage === 'bool') this.u8 = new Uint8Array(capacity);
    else if (this.storage === 'string') this.u32 = new Uint32Array(capacity);
  }

  get length(): number { return this.n; }

  private grow(): void {
    const cap = Math.max(1024, this.n * 2);
    if (this.storage === 'number') {
      const a = new Float64Array(cap); a.set(this.f64); this.f64 = a;
      if (this.nulls) { const b = new Uint8Array(cap); b.set(this.nulls); this.nulls = b; }
    } else if (this.storage === 'bool') { const a = new Uint8Array(cap); a.set(this.u8); this.u8 = a; }
    else { const a = new Uint32Array(cap); a.set(this.u32); this.u32 = a; }
  }

  push(v: Value): void {
    const i = this.n;
    switch (this.storage) {
      case 'number':
        if (i >= this.f64.length) this.grow();
        if (typeof v === 'number') this.f64[i] = v;
        else {
          if (!this.nulls) this.nulls = new Uint8Array(this.f64.length);
          this.nulls[i] = 1;
        }
        break;
      case 'bool':
        if (i >= this.u8.length) this.grow();
        this.u8[i] = v === null || v === undefined ? 2 : v ? 1 : 0;
        break;
      case 'string': {
        if (i >= this.u32.length) this.grow();
        const s = typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v);
        let c = this.dictIndex.get(s);
        if (c === undefined) { c = this.dict.length; this.dict.push(s); this.dictIndex.set(s, c); }
        this.u32[i] = c;
        break;
      }
      default:
        this.objs.push(v === undefined ? null : v);
    }
    this.n = i + 1;
  }

  /** Appends `count` nulls ("" for strings). */
  pushNulls(count: number): void { for (let k = 0; k < count; k++) this.push(null); }

  finish(): Column {
    const n = this.n;
    switch (this.storage) {
      case 'number': return new NumberColumn(this.type, this.f64.slice(0, n), this.nulls ? this.nulls.slice(0, n) : undefined);
      case 'bool': return new BoolColumn(this.u8.slice(0, n));
      case 'string': return new StringColumn(this.u32.slice(0, n), this.dict);
      default: return new ObjectColumn(this.type, this.objs);
    }
  }
}
