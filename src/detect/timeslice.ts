import { NumberColumn, BoolColumn, StringColumn, ObjectColumn, type Column, type Field, type Table } from '../kql/data.js';
import type { ColumnSchema } from '../kql/data.js';
import type { ScanRequest, ScanStats, TableSource } from '../kql/data.js';

/**
 * A table sorted once by its time column so that any time window is a contiguous row range: a
 * window view shares the sorted columns' buffers (typed-array subarrays, the same string
 * dictionary), so slicing costs O(columns), not O(rows). This is what makes a replay of many
 * short windows cost about the same as one run over the whole span.
 */
export class TimeSlicedTable implements SlicedTable {
  readonly sorted: Table;
  /** Sorted tick values of the time column (rows with a null time are dropped from windows). */
  private readonly times: Float64Array;
  /** Rows [0, timed) have a time; nulls sort last. */
  private readonly timed: number;

  constructor(readonly table: Table, readonly timeColumn: string | undefined) {
    const f = timeColumn ? table.fields.find((x) => x.name === timeColumn) : undefined;
    if (!f || f.column.kind !== 'number') {
      this.sorted = table; this.times = new Float64Array(0); this.timed = -1;
      return;
    }
    const col = f.column;
    const n = table.rowCount;
    let ordered = true, nulls = 0;
    for (let i = 0; i < n; i++) {
      const isNull = col.nulls !== undefined && col.nulls[i] === 1;
      if (isNull) { nulls++; continue; }
      if (nulls > 0 || (i > 0 && col.data[i]! < col.data[i - 1]!)) { ordered = false; }
    }
    if (ordered && nulls === 0) { this.sorted = table; this.times = col.data; this.timed = n; return; }
    const perm = new Uint32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    const d = col.data, nl = col.nulls;
    perm.sort((a, b) => {
      const na = nl !== undefined && nl[a] === 1, nb = nl !== undefined && nl[b] === 1;
      if (na || nb) return na === nb ? a - b : na ? 1 : -1;
      return d[a]! - d[b]! || a - b;
    });
    this.sorted = { name: table.name, rowCount: n, fields: table.fields.map((x) => ({ name: x.name, column: gather(x.column, perm) })) };
    const sc = this.sorted.fields.find((x) => x.name === timeColumn)!.column as NumberColumn;
    this.times = sc.data;
    this.timed = n - nulls;
  }

  get hasTime(): boolean { return this.timed >= 0; }
  get minTime(): number | undefined { return this.timed > 0 ? this.times[0] : undefined; }
  get maxTime(): number | undefined { return this.timed > 0 ? this.times[this.timed - 1] : undefined; }

  /** Rows with from <= time < to. A table without a time column is returned whole. */
  window(from: number, to: number): Table {
    if (this.timed < 0) return this.table;
    const lo = this.lowerBound(from), hi = this.lowerBound(to);
    return sliceTable(this.sorted, lo, Math.max(lo, hi));
  }

  /**
   * The window [from, to) with an extra dictionary-encoded string column `name` holding each row's
   * window start (`floor(time / frequency) * frequency`, as decimal ticks). Built once per
   * frequency over the sorted rows (time order makes it a run of equal codes); slices share it.
   */
  windowTagged(from: number, to: number, frequency: number, name: string): Table {
    const base = this.window(from, to);
    if (this.timed < 0) return base;
    let tag = this.tags.get(frequency);
    if (!tag) {
      const codes = new Uint32Array(this.sorted.rowCount);
      const dict: string[] = [];
      let last = NaN;
      for (let i = 0; i < this.timed; i++) {
        const w = Math.floor(this.times[i]! / frequency) * frequency;
        if (w !== last) { dict.push(String(w)); last = w; }
        codes[i] = dict.length - 1;
      }
      tag = new StringColumn(codes, dict);
      this.tags.set(frequency, tag);
    }
    const lo = this.lowerBound(from), hi = Math.max(lo, this.lowerBound(to));
    return { name: base.name, rowCount: base.rowCount, fields: [...base.fields, { name, column: new StringColumn(tag.codes.subarray(lo, hi), tag.dict) }] };
  }
  private readonly tags = new Map<number, StringColumn>();

