/**
 * Creating and placing diagnostics. A diagnostic is made from a catalog entry and a span; its
 * line and column are computed from the query text (1-based, columns in UTF-16 units).
 */
import type { Diagnostic } from '../api.js';
import type { DiagnosticDef } from './catalog.js';

/** A diagnostic before it has been placed on line:col. */
export interface RawDiagnostic {
  readonly code: string;
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export function diag<A extends unknown[]>(d: DiagnosticDef<A>, start: number, end: number, ...args: A): RawDiagnostic {
  return { code: d.code, severity: d.severity, message: d.message(...args), start, end: Math.max(start, end) };
}

/** Maps offsets to 1-based line/column. Build once per text. */
export class LineMap {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }
  /** 0-based line index of an offset. */
  lineIndex(offset: number): number {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  position(offset: number): { line: number; col: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const li = this.lineIndex(o);
    return { line: li + 1, col: o - this.starts[li]! + 1 };
  }
  /** The text of a 1-based line, without its line terminator. */
  lineText(line: number): string {
    const s = this.starts[line - 1];
    if (s === undefined) return '';
    const next = this.starts[line] ?? this.text.length;
    return this.text.slice(s, next).replace(/\r?\n$|\r$/, '');
  }
}

/** Places raw diagnostics on line:col, sorted by position, without exact duplicates. */
export function place(text: string, raws: readonly RawDiagnostic[], map = new LineMap(text)): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  const sorted = [...raws].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const r of sorted) {
    const key = `${r.code}@${r.start}:${r.end}:${r.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { line, col } = map.position(r.start);
    out.push({ code: r.code, severity: r.severity, message: r.message, start: r.start, length: r.end - r.start, line, col });
  }
  return out;
}
