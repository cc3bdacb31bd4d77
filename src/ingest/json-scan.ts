/**
 * A tolerant scanner over one JSON document's text, so that one broken record in a JSON array or
 * envelope costs that record only, and every record keeps its source line. It finds the array of
 * records (the document itself, or the `value` / `records` / `Records` / `Results` array of an
 * envelope object) and the text span of each element; elements are parsed by the caller.
 */

export const ENVELOPE_KEYS: ReadonlySet<string> = new Set(['value', 'records', 'Records', 'Results', 'results', 'events', 'logs', 'entries']);

export interface ElementSpan { readonly start: number; readonly end: number; readonly line: number }

export interface ScanResult {
  /** Index of the `[` of the records array, or -1 when the document is a single object (no envelope array). */
  readonly arrayStart: number;
  readonly elements: ElementSpan[];
  /** The array (or the document) ends before its closing bracket: truncated. */
  readonly truncated: boolean;
  /** 1-based line where the scanner found a structural error, with its reason. */
  readonly error?: { line: number; reason: string };
}

function isWs(c: number): boolean { return c === 32 || c === 10 || c === 13 || c === 9; }

/** Skips a string starting at i (at the opening quote); returns the index after the closing quote, or -1 at end of text. */
function skipString(text: string, i: number, nl: { n: number }): number {
  const len = text.length;
  i++;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 92) { i += 2; continue; }
    if (c === 34) return i + 1;
    if (c === 10) nl.n++; // a raw newline inside a string is invalid JSON; counting keeps lines right
    i++;
  }
  return -1;
}

/** Skips one value (object/array/scalar) at i; returns the index after it or -1 if the text ends inside it. */
function skipValue(text: string, i: number, nl: { n: number }): number {
  const len = text.length;
  let depth = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 34) { i = skipString(text, i, nl); if (i < 0) return -1; if (depth === 0) return i; continue; }
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) { depth--; if (depth <= 0) return i + 1; }
    else if (c === 10) nl.n++;
    else if (depth === 0 && (c === 44)) return i;
    i++;
    if (depth === 0) { // scalar: runs until a delimiter
      while (i < len) { const d = text.charCodeAt(i); if (d === 44 || d === 125 || d === 93 || isWs(d)) return i; i++; }
      return i;
    }
  }
  return -1;
}

function lineAt(nl: { n: number }): number { return nl.n + 1; }

/** Splits the elements of the array whose `[` is at `open`. */
function splitArray(text: string, open: number, nl: { n: number }): { elements: ElementSpan[]; truncated: boolean; error?: { line: number; reason: string } } {
  const elements: ElementSpan[] = [];
  const len = text.length;
  let i = open + 1;
  for (;;) {
    while (i < len && isWs(text.charCodeAt(i))) { if (text.charCodeAt(i) === 10) nl.n++; i++; }
    if (i >= len) return { elements, truncated: true };
    const c = text.charCodeAt(i);
    if (c === 93) return { elements, truncated: false };
    if (c === 44) { i++; continue; } // tolerate empty slots / trailing commas: each element is parsed alone anyway
    const line = lineAt(nl);
    const end = skipValue(text, i, nl);
    if (end < 0) { elements.push({ start: i, end: len, line }); return { elements, truncated: true }; }
    elements.push({ start: i, end, line });
    i = end;
    // Resynchronise after garbage between elements: skip to the next comma or the closing bracket.
    while (i < len) {
      const d = text.charCodeAt(i);
      if (d === 44 || d === 93) break;
      if (d === 10) nl.n++;
      if (!isWs(d)) {
        const gl = lineAt(nl);
        let j = i; while (j < len && text.charCodeAt(j) !== 44 && text.charCodeAt(j) !== 93) { if (text.charCodeAt(j) === 10) nl.n++; j++; }
        elements.push({ start: i, end: j, line: gl });
        i = j; break;
      }
      i++;
    }
  }
}

/** Scans a document starting (after whitespace/BOM) at `start` with `[` or `{`. */
export function scanDocument(text: string, start: number, startLine: number): ScanResult {
  const nl = { n: startLine - 1 };
  const c = text.charCodeAt(start);
  if (c === 91) { const r = splitArray(text, start, nl); return { arrayStart: start, ...r }; }
  // An object: look for an envelope key at depth 1 whose value is an array.
  const len = text.length;
  let i = start + 1;
  for (;;) {
    while (i < len && (isWs(text.charCodeAt(i)) || text.charCodeAt(i) === 44)) { if (text.charCodeAt(i) === 10) nl.n++; i++; }
    if (i >= len) return { arrayStart: -1, elements: [], truncated: true };
    if (text.charCodeAt(i) === 125) return { arrayStart: -1, elements: [], truncated: false };
    if (text.charCodeAt(i) !== 34) return { arrayStart: -1, elements: [], truncated: false, error: { line: lineAt(nl), reason: 'expected a property name' } };
    const ks = i;
    const ke = skipString(text, i, nl);
    if (ke < 0) return { arrayStart: -1, elements: [], truncated: true };
    let key: string;
    try { key = JSON.parse(text.slice(ks, ke)) as string; } catch { key = ''; }
    i = ke;
    while (i < len && isWs(text.charCodeAt(i))) { if (text.charCodeAt(i) === 10) nl.n++; i++; }
    if (text.charCodeAt(i) !== 58) return { arrayStart: -1, elements: [], truncated: i >= len, error: i >= len ? undefined : { line: lineAt(nl), reason: "expected ':'" } };
    i++;
    while (i < len && isWs(text.charCodeAt(i))) { if (text.charCodeAt(i) === 10) nl.n++; i++; }
    if (ENVELOPE_KEYS.has(key) && text.charCodeAt(i) === 91) {
      const r = splitArray(text, i, nl);
      return { arrayStart: i, ...r };
    }
    const e = skipValue(text, i, nl);
    if (e < 0) return { arrayStart: -1, elements: [], truncated: true };
    i = e;
  }
}

/** 1-based line and column of a UTF-16 offset. */
export function lineColAt(text: string, offset: number, baseLine = 1): { line: number; col: number } {
  let line = baseLine, last = -1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; last = i; }
  return { line, col: offset - last };
}
