import type { ScalarType, TableSchema, Value } from '../kql/data.js';
import type { Field, Table } from '../kql/data.js';
import { GrowingColumn } from './columns.js';
import { BAD, coerce, depthOf, describe, fastIsoZ, longProblem, type CoerceContext } from './coerce.js';
import { inferType } from './infer.js';
import { nativeTable, type NativeTable } from './native.js';

/** Limits that make a record malformed. */
export interface RecordLimits { readonly maxDepth: number; /** rows to allocate per column at its first value */ readonly capacity?: number }

/** Where a table's time comes from when the source has no TimeGenerated (first present wins). */
const TIME_FALLBACKS = ['Timestamp', 'CreatedDateTime', 'ActivityDateTime', 'EventTime', 'TimeCreated'];

interface SchemaSlot { readonly name: string; readonly type: ScalarType; readonly col: GrowingColumn }
interface ExtraSlot { readonly name: string; readonly rows: number[]; readonly vals: unknown[]; textual: boolean; hint?: 'datetime' }

/**
 * Accumulates the records of one table into columns. A known table (schema given) types each
 * value to its column and rejects the record when a value does not fit; fields outside the
 * schema, and every field of an unknown table, are kept as extra columns typed by inference when
 * the table is finished. Field names match schema columns exactly, else case-insensitively.
 */
/** Distinct JSON texts of a dynamic column whose parsed values a builder keeps for sharing (then it starts over). */
const PARSED_CACHE = 4096;

export class TableBuilder {
  private readonly slots: SchemaSlot[];
  private readonly byExact = new Map<string, number>();
  private readonly byLower = new Map<string, number>();
  private readonly extras: ExtraSlot[] = [];
  private readonly extraIndex = new Map<string, number>();
  private readonly keyCache = new Map<string, number>(); // key → slot (>= 0 schema, < 0 extra: ~index)
  /** The keys of the last record by position, and their slots: records of one source repeat their key order. */
  private readonly keyAt: string[] = [];
  private readonly slotAt: number[] = [];
  /** Per slot: the row (+1) of the record that last wrote it. */
  private readonly stamp: Float64Array;
  private readonly timeIdx: number;
  private readonly tsIdx: number;
  private readonly fallbackIdx: number[];
  private n = 0;

  constructor(readonly name: string, readonly schema: TableSchema | undefined, private readonly limits: RecordLimits) {
    this.slots = (schema?.columns ?? []).map((c) => ({ name: c.name, type: c.type, col: new GrowingColumn(c.type, limits.capacity ?? 0) }));
    this.slots.forEach((s, i) => { this.byExact.set(s.name, i); if (!this.byLower.has(s.name.toLowerCase())) this.byLower.set(s.name.toLowerCase(), i); });
    this.stamp = new Float64Array(this.slots.length);
    // The time columns (datetime in every schema; a schema typing them otherwise gets no filling).
    const timeSlot = (name: string): number => { const i = this.byExact.get(name) ?? -1; return i >= 0 && this.slots[i]!.type === 'datetime' ? i : -1; };
    this.timeIdx = timeSlot('TimeGenerated');
    this.tsIdx = timeSlot('Timestamp');
    this.fallbackIdx = TIME_FALLBACKS.map((n) => this.byExact.get(n) ?? -1).filter((i) => i >= 0 && this.slots[i]!.type === 'datetime');
  }

  get rowCount(): number { return this.n; }

  /** The native reader for this table (known tables only), made on first use; null when there is none. */
  private nativeState: { table: NativeTable; remap: Int32Array[]; filled: number[]; parsed: (Map<string, Value> | undefined)[] } | null | undefined;
  native(maxLine: number): NativeTable | null {
    if (this.nativeState === undefined) {
      const t = this.schema ? nativeTable(this.slots.map((s) => ({ name: s.name, type: s.type })), maxLine, this.limits.maxDepth) : undefined;
      this.nativeState = t ? { table: t, remap: this.slots.map(() => new Int32Array(0)), filled: this.slots.map(() => 1), parsed: [] } : null;
    }
    return this.nativeState ? this.nativeState.table : null;
  }

