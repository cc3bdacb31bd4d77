/**
 * A JSON document read as a stream of bytes, with bounded memory: the records of a top-level
 * array, of the first `value` / `records` / … array of an envelope object (json-scan.ts's
 * ENVELOPE_KEYS), or the rows of a Log Analytics query export (`{"tables":[{"name", "columns":
 * [{"name","type"}], "rows":[[…], …]}]}`) are cut out one at a time, each with its 1-based line;
 * only one record's bytes are held (at most maxRecordBytes: a longer one is skipped to its end and
 * reported). The scanner follows only the structure (brackets, strings, commas): each record's
 * text is parsed by the caller, so one broken record costs that record only. Text between
 * elements is an element of its own (quarantined), as in json-scan.ts.
 *
 * A top-level object without an envelope array is one record: its bytes are kept (up to
 * maxRecordBytes) until its end shows that it has none.
 */
import { ENVELOPE_KEYS } from './json-scan.js';

/** What a captured value is. */
export type CaptureKind = 'record' | 'la-columns' | 'la-name' | 'la-row' | 'document';

export interface DocumentEvents {
  /** A whole value (`bytes` its text, trimmed of whitespace) starting on `line`. */
  value(kind: CaptureKind, bytes: Buffer, line: number): void;
  /** A value longer than the limit (skipped): its first bytes, for the quarantine excerpt. */
  oversize(kind: CaptureKind, bytes: number, line: number, head: Buffer): void;
  /** A Log Analytics table ends (its rows are done). */
  tableEnd?(): void;
}

interface Frame {
  /** 0: array, 1: object. */
  readonly type: 0 | 1;
  /** The key whose value this container is (in an object), else undefined. */
  readonly key: string | undefined;
  /** What this container is to the document: the records array, the LA `tables`, one LA table, its `rows`. */
  readonly role: 'records' | 'la-tables' | 'la-table' | 'la-rows' | 'top-object' | 'other';
}

const WS = new Uint8Array(256); WS[32] = WS[10] = WS[13] = WS[9] = 1;

export class DocumentStream {
  /** Current line (1-based) at the scan position. */
  line: number;
  private readonly stack: Frame[] = [];
  /** Structural state outside a capture. */
  private st: 'value' | 'key' | 'colon' | 'after' | 'string' | 'keystring' | 'scalar' | 'done' = 'value';
  private esc = false;
  private keyBytes: number[] = [];
  private lastKey: string | undefined;
  /** The records array was found (an envelope is not a single record). */
  private found = false;
  /** Where the records array ended (no truncation). */
  closed = false;
  /** Nothing but whitespace seen yet. */
  private started = false;
  // Capture state.
  private capKind: CaptureKind | undefined;
  private capLine = 0;
  private capDepth = 0;
  private capStr = false;
  private capEsc = false;
  private capParts: Buffer[] = [];
  private capLen = 0;
  private capOver = false;
  private capHead: Buffer | undefined;
  private capGarbage = false;
  // The top-level object, kept while it may be one record.
  private topParts: Buffer[] | undefined = [];
  private topLen = 0;
  private topLine = 1;
  private topKeeping = false;

  constructor(private readonly events: DocumentEvents, private readonly maxRecordBytes: number, startLine = 1) { this.line = startLine; }

  /** The kind of value an element or key's value at the current position is, or undefined (not captured). */
  private captureHere(): CaptureKind | undefined {
    const top = this.stack[this.stack.length - 1];
    if (!top) return undefined;
    if (top.role === 'records') return 'record';
    if (top.role === 'la-rows') return 'la-row';
    if (top.role === 'la-table' && this.lastKey === 'columns') return 'la-columns';
    if (top.role === 'la-table' && this.lastKey === 'name') return 'la-name';
    return undefined;
  }

  /** The role of a container opening here. */
  private roleHere(type: 0 | 1): Frame['role'] {
    const top = this.stack[this.stack.length - 1];
    if (!top) return type === 0 ? 'records' : 'top-object';
    if (type === 0 && top.role === 'top-object' && !this.found && this.lastKey !== undefined && ENVELOPE_KEYS.has(this.lastKey)) return 'records';
    if (type === 0 && top.role === 'top-object' && !this.found && this.lastKey === 'tables') return 'la-tables';
    if (type === 1 && top.role === 'la-tables') return 'la-table';
    if (type === 0 && top.role === 'la-table' && this.lastKey === 'rows') return 'la-rows';
    return 'other';
  }