  /** Number of timed rows in [from, to). */
  count(from: number, to: number): number {
    if (this.timed < 0) return this.table.rowCount;
    return Math.max(0, this.lowerBound(to) - this.lowerBound(from));
  }

  private lowerBound(t: number): number {
    let lo = 0, hi = this.timed;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (this.times[mid]! < t) lo = mid + 1; else hi = mid; }
    return lo;
  }
}

export function sliceTable(t: Table, lo: number, hi: number): Table {
  if (lo === 0 && hi === t.rowCount) return t;
  return { name: t.name, rowCount: hi - lo, fields: t.fields.map((f) => ({ name: f.name, column: sliceColumn(f.column, lo, hi) })) };
}

function sliceColumn(c: Column, lo: number, hi: number): Column {
  switch (c.kind) {
    case 'number': return new NumberColumn(c.type, c.data.subarray(lo, hi), c.nulls?.subarray(lo, hi));
    case 'bool': return new BoolColumn(c.data.subarray(lo, hi));
    case 'string': return new StringColumn(c.codes.subarray(lo, hi), c.dict);
    case 'object': return new ObjectColumn(c.type, c.data.slice(lo, hi));
  }
}

function gather(c: Column, perm: Uint32Array): Column {
  const n = perm.length;
  switch (c.kind) {
    case 'number': {
      const d = new Float64Array(n);
      let nulls: Uint8Array | undefined;
      if (c.nulls) nulls = new Uint8Array(n);
      for (let i = 0; i < n; i++) { const j = perm[i]!; d[i] = c.data[j]!; if (nulls) nulls[i] = c.nulls![j]!; }
      return new NumberColumn(c.type, d, nulls);
    }
    case 'bool': { const d = new Uint8Array(n); for (let i = 0; i < n; i++) d[i] = c.data[perm[i]!]!; return new BoolColumn(d); }
    case 'string': { const d = new Uint32Array(n); for (let i = 0; i < n; i++) d[i] = c.codes[perm[i]!]!; return new StringColumn(d, c.dict); }
    case 'object': { const d = new Array(n); for (let i = 0; i < n; i++) d[i] = c.data[perm[i]!] ?? null; return new ObjectColumn(c.type, d); }
  }
}

/** The time column to window a table on: TimeGenerated, else Timestamp (whichever has fewer nulls when both exist). */
export function pickTimeColumn(t: Table): string | undefined {
  const cands = t.fields.filter((f) => (f.name === 'TimeGenerated' || f.name === 'Timestamp') && f.column.type === 'datetime');
  if (cands.length === 0) return undefined;
  if (cands.length === 1) return cands[0]!.name;
  const nullsOf = (c: Column): number => { if (c.kind !== 'number' || !c.nulls) return 0; let k = 0; for (const x of c.nulls) k += x; return k; };
  return nullsOf(cands[0]!.column) <= nullsOf(cands[1]!.column) ? cands[0]!.name : cands[1]!.name;
}

/** What replay needs of a table cut into time windows (TimeSlicedTable, or SourceSlicedTable for a store's table). */
export interface SlicedTable {
  readonly hasTime: boolean;
  readonly minTime: number | undefined;
  readonly maxTime: number | undefined;
  window(from: number, to: number): Table;
  windowTagged(from: number, to: number, frequency: number, name: string): Table;
  count(from: number, to: number): number;
}

/**
 * The windows of a table a store reads on demand (a workspace table, src/kql/scan.ts TableSource):
 * each window is itself a TableSource, so a rule's query asks the store for only the columns,
 * time ranges and term filters it needs (the store skips segments, row groups and rows by its
 * zone maps and term index), within the window's range. Only the time column is read whole (for
 * counts and the span, as TimeSlicedTable holds it).
 *
 * A window's rows are those of TimeSlicedTable's window, in the same order (by time, stable over
 * the table's rows): the scan's answer is cut to [from, to) exactly and sorted by time when the
 * store's segments were not already in time order.
 */
