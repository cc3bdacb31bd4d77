/**
 * Deciding the reader of a file from its head (JSON lines, one JSON document, CSV), and the
 * positions in text that reasons name (line of an offset, of a JSON.parse error).
 */
import { extname } from 'node:path';
import type { FileCtx } from './types.js';

export function ext(file: string): string { return extname(file.replace(/\.gz$/i, '')).toLowerCase(); }

export function countNewlines(bufs: Buffer[], want: number): boolean {
  let n = 0;
  for (const b of bufs) { let i = -1; while ((i = b.indexOf(10, i + 1)) >= 0) if (++n >= want) return true; }
  return false;
}

/**
 * The reader for a text (a file's head, or all of it when `complete`): JSON lines, one JSON
 * document, CSV, or nothing. Decided from the structure of many lines, so that broken lines
 * cannot flip it: a text starting with `[` is a document (unless its first line is a whole array
 * and lines that are records follow); one starting with `{` is JSON lines when
 * its first line is a whole JSON value, or when two or more lines are each a whole object (`{"…}`
 * at the start of the line), unless the whole text is one JSON value; any other text is JSON
 * lines when most of its lines are whole objects, else CSV (JSON-lines extensions: JSON lines).
 */
export function modeOfText(t: string, complete: boolean, extension: string): 'jsonl' | 'json' | 'csv' | 'empty' {
  let i = 0;
  while (i < t.length && (t.charCodeAt(i) <= 32 || t.charCodeAt(i) === 0xfeff)) i++;
  if (i >= t.length) return 'empty';
  const c = t.charCodeAt(i);
  const shape = lineShape(t, i, complete);
  // `[` starts a document, unless its first line is a whole array and record lines follow it.
  if (c === 0x5b) return shape.first && shape.records >= 1 ? 'jsonl' : 'json';
  if (c === 0x7b) {
    if (shape.first) return 'jsonl';
    if (shape.records >= 2 && !(complete && isCompleteJson(t.slice(i)))) return 'jsonl';
    return 'json';
  }
  if (shape.records >= 2 && shape.records * 2 >= shape.lines) return 'jsonl';
  return extension === '.json' || extension === '.jsonl' || extension === '.ndjson' ? 'jsonl' : 'csv';
}

/**
 * The first 256 non-empty lines from `start`: whether the first is a whole JSON value, how many
 * are whole JSON objects written on one line (`{"…}`), and how many there are. An incomplete
 * last line (the head of a longer file) is left out.
 */
export function lineShape(t: string, start: number, complete: boolean): { first: boolean; records: number; starts: number; lines: number } {
  let first: boolean | undefined, records = 0, starts = 0, lines = 0;
  let pos = start;
  while (pos < t.length && lines < 256) {
    let nl = t.indexOf('\n', pos);
    if (nl < 0) { if (!complete) break; nl = t.length; }
    let l = t.slice(pos, nl);
    pos = nl + 1;
    if (l.endsWith('\r')) l = l.slice(0, -1);
    if (l.trim() === '') continue;
    lines++;
    if (first === undefined) first = isCompleteJson(l);
    if (l.startsWith('{"')) { starts++; if (l.trimEnd().endsWith('}') && isCompleteJson(l)) records++; }
  }
  return { first: first ?? false, records, starts, lines };
}

/** Line (1-based) of the first byte above 0x7F. */
export function lineOfFirstHighByte(b: Uint8Array): number {
  let line = 1;
  for (let i = 0; i < b.length; i++) { const c = b[i]!; if (c === 10) line++; else if (c >= 0x80) return line; }
  return line;
}

export function invalidText(f: FileCtx): string {
  return f.encoding === 'utf-8' ? 'invalid UTF-8 bytes (beside valid UTF-8 multi-byte text: damaged, not a legacy encoding)' : `invalid ${f.encoding.toUpperCase()} text (a lone surrogate, a code point outside Unicode, or a cut last character)`;
}

export function isCompleteJson(s: string): boolean { try { JSON.parse(s); return true; } catch { return false; } }

export function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** V8's JSON.parse messages name a position; turn it into the source line. */
export function errorLine(e: unknown, s: string, baseLine: number): number {
  const m = /position (\d+)/.exec(String((e as Error).message));
  if (!m) return baseLine;
  return baseLine + lineOf(s, +m[1]!) - 1;
}

export function conciseJsonError(e: unknown): string {
  const m = String((e as Error).message ?? e);
  return m.length > 160 ? m.slice(0, 157) + '...' : m;
}