  push(b: Buffer): void {
    let i = 0;
    const n = b.length;
    let topFrom = 0; // where this chunk's part of the top-level object starts
    while (i < n) {
      if (this.capKind !== undefined) {
        const start = i;
        let d = this.capDepth, s = this.capStr, e = this.capEsc, end = -1;
        if (this.capGarbage) {
          // Text after a value, up to the next comma or closing bracket (one quarantined element).
          for (; i < n; i++) { const c = b[i]!; if (c === 44 || c === 93) { end = i; break; } if (c === 10) this.line++; }
        } else for (; i < n; i++) {
          const c = b[i]!;
          if (s) {
            if (e) e = false;
            else if (c === 92) e = true;
            else if (c === 34) { s = false; if (d === 0) { end = i + 1; break; } }
            else if (c === 10) this.line++;
            continue;
          }
          if (c === 34) s = true;
          else if (c === 123 || c === 91) d++;
          else if (c === 125 || c === 93) { if (d === 0) { end = i; break; } if (--d === 0) { end = i + 1; break; } }
          else if (d === 0 && (c === 44 || WS[c])) { end = i; break; }
          else if (c === 10) this.line++;
        }
        this.capDepth = d; this.capStr = s; this.capEsc = e;
        this.capAppend(b.subarray(start, end < 0 ? n : end));
        if (end < 0) break;
        this.capEnd();
        i = end; // the delimiter is the structure's
        continue;
      }
      const c = b[i]!;
      switch (this.st) {
        case 'string': case 'keystring':
          if (this.esc) { this.esc = false; if (this.st === 'keystring') this.keyBytes.push(c); }
          else if (c === 92) { this.esc = true; if (this.st === 'keystring') this.keyBytes.push(c); }
          else if (c === 34) {
            if (this.st === 'keystring') { this.lastKey = decodeKey(this.keyBytes); this.st = 'colon'; }
            else this.st = 'after';
          } else { if (c === 10) this.line++; if (this.st === 'keystring' && this.keyBytes.length < 256) this.keyBytes.push(c); }
          i++;
          continue;
        case 'scalar':
          if (WS[c] || c === 44 || c === 93 || c === 125) { this.st = 'after'; continue; }
          i++;
          continue;
        case 'done':
          if (c === 10) this.line++;
          i++;
          continue;
      }
      if (WS[c]) { if (c === 10) this.line++; i++; continue; }
      const top = this.stack[this.stack.length - 1];
      if (this.st === 'key') {
        if (c === 34) { this.st = 'keystring'; this.keyBytes = []; i++; continue; }
        if (c === 125) { this.close(); i++; continue; }
        if (c === 44) { i++; continue; }
        // Not a key: skip to the next comma or the end of this object.
        this.st = 'scalar'; i++; continue;
      }
      if (this.st === 'colon') {
        if (c === 58) { this.st = 'value'; i++; continue; }
        this.st = 'scalar'; continue;
      }
      if (this.st === 'after') {
        if (c === 44) { this.st = top && top.type === 1 ? 'key' : 'value'; if (top?.type === 1) this.lastKey = undefined; i++; continue; }
        if (c === 93 || c === 125) { this.close(); i++; continue; }
        // Text after a value: in a records array it is one element of its own (quarantined with
        // its line, the value before it kept); elsewhere it is skipped.
        const kind = this.captureHere();
        if (kind !== undefined) { this.capBegin(kind); this.capGarbage = true; continue; }
        this.st = 'scalar'; continue;
      }
      // st === 'value'
      if (!this.started) { this.started = true; this.topLine = this.line; topFrom = i; }
      if (c === 93 || c === 125) { this.close(); i++; continue; } // an empty container, or a trailing comma
      if (c === 44) { i++; continue; } // an empty slot
      const kind = this.captureHere();
      if (kind !== undefined) { this.capBegin(kind); continue; }
      if (c === 123 || c === 91) {
        const type = c === 91 ? 0 : 1;
        const role = this.roleHere(type);
        if (role === 'records' || role === 'la-tables') { this.found = true; this.topParts = undefined; this.topKeeping = false; }
        if (role === 'top-object') this.topKeeping = true;
        this.stack.push({ type, key: this.lastKey, role });
        this.st = type === 1 ? 'key' : 'value';
        this.lastKey = undefined;
        i++;
        continue;
      }
      if (c === 34) { this.st = 'string'; i++; continue; }
      this.st = 'scalar'; i++;
    }
    // Keep the top-level object's bytes while it may be one record.
    if (this.topKeeping) { this.topKeep(b.subarray(topFrom, n)); if (this.st === 'done') this.topKeeping = false; }
  }