  /**
   * Appends the `rows` rows the native reader just wrote into its buffers (row k of each buffer);
   * `block`: the buffer it scanned (a dynamic value is its JSON text there).
   */
  appendNative(rows: number, block: Uint8Array): void {
    const st = this.nativeState!;
    const nt = st.table, row0 = this.n;
    for (let s = 0; s < this.slots.length; s++) {
      const out = nt.outs[s];
      if (!out) continue;
      const col = this.slots[s]!.col;
      if (out.codes) {
        // Native codes → this column's codes; values new to the native dictionary are interned once.
        let remap = st.remap[s]!;
        const size = nt.dictSize(s), filled = st.filled[s]!;
        if (size > filled) {
          if (size > remap.length) { const grown = new Int32Array(Math.max(size, remap.length * 2)); grown.set(remap); remap = st.remap[s] = grown; }
          const fresh = nt.strings(s, filled);
          col.internFresh(fresh, remap, filled);
          st.filled[s] = filled + fresh.length;
        }
        col.setCodes(row0, out.codes, remap, rows);
      } else if (out.nums) {
        col.setNumbers(row0, out.nums, out.flags!, rows);
      } else if (out.bools) {
        const b = out.bools;
        for (let k = 0; k < rows; k++) { const v = b[k]!; if (v !== 2) col.set(row0 + k, v === 1); }
      } else if (out.spans) {
        const sp = out.spans;
        const buf = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
        // Rows with the same JSON text share one parsed value (log columns repeat: a sign-in's
        // LocationDetails, DeviceDetail, Status), as a workspace's reader shares them per dictionary entry.
        let seen = st.parsed[s];
        if (!seen) seen = st.parsed[s] = new Map();
        for (let k = 0; k < rows; k++) {
          const len = sp[2 * k + 1]!;
          if (len === 0) continue;
          const at = sp[2 * k]!;
          const text = buf.toString('utf8', at, at + len);
          let v = seen.get(text);
          if (v === undefined) {
            v = JSON.parse(text) as Value;
            if (seen.size >= PARSED_CACHE) seen.clear();
            seen.set(text, v);
          }
          col.set(row0 + k, v);
        }
      }
    }
    this.n += rows;
  }

  /** Undoes the current record's writes (row n) and returns the reason it was rejected. */
  private reject(reason: string): string {
    const mark = this.n + 1;
    for (let s = 0; s < this.slots.length; s++) if (this.stamp[s] === mark) { this.slots[s]!.col.clear(this.n); this.stamp[s] = 0; }
    return reason;
  }
  get known(): boolean { return this.schema !== undefined; }
  /** The column that must hold a time in every record of a known table. */
  get timeColumn(): string | undefined { return this.timeIdx >= 0 ? 'TimeGenerated' : this.tsIdx >= 0 ? 'Timestamp' : undefined; }

  private slotOf(key: string): number {
    let s = this.keyCache.get(key);
    if (s !== undefined) return s;
    const base = key.endsWith(']') ? key.replace(/\s*\[UTC\]$/, '') : key;
    const e = this.byExact.get(base) ?? this.byLower.get(base.toLowerCase());
    if (e !== undefined) s = e;
    else {
      let x = this.extraIndex.get(key);
      if (x === undefined) {
        x = this.extras.length;
        this.extras.push({ name: key, rows: [], vals: [], textual: false, hint: /\[UTC\]$/.test(key) ? 'datetime' : undefined });
        this.extraIndex.set(key, x);
      }
      s = ~x;
    }
    this.keyCache.set(key, s);
    return s;
  }

