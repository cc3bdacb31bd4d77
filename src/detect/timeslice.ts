import { NumberColumn, BoolColumn, StringColumn, ObjectColumn, type Column, type ColumnSchema, type Field, type ScanRequest, type Table, type TableSource } from '../kql/data.js';

/**
 * A table sorted once by its time column so that any time window is a contiguous row range: a
 * window view shares the sorted columns' buffers (typed-array subarrays, the same string
 * dictionary), so slicing costs O(columns), not O(rows). This is what makes a replay of many
 * short windows cost about the same as one run over the whole span.
 */
export class TimeSlicedTable {
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

/**
 * The time windows of a table read on demand (a workspace table, src/store/lazy-table.ts): the same
 * windows as TimeSlicedTable — rows with from <= time < to, in time order (stable), null times left
 * out — without reading the whole table. Each window is itself a TableSource: a query's scan asks
 * the store for the columns it reads and the window's time range (the store skips the segments and
 * row groups outside it by their zone maps), and the answer is trimmed to the window exactly. The
 * span (first and last time) reads the time column once; nothing else is read whole.
 */
export class SourceWindows {
  private times?: { min: number | undefined; max: number | undefined };
  private readonly schema: readonly ColumnSchema[];

  constructor(readonly source: TableSource, readonly timeColumn: string | undefined) {
    this.schema = source.schema;
  }

  get hasTime(): boolean { return this.timeColumn !== undefined; }
  get minTime(): number | undefined { return this.span().min; }
  get maxTime(): number | undefined { return this.span().max; }

  private span(): { min: number | undefined; max: number | undefined } {
    if (this.times) return this.times;
    let min: number | undefined, max: number | undefined;
    if (this.timeColumn !== undefined) {
      const c = this.source.scan({ columns: new Set([this.timeColumn]) }).fields.find((f) => f.name === this.timeColumn)?.column;
      if (c && c.kind === 'number') {
        let lo = Infinity, hi = -Infinity;
        const d = c.data, nl = c.nulls;
        for (let i = 0; i < d.length; i++) { if (nl !== undefined && nl[i] === 1) continue; const v = d[i]!; if (v < lo) lo = v; if (v > hi) hi = v; }
        if (lo <= hi) { min = lo; max = hi; }
      }
    }
    return (this.times = { min, max });
  }

  /** Rows with from <= time < to, as a TableSource (a table without a time column: the source itself). */
  window(from: number, to: number): TableSource {
    if (this.timeColumn === undefined) return this.source;
    return this.windowSource(from, to);
  }

  /** The window with the tag column `name` (the row's window start, `floor(time / frequency) * frequency`, as decimal ticks), as TimeSlicedTable.windowTagged. */
  windowTagged(from: number, to: number, frequency: number, name: string): TableSource {
    if (this.timeColumn === undefined) return this.source;
    return this.windowSource(from, to, { name, frequency });
  }

  /**
   * At least the timed rows in [from, to): the rows of the row groups whose zone maps meet the
   * window (exact enough for what the replay asks: whether a window is empty, how to chunk runs).
   */
  count(from: number, to: number): number {
    if (this.timeColumn === undefined) return this.source.rowCount;
    if (!(to > from)) return 0;
    return this.source.scan({ columns: new Set(), time: [{ column: this.timeColumn, min: from, max: to }] }).rowCount;
  }

  private windowSource(from: number, to: number, tag?: { name: string; frequency: number }): TableSource {
    const src = this.source, tc = this.timeColumn!;
    const schema = tag ? [...this.schema, { name: tag.name, type: 'string' as const }] : this.schema;
    const scan = (request: ScanRequest): Table => {
      const columns = request.columns ? new Set([...request.columns].filter((c) => c !== tag?.name)) : undefined;
      columns?.add(tc);
      const t = src.scan({ ...request, ...(columns ? { columns } : {}), time: [...(request.time ?? []), { column: tc, min: from, max: to }] });
      const tcol = t.fields.find((f) => f.name === tc)!.column as NumberColumn;
      const rows = windowRows(tcol, from, to);
      const pick = (c: Column): Column => (rows.kind === 'range' ? sliceColumn(c, rows.lo, rows.hi) : gather(c, rows.perm));
      const n = rows.kind === 'range' ? rows.hi - rows.lo : rows.perm.length;
      const fields: Field[] = t.fields.map((f) => {
        let column: Column | undefined;
        return Object.defineProperty({ name: f.name }, 'column', { enumerable: true, get: () => (column ??= pick(f.column)) }) as Field;
      });
      if (tag) {
        let column: Column | undefined;
        fields.push(Object.defineProperty({ name: tag.name }, 'column', { enumerable: true, get: () => (column ??= tagColumn(pick(tcol) as NumberColumn, tag.frequency)) }) as Field);
      }
      return { name: t.name, rowCount: n, fields };
    };
    return { kind: 'source', name: src.name, schema, get rowCount() { return src.rowCount; }, scan };
  }
}

/** The rows of a scanned time column in [from, to), null times out, in time order: a contiguous range when they already are one (the store's segments are sorted by time), else a stable permutation. */
function windowRows(c: NumberColumn, from: number, to: number): { kind: 'range'; lo: number; hi: number } | { kind: 'perm'; perm: Uint32Array } {
  const d = c.data, nl = c.nulls, n = d.length;
  let lo = 0;
  while (lo < n && !((nl === undefined || nl[lo] !== 1) && d[lo]! >= from && d[lo]! < to)) lo++;
  let hi = lo;
  while (hi < n && (nl === undefined || nl[hi] !== 1) && d[hi]! >= from && d[hi]! < to && (hi === lo || d[hi]! >= d[hi - 1]!)) hi++;
  let rest = false;
  for (let i = hi; i < n && !rest; i++) if ((nl === undefined || nl[i] !== 1) && d[i]! >= from && d[i]! < to) rest = true;
  if (!rest) return { kind: 'range', lo, hi };
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if ((nl === undefined || nl[i] !== 1) && d[i]! >= from && d[i]! < to) keep.push(i);
  const perm = Uint32Array.from(keep);
  perm.sort((a, b) => d[a]! - d[b]! || a - b);
  return { kind: 'perm', perm };
}

function tagColumn(times: NumberColumn, frequency: number): StringColumn {
  const codes = new Uint32Array(times.length);
  const dict: string[] = [];
  const idx = new Map<number, number>();
  for (let i = 0; i < times.length; i++) {
    const w = Math.floor(times.data[i]! / frequency) * frequency;
    let k = idx.get(w);
    if (k === undefined) { k = dict.length; dict.push(String(w)); idx.set(w, k); }
    codes[i] = k;
  }
  return new StringColumn(codes, dict);
}

/** The time column to window a table read on demand on: as pickTimeColumn, from its schema (when it has both, the one with fewer nulls; this reads both columns once). */
export function pickSourceTimeColumn(s: TableSource): string | undefined {
  const cands = s.schema.filter((c) => (c.name === 'TimeGenerated' || c.name === 'Timestamp') && c.type === 'datetime').map((c) => c.name);
  if (cands.length <= 1) return cands[0];
  return pickTimeColumn(s.scan({ columns: new Set(cands) }));
}
