/**
 * A CSV file's text into records: the header, folded `X_dynamic`/`X_string` pairs, repeated
 * column names, the table (forced, the file's name, a `Type` column, the header's columns), the
 * day/month order of locale datetimes, then one record per row.
 */
import { parseCsv, isCsvError, sniffDelimiter, type CsvRecord } from './csv.js';
import { dateOrderOf, looksLikeLocaleDatetime, type CoerceContext, type DateOrder } from './coerce.js';
import { tableFromFields, knownTable } from './route.js';
import { isEntraSigninCsv, entraSigninTable, mapEntraSigninRow } from './formats/entra-csv.js';
import { invalidText, lineOfFirstHighByte } from './sniff.js';
import { decodeText } from './encoding.js';
import type { TableBuilder } from './table-builder.js';
import type { CsvResume } from '../store/workspace.js';
import type { FileCtx, RecordSink, ResumePoint } from './types.js';

/** Characters of CSV text parsed at a time when a file is streamed (at least twice the record limit). */
const WINDOW_CHARS = 32 << 20;

/** The header's fields and what the rows are read with (decided at the first window with records). */
interface CsvSetup {
  readonly header: string[];
  readonly fields: { name: string; idx: number; alt: number; dups?: number[] }[];
  readonly headerNames: string[];
  readonly typeIdx: number;
  readonly entra: boolean;
  readonly fileTable: string | undefined;
  readonly dateCols: { name: string; idx: number }[];
}

/**
 * A CSV file read window by window: `window(text)` takes text that starts at a record's start and
 * returns how much of it was read (the rest, an unfinished record, is carried into the next
 * window). A small file is one window, read exactly as one text. The header, delimiter, table and
 * day/month order are decided at the first window: a file's later windows are read under them, and
 * a later window that proves the other day/month order is said in a warning (with its line).
 */
export class CsvFileReader {
  private delimiter: string | undefined;
  private readonly csvOpts: { maxRecordChars: number; firstLine: number; fields?: number };
  private header: string[] | undefined;
  private headerLine = 1;
  private headerText = '';
  private setup: CsvSetup | undefined;
  private order: DateOrder = 'mdy';
  private proven = false;
  private warnedOrder = false;
  private ctx: CoerceContext = { dateOrder: 'mdy' };
  private readonly timeSourced = new Map<string, boolean>();
  /** The last text read ended with a line break (resumable after it). */
  private endsWithNl = false;

  constructor(private readonly sink: RecordSink, private readonly f: FileCtx, private readonly from?: ResumePoint) {
    // The record-size limit holds for CSV records as for JSON ones; once the header is read, a
    // record spanning lines with another field count is an unbalanced quote, confined to its line.
    this.csvOpts = { maxRecordChars: sink.maxRecordBytes, firstLine: from ? from.line - 1 : 1 };
    if (from?.csv?.dateOrder) { this.order = from.csv.dateOrder; this.proven = true; this.ctx = { dateOrder: this.order }; }
  }

  /** Line number of the next window's first line. */
  get line(): number { return this.csvOpts.firstLine; }

  /**
   * Reads the records of `text` (valid: it decoded without damage). Unless `final`, a record that
   * starts in the last maxRecordBytes + 1 characters is left for the next window (it may be cut);
   * returns the index where the unread text starts.
   */
  window(text: string, valid: boolean, final: boolean): number {
    const sink = this.sink, f = this.f;
    this.delimiter ??= this.from?.csv?.delimiter ?? (/\.tsv(\.gz)?$/i.test(f.file) ? '\t' : sniffDelimiter(text));
    const safeEnd = final ? Infinity : text.length - this.csvOpts.maxRecordChars - 1;
    const records: CsvRecord[] = [];
    let rest = text.length, restLine = -1;
    for (const r of parseCsv(text, this.delimiter, this.csvOpts)) {
      if (r.start >= safeEnd) { rest = r.start; restLine = r.line; break; }
      if (isCsvError(r)) { sink.reject(f, r.line, `CSV: ${r.reason}`, r.text); continue; }
      if (!this.header) { this.header = r.cells.map((h) => h.trim()); this.headerLine = r.line; this.headerText = text.slice(r.start, r.end); this.csvOpts.fields = this.header.length; continue; }
      records.push(r);
    }
    if (restLine < 0) restLine = this.csvOpts.firstLine + countLines(text, 0, text.length);
    this.csvOpts.firstLine = restLine;
    if (rest > 0) this.endsWithNl = text.charCodeAt(rest - 1) === 10;
    if (this.header && records.length > 0) this.rows(records, valid);
    return rest;
  }