  /**
   * Adds one record (field name → raw value). Returns null when added, else the reason it was
   * rejected (nothing of it is kept). `textual`: values are CSV text. `requireTime`: a known
   * table's record without a time is rejected.
   */
  add(rec: Record<string, unknown>, ctx: CoerceContext, textual: boolean, requireTime: boolean): string | null {
    // Values go straight into the columns at row n; `stamp[s] === n + 1` marks a slot written by
    // this record (no per-record reset). A rejected record's writes are cleared again.
    const row = this.n, mark = row + 1, stamp = this.stamp, slots = this.slots;
    let extraKeys: string[] | undefined, extraVals: unknown[] | undefined;
    const keyAt = this.keyAt, slotAt = this.slotAt;
    let pos = 0;
    for (const key in rec) {
      const raw = rec[key];
      if (raw === undefined) { pos++; continue; }
      // Slot by position when the key is the one the last record had there (same string, compared by identity first).
      let s: number;
      if (keyAt[pos] === key) s = slotAt[pos]!;
      else { s = this.slotOf(key); keyAt[pos] = key; slotAt[pos] = s; }
      pos++;
      if (s >= 0) {
        const slot = slots[s]!, col = slot.col;
        if (stamp[s] === mark) {
          // A second field naming the same column (`timegenerated` beside `TimeGenerated`, a
          // repeated CSV header): never an override. Empty or equal: harmless; different: rejected.
          const v = coerce(slot.type, raw, ctx);
          if (v === BAD) return this.reject(this.badValue(slot, raw));
          const had = col.peek(row);
          if (v === null || v === '' || sameValue(had, v)) continue;
          if (had === null || had === '') {
            if (v !== null && typeof v === 'object' && depthOf(v, this.limits.maxDepth) > this.limits.maxDepth) return this.reject(`${slot.name}: JSON nested deeper than ${this.limits.maxDepth} levels`);
            col.set(row, v);
            continue;
          }
          return this.reject(`fields ${JSON.stringify(this.otherKey(rec, key, s))} and ${JSON.stringify(key)} both name column ${slot.name}, with different values`);
        }
        // The common cases inline: text into a string column, ISO "…Z" text into a datetime, numbers.
        if (typeof raw === 'string' && !textual) {
          if (slot.type === 'string') {
            if (raw !== '') col.setString(row, raw);
            stamp[s] = mark;
            continue;
          }
          if (slot.type === 'datetime') {
            const t = fastIsoZ(raw);
            if (t !== undefined && t !== null) { col.setNumber(row, t); stamp[s] = mark; continue; }
          }
        } else if (typeof raw === 'number' && (slot.type === 'real' || (slot.type === 'long' && Number.isSafeInteger(raw)))) {
          col.setNumber(row, raw); stamp[s] = mark;
          continue;
        }
        const v = coerce(slot.type, raw, ctx);
        if (v === BAD) return this.reject(this.badValue(slot, raw));
        if (v !== null && typeof v === 'object' && depthOf(v, this.limits.maxDepth) > this.limits.maxDepth) return this.reject(`${slot.name}: JSON nested deeper than ${this.limits.maxDepth} levels`);
        col.set(row, v);
        stamp[s] = mark;
      } else {
        if (raw !== null && typeof raw === 'object' && depthOf(raw, this.limits.maxDepth) > this.limits.maxDepth) return this.reject(`${key}: JSON nested deeper than ${this.limits.maxDepth} levels`);
        (extraKeys ??= []).push(key); (extraVals ??= []).push(raw);
      }
    }
    // Time: fill TimeGenerated and Timestamp from each other or from the table's event time.
    if (this.timeIdx >= 0 || this.tsIdx >= 0) {
      const at = (i: number): number | null => (stamp[i] === mark ? slots[i]!.col.getNumber(row) : null);
      const tg = this.timeIdx >= 0 ? at(this.timeIdx) : null;
      let t = tg;
      if (t === null && this.tsIdx >= 0) t = at(this.tsIdx);
      if (t === null) for (const i of this.fallbackIdx) { const x = at(i); if (x !== null) { t = x; break; } }
      if (t === null && requireTime && this.known) return this.reject(`missing required time (${this.timeColumn})`);
      if (t !== null) {
        if (this.timeIdx >= 0 && tg === null) { slots[this.timeIdx]!.col.setNumber(row, t); stamp[this.timeIdx] = mark; }
        if (this.tsIdx >= 0 && at(this.tsIdx) === null) { slots[this.tsIdx]!.col.setNumber(row, t); stamp[this.tsIdx] = mark; }
      }
    }
    if (extraKeys) {
      for (let k = 0; k < extraKeys.length; k++) {
        const x = this.extras[~this.slotOf(extraKeys[k]!)]!;
        x.rows.push(this.n); x.vals.push(extraVals![k]);
        if (textual) x.textual = true;
      }
    }
    this.n++;
    return null;
  }

  /** The reason a value does not convert to its column's type. */
  private badValue(slot: SchemaSlot, raw: unknown): string {
    const long = slot.type === 'long' || slot.type === 'int' ? longProblem(raw) : null;
    return `${slot.name}: ${long ?? `${describe(raw)} is not a ${slot.type}`}`;
  }

  /** The record's other key that maps to slot s (for the message of a duplicate). */
  private otherKey(rec: Record<string, unknown>, key: string, s: number): string {
    for (const k in rec) if (k !== key && rec[k] !== undefined && this.slotOf(k) === s) return k;
    return key;
  }

  /** The finished table: schema columns in schema order, then extra columns in order of appearance. */
  finish(ctx: CoerceContext): Table {
    const fields: Field[] = this.slots.map((s) => ({ name: s.name, column: s.col.finish(this.n) }));
    const taken = new Set(fields.map((f) => f.name));
    for (const x of this.extras) {
      let type = inferType(x.vals, x.textual, x.hint);
      let col = new GrowingColumn(type, this.n);
      let ok = true;
      for (let k = 0; k < x.rows.length && ok; k++) {
        const v = coerce(type, x.vals[k], ctx);
        if (v === BAD) ok = false; else col.set(x.rows[k]!, v);
      }
      if (!ok) { // inference is conservative, but a value it let through must never be lost
        type = 'string'; col = new GrowingColumn(type, this.n);
        for (let k = 0; k < x.rows.length; k++) col.set(x.rows[k]!, coerce('string', x.vals[k]) as string);
      }
      let name = x.name.replace(/\s*\[UTC\]$/, '');
      while (taken.has(name)) name += '_';
      taken.add(name);
      fields.push({ name, column: col.finish(this.n) });
    }
    return { name: this.name, rowCount: this.n, fields };
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return false;
}
