import type { ScalarType, Value } from '../kql/data.js';
import { isNumericStorage } from '../kql/data.js';
import { type Column, NumberColumn, BoolColumn, StringColumn, ObjectColumn } from '../kql/data.js';
import { emptyColumn } from '../store/empty.js';

/**
 * A column built by position over growable typed arrays. Rows never written hold the empty value
 * (null; "" for strings), so a record touches only the columns it has: a 75-column schema costs a
 * sparse record 14 writes, not 75. Values are boxed (types.ts) and already of the column's type.
 * (The kql ColumnBuilder keeps JS number arrays, 8 bytes a slot before the final copy; ingestion of
 * millions of rows needs the typed form from the start so memory stays near the finished size.)
 */
export class GrowingColumn {
  private f64: Float64Array = new Float64Array(0);
  private u8: Uint8Array = new Uint8Array(0);
  private u32: Uint32Array = new Uint32Array(0);
  /** number columns: 1 where a non-null value was written. */
  private present: Uint8Array = new Uint8Array(0);
  private readonly dict: string[] = [''];
  private readonly dictIndex = new Map<string, number>([['', 0]]);
  /** dict[0, indexed) are in dictIndex; entries past it came from internFresh and are indexed on first need. */
  private indexed = 1;
  /** True once a string was added other than through internFresh (then fresh strings are looked up). */
  private looked = false;
  private objs: Value[] = [];
  private cap = 0;
  /** The last string written and its code: log columns repeat values in runs. */
  private lastStr = '';
  private lastCode = 0;
  readonly storage: 'number' | 'bool' | 'string' | 'object';

  /** No storage is allocated before the first value that is not empty: most schema columns of a log stay empty. */
  /** `capacity`: rows to allocate at the first value (a known bound avoids regrowth garbage). */
  constructor(readonly type: ScalarType, private readonly capacity = 0) {
    this.storage = isNumericStorage(type) ? 'number' : type === 'bool' ? 'bool' : type === 'string' ? 'string' : 'object';
  }

  private reserve(cap: number): void {
    if (cap <= this.cap) return;
    switch (this.storage) {
      case 'number': {
        const a = new Float64Array(cap); a.set(this.f64); this.f64 = a;
        const p = new Uint8Array(cap); p.set(this.present); this.present = p;
        break;
      }
      case 'bool': { const a = new Uint8Array(cap).fill(2); a.set(this.u8); this.u8 = a; break; }
      case 'string': { const a = new Uint32Array(cap); a.set(this.u32); this.u32 = a; break; }
      default: break;
    }
    this.cap = cap;
  }

  /** Writes a non-empty string to row i of a string column (the hot path of JSON ingestion). */
  setString(i: number, s: string): void {
    if (i >= this.cap) this.reserve(Math.max(this.cap === 0 ? this.capacity : 0, 4096, i + 1, Math.floor(this.cap * 1.5)));
    if (s === this.lastStr) { this.u32[i] = this.lastCode; return; }
    const c = this.internString(s);
    this.u32[i] = c;
    this.lastStr = s; this.lastCode = c;
  }

  /** The dictionary code of a non-empty string (added when new), for writers that map codes in bulk. */
  internString(s: string): number {
    if (this.indexed < this.dict.length) this.indexAll();
    let c = this.dictIndex.get(s);
    if (c === undefined) { c = this.dict.length; this.dict.push(s); this.dictIndex.set(s, c); this.indexed++; this.looked = true; }
    return c;
  }

  /**
   * Codes of `fresh[j]` into `remap[at + j]`: non-empty strings distinct from each other and from
   * every string this column got from earlier internFresh calls (the native reader's new dictionary
   * entries). While every string came that way they are appended without a hash lookup (the
   * native reader already deduplicated them; the index is built if another path needs it).
   */
  internFresh(fresh: readonly string[], remap: Int32Array, at: number): void {
    if (this.looked) { for (let j = 0; j < fresh.length; j++) remap[at + j] = this.internString(fresh[j]!); return; }
    for (let j = 0; j < fresh.length; j++) { remap[at + j] = this.dict.length; this.dict.push(fresh[j]!); }
  }

  private indexAll(): void {
    for (let k = this.indexed; k < this.dict.length; k++) this.dictIndex.set(this.dict[k]!, k);
    this.indexed = this.dict.length;
  }

  /** Writes a dictionary code (from internString) to row i of a string column. */
  setCode(i: number, code: number): void {
    if (i >= this.cap) this.reserve(Math.max(this.cap === 0 ? this.capacity : 0, 4096, i + 1, Math.floor(this.cap * 1.5)));
    this.u32[i] = code;
  }