  private decide(records: readonly CsvRecord[]): CsvSetup {
    const sink = this.sink, f = this.f, from = this.from, header = this.header!, headerLine = this.headerLine;
    // A header naming a column twice: neither field may override the other (see TableBuilder.add).
    const byName = new Map<string, number[]>(), byLower = new Map<string, string[]>();
    header.forEach((h, i) => {
      const base = h.replace(/\s*\[UTC\]$/, '');
      byName.set(h, [...(byName.get(h) ?? []), i]);
      const l = base.toLowerCase(), names = byLower.get(l) ?? [];
      if (!names.includes(h)) names.push(h);
      byLower.set(l, names);
    });
    // (A resumed file's header problems were said when its first part was read.)
    if (!from) for (const [h, idx] of byName) if (idx.length > 1) sink.warnings.push(`${f.file}:${headerLine}: the header names column ${JSON.stringify(h)} ${idx.length} times (fields ${idx.map((i) => i + 1).join(', ')}): a record whose values there differ is quarantined`);
    if (!from) for (const names of byLower.values()) if (names.length > 1) sink.warnings.push(`${f.file}:${headerLine}: header fields ${names.map((n) => JSON.stringify(n)).join(' and ')} name the same column but for case or a [UTC] suffix: in a known table they are one column, and a record whose values there differ is quarantined`);
    // Fold X_dynamic / X_string pairs (old Log Analytics exports) into X.
    const lowerSet = new Set(header.map((h) => h.toLowerCase()));
    const fields: { name: string; idx: number; alt: number; dups?: number[] }[] = [];
    const used = new Set<number>();
    header.forEach((h, i) => {
      if (used.has(i)) return;
      const m = /^(.*)_(dynamic|string)$/i.exec(h);
      if (m && lowerSet.has(`${m[1]!.toLowerCase()}_${m[2]!.toLowerCase() === 'dynamic' ? 'string' : 'dynamic'}`)) {
        const other = header!.findIndex((x, j) => j !== i && x.toLowerCase() === `${m[1]!.toLowerCase()}_${m[2]!.toLowerCase() === 'dynamic' ? 'string' : 'dynamic'}`);
        const dyn = m[2]!.toLowerCase() === 'dynamic' ? i : other, str = dyn === i ? other : i;
        used.add(other);
        fields.push({ name: m[1]!, idx: dyn, alt: str });
      } else {
        const same = byName.get(h)!;
        if (same[0] !== i) return; // a repeated name: read with its first field
        fields.push({ name: h, idx: i, alt: -1, dups: same.length > 1 ? same.slice(1) : undefined });
      }
    });
    const headerNames = fields.map((x) => x.name);
    // The table: forced, the file's name, the rows' Type column, the header's columns, the file's name again.
    const typeIdx = header.findIndex((h) => h === 'Type');
    const entra = isEntraSigninCsv(headerNames);
    const fileTable = entra ? sink.opts.table ?? entraSigninTable(f.file)
      : sink.opts.table ?? f.names.known ?? (typeIdx < 0 ? tableFromFields(headerNames) ?? f.names.fallback : undefined);
    if (entra) f.report.format = 'csv:entra-signins';
    const dateCols = fields.filter((x) => records.slice(0, 50).some((r) => looksLikeLocaleDatetime(r.cells[x.idx] ?? '')) || /\[UTC\]$/.test(x.name));
    return { header, fields, headerNames, typeIdx, entra, fileTable, dateCols };
  }

