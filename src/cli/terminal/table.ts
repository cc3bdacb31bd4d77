/**
 * Tables for people at a terminal (`query --format table`, `hunt`, `detect`'s summary).
 *
 * - Columns in the result's schema order, never re-sorted.
 * - Widths are display widths (string-width: CJK and emoji take two cells), so columns line up.
 * - When the columns do not fit `width`, the wide ones share the room left by the narrow ones
 *   (fit()); a cell longer than its column ends with `…`. Numbers and datetimes are never cut. When even the narrowest layout does
 *   not fit, the columns on the right are left out and a note names how many (project fewer).
 * - No cell is wider than MAX_CELL (a 10 kB command line does not widen a table to 10 kB).
 * - Values and names pass through terminalCell (terminal-text.ts): control and bidi characters are
 *   shown escaped, newlines as `\n`.
 * - With colour: the header is bold, a column named Severity / AlertSeverity coloured by level.
 * - `limit` rows at most, then a note `… N more rows` saying how to see them.
 */
import stringWidth from 'string-width';
import type { ScalarType, Value } from '../../kql/data.js';
import { textValue } from '../../kql/data.js';
import { terminalCell } from '../terminal-text.js';

export const MAX_CELL = 60;
export const MIN_COLUMN = 8;
const GAP = 2;

export interface TableData {
  readonly columns: readonly { readonly name: string; readonly type: ScalarType }[];
  readonly rows: readonly (readonly Value[])[];
}

export interface TableLayout {
  readonly width: number;  // 0 = unlimited
  readonly color: boolean;
  readonly limit: number;  // 0 = all
  /** What the "more rows" note suggests (default: the query's own options). */
  readonly moreHint?: string;
  /** Noun of the rows in notes (default "row"). */
  readonly noun?: string;
}

const SGR = { bold: '\x1b[1m', red: '\x1b[31m', boldRed: '\x1b[1;31m', yellow: '\x1b[33m', cyan: '\x1b[36m', dim: '\x1b[2m', reset: '\x1b[0m' };

/** The colour of a severity level (Sentinel's High/Medium/Low/Informational; Critical for peers' levels). */
export function severityColor(level: string): string | undefined {
  switch (level.trim().toLowerCase()) {
    case 'critical': return SGR.boldRed;
    case 'high': return SGR.red;
    case 'medium': return SGR.yellow;
    case 'low': return SGR.cyan;
    case 'informational': case 'info': return SGR.dim;
    default: return undefined;
  }
}

const SEVERITY_COLUMNS = new Set(['severity', 'alertseverity', 'level']);
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** `s` cut to at most `w` display cells, ending with `…` when cut. */
export function truncate(s: string, w: number): string {
  if (stringWidth(s) <= w) return s;
  let out = '', used = 0;
  for (const { segment } of segmenter.segment(s)) {
    const sw = stringWidth(segment);
    if (used + sw > w - 1) break;
    out += segment; used += sw;
  }
  return out + '…';
}

function pad(s: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - stringWidth(s)));
  return right ? fill + s : s + fill;
}

const NUMERIC = new Set<ScalarType>(['int', 'long', 'real', 'decimal']);

/**
 * Column widths that fit `width` (see the file comment); `shown` is how many columns fit.
 * Each column has a floor it is never narrowed below: numbers and datetimes their full text (a cut
 * number or time misleads), other columns min(natural, MIN_COLUMN). Columns whose natural width is
 * at most 1.5 × the fair share of the room left keep it; the others share what remains equally.
 */
