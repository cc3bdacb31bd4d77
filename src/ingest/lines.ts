/**
 * JSON lines, streamed: memory holds one chunk and the columns, not the file. The native reader
 * (native.ts) takes the plain lines of a known table's file; every other line is decoded here and
 * handed to the sink (the Loader) as text, with its 1-based line.
 */
import { isUtf8 } from 'node:buffer';
import { decodeUtf8 } from './encoding.js';
import type { FileCtx, NativeLines, ResumePoint } from './types.js';

export type { NativeLines } from './types.js';

/** What the line reader needs from the Loader. */
export interface LineSink {
  readonly maxRecordBytes: number;
  /** One line's text (without its line break). `last`: the file's last line, without a line break. */
  onLine(f: FileCtx, s: string, line: number, last: boolean): void;
  /** One line whose bytes are not valid UTF-8. */
  badBytesLine(f: FileCtx, bytes: Uint8Array, line: number, last: boolean): void;
  reject(f: FileCtx, line: number, reason: string, text: string | undefined): void;
  nativeReader(f: FileCtx): NativeLines | undefined;
  /** Hands finished pieces on when enough rows are held (bounded memory). */
  maybeFlush(): Promise<void>;
}

/**
 * Reads JSON lines from `first` then `rest`. `at`: the byte offset of `first` in the file and its
 * line number; the file report gets where reading can resume (after the last record read whole).
 */
export async function streamJsonLines(sink: LineSink, f: FileCtx, first: Buffer, rest: AsyncIterable<Buffer> | null, progress: () => void, at: ResumePoint = { offset: 0, line: 1 }): Promise<void> {
  let carry: Buffer = first;
  let line = at.line;
  let skipping = -1; // line number of an oversized line being skipped
  let skipped = 0;
  // Bytes and records up to the last line read whole.
  let consumed = 0, lineAt = line, recordsAt = f.report.records;
  const mark = (bytes: number) => { consumed += bytes; lineAt = line; recordsAt = f.report.records; };
  // A known table's file: the native reader takes the plain lines, JavaScript the others.
  const native = sink.nativeReader(f);
  const handleBlock = (block: Buffer) => {
    if (native) {
      let pos = 0;
      while (pos < block.length) {
        const r = native.scan(block, pos, block.length);
        line += r.lines;
        if (r.stopped) {
          let nl = block.indexOf(10, r.next);
          if (nl < 0) nl = block.length;
          const bytes = block.subarray(r.next, nl);
          if (isUtf8(bytes)) sink.onLine(f, bytes.toString('utf8'), line, false);
          else sink.badBytesLine(f, bytes, line, false);
          line++;
          pos = nl + 1;
        } else {
          if (r.next === pos && r.rows === 0) break;
          pos = r.next;
        }
      }
      return;
    }
    const { text, valid } = decodeUtf8(block);
    if (valid) {
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        sink.onLine(f, text.slice(start, nl), line++, false);
        start = nl + 1;
      }
    } else {
      let start = 0;
      for (;;) {
        const nl = block.indexOf(10, start);
        if (nl < 0) break;
        const d = decodeUtf8(block.subarray(start, nl));
        if (d.valid) sink.onLine(f, d.text, line, false);
        else sink.badBytesLine(f, block.subarray(start, nl), line, false);
        line++;
        start = nl + 1;
      }
    }
  };
  const step = (buf: Buffer): Buffer => {
    if (skipping >= 0) {
      const nl = buf.indexOf(10);
      if (nl < 0) { skipped += buf.length; return Buffer.alloc(0); }
      skipped += nl;
      sink.reject(f, skipping, `record of ${skipped} bytes exceeds the limit of ${sink.maxRecordBytes} bytes`, undefined);
      skipping = -1; line++;
      mark(skipped + 1);
      buf = buf.subarray(nl + 1);
    }
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      if (buf.length > sink.maxRecordBytes) { skipping = line; skipped = buf.length; return Buffer.alloc(0); }
      return buf;
    }
    handleBlock(buf.subarray(0, last + 1));
    mark(last + 1);
    const tail = buf.subarray(last + 1);
    if (tail.length > sink.maxRecordBytes) { skipping = line; skipped = tail.length; return Buffer.alloc(0); }
    return tail;
  };
  const resumeHere = () => { f.report.resume = { offset: at.offset + consumed, line: lineAt, records: recordsAt }; };
  carry = step(carry);
  let sinceProgress = 0;
  if (rest) {
    for await (const chunk of rest) {
      if (carry.length === 0) carry = step(chunk);
      else {
        // Only the carried part line and the rest of its line are joined (not the whole chunk).
        const nl = chunk.indexOf(10);
        if (nl < 0) carry = step(Buffer.concat([carry, chunk]));
        else { step(Buffer.concat([carry, chunk.subarray(0, nl + 1)])); carry = step(chunk.subarray(nl + 1)); }
      }
      await sink.maybeFlush();
      sinceProgress += chunk.length;
      if (sinceProgress >= 1 << 20) { sinceProgress = 0; progress(); }
    }
  }
  if (skipping >= 0) { sink.reject(f, skipping, `record of ${skipped} bytes exceeds the limit of ${sink.maxRecordBytes} bytes`, undefined); resumeHere(); return; }
  f.lines = line;
  if (carry.length > 0) {
    // A last line without its line break: read now; resumed after only when it was stored (a
    // half-written line is read again, whole, once the writer finishes it).
    const q = f.report.quarantined;
    if (isUtf8(carry)) sink.onLine(f, carry.toString('utf8'), line, true);
    else sink.badBytesLine(f, carry, line, true);
    if (f.report.quarantined === q) { line++; mark(carry.length); }
  }
  resumeHere();
}