  private rows(records: readonly CsvRecord[], valid: boolean): void {
    const sink = this.sink, f = this.f, delimiter = this.delimiter!;
    const first = !this.setup;
    const setup = this.setup ??= this.decide(records);
    const { header, fields, headerNames, typeIdx, entra, fileTable, dateCols } = setup;
    // Day-first or month-first, from every locale datetime in the first window (a small file: all of it).
    const samples = function* () { for (const r of records) for (const x of dateCols) { const v = r.cells[x.idx]; if (v) yield v; } };
    if (first && !this.proven) {
      const d = dateOrderOf(samples());
      this.order = d.order; this.proven = d.proven;
      if (d.conflict) sink.warnings.push(`${f.file}: datetimes are both day-first and month-first; read as ${d.order}`);
      this.ctx = { dateOrder: this.order };
    } else if (!first && !this.proven && !this.warnedOrder && dateCols.length > 0) {
      const d = dateOrderOf(samples());
      if (d.proven && d.order !== this.order) {
        this.warnedOrder = true;
        sink.warnings.push(`${f.file}:${records[0]!.line}: datetimes from here on are ${d.order === 'dmy' ? 'day-first' : 'month-first'}, but the file's first ${WINDOW_CHARS >> 20} MiB were ambiguous and were read as ${this.order === 'dmy' ? 'day-first' : 'month-first'} (a streamed file decides its day/month order from its start): rows whose day is 12 or less may have day and month swapped; export ISO 8601 datetimes to avoid this`);
      }
    }
    const ctx = this.ctx;
    const timeSourced = this.timeSourced;
    for (const r of records) {
      const cells = r.cells;
      if (cells.length !== header.length && !(cells.length === header.length + 1 && cells[cells.length - 1] === '')) {
        sink.reject(f, r.line, `CSV: expected ${header.length} fields, found ${cells.length}`, cells.join(delimiter));
        continue;
      }
      if (!valid && cells.some((c) => c.includes('\uFFFD'))) { sink.reject(f, r.line, invalidText(f), cells.join(delimiter)); continue; }
      let rec: Record<string, unknown> = {};
      let conflict: string | undefined;
      for (const x of fields) {
        let v = cells[x.idx]!;
        if (x.alt >= 0 && (v === '' || v === undefined)) v = cells[x.alt]!;
        if (x.dups) for (const d of x.dups) {
          const w = cells[d] ?? '';
          if (w === '' || w === v) continue;
          if (v === '') v = w; else conflict ??= `CSV: fields ${x.idx + 1} and ${d + 1} both name column ${JSON.stringify(x.name)}, with different values`;
        }
        rec[x.name] = v;
      }
      if (conflict) { sink.reject(f, r.line, conflict, cells.join(delimiter)); continue; }
      if (entra) rec = mapEntraSigninRow(rec, fileTable!);
      let table = fileTable;
      if (table === undefined) {
        const t = cells[typeIdx]!.trim();
        table = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(t) ? knownTable(t) ?? t : tableFromFields(headerNames) ?? f.names.fallback;
      }
      f.lastTable = table;
      const b = sink.builder(table);
      let requireTime = timeSourced.get(table);
      if (requireTime === undefined) {
        requireTime = entra || hasTimeSource(b, headerNames);
        if (!requireTime && b.known && b.timeColumn) sink.warnings.push(`${f.file}: no time column for ${table}; ${b.timeColumn} left empty`);
        timeSourced.set(table, requireTime);
      }
      const reason = b.add(rec, ctx, true, requireTime);
      if (reason !== null) { sink.reject(f, r.line, reason, cells.join(delimiter), table); continue; }
      sink.accept(f, table);
    }
  }