function fit(natural: readonly number[], floors: readonly number[], width: number): { widths: number[]; shown: number } {
  const widths = natural.map((n) => Math.min(n, MAX_CELL));
  if (width === 0) return { widths, shown: widths.length };
  let shown = 0, minTotal = 0;
  for (const m of floors) {
    const next = minTotal + (shown ? GAP : 0) + m;
    if (next > width && shown > 0) break;
    minTotal = next; shown++;
  }
  const ws = widths.slice(0, shown);
  let room = width - GAP * (shown - 1);
  if (ws.reduce((a, b) => a + b, 0) <= room) return { widths: ws, shown };
  const open = new Set(ws.map((_, j) => j));
  for (let changed = true; changed && open.size;) {
    changed = false;
    const fair = room / open.size;
    for (const j of [...open]) {
      if (ws[j]! <= fair * 1.5 || ws[j]! <= floors[j]!) { room -= ws[j]!; open.delete(j); changed = true; }
    }
  }
  // The rest share the room equally, never below their floor (the leftmost get the odd cells).
  const rest = [...open];
  let left = room;
  rest.forEach((j, k) => {
    const share = Math.max(floors[j]!, Math.floor(left / (rest.length - k)));
    ws[j] = Math.min(ws[j]!, share);
    left -= ws[j]!;
  });
  return { widths: ws, shown };
}

/** A datetime as terminal text: the fraction only when it is not zero (2026-03-21T20:52:00Z). */
function cellText(v: Value, type: ScalarType): string {
  const s = textValue(v ?? null, type);
  return type === 'datetime' ? s.replace(/\.0000000Z$/, 'Z') : s;
}

/** The table as terminal text, ending with a newline. */
export function renderTerminalTable(t: TableData, o: TableLayout): string {
  const noun = o.noun ?? 'row';
  const plural = (n: number): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const rows = o.limit > 0 ? t.rows.slice(0, o.limit) : t.rows;
  const header = t.columns.map((c) => terminalCell(c.name));
  const cells = rows.map((row) => row.map((v, j) => terminalCell(cellText(v, t.columns[j]!.type))));
  const natural = header.map((h, j) => Math.max(stringWidth(h), ...cells.map((r) => stringWidth(r[j]!))));
  const floors = natural.map((n, j) => (NUMERIC.has(t.columns[j]!.type) || t.columns[j]!.type === 'datetime' ? Math.min(n, MAX_CELL) : Math.min(n, MIN_COLUMN)));
  const { widths, shown } = fit(natural, floors, o.width);
  const numeric = t.columns.map((c) => NUMERIC.has(c.type));
  const severity = t.columns.map((c) => SEVERITY_COLUMNS.has(c.name.toLowerCase()));
  const paint = (s: string, code: string | undefined): string => (o.color && code ? code + s + SGR.reset : s);
  const line = (vals: readonly string[], isHeader: boolean): string => {
    const parts: string[] = [];
    for (let j = 0; j < shown; j++) {
      const text = truncate(vals[j]!, widths[j]!);
      const padded = pad(text, widths[j]!, !isHeader && numeric[j]!);
      // Colour wraps the text only, so the padding (and the trimmed line end) stays plain.
      const start = padded.indexOf(text);
      const code = isHeader ? SGR.bold : severity[j] ? severityColor(vals[j]!) : undefined;
      parts.push(code && o.color ? padded.slice(0, start) + paint(text, code) + padded.slice(start + text.length) : padded);
    }
    return parts.join(' '.repeat(GAP)).trimEnd();
  };
  const out = [line(header, true), widths.slice(0, shown).map((w) => '-'.repeat(w)).join(' '.repeat(GAP))];
  for (const r of cells) out.push(line(r, false));
  const notes: string[] = [];
  const more = t.rows.length - rows.length;
  if (more > 0) notes.push(`… ${more} more ${noun}${more === 1 ? '' : 's'} (${plural(t.rows.length)} in all; showing the first ${rows.length}: ${o.moreHint ?? '--limit N shows more, --limit 0 all; --format csv or jsonl writes every row'})`);
  else notes.push(`(${plural(t.rows.length)})`);
  if (shown < t.columns.length) {
    const left = t.columns.slice(shown).map((c) => terminalCell(c.name));
    const names = left.length <= 4 ? left.join(', ') : `${left.slice(0, 3).join(', ')}, …`;
    notes.push(`(${left.length} more column${left.length === 1 ? '' : 's'} not shown at width ${o.width}: ${names}; project fewer columns, --width 0, or --format csv)`);
  }
  return out.concat(notes.map((n) => paint(n, SGR.dim))).join('\n') + '\n';
}
