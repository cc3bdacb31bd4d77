/**
 * Readers of a whole text: a JSON document (an array of records, or an envelope holding one), and
 * any file decoded whole (UTF-16/32). Each element of a document is parsed alone, so one broken
 * element costs one record, and each keeps its source line (json-scan.ts).
 */
import { isUtf8 } from 'node:buffer';
import { scanDocument } from './json-scan.js';
import { DocumentStream, type CaptureKind } from './doc-stream.js';
import { decodeText } from './encoding.js';
import { readCsvText } from './csv-file.js';
import { lineOf, lineShape, invalidText, conciseJsonError, errorLine, isCompleteJson } from './sniff.js';
import type { FileCtx, RecordSink } from './types.js';

/** Whole-text readers: JSON documents, CSV, and any file in UTF-16. */
export function readWholeText(sink: RecordSink, f: FileCtx, text: string, mode: string, valid: boolean): void {
  let start = 0;
  while (start < text.length && (text.charCodeAt(start) <= 32 || text.charCodeAt(start) === 0xfeff)) start++;
  if (start >= text.length) { f.report.format = 'empty'; return; }
  f.lines = lineOf(text, text.length);
  if (mode === 'csv') { f.report.format = 'csv'; readCsvText(sink, f, text, valid); return; }
  if (mode === 'jsonl') {
    f.report.format = 'jsonl';
    const lines = text.split('\n');
    const endsWithNl = text.endsWith('\n');
    for (let i = 0; i < lines.length; i++) {
      const s = lines[i]!;
      if (!valid && s.includes('\uFFFD')) { sink.reject(f, i + 1, invalidText(f), s); continue; }
      sink.onLine(f, s, i + 1, i === lines.length - 1 && !endsWithNl);
    }
    return;
  }
  f.report.format = 'json';
  const c = text.charCodeAt(start);
  if (c !== 91 && c !== 123) { sink.reject(f, lineOf(text, start), 'not JSON: expected [ or { at the start of the document', text.slice(start, start + 100)); return; }
  const startLine = lineOf(text, start);
  if (c === 123 && /^\{\s*"tables"\s*:\s*\[/.test(text.slice(start, start + 64))) {
    // A Log Analytics query export: one record per row (the streaming reader, over the text).
    const r = documentReader(sink, f, startLine);
    r.push(Buffer.from(text.slice(start), 'utf8'));
    r.end();
    return;
  }
  const scan = scanDocument(text, start, startLine);
  if (scan.arrayStart < 0) {
    // A single object (a record, or an envelope without a records array).
    const body = text.slice(start);
    if (body.length > sink.maxRecordBytes) { sink.reject(f, startLine, `record of ${body.length} characters exceeds the limit of ${sink.maxRecordBytes} bytes`, body.slice(0, 100)); return; }
    let v: unknown;
    try { v = JSON.parse(body); } catch (e) {
      // Not one document, but lines that are each a record (the first ones broken): JSON lines.
      const shape = lineShape(text, start, true);
      if (shape.records >= 1 && shape.starts >= 2) {
        sink.warnings.push(`${f.file}: not one JSON document (${conciseJsonError(e)}), but lines that are records: read as JSON lines`);
        readWholeText(sink, f, text, 'jsonl', valid);
        return;
      }
      sink.reject(f, errorLine(e, body, startLine), `${scan.truncated ? 'incomplete document (file ends mid-record?)' : 'invalid JSON'}: ${conciseJsonError(e)}`, body);
      return;
    }
    sink.onValue(f, v, startLine, body.length < 2000 ? body : undefined);
    return;
  }
  const n = scan.elements.length;
  for (let k = 0; k < n; k++) {
    const el = scan.elements[k]!;
    const s = text.slice(el.start, el.end);
    if (s.length > sink.maxRecordBytes) { sink.reject(f, el.line, `record of ${s.length} characters exceeds the limit of ${sink.maxRecordBytes} bytes`, s.slice(0, 100)); continue; }
    if (!valid && s.includes('\uFFFD')) { sink.reject(f, el.line, invalidText(f), s); continue; }
    let v: unknown;
    try { v = JSON.parse(s); } catch (e) {
      const lastOne = k === n - 1 && scan.truncated;
      sink.reject(f, errorLine(e, s, el.line), `${lastOne ? 'incomplete record at end of file (truncated?)' : 'invalid JSON'}: ${conciseJsonError(e)}`, s);
      continue;
    }
    sink.onValue(f, v, el.line, undefined);
  }
  if (scan.truncated) {
    const lastEl = scan.elements[n - 1];
    // The incomplete last element was quarantined above; a document cut between records is reported here.
    if (!lastEl || isCompleteJson(text.slice(lastEl.start, lastEl.end))) sink.fileProblem(f, lineOf(text, text.length), 'document ends before its closing bracket (truncated file); the records before it were read');
  }
}

/**
 * A JSON document streamed (doc-stream.ts): each record is parsed alone as it completes, with its
 * line; memory holds one record. Log Analytics query exports (`tables` / `columns` / `rows`) give
 * one record per row, named by its table's columns.
 */
export async function streamDocument(sink: RecordSink, f: FileCtx, first: Buffer, rest: AsyncIterable<Buffer> | null, progress: () => void): Promise<void> {
  const reader = documentReader(sink, f, 1);
  reader.push(first);
  let since = 0;
  if (rest) for await (const chunk of rest) {
    reader.push(chunk);
    await sink.maybeFlush();
    since += chunk.length;
    if (since >= 1 << 20) { since = 0; progress(); }
  }
  reader.end();
}

/** The document reader behind streamDocument: bytes pushed in order, then end(). `startLine`: the line of the first byte. */
export function documentReader(sink: RecordSink, f: FileCtx, startLine: number): { push(b: Buffer): void; end(): void } {
  f.report.format = 'json';
  let ending = false;
  let columns: string[] | undefined;
  let laTable = '';
  // Records written on one line go to the native reader (a known table's file) in batches of about
  // 1 MiB, one record a line; a record it does not take is read here, with its own line.
  const native = sink.nativeReader(f);
  let batch: Buffer[] = [], batchLines: number[] = [], batchLen = 0;
  const NL = Buffer.from('\n');
  function batchAdd(bytes: Buffer, line: number): void {
    batch.push(Buffer.from(bytes), NL); batchLines.push(line); batchLen += bytes.length + 1;
    if (batchLen >= 1 << 20) flushBatch();
  }
  function flushBatch(): void {
    if (batchLines.length === 0) return;
    const buf = Buffer.concat(batch), lines = batchLines;
    batch = []; batchLines = []; batchLen = 0;
    let pos = 0, idx = 0;
    while (pos < buf.length) {
      const r = native!.scan(buf, pos, buf.length);
      idx += r.lines;
      if (r.stopped) {
        let nl = buf.indexOf(10, r.next);
        if (nl < 0) nl = buf.length;
        const line = lines[idx]!, s = decode(buf.subarray(r.next, nl), line);
        if (s !== undefined) { const p = parse(s, line, 'record'); if (p) sink.onValue(f, p.v, line, undefined); }
        idx++;
        pos = nl + 1;
      } else {
        if (r.next === pos && r.rows === 0) break;
        pos = r.next;
      }
    }
  }
  const decode = (bytes: Buffer, line: number): string | undefined => {
    if (isUtf8(bytes)) return bytes.toString('utf8');
    const d = decodeText(bytes, true);
    if (!d.valid) { sink.reject(f, line, 'invalid UTF-8 bytes (beside valid UTF-8 multi-byte text: damaged, not a legacy encoding)', d.text); return undefined; }
    if (d.legacy && f.legacy++ === 0) f.firstLegacy = line;
    return d.text;
  };
  const parse = (s: string, line: number, what: string): { v: unknown } | undefined => {
    try { return { v: JSON.parse(s) }; } catch (e) {
      sink.reject(f, errorLine(e, s, line), `${ending ? `incomplete ${what} at end of file (truncated?)` : 'invalid JSON'}: ${conciseJsonError(e)}`, s);
      return undefined;
    }
  };
  const stream = new DocumentStream({
    value(kind: CaptureKind, bytes: Buffer, line: number) {
      if (kind === 'record' && native && !ending && bytes.indexOf(10) < 0) { batchAdd(bytes, line); return; }
      flushBatch();
      const s = decode(bytes, line);
      if (s === undefined) return;
      if (kind === 'record') { const p = parse(s, line, 'record'); if (p) sink.onValue(f, p.v, line, undefined); return; }
      if (kind === 'la-name') { try { const v = JSON.parse(s); laTable = typeof v === 'string' ? v : ''; } catch { laTable = ''; } return; }
      if (kind === 'la-columns') {
        let v: unknown;
        try { v = JSON.parse(s); } catch { v = undefined; }
        columns = Array.isArray(v) && v.every((c) => c !== null && typeof c === 'object' && typeof (c as { name?: unknown }).name === 'string') ? v.map((c) => (c as { name: string }).name) : undefined;
        if (!columns) sink.fileProblem(f, line, `Log Analytics export: the columns of table ${JSON.stringify(laTable)} are not a list of {"name", "type"}: its rows are quarantined`);
        return;
      }
      // A Log Analytics row: an array of values in the order of its table's columns.
      const p = parse(s, line, 'row');
      if (!p) return;
      if (!columns) { sink.reject(f, line, `Log Analytics export: a row of table ${JSON.stringify(laTable)} without the table's columns before it`, s); return; }
      if (!Array.isArray(p.v) || p.v.length !== columns.length) { sink.reject(f, line, `Log Analytics export: a row of ${Array.isArray(p.v) ? `${p.v.length} values` : 'something other than a list'} for ${columns.length} columns`, s); return; }
      const rec: Record<string, unknown> = {};
      for (let k = 0; k < columns.length; k++) rec[columns[k]!] = (p.v as unknown[])[k];
      if (f.report.format === 'json') f.report.format = 'json:loganalytics';
      sink.onRecord(f, rec, line, s);
    },
    oversize(_kind: CaptureKind, bytes: number, line: number, head: Buffer) {
      flushBatch();
      sink.reject(f, line, `record of ${bytes} bytes exceeds the limit of ${sink.maxRecordBytes} bytes`, head.toString('utf8'));
    },
    tableEnd() { columns = undefined; laTable = ''; },
  }, sink.maxRecordBytes, startLine);
  return { push: (b) => stream.push(b), end };
  function end(): void {
    flushBatch();
    ending = true;
    const cut = stream.end();
    f.lines = stream.line;
    if (cut === 'between') sink.fileProblem(f, stream.line, 'document ends before its closing bracket (truncated file); the records before it were read');
    const single = stream.singleObject();
    if (single) {
      // One object without a records array: one record.
      if (!single.bytes) { sink.reject(f, single.line, `record of more than ${sink.maxRecordBytes} bytes exceeds the limit of ${sink.maxRecordBytes} bytes`, undefined); return; }
      const s = decode(single.bytes, single.line);
      if (s === undefined) return;
      let v: unknown;
      try { v = JSON.parse(s); } catch (e) {
        sink.reject(f, errorLine(e, s, single.line), `${single.truncated ? 'incomplete document (file ends mid-record?)' : 'invalid JSON'}: ${conciseJsonError(e)}`, s);
        return;
      }
      sink.onValue(f, v, single.line, s.length < 2000 ? s : undefined);
    }
  }
}
