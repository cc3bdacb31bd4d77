/**
 * Readers of a whole text: a JSON document (an array of records, or an envelope holding one), and
 * any file decoded whole (UTF-16/32). Each element of a document is parsed alone, so one broken
 * element costs one record, and each keeps its source line (json-scan.ts).
 */
import { scanDocument } from './json-scan.js';
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