  /** Writes codes[k] mapped by remap (0 stays empty) to rows row0 + k, k < rows: the native reader's batch. */
  setCodes(row0: number, codes: Uint32Array, remap: Int32Array, rows: number): void {
    const end = row0 + rows;
    if (end > this.cap) this.reserve(Math.max(this.cap === 0 ? this.capacity : 0, 4096, end, Math.floor(this.cap * 1.5)));
    const u = this.u32;
    for (let k = 0; k < rows; k++) { const c = codes[k]!; if (c !== 0) u[row0 + k] = remap[c]!; }
  }

  /** Writes nums[k] where flags[k] is 1 to rows row0 + k, k < rows: the native reader's batch. */
  setNumbers(row0: number, nums: Float64Array, flags: Uint8Array, rows: number): void {
    const end = row0 + rows;
    if (end > this.cap) this.reserve(Math.max(this.cap === 0 ? this.capacity : 0, 4096, end, Math.floor(this.cap * 1.5)));
    const f = this.f64, pr = this.present;
    for (let k = 0; k < rows; k++) if (flags[k] === 1) { f[row0 + k] = nums[k]!; pr[row0 + k] = 1; }
  }

  /** Writes a number to row i of a number column. */
  setNumber(i: number, x: number): void {
    if (i >= this.cap) this.reserve(Math.max(this.cap === 0 ? this.capacity : 0, 4096, i + 1, Math.floor(this.cap * 1.5)));
    this.f64[i] = x; this.present[i] = 1;
  }

  /** Row i back to empty (a record rejected after some of its fields were written). */
  clear(i: number): void {
    if (this.storage === 'object') { if (i < this.objs.length) this.objs[i] = null; return; }
    if (i >= this.cap) return;
    switch (this.storage) {
      case 'number': this.present[i] = 0; break;
      case 'bool': this.u8[i] = 2; break;
      case 'string': this.u32[i] = 0; break;
    }
  }

  /** The number at row i of a number column, or null. */
  getNumber(i: number): number | null { return i < this.cap && this.present[i] === 1 ? this.f64[i]! : null; }

  /** The boxed value at row i (null when empty; "" for an empty string). */
  peek(i: number): Value {
    switch (this.storage) {
      case 'number': return this.getNumber(i);
      case 'bool': return i < this.cap && this.u8[i] !== 2 ? this.u8[i] === 1 : null;
      case 'string': return i < this.cap ? this.dict[this.u32[i]!]! : '';
      default: return i < this.objs.length ? this.objs[i]! : null;
    }
  }

  /** Writes row i (rows may be written in any order; a later write replaces an earlier one). */
  set(i: number, v: Value): void {
    if (i >= this.cap) {
      if (v === null || v === undefined || v === '') return; // empty: nothing to store yet
      this.reserve(Math.max(this.cap === 0 ? this.capacity : 0, 4096, i + 1, Math.floor(this.cap * 1.5)));
    }
    switch (this.storage) {
      case 'number':
        if (typeof v === 'number') { this.f64[i] = v; this.present[i] = 1; }
        break;
      case 'bool':
        this.u8[i] = v === null || v === undefined ? 2 : v ? 1 : 0;
        break;
      case 'string': {
        const s = typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v);
        if (s === '') { this.u32[i] = 0; break; }
        this.setString(i, s);
        break;
      }
      default:
        while (this.objs.length < i) this.objs.push(null);
        this.objs[i] = v === undefined ? null : v;
    }
  }

  /** The finished column of n rows. A column never written costs untouched zero pages only. */
  finish(n: number): Column {
    // Never written (or only empty values): the shared empty column, no buffers of its own.
    if (this.storage === 'object' ? !this.objs.some((v) => v !== null) : this.cap === 0) return emptyColumn(this.type, n);
    const fit = <T extends Float64Array | Uint8Array | Uint32Array>(a: T): T => (a.length === n ? a : (a.slice(0, n) as T));
    switch (this.storage) {
      case 'number': {
        if (this.cap === 0) return new NumberColumn(this.type, new Float64Array(n), n > 0 ? new Uint8Array(n).fill(1) : undefined);
        this.reserve(n);
        const p = this.present;
        let nulls: Uint8Array | undefined;
        for (let i = 0; i < n; i++) if (p[i] === 0) { nulls ??= new Uint8Array(n); nulls[i] = 1; }
        return new NumberColumn(this.type, fit(this.f64), nulls);
      }
      case 'bool':
        if (this.cap === 0) return new BoolColumn(new Uint8Array(n).fill(2));
        this.reserve(n);
        return new BoolColumn(fit(this.u8));
      case 'string':
        if (this.cap === 0) return new StringColumn(new Uint32Array(n), this.dict);
        this.reserve(n);
        return new StringColumn(fit(this.u32), this.dict);
      default: {
        while (this.objs.length < n) this.objs.push(null);
        if (this.objs.length > n) this.objs.length = n;
        return new ObjectColumn(this.type, this.objs);
      }
    }
  }
}