export class SourceSlicedTable implements SlicedTable {
  private readonly times: TimeSlicedTable;
  constructor(readonly source: TableSource & Table, readonly timeColumn: string | undefined) {
    const f = timeColumn ? source.fields.find((x) => x.name === timeColumn) : undefined;
    this.times = new TimeSlicedTable({ name: source.name, rowCount: source.rowCount, fields: f ? [f] : [] }, f ? timeColumn : undefined);
  }
  get hasTime(): boolean { return this.times.hasTime; }
  get minTime(): number | undefined { return this.times.minTime; }
  get maxTime(): number | undefined { return this.times.maxTime; }
  count(from: number, to: number): number { return this.times.hasTime ? this.times.count(from, to) : this.source.rowCount; }
  window(from: number, to: number): Table {
    if (!this.times.hasTime) return this.source;
    return new WindowSource(this.source, this.timeColumn!, from, to, this.count(from, to));
  }
  windowTagged(from: number, to: number, frequency: number, name: string): Table {
    if (!this.times.hasTime) return this.source;
    return new WindowSource(this.source, this.timeColumn!, from, to, this.count(from, to), { frequency, name });
  }
}

class WindowSource implements TableSource, Table {
  readonly kind = 'source' as const;
  readonly name: string;
  lastScan?: ScanStats;
  private all?: Table;
  constructor(private readonly source: TableSource & Table, private readonly tc: string, private readonly from: number, private readonly to: number,
    readonly rowCount: number, private readonly tag?: { readonly frequency: number; readonly name: string }) {
    this.name = source.name;
  }
  get schema(): readonly ColumnSchema[] { return this.tag ? [...this.source.schema, { name: this.tag.name, type: 'string' }] : this.source.schema; }
  get fields(): readonly Field[] { return (this.all ??= this.scan({})).fields; }

  scan(request: ScanRequest): Table {
    const tag = this.tag;
    const columns = request.columns ? new Set([...request.columns].filter((c) => c !== tag?.name)) : undefined;
    columns?.add(this.tc);
    const t = this.source.scan({
      ...(columns ? { columns } : {}),
      time: [...(request.time ?? []).filter((r) => r.column !== tag?.name), { column: this.tc, min: this.from, max: this.to }],
      ...(request.terms ? { terms: request.terms.filter((f) => f.column !== tag?.name) } : {}),
    });
    if (this.source.lastScan) this.lastScan = this.source.lastScan;
    const time = t.fields.find((f) => f.name === this.tc)!.column as NumberColumn;
    // The rows in [from, to) (a null time is in no window), stably sorted by time.
    const n = t.rowCount, d = time.data, nl = time.nulls;
    let idx = new Uint32Array(n), k = 0, inOrder = true, last = -Infinity;
    for (let i = 0; i < n; i++) {
      if (nl && nl[i] === 1) continue;
      const v = d[i]!;
      if (v < this.from || v >= this.to) continue;
      if (v < last) inOrder = false;
      last = v; idx[k++] = i;
    }
    idx = idx.subarray(0, k);
    if (!inOrder) idx.sort((a, b) => d[a]! - d[b]! || a - b);
    const whole = k === n && inOrder;
    const fields: Field[] = t.fields.map((f) => {
      if (whole) return f;
      let c: Column | undefined;
      return Object.defineProperty({ name: f.name }, 'column', { enumerable: true, get: () => (c ??= gather(f.column, idx)) }) as Field;
    });
    if (tag) {
      const codes = new Uint32Array(k);
      const dict: string[] = [];
      let w = NaN;
      const tcol = whole ? time : (fields.find((f) => f.name === this.tc)!.column as NumberColumn);
      for (let i = 0; i < k; i++) {
        const x = Math.floor(tcol.data[i]! / tag.frequency) * tag.frequency;
        if (x !== w) { dict.push(String(x)); w = x; }
        codes[i] = dict.length - 1;
      }
      fields.push({ name: tag.name, column: new StringColumn(codes, dict) });
    }
    return { name: this.name, rowCount: k, fields };
  }
}