  private topKeep(part: Buffer): void {
    if (!this.topParts) return;
    this.topLen += part.length;
    if (this.topLen > this.maxRecordBytes) { this.topParts = []; this.topLen = -Infinity; return; }
    this.topParts.push(Buffer.from(part));
  }

  private close(): void {
    const f = this.stack.pop();
    if (!f) { this.st = 'done'; return; }
    if (f.role === 'records') this.closed = true;
    if (f.role === 'la-tables') this.closed = true;
    if (f.role === 'la-table') this.events.tableEnd?.();
    if (this.stack.length === 0) this.st = 'done';
    else this.st = 'after';
  }

  private capBegin(kind: CaptureKind): void {
    this.capKind = kind; this.capLine = this.line; this.capDepth = 0; this.capStr = false; this.capEsc = false;
    this.capParts = []; this.capLen = 0; this.capOver = false; this.capHead = undefined; this.capGarbage = false;
  }

  private capAppend(part: Buffer): void {
    if (part.length === 0) return;
    this.capLen += part.length;
    if (this.capOver) return;
    if (this.capLen > this.maxRecordBytes) {
      this.capOver = true;
      this.capHead = Buffer.concat([...this.capParts, part]).subarray(0, 200);
      this.capParts = [];
      return;
    }
    this.capParts.push(Buffer.from(part)); // a copy: the chunk is not kept
  }

  private capEnd(): void {
    const kind = this.capKind!;
    this.capKind = undefined;
    this.st = 'after';
    if (this.capOver) { this.events.oversize(kind, this.capLen, this.capLine, this.capHead ?? Buffer.alloc(0)); return; }
    const bytes = trim(this.capParts.length === 1 ? this.capParts[0]! : Buffer.concat(this.capParts));
    this.capParts = [];
    if (bytes.length > 0) this.events.value(kind, bytes, this.capLine);
  }

  /**
   * The input ended. Returns what is unfinished: 'record' when a record was cut (it is reported
   * as a value so that parsing it says what is wrong), 'between' when the document ends between
   * records, or undefined when it closed.
   */
  end(): 'record' | 'between' | undefined {
    if (this.capKind !== undefined) {
      const kind = this.capKind;
      const over = this.capOver, len = this.capLen, line = this.capLine, head = this.capHead;
      const bytes = this.capParts.length ? trim(Buffer.concat(this.capParts)) : Buffer.alloc(0);
      this.capKind = undefined;
      if (over) this.events.oversize(kind, len, line, head ?? Buffer.alloc(0));
      else if (bytes.length > 0) this.events.value(kind, bytes, line);
      return 'record';
    }
    if (this.stack.length > 0 && (this.found || this.stack[0]!.role !== 'top-object')) return this.closed ? undefined : 'between';
    return undefined;
  }

  /** A top-level object that held no records array: its bytes (one record), or undefined when it was too large or there was none. */
  singleObject(): { bytes: Buffer | undefined; line: number; truncated: boolean } | undefined {
    if (this.found || !this.started || (this.stack.length > 0 && this.stack[0]!.role !== 'top-object')) return undefined;
    const truncated = this.stack.length > 0;
    if (this.topLen < 0) return { bytes: undefined, line: this.topLine, truncated };
    return this.topParts ? { bytes: trim(Buffer.concat(this.topParts)), line: this.topLine, truncated } : undefined;
  }
}

function trim(b: Buffer): Buffer {
  let s = 0, e = b.length;
  while (s < e && WS[b[s]!]) s++;
  while (e > s && WS[b[e - 1]!]) e--;
  return b.subarray(s, e);
}

function decodeKey(bytes: number[]): string {
  const raw = Buffer.from(bytes).toString('utf8');
  try { return JSON.parse(`"${raw}"`) as string; } catch { return raw; }
}