  /** The file is read: where it can resume (a UTF-8 file read to a line break). */
  end(): void {
    const f = this.f;
    // Resumable when read to a line break (a last line without one may be half-written): rows
    // appended later are read under the same header, delimiter and day/month order.
    if (this.header && f.byteEnd !== undefined && f.encoding === 'utf-8' && this.endsWithNl) {
      const csv: CsvResume = {
        header: this.from?.csv?.header ?? (this.headerText.endsWith('\n') ? this.headerText : this.headerText + '\n'), delimiter: this.delimiter!,
        ...(this.proven ? { dateOrder: this.order } : {}),
      };
      f.report.resume = { offset: f.byteEnd, line: f.lines, records: f.report.records, csv };
    }
  }
}

/** A CSV text read whole; `from`: it is a resumed file's header followed by its new part. */
export function readCsvText(sink: RecordSink, f: FileCtx, text: string, valid: boolean, from?: ResumePoint): void {
  const r = new CsvFileReader(sink, f, from);
  r.window(text, valid, true);
  r.end();
}

/**
 * A CSV file streamed: bytes decoded window by window (a UTF-8 sequence cut by a chunk waits for
 * its end; each window is checked for damage and for Windows-1252 text on its own), parsed, and
 * read. Memory holds one window of text and the columns. `text`: the header of a resumed file.
 */
export async function streamCsv(sink: RecordSink, f: FileCtx, first: Buffer, rest: AsyncIterable<Buffer> | null, from?: ResumePoint, windowChars = WINDOW_CHARS): Promise<void> {
  const reader = new CsvFileReader(sink, f, from);
  const window = Math.max(windowChars, 2 * sink.maxRecordBytes + 2);
  let carry = from?.csv?.header ?? '';
  let pend: Buffer = first;
  const run = (bytes: Buffer, final: boolean): void => {
    const { text, valid, legacy } = decodeText(bytes);
    if (legacy && f.legacy++ === 0) f.firstLegacy = reader.line + countLines(carry, 0, carry.length) - 1 + lineOfFirstHighByte(bytes);
    const all = carry + text;
    carry = all.slice(reader.window(all, valid, final));
  };
  // Windows of `window` characters (carry included), cut after a whole UTF-8 sequence.
  const drainWindows = (): void => {
    while (pend.length > 0 && pend.length + carry.length >= window) {
      const take = utf8Boundary(pend.subarray(0, Math.max(window - carry.length, 4)));
      run(pend.subarray(0, take), false);
      pend = pend.subarray(take);
    }
  };
  drainWindows();
  let list: Buffer[] = [], listLen = 0; // chunks gathered until a window is full (joined once)
  if (rest) for await (const chunk of rest) {
    list.push(chunk); listLen += chunk.length;
    if (pend.length + listLen + carry.length < window) continue;
    pend = Buffer.concat([pend, ...list]); list = []; listLen = 0;
    drainWindows();
    await sink.maybeFlush();
  }
  if (list.length > 0) pend = Buffer.concat([pend, ...list]);
  run(pend, true);
  f.lines = reader.line;
  reader.end();
}

/** Bytes of `b` up to the last whole UTF-8 sequence (a sequence cut at the end is left out). */
function utf8Boundary(b: Buffer): number {
  const n = b.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k]!;
    if (c < 0x80) return n; // ASCII: nothing cut
    if (c >= 0xc0) { const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2; return need > k ? n - k : n; }
  }
  return n;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function hasTimeSource(b: TableBuilder, names: readonly string[]): boolean {
  if (!b.known || !b.timeColumn) return true;
  const set = new Set(names.map((n) => n.replace(/\s*\[UTC\]$/, '').toLowerCase()));
  return ['timegenerated', 'timestamp', 'createddatetime', 'activitydatetime', 'eventtime', 'timecreated'].some((n) => set.has(n));
}
