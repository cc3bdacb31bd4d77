/**
 * RFC 4180 CSV with the habits of real exports: quoted cells with doubled quotes, newlines inside
 * quoted cells (multi-line JSON), CRLF or LF, a quote inside an unquoted cell taken literally.
 * Errors are per record and never stop the file: text after a closing quote, a quoted cell that
 * never closes, a record over the size limit. A quote error confines itself to one record: when a
 * record that spans lines goes wrong (text after its closing quote, or a field count other than
 * the header's: an unbalanced quote swallowed the lines after it), only its first line is reported
 * and reading starts again on the next line, so each record it cost is reported on its own.
 */
/** A record; `start` and `end`: its characters in the text (line break included). */
export interface CsvRecord { readonly line: number; readonly cells: string[]; readonly start: number; readonly end: number }
/** A record not read; `start`: its first character in the text. */
export interface CsvError { readonly line: number; readonly reason: string; readonly text: string; readonly start: number }

export interface CsvOptions {
  /** Longest record, in characters (the loader's record-size limit). */
  readonly maxRecordChars?: number;
  /** Fields a record should have (set by the caller once it has read the header). */
  fields?: number;
  /** Line number of the text's first line (a resumed file's header stands just before its new part). */
  readonly firstLine?: number;
}

export function* parseCsv(text: string, delimiter = ',', opts: CsvOptions = {}): Generator<CsvRecord | CsvError> {
  const maxChars = opts.maxRecordChars ?? Infinity;
  const len = text.length;
  const D = delimiter.charCodeAt(0);
  let i = 0, line = opts.firstLine ?? 1;
  while (i < len) {
    const startLine = line, startIdx = i;
    const cells: string[] = [];
    let error: string | undefined;
    let endOfRecord = false;
    while (!endOfRecord) {
      // one cell
      if (i < len && text.charCodeAt(i) === 34) {
        let j = i + 1, parts = '', segStart = j, closed = false;
        while (j < len) {
          const c = text.charCodeAt(j);
          if (c === 34) {
            if (j + 1 < len && text.charCodeAt(j + 1) === 34) { parts += text.slice(segStart, j + 1); j += 2; segStart = j; continue; }
            parts += text.slice(segStart, j); j++; closed = true; break;
          }
          if (c === 10) line++;
          j++;
        }
        if (!closed) {
          // Unterminated: report it, resume on the line after the record's first line.
          line = startLine;
          let k = startIdx; while (k < len && text.charCodeAt(k) !== 10) k++;
          yield { line: startLine, reason: 'unterminated quoted cell (no closing quote before the end of the file); read again from the next line', text: text.slice(startIdx, Math.min(k, startIdx + 300)), start: startIdx };
          i = k + 1; line = startLine + 1;
          error = 'skip';
          break;
        }
        cells.push(parts);
        i = j;
        // after a closing quote: delimiter, newline or end
        if (i < len) {
          const c = text.charCodeAt(i);
          if (c === D) { i++; if (i >= len) { cells.push(''); endOfRecord = true; } continue; }
          if (c === 13 && text.charCodeAt(i + 1) === 10) { i += 2; line++; endOfRecord = true; continue; }
          if (c === 10) { i++; line++; endOfRecord = true; continue; }
          error = `unexpected text after a closing quote at column ${cells.length}`;
          while (i < len && text.charCodeAt(i) !== 10) i++;
          if (i < len) { i++; line++; }
          endOfRecord = true;
        } else endOfRecord = true;
      } else {
        let j = i;
        while (j < len) { const c = text.charCodeAt(j); if (c === D || c === 10) break; j++; }
        let cell = text.slice(i, j);
        if (j < len && text.charCodeAt(j) === 10 && cell.endsWith('\r')) cell = cell.slice(0, -1);
        else if (j >= len && cell.endsWith('\r')) cell = cell.slice(0, -1);
        cells.push(cell);
        if (j < len && text.charCodeAt(j) === D) { i = j + 1; if (i >= len) { cells.push(''); endOfRecord = true; } continue; }
        i = j < len ? j + 1 : j;
        if (j < len) line++;
        endOfRecord = true;
      }
    }
    if (error === 'skip') continue;
    const fields = opts.fields;
    const badCount = fields !== undefined && cells.length !== fields && !(cells.length === fields + 1 && cells[cells.length - 1] === '');
    const firstNl = error || badCount ? text.indexOf('\n', startIdx) : -1;
    if (firstNl >= 0 && firstNl < i - 1) {
      // A record over several lines that does not come out right: an unbalanced quote took the
      // lines after it. Report its first line alone and read again from the next one.
      let k = startIdx; while (k < len && text.charCodeAt(k) !== 10) k++;
      const problem = error ?? `${cells.length} fields instead of ${fields}`;
      let endLine = startLine; for (let q = firstNl; q >= 0 && q < i - 1; q = text.indexOf('\n', q + 1)) endLine++;
      yield { line: startLine, reason: `unbalanced quote: the record would run to line ${endLine} (${problem}); read again from line ${startLine + 1}`, text: text.slice(startIdx, Math.min(k, startIdx + 300)), start: startIdx };
      i = k + 1; line = startLine + 1;
      continue;
    }
    if (i - startIdx > maxChars) {
      yield { line: startLine, reason: `record of ${i - startIdx} characters exceeds the limit of ${maxChars} bytes`, text: text.slice(startIdx, startIdx + 100), start: startIdx };
      continue;
    }
    if (error) { yield { line: startLine, reason: error, text: text.slice(startIdx, Math.min(i, startIdx + 300)), start: startIdx }; continue; }
    if (cells.length === 1 && cells[0] === '') continue; // blank line
    yield { line: startLine, cells, start: startIdx, end: i };
  }
}

export function isCsvError(r: CsvRecord | CsvError): r is CsvError { return (r as CsvError).reason !== undefined; }

/** Guesses the delimiter from the header line: comma, tab or semicolon. */
export function sniffDelimiter(text: string): string {
  let end = text.indexOf('\n'); if (end < 0) end = text.length;
  const head = text.slice(0, end);
  const count = (ch: string) => head.split(ch).length - 1;
  const c = count(','), t = count('\t'), s = count(';');
  if (t > c && t >= s) return '\t';
  if (s > c && s > t) return ';';
  return ',';
}
