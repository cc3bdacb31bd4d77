/**
 * Small facts about columns that the storage formats share (the Arrow v1 reader/writer, the
 * segment writer, table concatenation and the lazy table): kept here, light to import.
 */
import { type Column } from '../kql/data.js';
import { formatDatetime, formatTimespan } from '../kql/data.js';
import { isEmptyColumn } from './empty.js';

/** True when every row is null ("" for strings): stored with no buffers at all. */
export function allEmpty(c: Column): boolean {
  if (isEmptyColumn(c)) return true;
  switch (c.kind) {
    case 'number': { const nl = c.nulls; if (!nl) return c.length === 0; for (let i = 0; i < nl.length; i++) if (nl[i] === 0) return false; return true; }
    case 'bool': { const d = c.data; for (let i = 0; i < d.length; i++) if (d[i] !== 2) return false; return true; }
    case 'string': { const d = c.dict, codes = c.codes; for (let i = 0; i < codes.length; i++) if (d[codes[i]!] !== '') return false; return true; }
    case 'object': return c.data.every((v) => v === null || v === undefined);
  }
}

/** Two number columns of one type with the same values and nulls. */
export function sameNumbers(a: Column, b: Column): boolean {
  if (a.kind !== 'number' || b.kind !== 'number' || a.type !== b.type || a.length !== b.length || isEmptyColumn(a)) return false;
  const x = a.data, y = b.data, xn = a.nulls, yn = b.nulls;
  for (let i = 0; i < x.length; i++) {
    const nx = xn !== undefined && xn[i] === 1, ny = yn !== undefined && yn[i] === 1;
    if (nx !== ny || (!nx && !Object.is(x[i], y[i]))) return false;
  }
  return true;
}

/** Row i as text, for a column turned into strings when parts disagree on its type (null → ""). */
export function columnText(c: Column, i: number): string {
  const v = c.get(i);
  if (v === null) return '';
  if (c.type === 'datetime') return formatDatetime(v as number);
  if (c.type === 'timespan') return formatTimespan(v as number);
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}
